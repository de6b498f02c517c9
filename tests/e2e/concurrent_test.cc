// End to end: sources on different hosts are crawled at the same time; sources on
// one host never are, so that host sees no more than its politeness allows.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

#include "tests/support/test_support.h"

using cecat::testing::LoopbackServer;
using cecat::testing::ReadFile;
using cecat::testing::RunCecat;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

namespace {

// A small catalogue under /<prefix>/: an index linking `pages` course pages, each
// answered after `delay`. Counts requests in flight at once.
struct SlowSite {
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};

  void Register(httplib::Server& server, const std::string& prefix, int pages,
                std::chrono::milliseconds delay) {
    server.Get("/" + prefix + R"(/(\w*))", [=, this](const httplib::Request& req,
                                                     httplib::Response& res) {
      int now = ++in_flight;
      int seen = max_in_flight.load();
      while (now > seen && !max_in_flight.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(delay);
      std::string page = req.matches[1];
      std::string body;
      if (page.empty() || page == "index") {
        body = "<html><body><h1>" + prefix + "</h1>";
        for (int i = 0; i < pages; ++i) {
          body += "<a href=\"/" + prefix + "/c" + std::to_string(i) + "\">course</a>";
        }
        body += "</body></html>";
      } else {
        Json course = {{"@context", "https://schema.org"},
                       {"@type", "Course"},
                       {"name", prefix + " course " + page},
                       {"provider", {{"@type", "Organization"}, {"name", prefix + " Institute"}}}};
        body = "<html><head><script type=\"application/ld+json\">" + course.dump() +
               "</script></head><body><h1>" + page + "</h1></body></html>";
      }
      --in_flight;
      res.set_content(body, "text/html");
    });
  }
};

Json SourceFor(const std::string& id, const std::string& start) {
  return {
      {"id", id}, {"name", id}, {"kinds", {"courses"}}, {"start_urls", {start}}, {"max_depth", 1}};
}

std::string Config(const Json& sources) {
  Json config = {{"user_agent", "cecat-test/1.0"},
                 {"database", "cecat.db"},
                 {"feed_dir", "feed"},
                 {"parallel_sources", 4},
                 {"defaults",
                  {{"delay_ms", 0},
                   {"concurrency_per_host", 1},
                   {"respect_robots", false},
                   {"allow_addresses", {"127.0.0.0/8"}},
                   {"timeout_s", 10}}},
                 {"sources", sources}};
  return config.dump(2);
}

std::pair<std::chrono::steady_clock::time_point, std::chrono::steady_clock::time_point> Span(
    const LoopbackServer& server) {
  auto requests = server.Requests();
  REQUIRE(!requests.empty());
  auto [first, last] = std::minmax_element(
      requests.begin(), requests.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  return {first->at, last->at};
}

}  // namespace

TEST_CASE("sources on different hosts are crawled at the same time") {
  LoopbackServer one, two;
  SlowSite site_one, site_two;
  site_one.Register(one.server(), "one", 4, std::chrono::milliseconds(120));
  site_two.Register(two.server(), "two", 4, std::chrono::milliseconds(120));
  one.Start();
  two.Start();
  TempDir dir;
  WriteFile(dir / "sources.json", Config(Json::array({SourceFor("one", one.Url("/one/")),
                                                      SourceFor("two", two.Url("/two/"))})));
  auto run = RunCecat({"refresh", "--config", (dir / "sources.json").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  // Each crawl takes five requests one at a time; run one after the other, one
  // host's last request would come before the other's first.
  auto [one_first, one_last] = Span(one);
  auto [two_first, two_last] = Span(two);
  CHECK(one_first < two_last);
  CHECK(two_first < one_last);
  Json feed = Json::parse(ReadFile(dir / "feed" / "feed.json"));
  CHECK(feed["courses"].size() == 8);
}

TEST_CASE("sources sharing a host are crawled one after the other") {
  LoopbackServer server;
  SlowSite site;
  site.Register(server.server(), "a", 3, std::chrono::milliseconds(40));
  site.Register(server.server(), "b", 3, std::chrono::milliseconds(40));
  server.Start();
  TempDir dir;
  WriteFile(
      dir / "sources.json",
      Config(Json::array({SourceFor("a", server.Url("/a/")), SourceFor("b", server.Url("/b/"))})));
  auto run = RunCecat({"refresh", "--config", (dir / "sources.json").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  // concurrency_per_host is 1: two sources crawled at once would make it 2.
  CHECK(site.max_in_flight.load() == 1);
  CHECK(server.Requests().size() == 8);
  auto runs = RunCecat({"runs", "--json", "--config", (dir / "sources.json").string()});
  REQUIRE(runs.exit_code == 0);
  Json j = Json::parse(runs.out);
  INFO(runs.out);
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 1);
  CHECK(j[0]["sources"].size() == 2);
}
