// The refresh engine's rules, in process: a fake web (tests/refresh/fake_web.h)
// behind the SourceCrawler seam and a fake clock, a real index in a temporary
// folder. Each case runs in milliseconds; the end-to-end tests keep the real
// libcurl path covered.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <memory>
#include <thread>

#include "config/config.h"
#include "index/index.h"
#include "normalise/normalise.h"
#include "refresh/refresh.h"
#include "tests/refresh/fake_web.h"
#include "tests/support/test_support.h"

namespace cecat::refresh {
namespace {

using cecat::testing::FakeClock;
using cecat::testing::SourceDir;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using testing::FakeWeb;

constexpr char kListing[] = "https://acme.example/courses/";

std::string CourseUrl(int n) { return "https://acme.example/courses/c" + std::to_string(n); }

// A course page as providers publish them: JSON-LD with the course's own URL.
std::string CoursePage(int n, const std::string& title) {
  return R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Course", "name": ")" +
         title + R"(", "url": ")" + CourseUrl(n) + R"(",
     "description": "Six contact hours for counselors.", "numberOfCredits": 6,
     "provider": {"@type": "Organization", "name": "Acme CE", "url": "https://acme.example/"}}
    </script></head><body><h1>)" +
         title + "</h1></body></html>";
}

std::string Listing(const std::vector<int>& courses) {
  std::string body = "<html><body><ul>";
  for (int n : courses) body += "<li><a href=\"" + CourseUrl(n) + "\">course</a></li>";
  return body + "</ul></body></html>";
}

// A temporary catalogue: sources file, index, normaliser, fake web and clock.
class Harness {
 public:
  // `top`: further top-level keys, e.g. R"("max_run_duration": "1h",)".
  explicit Harness(const std::string& sources_json, const std::string& top = "") {
    WriteFile(dir_ / "sources.json", R"({"database": "cecat.db", "feed_dir": "feed", )" + top +
                                         R"("defaults": {"delay_ms": 0}, "sources": )" +
                                         sources_json + "}");
    auto config = config::LoadConfig(dir_ / "sources.json");
    INFO(config.status().message());
    REQUIRE(config.ok());
    config_ = std::move(*config);
    auto index = index::Index::Open(dir_ / "cecat.db");
    REQUIRE(index.ok());
    index_ = std::move(*index);
    auto normaliser = normalise::Normaliser::Load(SourceDir() / "data");
    REQUIRE(normaliser.ok());
    normaliser_ = std::make_unique<normalise::Normaliser>(std::move(*normaliser));
  }

  RunOutcome Run(Mode mode = Mode::kRefresh, std::vector<std::string> named = {}) {
    RunRequest request;
    request.mode = mode;
    for (const std::string& id : named) request.named.push_back(config_.FindSource(id));
    request.database = dir_ / "cecat.db";
    request.schema_file = SourceDir() / "schema" / "feed.schema.json";
    RunEnv env;
    env.clock = &clock;
    env.crawler = &web;
    env.stop = &stop;
    env.workers = 2;
    Result<RunOutcome> outcome = refresh::Run(request, env, config_, *index_, *normaliser_);
    INFO(outcome.status().message());
    REQUIRE(outcome.ok());
    return std::move(*outcome);
  }

  // The record's status in the index ("active", "stale", "removed"), "" if none.
  std::string Status(const std::string& url) {
    std::string found;
    REQUIRE(index_
                ->ForEachRecord([&](const Json& r) {
                  if (r.value("url", "") == url) found = r.value("status", "");
                  return cecat::Status::Ok();
                })
                .ok());
    return found;
  }
  std::vector<Json> Records(const std::string& type) {
    std::vector<Json> out;
    REQUIRE(index_
                ->ForEachRecord([&](const Json& r) {
                  if (r.value("type", "") == type) out.push_back(r);
                  return cecat::Status::Ok();
                })
                .ok());
    return out;
  }
  std::vector<Json> ChangesSince(int64_t cursor) {
    std::vector<Json> out;
    REQUIRE(index_
                ->ForEachChange(cursor,
                                [&](const Json& c) {
                                  out.push_back(c);
                                  return cecat::Status::Ok();
                                })
                .ok());
    return out;
  }
  int64_t Cursor() { return index_->Cursor().value(); }
  index::Index& index() { return *index_; }

  FakeWeb web;
  FakeClock clock;
  std::atomic<bool> stop{false};

 private:
  TempDir dir_;
  config::Config config_;
  std::unique_ptr<index::Index> index_;
  std::unique_ptr<normalise::Normaliser> normaliser_;
};

constexpr char kAcme[] = R"([{"id": "acme", "kinds": ["courses", "providers"],
  "start_urls": ["https://acme.example/courses/"], "max_depth": 1, "refresh": "daily"}])";

void ServeCatalogue(FakeWeb& web, const std::vector<int>& listed) {
  web.Serve(kListing, Listing(listed));
  for (int n : {1, 2, 3, 4}) web.Serve(CourseUrl(n), CoursePage(n, "Course " + std::to_string(n)));
}

TEST_CASE("the fake catalogue yields one active course per page") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2, 3, 4});
  RunOutcome run = h.Run();
  REQUIRE(run.reports.size() == 1);
  INFO(run.reports[0].error);
  CHECK(run.reports[0].ok);
  CHECK(run.status == "ok");
  CHECK(run.reports[0].apply.added >= 4);
  for (int n : {1, 2, 3, 4}) CHECK(h.Status(CourseUrl(n)) == "active");
  CHECK_FALSE(run.feed.empty());
  // Time comes from the run's clock: responses and runs are stamped with it.
  auto stored = h.index().GetResponse(CourseUrl(1), /*with_body=*/false);
  REQUIRE(stored.ok());
  REQUIRE(stored->has_value());
  CHECK((*stored)->fetched_at == h.clock.NowUnix());
  auto state = h.index().GetSourceState("acme");
  REQUIRE(state.ok());
  CHECK((*state)->last_success == h.clock.NowUnix());
}

// SPEC: `refresh` crawls every enabled source that is due.
TEST_CASE("a source is due again only when its refresh interval has passed") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2});
  CHECK(h.Run().sources.size() == 1);
  h.web.ClearRequests();
  h.clock.Advance(std::chrono::hours(23));
  RunOutcome early = h.Run();
  CHECK(early.sources.empty());
  CHECK(early.not_due.size() == 1);
  CHECK(h.web.Requests().empty());
  h.clock.Advance(std::chrono::hours(1));
  CHECK(h.Run().sources.size() == 1);
  CHECK_FALSE(h.web.Requests().empty());
}

TEST_CASE("a failed crawl leaves the source due, a reparse does not count as a crawl") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2});
  h.Run();
  auto state = h.index().GetSourceState("acme");
  REQUIRE(state.ok());
  int64_t first_success = (*state)->last_success;
  h.clock.Advance(std::chrono::hours(25));
  h.web.Answer(kListing, 503);
  CHECK(h.Run().any_failed);
  h.clock.Advance(std::chrono::hours(1));
  CHECK(h.Run().sources.size() == 1);  // still due: the last crawl failed
  CHECK(h.index().GetSourceState("acme").value()->last_success == first_success);
  CHECK(h.Run(Mode::kReparse).sources.size() == 1);
  CHECK(h.index().GetSourceState("acme").value()->last_success == first_success);
}

// One definition (crawler::StartUrlStatus): any start URL that fails fails the
// source, whatever the crawler itself returned (the fake always says ok).
TEST_CASE("any failing start URL fails the source and keeps its records") {
  Harness h(R"([{"id": "acme", "kinds": ["courses"], "max_depth": 1,
    "start_urls": ["https://acme.example/courses/", "https://acme.example/more/"]}])");
  ServeCatalogue(h.web, {1, 2});
  h.web.Serve("https://acme.example/more/", Listing({3}));
  REQUIRE(h.Run().status == "ok");
  h.web.Answer("https://acme.example/more/", 500);
  RunOutcome run = h.Run(Mode::kRefresh, {"acme"});
  REQUIRE(run.reports.size() == 1);
  CHECK_FALSE(run.reports[0].ok);
  CHECK(run.reports[0].error ==
        "I/O error: source acme: 1 of 2 start URLs could not be fetched "
        "(https://acme.example/more/: http 500)");
  CHECK(run.any_failed);
  CHECK(h.Status(CourseUrl(3)) == "active");  // not stale: the crawl says nothing of it
}

// SPEC lifecycle: missing from a successful crawl -> stale; removed after 3.
TEST_CASE("a course missing from successful crawls goes stale, then removed after three") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2, 3, 4});
  h.Run();
  h.web.Serve(kListing, Listing({1, 2, 3}));
  for (int night = 1; night <= 3; ++night) {
    CAPTURE(night);
    h.clock.Advance(std::chrono::hours(24));
    RunOutcome run = h.Run();
    REQUIRE(run.status == "ok");
    CHECK(h.Status(CourseUrl(4)) == (night < 3 ? "stale" : ""));  // removed: not in the feed
    CHECK(h.Status(CourseUrl(1)) == "active");
  }
}

TEST_CASE("a crawl yielding under half the previous count removes nothing") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2, 3, 4});
  h.Run();
  h.web.Serve(kListing, Listing({1}));
  h.clock.Advance(std::chrono::hours(24));
  RunOutcome run = h.Run();
  REQUIRE(run.reports.size() == 1);
  CHECK(run.reports[0].apply.suspicious);
  for (int n : {2, 3, 4}) CHECK(h.Status(CourseUrl(n)) == "active");
}

