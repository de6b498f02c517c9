#include "refresh/engine.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "common/redact.h"
#include "common/url.h"
#include "index/stage.h"
#include "refresh/detail/engine_impl.h"
#include "refresh/detail/preload.h"
#include "refresh/hosts.h"
#include "refresh/spec.h"

namespace cecat::refresh {

namespace detail {

namespace {

// What a source's preloaded validators and links may hold (ResponsePreload): about
// 30,000 typical pages; a larger source's other pages are looked up one by one.
constexpr std::size_t kPreloadBytes = std::size_t{8} << 20;

// The validator lookups of one source's crawl, in read snapshots of at most
// kLookups lookups or kMaxAge: a lookup in its own transaction took a lock and,
// whenever the writer had committed since the last one, an emptied page cache
// (issue 25: an unchanged re-crawl read 1.5 pages from the file per lookup). A
// snapshot cannot show a response this crawl wrote: each URL is looked up
// before its one fetch. It ends with the source's crawl and is renewed often,
// so the writer's checkpoints are not held back for long.
class SnapshotLookups {
 public:
  explicit SnapshotLookups(index::Index* reader) : reader_(reader) {}
  SnapshotLookups(const SnapshotLookups&) = delete;
  SnapshotLookups& operator=(const SnapshotLookups&) = delete;
  ~SnapshotLookups() { End(); }

  Result<std::optional<index::StoredResponse>> Get(const std::string& url) {
    const auto now = std::chrono::steady_clock::now();
    if (open_ && (++lookups_ >= kLookups || now - opened_ >= kMaxAge)) End();
    if (!open_) {
      // Without a snapshot each lookup is its own transaction, as before.
      open_ = reader_->BeginReadSnapshot().ok();
      lookups_ = 0;
      opened_ = now;
    }
    return reader_->GetResponse(url, /*with_body=*/false);
  }

 private:
  static constexpr int kLookups = 256;
  static constexpr std::chrono::milliseconds kMaxAge{250};

  void End() {
    if (!open_) return;
    open_ = false;
    if (Status st = reader_->EndReadSnapshot(); !st.ok())
      spdlog::debug("ending a validator read snapshot: {}", st.message());
  }

  index::Index* reader_;
  bool open_ = false;
  int lookups_ = 0;
  std::chrono::steady_clock::time_point opened_;
};

}  // namespace

// The crawler's side of the pipeline, on the crawling thread: a changed page goes
// to the workers; a 304 only hands its stored links back (the apply confirms it).
class Engine::Handler : public crawler::PageHandler {
 public:
  Handler(Engine& engine, SourceRun& run, index::Index* reader)
      : engine_(engine), run_(run), reader_(reader) {}

  // The stored links of a page whose validators were just read with them
  // (Engine::Crawl), kept until its answer: a 304 then needs no second lookup.
  // The two lookups were 38% of an unchanged re-crawl's CPU (issue 25). At most
  // kMaxRemembered pages: past it, a 304 looks its links up again.
  void RememberLinks(const std::string& url, std::vector<std::string> links) {
    std::lock_guard<std::mutex> lock(links_mu_);
    if (remembered_.size() < kMaxRemembered) remembered_[url] = std::move(links);
  }

  void OnPageAsync(crawler::FetchedPage page, crawler::PageTicket ticket) override {
    std::optional<std::vector<std::string>> remembered = TakeLinks(page.url);
    if (page.not_modified) {
      ++engine_.progress_.unchanged;
      // Its records stay alive and its stored links are followed again, so pages
      // below it are still visited. Nothing goes to the writer: the apply confirms
      // the stored copies of all of them in one statement (SourceOutcome::revalidated).
      run_.unchanged_pages.push_back(page.url);
      const int64_t at = UnixSeconds(page.fetched_at);
      if (run_.revalidated_at == 0 || at < run_.revalidated_at) run_.revalidated_at = at;
      std::vector<std::string> links;
      if (remembered) {
        links = std::move(*remembered);
      } else if (reader_ != nullptr) {
        auto stored = reader_->GetResponse(page.url, /*with_body=*/false);
        if (stored.ok() && stored->has_value()) links = std::move((*stored)->links);
      }
      ticket.Done(std::move(links));
      return;
    }
    ++engine_.progress_.fetched;
    PageJob job;
    job.run = &run_;
    job.page = std::move(page);
    job.ticket.emplace(std::move(ticket));
    // Blocks while the workers are full: the crawler then stops starting transfers
    // once its pending pages reach the limit.
    engine_.jobs_.Push(std::move(job));
  }

