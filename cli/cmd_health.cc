// `cecat health [--source ID] [--json]`: each source's latest crawl judged against
// its own history (refresh/health.h), for cron and monitoring: exit 1 when any
// source is degraded (docs/operations.md "Source health").
#include <iomanip>
#include <iostream>

#include "cli/context.h"
#include "cli/handlers.h"
#include "cli/terminal.h"
#include "common/redact.h"
#include "common/time_format.h"
#include "refresh/health.h"

namespace cecat::cli {
namespace {

// One source's health as `cecat health --json` prints it.
Result<Json> SourceHealth(const config::SourceConfig& s, index::Index* idx) {
  Json out = {{"source", s.id}, {"enabled", s.enabled}};
  if (idx == nullptr) {
    out["status"] = "no runs";
    out["reasons"] = Json::array();
    return out;
  }
  const config::HealthThresholds& t = s.health;
  CECAT_ASSIGN_OR_RETURN(std::vector<index::SourceRunEntry> history,
                         idx->SourceHistory(s.id, t.history_runs * 3 + 1));
  CECAT_ASSIGN_OR_RETURN(std::optional<index::Acceptance> accepted, idx->LatestAcceptance(s.id));
  if (accepted) {
    out["accepted"] = {{"at", FormatRfc3339(accepted->accepted_at)},
                       {"reason", accepted->reason},
                       {"active_records", accepted->active_records},
                       {"pending", accepted->pending}};
  }
  // The latest refresh of the source that was measured; a failed one says so.
  std::size_t latest = history.size();
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (history[i].command == "refresh") {
      latest = i;
      break;
    }
  }
  if (latest == history.size()) {
    out["status"] = "no runs";
    out["reasons"] = Json::array();
    return out;
  }
  const index::SourceRunEntry& run = history[latest];
  out["run"] = run.run_id;
  out["started_at"] = FormatRfc3339(run.started_at);
  if (!run.report.value("ok", false)) {
    out["status"] = "failed";
    out["reasons"] = Json::array({run.report.value("error", std::string("the crawl failed"))});
    return out;
  }
  if (!run.report.contains("health") || !run.report["health"].is_object()) {
    out["status"] = "not measured";
    out["reasons"] = Json::array({"the run predates health reports"});
    return out;
  }
  Json health = run.report["health"];
  // Judged again with today's thresholds and acceptances: an admin's `sources
  // accept` or a changed threshold takes effect without a new crawl.
  std::optional<std::string> partial;
  if (run.report.value("partial", false))
    partial = run.report.value("partial_reason", std::string());
  std::vector<index::SourceRunEntry> earlier(history.begin() + latest + 1, history.end());
  refresh::HealthVerdict verdict =
      refresh::JudgeRun(run.run_id, health, partial, earlier, accepted, t);
  refresh::SetVerdict(health, verdict);
  out["status"] = verdict.status;
  out["reasons"] = verdict.reasons;
  out["health"] = health;
  if (run.report.value("records", Json::object()).value("suspicious", false)) {
    out["suspicious"] = true;
  }
  return out;
}

}  // namespace

int RunHealth(Context& ctx) {
  std::optional<config::Config> config = ctx.LoadConfig();
  if (!config) return kExitUsage;
  std::vector<const config::SourceConfig*> sources;
  if (ctx.args.Has("--source")) {
    for (const std::string& id : ctx.args.All("--source")) {
      const config::SourceConfig* s = config->FindSource(id);
      if (s == nullptr) {
        *ctx.err << "cecat: " << config->file.string() << ": no source with id '" << id << "'\n";
        return kExitUsage;
      }
      sources.push_back(s);
    }
  } else {
    for (const auto& s : config->sources) sources.push_back(&s);
  }
  std::unique_ptr<index::Index> idx;
  std::filesystem::path db = ctx.DatabasePath(*config);
  std::error_code ec;
  if (std::filesystem::exists(db, ec)) {
    idx = OpenIndexOrReport(ctx, db, true);
    if (!idx) return kExitFatal;
  }
  Json all = Json::array();
  bool degraded = false;
  for (const config::SourceConfig* s : sources) {
    Result<Json> h = SourceHealth(*s, idx.get());
    if (!h.ok()) {
      *ctx.err << "cecat health: " << s->id << ": " << h.status().message() << "\n";
      return kExitFatal;
    }
    degraded = degraded || h->value("status", "") == "degraded";
    all.push_back(std::move(*h));
  }
  RedactJsonStrings(all);
  if (ctx.args.Has("--json")) {
    *ctx.out << Json{{"degraded", degraded}, {"sources", all}}.dump(2) << "\n";
  } else {
    for (const Json& h : all) {
      *ctx.out << std::left << std::setw(20) << Printable(h.value("source", "")) << " "
               << h.value("status", "");
      if (h.value("suspicious", false)) *ctx.out << " (suspicious: removals held back)";
      *ctx.out << "\n";
      for (const Json& r : h.value("reasons", Json::array())) {
        *ctx.out << "    " << Printable(r.get<std::string>()) << "\n";
      }
    }
  }
  return degraded ? kExitSourceFailed : kExitOk;
}

}  // namespace cecat::cli