// SPEC max_duration: a source that runs out of time keeps what it had and is
// reported as partial, not failed; what it did not reach was not missed.
TEST_CASE("a source out of time is partial: its pages are applied, nothing goes stale") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2, 3, 4});
  h.Run();
  REQUIRE(h.web.max_durations.size() == 1);
  CHECK(h.web.max_durations[0] == 1800);  // the 30 min default
  h.web.Serve(CourseUrl(1), CoursePage(1, "Course 1, revised"));
  // The listing and courses 1-3: without the rule course 4 would go stale (three
  // of four is not under half, so the removal guard would not save it).
  h.web.out_of_time_after = 4;
  h.clock.Advance(std::chrono::hours(24));
  RunOutcome run = h.Run();
  CHECK(run.status == "ok");
  REQUIRE(run.reports.size() == 1);
  const SourceReport& r = run.reports[0];
  CHECK(r.ok);
  CHECK(r.partial);
  CHECK(r.partial_reason == "30m crawl time limit reached; 1 URL(s) not fetched");
  CHECK(r.ToJson().value("partial", false));
  CHECK(r.apply.stale == 0);
  CHECK(h.Records("course").size() == 4);
  for (int n : {1, 2, 3, 4}) CHECK(h.Status(CourseUrl(n)) == "active");
  bool revised = false;
  for (const Json& c : h.Records("course")) revised |= c.value("title", "") == "Course 1, revised";
  CHECK(revised);
  auto state = h.index().GetSourceState("acme");
  REQUIRE(state.ok());
  REQUIRE(state->has_value());
  CHECK((*state)->last_error == "partial: " + r.partial_reason);
  // Still due: the next run crawls it again, and a whole crawl judges again.
  h.web.out_of_time_after.reset();
  h.web.Serve(kListing, Listing({1, 2, 3}));
  RunOutcome next = h.Run();
  REQUIRE(next.reports.size() == 1);
  CHECK_FALSE(next.reports[0].partial);
  CHECK(h.Status(CourseUrl(4)) == "stale");
}

// A source out of time with nothing fetched is still partial, not failed.
TEST_CASE("a source out of time before its first page is partial and keeps its records") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2});
  h.Run();
  int64_t cursor = h.Cursor();
  h.web.out_of_time_after = 0;
  h.clock.Advance(std::chrono::hours(24));
  RunOutcome run = h.Run();
  CHECK(run.status == "ok");
  REQUIRE(run.reports.size() == 1);
  CHECK(run.reports[0].ok);
  CHECK(run.reports[0].partial);
  CHECK(h.Cursor() == cursor);
  CHECK(h.Status(CourseUrl(1)) == "active");
}

// SPEC max_run_duration: each source's crawl gets at most what is left of the
// run's time; a source whose turn comes after it ran out is not crawled, reported
// partial, its records kept.
TEST_CASE("max_run_duration caps each source's crawl and skips those left when it runs out") {
  Harness h(R"([
    {"id": "acme", "kinds": ["courses"], "start_urls": ["https://acme.example/courses/"],
     "max_depth": 1, "max_duration": "2h"},
    {"id": "beta", "kinds": ["courses"], "start_urls": ["https://beta.example/"],
     "max_depth": 0, "max_duration": "10m"}])",
            R"("max_run_duration": "1h", "parallel_sources": 1,)");
  ServeCatalogue(h.web, {1});
  h.web.Serve("https://beta.example/", CoursePage(9, "Beta course"));
  RunOutcome first = h.Run();
  REQUIRE(h.web.max_durations.size() == 2);
  CHECK(h.web.max_durations[0] == 3600);  // acme: 2h capped to the run's hour
  CHECK(h.web.max_durations[1] == 600);   // beta: its own 10m, under what is left
  REQUIRE(first.reports.size() == 2);
  CHECK_FALSE(first.reports[1].partial);
  // The next night acme's crawl takes the whole hour: beta is not crawled.
  h.web.after_page = [&](const std::string& url) {
    if (url.find("acme.example") != std::string::npos) h.clock.Advance(std::chrono::minutes(31));
  };
  h.clock.Advance(std::chrono::hours(24));
  h.web.ClearRequests();
  RunOutcome run = h.Run();
  CHECK(run.status == "ok");
  for (const std::string& url : h.web.Requests())
    CHECK(url.find("beta.example") == std::string::npos);
  REQUIRE(run.reports.size() == 2);
  const SourceReport& beta = run.reports[1].source_id == "beta" ? run.reports[1] : run.reports[0];
  CHECK(beta.ok);
  CHECK(beta.partial);
  CHECK(beta.partial_reason == "not crawled: the run's max_run_duration ran out first");
  CHECK(h.Status(CourseUrl(9)) == "active");
  // docs/configuration.md: "the feed is still exported", with the kept records.
  CHECK(run.feed_error.ok());
  REQUIRE_FALSE(run.feed.empty());
  std::ifstream in(run.feed);
  Json feed = Json::parse(in);
  std::set<std::string> urls;
  for (const Json& c : feed["courses"]) urls.insert(c.value("url", ""));
  CHECK(urls == std::set<std::string>{CourseUrl(1), CourseUrl(9)});
}

TEST_CASE("a failed source changes none of its records") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2});
  h.Run();
  int64_t cursor = h.Cursor();
  h.web.Answer(kListing, 503);
  h.clock.Advance(std::chrono::hours(24));
  RunOutcome run = h.Run();
  CHECK(run.status == "failed");
  CHECK(h.Cursor() == cursor);
  CHECK(h.Status(CourseUrl(1)) == "active");
}

// SPEC: a 404 or 410 page is gone at once, even while other pages link to it;
// 5xx answers and timeouts are failures, not removals.
TEST_CASE("a linked page answering 404 goes stale at once, 5xx and timeouts keep records") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2, 3, 4});
  h.Run();
  h.web.Answer(CourseUrl(2), 404);
  h.web.Answer(CourseUrl(3), 503);
  h.web.Fail(CourseUrl(4), crawler::FailureReason::kTimeout);
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");
  CHECK(h.Status(CourseUrl(2)) == "stale");
  CHECK(h.Status(CourseUrl(3)) == "active");
  CHECK(h.Status(CourseUrl(4)) == "active");
  // A reparse replays only what is still served: the gone page stays gone.
  REQUIRE(h.Run(Mode::kReparse).status == "ok");
  CHECK(h.Status(CourseUrl(2)) == "stale");
  for (int night = 2; night <= 3; ++night) {
    h.clock.Advance(std::chrono::hours(24));
    REQUIRE(h.Run().status == "ok");
  }
  CHECK(h.Status(CourseUrl(2)).empty());  // removed after three such crawls
  CHECK(h.Status(CourseUrl(3)) == "active");
}

// SPEC lifecycle (issue 17): 5xx answers and timeouts are failures counted in the
// run report (the stored one `cecat runs` prints, and the health metrics), while
// the records of those pages stay active, unchanged, and nothing is emitted.
TEST_CASE("a page's 5xx or timeout is counted in the run report and keeps its records") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2, 3});
  REQUIRE(h.Run().status == "ok");
  const std::vector<Json> before = h.Records("course");
  REQUIRE(before.size() == 3);
  int64_t cursor = h.Cursor();
  h.web.Answer(CourseUrl(2), 503);
  h.web.Fail(CourseUrl(3), crawler::FailureReason::kTimeout);
  h.clock.Advance(std::chrono::hours(24));
  RunOutcome run = h.Run();
  CHECK(run.status == "ok");
  CHECK_FALSE(run.any_failed);  // a page's failure does not fail the source
  REQUIRE(run.reports.size() == 1);
  const SourceReport& r = run.reports[0];
  CHECK(r.ok);
  std::map<std::string, std::string> failed;
  for (const crawler::FetchFailure& f : r.failures) failed[f.url] = f.Describe();
  CHECK(failed ==
        std::map<std::string, std::string>{{CourseUrl(2), "http 503"}, {CourseUrl(3), "timeout"}});
  CHECK(r.apply.stale == 0);
  CHECK(r.apply.removed == 0);
  // Stored with the run, as `cecat runs` and `cecat health` read it.
  auto runs = h.index().Runs(1);
  REQUIRE(runs.ok());
  INFO(runs->dump(2));
  const Json& stored = (*runs)[0]["sources"][0];
  CHECK(stored["pages"]["failed"] == 2);
  CHECK(stored["pages"]["failed_by_reason"] == Json{{"http 503", 1}, {"timeout", 1}});
  CHECK(stored["errors"].size() == 2);
  CHECK(stored["health"]["failures"] == Json{{"http 503", 1}, {"timeout", 1}});
  CHECK(stored["health"]["failed_pages"] == 2);
  // The records: all three still active, as they were, and no change emitted.
  for (int n : {1, 2, 3}) CHECK(h.Status(CourseUrl(n)) == "active");
  CHECK(h.Records("course") == before);
  CHECK(h.ChangesSince(cursor).empty());
  // Failing again the next nights never makes them stale.
  for (int night = 2; night <= 4; ++night) {
    h.clock.Advance(std::chrono::hours(24));
    REQUIRE(h.Run().status == "ok");
  }
  CHECK(h.Status(CourseUrl(2)) == "active");
  CHECK(h.Status(CourseUrl(3)) == "active");
}

