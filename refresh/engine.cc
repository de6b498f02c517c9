#include "refresh/engine.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "common/redact.h"
#include "common/url.h"
#include "index/stage.h"
#include "refresh/detail/work_queue.h"
#include "refresh/hosts.h"
#include "refresh/spec.h"

namespace cecat::refresh {
namespace {

bool IsHtml(const crawler::FetchedPage& page) {
  const std::string& ct = page.content_type;
  // file: URLs carry no media type; the catalogue's files are HTML.
  return ct.empty() || ct == "text/html" || ct == "application/xhtml+xml";
}

// Cross-source deduplication (issue 5): a course this source yields that another
// source already published (same provider, near-identical title, no conflicting
// hours, dates or format) takes the existing record's id, so the catalogue holds one
// record with both sources. Two courses of the same source are never merged: a
// provider listing two similar courses means two courses.
void MergeWithOtherSources(const std::string& source_id, index::Index& index, Record& r,
                           SourceReport* report) {
  if (r.type != RecordType::kCourse) return;
  std::string key = normalise::MatchKey(r);
  if (key.empty()) return;
  auto candidates = index.FindByMatchKey(key);
  if (!candidates.ok()) {
    report->diagnostics.push_back({.severity = Diagnostic::Severity::kWarning,
                                   .where = "dedup",
                                   .url = r.page_url,
                                   .message = "lookup failed: " + candidates.status().message()});
    return;
  }
  for (const Record& c : *candidates) {
    if (c.id == r.id) break;
    bool same_source = std::find(c.sources.begin(), c.sources.end(), source_id) != c.sources.end();
    if (same_source || !normalise::IsSameCourse(c, r)) continue;
    std::string page = r.page_url;
    r = normalise::MergeRecords(c, r);
    r.page_url = page;
    break;
  }
}

}  // namespace

namespace {

// Pages a source may have handed off and not yet got back; with the queues below
// this bounds the pages in memory however large the crawl.
constexpr int kMaxPendingPagesPerSource = 64;
// Writes per transaction: large enough that commits are rare, small enough that
// the compressed bodies waiting for one stay a few megabytes.
constexpr size_t kWriteBatch = 256;
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
  std::vector<std::string> unchanged_pages;
  Status store_error;  // writer only

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
  std::vector<Diagnostic> worker_diagnostics;
  int64_t diagnostics_dropped = 0;
  std::atomic<int> reparse_pending{0};  // reparse: pages not yet extracted
};

struct WriteItem {
  enum class Kind { kPut, kTouch, kDone } kind = Kind::kPut;
  SourceRun* run = nullptr;
  index::PreparedResponse put;
  index::ResponseTouch touch;
};

struct PageJob {
  SourceRun* run = nullptr;
  crawler::FetchedPage page;
  std::optional<crawler::PageTicket> ticket;  // crawl: the links go back through it
  bool reparse = false;                       // a stored response: nothing to store
};

// One raw record's normalised records and rejects, as the stage keeps them. (The
// diagnostics are the caller's to keep or drop.)
void SetOutput(normalise::NormaliseResult&& n, index::StagedOutput& out) {
  out.records = std::move(n.records);
  for (auto& r : n.rejects) {
    out.rejects.push_back(
        {std::move(r.kind), std::move(r.url), std::move(r.reason), std::move(r.raw)});
  }
}

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
  void WriteLoop(size_t total);
  void Flush(std::vector<index::PreparedResponse>& puts, std::vector<index::ResponseTouch>& touches,
             std::vector<SourceRun*>& runs);
  void Reparse(SourceRun& run);
  void Finish(SourceRun& run);
  void ShowProgress(bool last);
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
  detail::BoundedQueue<PageJob> jobs_;
  detail::BoundedQueue<WriteItem> writes_;
  std::vector<std::thread> workers_;
  std::vector<std::thread> lanes_;
  std::vector<std::unique_ptr<SourceRun>> runs_;
  // Sources sharing a host, crawled one after another by one lane.
  std::vector<std::vector<SourceRun*>> groups_;
  std::atomic<size_t> next_group_{0};
  Progress progress_;
  std::chrono::steady_clock::time_point last_progress_{};
};

// The crawler's side of the pipeline, on the crawling thread: a changed page goes
// to the workers, a 304 costs one indexed lookup for its links and a touch.
class Engine::Handler : public crawler::PageHandler {
 public:
  Handler(Engine& engine, SourceRun& run, index::Index* reader)
      : engine_(engine), run_(run), reader_(reader) {}

