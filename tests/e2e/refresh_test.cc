// End to end: the real `cecat` binary against the demo catalogue served on
// 127.0.0.1 by the test.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>

#include "tests/feed/feed_fixtures.h"
#include "tests/support/test_support.h"

using cecat::testing::LoopbackServer;
using cecat::testing::ReadFile;
using cecat::testing::RunCecat;
using cecat::testing::SourceDir;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

namespace {

// A sources file crawling the demo site over HTTP on loopback.
std::string DemoConfig(const LoopbackServer& server) {
  Json config = {
      {"user_agent", "cecat-test/1.0"},
      {"database", "cecat.db"},
      {"feed_dir", "feed"},
      {"defaults", {{"delay_ms", 0}, {"allow_addresses", {"127.0.0.0/8"}}, {"timeout_s", 10}}},
      {"sources",
       {{{"id", "riverbend"},
         {"name", "Riverbend Behavioral Health Institute"},
         {"kinds", {"courses", "providers", "accreditations", "reviews"}},
         {"start_urls", {server.Url("/index.html")}},
         {"follow", {"ul.course-list a.course-link", "a[href$='about.html']"}},
         {"max_depth", 2}},
        {{"id", "northstar-grants"},
         {"name", "Northstar scholarships"},
         {"kinds", {"scholarships"}},
         {"start_urls", {server.Url("/grants/index.html")}},
         {"max_depth", 0}}}}};
  return config.dump(2);
}

// The bundled demo (sources, site) copied into `dir`/demo without its output;
// returns its sources file.
std::string CopyDemo(const TempDir& dir) {
  std::filesystem::copy(SourceDir() / "examples/demo", dir.path() / "demo",
                        std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(dir.path() / "demo" / "out");
  return (dir.path() / "demo" / "sources.json").string();
}

std::vector<std::string> Titles(const Json& feed) {
  std::vector<std::string> titles;
  for (const Json& c : feed["courses"]) titles.push_back(c.value("title", ""));
  std::sort(titles.begin(), titles.end());
  return titles;
}

}  // namespace

TEST_CASE("refresh crawls the demo catalogue over HTTP and publishes its courses") {
  LoopbackServer server;
  server.ServeDirectory(SourceDir() / "examples/demo/site");
  server.Start();
  TempDir dir;
  WriteFile(dir / "sources.json", DemoConfig(server));

  auto run = RunCecat({"refresh", "--config", (dir / "sources.json").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("feed: " + (dir / "feed" / "feed.json").string()) != std::string::npos);
  CHECK(run.out.find("database: " + (dir / "cecat.db").string()) != std::string::npos);

  Json feed = Json::parse(ReadFile(dir / "feed" / "feed.json"));
  CHECK(feed["schema_version"] == 2);
  CHECK(feed["cursor"].get<int64_t>() > 0);
  std::vector<std::string> want = {
      "Clinical Supervision Essentials for New Supervisors",
      "Law & Ethics for California Clinicians (2027 Update)",
      "Motivational Interviewing for Substance Use Disorders",
      "Suicide Risk Assessment and Safety Planning",
      "Trauma-Informed CBT: Skills for the First Twelve Sessions",
  };
  CHECK(Titles(feed) == want);
  for (const Json& c : feed["courses"]) {
    INFO(c.dump());
    CHECK(c["status"] == "active");
    CHECK(c["sources"] == Json::array({"riverbend"}));
    CHECK(c["id"].get<std::string>().rfind("c-", 0) == 0);
    CHECK(c["url"].get<std::string>().rfind("https://riverbend-ce.example/courses/", 0) == 0);
  }
  CHECK(feed["scholarships"].size() == 2);
  CHECK(std::filesystem::exists(dir / "feed" / "feed.schema.json"));
  // The published feed honours its own contract, checked by a real validator.
  cecat::feed::testing::CheckFeedsValidate({dir / "feed" / "feed.json"});
  // Each page was fetched once, even though the listing's links carry utm_ tags.
  CHECK(server.CountRequests("/courses/suicide-risk-assessment.html") == 1);

  auto search =
      RunCecat({"search", "suicide", "--json", "--config", (dir / "sources.json").string()});
  INFO(search.err);
  REQUIRE(search.exit_code == 0);
  Json results = Json::parse(search.out);
  REQUIRE(results["total"].get<int>() >= 1);
  CHECK(results["results"][0]["title"] == "Suicide Risk Assessment and Safety Planning");
}

TEST_CASE("a second refresh of an unchanged catalogue keeps the same records and ids") {
  LoopbackServer server;
  server.ServeDirectory(SourceDir() / "examples/demo/site");
  server.Start();
  TempDir dir;
  WriteFile(dir / "sources.json", DemoConfig(server));
  std::string config = (dir / "sources.json").string();
  REQUIRE(RunCecat({"refresh", "--config", config}).exit_code == 0);
  Json first = Json::parse(ReadFile(dir / "feed" / "feed.json"));
  auto again = RunCecat({"refresh", "--force", "--config", config});
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  Json second = Json::parse(ReadFile(dir / "feed" / "feed.json"));
  CHECK(second["courses"].size() == first["courses"].size());
  for (size_t i = 0; i < first["courses"].size(); ++i) {
    CHECK(second["courses"][i]["id"] == first["courses"][i]["id"]);
  }
  // Nothing changed, so the cursor did not move.
  CHECK(second["cursor"] == first["cursor"]);
}

TEST_CASE("a source that is not due is skipped unless forced") {
  LoopbackServer server;
  server.ServeDirectory(SourceDir() / "examples/demo/site");
  server.Start();
  TempDir dir;
  WriteFile(dir / "sources.json", DemoConfig(server));
  std::string config = (dir / "sources.json").string();
  REQUIRE(RunCecat({"refresh", "--config", config}).exit_code == 0);
  int before = server.CountRequests("/index.html");
  REQUIRE(RunCecat({"refresh", "--config", config}).exit_code == 0);
  CHECK(server.CountRequests("/index.html") == before);
}

TEST_CASE("a source whose start page fails exits 1 and keeps its records") {
  // httplib serves mounted files before routes, so the failure is made by removing
  // the start page from a copy of the site: a 404 for the entry point.
  TempDir dir;
  std::filesystem::copy(SourceDir() / "examples/demo/site", dir / "site",
                        std::filesystem::copy_options::recursive);
  LoopbackServer server;
  server.ServeDirectory(dir / "site");
  server.Start();
  WriteFile(dir / "sources.json", DemoConfig(server));
  std::string config = (dir / "sources.json").string();
  REQUIRE(RunCecat({"refresh", "--config", config}).exit_code == 0);
  Json before = Json::parse(ReadFile(dir / "feed" / "feed.json"));

  std::filesystem::remove(dir / "site" / "index.html");
  auto failed = RunCecat({"refresh", "--force", "--config", config});
  INFO(failed.err);
  CHECK(failed.exit_code == 1);
  auto runs = RunCecat({"runs", "--last", "1", "--config", config});
  CHECK(runs.out.find("FAILED") != std::string::npos);
  Json after = Json::parse(ReadFile(dir / "feed" / "feed.json"));
  CHECK(Titles(after) == Titles(before));
  for (const Json& c : after["courses"]) CHECK(c["status"] == "active");
}

TEST_CASE("a malformed sources file exits 2 naming the file and the field") {
  TempDir dir;
  WriteFile(dir / "sources.json", R"({"sources": [{"id": "acme", "name": "Acme",
    "kinds": ["courses"], "start_urls": ["https://acme.example/"], "max_pages": "ten"}]})");
  auto run = RunCecat({"refresh", "--config", (dir / "sources.json").string()});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find((dir / "sources.json").string()) != std::string::npos);
  CHECK(run.err.find("acme") != std::string::npos);
  CHECK(run.err.find("max_pages") != std::string::npos);

  WriteFile(dir / "broken.json", "{\"sources\": [");
  auto broken = RunCecat({"sources", "check", "--config", (dir / "broken.json").string()});
  CHECK(broken.exit_code == 2);
  CHECK(broken.err.find("broken.json") != std::string::npos);
}