// SPEC: reparse replays only pages still in the source's crawl, never brings back
// a record whose page is gone, and is not a crawl. Before, a course unlinked from
// the listing (its page still stored) came back `active` at every reparse, and a
// reparse counted a miss against every record it did not yield.
TEST_CASE("a reparse replays only pages still in the crawl and changes no status") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2, 3, 4});
  REQUIRE(h.Run().status == "ok");
  h.web.Serve(kListing, Listing({1, 2, 3}));  // course 4 unlinked, its page still served
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");
  REQUIRE(h.Status(CourseUrl(4)) == "stale");
  // last_seen is the index's and `show`'s, not the feed's.
  auto last_seen = [&](int n) {
    for (const Json& c : h.Records("course")) {
      if (c["url"] != CourseUrl(n)) continue;
      auto shown = h.index().Show(c["id"].get<std::string>());
      REQUIRE(shown.ok());
      REQUIRE(shown->has_value());
      return (**shown)["last_seen"].get<std::string>();
    }
    return std::string();
  };
  const std::string seen1 = last_seen(1);

  int64_t cursor = h.Cursor();
  h.clock.Advance(std::chrono::hours(2));
  for (int i = 0; i < 3; ++i) {
    RunOutcome run = h.Run(Mode::kReparse);
    REQUIRE(run.status == "ok");
    REQUIRE(run.reports.size() == 1);
    bool said = false;
    for (const auto& d : run.reports[0].diagnostics) {
      said = said || (d.where == "reparse" && d.message.find("1 stored page") == 0);
    }
    CHECK(said);
  }
  CHECK(h.Status(CourseUrl(4)) == "stale");  // not revived, and no miss counted
  for (int n : {1, 2, 3}) CHECK(h.Status(CourseUrl(n)) == "active");
  CHECK(last_seen(1) == seen1);  // extracted again, not seen again
  CHECK(h.ChangesSince(cursor).empty());

  // Two more crawls without it: removed after three, as if no reparse had run.
  for (int night = 2; night <= 3; ++night) {
    h.clock.Advance(std::chrono::hours(24));
    REQUIRE(h.Run().status == "ok");
  }
  CHECK(h.Status(CourseUrl(4)).empty());
  cursor = h.Cursor();
  REQUIRE(h.Run(Mode::kReparse).status == "ok");
  CHECK(h.Status(CourseUrl(4)).empty());
  CHECK(h.ChangesSince(cursor).empty());

  // Linked again, a crawl brings it back; a reparse then replays it.
  h.web.Serve(kListing, Listing({1, 2, 3, 4}));
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");
  CHECK(h.Status(CourseUrl(4)) == "active");
  REQUIRE(h.Run(Mode::kReparse).status == "ok");
  CHECK(h.Status(CourseUrl(4)) == "active");
}

// `crawl` then `reparse`: the fetch-only crawl decides what the reparse replays.
TEST_CASE("a reparse after a fetch-only crawl replays the pages that crawl reached") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2});
  REQUIRE(h.Run(Mode::kCrawlOnly).status == "ok");
  // The next fetch-only crawl no longer reaches course 2 (stored the night before).
  h.web.Serve(kListing, Listing({1}));
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run(Mode::kCrawlOnly).status == "ok");
  REQUIRE(h.Run(Mode::kReparse).status == "ok");
  std::vector<Json> courses = h.Records("course");
  REQUIRE(courses.size() == 1);
  CHECK(courses[0]["url"] == CourseUrl(1));
}

// `crawl` fetches and stores only: it records its attempt, applies nothing and
// leaves the source due (issue 17).
TEST_CASE("a fetch-only crawl records its attempt and leaves records and due-ness alone") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2});
  RunOutcome run = h.Run(Mode::kCrawlOnly);
  REQUIRE(run.status == "ok");
  CHECK(run.feed.empty());
  CHECK(h.Records("course").empty());
  auto state = h.index().GetSourceState("acme");
  REQUIRE(state.ok());
  REQUIRE(state->has_value());
  CHECK((*state)->last_attempt == h.clock.NowUnix());
  CHECK((*state)->last_success == 0);
  CHECK(h.Run().sources.size() == 1);  // still due
  CHECK(h.Records("course").size() == 2);
}

// SPEC: a night without changes makes no change; one retitled course, one upsert.
TEST_CASE("an unchanged night changes nothing, a new title is exactly one upsert") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2, 3});
  h.Run();
  int64_t cursor = h.Cursor();
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");
  CHECK(h.Cursor() == cursor);
  CHECK(h.ChangesSince(cursor).empty());
  h.web.Serve(CourseUrl(2), CoursePage(2, "Course 2, revised"));
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");
  std::vector<Json> changes = h.ChangesSince(cursor);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["op"] == "upsert");
  CHECK(changes[0]["record"]["title"] == "Course 2, revised");
}

TEST_CASE("pages answering 304 keep their records and their links are followed") {
  Harness h(kAcme);
  h.web.Serve(kListing, Listing({1, 2}), "\"list-v1\"");
  h.web.Serve(CourseUrl(1), CoursePage(1, "Course 1"), "\"c1\"");
  h.web.Serve(CourseUrl(2), CoursePage(2, "Course 2"), "\"c2\"");
  h.Run();
  h.web.ClearRequests();
  h.clock.Advance(std::chrono::hours(24));
  RunOutcome run = h.Run();
  REQUIRE(run.reports.size() == 1);
  CHECK(run.reports[0].crawl.unchanged == 3);
  CHECK(h.web.Conditional().size() == 3);
  CHECK(h.Status(CourseUrl(2)) == "active");
}

// A 304 writes nothing while the crawl runs. For a source with a sitemap the apply
// moves the confirmed copies' fetch time (what a <lastmod> is compared with), and
// only theirs; a source without one reads that time nowhere, and nothing of its
// stored responses is rewritten.
TEST_CASE("a 304 moves its stored copy's fetch time when a sitemap reads it") {
  const bool sitemap = GENERATE(true, false);
  std::string sources = kAcme;
  if (sitemap)
    sources.insert(sources.find(R"("max_depth")"),
                   R"("sitemaps": ["https://acme.example/sitemap.xml"], )");
  Harness h(sources);
  h.web.Serve(kListing, Listing({1, 2}), "\"list-v1\"");
  h.web.Serve(CourseUrl(1), CoursePage(1, "Course 1"), "\"c1\"");
  h.web.Serve(CourseUrl(2), CoursePage(2, "Course 2"), "\"c2\"");
  REQUIRE(h.Run().status == "ok");
  const int64_t first = h.clock.NowUnix();
  auto fetched_at = [&](const std::string& url) {
    auto stored = h.index().GetResponse(url, /*with_body=*/false);
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    return (*stored)->fetched_at;
  };
  REQUIRE(fetched_at(CourseUrl(2)) == first);
  h.web.Answer(CourseUrl(2), 503);
  h.clock.Advance(std::chrono::hours(24));
  RunOutcome run = h.Run();
  REQUIRE(run.status == "ok");
  CHECK(run.reports[0].crawl.unchanged == 2);
  const int64_t confirmed = sitemap ? h.clock.NowUnix() : first;
  CHECK(fetched_at(kListing) == confirmed);
  CHECK(fetched_at(CourseUrl(1)) == confirmed);
  CHECK(fetched_at(CourseUrl(2)) == first);
  CHECK(h.Status(CourseUrl(2)) == "active");
}

// The crawl's validator lookups share read snapshots of at most 256 lookups while
// the writer commits the night's changed pages: every page is still revalidated, and a
// changed one is still fetched in full.
TEST_CASE("a night of more pages than one read snapshot revalidates every page") {
  Harness h(kAcme);
  constexpr int kCourses = 450;  // within the default max_pages (500)
  std::vector<int> ids;
  for (int n = 1; n <= kCourses; ++n) ids.push_back(n);
  h.web.Serve(kListing, Listing(ids), "\"list-v1\"");
  for (int n : ids) {
    h.web.Serve(CourseUrl(n), CoursePage(n, "Course " + std::to_string(n)),
                "\"c" + std::to_string(n) + "\"");
  }
  REQUIRE(h.Run().status == "ok");
  CHECK(h.Records("course").size() == kCourses);
  h.web.Serve(CourseUrl(400), CoursePage(400, "Course 400, revised"), "\"c400-v2\"");
  h.web.ClearRequests();
  h.clock.Advance(std::chrono::hours(24));
  RunOutcome run = h.Run();
  REQUIRE(run.status == "ok");
  REQUIRE(run.reports.size() == 1);
  CHECK(run.reports[0].crawl.unchanged == kCourses);  // the listing and 449 courses
  CHECK(run.reports[0].crawl.fetched == 1);
  CHECK(h.web.Conditional().size() == kCourses + 1);
  CHECK(h.Records("course").size() == kCourses);
  bool revised = false;
  for (const Json& c : h.Records("course"))
    revised = revised || c["title"] == "Course 400, revised";
  CHECK(revised);
}

// SPEC identity: a course that is its page's only course and has no URL of its
// own takes the page's URL as its id, so retitling it is an update (issue 17).
TEST_CASE("a URL-less course alone on its page keeps its id when retitled") {
  Harness h(kAcme);
  auto page = [](const std::string& title) {
    std::string p = CoursePage(2, title);
    std::string url = R"(, "url": ")" + CourseUrl(2) + R"(")";
    p.replace(p.find(url), url.size(), "");
    return p;
  };
  h.web.Serve(kListing, Listing({2}));
  h.web.Serve(CourseUrl(2), page("Motivational Interviewing"));
  REQUIRE(h.Run().status == "ok");
  std::vector<Json> before = h.Records("course");
  REQUIRE(before.size() == 1);
  int64_t cursor = h.Cursor();
  h.web.Serve(CourseUrl(2), page("Motivational Interviewing, Level 2"));
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");
  std::vector<Json> after = h.Records("course");
  REQUIRE(after.size() == 1);
  CHECK(after[0]["id"] == before[0]["id"]);
  CHECK(after[0]["status"] == "active");
  std::vector<Json> changes = h.ChangesSince(cursor);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["op"] == "upsert");
  CHECK(changes[0]["record"]["title"] == "Motivational Interviewing, Level 2");
}

