// SPEC.md "Identity" and "Lifecycle" at the scale of a real catalogue (issue 17): a
// 2,000-page site refreshed five times with every title changed each time, and
// `cecat refresh` killed with SIGKILL in the middle of runs in between. However the
// kills fall, each round's complete refresh publishes exactly the site's 2,000
// courses, active, at that round's titles, under the ids they had in the first
// round: a kill neither duplicates nor loses a record, and leaves no stale title.
#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/feed/feed_fixtures.h"
#include "tests/support/crash_support.h"
#include "tests/support/test_support.h"

using cecat::testing::CecatProcess;
using cecat::testing::IntegrityCheck;
using cecat::testing::LockIsFree;
using cecat::testing::LoopbackServer;
using cecat::testing::ReadFile;
using cecat::testing::RunCecat;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

constexpr int kCourses = 2000;
constexpr int kPerListing = 100;
constexpr int kListings = kCourses / kPerListing;
constexpr int kRounds = 5;

// The site's canonical address for the courses that name their own URL (a CMS
// behind a proxy publishes its public name, not the address it is served from).
std::string PublicUrl(int n) { return "https://big-site.example/courses/" + std::to_string(n); }

std::string Title(int n, int generation) {
  return "Clinical ethics module " + std::to_string(n) + ", edition " + std::to_string(generation);
}

// A generated catalogue: listing pages /list/0.html .. /list/19.html, each linking
// every listing page and 100 course pages /c/<n>.html. A course page holds one
// JSON-LD Course; even-numbered ones carry a `url`, odd-numbered ones do not (their
// id is their page's). Titles carry the site's generation, bumped every round.
//
// Every response has an ETag and If-None-Match is answered with 304, as a CMS or a
// CDN does: what a killed run fetched must not let the next run skip a change.
//
// KillAt(n) then SetVictim(pid) make the handler serving the n-th course page
// request from then on send SIGKILL to `pid`: the kill lands while the run waits
// for that page, so it is mid-run by construction, at a reproducible point of the
// crawl.
class GeneratedSite {
 public:
  GeneratedSite() {
    // One connection per crawler slot for the whole run, instead of httplib's five
    // requests per connection: thousands of reconnects cost both sides CPU.
    server_.server().set_keep_alive_max_count(100000);
    server_.server().set_tcp_nodelay(true);
    server_.server().Get(
        R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) { Serve(req, res); });
    server_.Start();
  }
  void SetGeneration(int generation) { generation_.store(generation); }
  // Arms the kill: counting starts now; the pid may follow (a late pid is killed on
  // the next request at or past the count).
  void KillAt(int course_requests) {
    kill_pid_.store(0);
    killed_.store(false);
    course_requests_.store(0);
    kill_at_.store(course_requests);
  }
  void SetVictim(pid_t pid) { kill_pid_.store(pid); }
  void Disarm() { kill_at_.store(0); }
  bool KillFired() const { return killed_.load(); }
  int CourseRequests() const { return course_requests_.load(); }
  std::string Url(const std::string& path) const { return server_.Url(path); }

 private:
  void Serve(const httplib::Request& req, httplib::Response& res) {
    int generation = generation_.load();
    int n = -1;
    std::string body, etag;
    if (std::sscanf(req.path.c_str(), "/c/%d.html", &n) == 1 && n >= 0 && n < kCourses) {
      int seen = ++course_requests_;
      int at = kill_at_.load();
      pid_t pid = kill_pid_.load();
      if (at > 0 && seen >= at && pid > 0 && !killed_.exchange(true)) kill(pid, SIGKILL);
      body = CoursePage(n, generation);
      etag = "\"c" + std::to_string(n) + "-g" + std::to_string(generation) + "\"";
    } else if (std::sscanf(req.path.c_str(), "/list/%d.html", &n) == 1 && n >= 0 && n < kListings) {
      body = ListingPage(n);
      etag = "\"list" + std::to_string(n) + "\"";  // the links never change
    } else {
      res.status = 404;
      return;
    }
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    // Served with a known length through a content provider, which httplib sends
    // as it is: a body set with set_content is brotli-compressed for a client that
    // accepts it (libcurl does), at quality 11, and that cost the test more CPU than
    // the whole of cecat's crawl.
    size_t length = body.size();
    res.set_content_provider(
        length, "text/html",
        [body = std::move(body)](size_t offset, size_t size, httplib::DataSink& sink) {
          sink.write(body.data() + offset, size);
          return true;
        });
  }

  static std::string ListingPage(int page) {
    std::string body = "<html><body><nav class=\"pages\">";
    for (int p = 0; p < kListings; ++p) {
      body += "<a href=\"/list/" + std::to_string(p) + ".html\">" + std::to_string(p + 1) + "</a> ";
    }
    body += "</nav><ul>";
    for (int n = page * kPerListing; n < (page + 1) * kPerListing; ++n) {
      body += "<li><a class=\"course\" href=\"/c/" + std::to_string(n) + ".html\">Module " +
              std::to_string(n) + "</a></li>";
    }
    return body + "</ul></body></html>";
  }

  static std::string CoursePage(int n, int generation) {
    Json course = {
        {"@context", "https://schema.org"},
        {"@type", "Course"},
        {"name", Title(n, generation)},
        {"description", "Ethical decision-making for counsellors, part " + std::to_string(n) + "."},
        {"provider", {{"@type", "Organization"}, {"name", "Big Site Institute"}}},
        {"numberOfCredits", 1 + n % 6}};
    if (n % 2 == 0) course["url"] = PublicUrl(n);
    return "<html><head><title>" + Title(n, generation) +
           "</title><script type=\"application/ld+json\">" + course.dump() +
           "</script></head><body><h1>" + Title(n, generation) + "</h1></body></html>";
  }

  LoopbackServer server_;
  std::atomic<int> generation_{1};
  std::atomic<int> course_requests_{0};
  std::atomic<int> kill_at_{0};
  std::atomic<pid_t> kill_pid_{0};
  std::atomic<bool> killed_{false};
};