TEST_CASE("a refresh while another holds the database lock exits 3 at once") {
  LoopbackServer server;
  server.ServeDirectory(SourceDir() / "examples/demo/site");
  server.Start();
  TempDir dir;
  WriteFile(dir / "sources.json", DemoConfig(server));
  int fd = open((dir / "cecat.db.lock").c_str(), O_RDWR | O_CREAT, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(flock(fd, LOCK_EX | LOCK_NB) == 0);
  auto run = RunCecat({"refresh", "--config", (dir / "sources.json").string()});
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("cecat.db.lock") != std::string::npos);
  close(fd);
  // Released (as the kernel does when a holder dies): the next run goes ahead.
  CHECK(RunCecat({"refresh", "--config", (dir / "sources.json").string()}).exit_code == 0);
}

TEST_CASE("every command describes itself with --help") {
  auto main_help = RunCecat({"--help"});
  CHECK(main_help.exit_code == 0);
  for (const char* cmd : {"refresh", "crawl", "reparse", "export", "search", "show", "sources",
                          "runs", "extract", "robots"}) {
    INFO(cmd);
    CHECK(main_help.out.find(std::string("  ") + cmd) != std::string::npos);
    auto help = RunCecat({cmd, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find(std::string("usage: cecat ") + cmd) != std::string::npos);
  }
  auto unknown = RunCecat({"frobnicate"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("unknown command 'frobnicate'") != std::string::npos);
  auto bad_option = RunCecat({"search", "--max-price", "cheap", "--config", "/nonexistent"});
  CHECK(bad_option.exit_code == 2);
  CHECK(bad_option.err.find("--max-price") != std::string::npos);
}

TEST_CASE("the bundled demo refreshes offline through file: URLs") {
  TempDir dir;
  std::string config = CopyDemo(dir);
  auto run = RunCecat({"refresh", "--config", config});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  Json feed = Json::parse(ReadFile(dir.path() / "demo" / "out" / "feed" / "feed.json"));
  CHECK(feed["courses"].size() >= 8);  // 5 from JSON-LD, 3 from the admin's rules
  CHECK(feed["scholarships"].size() == 2);
  cecat::feed::testing::CheckFeedsValidate({dir.path() / "demo" / "out" / "feed" / "feed.json"});
  auto search = RunCecat({"search", "grief", "--json", "--config", config});
  REQUIRE(search.exit_code == 0);
  Json results = Json::parse(search.out);
  REQUIRE(results["total"] == 1);
  CHECK(results["results"][0]["title"] == "Grief and Bereavement Counseling Across the Lifespan");
}

TEST_CASE("the demo refreshed twice finds every page unchanged the second time") {
  TempDir dir;
  std::string config = CopyDemo(dir);
  auto feed_file = dir.path() / "demo" / "out" / "feed" / "feed.json";
  REQUIRE(RunCecat({"refresh", "--force", "--config", config}).exit_code == 0);
  Json first_feed = Json::parse(ReadFile(feed_file));
  auto second = RunCecat({"refresh", "--force", "--config", config});
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  auto runs = RunCecat({"runs", "--json", "--last", "2", "--config", config});
  REQUIRE(runs.exit_code == 0);
  Json listed = Json::parse(runs.out);
  REQUIRE(listed.size() == 2);
  int first_pages = 0;
  for (const Json& s : listed[1]["sources"]) first_pages += s["pages"]["fetched"].get<int>();
  CHECK(first_pages >= 9);
  for (const Json& s : listed[0]["sources"]) {
    INFO(s.dump());
    CHECK(s["ok"] == true);
    CHECK(s["pages"]["fetched"] == 0);
    CHECK(s["pages"]["unchanged"].get<int>() > 0);
    CHECK(s["records"]["added"] == 0);
    CHECK(s["records"]["updated"] == 0);
    CHECK(s["records"]["stale"] == 0);
  }
  // Nothing changed, so the catalogue is the same, record for record (last_seen,
  // which moved, is not in the feed).
  Json second_feed = Json::parse(ReadFile(feed_file));
  CHECK(second_feed["courses"] == first_feed["courses"]);
  CHECK(second_feed["cursor"] == first_feed["cursor"]);
  auto text = RunCecat({"runs", "--last", "2", "--config", config});
  CHECK(text.out.find("run 2") != std::string::npos);
  CHECK(text.out.find("run 1") != std::string::npos);
}

TEST_CASE("records that cannot be used are listed with their reason by cecat runs") {
  TempDir dir;
  WriteFile(dir / "site" / "catalog.html", R"(<html><body>
    <div class="c"><h3 class="t">Ethics for Counselors</h3><span class="h">3 CE hours</span></div>
    <div class="c"><h3 class="t"></h3><span class="h">2 CE hours</span></div>
  </body></html>)");
  WriteFile(dir / "sources.json", R"({"sources": [{"id": "plain", "kinds": ["courses"],
    "start_urls": ["file:site/catalog.html"], "max_depth": 0,
    "extract": {"method": "rules", "item": "div.c", "type": "course",
                "fields": {"title": "h3.t", "ce_hours": "span.h"}}}]})");
  std::string config = (dir / "sources.json").string();
  auto run = RunCecat({"refresh", "--config", config});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  auto runs = RunCecat({"runs", "--config", config});
  INFO(runs.out);
  CHECK(runs.out.find("rejected 1") != std::string::npos);
  CHECK(runs.out.find("rejected course") != std::string::npos);
  auto json = RunCecat({"runs", "--json", "--config", config});
  Json parsed = Json::parse(json.out);
  REQUIRE(parsed[0]["rejects"].size() == 1);
  CHECK(parsed[0]["rejects"][0]["reason"].get<std::string>().find("title") != std::string::npos);
}

