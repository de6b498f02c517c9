// The refresh engine's private parts, shared by engine.cc (threads, queues, the
// write loop), detail/pages.cc (what a page costs on the workers) and
// detail/apply.cc (a source's staged records into the index).
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "index/stage.h"
#include "parsers/extract.h"
#include "refresh/curation.h"
#include "refresh/detail/preload.h"
#include "refresh/detail/work_queue.h"
#include "refresh/engine.h"

namespace cecat::refresh::detail {

// Pages a source may have handed off and not yet got back; with the queues below
// this bounds the pages in memory however large the crawl.
constexpr int kMaxPendingPagesPerSource = 64;
// Writes per transaction: large enough that commits are rare, small enough that
// the compressed bodies waiting for one stay a few megabytes.
constexpr size_t kWriteBatch = 64;
// The writer's page cache while sources crawl: it writes bodies it never reads
// back, which a large cache would only hold (64 MiB of them by 2,500 heavy pages,
// issue 25).
constexpr int64_t kCrawlCacheBytes = int64_t{2} << 20;
// While a source is applied: its records, indexes and full-text rows are read
// back. At 10,000 heavy pages the apply took 5.7 s with 16 MiB and with 64 MiB
// (the index's default), and the peak RSS was 71 MB against 119 MB.
constexpr int64_t kApplyCacheBytes = int64_t{16} << 20;
// Diagnostics kept per source, from the pages and in the stored report.
constexpr size_t kMaxDiagnostics = 200;

// Progress counters, bumped from every thread, read for the progress line.
struct Progress {
  std::atomic<int64_t> fetched{0}, unchanged{0}, failed{0};
  std::atomic<int> sources_done{0};
  int sources_total = 0;
  std::chrono::steady_clock::time_point began;
};

// One source while it runs: filled by its crawling thread, the workers and the
// writer. Fields without a note belong to the crawling thread until it posts the
// source's kDone item, and to the writer after.
struct SourceRun {
  const config::SourceConfig* source = nullptr;
  crawler::CrawlSpec spec;
  parsers::ExtractOptions options;
  SourceReport report;
  std::chrono::steady_clock::time_point started;
  bool skipped = false;     // never started (stopped before its turn)
  bool crawl_done = false;  // writer only: its kDone has arrived
  Status crawl_status;
  // The pages that answered 304 (or a sitemap's <lastmod> said were unchanged), and
  // the earliest time one of them was confirmed: unix seconds, 0 while none was.
  std::vector<std::string> unchanged_pages;
  int64_t revalidated_at = 0;
  // A lane's first source starts reading its stored validators when the run
  // starts (Engine::Run), not when its crawl does; null for the others.
  std::unique_ptr<ResponsePreload> preload;
  Status store_error;  // writer only
  // The run's max_run_duration had run out before this source's turn: not
  // crawled, its records kept; reported as partial.
  bool out_of_run_time = false;
  // Writer only: the canonical URLs whose responses this crawl stored or touched;
  // with the transient failures, the pages the crawl reached (a reparse replays
  // only those: Index::RecordCrawlPages).
  std::vector<std::string> crawl_pages;

  // Workers write here (under mu). Each page's records are normalised on the
  // worker and staged on disk by page, so the apply merges them in page order
  // whatever order the pages came back in, and memory does not grow with the crawl.
  std::mutex mu;
  std::unique_ptr<index::RecordStage> stage;  // opened with the first records
  Status stage_error;
  int64_t raw_records = 0;
  // Folded provider name -> (page, URL) of the first page in page order naming
  // the provider with a URL: the source-wide map a whole-source normalisation
  // uses (normalise::Normaliser::ProviderUrls), one entry per provider.
  std::map<std::string, std::pair<std::string, std::string>> provider_urls;
  // A site-wide quirk repeats on every page: the first ones are kept, the rest counted.
  DiagnosticList worker_diagnostics{kMaxDiagnostics};
  // Pages no extract entry's `url` regex matched, and the first of them.
  int64_t unmatched_pages = 0;
  std::string first_unmatched_page;
  std::atomic<int> reparse_pending{0};  // reparse: pages not yet extracted
  int64_t applied_at = 0;               // writer only: the apply's time, once applied
  // Pages not parsed because a curator suppressed their URL (docs/curation.md).
  std::atomic<int64_t> suppressed_pages{0};
};

struct WriteItem {
  enum class Kind { kPut, kDone } kind = Kind::kPut;
  SourceRun* run = nullptr;
  index::PreparedResponse put;
};

struct PageJob {
  SourceRun* run = nullptr;
  crawler::FetchedPage page;
  std::optional<crawler::PageTicket> ticket;  // crawl: the links go back through it
  bool reparse = false;                       // a stored response: nothing to store
};

// One raw record's normalised records and rejects, as the stage keeps them. (The
// diagnostics are the caller's to keep or drop.)
void SetOutput(normalise::NormaliseResult&& n, index::StagedOutput& out);

class Engine {
 public:
  Engine(const EngineOptions& options, const config::Config& config, index::Index& index,
         const normalise::Normaliser& normaliser, const std::atomic<bool>& stop, int64_t run_id,
         const std::function<void(const SourceReport&)>& on_report)
      : options_(options),
        clock_(options.clock != nullptr ? *options.clock : SystemClock()),
        crawler_(options.crawler != nullptr ? *options.crawler : LibcurlCrawler()),
        config_(config),
        index_(index),
        normaliser_(normaliser),
        stop_(stop),
        run_id_(run_id),
        on_report_(on_report),
        jobs_(64),
        writes_(2 * kWriteBatch) {
    progress_.began = clock_.Steady();
  }

