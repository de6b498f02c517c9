// What happened to one source in one run; stored with the run for `cecat runs`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "common/record.h"
#include "crawler/crawler.h"
#include "index/index.h"

namespace cecat::refresh {

struct SourceReport {
  std::string source_id;
  bool ok = true;
  // Stopped on request (a signal) before the source was done: not ok, and not a
  // fault of the source either. Its records are kept as they were.
  bool cancelled = false;
  std::string error;  // why the source failed, when it did
  // Ran out of time (max_duration, or the run's max_run_duration) before the crawl
  // was done: still ok. What was fetched is applied, nothing is marked stale, and
  // the source stays due (SPEC: "reported as partial").
  bool partial = false;
  std::string partial_reason;
  double duration_s = 0;
  crawler::CrawlStats crawl;
  index::ApplyStats apply;
  int raw_records = 0;
  int rejected = 0;
  std::vector<crawler::FetchFailure> failures;
  // What pages, the normaliser and the apply could not use, in page order.
  std::vector<Diagnostic> diagnostics;
  int64_t diagnostics_dropped = 0;  // beyond those kept in `diagnostics`
  // refresh/health.h's metrics and verdict, for a refresh that applied the
  // source; null otherwise.
  Json health;
  // The stored form (docs/operations.md, "runs --json"): at most 200 diagnostics,
  // every URL redacted.
  Json ToJson() const;
};

}  // namespace cecat::refresh
