// End to end: no secret a URL carries leaves the process (docs/security.md,
// "Secrets in logs and feed"; issue 18, item 6). One site on 127.0.0.1 whose start
// URL, sitemaps and page links carry userinfo and secret-like parameters, a second
// source that cannot be reached, and every command's every output format walked:
// stdout, stderr, the log file and the feed files. Every secret value starts with
// "zqx", so one search finds any of them.
#include <zlib.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

using cecat::testing::LoopbackServer;
using cecat::testing::ReadFile;
using cecat::testing::RunCecat;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

namespace {

constexpr char kSecretMark[] = "zqx";

std::string CoursePage(const std::string& base, const std::string& title, const std::string& url) {
  Json course = {{"@context", "https://schema.org"},
                 {"@type", "Course"},
                 {"name", title},
                 {"url", url},
                 {"description", "A course. Materials: " + base +
                                     "/materials.pdf?X-Amz-Credential=zqxcred&X-Amz-Signature="
                                     "zqxamzsig&v=2"},
                 {"provider",
                  {{"@type", "Organization"},
                   {"name", "Zeta Institute"},
                   {"url", base + "/about.html?auth_code=zqxprovauth"}}},
                 {"offers", {{"@type", "Offer"}, {"price", "25"}, {"priceCurrency", "USD"}}}};
  return "<html><head><title>" + title + "</title><script type=\"application/ld+json\">" +
         course.dump() + "</script></head><body><h1>" + title + "</h1></body></html>";
}

// The site: a listing linking to course pages by relative links (which inherit the
// start URL's userinfo), one with a servlet session in its path, one that is gone
// (404), and sitemaps (one named in the config, one in robots.txt).
void ServeSite(LoopbackServer& server) {
  httplib::Server& s = server.server();
  s.Get("/robots.txt", [&server](const httplib::Request&, httplib::Response& res) {
    res.set_content("User-agent: *\nAllow: /\nSitemap: " +
                        server.Url("/robots-sitemap.xml?sig=zqxrobotsig") + "\n",
                    "text/plain");
  });
  s.Get("/index.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<html><body><h1>Courses</h1><ul>"
        "<li><a href=\"course.html?session=zqxsess&amp;p=1\">Grief work</a></li>"
        "<li><a href=\"/c;jsessionid=zqxjsess\">Ethics</a></li>"
        "<li><a href=\"missing.html?pass=zqxpass\">Gone</a></li>"
        "<li><a href=\"about.html?token=zqxtoken\">About us</a></li>"
        "</ul></body></html>",
        "text/html");
  });
  s.Get("/course.html", [&server](const httplib::Request&, httplib::Response& res) {
    res.set_content(CoursePage(server.Url(""), "Grief Work in Practice",
                               server.Url("/course.html?session=zqxsess&p=1")),
                    "text/html");
  });
  s.Get(R"(/c;.*)", [&server](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        CoursePage(server.Url(""), "Ethics for Counsellors", server.Url("/c;jsessionid=zqxjsess")),
        "text/html");
  });
  s.Get("/other.html", [&server](const httplib::Request& req, httplib::Response& res) {
    res.set_content(CoursePage(server.Url(""), "Sitemap Course", server.Url(req.target)),
                    "text/html");
  });
  s.Get("/about.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html><body><h1>Zeta Institute</h1></body></html>", "text/html");
  });
  s.Get("/sitemap.xml", [&server](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        "<url><loc>" +
            server.Url("/other.html?x=eyJhbGciOiJub25lIn0zqx.eyJzdWIiOiJ6cXgifQzqx.zqxsignature") +
            "</loc></url></urlset>",
        "application/xml");
  });
  s.Get("/robots-sitemap.xml", [&server](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        "<url><loc>" +
            server.Url("/other.html?otp=zqxotp") + "</loc></url></urlset>",
        "application/xml");
  });
  server.Start();
}

std::string WithUserinfo(const std::string& url, const std::string& userinfo) {
  return "http://" + userinfo + "@" + url.substr(std::string("http://").size());
}

