// Source health (docs/operations.md "Source health", issue 21): what one run of a
// source yielded, and whether that is degraded against the source's own history.
// A provider's redesign rarely fails a crawl; it halves the listing or strips the
// hours from every course, and only a comparison with earlier runs shows it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/record.h"
#include "config/config.h"
#include "index/index.h"

namespace cecat::refresh {

struct SourceReport;

// The fields whose share of a source's courses is watched, in report order.
const std::vector<std::string>& HealthFields();

// One run's health metrics, stored as its report's "health" object:
// {"records": {"course": 80, ...}, "courses": 80, "coverage": {"ce_hours": 0.96,
// ...}, "rejects": {reason: n}, "failures": {"http 404": n}, "structured_data":
// {"jsonld": n, "microdata": n}, "pages": n, "raw_records": n, "rejected": n,
// "duration_s": s}. `status` and `reasons` are added by the verdict.
Json HealthMetrics(const index::SeenRecords& seen,
                   const std::map<std::string, int64_t>& reject_reasons,
                   const SourceReport& report);

struct HealthVerdict {
  std::string status;  // "healthy", "degraded", "no history", "not judged"
  std::vector<std::string> reasons;
  int baseline_runs = 0;  // good runs the median was taken over
};

// The runs a verdict compares with: from `history` (the source's earlier runs,
// newest first, the run being judged left out), the crawls (not reparses) that
// were ok, complete, carry health metrics and were not themselves degraded, at
// most `t.history_runs`. After an acceptance, only the runs since it, and the
// last run before it (the size the admin accepted) whatever its verdict; "before"
// by run id (Acceptance::after_run).
std::vector<Json> SelectBaseline(const std::vector<index::SourceRunEntry>& history,
                                 const std::optional<index::Acceptance>& accepted,
                                 const config::HealthThresholds& t);

// `current` against the medians of `baseline` (health objects). Degraded when
// records of a type fall by count_drop or more, or to none at all; a course
// field's coverage falls by coverage_drop ("ce_hours coverage 96% -> 10%"); the
// rejected share of raw records or the failed share of pages rises by
// rejects_rise / failures_rise. "no history" with fewer than t.min_runs runs
// (an accepted baseline counts as enough).
HealthVerdict JudgeHealth(const Json& current, const std::vector<Json>& baseline,
                          const config::HealthThresholds& t, bool accepted_baseline = false);

// The verdict on run `run_id` of a source whose metrics are `health`, against
// `earlier` (its runs before, newest first): "not judged" when the run was partial
// (`partial_reason`), healthy when an admin accepted the size after the run,
// otherwise JudgeHealth over SelectBaseline. The refresh judges a run this way, and
// `cecat health` judges it again with today's thresholds and acceptances.
HealthVerdict JudgeRun(int64_t run_id, const Json& health,
                       const std::optional<std::string>& partial_reason,
                       const std::vector<index::SourceRunEntry>& earlier,
                       const std::optional<index::Acceptance>& accepted,
                       const config::HealthThresholds& t);

// The verdict as the report stores it: `health` with "status" and "reasons".
void SetVerdict(Json& health, const HealthVerdict& verdict);

// A health object's reasons on one line, "; " between them.
std::string JoinedReasons(const Json& health);

}  // namespace cecat::refresh
