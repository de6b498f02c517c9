// End to end: the real `cecat` binary refreshing a provider's site on loopback
// that changes between nights (issue 21): a healthy history is never flagged, pages
// that lose their hours and a listing that shrinks are reported degraded by the
// refresh's summary, `runs` and `cecat health` (exit 1), and `cecat sources accept`
// makes a smaller site the new normal.
#include <catch2/catch.hpp>

#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/test_support.h"

using cecat::testing::LoopbackServer;
using cecat::testing::ReadFile;
using cecat::testing::RunCecat;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

namespace {

// The provider's site as it stands tonight: which courses the listing links to and
// whether their pages still state the hours.
class ChangingSite {
 public:
  ChangingSite() {
    server_.server().Get("/courses/", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      std::string body = "<html><body><h1>Courses</h1><ul class=\"courses\">";
      for (int n : listed_) {
        body += "<li><a href=\"/courses/c" + std::to_string(n) + "\">Course " + std::to_string(n) +
                "</a></li>";
      }
      res.set_content(body + "</ul></body></html>", "text/html");
    });
    server_.server().Get(
        R"(/courses/c(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard<std::mutex> lock(mu_);
          int n = std::stoi(req.matches[1]);
          if (listed_.count(n) == 0) {
            res.status = 404;
            return;
          }
          std::string url = server_.Url("/courses/c" + std::to_string(n));
          std::string title = "Ethics in Practice, Part " + std::to_string(n);
          std::string credits = hours_ ? R"("numberOfCredits": 6, )" : "";
          res.set_content(
              R"(<html><head><script type="application/ld+json">{"@context": "https://schema.org",
          "@type": "Course", "name": ")" +
                  title + R"(", "url": ")" + url + R"(", )" + credits +
                  R"("description": "Ethical decision-making for counselors.",
          "provider": {"@type": "Organization", "name": "Acme CE"}}</script></head>
          <body><h1>)" +
                  title + "</h1></body></html>",
              "text/html");
        });
    server_.Start();
  }

  void Set(std::set<int> listed, bool hours) {
    std::lock_guard<std::mutex> lock(mu_);
    listed_ = std::move(listed);
    hours_ = hours;
  }
  std::string Url(const std::string& path) const { return server_.Url(path); }

 private:
  LoopbackServer server_;
  std::mutex mu_;
  std::set<int> listed_ = {1, 2, 3, 4, 5, 6, 7, 8};
  bool hours_ = true;
};

class NightlyCatalogue {
 public:
  explicit NightlyCatalogue(const ChangingSite& site) {
    Json config = {
        {"database", "cecat.db"},
        {"feed_dir", "feed"},
        {"defaults", {{"delay_ms", 0}, {"allow_addresses", {"127.0.0.0/8"}}, {"timeout_s", 10}}},
        {"sources",
         {{{"id", "acme"},
           {"name", "Acme CE"},
           {"kinds", {"courses", "providers"}},
           {"start_urls", {site.Url("/courses/")}},
           {"follow", {"ul.courses a"}},
           {"max_depth", 1}}}}};
    WriteFile(dir_ / "sources.json", config.dump(2));
  }

  cecat::testing::CommandResult Run(std::vector<std::string> args) const {
    args.insert(args.begin() + 1, {"--config", (dir_ / "sources.json").string()});
    return RunCecat(args);
  }
  // One night's refresh; its stderr (the log with the summary line).
  std::string Refresh() const {
    auto run = Run({"refresh", "--force"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    return run.err;
  }
  Json Health(int want_exit) const {
    auto run = Run({"health", "--json"});
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == want_exit);
    Json out = Json::parse(run.out);
    REQUIRE(out["sources"].size() == 1);
    return out;
  }
  std::size_t ActiveCourses() const {
    Json feed = Json::parse(ReadFile(dir_ / "feed" / "feed.json"));
    std::size_t n = 0;
    for (const Json& c : feed["courses"]) n += c.value("status", "") == "active";
    return n;
  }

 private:
  TempDir dir_;
};

}  // namespace