  ~Engine() { Shutdown(); }

  void Run(const std::vector<const config::SourceConfig*>& sources);

 private:
  class Handler;

  void StartWorkers();
  void Shutdown();
  void Lane();
  void Crawl(SourceRun& run, index::Index* reader);
  void ProcessPage(PageJob& job);
  index::StagedPage NormalisePage(const std::string& page_url, const std::string& source_id,
                                  const std::vector<RawRecord>& records,
                                  const normalise::Normaliser::ProviderUrlMap& providers,
                                  std::vector<Diagnostic>& diagnostics) const;
  void ApplyStaged(SourceRun& run);
  // Approvals a course inherits from its provider (docs/normalisation.md
  // "Approvals"): on one course as it is applied, and on every course after a
  // source's apply.
  // `providers` caches the provider records looked up during one apply, by id
  // (nullopt: none); the apply drops a provider's entry when it writes that provider.
  using ProviderCache = std::map<std::string, std::optional<Record>>;
  void InheritFromProvider(Record& course, ProviderCache* providers, SourceReport* report);
  void InheritCourseApprovals(SourceReport* report);
  void WriteLoop(size_t total);
  void Flush(std::vector<index::PreparedResponse>& puts, std::vector<SourceRun*>& runs);
  void Reparse(SourceRun& run);
  void Finish(SourceRun& run);
  // refresh/detail/health.cc: the run's health metrics and verdict into its
  // report (a crawl that was applied; docs/operations.md "Source health").
  void JudgeSourceHealth(SourceRun& run);
  void ShowProgress(bool last);
  // index_'s page cache (Index::SetCacheBytes); a failure costs only memory or
  // speed, so it is logged.
  void SetWriterCache(int64_t bytes);
  bool Halting() const { return halt_.load(); }

  const EngineOptions& options_;
  const Clock& clock_;
  SourceCrawler& crawler_;
  const config::Config& config_;
  index::Index& index_;
  const normalise::Normaliser& normaliser_;
  const std::atomic<bool>& stop_;
  int64_t run_id_;
  const std::function<void(const SourceReport&)>& on_report_;

  // The crawlers' stop flag: the caller's stop, copied in by the writer, or set
  // when the engine itself must give up.
  std::atomic<bool> halt_{false};
  // max_run_duration from the start of Run (steady clock).
  std::chrono::steady_clock::time_point run_deadline_ =
      std::chrono::steady_clock::time_point::max();
  // The curators' aliases and suppressions, read once before any page is parsed
  // (refresh/curation.h); the workers only read it.
  CurationRules curation_;
  Status curation_error_;
  BoundedQueue<PageJob> jobs_;
  BoundedQueue<WriteItem> writes_;
  std::vector<std::thread> workers_;
  std::vector<std::thread> lanes_;
  std::vector<std::unique_ptr<SourceRun>> runs_;
  // Sources sharing a host, crawled one after another by one lane.
  std::vector<std::vector<SourceRun*>> groups_;
  std::atomic<size_t> next_group_{0};
  Progress progress_;
  std::chrono::steady_clock::time_point last_progress_{};
};

}  // namespace cecat::refresh::detail
