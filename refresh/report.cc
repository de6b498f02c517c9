#include "refresh/report.h"

#include <algorithm>

#include "common/redact.h"

namespace cecat::refresh {
namespace {

constexpr size_t kMaxReportDiagnostics = 200;

}  // namespace

Json SourceReport::ToJson() const {
  // The report is stored with the run: a few hundred diagnostics say what is wrong
  // with a source; ten thousand copies of the same one only fill the database.
  Json kept_diagnostics = Json::array();
  for (size_t i = 0; i < std::min(diagnostics.size(), kMaxReportDiagnostics); ++i) {
    kept_diagnostics.push_back(diagnostics[i].ToJson());
  }
  Json failures_json = Json::array();
  for (const auto& f : failures) {
    failures_json.push_back({{"url", f.url}, {"reason", f.Describe()}, {"status", f.status}});
  }
  Json reasons = Json::object();
  for (const auto& [reason, n] : crawl.failed_by_reason) reasons[reason] = n;
  Json j{
      {"source", source_id},
      {"ok", ok},
      {"cancelled", cancelled},
      {"error", error},
      {"partial", partial},
      {"duration_s", duration_s},
      {"pages",
       {{"requested", crawl.requested},
        {"fetched", crawl.fetched},
        {"unchanged", crawl.unchanged},
        {"failed", crawl.failed},
        {"robots_denied", crawl.robots_denied},
        {"out_of_scope", crawl.out_of_scope},
        {"bytes", crawl.bytes},
        {"hosts_blocked", crawl.hosts_blocked},
        {"failed_by_reason", reasons}}},
      {"records",
       {{"raw", raw_records},
        {"added", apply.added},
        {"updated", apply.updated},
        {"unchanged", apply.unchanged},
        {"stale", apply.stale},
        {"removed", apply.removed},
        {"rejected", rejected},
        {"suspicious", apply.suspicious}}},
      {"errors", failures_json},
      {"diagnostics", kept_diagnostics},
      {"diagnostics_total", static_cast<int64_t>(diagnostics.size()) + diagnostics_dropped},
  };
  if (partial) j["partial_reason"] = partial_reason;
  if (health.is_object()) j["health"] = health;
  // Stored for `cecat runs`: URLs keep no credentials or tokens (docs/operations.md).
  RedactJsonStrings(j);
  return j;
}

}  // namespace cecat::refresh