// docs/feed.md "Identity": a page's only URL-less course is keyed by the page; once
// a second URL-less course appears beside it, both are keyed by source, page and
// title, so the first one's id changes. What a consumer sees then is documented
// there; this test holds the documentation to it.
TEST_CASE("a page's only URL-less course changes id when a second one appears beside it") {
  Harness h(kAcme);
  auto item = [](const std::string& title) {
    return R"({"@context": "https://schema.org", "@type": "Course", "name": ")" + title +
           R"(", "numberOfCredits": 3})";
  };
  auto page = [](const std::vector<std::string>& items) {
    std::string p = "<html><head>";
    for (const std::string& i : items)
      p += R"(<script type="application/ld+json">)" + i + "</script>";
    return p + "</head><body></body></html>";
  };
  h.web.Serve(kListing, Listing({2}));
  h.web.Serve(CourseUrl(2), page({item("Family Systems")}));
  REQUIRE(h.Run().status == "ok");
  std::vector<Json> before = h.Records("course");
  REQUIRE(before.size() == 1);
  const std::string first_id = before[0]["id"];
  int64_t cursor = h.Cursor();
  h.web.Serve(CourseUrl(2), page({item("Family Systems"), item("Grief Work")}));
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");
  std::map<std::string, std::string> ids;  // title -> id of the active records
  for (const Json& c : h.Records("course"))
    if (c["status"] == "active") ids[c["title"]] = c["id"];
  REQUIRE(ids.size() == 2);
  CHECK(ids["Family Systems"] != first_id);
  std::vector<Json> changes = h.ChangesSince(cursor);
  INFO(Json(changes).dump(2));
  std::map<std::string, std::string> ops;  // id -> op, and the status it upserts
  for (const Json& c : changes)
    ops[c["id"]] = c["op"].get<std::string>() + " " + c["record"].value("status", "");
  // The old id is not recognised as the same record (it is not what the page's
  // URL keys): it goes stale like any record missing from a crawl, and is deleted
  // after three crawls without it.
  CHECK(ops[first_id] == "upsert stale");
  CHECK(ops[ids["Family Systems"]] == "upsert active");
  CHECK(ops[ids["Grief Work"]] == "upsert active");
  CHECK(changes.size() == 3);
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");
  cursor = h.Cursor();
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");         // the third crawl without it
  CHECK(h.Records("course").size() == 2);  // removed: no longer listed
  changes = h.ChangesSince(cursor);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["op"] == "delete");
  CHECK(changes[0]["id"] == first_id);
}

// docs/normalisation.md "Upgrading an index": records an older cecat keyed
// differently (a URL-less course by its title, a provider by its about page's URL)
// change id once: one delete and one upsert each, never both ids side by side.
TEST_CASE("an older index's ids change once, a delete and an upsert, without duplicates") {
  Harness h(R"([{"id": "acme", "kinds": ["courses", "providers"], "max_depth": 2,
    "start_urls": ["https://acme.example/"]}])");
  const std::string about = "https://acme.example/about";
  {
    Record course;
    course.type = RecordType::kCourse;
    course.id = MakeRecordId(RecordType::kCourse, "acme|" + CourseUrl(2) + "|Family Systems");
    course.url = CourseUrl(2);
    course.page_url = CourseUrl(2);
    course.sources = {"acme"};
    course.fields = {{"title", "Family Systems"}};
    Record provider;
    provider.type = RecordType::kProvider;
    provider.id = MakeRecordId(RecordType::kProvider, about);
    provider.url = about;
    provider.page_url = about;
    provider.sources = {"acme"};
    provider.fields = {{"name", "Acme CE (NBCC ACEP No. 6789)"}, {"url", about}};
    index::SourceOutcome old;
    old.source_id = "acme";
    old.records = {course, provider};
    old.pages = {{course.id, CourseUrl(2)}, {provider.id, about}};
    REQUIRE(h.index().ApplySource(old, h.clock.NowUnix() - 86400).ok());
  }
  const std::vector<Json> seeded = h.Records("course");
  REQUIRE(seeded.size() == 1);
  const std::string old_course = seeded[0]["id"];
  const std::string old_provider = MakeRecordId(RecordType::kProvider, about);

  h.web.Serve("https://acme.example/",
              R"(<a href="/about">About</a> <a href="/courses/">Workshops</a>)");
  h.web.Serve(about, R"x(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Organization",
     "name": "Acme CE (NBCC ACEP No. 6789)", "url": "https://acme.example/about"
}
    </script></head></html>)x");
  h.web.Serve(kListing, Listing({2}));
  std::string page = CoursePage(2, "Family Systems");
  std::string url = R"(, "url": ")" + CourseUrl(2) + R"(")";
  page.replace(page.find(url), url.size(), "");
  h.web.Serve(CourseUrl(2), page);

  int64_t cursor = h.Cursor();
  REQUIRE(h.Run().status == "ok");
  std::vector<Json> courses = h.Records("course");
  REQUIRE(courses.size() == 1);
  const std::string new_course = courses[0]["id"];
  CHECK(new_course == MakeRecordId(RecordType::kCourse, CourseUrl(2)));
  std::vector<Json> providers = h.Records("provider");
  REQUIRE(providers.size() == 1);
  const std::string new_provider = providers[0]["id"];
  CHECK(new_provider == MakeRecordId(RecordType::kProvider, "https://acme.example/"));
  std::map<std::string, std::vector<std::string>> ops;
  for (const Json& c : h.ChangesSince(cursor)) ops[c["id"]].push_back(c["op"]);
  CHECK(ops[old_course] == std::vector<std::string>{"delete"});
  CHECK(ops[old_provider] == std::vector<std::string>{"delete"});
  CHECK(ops[new_course] == std::vector<std::string>{"upsert"});
  CHECK(ops[new_provider] == std::vector<std::string>{"upsert"});
  CHECK(ops.size() == 4);

  // Done once: the next night changes nothing.
  cursor = h.Cursor();
  h.clock.Advance(std::chrono::hours(25));
  REQUIRE(h.Run().status == "ok");
  CHECK(h.ChangesSince(cursor).empty());
}

// Cross-source dedup: sources are applied in config order whatever order their
// crawls end in, so the first source gives a shared course its id.
TEST_CASE("the same course from two sources is one record, with the first source's id") {
  std::string sources = R"([
    {"id": "acme", "kinds": ["courses"], "start_urls": ["https://acme.example/courses/"], "max_depth": 1},
    {"id": "hub", "kinds": ["courses"], "start_urls": ["https://hub.example/list"], "max_depth": 1}])";
  std::string acme_id;
  {
    Harness alone(sources);
    alone.web.Serve(kListing, Listing({1}));
    alone.web.Serve(CourseUrl(1), CoursePage(1, "Trauma-Informed Care"));
    alone.Run(Mode::kRefresh, {"acme"});
    REQUIRE(alone.Records("course").size() == 1);
    acme_id = alone.Records("course")[0]["id"];
  }
  Harness h(sources);
  h.web.Serve(kListing, Listing({1}));
  h.web.Serve(CourseUrl(1), CoursePage(1, "Trauma-Informed Care"));
  h.web.Serve("https://hub.example/list", R"(<a href="https://hub.example/c/77">x</a>)");
  std::string hub_page = CoursePage(1, "Trauma-Informed Care");
  hub_page.replace(hub_page.find(CourseUrl(1)), CourseUrl(1).size(), "https://hub.example/c/77");
  h.web.Serve("https://hub.example/c/77", hub_page);
  // The hub answers first: acme's crawl is held back until the hub's has ended.
  std::atomic<bool> hub_done{false};
  h.web.after_page = [&](const std::string& url) {
    if (url.find("hub.example/c/77") != std::string::npos) hub_done = true;
    if (url.find("acme.example") != std::string::npos) {
      for (int i = 0; i < 200 && !hub_done; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
  };
  RunOutcome run = h.Run();
  REQUIRE(run.status == "ok");
  std::vector<Json> courses = h.Records("course");
  REQUIRE(courses.size() == 1);
  CHECK(courses[0]["id"] == acme_id);
  CHECK(courses[0]["sources"] == Json::array({"acme", "hub"}));
}

// Staged re-normalisation: a course naming its provider without a URL is
// normalised with its own page's providers first and again at the apply when
// another page of the source gives that provider a URL.
TEST_CASE("a provider's URL from another page reaches the course that named it") {
  Harness h(R"([{"id": "acme", "kinds": ["courses", "providers"],
    "start_urls": ["https://acme.example/"], "max_depth": 1}])");
  h.web.Serve(
      "https://acme.example/",
      R"(<a href="https://acme.example/a-course">c</a><a href="https://acme.example/z-about">a</a>)");
  std::string course = CoursePage(1, "Grief Counseling Skills");
  course.replace(course.find(R"(, "url": "https://acme.example/"})"),
                 std::string(R"(, "url": "https://acme.example/"})").size(), "}");
  h.web.Serve("https://acme.example/a-course", course);
  h.web.Serve("https://acme.example/z-about", R"(<script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Organization", "name": "Acme CE",
     "url": "https://acme.example/"}</script>)");
  REQUIRE(h.Run().status == "ok");
  std::vector<Json> providers = h.Records("provider");
  REQUIRE(providers.size() == 1);
  CHECK(providers[0]["url"] == "https://acme.example/");
  std::vector<Json> courses = h.Records("course");
  REQUIRE(courses.size() == 1);
  CHECK(courses[0]["provider"]["id"] == providers[0]["id"]);
}

// A provider named without a URL is keyed by its name, and its record points at
// the page that named it (SPEC: every record has a url). That page is not its
// website: the next crawl must not re-key the provider by the page's host, which
// split it into a second record (the first going stale) and, on an aggregator,
// would merge every provider it names into one record of the aggregator's host.
TEST_CASE("providers named without a URL keep their ids on the next crawl, one record each") {
  Harness h(R"([{"id": "hub", "kinds": ["courses", "providers"],
    "start_urls": ["https://hub.example/list"], "max_depth": 1}])");
  auto page = [](const std::string& title, const std::string& provider) {
    return R"(<script type="application/ld+json">{"@context": "https://schema.org",
      "@type": "Course", "name": ")" +
           title + R"(", "provider": {"@type": "Organization", "name": ")" + provider +
           R"("}}</script>)";
  };
  h.web.Serve("https://hub.example/list",
              R"(<a href="https://hub.example/c/1">1</a><a href="https://hub.example/c/2">2</a>)");
  h.web.Serve("https://hub.example/c/1", page("Grief Counseling Skills", "Acme CE"));
  h.web.Serve("https://hub.example/c/2", page("Ethics for Supervisors", "Beta Institute"));
  REQUIRE(h.Run().status == "ok");
  std::vector<Json> before = h.Records("provider");
  REQUIRE(before.size() == 2);
  for (int night = 0; night < 2; ++night) {
    h.clock.Advance(std::chrono::hours(24));
    REQUIRE(h.Run().status == "ok");
    std::vector<Json> after = h.Records("provider");
    INFO("night " << night + 2 << ": " << Json(after).dump());
    REQUIRE(after.size() == 2);
    for (size_t i = 0; i < after.size(); ++i) {
      CHECK(after[i]["id"] == before[i]["id"]);
      CHECK(after[i]["name"] == before[i]["name"]);
      CHECK(after[i]["status"] == "active");
    }
    for (const Json& c : h.Records("course")) {
      INFO(c.dump());
      CHECK((c["provider"]["id"] == before[0]["id"] || c["provider"]["id"] == before[1]["id"]));
    }
  }
}