TEST_CASE("a course seen on the provider's site and on an aggregator is one record") {
  TempDir dir;
  std::filesystem::copy(SourceDir() / "examples/demo/site", dir / "site",
                        std::filesystem::copy_options::recursive);
  // An aggregator lists one Riverbend course under its own URL, plus a near miss
  // (Part 2 of a series Riverbend does not offer) that must stay a record of its own.
  WriteFile(dir / "site" / "aggregator.html", R"(<html><body>
    <div class="listing"><h2><a href="agg/1.html">Suicide Risk Assessment and Safety Planning</a></h2>
      <span class="by">Riverbend Behavioral Health Institute</span><span class="h">6 CE hours</span></div>
    <div class="listing"><h2><a href="agg/2.html">Suicide Risk Assessment and Safety Planning, Part 2</a></h2>
      <span class="by">Riverbend Behavioral Health Institute</span><span class="h">6 CE hours</span></div>
  </body></html>)");
  WriteFile(dir / "sources.json", R"({"sources": [
    {"id": "riverbend", "kinds": ["courses"], "start_urls": ["file:site/index.html"],
     "follow": ["ul.course-list a.course-link"], "max_depth": 1},
    {"id": "aggregator", "kinds": ["courses"], "start_urls": ["file:site/aggregator.html"],
     "max_depth": 0,
     "extract": {"method": "rules", "item": "div.listing", "type": "course",
                 "fields": {"title": "h2", "url": "h2 a@href", "provider": "span.by",
                            "ce_hours": "span.h"}}}]})");
  std::string config = (dir / "sources.json").string();
  auto run = RunCecat({"refresh", "--config", config});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  Json feed = Json::parse(ReadFile(dir / "feed" / "feed.json"));
  int merged = 0, part2 = 0;
  for (const Json& c : feed["courses"]) {
    std::string title = c.value("title", "");
    if (title == "Suicide Risk Assessment and Safety Planning") {
      ++merged;
      CHECK(c["sources"] == Json::array({"aggregator", "riverbend"}));  // sorted by id
      CHECK(c["url"] == "https://riverbend-ce.example/courses/suicide-risk-assessment.html");
    }
    if (title == "Suicide Risk Assessment and Safety Planning, Part 2") {
      ++part2;
      CHECK(c["sources"] == Json::array({"aggregator"}));
    }
  }
  CHECK(merged == 1);
  CHECK(part2 == 1);
  CHECK(feed["courses"].size() == 6);
}