// Generous bounds (the site is 2,020 pages) and no politeness delay: the server is
// the test's own, on loopback.
std::string BigSiteConfig(const GeneratedSite& site) {
  Json config = {{"user_agent", "cecat-test/1.0"},
                 {"database", "cecat.db"},
                 {"feed_dir", "feed"},
                 {"defaults",
                  {{"delay_ms", 0},
                   {"concurrency_per_host", 4},
                   {"respect_robots", false},
                   {"allow_addresses", {"127.0.0.0/8"}},
                   {"timeout_s", 10},
                   {"retries", 2}}},
                 {"sources",
                  {{{"id", "big-site"},
                    {"name", "Big Site Institute"},
                    {"kinds", {"courses"}},
                    {"start_urls", {site.Url("/list/0.html")}},
                    {"follow", {"nav.pages a", "a.course"}},
                    {"max_depth", 2},
                    {"max_pages", 3000}}}}};
  return config.dump(2);
}

// The course number behind a feed record's url: its public URL or its page's.
int CourseNumber(const std::string& url) {
  int n = -1;
  size_t slash = url.rfind('/');
  if (slash == std::string::npos) return -1;
  if (url.rfind("https://big-site.example/courses/", 0) == 0) {
    std::sscanf(url.c_str() + slash, "/%d", &n);
  } else if (url.find("/c/") != std::string::npos) {
    std::sscanf(url.c_str() + slash, "/%d.html", &n);
  }
  return n;
}

// Course number -> id, from a feed that must hold every course once, active, at
// `generation`'s title.
std::map<int, std::string> CheckFeedAtGeneration(const Json& feed, int generation) {
  std::map<int, std::string> ids;
  std::set<std::string> distinct;
  int wrong_titles = 0, not_active = 0, unknown = 0;
  std::string example;
  for (const Json& c : feed["courses"]) {
    std::string url = c.value("url", "");
    int n = CourseNumber(url);
    if (n < 0 || n >= kCourses || ids.count(n)) {
      if (++unknown == 1) example = "unexpected or repeated: " + c.dump();
      continue;
    }
    ids[n] = c.value("id", "");
    distinct.insert(ids[n]);
    if (c.value("title", "") != Title(n, generation) && ++wrong_titles == 1) {
      example = "wrong title: " + c.dump();
    }
    if (c.value("status", "") != "active" && ++not_active == 1) example = "not active: " + c.dump();
  }
  INFO("edition " << generation << "; e.g. " << example);
  CHECK(feed["courses"].size() == static_cast<size_t>(kCourses));
  CHECK(ids.size() == static_cast<size_t>(kCourses));
  CHECK(distinct.size() == static_cast<size_t>(kCourses));
  CHECK(unknown == 0);
  CHECK(wrong_titles == 0);
  CHECK(not_active == 0);
  return ids;
}

}  // namespace