// The decompressed contents of a .gz file ("" when it cannot be read).
std::string GunzipFile(const std::filesystem::path& file) {
  gzFile gz = gzopen(file.string().c_str(), "rb");
  if (gz == nullptr) return "";
  std::string out;
  char buf[65536];
  int n = 0;
  while ((n = gzread(gz, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(gz);
  return out;
}

struct Output {
  std::string what;  // the command or file, for the failure message
  std::string text;
};

}  // namespace

TEST_CASE(
    "no secret from a URL reaches any output: logs, reports, sources, feed, search, "
    "show, runs, extract, robots") {
  LoopbackServer server;
  ServeSite(server);
  TempDir dir;
  const std::string start =
      WithUserinfo(server.Url("/index.html?auth_code=zqxstartcode&lang=en"), "zqxalice:zqxalicepw");
  const std::string sitemap =
      WithUserinfo(server.Url("/sitemap.xml?access_key_id=zqxsmkey"), "zqxsmuser:zqxsmpw");
  Json config = {
      {"user_agent", "cecat-test/1.0"},
      {"database", "cecat.db"},
      {"feed_dir", "feed"},
      {"log_file", "cecat.log"},
      {"defaults",
       {{"delay_ms", 0}, {"allow_addresses", {"127.0.0.0/8"}}, {"timeout_s", 5}, {"retries", 0}}},
      {"sources",
       {{{"id", "zeta"},
         {"name", "Zeta CE"},
         {"kinds", {"courses", "providers"}},
         {"start_urls", {start}},
         {"sitemaps", {sitemap, "robots"}},
         {"max_depth", 2}},
        {{"id", "down"},
         {"name", "Down"},
         {"kinds", {"courses"}},
         {"start_urls", {"http://zqxcarol:zqxdownpw@127.0.0.1:1/list?jwt=zqxdownjwt"}}}}}};
  WriteFile(dir / "sources.json", config.dump(2));
  WriteFile(dir / "robots.txt", "User-agent: *\nDisallow: /private\n");
  const std::string file = (dir / "sources.json").string();

  std::vector<Output> outputs;
  auto run = [&](std::vector<std::string> args) {
    std::string what = "cecat";
    for (const std::string& a : args) what += " " + a;
    args.push_back("--config");
    args.push_back(file);
    cecat::testing::CommandResult r = RunCecat(args);
    outputs.push_back({what + " (stdout)", r.out});
    outputs.push_back({what + " (stderr)", r.err});
    return r;
  };

  CHECK(run({"sources", "check"}).exit_code == 0);
  auto refreshed = run({"refresh", "--log-level", "debug"});
  INFO(refreshed.err);
  CHECK(refreshed.exit_code == 1);  // "down" fails; "zeta" succeeds
  CHECK(run({"crawl", "--source", "zeta", "--force", "--log-level", "debug"}).exit_code == 0);
  CHECK(run({"reparse", "--log-level", "debug"}).exit_code == 0);
  CHECK(run({"export", "--gzip"}).exit_code == 0);
  CHECK(run({"export", "--since", "0"}).exit_code == 0);
  CHECK(run({"sources", "list"}).exit_code == 0);
  CHECK(run({"sources", "list", "--json"}).exit_code == 0);
  CHECK(run({"sources", "show", "zeta"}).exit_code == 0);
  CHECK(run({"sources", "show", "down"}).exit_code == 0);
  auto searched = run({"search", "--json"});
  REQUIRE(searched.exit_code == 0);
  run({"search"});
  run({"search", "--type", "provider", "--json"});
  run({"search", "--type", "provider"});
  Json feed = Json::parse(ReadFile(dir / "feed" / "feed.json"));
  std::vector<std::string> ids;
  for (const char* kind : {"courses", "providers"}) {
    for (const Json& r : feed[kind]) ids.push_back(r["id"]);
  }
  for (const std::string& id : ids) {
    CHECK(run({"show", id}).exit_code == 0);
    CHECK(run({"show", id, "--json"}).exit_code == 0);
  }
  CHECK(run({"runs"}).exit_code == 0);
  CHECK(run({"runs", "--json"}).exit_code == 0);
  CHECK(run({"extract", "--url", start, "--source", "zeta"}).exit_code == 0);
  CHECK(run({"extract", "--url",
             WithUserinfo(server.Url("/course.html?session=zqxsess&p=1"), "zqxbob:zqxbobpw"),
             "--source", "zeta"})
            .exit_code == 0);
  auto failed = run({"extract", "--url", "http://zqxu:zqxupw@127.0.0.1:1/x?token=zqxtok"});
  CHECK(failed.exit_code == 1);
  CHECK(failed.err.find("cecat extract: cannot fetch http://***@127.0.0.1:1/x?token=***") !=
        std::string::npos);
  CHECK(run({"robots", "--robots", (dir / "robots.txt").string(), "--agent", "cecat", start})
            .exit_code == 0);
  // The workbench's other forms of the same pages.
  const std::string course =
      WithUserinfo(server.Url("/course.html?session=zqxsess&p=1"), "zqxbob:zqxbobpw");
  CHECK(run({"extract", "--url", course, "--source", "zeta", "--records"}).exit_code == 0);
  CHECK(run({"extract", "--url", course, "--source", "zeta", "--table", "--columns",
             "title,url,description,provider"})
            .exit_code == 0);
  CHECK(run({"extract", "--url", start, "--source", "zeta", "--suggest"}).exit_code == 0);
  CHECK(run({"extract", "--url", start, "--source", "zeta", "--suggest", "--json"}).exit_code == 0);
  WriteFile(dir / "saved.html",
            "<html><body><a class=\"k\" href=\"/x?auth_code=zqxselcode&page=2\">x</a>"
            "<a class=\"k\" href=\"" +
                WithUserinfo(server.Url("/y?token=zqxseltoken"), "zqxselu:zqxselpw") +
                "\">y</a><a class=\"k\" href=\"detail.html;jsessionid=zqxseljs\">z</a>"
                "</body></html>");
  for (const char* selector : {"a.k@href", "a.k"}) {
    for (bool json : {false, true}) {
      std::vector<std::string> args = {"select", "--html", (dir / "saved.html").string(),
                                       "--url",  start,    selector};
      if (json) args.emplace_back("--json");
      CHECK(run(args).exit_code == 0);
    }
  }
  // An admin's acceptance (its reason quoting a URL), then source health and the
  // HTML report, which show it.
  CHECK(run({"sources", "accept", "zeta", "--reason", "moved to " + start}).exit_code == 0);
  CHECK(run({"sources", "show", "zeta", "--json"}).exit_code == 0);
  run({"health"});
  run({"health", "--json"});
  run({"health", "--source", "zeta"});
  CHECK(run({"report", "--out", (dir / "report").string()}).exit_code == 0);
  int report_files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "report")) {
    if (!entry.is_regular_file()) continue;
    ++report_files;
    outputs.push_back({"report/" + entry.path().filename().string(), ReadFile(entry.path())});
  }
  CHECK(report_files >= 2);
  const std::string gz = GunzipFile(dir / "feed" / "feed.json.gz");
  CHECK(gz.find("\"courses\"") != std::string::npos);
  outputs.push_back({"feed/feed.json.gz (decompressed)", gz});
  outputs.push_back({"feed/feed.json", ReadFile(dir / "feed" / "feed.json")});
  outputs.push_back({"cecat.log", ReadFile(dir / "cecat.log")});

  // The walk saw what it was meant to: the site's records, with their URLs kept
  // as far as they are not secret.
  REQUIRE(feed["courses"].size() >= 3);
  std::map<std::string, std::string> urls;
  for (const Json& c : feed["courses"]) urls[c.value("title", "")] = c.value("url", "");
  CHECK(urls["Grief Work in Practice"] ==
        server.Url("/course.html?p=1&session=***"));  // canonical order
  CHECK(urls["Ethics for Counsellors"] == server.Url("/c;jsessionid=***"));
  CHECK(ReadFile(dir / "cecat.log").find("missing.html?pass=***") != std::string::npos);
  CHECK(Json::parse(searched.out)["total"].get<int>() >= 3);

  for (const Output& o : outputs) {
    INFO(o.what << ":\n" << o.text);
    CHECK(o.text.find(kSecretMark) == std::string::npos);
  }
}
