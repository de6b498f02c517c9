// One refresh, crawl or reparse run from start to end, as the nightly job needs
// it: which sources are due, the run's record in the index, the engine, each
// source's report, the feed. The CLI only parses flags, takes the lock, opens the
// index and prints the outcome; tests run it in process with a fake crawler and
// clock (tests/refresh/).
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "common/clock.h"
#include "config/config.h"
#include "index/index.h"
#include "normalise/normalise.h"
#include "refresh/engine.h"
#include "refresh/report.h"
#include "refresh/source_crawler.h"

namespace cecat::refresh {

struct RunRequest {
  Mode mode = Mode::kRefresh;
  // Sources named on the command line, run even when disabled or not due; empty:
  // every enabled source that is due.
  std::vector<const config::SourceConfig*> named;
  bool force = false;  // run every enabled source, due or not (reparse always does)
  bool progress = false;
  // The database the index has open, for the engine's read connections.
  std::filesystem::path database;
  // The feed's JSON Schema, copied beside feed.json.
  std::filesystem::path schema_file;
};

// The run's seams; null members take the real thing.
struct RunEnv {
  const Clock* clock = nullptr;
  SourceCrawler* crawler = nullptr;
  // Set from a signal handler: the run stops early and is recorded "interrupted".
  const std::atomic<bool>* stop = nullptr;
  int workers = 0;  // the engine's worker threads; 0 = one per core
};

struct RunOutcome {
  int64_t run_id = 0;
  std::vector<const config::SourceConfig*> sources;  // the sources run, in config order
  std::vector<const config::SourceConfig*> not_due;  // enabled, skipped: not due yet
  std::vector<SourceReport> reports;                 // in the order sources were applied
  bool any_failed = false;
  bool interrupted = false;
  // The feed written (refresh and reparse, unless interrupted); empty otherwise.
  std::filesystem::path feed;
  // Set when the feed could not be written: the previous feed is untouched.
  Status feed_error;
  // "ok", "failed" or "interrupted", as recorded for `cecat runs`.
  std::string status;
};

// Runs the request against `index` (which the caller has locked). Returns an error
// only when the run itself cannot be recorded or a database read fails (exit 4);
// a source's failure is in its report and `any_failed`, a feed that could not be
// written in `feed_error`. Never throws.
Result<RunOutcome> Run(const RunRequest& request, const RunEnv& env, const config::Config& config,
                       index::Index& index, const normalise::Normaliser& normaliser);

}  // namespace cecat::refresh