TEST_CASE("credentials and tokens in URLs never reach runs or sources list") {
  LoopbackServer server;
  server.Start();  // every path answers 404
  TempDir dir;
  std::string start = "http://bob:hunter2@127.0.0.1:" + std::to_string(server.port()) +
                      "/missing.html?token=s3cret";
  Json config = {{"database", "cecat.db"},
                 {"feed_dir", "feed"},
                 {"defaults",
                  {{"delay_ms", 0},
                   {"respect_robots", false},
                   {"retries", 0},
                   {"allow_addresses", {"127.0.0.0/8"}}}},
                 {"sources", {{{"id", "acme"}, {"kinds", {"courses"}}, {"start_urls", {start}}}}}};
  WriteFile(dir / "sources.json", config.dump());
  std::string file = (dir / "sources.json").string();
  auto run = RunCecat({"refresh", "--config", file});
  REQUIRE(run.exit_code == 1);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"runs", "--config", file},
        std::vector<std::string>{"runs", "--json", "--config", file},
        std::vector<std::string>{"sources", "list", "--config", file},
        std::vector<std::string>{"sources", "list", "--json", "--config", file}}) {
    auto shown = RunCecat(args);
    INFO(args[0] << " " << args[1] << "\n" << shown.out << shown.err);
    CHECK(shown.exit_code == 0);
    CHECK(shown.out.find("missing.html") != std::string::npos);  // still says which page
    CHECK(shown.out.find("hunter2") == std::string::npos);
    CHECK(shown.out.find("s3cret") == std::string::npos);
  }
}