  void OnDiagnostic(const Diagnostic& diagnostic) override {
    std::lock_guard<std::mutex> lock(run_.mu);
    run_.worker_diagnostics.Add(diagnostic);
  }

  void OnFailure(const crawler::FetchFailure& failure) override {
    TakeLinks(failure.url);
    ++engine_.progress_.failed;
    run_.report.failures.push_back(failure);
    if (!failure.Gone()) return;
    // The gone page's answer becomes its latest stored response, so a reparse
    // (which replays only 2xx responses) cannot bring its records back.
    index::StoredResponse gone;
    gone.source_id = run_.source->id;
    gone.url = failure.url;
    gone.final_url = failure.url;
    gone.status = failure.status;
    gone.fetched_at = engine_.clock_.NowUnix();
    gone.pending_run = engine_.run_id_;
    Result<index::PreparedResponse> prepared = index::PrepareResponse(std::move(gone));
    if (!prepared.ok()) return;
    WriteItem put;
    put.kind = WriteItem::Kind::kPut;
    put.run = &run_;
    put.put = std::move(*prepared);
    engine_.writes_.Push(std::move(put));
  }

 private:
  static constexpr size_t kMaxRemembered = 4096;

  std::optional<std::vector<std::string>> TakeLinks(const std::string& url) {
    std::lock_guard<std::mutex> lock(links_mu_);
    auto it = remembered_.find(url);
    if (it == remembered_.end()) return std::nullopt;
    std::vector<std::string> links = std::move(it->second);
    remembered_.erase(it);
    return links;
  }