// A stop (SIGTERM) in the middle of a crawl: the source is reported cancelled,
// none of its records change, the run is recorded as interrupted and the feed
// is not rewritten.
TEST_CASE("an interrupted run changes no record and is recorded as interrupted") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2, 3, 4});
  h.Run();
  int64_t cursor = h.Cursor();
  h.web.Serve(kListing, Listing({1}));
  for (int n : {1, 2, 3, 4}) h.web.Serve(CourseUrl(n), CoursePage(n, "Changed"));
  h.web.after_page = [&](const std::string& url) {
    if (url == CourseUrl(1)) h.stop = true;
  };
  h.clock.Advance(std::chrono::hours(24));
  RunOutcome run = h.Run();
  CHECK(run.interrupted);
  CHECK(run.status == "interrupted");
  REQUIRE(run.reports.size() == 1);
  CHECK(run.reports[0].cancelled);
  CHECK(run.reports[0].error == "interrupted");
  CHECK(run.feed.empty());
  CHECK(h.Cursor() == cursor);
  auto runs = h.index().Runs(1);
  REQUIRE(runs.ok());
  CHECK((*runs)[0]["status"] == "interrupted");
}

// Issue 17: a run that stored pages and then stopped before applying them (SIGTERM
// here; SIGKILL, a failed source or a fetch-only crawl leave the same) must not let
// the next run trust those copies: a 304 for them would keep the records they
// should have replaced, or none at all on a first crawl.
TEST_CASE("pages stored by a run that never applied them are fetched in full by the next run") {
  Harness h(kAcme);
  h.web.Serve(kListing, Listing({1, 2, 3}), "\"list\"");
  for (int n : {1, 2, 3}) {
    h.web.Serve(CourseUrl(n), CoursePage(n, "Course " + std::to_string(n)),
                "\"c" + std::to_string(n) + "-v1\"");
  }
  h.web.after_page = [&](const std::string& url) {
    if (url == CourseUrl(2)) h.stop = true;
  };
  REQUIRE(h.Run().status == "interrupted");
  CHECK(h.Records("course").empty());
  h.stop = false;
  h.web.after_page = nullptr;
  h.web.ClearRequests();
  REQUIRE(h.Run().status == "ok");
  // Every page the interrupted run stored is fetched in full, none revalidated.
  CHECK(h.web.Conditional().empty());
  REQUIRE(h.Records("course").size() == 3);

  // Every title changes; a run stops after storing two pages of the new edition.
  for (int n : {1, 2, 3}) {
    h.web.Serve(CourseUrl(n), CoursePage(n, "Course " + std::to_string(n) + ", revised"),
                "\"c" + std::to_string(n) + "-v2\"");
  }
  h.web.after_page = [&](const std::string& url) {
    if (url == CourseUrl(2)) h.stop = true;
  };
  h.clock.Advance(std::chrono::hours(24));
  h.web.ClearRequests();
  REQUIRE(h.Run().status == "interrupted");
  // (The crawl sees the stop a little later than the page that set it.)
  std::vector<std::string> stopped_run = h.web.Requests();
  REQUIRE(stopped_run.size() >= 3);
  h.stop = false;
  h.web.after_page = nullptr;
  h.web.ClearRequests();
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");
  // The listing (applied, unchanged) is revalidated, and so is a course page the
  // stopped run did not reach; those it stored are fetched in full.
  std::vector<std::string> want = {kListing};
  for (int n : {1, 2, 3}) {
    if (std::find(stopped_run.begin(), stopped_run.end(), CourseUrl(n)) == stopped_run.end()) {
      want.push_back(CourseUrl(n));
    }
  }
  CHECK(h.web.Conditional() == want);
  for (const Json& c : h.Records("course")) {
    INFO(c.dump());
    CHECK(c["title"].get<std::string>().find(", revised") != std::string::npos);
    CHECK(c["status"] == "active");
  }
  CHECK(h.Records("course").size() == 3);
  // Applied now: the next night revalidates every page and changes nothing.
  int64_t cursor = h.Cursor();
  h.web.ClearRequests();
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");
  CHECK(h.web.Conditional().size() == 4);
  CHECK(h.Cursor() == cursor);
}

TEST_CASE("a refresh after a fetch-only crawl extracts the pages the crawl stored") {
  Harness h(kAcme);
  h.web.Serve(kListing, Listing({1, 2}), "\"list\"");
  for (int n : {1, 2}) {
    h.web.Serve(CourseUrl(n), CoursePage(n, "Course " + std::to_string(n)),
                "\"c" + std::to_string(n) + "\"");
  }
  REQUIRE(h.Run(Mode::kCrawlOnly).status == "ok");
  REQUIRE(h.Run().status == "ok");
  CHECK(h.Records("course").size() == 2);
}

// One Diagnostic type end to end: the crawler's (robots.txt) and the parsers'
// (a JSON-LD block that is not JSON) problems land in the stored run report.
TEST_CASE("robots.txt and page diagnostics are collected into the run report") {
  Harness h(kAcme);
  ServeCatalogue(h.web, {1, 2});
  h.web.Serve(CourseUrl(2), R"(<script type="application/ld+json">{"@type": </script>)");
  h.web.crawl_diagnostics.push_back({.severity = Diagnostic::Severity::kInfo,
                                     .where = "robots.txt",
                                     .url = "https://acme.example/robots.txt",
                                     .line = 2,
                                     .message = "\"Dissallow\" read as a misspelt directive"});
  RunOutcome run = h.Run();
  REQUIRE(run.reports.size() == 1);
  Json stored = run.reports[0].ToJson();
  INFO(stored["diagnostics"].dump(2));
  bool robots = false, jsonld = false;
  for (const Json& d : stored["diagnostics"]) {
    if (d["where"] == "robots.txt" && d["line"] == 2) robots = true;
    if (d.value("url", "") == CourseUrl(2) && d["severity"] == "error") jsonld = true;
  }
  CHECK(robots);
  CHECK(jsonld);
  auto runs = h.index().Runs(1);
  REQUIRE(runs.ok());
  CHECK((*runs)[0]["sources"][0]["diagnostics"] == stored["diagnostics"]);
}

// Merged records are stable (issue 17): each source's fields survive the other's
// re-fetch, and two re-fetches of unchanged pages emit no change at all, whichever
// source's crawl ends first.
TEST_CASE("a course merged from two sources keeps both sources' fields across re-fetches") {
  std::string sources = R"([
    {"id": "acme", "kinds": ["courses"], "start_urls": ["https://acme.example/courses/"], "max_depth": 1},
    {"id": "hub", "kinds": ["courses"], "start_urls": ["https://hub.example/list"], "max_depth": 1}])";
  Harness h(sources);
  auto serve = [&](int night, const std::string& hub_price) {
    // A build stamp in each page: every night's pages differ byte for byte, so both
    // sources parse and apply again (no 304 shortcut).
    std::string stamp = "<!-- night " + std::to_string(night) + " -->";
    h.web.Serve(kListing, Listing({1}) + stamp);
    h.web.Serve(CourseUrl(1), CoursePage(1, "Trauma-Informed Care") + stamp);
    h.web.Serve("https://hub.example/list", R"(<a href="https://hub.example/c/77">x</a>)" + stamp);
    std::string hub = CoursePage(1, "Trauma-Informed Care");
    hub.replace(hub.find(CourseUrl(1)), CourseUrl(1).size(), "https://hub.example/c/77");
    hub.replace(hub.find(R"("numberOfCredits")"), 0,
                R"("offers": {"@type": "Offer", "price": ")" + hub_price +
                    R"(", "priceCurrency": "USD"}, )");
    h.web.Serve("https://hub.example/c/77", hub + stamp);
  };
  serve(1, "40");
  REQUIRE(h.Run().status == "ok");
  std::vector<Json> courses = h.Records("course");
  REQUIRE(courses.size() == 1);
  const std::string id = courses[0]["id"];
  REQUIRE(courses[0]["price"]["amount"] == 40);
  CHECK(courses[0]["sources"] == Json::array({"acme", "hub"}));

  // Night 2: both re-fetch unchanged content. The hub's crawl ends first on one
  // night and last on the other; neither order may change the record.
  for (int night : {2, 3}) {
    INFO("night " << night);
    serve(night, "40");
    std::atomic<bool> first_done{false};
    const std::string first = night == 2 ? "hub.example/c/77" : "acme.example/courses/c1";
    const std::string second = night == 2 ? "acme.example" : "hub.example";
    h.web.after_page = [&](const std::string& url) {
      if (url.find(first) != std::string::npos) first_done = true;
      if (url.find(second) != std::string::npos && url.find(first) == std::string::npos) {
        for (int i = 0; i < 200 && !first_done; ++i) {
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
      }
    };
    int64_t cursor = h.Cursor();
    h.clock.Advance(std::chrono::hours(25));
    REQUIRE(h.Run().status == "ok");
    h.web.after_page = nullptr;
    courses = h.Records("course");
    REQUIRE(courses.size() == 1);
    CHECK(courses[0]["id"] == id);
    CHECK(courses[0]["price"]["amount"] == 40);
    CHECK(h.ChangesSince(cursor).empty());
  }

  // Only acme re-fetches: the hub's price stays.
  serve(4, "40");
  h.clock.Advance(std::chrono::hours(25));
  REQUIRE(h.Run(Mode::kRefresh, {"acme"}).status == "ok");
  courses = h.Records("course");
  REQUIRE(courses.size() == 1);
  CHECK(courses[0]["price"]["amount"] == 40);

  // The hub changes its price: the merged record follows it, one upsert.
  serve(5, "55");
  int64_t cursor = h.Cursor();
  h.clock.Advance(std::chrono::hours(25));
  REQUIRE(h.Run().status == "ok");
  courses = h.Records("course");
  REQUIRE(courses.size() == 1);
  CHECK(courses[0]["price"]["amount"] == 55);
  CHECK(h.ChangesSince(cursor).size() == 1);
}

