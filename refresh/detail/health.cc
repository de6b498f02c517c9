// The refresh's part of source health: after a source's apply, its metrics from
// the index and the verdict against its history, into the run's report.
#include "refresh/health.h"

#include "refresh/detail/engine_impl.h"

namespace cecat::refresh::detail {

void Engine::JudgeSourceHealth(SourceRun& run) {
  SourceReport& report = run.report;
  const std::string& id = run.source->id;
  auto rejects = index_.RejectReasons(run_id_, id);
  const config::HealthThresholds& t = run.source->health;
  // The history before this run: this run's report is not stored yet.
  auto history = index_.SourceHistory(id, t.history_runs * 3 + 1);
  auto accepted = index_.LatestAcceptance(id);
  if (!rejects.ok() || !history.ok() || !accepted.ok()) {
    Status st = !rejects.ok()   ? rejects.status()
                : !history.ok() ? history.status()
                                : accepted.status();
    report.diagnostics.push_back({.severity = Diagnostic::Severity::kWarning,
                                  .where = "health",
                                  .message = "health not measured: " + st.message()});
    return;
  }
  report.health = HealthMetrics(report.apply.seen, *rejects, report);
  std::vector<index::SourceRunEntry> earlier;
  for (auto& e : *history) {
    if (e.run_id != run_id_) earlier.push_back(std::move(e));
  }
  std::optional<std::string> partial;
  if (report.partial) partial = report.partial_reason;
  SetVerdict(report.health, JudgeRun(run_id_, report.health, partial, earlier, *accepted, t));
}

}  // namespace cecat::refresh::detail