  Engine& engine_;
  SourceRun& run_;
  index::Index* reader_;
  std::mutex links_mu_;
  std::unordered_map<std::string, std::vector<std::string>> remembered_;
};

void Engine::SetWriterCache(int64_t bytes) {
  Status st = index_.SetCacheBytes(bytes);
  if (!st.ok()) spdlog::warn("setting the index's page cache: {}", st.message());
}

void Engine::StartWorkers() {
  int n = options_.workers > 0 ? options_.workers
                               : static_cast<int>(std::thread::hardware_concurrency());
  n = std::clamp(n, 1, 64);
  for (int i = 0; i < n; ++i) {
    workers_.emplace_back([this] {
      while (std::optional<PageJob> job = jobs_.Pop()) ProcessPage(*job);
    });
  }
}

void Engine::Shutdown() {
  // Crawlers first (they feed the workers), then the workers; the write queue is
  // closed so nobody waits on a writer that has stopped.
  halt_.store(true);
  writes_.Close();
  for (std::thread& t : lanes_) t.join();
  lanes_.clear();
  jobs_.Close();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

void Engine::Crawl(SourceRun& run, index::Index* reader) {
  Handler handler(*this, run, reader);
  crawler::ValidatorLookup validators;
  std::optional<SnapshotLookups> lookups;
  // Without a reader there are no validators, so no use for a preload either.
  std::unique_ptr<ResponsePreload> preload = reader != nullptr ? std::move(run.preload) : nullptr;
  run.preload.reset();
  if (reader != nullptr) {
    lookups.emplace(reader);
    if (!preload && !options_.database.empty())
      preload = std::make_unique<ResponsePreload>(options_.database, run.source->id, kPreloadBytes);
    validators = [&lookups, &preload,
                  &handler](const std::string& url) -> std::optional<crawler::Validators> {
      std::optional<index::StoredResponse> held;
      if (preload) held = preload->Take(url);
      if (!held) {
        auto stored = lookups->Get(url);
        if (!stored.ok() || !stored->has_value()) return std::nullopt;
        held = std::move(**stored);
      }
      index::StoredResponse& r = *held;
      // A response whose records never reached the index (its run was killed,
      // interrupted or failed before applying, or only fetched) is no copy to
      // revalidate: a 304 would keep the records it should have replaced, or none
      // at all. Fetched in full, it is extracted and applied like any other page.
      if (r.pending_run) return std::nullopt;
      crawler::Validators v;
      v.etag = r.etag;
      v.last_modified = r.last_modified;
      // Lets a sitemap's <lastmod> skip a page unchanged since this visit.
      v.fetched_at = std::chrono::system_clock::time_point(std::chrono::seconds(r.fetched_at));
      handler.RememberLinks(url, std::move(r.links));
      return v;
    };
  }
  try {
    auto crawled = crawler_.Crawl(run.spec, validators, handler);
    if (preload && preload->ready())
      spdlog::debug("crawl {}: {} stored responses preloaded", run.source->id, preload->loaded());
    if (crawled.ok()) {
      run.report.crawl = *crawled;
    } else {
      run.crawl_status = crawled.status();
    }
  } catch (const std::exception& e) {
    run.crawl_status = Status::Internal(std::string("crawl failed: ") + e.what());
  }
}

// One crawling thread: takes the next group of sources sharing hosts and crawls
// them one after another.
void Engine::Lane() {
  std::unique_ptr<index::Index> reader;
  if (options_.mode != Mode::kReparse && !options_.database.empty()) {
    auto opened = OpenResponseReader(options_.database);
    if (opened.ok()) {
      reader = std::move(*opened);
    } else {
      spdlog::warn("no read connection ({}): every page is fetched in full this run",
                   opened.status().message());
    }
  }
  for (size_t g = next_group_.fetch_add(1); g < groups_.size(); g = next_group_.fetch_add(1)) {
    for (SourceRun* run : groups_[g]) {
      if (Halting()) {
        run->skipped = true;
      } else {
        run->started = clock_.Steady();
        // A source's crawl gets at most what is left of the run's time (SPEC
        // max_run_duration): one slow source cannot hold the nightly lock for hours.
        double left = std::chrono::duration<double>(run_deadline_ - run->started).count();
        if (left <= 0) {
          run->out_of_run_time = true;
        } else {
          if (run->spec.max_duration_s <= 0 || run->spec.max_duration_s > left) {
            run->spec.max_duration_s = left;
          }
          Crawl(*run, reader.get());
        }
      }
      WriteItem done;
      done.kind = WriteItem::Kind::kDone;
      done.run = run;
      if (!writes_.Push(std::move(done))) return;
    }
  }
}

void Engine::Flush(std::vector<index::PreparedResponse>& puts, std::vector<SourceRun*>& runs) {
  if (puts.empty()) return;
  Status st = index_.WriteResponses(puts);
  if (!st.ok()) {
    // Without its stored responses a later reparse would miss these pages and the
    // records would silently go stale: fail the sources concerned.
    for (SourceRun* run : runs) {
      if (run->store_error.ok()) run->store_error = st;
    }
  }
  puts.clear();
  runs.clear();
}

// The calling thread: batched response writes, then each source's apply when its
// crawl has ended.
void Engine::WriteLoop(size_t total) {
  std::vector<index::PreparedResponse> puts;
  std::vector<SourceRun*> runs;
  size_t finished = 0;
  size_t next_apply = 0;
  auto last_flush = clock_.Steady();
  while (finished < total) {
    if (stop_.load()) halt_.store(true);
    std::vector<WriteItem> items = writes_.PopSome(kWriteBatch, std::chrono::milliseconds(200));
    for (WriteItem& item : items) {
      if (item.kind == WriteItem::Kind::kDone) {
        Flush(puts, runs);
        // The 304s reached their pages too; the crawl's thread is done with the list.
        item.run->crawl_pages.insert(item.run->crawl_pages.end(), item.run->unchanged_pages.begin(),
                                     item.run->unchanged_pages.end());
        item.run->crawl_done = true;
        ++finished;
        // Applied in the order the sources were given, whatever order their crawls
        // end in: cross-source dedup gives a course the id of the source applied
        // first, and that must not depend on which site answered faster.
        while (next_apply < runs_.size() && runs_[next_apply]->crawl_done) {
          Finish(*runs_[next_apply++]);
        }
        continue;
      }
      if (std::find(runs.begin(), runs.end(), item.run) == runs.end()) runs.push_back(item.run);
      item.run->crawl_pages.push_back(item.put.response.url);
      puts.push_back(std::move(item.put));
    }
    auto now = clock_.Steady();
    if (items.empty() || puts.size() >= kWriteBatch || now - last_flush > std::chrono::seconds(1)) {
      Flush(puts, runs);
      last_flush = now;
    }
    ShowProgress(false);
  }
  Flush(puts, runs);
  ShowProgress(true);
}

// Reparse: stored responses through the workers, no network and nothing stored.
void Engine::Reparse(SourceRun& run) {
  run.started = clock_.Steady();
  int64_t left_out = 0;
  Status st = index_.ForEachResponse(run.source->id, [&](const index::StoredResponse& r) {
    if (stop_.load()) return;
    if (r.status < 200 || r.status >= 300 || r.body.empty()) return;
    // SPEC: only pages still in the source's crawl. One its last crawl no longer
    // reached (unlinked, out of the limits) would bring back records that went
    // stale or were removed with it.
    if (!r.in_crawl) {
      ++left_out;
      return;
    }
    PageJob job;
    job.run = &run;
    job.reparse = true;
    job.page.url = r.url;
    job.page.final_url = r.final_url;
    job.page.status = r.status;
    job.page.content_type = r.content_type;
    job.page.body = r.body;
    run.reparse_pending.fetch_add(1);
    if (!jobs_.Push(std::move(job))) run.reparse_pending.fetch_sub(1);
    ++run.report.crawl.unchanged;
    ++progress_.unchanged;
  });
  for (int left = run.reparse_pending.load(); left > 0; left = run.reparse_pending.load()) {
    run.reparse_pending.wait(left);
  }
  if (!st.ok()) run.crawl_status = st;
  if (stop_.load()) run.crawl_status = Status::Cancelled("interrupted");
  if (left_out > 0) {
    std::lock_guard<std::mutex> lock(run.mu);
    run.worker_diagnostics.Add(
        {.severity = Diagnostic::Severity::kInfo,
         .where = "reparse",
         .message = std::to_string(left_out) +
                    " stored page(s) not replayed: the source's last crawl no longer reached "
                    "them"});
  }
}

void Engine::ShowProgress(bool last) {
  if (!options_.progress) return;
  auto now = clock_.Steady();
  if (!last && now - last_progress_ < std::chrono::milliseconds(500)) return;
  last_progress_ = now;
  double elapsed = std::chrono::duration<double>(now - progress_.began).count();
  int64_t pages = progress_.fetched.load() + progress_.unchanged.load();
  // \r and erase-line: the line redraws in place; log lines in between push it down.
  std::fprintf(
      stderr,
      "\r\x1b[2K%s: sources %d/%d, pages %lld fetched, %lld unchanged, %lld failed, %.0f pages/s%s",
      options_.mode == Mode::kReparse ? "reparse" : "crawl", progress_.sources_done.load(),
      progress_.sources_total, static_cast<long long>(progress_.fetched.load()),
      static_cast<long long>(progress_.unchanged.load()),
      static_cast<long long>(progress_.failed.load()),
      elapsed > 0 ? static_cast<double>(pages) / elapsed : 0.0, last ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace detail

// glibc hands a thread's free heap back to the kernel as soon as 128 KiB of it is
// free at the top: every page's parse tree and body went back and were faulted in
// again for the next page. On 2,500 typical pages that was 2.9 s of system time
// against 0.8 s with these thresholds, and 13.1 s of user time against 11.5 s; the
// peak RSS grew from 51 to 53 MB (issue 25). Big buffers (bodies, the curl
// transfer's) stay on the heap below 1 MiB instead of an mmap each. And heaps grew
// one page per mprotect call: about 2,000 calls in an unchanged 2.5k re-crawl. A
// 1 MiB pad halved them (the run 142 -> 134 ms); it pads a heap when made, so the
// threads that fill theirs also reserve it (ReserveThreadHeap). The pad is address
// space; only the pages used become resident.
void TuneMalloc() {
#ifdef __GLIBC__
  static std::once_flag once;
  std::call_once(once, [] {
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TOP_PAD, 1 << 20);
  });
#endif
}

namespace detail {

void Engine::Run(const std::vector<const config::SourceConfig*>& sources) {
  TuneMalloc();
  progress_.sources_total = static_cast<int>(sources.size());
  const std::vector<std::vector<const config::SourceConfig*>> host_groups =
      options_.mode == Mode::kReparse ? std::vector<std::vector<const config::SourceConfig*>>{}
                                      : GroupByHost(sources);
  const int lanes =
      std::min(std::max(1, options_.parallel_sources), static_cast<int>(host_groups.size()));
  // Each lane's first source reads its stored validators while the run starts
  // (curation, workers, the lane's own connection), so its first requests find
  // them ready instead of looking each up in the index (issue 25).
  std::map<const config::SourceConfig*, std::unique_ptr<ResponsePreload>> early;
  if (!options_.database.empty()) {
    for (int i = 0; i < lanes; ++i) {
      const config::SourceConfig* first = host_groups[static_cast<size_t>(i)].front();
      early[first] = std::make_unique<ResponsePreload>(options_.database, first->id, kPreloadBytes);
    }
  }
  // Before any page is parsed: a merged id must be redirected and a suppressed page
  // skipped on every page of the run. Unreadable, every source fails (Finish)
  // rather than run without them and undo what curators did.
  if (auto rules = CurationRules::Load(index_); rules.ok()) {
    curation_ = std::move(*rules);
  } else {
    curation_error_ = rules.status().WithContext("reading curation");
  }
  run_deadline_ = clock_.Steady() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                        std::chrono::duration<double>(config_.max_run_duration_s));
  std::map<const config::SourceConfig*, SourceRun*> by_source;
  for (const config::SourceConfig* source : sources) {
    auto run = std::make_unique<SourceRun>();
    run->source = source;
    run->report.source_id = source->id;
    run->options = MakeExtractOptions(*source);
    // ProcessPage follows nothing else, and stores nothing else as the page's links.
    run->options.followed_links_only = true;
    run->spec = MakeCrawlSpec(config_, *source);
    run->spec.stop = &halt_;
    run->spec.clock = &clock_;
    run->spec.max_pending_pages = kMaxPendingPagesPerSource;
    if (auto it = early.find(source); it != early.end()) run->preload = std::move(it->second);
    by_source[source] = run.get();
    runs_.push_back(std::move(run));
  }
  SetWriterCache(kCrawlCacheBytes);
  StartWorkers();
  if (options_.mode == Mode::kReparse) {
    for (auto& run : runs_) {
      if (stop_.load()) break;
      Reparse(*run);
      Finish(*run);
    }
    ShowProgress(true);
    return;
  }
  for (const auto& group : host_groups) {
    groups_.emplace_back();
    for (const config::SourceConfig* s : group) groups_.back().push_back(by_source[s]);
  }
  for (int i = 0; i < lanes; ++i) lanes_.emplace_back([this] { Lane(); });
  WriteLoop(runs_.size());
  Shutdown();
}

}  // namespace detail

using detail::Engine;

const char* ModeName(Mode mode) {
  switch (mode) {
    case Mode::kRefresh:
      return "refresh";
    case Mode::kCrawlOnly:
      return "crawl";
    case Mode::kReparse:
      return "reparse";
  }
  return "refresh";
}

void RunSources(const EngineOptions& options, const config::Config& config,
                const std::vector<const config::SourceConfig*>& sources, index::Index& index,
                const normalise::Normaliser& normaliser, const std::atomic<bool>& stop,
                int64_t run_id, const std::function<void(const SourceReport&)>& on_report) {
  if (sources.empty()) return;
  Engine engine(options, config, index, normaliser, stop, run_id, on_report);
  engine.Run(sources);
}

}  // namespace cecat::refresh