// Issue 17 item 4: one organisation named on its home, about and workshop pages
// (with approval wording in its name, www and not) and by an aggregator that gives
// no URL came out as four providers.
TEST_CASE("one provider per organisation, whichever page or aggregator names it") {
  Harness h(R"([
    {"id": "acme", "kinds": ["courses", "providers", "accreditations"], "max_depth": 2,
     "start_urls": ["https://acme.example/"]},
    {"id": "hub", "kinds": ["courses"], "start_urls": ["https://hub.example/list"],
     "max_depth": 1}])");
  auto org = [](const std::string& name, const std::string& url) {
    return R"(<script type="application/ld+json">{"@context": "https://schema.org",
      "@type": "Organization", "name": ")" +
           name + R"(", "url": ")" + url + R"("}</script>)";
  };
  h.web.Serve("https://acme.example/", "<html><head>" +
                                           org("Acme CE, Inc.", "https://acme.example/") +
                                           R"(</head><body><a href="/about">About</a>
                  <a href="/courses/">Workshops</a></body></html>)");
  h.web.Serve("https://acme.example/about",
              "<html><head>" +
                  org("Acme CE (NBCC ACEP No. 6789)", "http://www.acme.example/about") +
                  R"(</head><body><p>Acme CE, Inc. has been approved by NBCC as an Approved
                  Continuing Education Provider, ACEP No. 6789. Acme CE, Inc. is solely
                  responsible for all aspects of the programs.</p></body></html>)");
  h.web.Serve(kListing, Listing({1}));
  h.web.Serve(CourseUrl(1), CoursePage(1, "Trauma-Informed Care"));
  h.web.Serve("https://hub.example/list", R"(<a href="https://hub.example/c/9">x</a>)");
  h.web.Serve("https://hub.example/c/9", R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Course", "name": "Motivational Interviewing",
     "url": "https://hub.example/c/9", "numberOfCredits": 3,
     "provider": {"@type": "Organization", "name": "ACME CE Provider #6789"}}
    </script></head><body></body></html>)");
  // The provider's own site first, the aggregator the night after: the hub's
  // name-only mention resolves to the site's record.
  REQUIRE(h.Run(Mode::kRefresh, {"acme"}).status == "ok");
  h.clock.Advance(std::chrono::hours(25));
  REQUIRE(h.Run().status == "ok");

  std::vector<Json> providers = h.Records("provider");
  INFO(Json(providers).dump(2));
  REQUIRE(providers.size() == 1);
  const Json& p = providers[0];
  CHECK(p["url"] == "https://acme.example/");
  CHECK(p["name"].get<std::string>().rfind("Acme CE", 0) == 0);
  CHECK(p["name"].get<std::string>().find("6789") == std::string::npos);
  CHECK(p["sources"] == Json::array({"acme", "hub"}));
  REQUIRE(p.contains("approvals"));
  CHECK(p["approvals"][0]["body"] == "NBCC");
  // The statement is wrapped in the page's source: its number is still found.
  CHECK(p["approvals"][0]["number"] == "6789");
  for (const Json& c : h.Records("course")) {
    INFO(c["title"]);
    CHECK(c["provider"]["id"] == p["id"]);
  }
  CHECK(h.Records("course").size() == 2);

  // Nothing changed: the next night emits nothing.
  int64_t cursor = h.Cursor();
  h.clock.Advance(std::chrono::hours(25));
  REQUIRE(h.Run().status == "ok");
  CHECK(h.ChangesSince(cursor).empty());
  CHECK(h.Records("provider").size() == 1);
}

// Issue 17 ("their approvals merge with provenance per field"): the provider's own
// site states its NBCC approval, an aggregator lists its APA approval and a
// rating. One record holds both approvals, and each field says where it came
// from, also after either source re-fetches alone.
TEST_CASE("a provider's approvals merged from its site and an aggregator keep their provenance") {
  Harness h(R"([
    {"id": "acme", "kinds": ["courses", "providers"], "max_depth": 1,
     "start_urls": ["https://acme.example/"]},
    {"id": "hub", "kinds": ["courses", "providers"], "start_urls": ["https://hub.example/orgs/acme"],
     "max_depth": 0}])");
  h.web.Serve("https://acme.example/", R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Organization", "name": "Acme CE",
     "url": "https://acme.example/"}</script></head><body><a href="/about">About</a></body></html>)");
  h.web.Serve("https://acme.example/about", R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Organization", "name": "Acme CE",
     "url": "https://acme.example/"}</script></head><body><p>Acme CE has been approved by NBCC
     as an Approved Continuing Education Provider, ACEP No. 6789.</p></body></html>)");
  h.web.Serve("https://hub.example/orgs/acme", R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Organization", "name": "Acme CE",
     "url": "https://acme.example/",
     "aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.5", "ratingCount": "12"},
     "hasCredential": {"@type": "EducationalOccupationalCredential",
       "name": "Approved by the American Psychological Association to sponsor continuing education",
       "recognizedBy": {"@type": "Organization", "name": "American Psychological Association"}}}
    </script></head><body></body></html>)");
  REQUIRE(h.Run(Mode::kRefresh, {"acme"}).status == "ok");
  h.clock.Advance(std::chrono::hours(25));
  REQUIRE(h.Run(Mode::kRefresh, {"hub"}).status == "ok");

  auto check = [&](const std::string& when) {
    INFO(when);
    std::vector<Json> providers = h.Records("provider");
    INFO(Json(providers).dump(2));
    REQUIRE(providers.size() == 1);
    Json p = providers[0];  // a copy: a missing key reads as null
    CHECK(p["sources"] == Json::array({"acme", "hub"}));
    CHECK(p["rating"]["average"] == 4.5);
    std::set<std::string> bodies;
    for (const Json& a : p.value("approvals", Json::array())) bodies.insert(a.value("body", ""));
    CHECK(bodies == std::set<std::string>{"APA", "NBCC"});
    auto shown = h.index().Show(p["id"].get<std::string>());
    REQUIRE(shown.ok());
    REQUIRE(shown->has_value());
    Json prov = (**shown)["provenance"];
    INFO(prov.dump(2));
    // The site's statement and the aggregator's credential, each named.
    const std::string approvals = prov["approvals"].value("producer", "");
    CHECK(approvals.find("text:approval statement") != std::string::npos);
    CHECK(approvals.find("hub:jsonld:") != std::string::npos);
    // A field only the aggregator gave is the aggregator's, with its page.
    CHECK(prov["rating"].value("producer", "").rfind("hub:jsonld:", 0) == 0);
    CHECK(prov["rating"]["source"] == "hub");
    CHECK(prov["rating"]["page"] == "https://hub.example/orgs/acme");
    CHECK(prov["name"]["source"] == "acme");
  };
  check("after both crawls");
  // Each source re-fetches alone, its pages changed: the other's fields and their
  // provenance stay.
  h.web.Serve("https://acme.example/about",
              R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Organization", "name": "Acme CE",
     "url": "https://acme.example/"}</script></head><body><p>Acme CE has been approved by NBCC
     as an Approved Continuing Education Provider, ACEP No. 6789. New address.</p></body></html>)");
  h.clock.Advance(std::chrono::hours(25));
  REQUIRE(h.Run(Mode::kRefresh, {"acme"}).status == "ok");
  check("after the site's re-fetch");
  h.clock.Advance(std::chrono::hours(25));
  REQUIRE(h.Run(Mode::kRefresh, {"hub"}).status == "ok");
  check("after the aggregator's re-fetch");
}

