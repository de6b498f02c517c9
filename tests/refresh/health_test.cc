// Source health (refresh/health.h, issue 21): verdicts against seeded histories.
// A redesign that keeps the count but strips the hours, a listing that halves, a
// source that yields nothing are degraded; a healthy history with the ordinary
// night-to-night noise is never flagged.
#include <catch2/catch.hpp>

#include <random>

#include "refresh/health.h"

namespace cecat::refresh {
namespace {

// A run's health object: `courses` courses, each field's coverage as given
// (the rest 1.0), `rejected` of `raw` raw records, `failed` of `pages` pages.
Json Health(int courses, std::map<std::string, double> coverage = {}, int rejected = 0,
            int failed = 0, int pages = 50) {
  Json cov = Json::object();
  for (const std::string& f : HealthFields()) cov[f] = coverage.count(f) ? coverage[f] : 1.0;
  return Json{{"records", {{"course", courses}, {"provider", 1}}},
              {"courses", courses},
              {"coverage", cov},
              {"rejected", rejected},
              {"raw_records", courses + rejected},
              {"failed_pages", failed},
              {"pages", pages}};
}

index::SourceRunEntry Entry(int64_t run_id, Json health, std::string status = "healthy",
                            bool ok = true, std::string command = "refresh") {
  health["status"] = status;
  index::SourceRunEntry e;
  e.run_id = run_id;
  e.command = command;
  e.started_at = 1800000000 + run_id * 86400;
  e.report = {{"ok", ok}, {"partial", false}, {"cancelled", false}, {"health", health}};
  return e;
}

config::HealthThresholds Defaults() { return config::HealthThresholds{}; }

}  // namespace

TEST_CASE("a course field's coverage collapsing at the same count is degraded, with the figures") {
  std::vector<Json> baseline;
  for (double c : {0.96, 0.95, 0.97, 0.96, 0.96}) baseline.push_back(Health(80, {{"ce_hours", c}}));
  HealthVerdict v = JudgeHealth(Health(80, {{"ce_hours", 0.10}}), baseline, Defaults());
  CHECK(v.status == "degraded");
  CHECK(v.reasons == std::vector<std::string>{"ce_hours coverage 96% -> 10%"});
  CHECK(v.baseline_runs == 5);
}

TEST_CASE("a listing that halves is degraded, one that yields nothing says so") {
  std::vector<Json> baseline(5, Health(80));
  HealthVerdict halved = JudgeHealth(Health(40), baseline, Defaults());
  CHECK(halved.status == "degraded");
  CHECK(halved.reasons ==
        std::vector<std::string>{"course records 80 -> 40 (median of 5 good runs)"});

  Json nothing = Health(0);
  nothing["records"] = Json::object();
  HealthVerdict empty = JudgeHealth(nothing, baseline, Defaults());
  CHECK(empty.status == "degraded");
  CHECK(empty.reasons ==
        std::vector<std::string>{"yielded no records, 81 before (median of 5 good runs)"});
}

TEST_CASE("rejects and failed pages rising are degraded") {
  std::vector<Json> baseline(4, Health(80, {}, 2, 1));
  HealthVerdict v = JudgeHealth(Health(80, {}, 40, 20), baseline, Defaults());
  CHECK(v.status == "degraded");
  CHECK(v.reasons == std::vector<std::string>{"rejected share of raw records 2% -> 33%",
                                              "failed share of pages 2% -> 40%"});
}

TEST_CASE("a healthy history with ordinary noise is never flagged") {
  // 200 nights of a source whose count wanders by up to 15% and whose coverage
  // by up to 10 points, rejects and failures by a few: each judged against the
  // runs before it, as the refresh does.
  std::mt19937 rng(20261205);
  std::uniform_real_distribution<double> count(0.85, 1.15), cov(0.85, 0.95), small(0, 0.05);
  std::vector<index::SourceRunEntry> history;  // newest first
  int flagged = 0, judged = 0;
  for (int night = 0; night < 200; ++night) {
    int courses = static_cast<int>(120 * count(rng));
    Json h = Health(courses, {{"ce_hours", cov(rng)}, {"price", cov(rng)}, {"audiences", cov(rng)}},
                    static_cast<int>(courses * small(rng)), static_cast<int>(50 * small(rng)));
    std::vector<Json> baseline = SelectBaseline(history, std::nullopt, Defaults());
    HealthVerdict v = JudgeHealth(h, baseline, Defaults());
    if (v.status != "no history") ++judged;
    if (v.status == "degraded") {
      ++flagged;
      INFO("night " << night << ": " << v.reasons[0]);
      CHECK(v.status != "degraded");
    }
    history.insert(history.begin(), Entry(night, h, v.status));
  }
  CHECK(judged == 197);  // all but the first three (min_runs)
  CHECK(flagged == 0);
}

TEST_CASE("the baseline: good crawls only, degraded runs left out, at most history_runs") {
  std::vector<index::SourceRunEntry> history = {
      Entry(9, Health(10), "degraded"),                  // left out: degraded
      Entry(8, Health(80), "healthy", /*ok=*/false),     // failed
      Entry(7, Health(81), "healthy", true, "reparse"),  // not a crawl
      Entry(6, Health(82)),
      Entry(5, Health(83)),
      Entry(4, Health(84)),
  };
  config::HealthThresholds t;
  t.history_runs = 2;
  std::vector<Json> baseline = SelectBaseline(history, std::nullopt, t);
  REQUIRE(baseline.size() == 2);
  CHECK(baseline[0]["courses"] == 82);
  CHECK(baseline[1]["courses"] == 83);

  // A source broken for weeks stays degraded: its broken runs never become the norm.
  std::vector<index::SourceRunEntry> broken;
  for (int i = 0; i < 20; ++i) broken.push_back(Entry(100 - i, Health(12), "degraded"));
  for (int i = 0; i < 5; ++i) broken.push_back(Entry(50 - i, Health(80)));
  HealthVerdict v =
      JudgeHealth(Health(12), SelectBaseline(broken, std::nullopt, Defaults()), Defaults());
  CHECK(v.status == "degraded");
}

TEST_CASE("fewer good runs than min_runs is no history, an accepted size is the new baseline") {
  std::vector<index::SourceRunEntry> history = {Entry(2, Health(80)), Entry(1, Health(80))};
  HealthVerdict v =
      JudgeHealth(Health(10), SelectBaseline(history, std::nullopt, Defaults()), Defaults());
  CHECK(v.status == "no history");
  CHECK(v.reasons == std::vector<std::string>{"3 good runs needed to judge, 2 so far"});

  // Run 6 shrank to 40 and was degraded; the admin accepted it before run 7.
  std::vector<index::SourceRunEntry> shrunk = {Entry(6, Health(40), "degraded")};
  for (int i = 5; i >= 1; --i) shrunk.push_back(Entry(i, Health(80)));
  index::Acceptance accepted;
  accepted.accepted_at = shrunk[0].started_at + 3600;
  accepted.after_run = 6;
  std::vector<Json> baseline = SelectBaseline(shrunk, accepted, Defaults());
  REQUIRE(baseline.size() == 1);
  CHECK(baseline[0]["courses"] == 40);
  CHECK(JudgeHealth(Health(41), baseline, Defaults(), true).status == "healthy");
  CHECK(JudgeHealth(Health(20), baseline, Defaults(), true).status == "degraded");
}

TEST_CASE("thresholds are the source's own") {
  std::vector<Json> baseline(3, Health(100));
  config::HealthThresholds strict;
  strict.count_drop = 0.1;
  CHECK(JudgeHealth(Health(85), baseline, Defaults()).status == "healthy");
  CHECK(JudgeHealth(Health(85), baseline, strict).status == "degraded");
}

}  // namespace cecat::refresh
