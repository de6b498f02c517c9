// `cecat report --out DIR [--last N]`: the static admin report (issue 21 parts 3
// and 4). Reads the runs, rejects and sources' states from the index, renders the
// pages with cli/report_html.h and writes them into DIR.
#include <fstream>
#include <map>
#include <set>
#include <system_error>

#include "cli/handlers.h"
#include "cli/report_html.h"
#include "common/redact.h"
#include "common/time_format.h"
#include "index/index.h"

namespace cecat::cli {
namespace {

// Writes `text` to `file` whole, or returns why not.
std::string WriteWhole(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (out) out << text;
  if (!out) return "cannot write " + file.string();
  out.close();
  if (!out) return "cannot write " + file.string();
  return "";
}

}  // namespace

int RunReport(Context& ctx) {
  if (!ctx.args.Has("--out") || ctx.args.Get("--out").empty()) {
    *ctx.err << "cecat report: --out DIR is required (the folder to write the pages into)\n";
    return kExitUsage;
  }
  int last = 30;
  if (ctx.args.Has("--last")) {
    auto n = ParseIntOption("--last", ctx.args.Get("--last"), 1, 1000);
    if (!n.ok()) {
      *ctx.err << "cecat report: " << n.status().message() << "\n";
      return kExitUsage;
    }
    last = *n;
  }
  const std::filesystem::path out_dir = ctx.args.Get("--out");
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec || !std::filesystem::is_directory(out_dir)) {
    *ctx.err << "cecat report: cannot create the folder " << out_dir.string() << ": "
             << (ec ? ec.message() : "a file of that name exists") << "\n";
    return kExitUsage;
  }

  std::optional<config::Config> config = ctx.LoadConfig();
  if (!config) return kExitUsage;
  auto idx = OpenIndexOrReport(ctx, ctx.DatabasePath(*config), true);
  if (!idx) return kExitFatal;
  auto runs = idx->Runs(last);
  auto states = idx->SourceStates();
  if (!runs.ok() || !states.ok()) {
    *ctx.err << "cecat report: "
             << (!runs.ok() ? runs.status().message() : states.status().message()) << "\n";
    return kExitFatal;
  }
  // Reports stored before redaction existed may still hold a secret.
  RedactJsonStrings(*runs);

  report::ReportData data;
  data.generated_at = NowRfc3339();
  data.last_n = last;
  // Every source in the sources file, in its order, then any only in history.
  std::map<std::string, size_t> slot;
  auto source = [&](const std::string& id) -> report::SourceHistory& {
    auto [it, added] = slot.emplace(id, data.sources.size());
    if (added) data.sources.push_back({.id = id});
    return data.sources[it->second];
  };
  for (const config::SourceConfig& s : config->sources) {
    report::SourceHistory& h = source(s.id);
    h.name = s.name;
    h.configured = true;
  }
  // Runs() is newest first; each source's runs are kept oldest first.
  for (auto run = runs->rbegin(); run != runs->rend(); ++run) {
    for (const Json& r : run->value("sources", Json::array())) {
      source(r.value("source", ""))
          .runs.push_back({.run_id = run->value("id", int64_t{0}),
                           .started_at = run->value("started_at", ""),
                           .report = r});
    }
  }
  for (const index::SourceState& st : *states) {
    if (!slot.count(st.id)) continue;  // no runs in the window and not configured
    report::SourceHistory& h = source(st.id);
    h.active_records = st.active_records;
    if (st.last_success > 0) h.last_success = FormatRfc3339(st.last_success);
  }
  // Rejects of each source's latest run (one query per run involved).
  std::map<int64_t, Json> rejects_of_run;
  for (report::SourceHistory& h : data.sources) {
    if (h.runs.empty()) continue;
    int64_t run_id = h.runs.back().run_id;
    if (!rejects_of_run.count(run_id)) {
      auto rejects = idx->Rejects(run_id, 1000);
      if (!rejects.ok()) {
        *ctx.err << "cecat report: " << rejects.status().message() << "\n";
        return kExitFatal;
      }
      RedactJsonStrings(*rejects);
      rejects_of_run[run_id] = std::move(*rejects);
    }
    for (const Json& r : rejects_of_run[run_id]) {
      if (r.value("source", "") == h.id) h.latest_rejects.push_back(r);
    }
  }

  std::vector<report::ReportFile> files = report::RenderReport(data);
  for (const report::ReportFile& f : files) {
    std::string problem = WriteWhole(out_dir / f.name, f.html);
    if (!problem.empty()) {
      *ctx.err << "cecat report: " << problem << "\n";
      return kExitUsage;
    }
  }
  *ctx.out << "wrote " << files.size() << " pages for " << data.sources.size() << " source"
           << (data.sources.size() == 1 ? "" : "s") << " into " << out_dir.string() << "\n";
  return kExitOk;
}

}  // namespace cecat::cli
