// sources and runs: the admin's view of what is crawled and how it went.
#include <chrono>
#include <iomanip>
#include <iostream>
#include <set>

#include "cli/context.h"
#include "cli/handlers.h"
#include "cli/logging.h"
#include "common/time_format.h"
#include "config/renewal_rules.h"
#include "index/index.h"
#include "normalise/vocabulary.h"
#include "refresh/health.h"

namespace cecat::cli {
namespace {

// A time the index has not recorded (0) prints as "".
std::string TimeOrEmpty(int64_t unix_seconds) {
  return unix_seconds > 0 ? FormatRfc3339(unix_seconds) : "";
}

// The index's state for the source (last success and error, records, when it is
// next due), added to `j`; nothing when there is no index.
void AddState(const config::SourceConfig& s, index::Index* idx, Json& j) {
  if (idx == nullptr) return;
  auto state = idx->GetSourceState(s.id);
  if (state.ok() && state->has_value()) {
    const auto& st = **state;
    j["last_success"] = TimeOrEmpty(st.last_success);
    j["last_error"] = st.last_error;
    j["records"] = st.active_records;
    j["stale_records"] = st.stale_records;
    int64_t next =
        st.last_success > 0 ? st.last_success + static_cast<int64_t>(s.refresh_hours * 3600) : 0;
    j["next_due"] = next > 0 ? FormatRfc3339(next) : "now";
  } else {
    j["last_success"] = "";
    j["last_error"] = "";
    j["records"] = 0;
    j["next_due"] = "now";
  }
}

// One line of `sources list`.
Json SourceJson(const config::SourceConfig& s, index::Index* idx) {
  Json j = {{"id", s.id},
            {"name", s.name},
            {"kinds", s.kinds},
            {"enabled", s.enabled},
            {"start_urls", s.start_urls},
            {"refresh_hours", s.refresh_hours}};
  AddState(s, idx, j);
  // Start URLs and errors may carry credentials or tokens: never printed.
  RedactJsonStrings(j);
  return j;
}

int AcceptSource(Context& ctx, const config::Config& config, const std::string& id);

// `sources check` also validates data/rules/ (docs/plan.md "Renewal rules"), found
// beside data/taxonomy.json, whose slugs the subjects are checked against. Prints
// every problem and warning; false on any problem, else sets `ok_line` to
// "<dir>: ok, N states". No rules folder (a resource dir without one) is nothing to
// check.
bool CheckRenewalRules(Context& ctx, std::string* ok_line) {
  const std::filesystem::path data = ResourceDir() / "data";
  std::error_code ec;
  if (!std::filesystem::is_directory(data / "rules", ec)) return true;
  auto vocabulary = normalise::Vocabulary::Load(data);
  if (!vocabulary.ok()) {
    *ctx.err << "cecat: " << vocabulary.status().message() << "\n";
    return false;
  }
  std::set<std::string> slugs;
  for (const auto& topic : vocabulary->topics) slugs.insert(topic.slug);
  config::RulesDirOutcome rules = config::LoadRulesDirWithProblems(data / "rules", slugs);
  for (const auto& w : rules.warnings) *ctx.err << "cecat: warning: " << w.ToString() << "\n";
  for (const auto& p : rules.problems) *ctx.err << "cecat: " << p.ToString() << "\n";
  if (!rules.problems.empty()) return false;
  *ok_line = (data / "rules").string() + ": ok, " + std::to_string(rules.states.size()) +
             (rules.states.size() == 1 ? " state\n" : " states\n");
  return true;
}

}  // namespace

int RunSources(Context& ctx) {
  const std::string action = ctx.args.positional[0];
  const std::string id = ctx.args.positional.size() > 1 ? ctx.args.positional[1] : "";
  bool needs_id =
      action == "show" || action == "enable" || action == "disable" || action == "accept";
  if (action != "list" && action != "check" && !needs_id) {
    *ctx.err << "cecat sources: unknown action '" << action
             << "' (list, show ID, check, enable ID, disable ID, accept ID)\n";
    return kExitUsage;
  }
  if (ctx.args.Has("--reason") && action != "accept") {
    *ctx.err << "cecat sources: --reason goes with accept\n";
    return kExitUsage;
  }
  if (needs_id == id.empty()) {
    *ctx.err << "cecat sources " << action
             << (needs_id ? ": needs a source ID\n" : ": takes no ID\n");
    return kExitUsage;
  }
  std::optional<config::Config> config = ctx.LoadConfig();
  if (action == "check") {
    // The renewal rules are checked even when the sources file is wrong, so one
    // run lists every problem of both.
    std::string rules_line;
    bool rules_ok = CheckRenewalRules(ctx, &rules_line);
    if (!config || !rules_ok) return kExitUsage;
    *ctx.out << config->file.string() << ": ok, " << config->sources.size()
             << (config->sources.size() == 1 ? " source\n" : " sources\n") << rules_line;
    return kExitOk;
  }
  if (!config) return kExitUsage;
  if (action == "enable" || action == "disable") {
    if (config->FindSource(id) == nullptr) {
      *ctx.err << "cecat: " << config->file.string() << ": no source with id '" << id << "'\n";
      return kExitUsage;
    }
    Status st = config::SetSourceEnabled(config->file, id, action == "enable");
    if (!st.ok()) {
      *ctx.err << "cecat sources " << action << ": " << st.message() << "\n";
      return kExitFatal;
    }
    *ctx.out << "source " << id << " " << action << "d\n";
    return kExitOk;
  }
  if (action == "accept") return AcceptSource(ctx, *config, id);
  // list and show read the index for state, but work without one.
  std::unique_ptr<index::Index> idx;
  std::filesystem::path db = ctx.DatabasePath(*config);
  std::error_code ec;
  if (std::filesystem::exists(db, ec)) idx = OpenIndexOrReport(ctx, db, true);
  if (action == "show") {
    const config::SourceConfig* s = config->FindSource(id);
    if (s == nullptr) {
      *ctx.err << "cecat: " << config->file.string() << ": no source with id '" << id << "'\n";
      return kExitUsage;
    }
    // Every setting as the sources file spells it (config's one rendering), then
    // the index's state for the source.
    Json j = Json(config::SourceConfigToJson(*s));
    AddState(*s, idx.get(), j);
    RedactJsonStrings(j);
    *ctx.out << j.dump(2) << "\n";
    return kExitOk;
  }
  Json all = Json::array();
  for (const auto& s : config->sources) all.push_back(SourceJson(s, idx.get()));
  if (ctx.args.Has("--json")) {
    *ctx.out << all.dump(2) << "\n";
    return kExitOk;
  }
  *ctx.out << std::left << std::setw(20) << "ID" << std::setw(9) << "ENABLED" << std::setw(8)
           << "RECORDS" << std::setw(22) << "LAST SUCCESS" << std::setw(22) << "NEXT DUE"
           << "LAST ERROR\n";
  for (const Json& j : all) {
    *ctx.out << std::left << std::setw(20) << j["id"].get<std::string>() << std::setw(9)
             << (j["enabled"].get<bool>() ? "yes" : "no") << std::setw(8) << j.value("records", 0)
             << std::setw(22) << j.value("last_success", "") << std::setw(22)
             << j.value("next_due", "") << j.value("last_error", "") << "\n";
  }
  return kExitOk;
}

namespace {

// `sources accept ID`: the admin says the source's smaller size is real. The next
// crawl then marks missing records stale despite the removal guard, and health
// judges later runs against the accepted size (docs/operations.md).
int AcceptSource(Context& ctx, const config::Config& config, const std::string& id) {
  if (config.FindSource(id) == nullptr) {
    *ctx.err << "cecat: " << config.file.string() << ": no source with id '" << id << "'\n";
    return kExitUsage;
  }
  std::string reason = ctx.args.Get("--reason", "accepted by an admin");
  if (reason.empty() || reason.size() > 500) {
    *ctx.err << "cecat sources accept: --reason: expected 1 to 500 characters\n";
    return kExitUsage;
  }
  std::filesystem::path db = ctx.DatabasePath(config);
  std::error_code ec;
  if (!std::filesystem::exists(db, ec)) {
    *ctx.err << "cecat sources accept: no index at " << db.string()
             << ": nothing to accept before a first refresh\n";
    return kExitUsage;
  }
  auto idx = OpenIndexOrReport(ctx, db, false);
  if (!idx) return kExitFatal;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  if (Status st = idx->AcceptSource(id, reason, now); !st.ok()) {
    *ctx.err << "cecat sources accept: " << st.message() << "\n";
    return kExitFatal;
  }
  auto accepted = idx->LatestAcceptance(id);
  int64_t active = accepted.ok() && *accepted ? (*accepted)->active_records : 0;
  *ctx.out << "source " << id << ": size accepted (" << active
           << " active records): the next refresh marks missing records stale as usual, "
              "and health judges later runs against this size\n";
  return kExitOk;
}

}  // namespace

int RunRuns(Context& ctx) {
  int last = 10;
  if (ctx.args.Has("--last")) {
    auto n = ParseIntOption("--last", ctx.args.Get("--last"), 1, 100000);
    if (!n.ok()) {
      *ctx.err << "cecat runs: " << n.status().message() << "\n";
      return kExitUsage;
    }
    last = *n;
  }
  std::optional<config::Config> config = ctx.LoadConfig();
  if (!config) return kExitUsage;
  auto idx = OpenIndexOrReport(ctx, ctx.DatabasePath(*config), true);
  if (!idx) return kExitFatal;
  auto runs = idx->Runs(last);
  if (!runs.ok()) {
    *ctx.err << "cecat runs: " << runs.status().message() << "\n";
    return kExitFatal;
  }
  // Rejected records are listed with their reasons: a record is never dropped
  // silently (issue 5).
  for (Json& run : *runs) {
    auto rejects = idx->Rejects(run.value("id", int64_t{0}), 50);
    if (!rejects.ok() || run.value("id", int64_t{0}) == 0) continue;
    Json listed = Json::array();
    for (const Json& r : *rejects) {
      listed.push_back({{"source", r.value("source", "")},
                        {"kind", r.value("kind", "")},
                        {"url", r.value("url", "")},
                        {"reason", r.value("reason", "")}});
    }
    run["rejects"] = listed;
  }
  // Reports stored before redaction existed may still hold a secret.
  RedactJsonStrings(*runs);
  if (ctx.args.Has("--json")) {
    *ctx.out << runs->dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  for (const Json& run : *runs) {
    *ctx.out << "run " << run.value("id", 0) << "  " << run.value("command", "") << "  "
             << run.value("started_at", "") << "  " << run.value("status", "");
    if (run["finished_at"].is_string()) *ctx.out << "  finished " << run.value("finished_at", "");
    *ctx.out << "\n";
    for (const Json& s : run.value("sources", Json::array())) {
      const Json& pages = s.value("pages", Json::object());
      const Json& recs = s.value("records", Json::object());
      *ctx.out << "  " << std::left << std::setw(20) << s.value("source", "")
               << (s.value("ok", false) ? "ok     " : "FAILED ") << std::fixed
               << std::setprecision(3) << s.value("duration_s", 0.0) << " s  pages "
               << pages.value("fetched", 0) << " fetched / " << pages.value("unchanged", 0)
               << " unchanged / " << pages.value("failed", 0) << " failed; records +"
               << recs.value("added", 0) << " ~" << recs.value("updated", 0) << " stale "
               << recs.value("stale", 0) << " removed " << recs.value("removed", 0) << " rejected "
               << recs.value("rejected", 0) << "\n";
      if (!s.value("error", std::string()).empty()) {
        *ctx.out << "    error: " << s.value("error", "") << "\n";
      }
      if (recs.value("suspicious", false)) {
        *ctx.out << "    suspicious: under half of the previous record count; nothing marked "
                    "stale or removed (`cecat sources accept "
                 << s.value("source", "") << "` if the site shrank)\n";
      }
      const Json& health = s.value("health", Json::object());
      if (health.value("status", "") == "degraded") {
        *ctx.out << "    degraded: " << refresh::JoinedReasons(health) << "\n";
      }
      for (const Json& e : s.value("errors", Json::array())) {
        *ctx.out << "    " << e.value("url", "") << ": " << e.value("reason", "") << "\n";
      }
    }
    for (const Json& r : run.value("rejects", Json::array())) {
      *ctx.out << "  rejected " << r.value("kind", "") << " " << r.value("url", "") << " ("
               << r.value("source", "") << "): " << r.value("reason", "") << "\n";
    }
  }
  return kExitOk;
}

}  // namespace cecat::cli