  void OnPageAsync(crawler::FetchedPage page, crawler::PageTicket ticket) override {
    if (page.not_modified) {
      ++engine_.progress_.unchanged;
      // Its records stay alive and its stored links are followed again, so pages
      // below it are still visited.
      run_.unchanged_pages.push_back(page.url);
      std::vector<std::string> links;
      if (reader_ != nullptr) {
        auto stored = reader_->GetResponse(page.url, /*with_body=*/false);
        if (stored.ok() && stored->has_value()) links = std::move((*stored)->links);
      }
      WriteItem touch;
      touch.kind = WriteItem::Kind::kTouch;
      touch.run = &run_;
      touch.touch = {page.url, UnixSeconds(page.fetched_at)};
      engine_.writes_.Push(std::move(touch));
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
    if (run_.worker_diagnostics.size() < kMaxDiagnostics) {
      run_.worker_diagnostics.push_back(diagnostic);
    } else {
      ++run_.diagnostics_dropped;
    }
  }

  void OnFailure(const crawler::FetchFailure& failure) override {
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
    Result<index::PreparedResponse> prepared = index::PrepareResponse(std::move(gone));
    if (!prepared.ok()) return;
    WriteItem put;
    put.kind = WriteItem::Kind::kPut;
    put.run = &run_;
    put.put = std::move(*prepared);
    engine_.writes_.Push(std::move(put));
  }

 private:
  Engine& engine_;
  SourceRun& run_;
  index::Index* reader_;
};

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

// One page's raw records normalised, as Normalise would do them within the whole
// source except that a provider named without a URL is looked up in this page's
// providers only; such records are staged with their raw record, and the apply
// normalises them again if the source's final map gives the name another URL.
index::StagedPage Engine::NormalisePage(const std::string& page_url, const std::string& source_id,
                                        const std::vector<RawRecord>& records,
                                        const normalise::Normaliser::ProviderUrlMap& providers,
                                        std::vector<Diagnostic>& diagnostics) const {
  index::StagedPage staged;
  staged.page = page_url;
  for (size_t i = 0; i < records.size(); ++i) {
    index::StagedOutput out;
    out.origin = static_cast<int>(i);
    std::vector<std::string> lookups;
    normalise::NormaliseResult n;
    try {
      n = normaliser_.NormaliseOne(records[i], source_id, providers, &lookups);
    } catch (const std::exception& e) {
      diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                             .where = "normalise",
                             .url = page_url,
                             .message = std::string("normalisation failed: ") + e.what()});
      continue;
    }
    for (auto& d : n.diagnostics) diagnostics.push_back(std::move(d));
    SetOutput(std::move(n), out);
    if (!lookups.empty()) {
      out.pending = true;
      out.raw = records[i];
      for (std::string& name : lookups) {
        auto it = providers.find(name);
        out.lookups.emplace_back(std::move(name), it != providers.end() ? it->second : "");
      }
    }
    staged.outputs.push_back(std::move(out));
  }
  return staged;
}

