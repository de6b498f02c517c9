// refresh, crawl and reparse: the commands that write the index.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/export.h"
#include "cli/handlers.h"
#include "cli/lock.h"
#include "cli/pipeline.h"

namespace cecat::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int) { g_stop.store(true); }

// SIGINT/SIGTERM finish the current source's writes, then stop: the run is
// recorded as interrupted and the index stays consistent. A second signal kills
// the process at once (SA_RESETHAND), which is still safe: SQLite's journal and
// the feed's rename keep both whole.
void InstallStopHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool IsDue(index::Index& index, const config::SourceConfig& source, int64_t now) {
  auto state = index.GetSourceState(source.id);
  if (!state.ok() || !state->has_value()) return true;
  int64_t last = (*state)->last_success;
  if (last <= 0) return true;
  return static_cast<double>(now - last) >= source.refresh_hours * 3600.0;
}

int RunPipeline(Context& ctx, PipelineMode mode) {
  std::optional<config::Config> config = ctx.LoadConfig();
  if (!config) return kExitUsage;

  std::vector<const config::SourceConfig*> named;
  for (const std::string& id : ctx.args.All("--source")) {
    const config::SourceConfig* s = config->FindSource(id);
    if (s == nullptr) {
      *ctx.err << "cecat: " << config->file.string() << ": no source with id '" << id << "'\n";
      return kExitUsage;
    }
    named.push_back(s);
  }

  std::filesystem::path db = ctx.DatabasePath(*config);
  std::error_code ec;
  if (!db.parent_path().empty()) std::filesystem::create_directories(db.parent_path(), ec);
  auto lock = DatabaseLock::Acquire(db);
  if (!lock.ok()) {
    *ctx.err << "cecat: " << lock.status().message() << "\n";
    return lock.status().code() == Status::Code::kBusy ? kExitLocked : kExitFatal;
  }
  std::unique_ptr<index::Index> idx = OpenIndexOrReport(ctx, db, false);
  if (!idx) return kExitFatal;
  // We hold the lock, so a run still marked running died without finishing.
  if (auto killed = idx->MarkKilledRuns(); killed.ok() && *killed > 0) {
    spdlog::warn("{} earlier run(s) ended without finishing (killed); marked as such", *killed);
  }
  auto normaliser = normalise::Normaliser::Load(ResourceDir() / "data");
  if (!normaliser.ok()) {
    *ctx.err << "cecat: " << normaliser.status().message() << "\n";
    return kExitFatal;
  }

  int64_t now = NowUnix();
  bool force = ctx.args.Has("--force") || mode == PipelineMode::kReparse;
  std::vector<const config::SourceConfig*> todo;
  if (!named.empty()) {
    for (const auto* s : named) {
      if (!s->enabled)
        spdlog::warn("source {} is disabled; running it because it was named", s->id);
      todo.push_back(s);
    }
  } else {
    for (const auto& s : config->sources) {
      if (!s.enabled) continue;
      if (!force && !IsDue(*idx, s, now)) {
        spdlog::info("source {}: not due yet (refresh every {} h)", s.id, s.refresh_hours);
        continue;
      }
      todo.push_back(&s);
    }
  }

  const char* command = mode == PipelineMode::kRefresh     ? "refresh"
                        : mode == PipelineMode::kCrawlOnly ? "crawl"
                                                           : "reparse";
  auto run = idx->BeginRun(command, now);
  if (!run.ok()) {
    *ctx.err << "cecat: cannot record the run: " << run.status().message() << "\n";
    return kExitFatal;
  }
  InstallStopHandlers();
  bool any_failed = false;
  Status record_error;
  PipelineOptions options;
  options.mode = mode;
  options.parallel_sources = config->parallel_sources;
  options.progress = isatty(STDERR_FILENO) == 1 && spdlog::get_level() <= spdlog::level::info;
  options.database = db;
  auto began = std::chrono::steady_clock::now();
  RunSources(options, *config, todo, *idx, *normaliser, g_stop, *run,
             [&](const SourceReport& report) {
               if (!report.ok) any_failed = true;
               Status st = idx->RecordSourceRun(*run, report.source_id, report.ToJson());
               if (!st.ok() && record_error.ok()) record_error = st;
             });
  if (!record_error.ok()) {
    *ctx.err << "cecat: cannot record the run: " << record_error.message() << "\n";
    return kExitFatal;
  }
  bool interrupted = g_stop.load();
  int rc = any_failed ? kExitSourceFailed : kExitOk;
  if (mode != PipelineMode::kCrawlOnly && !interrupted) {
    std::filesystem::path feed_dir = config->feed_dir;
    Status st = WriteFeedSnapshot(*idx, feed_dir, false);
    if (!st.ok()) {
      *ctx.err << "cecat: feed not written (the previous feed is untouched): " << st.message()
               << "\n";
      (void)idx->FinishRun(*run, "failed", NowUnix());
      return kExitFatal;
    }
    *ctx.out << "feed: " << (feed_dir / "feed.json").string() << "\n";
  }
  const char* status = interrupted ? "interrupted" : (any_failed ? "failed" : "ok");
  (void)idx->FinishRun(*run, status, NowUnix());
  spdlog::info("{} {}: {} sources, {:.1f} s", command, status, todo.size(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
  *ctx.out << "database: " << db.string() << "\n";
  *ctx.out << "sources: " << todo.size() << " run, " << (any_failed ? "some failed" : "all ok")
           << (interrupted ? " (interrupted)" : "") << "\n";
  if (interrupted) return kExitSourceFailed;
  return rc;
}

}  // namespace

int RunRefresh(Context& ctx) { return RunPipeline(ctx, PipelineMode::kRefresh); }
int RunCrawl(Context& ctx) { return RunPipeline(ctx, PipelineMode::kCrawlOnly); }
int RunReparse(Context& ctx) { return RunPipeline(ctx, PipelineMode::kReparse); }

}  // namespace cecat::cli
