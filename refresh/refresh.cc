#include "refresh/refresh.h"

#include <optional>

#include <spdlog/spdlog.h>

#include "index/checkpoint.h"
#include "refresh/due.h"
#include "refresh/publish.h"

namespace cecat::refresh {

Result<RunOutcome> Run(const RunRequest& request, const RunEnv& env, const config::Config& config,
                       index::Index& index, const normalise::Normaliser& normaliser) {
  const Clock& clock = env.clock != nullptr ? *env.clock : SystemClock();
  static const std::atomic<bool> kNeverStop{false};
  const std::atomic<bool>& stop = env.stop != nullptr ? *env.stop : kNeverStop;
  auto began = clock.Steady();
  RunOutcome outcome;

  // We hold the lock, so a run still marked running died without finishing.
  if (auto killed = index.MarkKilledRuns(); killed.ok() && *killed > 0) {
    spdlog::warn("{} earlier run(s) ended without finishing (killed); marked as such", *killed);
  }
  for (const config::SourceConfig* s : request.named) {
    if (!s->enabled) spdlog::warn("source {} is disabled; running it because it was named", s->id);
  }
  int64_t now = clock.NowUnix();
  bool force = request.force || request.mode == Mode::kReparse;
  CECAT_ASSIGN_OR_RETURN(Selection selection,
                         SelectSources(config, request.named, force, index, now));
  for (const config::SourceConfig* s : selection.not_due) {
    spdlog::info("source {}: not due yet (refresh every {} h)", s->id, s->refresh_hours);
  }
  outcome.sources = std::move(selection.run);
  outcome.not_due = std::move(selection.not_due);

  const char* command = ModeName(request.mode);
  Result<int64_t> run_id = index.BeginRun(command, now);
  if (!run_id.ok()) return run_id.status().WithContext("cannot record the run");
  outcome.run_id = *run_id;

  EngineOptions options;
  options.mode = request.mode;
  options.parallel_sources = config.parallel_sources;
  options.workers = env.workers;
  options.progress = request.progress;
  options.database = request.database;
  options.clock = env.clock;
  options.crawler = env.crawler;
  Status record_error;
  RunSources(options, config, outcome.sources, index, normaliser, stop, outcome.run_id,
             [&](const SourceReport& report) {
               if (!report.ok) outcome.any_failed = true;
               Status st = index.RecordSourceRun(outcome.run_id, report.source_id, report.ToJson());
               if (!st.ok() && record_error.ok()) record_error = st;
               outcome.reports.push_back(report);
             });
  if (!record_error.ok()) return record_error.WithContext("cannot record the run");

  outcome.interrupted = stop.load();
  outcome.status = outcome.interrupted ? "interrupted" : (outcome.any_failed ? "failed" : "ok");
  // An interrupted run leaves the previous feed as it was: the next run publishes.
  // The sources' writes are done: their pages move from the log into the database
  // file while the feed is written, not in the close after it (issue 25).
  std::optional<index::BackgroundCheckpoint> checkpoint;
  if (!request.database.empty()) checkpoint.emplace(request.database);
  if (request.mode != Mode::kCrawlOnly && !outcome.interrupted) {
    // Nothing changed since the last run's feed: its records part is copied.
    Status st = WriteFeedSnapshot(index, config.sources, config.feed_dir, request.schema_file,
                                  false, clock, /*reuse_unchanged=*/true);
    if (st.ok()) {
      outcome.feed = config.feed_dir / "feed.json";
    } else {
      outcome.feed_error = st;
      outcome.status = "failed";
    }
  }
  // Best effort: a run left "running" is marked "killed" by the next one.
  if (Status st = index.FinishRun(outcome.run_id, outcome.status, clock.NowUnix()); !st.ok()) {
    spdlog::warn("cannot record the end of run {}: {}", outcome.run_id, st.message());
  }
  if (checkpoint) {
    if (Status st = checkpoint->Wait(); !st.ok())
      spdlog::debug("background checkpoint: {}", st.message());
  }
  std::string degraded;
  for (const SourceReport& r : outcome.reports) {
    if (r.health.is_object() && r.health.value("status", "") == "degraded") {
      degraded += (degraded.empty() ? "" : ", ") + r.source_id;
    }
  }
  spdlog::info("{} {}: {} sources, {:.1f} s{}", command, outcome.status, outcome.sources.size(),
               std::chrono::duration<double>(clock.Steady() - began).count(),
               degraded.empty() ? "" : "; degraded: " + degraded);
  return outcome;
}

}  // namespace cecat::refresh