TEST_CASE("health over real refreshes: hours lost, listing shrunk, smaller size accepted") {
  ChangingSite site;
  NightlyCatalogue cat(site);

  // Three nights build the history; from the fourth the source is judged.
  for (int night = 0; night < 3; ++night) cat.Refresh();
  {
    auto first = cat.Run({"health"});
    CHECK(first.exit_code == 0);
    CHECK(first.out.find("acme") != std::string::npos);
  }
  for (int night = 0; night < 2; ++night) {
    std::string log = cat.Refresh();
    CHECK(log.find("degraded") == std::string::npos);
    Json h = cat.Health(0);
    CHECK(h["degraded"] == false);
    CHECK(h["sources"][0]["status"] == "healthy");
    CHECK(h["sources"][0]["health"]["records"]["course"] == 8);
    CHECK(h["sources"][0]["health"]["coverage"]["ce_hours"] == 1.0);
  }

  SECTION("the pages lose their hours: same count, degraded, back to healthy when fixed") {
    site.Set({1, 2, 3, 4, 5, 6, 7, 8}, false);
    std::string log = cat.Refresh();
    CHECK(log.find("; degraded: acme") != std::string::npos);
    CHECK(log.find("source acme is degraded: ce_hours coverage 100% -> 0%") != std::string::npos);
    Json h = cat.Health(1);
    CHECK(h["degraded"] == true);
    CHECK(h["sources"][0]["status"] == "degraded");
    CHECK(h["sources"][0]["reasons"] == Json::array({"ce_hours coverage 100% -> 0%"}));
    auto text = cat.Run({"health"});
    CHECK(text.exit_code == 1);
    CHECK(text.out.find("degraded\n    ce_hours coverage 100% -> 0%\n") != std::string::npos);
    auto runs = cat.Run({"runs", "--last", "1"});
    CHECK(runs.exit_code == 0);
    CHECK(runs.out.find("degraded: ce_hours coverage 100% -> 0%") != std::string::npos);
    CHECK(cat.ActiveCourses() == 8);
    // The admin report shows the same verdict from the same history.
    TempDir out;
    auto report = cat.Run({"report", "--out", out.path().string()});
    INFO(report.err);
    REQUIRE(report.exit_code == 0);
    std::string index = ReadFile(out / "index.html");
    CHECK(index.find("degraded") != std::string::npos);
    CHECK(index.find("ce_hours coverage 100% -&gt; 0%") != std::string::npos);
    std::string page = ReadFile(out / "source-acme.html");
    CHECK(page.find("ce_hours") != std::string::npos);

    site.Set({1, 2, 3, 4, 5, 6, 7, 8}, true);
    cat.Refresh();
    CHECK(cat.Health(0)["sources"][0]["status"] == "healthy");
  }

  SECTION("the listing shrinks: degraded and suspicious until an admin accepts the size") {
    site.Set({1, 2, 3}, true);
    std::string log = cat.Refresh();
    CHECK(log.find("; degraded: acme") != std::string::npos);
    CHECK(log.find("source acme is suspicious") != std::string::npos);
    Json h = cat.Health(1);
    CHECK(h["sources"][0]["reasons"][0] == "course records 8 -> 3 (median of 5 good runs)");
    CHECK(h["sources"][0]["suspicious"] == true);
    // The removal guard held: the five missing courses are still in the feed.
    CHECK(cat.ActiveCourses() == 8);
    auto runs = cat.Run({"runs", "--last", "1"});
    CHECK(runs.out.find("suspicious: under half of the previous record count") !=
          std::string::npos);

    auto accept = cat.Run({"sources", "accept", "acme", "--reason", "spring catalogue trimmed"});
    INFO(accept.err);
    REQUIRE(accept.exit_code == 0);
    CHECK(accept.out.find("source acme: size accepted") != std::string::npos);
    // Judged again with the acceptance, without a new crawl.
    Json accepted = cat.Health(0);
    CHECK(accepted["sources"][0]["status"] == "healthy");
    CHECK(accepted["sources"][0]["reasons"][0] == "size accepted: spring catalogue trimmed");
    CHECK(accepted["sources"][0]["accepted"]["reason"] == "spring catalogue trimmed");
    CHECK(accepted["sources"][0]["accepted"]["active_records"] == 9);  // 8 courses, 1 provider
    CHECK(accepted["sources"][0]["accepted"]["pending"] == true);

    // The next night removes what is gone, and the smaller size is the new normal.
    CHECK(cat.Refresh().find("suspicious") == std::string::npos);
    CHECK(cat.ActiveCourses() == 3);
    Json after = cat.Health(0);
    CHECK(after["sources"][0]["status"] == "healthy");
    CHECK(after["sources"][0]["accepted"]["pending"] == false);
    cat.Refresh();
    CHECK(cat.Health(0)["sources"][0]["status"] == "healthy");
  }
}

TEST_CASE("health and sources accept refuse what they cannot do, naming it") {
  ChangingSite site;
  NightlyCatalogue cat(site);
  // No index yet: every source has no runs, and there is nothing to accept.
  auto before = cat.Run({"health", "--json"});
  CHECK(before.exit_code == 0);
  CHECK(Json::parse(before.out)["sources"][0]["status"] == "no runs");
  auto early = cat.Run({"sources", "accept", "acme"});
  CHECK(early.exit_code == 2);
  CHECK(early.err.find("nothing to accept before a first refresh") != std::string::npos);

  cat.Refresh();
  auto unknown = cat.Run({"health", "--source", "nope"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no source with id 'nope'") != std::string::npos);
  auto unknown_accept = cat.Run({"sources", "accept", "nope"});
  CHECK(unknown_accept.exit_code == 2);
  CHECK(unknown_accept.err.find("no source with id 'nope'") != std::string::npos);
  auto stray = cat.Run({"sources", "list", "--reason", "x"});
  CHECK(stray.exit_code == 2);
  CHECK(stray.err.find("--reason goes with accept") != std::string::npos);
  auto empty = cat.Run({"sources", "accept", "acme", "--reason", ""});
  CHECK(empty.exit_code == 2);
  CHECK(empty.err.find("--reason: expected 1 to 500 characters") != std::string::npos);
}