// Issue 19: a provider's accreditation page lists its approvals in a table; its
// courses inherit the provider-level ones (NBCC, ASWB ACE, APA), also on an
// aggregator that names the provider, unless the course page denies one. A
// provider that loses an approval takes it from its courses, also from those whose
// pages did not change.
TEST_CASE("courses inherit their provider's provider-level approvals and follow its changes") {
  Harness h(R"([
    {"id": "acme", "kinds": ["courses", "providers", "accreditations"], "max_depth": 2,
     "start_urls": ["https://acme.example/"]},
    {"id": "hub", "kinds": ["courses"], "start_urls": ["https://hub.example/list"],
     "max_depth": 1}])");
  h.web.Serve("https://acme.example/", R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Organization", "name": "Acme CE",
     "url": "https://acme.example/"}</script></head><body>
    <a href="/accreditation">Accreditation</a> <a href="/courses/">Workshops</a></body></html>)");
  auto accreditation = [](bool with_nbcc) {
    std::string rows =
        R"(<tr><td>American Psychological Association</td><td>n/a</td><td></td></tr>
           <tr><td>ASWB ACE</td><td>1377</td><td>04/15/2027</td></tr>
           <tr><td>Texas Behavioral Health Executive Council</td><td>BHEC-771</td><td>1/1/2027</td></tr>
           <tr><td>Ohio CSWMFT Board</td><td></td><td>6/30/2027</td></tr>)";
    if (with_nbcc) rows += R"(<tr><td>NBCC ACEP</td><td>6842</td><td>12/31/2026</td></tr>)";
    return R"(<html><body><h1>Our approvals</h1><table>
      <tr><th>Approving body</th><th>Provider number</th><th>Valid until</th></tr>)" +
           rows + "</table></body></html>";
  };
  h.web.Serve("https://acme.example/accreditation", accreditation(true));
  h.web.Serve(kListing, Listing({1, 2}));
  h.web.Serve(CourseUrl(1), CoursePage(1, "Trauma-Informed Care"), "\"c1\"");
  h.web.Serve(CourseUrl(2),
              R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Course", "name": "Play Therapy Basics",
     "url": ")" + CourseUrl(2) +
                  R"(", "numberOfCredits": 3,
     "provider": {"@type": "Organization", "name": "Acme CE", "url": "https://acme.example/"}}
    </script></head><body><h1>Play Therapy Basics</h1>
    <p>Please note: this workshop is not approved for NBCC credit.</p></body></html>)",
              "\"c2\"");
  h.web.Serve("https://hub.example/list", R"(<a href="https://hub.example/c/9">x</a>)");
  h.web.Serve("https://hub.example/c/9", R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Course", "name": "Motivational Interviewing",
     "url": "https://hub.example/c/9", "numberOfCredits": 3,
     "provider": {"@type": "Organization", "name": "Acme CE"}}
    </script></head><body></body></html>)",
              "\"h9\"");
  REQUIRE(h.Run(Mode::kRefresh, {"acme"}).status == "ok");
  h.clock.Advance(std::chrono::hours(25));
  REQUIRE(h.Run().status == "ok");

  std::vector<Json> providers = h.Records("provider");
  INFO(Json(providers).dump(2));
  REQUIRE(providers.size() == 1);
  const std::string pid = providers[0]["id"];
  auto bodies = [](const Json& record) {
    std::map<std::string, Json> out;
    for (const Json& a : record.value("approvals", Json::array())) out[a["body"]] = a;
    return out;
  };
  auto provider_approvals = bodies(providers[0]);
  CHECK(provider_approvals.size() == 5);
  CHECK(provider_approvals["NBCC"]["number"] == "6842");
  CHECK(provider_approvals["NBCC"]["valid_until"] == "2026-12-31");
  CHECK(provider_approvals["ASWB-ACE"]["number"] == "1377");
  CHECK(provider_approvals.count("TX-BOARD") == 1);
  CHECK(provider_approvals.count("OH-BOARD") == 1);

  auto course = [&](const std::string& title) {
    for (const Json& c : h.Records("course"))
      if (c["title"] == title) return c;
    FAIL("no course " << title);
    return Json();
  };
  {
    Json c1 = course("Trauma-Informed Care");
    INFO(c1.dump(2));
    auto got = bodies(c1);
    // Provider-level bodies pass to the course, and so does a state board that
    // numbered the provider (TX-BOARD, provider BHEC-771); a state board named
    // without a provider number (OH-BOARD) approves courses, and does not.
    CHECK(got.size() == 4);
    CHECK(got["NBCC"] == Json({{"body", "NBCC"},
                               {"number", "6842"},
                               {"valid_until", "2026-12-31"},
                               {"inherited_from", pid}}));
    CHECK(got["APA"]["number"].is_null());
    CHECK(got.count("ASWB-ACE") == 1);
    CHECK(got["TX-BOARD"]["number"] == "BHEC-771");
    CHECK(got.count("OH-BOARD") == 0);
    auto shown = h.index().Show(c1["id"]);
    REQUIRE(shown.ok());
    CHECK((**shown)["provenance"]["approvals"]["producer"] == "inherited:" + pid);
  }
  {
    Json c2 = course("Play Therapy Basics");
    INFO(c2.dump(2));
    CHECK(bodies(c2).count("NBCC") == 0);
    CHECK(bodies(c2).count("APA") == 1);
    CHECK(c2["not_approved_by"] == Json::array({"NBCC"}));
  }
  CHECK(bodies(course("Motivational Interviewing")).count("NBCC") == 1);  // the hub's
  {
    index::SearchQuery q;
    q.approved_by = "NBCC";
    auto found = h.index().Search(q);
    REQUIRE(found.ok());
    CHECK(found->total == 2);
  }

  // Nothing changed: the next night emits nothing.
  int64_t cursor = h.Cursor();
  h.clock.Advance(std::chrono::hours(25));
  REQUIRE(h.Run().status == "ok");
  CHECK(h.ChangesSince(cursor).empty());

  // The provider loses its NBCC approval. The course pages answer 304; their
  // courses lose the inherited approval all the same (and the provider changes).
  h.web.Serve("https://acme.example/accreditation", accreditation(false));
  cursor = h.Cursor();
  h.clock.Advance(std::chrono::hours(25));
  REQUIRE(h.Run().status == "ok");
  CHECK(bodies(course("Trauma-Informed Care")).count("NBCC") == 0);
  CHECK(bodies(course("Motivational Interviewing")).count("NBCC") == 0);
  CHECK(bodies(course("Trauma-Informed Care")).count("ASWB-ACE") == 1);
  CHECK(h.ChangesSince(cursor).size() == 3);  // the provider and two courses
}

// Issue 17, item 7: a publisher's typography reaches the index and the feed as
// published, and matching still reads it as ASCII: the same course from a source
// that writes straight quotes merges into it, and straight queries find it.
TEST_CASE("a title's curly quotes and dashes survive to the feed, and still match") {
  const std::string title =
      "Clients\xE2\x80\x99 \xE2\x80\x9CStuck Points\xE2\x80\x9D: Ages 3\xE2\x80\x93"
      "8";
  const std::string description =
      "Three parts \xE2\x80\x94 each \xE2\x80\x9Chands-on\xE2\x80\x9D\xE2\x80\xA6";
  // JSON-LD written with a JSON library: the straight title's quotes escaped.
  auto page = [](const std::string& url, const std::string& name, const std::string& about) {
    Json course = {
        {"@context", "https://schema.org"},
        {"@type", "Course"},
        {"name", name},
        {"url", url},
        {"description", about},
        {"numberOfCredits", 6},
        {"provider",
         {{"@type", "Organization"}, {"name", "Acme CE"}, {"url", "https://acme.example/"}}}};
    return R"(<html><head><script type="application/ld+json">)" + course.dump() +
           "</script></head><body><h1>" + name + "</h1></body></html>";
  };
  std::string sources = R"([
    {"id": "acme", "kinds": ["courses"], "start_urls": ["https://acme.example/courses/"], "max_depth": 1},
    {"id": "hub", "kinds": ["courses"], "start_urls": ["https://hub.example/list"], "max_depth": 1}])";
  Harness h(sources);
  h.web.Serve(kListing, Listing({1}));
  h.web.Serve(CourseUrl(1), page(CourseUrl(1), title, description));
  h.web.Serve("https://hub.example/list", R"(<a href="https://hub.example/c/77">x</a>)");
  h.web.Serve("https://hub.example/c/77",
              page("https://hub.example/c/77", "Clients' \"Stuck Points\": Ages 3-8",
                   "Three parts - each \"hands-on\"..."));
  RunOutcome run = h.Run();
  REQUIRE(run.status == "ok");

  // Index: one record, as the first source published it.
  std::vector<Json> courses = h.Records("course");
  REQUIRE(courses.size() == 1);
  CHECK(courses[0]["title"] == title);
  CHECK(courses[0]["description"] == description);
  CHECK(courses[0]["sources"] == Json::array({"acme", "hub"}));

  // Feed: the same bytes.
  REQUIRE_FALSE(run.feed.empty());
  std::ifstream in(run.feed);
  Json feed = Json::parse(in);
  REQUIRE(feed["courses"].size() == 1);
  CHECK(feed["courses"][0]["title"] == title);
  CHECK(feed["courses"][0]["description"] == description);

  // Search: typed straight, or pasted curly.
  for (const std::string& typed : {std::string("\"clients' stuck points\" ages 3-8"),
                                   std::string("\xE2\x80\x9C"
                                               "Stuck Points\xE2\x80\x9D clients\xE2\x80\x99"),
                                   std::string("\"each hands-on...\"")}) {
    CAPTURE(typed);
    index::SearchQuery q;
    q.text = typed;
    auto found = h.index().Search(q);
    REQUIRE(found.ok());
    REQUIRE(found->total == 1);
    CHECK(found->results[0]["title"] == title);
  }

  // The next night, unchanged: no change.
  int64_t cursor = h.Cursor();
  h.clock.Advance(std::chrono::hours(24));
  REQUIRE(h.Run().status == "ok");
  CHECK(h.ChangesSince(cursor).empty());
}

}  // namespace
}  // namespace cecat::refresh

namespace cecat::refresh {
namespace {

// An aggregator's course page, as hub.example publishes them.
std::string HubCoursePage(const std::string& slug, const std::string& title) {
  return R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Course", "name": ")" +
         title + R"(", "url": "https://hub.example/course/)" + slug + R"(",
     "provider": {"@type": "Organization", "name": "Ridgeline CE",
                  "url": "https://ridgeline.example/"}}
    </script></head><body><h1>)" +
         title + "</h1></body></html>";
}