// Parsing, extraction and compression: everything CPU-heavy a page costs.
void Engine::ProcessPage(PageJob& job) {
  SourceRun& run = *job.run;
  const crawler::FetchedPage& page = job.page;
  std::vector<std::string> follow;
  std::vector<RawRecord> records;
  std::vector<Diagnostic> diagnostics;
  if (IsHtml(page) && page.status >= 200 && page.status < 300) {
    try {
      parsers::PageExtraction ex = parsers::ExtractPage(page.body, page.final_url, run.options);
      // Without follow selectors every link is followed; the crawler keeps the
      // crawl in scope and within max_depth/max_pages (README, extensions).
      bool follow_all = run.options.follow.empty();
      for (const auto& link : ex.links) {
        if ((link.follow || follow_all) && !link.url.empty()) follow.push_back(link.url);
      }
      records = std::move(ex.records);
      for (auto& d : ex.diagnostics) diagnostics.push_back(std::move(d));
    } catch (const std::exception& e) {
      // One bad page costs its own records, never the source's.
      diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                             .where = "extract",
                             .url = page.final_url,
                             .message = std::string("extraction failed: ") + e.what()});
    }
  }
  if (!job.reparse) {
    index::StoredResponse stored;
    stored.source_id = run.source->id;
    stored.url = page.url;
    stored.final_url = page.final_url;
    stored.status = page.status;
    stored.content_type = page.content_type;
    stored.charset = page.charset;
    stored.etag = page.etag;
    stored.last_modified = page.last_modified;
    stored.body = std::move(job.page.body);
    stored.links = follow;
    stored.fetched_at = UnixSeconds(page.fetched_at);
    Result<index::PreparedResponse> prepared = index::PrepareResponse(std::move(stored));
    if (prepared.ok()) {
      WriteItem put;
      put.kind = WriteItem::Kind::kPut;
      put.run = &run;
      put.put = std::move(*prepared);
      // Before the ticket: the crawl cannot end (and post kDone) until every ticket
      // is back, so the writer sees all of a source's pages before its end.
      writes_.Push(std::move(put));
    } else {
      diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                             .where = "store",
                             .url = page.url,
                             .message = "not stored: " + prepared.status().message()});
    }
  }
  std::optional<index::StagedPage> staged;
  normalise::Normaliser::ProviderUrlMap page_providers;
  if (!records.empty() && options_.mode != Mode::kCrawlOnly) {
    page_providers = normalise::Normaliser::ProviderUrls(records);
    staged = NormalisePage(page.url, run.source->id, records, page_providers, diagnostics);
  }
  {
    std::lock_guard<std::mutex> lock(run.mu);
    if (staged) {
      run.raw_records += static_cast<int64_t>(records.size());
      for (auto& [name, url] : page_providers) {
        auto [it, inserted] = run.provider_urls.try_emplace(name, page.url, url);
        if (!inserted && page.url < it->second.first) it->second = {page.url, url};
      }
      if (run.stage_error.ok()) {
        if (!run.stage) {
          auto opened = index::RecordStage::Open();
          if (opened.ok()) {
            run.stage = std::move(*opened);
          } else {
            run.stage_error = opened.status();
          }
        }
        if (run.stage) {
          Status st = run.stage->Add(*staged);
          if (!st.ok()) run.stage_error = st.WithContext("staging " + page.url);
        }
      }
    }
    for (auto& d : diagnostics) {
      // A site-wide quirk repeats on every page: keep the first ones, count the rest.
      if (run.worker_diagnostics.size() < kMaxDiagnostics) {
        run.worker_diagnostics.push_back(std::move(d));
      } else {
        ++run.diagnostics_dropped;
      }
    }
  }
  if (job.ticket) {
    job.ticket->Done(std::move(follow));
  } else if (job.reparse) {
    run.reparse_pending.fetch_sub(1);
    run.reparse_pending.notify_all();
  }
}

void Engine::Crawl(SourceRun& run, index::Index* reader) {
  Handler handler(*this, run, reader);
  crawler::ValidatorLookup validators;
  if (reader != nullptr) {
    validators = [reader](const std::string& url) -> std::optional<crawler::Validators> {
      auto stored = reader->GetResponse(url, /*with_body=*/false);
      if (!stored.ok() || !stored->has_value()) return std::nullopt;
      const index::StoredResponse& r = **stored;
      crawler::Validators v;
      v.etag = r.etag;
      v.last_modified = r.last_modified;
      // Lets a sitemap's <lastmod> skip a page unchanged since this visit.
      v.fetched_at = std::chrono::system_clock::time_point(std::chrono::seconds(r.fetched_at));
      return v;
    };
  }
  try {
    auto crawled = crawler_.Crawl(run.spec, validators, handler);
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
    auto opened = index::Index::Open(options_.database, /*read_only=*/true);
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
        Crawl(*run, reader.get());
      }
      WriteItem done;
      done.kind = WriteItem::Kind::kDone;
      done.run = run;
      if (!writes_.Push(std::move(done))) return;
    }
  }
}

void Engine::Flush(std::vector<index::PreparedResponse>& puts,
                   std::vector<index::ResponseTouch>& touches, std::vector<SourceRun*>& runs) {
  if (puts.empty() && touches.empty()) return;
  Status st = index_.WriteResponses(puts, touches);
  if (!st.ok()) {
    // Without its stored responses a later reparse would miss these pages and the
    // records would silently go stale: fail the sources concerned.
    for (SourceRun* run : runs) {
      if (run->store_error.ok()) run->store_error = st;
    }
  }
  puts.clear();
  touches.clear();
  runs.clear();
}