TEST_CASE("extract works on a saved page with no sources file at all") {
  TempDir dir;
  WriteFile(dir / "page.html",
            R"(<html><head><script type="application/ld+json">{"@context": "https://schema.org",
               "@type": "Course", "name": "Ethics in Telehealth"}</script></head></html>)");
  auto run = RunCecat(
      {"extract", "--url", "https://example.org/c/1", "--html", (dir / "page.html").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  Json out = Json::parse(run.out);
  REQUIRE(out["records"].size() == 1);
  CHECK(out["records"][0]["title"] == "Ethics in Telehealth");
}

TEST_CASE("a token in a start URL does not reach the feed through its records") {
  LoopbackServer server;
  server.server().Get("/course.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"(<html><head><script type="application/ld+json">
      {"@context": "https://schema.org", "@type": "Course", "name": "Ethics for Supervisors",
       "provider": {"@type": "Organization", "name": "Acme CE"}}</script></head></html>)",
                    "text/html");
  });
  server.Start();
  TempDir dir;
  std::string start = "http://bob:hunter2@127.0.0.1:" + std::to_string(server.port()) +
                      "/course.html?api_key=s3cret&page=1";
  Json config = {
      {"database", "cecat.db"},
      {"feed_dir", "feed"},
      {"defaults",
       {{"delay_ms", 0}, {"respect_robots", false}, {"allow_addresses", {"127.0.0.0/8"}}}},
      {"sources", {{{"id", "acme"}, {"kinds", {"courses"}}, {"start_urls", {start}}}}}};
  WriteFile(dir / "sources.json", config.dump());
  auto run = RunCecat({"refresh", "--config", (dir / "sources.json").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  std::string feed = ReadFile(dir / "feed" / "feed.json");
  Json parsed = Json::parse(feed);
  REQUIRE(parsed["courses"].size() == 1);
  std::string url = parsed["courses"][0]["url"];
  CHECK(url.find("course.html") != std::string::npos);
  CHECK(url.find("api_key=***") != std::string::npos);
  CHECK(feed.find("s3cret") == std::string::npos);
  CHECK(feed.find("hunter2") == std::string::npos);
}

// The refresh normalises page by page on its workers; a provider's URL found on one
// page must still reach courses on other pages that name it without one, whichever
// page comes first, as when the whole source was normalised at once.
TEST_CASE(
    "a provider named without a URL on course pages is one record with the URL from its own page") {
  TempDir dir;
  std::filesystem::create_directories(dir / "site");
  std::string links;
  for (const char* name : {"a-course", "b-course", "z-course"}) {
    links += std::string("<a href=\"") + name + ".html\">" + name + "</a>\n";
    WriteFile(dir / "site" / (std::string(name) + ".html"),
              std::string(R"(<html><head><script type="application/ld+json">
      {"@context": "https://schema.org", "@type": "Course", "name": "Course )") +
                  name + R"(", "url": "https://acme.example/courses/)" + name +
                  R"(", "provider": {"@type": "Organization", "name": "Acme CE"}}
      </script></head><body><h1>x</h1></body></html>)");
  }
  WriteFile(dir / "site" / "index.html",
            "<html><body>" + links + "<a href=\"m-about.html\">about</a></body></html>");
  WriteFile(dir / "site" / "m-about.html", R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Organization", "name": "Acme CE",
     "url": "https://acme.example/"}</script></head><body></body></html>)");
  WriteFile(dir / "sources.json", R"({"sources": [
    {"id": "acme", "kinds": ["courses", "providers"], "start_urls": ["file:site/index.html"],
     "max_depth": 1}]})");
  auto run = RunCecat({"refresh", "--config", (dir / "sources.json").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  Json feed = Json::parse(ReadFile(dir / "feed" / "feed.json"));
  REQUIRE(feed["providers"].size() == 1);
  const Json& provider = feed["providers"][0];
  CHECK(provider["url"] == "https://acme.example/");
  REQUIRE(feed["courses"].size() == 3);
  for (const Json& c : feed["courses"]) {
    INFO(c.dump());
    CHECK(c["provider"]["id"] == provider["id"]);
  }
}

// reparse feeds the stored responses through the same workers and record stage as
// a crawl: the same records come out, none stale, nothing fetched.
TEST_CASE("reparse rebuilds the demo's records from stored responses without the network") {
  TempDir dir;
  std::string config = CopyDemo(dir);
  auto refresh = RunCecat({"refresh", "--config", config});
  INFO(refresh.err);
  REQUIRE(refresh.exit_code == 0);
  auto feed_path = dir.path() / "demo" / "out" / "feed" / "feed.json";
  Json before = Json::parse(ReadFile(feed_path));
  // The site is gone: only the stored responses can give the records back.
  std::filesystem::remove_all(dir.path() / "demo" / "site");
  auto reparse = RunCecat({"reparse", "--config", config});
  INFO(reparse.err);
  REQUIRE(reparse.exit_code == 0);
  Json after = Json::parse(ReadFile(feed_path));
  CHECK(Titles(after) == Titles(before));
  CHECK(after["scholarships"].size() == before["scholarships"].size());
  for (const Json& c : after["courses"]) {
    INFO(c.dump());
    CHECK(c["status"] == "active");
  }
  auto runs = RunCecat({"runs", "--last", "2", "--json", "--config", config});
  REQUIRE(runs.exit_code == 0);
  Json last = Json::parse(runs.out);
  INFO(runs.out);
  REQUIRE(last.is_array());
  REQUIRE(last.size() == 2);
  CHECK(last[0]["command"] == "reparse");
  CHECK(last[1]["command"] == "refresh");
  std::map<std::string, Json> crawled;
  for (const Json& source : last[1]["sources"]) crawled[source["source"]] = source;
  REQUIRE(last[0]["sources"].size() == crawled.size());
  for (const Json& source : last[0]["sources"]) {
    const Json& was = crawled[source["source"]];
    CHECK(source["ok"] == true);
    CHECK(source["pages"]["fetched"] == 0);
    // Every raw record found again, and every record seen again unchanged.
    CHECK(source["records"]["raw"] == was["records"]["raw"]);
    CHECK(source["records"]["raw"].get<int>() > 0);
    CHECK(source["records"]["unchanged"] == was["records"]["added"]);
    CHECK(source["records"]["stale"] == 0);
    CHECK(source["records"]["suspicious"] == false);
  }
}