TEST_CASE("reviews on an aggregator's reviews page reach the course and provider they name") {
  // Issue 19: the reviews page names each course by link, or by title beside a
  // listing of its courses, and reviews the provider by name; the course pages
  // and the provider's site are elsewhere.
  Harness h(R"([{"id": "hub", "kinds": ["courses", "providers", "reviews"],
    "start_urls": ["https://hub.example/reviews"], "max_depth": 1}])");
  h.web.Serve("https://hub.example/reviews", R"(<html><head>
    <script type="application/ld+json">[
      {"@context": "https://schema.org", "@type": "Course", "name": "Trauma-Informed Care",
       "url": "https://hub.example/course/trauma",
       "provider": {"@type": "Organization", "name": "Ridgeline CE"}},
      {"@context": "https://schema.org", "@type": "Course", "name": "Grief and Loss 101",
       "url": "https://hub.example/course/grief",
       "provider": {"@type": "Organization", "name": "Ridgeline CE"}},
      {"@context": "https://schema.org", "@type": "Review",
       "itemReviewed": {"@type": "Course", "name": "Grief and Loss 101",
                        "url": "/course/grief"},
       "reviewRating": {"ratingValue": 5}, "author": {"name": "Pat"},
       "reviewBody": "Gentle and practical."},
      {"@context": "https://schema.org", "@type": "Review",
       "itemReviewed": {"@type": "Course", "name": "Trauma Informed Care"},
       "reviewRating": {"ratingValue": 3}, "author": {"name": "Lee"},
       "reviewBody": "Good content, rushed ending."},
      {"@context": "https://schema.org", "@type": "Review",
       "itemReviewed": {"@type": "Organization", "name": "Ridgeline CE"},
       "reviewRating": {"ratingValue": 4}, "author": {"name": "Sam"},
       "reviewBody": "Certificates arrive the same day."}]
    </script></head><body>
    <a href="/course/grief">Grief and Loss 101</a>
    <a href="/course/trauma">Trauma-Informed Care</a></body></html>)");
  h.web.Serve("https://hub.example/course/grief", HubCoursePage("grief", "Grief and Loss 101"));
  h.web.Serve("https://hub.example/course/trauma", HubCoursePage("trauma", "Trauma-Informed Care"));
  h.Run();

  std::map<std::string, std::string> target;  // author -> target
  for (const Json& r : h.Records("review")) target[r.value("author", "")] = r.value("target", "");
  const std::string grief = MakeRecordId(RecordType::kCourse, "https://hub.example/course/grief");
  const std::string trauma = MakeRecordId(RecordType::kCourse, "https://hub.example/course/trauma");
  const std::string ridgeline = MakeRecordId(RecordType::kProvider, "https://ridgeline.example/");
  CHECK(target["Pat"] == grief);
  CHECK(target["Lee"] == trauma);
  CHECK(target["Sam"] == ridgeline);

  // The reviews count where they belong: each course and the provider are rated.
  std::map<std::string, Json> rated;
  for (const char* type : {"course", "provider"}) {
    for (const Json& r : h.Records(type)) rated[r.value("id", "")] = r.value("rating", Json());
  }
  CHECK(rated[grief].value("average", 0.0) == 5.0);
  CHECK(rated[trauma].value("average", 0.0) == 3.0);
  CHECK(rated[ridgeline].value("average", 0.0) == 4.0);
}

// Issue 20: a page no extract entry applies to is said once per source, as
// info (listing pages are often crawled for their links alone), naming the
// first such page and how many others there were.
TEST_CASE("pages no extract entry matched are one info line in the source's report") {
  Harness h(R"([{"id": "acme", "kinds": ["courses", "providers"],
    "start_urls": ["https://acme.example/courses/"], "max_depth": 1, "refresh": "daily",
    "extract": [{"url": "/courses/c[0-9]+$", "method": "auto"}]}])");
  ServeCatalogue(h.web, {1, 2});
  // A second listing page, linked from the first: two unmatched pages, one line.
  h.web.Serve(kListing, Listing({1, 2}) + "<a href=\"https://acme.example/courses/?page=2\">2</a>");
  h.web.Serve("https://acme.example/courses/?page=2", Listing({1}));
  RunOutcome run = h.Run();
  REQUIRE(run.reports.size() == 1);
  CHECK(run.reports[0].ok);
  for (int n : {1, 2}) CHECK(h.Status(CourseUrl(n)) == "active");
  int lines = 0;
  for (const Diagnostic& d : run.reports[0].diagnostics) {
    if (d.message.find("no extract entry matched") == std::string::npos) continue;
    ++lines;
    CHECK(d.severity == Diagnostic::Severity::kInfo);
    CHECK(d.where == "extract");
    CHECK(d.url == kListing);
    CHECK(d.message ==
          "no extract entry matched this URL nor 1 other crawled page; their links were "
          "followed, no records looked for");
  }
  CHECK(lines == 1);

  // With an entry for every page, nothing is said.
  Harness all(kAcme);
  ServeCatalogue(all.web, {1, 2});
  RunOutcome quiet = all.Run();
  REQUIRE(quiet.reports.size() == 1);
  for (const Diagnostic& d : quiet.reports[0].diagnostics) {
    CHECK(d.message.find("no extract entry matched") == std::string::npos);
  }
}

// Issue 21: each refresh measures the source and judges it against its own
// history, on a changing site: a healthy history is never flagged, pages losing
// their hours at the same count are degraded with the coverage figures, a listing
// that halves is degraded, and an accepted smaller size becomes the new baseline.
// Refreshes `h` a day later with `listed` courses on the listing, their pages
// with or without hours; the source's health object.
Json RefreshAcme(Harness& h, const std::vector<int>& listed, bool hours) {
  h.web.Serve(kListing, Listing(listed));
  for (int n : {1, 2, 3, 4}) {
    std::string page = CoursePage(n, "Course " + std::to_string(n));
    if (!hours) page.replace(page.find("\"numberOfCredits\": 6,"), 21, "");
    h.web.Serve(CourseUrl(n), page);
  }
  h.clock.Advance(std::chrono::hours(25));
  RunOutcome run = h.Run();
  REQUIRE(run.reports.size() == 1);
  REQUIRE(run.reports[0].ok);
  REQUIRE(run.reports[0].health.is_object());
  return run.reports[0].health;
}

TEST_CASE("refreshes of a changing site: degraded when hours vanish, healthy when fixed") {
  Harness h(kAcme);
  std::vector<std::string> statuses;
  for (int i = 0; i < 5; ++i) statuses.push_back(RefreshAcme(h, {1, 2, 3, 4}, true)["status"]);
  CHECK(statuses ==
        std::vector<std::string>{"no history", "no history", "no history", "healthy", "healthy"});
  Json good = RefreshAcme(h, {1, 2, 3, 4}, true);
  CHECK(good["records"]["course"] == 4);
  CHECK(good["coverage"]["ce_hours"] == 1.0);
  CHECK(good["coverage"]["title"] == 1.0);

  Json lost = RefreshAcme(h, {1, 2, 3, 4}, false);
  CHECK(lost["status"] == "degraded");
  CHECK(lost["reasons"] == Json::array({"ce_hours coverage 100% -> 0%"}));
  CHECK(lost["records"]["course"] == 4);
  // Fixed the next night; the bad night does not become the norm.
  CHECK(RefreshAcme(h, {1, 2, 3, 4}, true)["status"] == "healthy");
}

TEST_CASE("refreshes of a changing site: a halved listing is degraded") {
  Harness h(kAcme);
  for (int i = 0; i < 4; ++i) RefreshAcme(h, {1, 2, 3, 4}, true);
  Json halved = RefreshAcme(h, {1, 2}, true);
  CHECK(halved["status"] == "degraded");
  CHECK(halved["reasons"] == Json::array({"course records 4 -> 2 (median of 4 good runs)"}));
}

TEST_CASE("an accepted smaller size lifts the removal guard once and becomes the baseline") {
  Harness h(kAcme);
  for (int i = 0; i < 4; ++i) RefreshAcme(h, {1, 2, 3, 4}, true);
  // Down to one course: degraded, and the removal guard holds the other three back...
  Json one = RefreshAcme(h, {1}, true);
  CHECK(one["status"] == "degraded");
  CHECK(one["reasons"] == Json::array({"course records 4 -> 1 (median of 4 good runs)"}));
  CHECK(h.Status(CourseUrl(4)) == "active");
  CHECK(RefreshAcme(h, {1}, true)["status"] == "degraded");  // and stays so
  CHECK(h.Status(CourseUrl(4)) == "active");
  // ...until the admin accepts the new size: the next crawl judges missing records
  // as usual, and the accepted size is the baseline from then on.
  REQUIRE(h.index().AcceptSource("acme", "catalogue cut to one course", h.clock.NowUnix()).ok());
  auto pending = h.index().LatestAcceptance("acme");
  REQUIRE(pending.ok());
  REQUIRE(pending->has_value());
  CHECK((*pending)->pending);
  CHECK((*pending)->active_records == 5);  // four courses and the provider
  CHECK((*pending)->after_run == 6);       // the six refreshes so far
  Json accepted = RefreshAcme(h, {1}, true);
  CHECK(accepted["status"] == "healthy");
  CHECK(h.Status(CourseUrl(4)) == "stale");
  CHECK(h.Status(CourseUrl(1)) == "active");
  auto used = h.index().LatestAcceptance("acme");
  REQUIRE(used.ok());
  CHECK((*used)->reason == "catalogue cut to one course");
  CHECK_FALSE((*used)->pending);
  CHECK(RefreshAcme(h, {1}, true)["status"] == "healthy");
}

}  // namespace
}  // namespace cecat::refresh
