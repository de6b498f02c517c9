// refresh, crawl and reparse: the commands that write the index. The run itself is
// refresh::Run; this parses the flags, takes the lock, opens the index and reports.
#include <unistd.h>

#include <csignal>
#include <future>
#include <iostream>
#include <optional>

#include <spdlog/spdlog.h>

#include "cli/handlers.h"
#include "cli/lock.h"
#include "crawler/crawler.h"
#include "index/index.h"
#include "normalise/normalise.h"
#include "refresh/refresh.h"

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

int RunPipeline(Context& ctx, refresh::Mode mode) {
  refresh::TuneMalloc();
  std::optional<config::Config> config = ctx.LoadConfig();
  if (!config) return kExitUsage;
  // Start-up work that does not depend on the index, beside opening it: libcurl
  // for a crawl, the normaliser's vocabulary (a few milliseconds each, all of an
  // unchanged re-crawl's start otherwise: issue 25).
  // The normaliser's thread first: while libcurl's dlopen runs, creating a thread
  // waits for it (glibc's loader lock).
  auto loading = std::async(std::launch::async,
                            [] { return normalise::Normaliser::Load(ResourceDir() / "data"); });
  std::optional<crawler::LibcurlWarmup> libcurl;
  if (mode != refresh::Mode::kReparse) libcurl.emplace();

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
  // A file that is not an index is named as such before the lock file is made
  // beside it (for /proc/version, making it would fail first, less clearly).
  if (Status st = index::Index::CheckFile(db); !st.ok()) {
    *ctx.err << "cecat: cannot open index " << db << ": " << st.message() << "\n";
    return kExitFatal;
  }
  std::error_code ec;
  if (!db.parent_path().empty()) std::filesystem::create_directories(db.parent_path(), ec);
  auto lock = DatabaseLock::Acquire(db);
  if (!lock.ok()) {
    *ctx.err << "cecat: " << lock.status().message() << "\n";
    return lock.status().code() == Status::Code::kBusy ? kExitLocked : kExitFatal;
  }
  std::unique_ptr<index::Index> idx = OpenIndexOrReport(ctx, db, false);
  if (!idx) return kExitFatal;
  auto normaliser = loading.get();
  if (!normaliser.ok()) {
    *ctx.err << "cecat: " << normaliser.status().message() << "\n";
    return kExitFatal;
  }

  refresh::RunRequest request;
  request.mode = mode;
  request.named = std::move(named);
  request.force = ctx.args.Has("--force");
  request.progress = isatty(STDERR_FILENO) == 1 && spdlog::get_level() <= spdlog::level::info;
  request.database = db;
  request.schema_file = ResourceDir() / "schema" / "feed.schema.json";
  refresh::RunEnv env;
  env.stop = &g_stop;
  InstallStopHandlers();
  Result<refresh::RunOutcome> outcome = refresh::Run(request, env, *config, *idx, *normaliser);
  if (!outcome.ok()) {
    *ctx.err << "cecat: " << outcome.status().message() << "\n";
    return kExitFatal;
  }
  if (!outcome->feed_error.ok()) {
    *ctx.err << "cecat: feed not written (the previous feed is untouched): "
             << outcome->feed_error.message() << "\n";
    return kExitFatal;
  }
  if (!outcome->feed.empty()) *ctx.out << "feed: " << outcome->feed.string() << "\n";
  *ctx.out << "database: " << db.string() << "\n";
  *ctx.out << "sources: " << outcome->sources.size() << " run, "
           << (outcome->any_failed ? "some failed" : "all ok")
           << (outcome->interrupted ? " (interrupted)" : "");
  // Out of time (max_duration, max_run_duration): ok, but worth a look.
  int partial = 0;
  for (const refresh::SourceReport& r : outcome->reports) partial += r.partial ? 1 : 0;
  if (partial > 0) *ctx.out << ", " << partial << " partial (out of time: cecat runs --last 1)";
  *ctx.out << "\n";
  if (outcome->interrupted || outcome->any_failed) return kExitSourceFailed;
  return kExitOk;
}

}  // namespace

int RunRefresh(Context& ctx) { return RunPipeline(ctx, refresh::Mode::kRefresh); }
int RunCrawl(Context& ctx) { return RunPipeline(ctx, refresh::Mode::kCrawlOnly); }
int RunReparse(Context& ctx) { return RunPipeline(ctx, refresh::Mode::kReparse); }

}  // namespace cecat::cli