TEST_CASE(
    "a 2,000-page site refreshed five times, every title changed and SIGKILLs mid-run in "
    "between, ends with its 2,000 courses active at the latest titles under their first ids") {
  GeneratedSite site;
  TempDir dir;
  WriteFile(dir / "sources.json", BigSiteConfig(site));
  std::string config = (dir / "sources.json").string();
  fs::path db = dir / "cecat.db";
  fs::path feed_file = dir / "feed" / "feed.json";

  auto began = Clock::now();
  std::map<int, std::string> first_ids;
  int64_t cursor = 0;
  std::string kill_points;
  std::string provider_id;
  for (int round = 1; round <= kRounds; ++round) {
    site.SetGeneration(round);
    // Seeded per round: one or two killed runs (the first ever run too, on an empty
    // index), each at a course page request drawn from the tenth of the crawl on:
    // by then the run has stored responses it will never apply.
    std::mt19937 rng(static_cast<uint32_t>(17 * round));
    int kills = 1 + static_cast<int>(rng() % 2);
    kill_points += (round > 1 ? "; round " : "round ") + std::to_string(round) + ":";
    for (int k = 0; k < kills; ++k) {
      int kill_at = kCourses / 10 + static_cast<int>(rng() % (kCourses - kCourses / 10 + 1));
      kill_points += " " + std::to_string(kill_at);
      std::string previous_feed = ReadFile(feed_file);
      TempDir io;
      site.KillAt(kill_at);
      CecatProcess victim({"refresh", "--force", "--config", config}, io.path());
      site.SetVictim(victim.pid());
      victim.Wait(std::chrono::seconds(60));
      site.Disarm();
      INFO("round " << round << ", kill " << k + 1 << " at course request " << kill_at
                    << " (served " << site.CourseRequests() << "); stderr:\n"
                    << victim.Err());
      // Killed while waiting for a page: mid-run, not after it.
      REQUIRE(site.KillFired());
      REQUIRE(victim.Killed(SIGKILL));
      CHECK(IntegrityCheck(db) == "ok");
      CHECK(LockIsFree(db));
      // A run killed in its crawl has not published: the feed is the last round's.
      CHECK(ReadFile(feed_file) == previous_feed);
    }

    auto done = RunCecat({"refresh", "--force", "--config", config});
    INFO("round " << round << " complete run; stderr:\n" << done.err);
    REQUIRE(done.exit_code == 0);
    Json feed = Json::parse(ReadFile(feed_file));
    std::map<int, std::string> ids = CheckFeedAtGeneration(feed, round);
    // The one provider every page names (without a URL) is one record too, kept.
    INFO("providers: " << feed["providers"].dump());
    REQUIRE(feed["providers"].size() == 1);
    CHECK(feed["providers"][0]["status"] == "active");
    if (round == 1) {
      first_ids = ids;
      provider_id = feed["providers"][0]["id"];
    } else {
      CHECK(feed["providers"][0]["id"] == provider_id);
      // Every course kept its id through the retitles.
      int moved = 0;
      std::string example;
      for (const auto& [n, id] : first_ids) {
        auto it = ids.find(n);
        std::string now = it != ids.end() ? it->second : "(none)";
        if (now != id && ++moved == 1) example = std::to_string(n) + ": " + id + " -> " + now;
      }
      INFO("e.g. course " << example);
      CHECK(moved == 0);
    }

    // The round's changes: one upsert per course, since every title changed, and no
    // delete (a duplicate made and cleaned up again would show as one).
    auto changes = RunCecat({"export", "--since", std::to_string(cursor), "--config", config});
    REQUIRE(changes.exit_code == 0);
    int upserts = 0, deletes = 0;
    std::set<std::string> changed;
    std::istringstream lines(changes.out);
    for (std::string line; std::getline(lines, line);) {
      Json change = Json::parse(line);
      if (change["type"] != "course") continue;
      changed.insert(change["id"].get<std::string>());
      (change["op"] == "upsert" ? upserts : deletes)++;
    }
    CHECK(upserts == kCourses);
    CHECK(deletes == 0);
    CHECK(changed.size() == static_cast<size_t>(kCourses));
    cursor = feed["cursor"].get<int64_t>();

    // The killed runs no longer claim to be running.
    auto runs =
        RunCecat({"runs", "--json", "--last", std::to_string(kills + 1), "--config", config});
    REQUIRE(runs.exit_code == 0);
    Json history = Json::parse(runs.out);
    REQUIRE(history.size() == static_cast<size_t>(kills + 1));
    CHECK(history[0]["status"] == "ok");
    for (int k = 1; k <= kills; ++k) CHECK(history[k]["status"] == "killed");
  }
  CHECK(IntegrityCheck(db) == "ok");
  CHECK(LockIsFree(db));
  cecat::feed::testing::CheckFeedsValidate({feed_file});
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - began);
  WARN("five rounds of a 2,000-page site took " << took.count() << " ms; killed at course requests "
                                                << kill_points);
}
