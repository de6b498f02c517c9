#include "refresh/health.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "refresh/report.h"

namespace cecat::refresh {
namespace {

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string Percent(double share) {
  return std::to_string(static_cast<int>(std::lround(share * 100))) + "%";
}

std::string Count(double n) {
  double rounded = std::round(n * 10) / 10;
  std::string s = std::to_string(rounded);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

double Number(const Json& obj, const std::string& key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_number() ? it->get<double>() : 0;
}

double Share(double part, double whole) { return whole > 0 ? part / whole : 0; }

bool IsGoodRun(const index::SourceRunEntry& e) {
  const Json& r = e.report;
  return e.command != "reparse" && r.value("ok", false) && !r.value("partial", false) &&
         !r.value("cancelled", false) && r.contains("health") && r["health"].is_object();
}

}  // namespace

const std::vector<std::string>& HealthFields() {
  static const std::vector<std::string> kFields = {
      "title", "ce_hours", "price", "format", "start_date", "approvals", "provider", "audiences"};
  return kFields;
}

Json HealthMetrics(const index::SeenRecords& seen,
                   const std::map<std::string, int64_t>& reject_reasons,
                   const SourceReport& report) {
  Json records = Json::object();
  for (const auto& [type, n] : seen.by_type) records[type] = n;
  Json coverage = Json::object();
  if (seen.courses > 0) {
    for (const std::string& f : HealthFields()) {
      auto it = seen.course_fields.find(f);
      double share = Share(it == seen.course_fields.end() ? 0 : it->second, seen.courses);
      coverage[f] = std::round(share * 1000) / 1000;
    }
  }
  Json rejects = Json::object();
  for (const auto& [reason, n] : reject_reasons) rejects[reason] = n;
  Json failures = Json::object();
  for (const auto& f : report.failures) {
    std::string d = f.Describe();
    failures[d] = failures.value(d, 0) + 1;
  }
  // Structured data the provider's team can fix: JSON-LD and microdata problems.
  Json structured = Json::object();
  for (const Diagnostic& d : report.diagnostics) {
    for (const char* kind : {"jsonld", "microdata"}) {
      if (d.where.rfind(kind, 0) == 0) structured[kind] = structured.value(kind, 0) + 1;
    }
  }
  return Json{{"records", records},
              {"courses", seen.courses},
              {"coverage", coverage},
              {"rejects", rejects},
              {"failures", failures},
              {"structured_data", structured},
              {"pages", report.crawl.fetched + report.crawl.unchanged + report.crawl.failed},
              {"failed_pages", report.crawl.failed},
              {"raw_records", report.raw_records},
              {"rejected", report.rejected},
              {"duration_s", std::round(report.duration_s * 1000) / 1000}};
}

std::vector<Json> SelectBaseline(const std::vector<index::SourceRunEntry>& history,
                                 const std::optional<index::Acceptance>& accepted,
                                 const config::HealthThresholds& t) {
  std::vector<Json> out;
  for (const index::SourceRunEntry& e : history) {
    if (static_cast<int>(out.size()) >= t.history_runs) break;
    if (!IsGoodRun(e)) continue;
    const Json& health = e.report["health"];
    if (accepted && e.run_id <= accepted->after_run) {
      // The size the admin accepted: the last run before the acceptance, and
      // nothing older.
      out.push_back(health);
      break;
    }
    if (health.value("status", "") == "degraded") continue;
    out.push_back(health);
  }
  return out;
}

HealthVerdict JudgeHealth(const Json& current, const std::vector<Json>& baseline,
                          const config::HealthThresholds& t, bool accepted_baseline) {
  HealthVerdict v;
  v.baseline_runs = static_cast<int>(baseline.size());
  if (baseline.empty() || (!accepted_baseline && v.baseline_runs < t.min_runs)) {
    v.status = "no history";
    v.reasons.push_back(std::to_string(t.min_runs) + " good runs needed to judge, " +
                        std::to_string(v.baseline_runs) + " so far");
    return v;
  }
  const std::string over = " (median of " + std::to_string(v.baseline_runs) +
                           (v.baseline_runs == 1 ? " good run)" : " good runs)");
  // Records by type, and nothing at all.
  const Json& now_records = current.value("records", Json::object());
  std::set<std::string> types;
  for (const Json& b : baseline) {
    const Json records = b.value("records", Json::object());
    for (auto it = records.begin(); it != records.end(); ++it) types.insert(it.key());
  }
  double now_total = 0, median_total = 0;
  {
    std::vector<double> totals;
    for (const Json& b : baseline) {
      double sum = 0;
      const Json records = b.value("records", Json::object());
      for (const auto& [type, n] : records.items()) {
        sum += n.is_number() ? n.get<double>() : 0;
      }
      totals.push_back(sum);
    }
    median_total = Median(totals);
    for (const auto& [type, n] : now_records.items())
      now_total += n.is_number() ? n.get<double>() : 0;
  }
  if (now_total == 0 && median_total > 0) {
    v.reasons.push_back("yielded no records, " + Count(median_total) + " before" + over);
  } else {
    for (const std::string& type : types) {
      std::vector<double> counts;
      for (const Json& b : baseline)
        counts.push_back(Number(b.value("records", Json::object()), type));
      double median = Median(counts);
      double now = Number(now_records, type);
      if (median > 0 && now < (1 - t.count_drop) * median) {
        v.reasons.push_back(type + " records " + Count(median) + " -> " + Count(now) + over);
      }
    }
  }
  // Coverage of each course field, when there are courses now and before.
  if (Number(current, "courses") > 0) {
    for (const std::string& f : HealthFields()) {
      std::vector<double> shares;
      for (const Json& b : baseline) {
        if (Number(b, "courses") > 0)
          shares.push_back(Number(b.value("coverage", Json::object()), f));
      }
      if (shares.empty()) continue;
      double median = Median(shares);
      double now = Number(current.value("coverage", Json::object()), f);
      if (median - now >= t.coverage_drop - 1e-9) {
        v.reasons.push_back(f + " coverage " + Percent(median) + " -> " + Percent(now));
      }
    }
  }
  // Rejected records and failed pages, as shares.
  auto rising = [&](const char* part, const char* whole, double rise, const std::string& what) {
    std::vector<double> shares;
    for (const Json& b : baseline) shares.push_back(Share(Number(b, part), Number(b, whole)));
    double median = Median(shares);
    double now = Share(Number(current, part), Number(current, whole));
    if (now - median >= rise - 1e-9) {
      v.reasons.push_back(what + " " + Percent(median) + " -> " + Percent(now));
    }
  };
  rising("rejected", "raw_records", t.rejects_rise, "rejected share of raw records");
  rising("failed_pages", "pages", t.failures_rise, "failed share of pages");
  v.status = v.reasons.empty() ? "healthy" : "degraded";
  return v;
}

HealthVerdict JudgeRun(int64_t run_id, const Json& health,
                       const std::optional<std::string>& partial_reason,
                       const std::vector<index::SourceRunEntry>& earlier,
                       const std::optional<index::Acceptance>& accepted,
                       const config::HealthThresholds& t) {
  HealthVerdict verdict;
  if (partial_reason) {
    verdict.status = "not judged";
    verdict.reasons.push_back("partial: " + *partial_reason);
  } else if (accepted && accepted->after_run >= run_id) {
    // Accepted after this run: this run is the accepted size.
    verdict.status = "healthy";
    verdict.reasons.push_back("size accepted: " + accepted->reason);
  } else {
    verdict = JudgeHealth(health, SelectBaseline(earlier, accepted, t), t, accepted.has_value());
  }
  return verdict;
}

std::string JoinedReasons(const Json& health) {
  std::string out;
  for (const Json& r : health.value("reasons", Json::array())) {
    if (r.is_string()) out += (out.empty() ? "" : "; ") + r.get<std::string>();
  }
  return out;
}

void SetVerdict(Json& health, const HealthVerdict& verdict) {
  health["status"] = verdict.status;
  health["reasons"] = verdict.reasons;
  health["baseline_runs"] = verdict.baseline_runs;
}

}  // namespace cecat::refresh