// The calling thread: batched response writes, then each source's apply when its
// crawl has ended.
void Engine::WriteLoop(size_t total) {
  std::vector<index::PreparedResponse> puts;
  std::vector<index::ResponseTouch> touches;
  std::vector<SourceRun*> runs;
  size_t finished = 0;
  size_t next_apply = 0;
  auto last_flush = clock_.Steady();
  while (finished < total) {
    if (stop_.load()) halt_.store(true);
    std::vector<WriteItem> items = writes_.PopSome(kWriteBatch, std::chrono::milliseconds(200));
    for (WriteItem& item : items) {
      if (item.kind == WriteItem::Kind::kDone) {
        Flush(puts, touches, runs);
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
      if (item.kind == WriteItem::Kind::kPut) {
        puts.push_back(std::move(item.put));
      } else {
        touches.push_back(std::move(item.touch));
      }
    }
    auto now = clock_.Steady();
    if (items.empty() || puts.size() + touches.size() >= kWriteBatch ||
        now - last_flush > std::chrono::seconds(1)) {
      Flush(puts, touches, runs);
      last_flush = now;
    }
    ShowProgress(false);
  }
  Flush(puts, touches, runs);
  ShowProgress(true);
}

// Reparse: stored responses through the workers, no network and nothing stored.
void Engine::Reparse(SourceRun& run) {
  run.started = clock_.Steady();
  Status st = index_.ForEachResponse(run.source->id, [&](const index::StoredResponse& r) {
    if (stop_.load()) return;
    if (r.status < 200 || r.status >= 300 || r.body.empty()) return;
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
}

// The source's staged records into the index, one record at a time, in one
// transaction: pending records normalised again where the source's final provider
// map differs, records of one id merged in page order, then cross-source dedup.
void Engine::ApplyStaged(SourceRun& run) {
  SourceReport& report = run.report;
  const std::string& source_id = run.source->id;
  report.raw_records = static_cast<int>(run.raw_records);
  normalise::Normaliser::ProviderUrlMap providers;
  for (const auto& [name, found] : run.provider_urls) providers[name] = found.second;
  if (run.stage) {
    Status st = run.stage->ForEachPending([&](index::PendingRaw&& p) -> Status {
      bool differs = false;
      for (const auto& [name, url] : p.lookups) {
        auto it = providers.find(name);
        differs = differs || (it != providers.end() ? it->second : std::string()) != url;
      }
      if (!differs) return Status::Ok();
      normalise::NormaliseResult n = normaliser_.NormaliseOne(p.raw, source_id, providers, nullptr);
      index::StagedPage again;
      again.page = p.page;
      index::StagedOutput& out = again.outputs.emplace_back();
      out.origin = p.origin;
      SetOutput(std::move(n), out);
      return run.stage->Add(again);
    });
    if (!st.ok()) {
      report.ok = false;
      report.error = st.WithContext("staged records").ToString();
      return;
    }
  }
  index::SourceOutcome outcome;
  outcome.source_id = source_id;
  outcome.crawl_ok = true;
  outcome.run_id = run_id_;
  // Records last seen on pages that failed this time are kept alive like those on
  // unchanged pages: a flaky detail page must not make its course go stale.
  outcome.unchanged_pages = std::move(run.unchanged_pages);
  // A page that answered 404 or 410 is gone, though: its records are not kept
  // alive, so they go stale now and are removed after 3 such crawls (SPEC).
  for (const auto& f : report.failures) {
    if (!f.Gone()) outcome.unchanged_pages.push_back(f.url);
  }
  outcome.is_crawl = options_.mode != Mode::kReparse;
  index::RecordStage* stage = run.stage.get();
  std::vector<Record> group;
  index::ApplyRecordSource records = [&](index::ApplyItem* item) -> Result<bool> {
    if (stage == nullptr) return false;
    Result<bool> more = stage->NextGroup(&group);
    if (!more.ok() || !*more) return more;
    Record r = std::move(group.front());
    for (size_t i = 1; i < group.size(); ++i) r = normalise::MergeRecords(r, group[i]);
    MergeWithOtherSources(source_id, index_, r, &report);
    // SPEC: every record has a url. A provider known only by name (from an approval
    // statement) is pointed at the page that named it.
    if (r.url.empty()) r.url = r.page_url;
    // The feed is public: a start URL's credentials or token (userinfo, ?api_key=)
    // must not ride along in the links of the records found below it.
    r.url = RedactUrl(r.url);
    item->page = r.page_url;
    item->match_key = normalise::MatchKey(r);
    item->record = std::move(r);
    return true;
  };
  index::ApplyRejectSource rejects = [&](index::Rejected* r) -> Result<bool> {
    if (stage == nullptr) return false;
    return stage->NextReject(r);
  };
  auto applied = index_.ApplySourceStream(outcome, records, rejects, clock_.NowUnix());
  if (!applied.ok()) {
    report.ok = false;
    report.error = applied.status().ToString();
    return;
  }
  report.apply = *applied;
  report.rejected = applied->rejected;
  if (applied->suspicious) {
    report.diagnostics.push_back(
        {.severity = Diagnostic::Severity::kWarning,
         .where = "apply",
         .message = "suspicious: the crawl yielded less than half of the previous record count; "
                    "nothing was marked stale or removed"});
  }
}

void Engine::Finish(SourceRun& run) {
  if (run.skipped) return;
  SourceReport& report = run.report;
  for (auto& d : run.worker_diagnostics) report.diagnostics.push_back(std::move(d));
  run.worker_diagnostics.clear();
  report.diagnostics_dropped += run.diagnostics_dropped;
  auto fail = [&](std::string error) {
    report.ok = false;
    report.error = std::move(error);
  };
  if (!run.crawl_status.ok()) {
    fail(run.crawl_status.cancelled() ? "interrupted" : run.crawl_status.ToString());
    report.cancelled = run.crawl_status.cancelled();
  } else if (!run.store_error.ok()) {
    fail(run.store_error.ToString());
  } else if ((Halting() || stop_.load()) && options_.mode != Mode::kReparse) {
    // Checked here too: the writer copies stop_ into halt_ only between batches.
    fail("interrupted");
    report.cancelled = true;
  } else if (Status start = crawler::StartUrlStatus(run.spec, report.failures);
             options_.mode != Mode::kReparse && !start.ok()) {
    // Normally CrawlSource said so already; a SourceCrawler's report is judged by
    // the same rule whatever it returned.
    fail(start.ToString());
  } else if (options_.mode != Mode::kReparse &&
             report.crawl.fetched + report.crawl.unchanged == 0) {
    fail("no page could be fetched");
  }
  if (report.ok && !run.stage_error.ok()) fail(run.stage_error.ToString());
  if (report.ok && options_.mode != Mode::kCrawlOnly) ApplyStaged(run);
  run.stage.reset();  // deletes its temporary file
  report.duration_s = std::chrono::duration<double>(clock_.Steady() - run.started).count();
  if (!report.ok) {
    // A failed crawl changes none of the source's records; the index only notes
    // the error for `cecat sources list`.
    index::SourceOutcome failed;
    failed.source_id = run.source->id;
    failed.crawl_ok = false;
    failed.error = RedactSecrets(report.error);
    failed.run_id = run_id_;
    auto st = index_.ApplySource(failed, clock_.NowUnix());
    if (!st.ok()) {
      report.diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                                    .where = "index",
                                    .message = "recording the failure: " + st.status().message()});
    }
    spdlog::error("source {} failed after {:.1f} s: {}", run.source->id, report.duration_s,
                  report.error);
  } else {
    spdlog::info(
        "source {}: {:.1f} s, {} pages fetched, {} unchanged, {} failed; records +{} ~{} stale "
        "{} removed {} rejected {}",
        run.source->id, report.duration_s, report.crawl.fetched, report.crawl.unchanged,
        report.crawl.failed, report.apply.added, report.apply.updated, report.apply.stale,
        report.apply.removed, report.rejected);
  }
  ++progress_.sources_done;
  on_report_(report);
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

void Engine::Run(const std::vector<const config::SourceConfig*>& sources) {
  progress_.sources_total = static_cast<int>(sources.size());
  std::map<const config::SourceConfig*, SourceRun*> by_source;
  for (const config::SourceConfig* source : sources) {
    auto run = std::make_unique<SourceRun>();
    run->source = source;
    run->report.source_id = source->id;
    run->options = MakeExtractOptions(*source);
    run->spec = MakeCrawlSpec(config_, *source);
    run->spec.stop = &halt_;
    run->spec.clock = &clock_;
    run->spec.max_pending_pages = kMaxPendingPagesPerSource;
    by_source[source] = run.get();
    runs_.push_back(std::move(run));
  }
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
  for (const auto& group : GroupByHost(sources)) {
    groups_.emplace_back();
    for (const config::SourceConfig* s : group) groups_.back().push_back(by_source[s]);
  }
  int lanes = std::min(std::max(1, options_.parallel_sources), static_cast<int>(groups_.size()));
  for (int i = 0; i < lanes; ++i) lanes_.emplace_back([this] { Lane(); });
  WriteLoop(runs_.size());
  Shutdown();
}

}  // namespace

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
