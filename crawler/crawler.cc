// CrawlSource: the event loop. One libcurl multi handle runs every transfer; the
// HostScheduler decides which queued fetch may start; completed transfers are turned
// into FetchedPage/FetchFailure for the caller, and the links it returns go through
// the frontier checks (canonical form, dedup, scope, depth, max_pages).
#include "crawler/crawler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_set>

#include "common/thread_heap.h"
#include "common/url.h"
#include "crawler/address_policy.h"
#include "crawler/charset.h"
#include "crawler/detail/link_inbox.h"
#include "crawler/detail/media_type.h"
#include "crawler/detail/transfer.h"
#include "crawler/politeness.h"
#include "crawler/retry.h"
#include "crawler/robots.h"
#include "crawler/scope.h"
#include "crawler/sitemap.h"

namespace cecat::crawler {

namespace {

using detail::FileTimeAsHttpDate;
using detail::MediaType;
using detail::MediaTypeForPath;
using detail::Transfer;

constexpr double kMaxCrawlDelaySeconds = 60;
// Sitemap files fetched per source and run, indexes included.
constexpr int kMaxSitemaps = 1000;
// Heap an event loop's thread reserves at its start (ReserveThreadHeap): an
// unchanged 2.5k re-crawl's lane grew by about 0.8 MB a page at a time.
constexpr std::size_t kLoopHeapBytes = std::size_t{1800} << 10;

// How a URL of a blocked host fails: as refused when the address policy refused
// the host, else as "host unreachable".
FailureReason BlockedFailure(const HostState& host) {
  return host.blocked_reason == FailureReason::kAddressRefused ? FailureReason::kAddressRefused
                                                               : FailureReason::kHostUnreachable;
}

// The politeness unit: scheme://host[:port], or "file://" for every local file.
std::string HostKey(const Url& url) {
  if (url.scheme == "file") return "file://";
  return url.Origin();
}

class Crawl {
 public:
  Crawl(const CrawlSpec& spec, const ValidatorLookup& validators, PageHandler& handler, Scope scope,
        AddressPolicy policy)
      : clock_(spec.clock != nullptr ? *spec.clock : SystemClock()),
        spec_(spec),
        validators_(validators),
        handler_(handler),
        scope_(std::move(scope)),
        policy_(std::move(policy)),
        scheduler_(HostScheduler::Limits{spec.concurrency_per_host, Millis(spec.delay_ms),
                                         spec.max_connections}),
        rng_(std::random_device{}()) {}

  ~Crawl() { inbox_->Close(); }

  Result<CrawlStats> Run();

 private:
  void HandOff(FetchedPage page);
  bool DrainInbox();
  bool Stopping() const { return spec_.stop != nullptr && spec_.stop->load(); }
  TimePoint Steady() const { return clock_.Steady(); }
  // The handler holds max_pending_pages pages: back-pressure, nothing new starts.
  bool HandlerFull() const { return pending_pages_ >= std::max(1, spec_.max_pending_pages); }
  void Admit(const std::string& raw, int depth, const std::string* lastmod = nullptr);
  void AddSitemap(const std::string& raw, const std::string& base);
  bool UnchangedSince(const std::string& url, const std::string& lastmod,
                      std::optional<Validators>& stored);
  void DeliverUnchanged(const std::string& url, int depth, const Validators& stored);
  void CompleteSitemap(Transfer& t, CURLcode code);
  void Enqueue(FetchJob job, const Url& url);
  void Dispatch(HostScheduler::Ready ready, size_t loop);
  // One event loop (see mu_); Run runs loop 0 and, with io_threads > 1, a thread
  // runs loop 1.
  void Loop(size_t me);
  // Wakes the other loops that sleep while there is work they could start, or
  // every sleeping loop when the crawl ends or runs out of time. Under mu_.
  void WakeIdle(size_t me);
  // Whether a new transfer may start somewhere: in time, the handler not full, a
  // connection of the source free. Under mu_.
  bool MayStart() const {
    return !out_of_time_ && !HandlerFull() &&
           scheduler_.Active() < std::max(1, spec_.max_connections);
  }
  int TotalActive() const {
    int n = 0;
    for (int a : active_) n += a;
    return n;
  }
  void Complete(detail::Finished done);
  void CompletePage(Transfer& t, CURLcode code);
  void CompleteRobots(Transfer& t, CURLcode code);
  void DenyByRobots(const FetchJob& job);
  void Redirect(Transfer& t, int status);
  bool Retry(Transfer& t, FailureReason reason, int status);
  void Deliver(Transfer& t, int status);
  void Fail(const FetchJob& job, FailureReason reason, int status = 0);
  // A connection-level failure (after its retries) or a response from the host.
  // `dripped`: the host answered, then sent the body past timeout_s.
  void HostFailed(const std::string& key, FailureReason reason, bool dripped = false);
  void HostAnswered(const std::string& key);
  // Gives up on the host for the run: its queued URLs fail now (pages as
  // `reason` for a refused address, else as "host unreachable"), and so does
  // every URL enqueued for it later.
  void BlockHost(HostState& host, FailureReason reason);
  void Report(const Diagnostic& d) {
    try {
      handler_.OnDiagnostic(d);
    } catch (const std::exception& e) {
      spdlog::warn("crawl {}: diagnostic handler threw: {}", spec_.source_id, e.what());
    }
  }

  const Clock& clock_;

  const CrawlSpec& spec_;
  const ValidatorLookup& validators_;
  PageHandler& handler_;
  Scope scope_;
  AddressPolicy policy_;
  HostScheduler scheduler_;
  // The event loops: each drives its own curl multi handle (libcurl's handles are
  // single-threaded) on its own thread, and takes mu_ for everything else, so the
  // crawl's state is changed by one loop at a time. Two loops put libcurl's and the
  // kernel's work per request on two cores (issue 25: an unchanged re-crawl was
  // one thread at 100%, 70% of it inside curl_multi_perform).
  std::mutex mu_;
  std::vector<std::unique_ptr<detail::MultiSession>> sessions_;
  std::vector<int> active_;     // transfers in flight per loop
  std::vector<int> caps_;       // connections per loop: max_connections shared out
  std::vector<char> sleeping_;  // the loop is in (or about to enter) its Poll
  bool done_ = false;
  bool out_of_time_ = false;
  bool stopped_ = false;
  std::optional<TimePoint> deadline_;
  std::mt19937_64 rng_;
  CrawlStats stats_;
  std::unordered_set<std::string> seen_;  // canonical URLs admitted or judged
  std::unordered_set<std::string>
      claimed_;  // canonical URLs fetched (admitted or redirect targets)
  int admitted_ = 0;
  std::unordered_set<std::string> start_urls_;
  std::unordered_set<std::string> start_hosts_;  // host keys of the start URLs
  std::unordered_set<std::string> sitemaps_seen_;
  bool sitemaps_from_robots_ = false;
  std::vector<FetchFailure> start_failures_;
  std::shared_ptr<detail::LinkInbox> inbox_ = std::make_shared<detail::LinkInbox>();
  int pending_pages_ = 0;  // handed off, links not yet taken from the inbox
};

Result<CrawlStats> Crawl::Run() {
  const size_t loops = spec_.io_threads > 1 && spec_.max_connections > 1 ? 2 : 1;
  for (size_t i = 0; i < loops; ++i) {
    sessions_.push_back(std::make_unique<detail::MultiSession>());
    if (!sessions_.back()->ok()) return Status::Internal("curl_multi_init failed");
    const int total = std::max(1, spec_.max_connections);
    caps_.push_back(total / static_cast<int>(loops) +
                    (static_cast<int>(i) < total % static_cast<int>(loops) ? 1 : 0));
  }
  active_.assign(loops, 0);
  sleeping_.assign(loops, 0);
  auto began = Steady();
  if (spec_.max_duration_s > 0) {
    deadline_ = began + std::chrono::duration_cast<SteadyClock::duration>(
                            std::chrono::duration<double>(spec_.max_duration_s));
  }
  for (const std::string& start : spec_.start_urls) {
    Result<std::string> canonical = CanonicalUrlString(start);
    if (!canonical.ok()) continue;
    start_urls_.insert(*canonical);
    if (Result<Url> url = ParseUrl(*canonical); url.ok()) start_hosts_.insert(HostKey(*url));
  }
  for (const std::string& sitemap : spec_.sitemaps) {
    if (sitemap == "robots") {
      sitemaps_from_robots_ = true;
    } else {
      AddSitemap(sitemap, "");
    }
  }
  for (const std::string& start : spec_.start_urls) Admit(start, 0);

  // Links handed back from other threads wake loop 0; a loop's own handoffs are
  // drained by that loop.
  inbox_->Open(sessions_[0]->handle());
  // A loop that throws ends the crawl for both; the first loop's exception wins.
  std::exception_ptr failed[2];
  auto run_loop = [this, &failed](size_t me) {
    try {
      Loop(me);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu_);
      failed[me] = std::current_exception();
      done_ = true;
      WakeIdle(me);
    }
  };
  std::thread second;
  if (loops > 1) {
    second = std::thread([this, &run_loop] {
      inbox_->AddLoopThread();
      run_loop(1);
    });
  }
  run_loop(0);
  if (second.joinable()) second.join();
  inbox_->Close();
  for (const std::exception_ptr& e : failed) {
    if (e) std::rethrow_exception(e);
  }

  stats_.elapsed_s = std::chrono::duration<double>(Steady() - began).count();
  spdlog::info(
      "crawl {}: {} requested, {} fetched, {} unchanged, {} failed, {} robots-denied, {} out of "
      "scope, {} bytes, {:.1f} s",
      spec_.source_id, stats_.requested, stats_.fetched, stats_.unchanged, stats_.failed,
      stats_.robots_denied, stats_.out_of_scope, stats_.bytes, stats_.elapsed_s);
  CECAT_RETURN_IF_ERROR(StartUrlStatus(spec_, start_failures_));
  return stats_;
}

void Crawl::Loop(size_t me) {
  // Transfers, libcurl's handles and (on loop 0's thread, the source's lane) the
  // frontier's sets grow this thread's heap: in one step, not a page at a time.
  ReserveThreadHeap(kLoopHeapBytes);
  detail::MultiSession& session = *sessions_[me];
  std::unique_lock<std::mutex> lock(mu_);
  while (!done_) {
    TimePoint now = Steady();
    if (deadline_ && now >= *deadline_ && !stats_.out_of_time) {
      out_of_time_ = true;
      stats_.out_of_time = true;
      // In-flight transfers are abandoned too (every loop its own, below): a page
      // dripping bytes (just above the low-speed limit) would otherwise hold the
      // crawl for timeout_s more.
      spdlog::warn("crawl {}: max_duration ({:.0f} s) reached; {} transfer(s) abandoned",
                   spec_.source_id, spec_.max_duration_s, TotalActive());
      WakeIdle(me);
    }
    if (!stopped_ && Stopping()) {
      stopped_ = true;
      out_of_time_ = true;
      // Transfers in flight are abandoned: a stop should not wait for a slow host.
      spdlog::info("crawl {}: stopping", spec_.source_id);
      WakeIdle(me);
    }
    if (out_of_time_) {
      // Out of time: this loop's transfers are abandoned (once: nothing new starts,
      // so later calls find none), nothing new starts, and links from transfers
      // still finishing are dropped as they arrive, so the loop ends with the last
      // of them.
      stats_.not_started += static_cast<int>(session.AbortAll());
      active_[me] = 0;
      stats_.not_started += static_cast<int>(scheduler_.DrainAll().size());
    }
    while (!out_of_time_ && !HandlerFull() && active_[me] < caps_[me]) {
      std::optional<HostScheduler::Ready> ready = scheduler_.Next(now);
      if (!ready) break;
      Dispatch(std::move(*ready), me);
    }
    if (TotalActive() == 0 && scheduler_.Queued() == 0 && pending_pages_ == 0) {
      done_ = true;
      WakeIdle(me);
      break;
    }
    // Jobs due now that this loop has no room for: another loop may start them.
    // (Only due ones: waking for a job held back by politeness would bounce the
    // loops awake in turn until it is due.)
    if (MayStart()) {
      std::optional<TimePoint> due = scheduler_.NextWakeup();
      if (due && *due <= now) WakeIdle(me);
    }
    lock.unlock();
    std::vector<detail::Finished> finished = session.Perform();
    lock.lock();
    active_[me] -= static_cast<int>(finished.size());
    for (detail::Finished& done : finished) Complete(std::move(done));
    bool drained = DrainInbox();
    if (!finished.empty() || drained) continue;  // links may have been queued: dispatch first
    if (done_) break;

    int timeout_ms = 1000;
    // While nothing may start (every connection busy, or the handler holding its
    // limit of pages), a due job is no reason to wake: a finished transfer or a
    // returned ticket will. Waking anyway would spin the loop at 100% CPU.
    bool can_start = MayStart() && active_[me] < caps_[me];
    std::optional<TimePoint> wake;
    if (can_start) wake = scheduler_.NextWakeup();
    if (wake) {
      auto wait = std::chrono::duration_cast<Millis>(*wake - Steady()).count() + 1;
      timeout_ms = static_cast<int>(std::clamp<int64_t>(wait, 0, 1000));
    }
    if (deadline_) {
      auto left = std::chrono::duration_cast<Millis>(*deadline_ - Steady()).count() + 1;
      timeout_ms = static_cast<int>(std::clamp<int64_t>(left, 0, timeout_ms));
    }
    // Woken by curl_multi_wakeup when a handed-off page's links come back (loop 0)
    // or another loop finds work this one could start (WakeIdle).
    const bool poll = timeout_ms > 0 || active_[me] > 0;
    sleeping_[me] = 1;
    lock.unlock();
    if (poll) session.Poll(timeout_ms);
    lock.lock();
    sleeping_[me] = 0;
  }
}

void Crawl::WakeIdle(size_t me) {
  for (size_t o = 0; o < sessions_.size(); ++o) {
    if (o == me || !sleeping_[o]) continue;
    const bool ending = done_ || out_of_time_;
    if (!ending && (HandlerFull() || active_[o] >= caps_[o])) continue;
    // Sticky: a Poll entered after this returns at once.
    detail::Curl().multi_wakeup(sessions_[o]->handle());
    sleeping_[o] = 0;
  }
}

// The frontier's gate: canonical form, dedup, scope, depth, max_pages.
void Crawl::Admit(const std::string& raw, int depth, const std::string* lastmod) {
  // A link spelled as a URL already seen is that URL: seen_ holds canonical forms
  // only. Most repeats (a listing's pagination on every listing page) end here,
  // unparsed (issue 25).
  if (seen_.count(raw) != 0) return;
  // Scope::Judge is the gate's link-only part, shared with `cecat extract`; what
  // follows it (dedup, max_pages) depends on this crawl's state.
  LinkDecision decision = scope_.Judge(raw, depth, spec_.max_depth);
  if (decision.verdict == LinkVerdict::kNoCanonicalForm) {
    ++stats_.out_of_scope;
    spdlog::debug("crawl {}: ignoring link {}: {}", spec_.source_id, raw, decision.reason);
    return;
  }
  const std::string* canonical = &decision.canonical;
  if (seen_.count(*canonical)) return;
  if (decision.verdict == LinkVerdict::kOutOfScope) {
    seen_.insert(*canonical);
    ++stats_.out_of_scope;
    spdlog::debug("crawl {}: {}: {}", spec_.source_id, decision.reason, *canonical);
    return;
  }
  // Not marked seen: the same URL may turn up again at a smaller depth.
  if (decision.verdict == LinkVerdict::kTooDeep) {
    ++stats_.skipped_depth;
    return;
  }
  if (admitted_ >= spec_.max_pages) {
    ++stats_.skipped_max_pages;
    return;
  }
  seen_.insert(*canonical);
  claimed_.insert(*canonical);
  ++admitted_;
  std::optional<Validators> stored;
  if (lastmod != nullptr && UnchangedSince(*canonical, *lastmod, stored)) {
    return DeliverUnchanged(*canonical, depth, *stored);
  }
  FetchJob job;
  job.url = *canonical;
  job.requested_url = *canonical;
  job.depth = depth;
  Enqueue(std::move(job), decision.parsed);
}

void Crawl::Enqueue(FetchJob job, const Url& url) {
  std::string key = HostKey(url);
  HostState& host = scheduler_.Host(key);
  if (host.blocked) {
    if (job.kind == JobKind::kPage) return Fail(job, BlockedFailure(host));
    ++stats_.sitemap_errors;
    return;
  }
  if (host.robots_state == RobotsState::kUnknown) {
    if (url.scheme == "file") {
      host.delay = Millis(0);  // local files: no server to be polite to
      host.robots_state = RobotsState::kNotNeeded;
    } else if (!spec_.respect_robots && !(sitemaps_from_robots_ && start_hosts_.count(key))) {
      host.robots_state = RobotsState::kNotNeeded;
    } else {
      // robots.txt once per host per run, before any other request to it.
      host.robots_state = RobotsState::kPending;
      FetchJob robots;
      robots.kind = JobKind::kRobots;
      robots.url = key + "/robots.txt";
      robots.requested_url = robots.url;
      scheduler_.Push(key, std::move(robots));
    }
  }
  if (job.kind != JobKind::kRobots && host.robots_state == RobotsState::kKnown &&
      !host.robots->Allowed(job.url)) {
    return DenyByRobots(job);
  }
  scheduler_.Push(key, std::move(job));
}

void Crawl::Dispatch(HostScheduler::Ready ready, size_t loop) {
  FetchJob& job = ready.job;
  detail::TransferOptions options;
  if (job.kind == JobKind::kPage && validators_) {
    try {
      options.validators = validators_(job.requested_url);
    } catch (const std::exception& e) {
      spdlog::warn("crawl {}: validator lookup for {} failed: {}", spec_.source_id,
                   job.requested_url, e.what());
    }
  }
  // Sitemaps and robots.txt have their own caps, not max_bytes (docs/security.md).
  // A sitemap's 3xx is not followed: the sitemap fails.
  if (job.kind == JobKind::kSitemap) options.stream_sitemap = true;
  if (job.kind == JobKind::kRobots) {
    options.follow_redirects = kRobotsMaxRedirects;
    // One byte past the cap tells ParseRobotsTxt that the file was larger, so it
    // reports the cut and drops the line the cut went through.
    options.truncate_at = static_cast<int64_t>(kRobotsMaxBytes) + 1;
  }
  std::string key = ready.host->key;
  Result<std::unique_ptr<Transfer>> t = detail::MakeTransfer(spec_, policy_, job, key, options);
  if (t.ok()) {
    Status added = sessions_[loop]->Add(std::move(*t));
    if (added.ok()) {
      ++active_[loop];
      if (job.kind == JobKind::kPage) ++stats_.requested;
      spdlog::debug("crawl {}: GET {}", spec_.source_id, job.url);
      return;
    }
    t = added;
  }
  scheduler_.Finished(key);
  spdlog::warn("crawl {}: {}: {}", spec_.source_id, job.url, t.status().message());
  Fail(job, FailureReason::kInternal);
}

void Crawl::Complete(detail::Finished done) {
  Transfer& t = *done.transfer;
  scheduler_.Finished(t.host_key);
  if (done.code == CURLE_WRITE_ERROR && !t.decode_error.empty()) {
    // The body's Content-Encoding could not be decoded (OnBody stopped the
    // transfer): the error libcurl reports when it decodes itself.
    done.code = CURLE_BAD_CONTENT_ENCODING;
    snprintf(t.error, sizeof t.error, "%s", t.decode_error.c_str());
    // The page fails as "network"; this says why, once (not again per retry).
    if (t.job.attempt == 0) {
      Report({.severity = Diagnostic::Severity::kError,
              .where = "content-encoding",
              .url = t.job.url,
              .message = "body not decoded: " + t.decode_error});
    }
  }
  switch (t.job.kind) {
    case JobKind::kPage:
      CompletePage(t, done.code);
      break;
    case JobKind::kRobots:
      CompleteRobots(t, done.code);
      break;
    case JobKind::kSitemap:
      CompleteSitemap(t, done.code);
      break;
  }
}

void Crawl::CompletePage(Transfer& t, CURLcode code) {
  if (code != CURLE_OK) {
    if (t.too_large || code == CURLE_FILESIZE_EXCEEDED)
      return Fail(t.job, FailureReason::kTooLarge);
    if (!t.address_refused.empty()) return Fail(t.job, FailureReason::kAddressRefused);
    if (code == CURLE_FILE_COULDNT_READ_FILE) return Fail(t.job, FailureReason::kNotFound);
    FailureReason reason = FailureReason::kNetwork;
    if (code == CURLE_OPERATION_TIMEDOUT) {
      bool slow = std::string_view(t.error).find("too slow") != std::string_view::npos;
      reason = slow ? FailureReason::kLowSpeed : FailureReason::kTimeout;
    } else if (code == CURLE_COULDNT_RESOLVE_HOST) {
      reason = FailureReason::kDns;
    } else if (code == CURLE_COULDNT_CONNECT) {
      reason = FailureReason::kConnect;
    } else {
      spdlog::debug("crawl {}: {}: {}", spec_.source_id, t.job.url,
                    t.error[0] ? t.error : detail::Curl().easy_strerror(code));
    }
    // Connection-level trouble is transient more often than not; a name that did
    // not resolve will not resolve a second later, and a server that answered but
    // dripped its body past timeout_s will drip again (three attempts of a 150 B/s
    // page cost 92 s before).
    curl_off_t received = 0;
    detail::Curl().easy_getinfo(t.easy.get(), CURLINFO_SIZE_DOWNLOAD_T, &received);
    bool dripped = reason == FailureReason::kTimeout && (received > 0 || !t.headers.empty());
    // The host's record counts failures in a row: a dead host is given up once,
    // not retried once per queued URL (wget2's host.c does the same). Drips are
    // counted over the whole run as well (HostState::dripped).
    HostFailed(t.host_key, reason, dripped);
    bool retryable =
        reason != FailureReason::kDns && !dripped &&
        (reason != FailureReason::kNetwork || code == CURLE_RECV_ERROR ||
         code == CURLE_SEND_ERROR || code == CURLE_GOT_NOTHING || code == CURLE_PARTIAL_FILE);
    if (!retryable || !Retry(t, reason, 0)) Fail(t.job, reason);
    return;
  }
  HostAnswered(t.host_key);
  long status = 0;
  detail::Curl().easy_getinfo(t.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status == 0 && t.job.url.rfind("file:", 0) == 0) {
    long unmet = 0;
    detail::Curl().easy_getinfo(t.easy.get(), CURLINFO_CONDITION_UNMET, &unmet);
    status = unmet != 0 ? 304 : 200;  // not modified since the stored mtime
  }
  if (status >= 200 && status < 300) return Deliver(t, static_cast<int>(status));
  if (status == 304) return Deliver(t, 304);
  if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
    return Redirect(t, static_cast<int>(status));
  }
  if (IsRetryableStatus(static_cast<int>(status)) &&
      Retry(t, FailureReason::kHttpStatus, static_cast<int>(status))) {
    return;
  }
  Fail(t.job, FailureReason::kHttpStatus, static_cast<int>(status));
}

void Crawl::Redirect(Transfer& t, int status) {
  auto location = t.headers.find("location");
  if (location == t.headers.end() || location->second.empty()) {
    return Fail(t.job, FailureReason::kRedirectWithoutLocation, status);
  }
  Result<std::string> target = ResolveUrlString(t.job.url, location->second);
  Result<std::string> canonical =
      target.ok() ? CanonicalUrlString(*target) : Result<std::string>(target.status());
  Result<Url> url = canonical.ok() ? ParseUrl(*canonical) : Result<Url>(canonical.status());
  if (!url.ok() || (url->scheme != "http" && url->scheme != "https")) {
    return Fail(t.job, FailureReason::kBadRedirect, status);
  }
  if (*canonical == t.job.url || std::find(t.job.redirects.begin(), t.job.redirects.end(),
                                           *canonical) != t.job.redirects.end()) {
    return Fail(t.job, FailureReason::kRedirectLoop, status);
  }
  if (static_cast<int>(t.job.redirects.size()) >= spec_.max_redirects) {
    return Fail(t.job, FailureReason::kTooManyRedirects, status);
  }
  // Redirects are checked against deny only: a site moving to https or www would
  // otherwise fall out of the default host scope.
  if (scope_.Denied(*canonical)) {
    ++stats_.out_of_scope;
    return Fail(t.job, FailureReason::kRedirectOutOfScope, status);
  }
  ++stats_.redirects;
  // Each canonical URL is fetched once per run: a redirect to one already fetched
  // (or queued) ends here; that fetch delivers the page.
  if (!claimed_.insert(*canonical).second) {
    ++stats_.duplicate_redirects;
    spdlog::debug("crawl {}: {} redirects to {}, already fetched", spec_.source_id,
                  t.job.requested_url, *canonical);
    return;
  }
  seen_.insert(*canonical);
  FetchJob next = t.job;
  next.redirects.push_back(t.job.url);
  next.url = *canonical;
  next.attempt = 0;
  next.not_before = {};
  Enqueue(std::move(next), *url);
}

void Crawl::CompleteRobots(Transfer& t, CURLcode code) {
  ++stats_.robots_fetched;
  long hops = 0;
  detail::Curl().easy_getinfo(t.easy.get(), CURLINFO_REDIRECT_COUNT, &hops);
  if (!t.address_refused.empty() && hops == 0) {
    // Our own address policy refused the connection: nothing was asked of the
    // host, so its robots.txt is not "unreachable" (RFC 9309 2.3.1.4); its pages
    // would connect to the same address and are refused as such. (A redirect to a
    // refused address is judged below: no response, so disallow all.)
    spdlog::warn("crawl {}: {}: address refused ({}): the host is off limits for this run",
                 spec_.source_id, t.job.url, t.address_refused);
    BlockHost(scheduler_.Host(t.host_key), FailureReason::kAddressRefused);
    return;
  }
  long status = 0;
  detail::Curl().easy_getinfo(t.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  RobotsFetch outcome;  // no response: "unreachable"
  if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && t.too_large)) {
    outcome = RobotsFetch::Response(static_cast<int>(status));
  } else if (code == CURLE_TOO_MANY_REDIRECTS) {
    outcome = RobotsFetch::TooManyRedirects();
  }
  std::vector<Diagnostic> problems;
  RobotsMatcher fetched = RobotsForFetchOutcome(outcome, t.body, spec_.user_agent, &problems);
  for (Diagnostic& d : problems) {
    d.url = t.job.url;
    Report(d);
  }
  if (sitemaps_from_robots_ && start_hosts_.count(t.host_key)) {
    for (const std::string& sitemap : fetched.sitemaps()) AddSitemap(sitemap, t.job.url);
  }
  // Fetched only for its Sitemap lines: its rules are not ours to obey then.
  auto matcher = std::make_shared<const RobotsMatcher>(
      spec_.respect_robots ? std::move(fetched) : RobotsMatcher::AllowAll());
  HostState& host = scheduler_.Host(t.host_key);
  host.robots = matcher;
  host.robots_state = RobotsState::kKnown;
  if (matcher->disallow_all() && !t.address_refused.empty()) {
    spdlog::warn(
        "crawl {}: {} redirects to a refused address ({}): the host is off limits for this run",
        spec_.source_id, t.job.url, t.address_refused);
  } else if (matcher->disallow_all()) {
    spdlog::warn("crawl {}: {} unreachable (status {}, {}): the host is off limits for this run",
                 spec_.source_id, t.job.url, status, detail::Curl().easy_strerror(code));
  }
  if (std::optional<double> delay = matcher->crawl_delay()) {
    // Crawl-delay raises the configured delay, never lowers it; capped so a typo
    // ("Crawl-delay: 3600") cannot stall the nightly run on one host.
    double capped = std::min(*delay, kMaxCrawlDelaySeconds);
    scheduler_.RaiseDelay(t.host_key, Millis(static_cast<int64_t>(capped * 1000)));
  }
  for (auto it = host.queue.begin(); it != host.queue.end();) {
    if (it->kind != JobKind::kRobots && !matcher->Allowed(it->url)) {
      FetchJob denied = std::move(*it);
      it = host.queue.erase(it);
      DenyByRobots(denied);
    } else {
      ++it;
    }
  }
}

void Crawl::DenyByRobots(const FetchJob& job) {
  ++stats_.robots_denied;
  if (job.kind == JobKind::kSitemap) {
    ++stats_.sitemap_errors;
    spdlog::warn("crawl {}: sitemap {} is disallowed by robots.txt", spec_.source_id, job.url);
    return;
  }
  // Not requested, so it does not use up max_pages.
  if (job.redirects.empty()) --admitted_;
  Fail(job, FailureReason::kRobots);
}

void Crawl::AddSitemap(const std::string& raw, const std::string& base) {
  Result<std::string> resolved =
      base.empty() ? Result<std::string>(raw) : ResolveUrlString(base, raw);
  Result<std::string> canonical =
      resolved.ok() ? CanonicalUrlString(*resolved) : Result<std::string>(resolved.status());
  Result<Url> url = canonical.ok() ? ParseUrl(*canonical) : Result<Url>(canonical.status());
  bool fetchable = url.ok() && (url->scheme == "http" || url->scheme == "https" ||
                                (url->scheme == "file" && scope_.Allows(*url, *canonical)));
  if (!fetchable) {
    ++stats_.sitemap_errors;
    spdlog::warn("crawl {}: sitemap URL {} is not fetchable", spec_.source_id, raw);
    return;
  }
  if (!sitemaps_seen_.insert(*canonical).second) return;
  if (static_cast<int>(sitemaps_seen_.size()) > kMaxSitemaps) {
    ++stats_.sitemap_errors;
    spdlog::warn("crawl {}: more than {} sitemaps; {} ignored", spec_.source_id, kMaxSitemaps,
                 *canonical);
    return;
  }
  FetchJob job;
  job.kind = JobKind::kSitemap;
  job.url = *canonical;
  job.requested_url = *canonical;
  Enqueue(std::move(job), *url);
}

void Crawl::CompleteSitemap(Transfer& t, CURLcode code) {
  long status = 0;
  detail::Curl().easy_getinfo(t.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  // The parser stopped taking bytes (the sitemap passed its cap, or its gzip or
  // XML broke): the download was aborted on purpose and what parsed is kept.
  if (code == CURLE_WRITE_ERROR && t.sitemap_stopped) code = CURLE_OK;
  if (status == 0 && code == CURLE_OK && t.job.url.rfind("file:", 0) == 0) status = 200;
  if (code != CURLE_OK || status < 200 || status >= 300) {
    std::string reason = !t.address_refused.empty() ? "address refused (" + t.address_refused + ")"
                         : code != CURLE_OK         ? detail::Curl().easy_strerror(code)
                                                    : "http " + std::to_string(status);
    if (code == CURLE_OK && status >= 300 && status < 400)
      reason += " (redirects are not followed)";
    bool retryable = t.address_refused.empty() &&
                     (code == CURLE_OPERATION_TIMEDOUT || code == CURLE_COULDNT_CONNECT ||
                      (code == CURLE_OK && IsRetryableStatus(static_cast<int>(status))));
    FailureReason why = code == CURLE_OK                   ? FailureReason::kHttpStatus
                        : code == CURLE_OPERATION_TIMEDOUT ? FailureReason::kTimeout
                                                           : FailureReason::kConnect;
    if (retryable && Retry(t, why, static_cast<int>(status))) return;
    ++stats_.sitemap_errors;
    spdlog::warn("crawl {}: sitemap {} failed: {}", spec_.source_id, t.job.url, reason);
    return;
  }
  ++stats_.sitemaps_fetched;
  Sitemap sitemap = t.sitemap->Finish();
  for (Diagnostic d : sitemap.diagnostics) {
    spdlog::warn("crawl {}: sitemap {}:{}: {}", spec_.source_id, t.job.url, d.line, d.message);
    d.url = t.job.url;
    Report(d);
  }
  // A sitemap cut off at its cap was not read whole: an error, though its first
  // entries are used.
  if ((sitemap.urls.empty() && sitemap.sitemaps.empty() && !sitemap.diagnostics.empty()) ||
      t.sitemap->cut_off()) {
    ++stats_.sitemap_errors;
  }
  for (const SitemapEntry& child : sitemap.sitemaps) AddSitemap(child.loc, t.job.url);
  // Sitemap pages are seeds: depth 0, like start URLs, within the source's scope.
  for (const SitemapEntry& entry : sitemap.urls) {
    Result<std::string> absolute = ResolveUrlString(t.job.url, entry.loc);
    if (!absolute.ok()) continue;
    Admit(*absolute, 0, entry.lastmod.empty() ? nullptr : &entry.lastmod);
  }
}

// True if the sitemap's <lastmod> says the page has not changed since the copy
// stored from an earlier visit; `stored` receives that copy's validators.
bool Crawl::UnchangedSince(const std::string& url, const std::string& lastmod,
                           std::optional<Validators>& stored) {
  if (!validators_) return false;
  std::optional<std::chrono::system_clock::time_point> changed = ParseW3cDatetime(lastmod);
  if (!changed) return false;
  try {
    stored = validators_(url);
  } catch (const std::exception& e) {
    spdlog::warn("crawl {}: validator lookup for {} failed: {}", spec_.source_id, url, e.what());
    return false;
  }
  if (!stored) return false;
  if (stored->fetched_at.time_since_epoch().count() != 0) return *changed <= stored->fetched_at;
  if (!stored->last_modified.empty()) {
    time_t last_modified = detail::Curl().getdate(stored->last_modified.c_str(), nullptr);
    if (last_modified != -1) {
      return *changed <= std::chrono::system_clock::from_time_t(last_modified);
    }
  }
  return false;
}

void Crawl::DeliverUnchanged(const std::string& url, int depth, const Validators& stored) {
  FetchedPage page;
  page.url = url;
  page.final_url = url;
  page.not_modified = true;
  page.skipped_by_lastmod = true;
  page.etag = stored.etag;
  page.last_modified = stored.last_modified;
  page.depth = depth;
  page.fetched_at = clock_.Now();
  ++stats_.unchanged;
  ++stats_.lastmod_skipped;
  HandOff(std::move(page));
}

// Schedules another attempt if the job has retries left and the server's wait is
// acceptable. Returns false when the caller should report the failure.
bool Crawl::Retry(Transfer& t, FailureReason reason, int status) {
  if (t.job.attempt >= spec_.retries) return false;
  // A blocked host's URLs fail at once; retrying them only repeats the wait.
  if (const HostState* host = scheduler_.FindHost(t.host_key); host && host->blocked) return false;
  int next_attempt = t.job.attempt + 1;
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  Millis wait = Backoff(next_attempt, Millis(spec_.retry_base_ms), Millis(spec_.max_backoff_ms),
                        jitter(rng_));
  auto retry_after = t.headers.find("retry-after");
  if (retry_after != t.headers.end()) {
    if (auto asked = ParseRetryAfter(retry_after->second, clock_.Now())) {
      if (*asked > std::chrono::seconds(spec_.max_retry_after_s)) return false;
      wait = *asked;  // RFC 9110 section 10.2.3: the server knows when it will be back
    }
  }
  ++stats_.retries;
  spdlog::debug("crawl {}: {} for {}; retry {} in {} ms", spec_.source_id,
                FetchFailure{t.job.url, reason, status}.Describe(), t.job.url, next_attempt,
                wait.count());
  FetchJob again = t.job;
  again.attempt = next_attempt;
  again.not_before = Steady() + wait;
  scheduler_.Push(t.host_key, std::move(again));
  return true;
}

void Crawl::Deliver(Transfer& t, int status) {
  FetchedPage page;
  page.url = t.job.requested_url;
  page.final_url = t.job.url;
  page.status = status;
  page.not_modified = status == 304;
  page.depth = t.job.depth;
  page.fetched_at = clock_.Now();
  auto header = [&](const char* name) {
    auto it = t.headers.find(name);
    return it == t.headers.end() ? std::string() : it->second;
  };
  page.etag = header("etag");
  page.last_modified = header("last-modified");
  if (page.last_modified.empty() && t.job.url.rfind("file:", 0) == 0) {
    page.last_modified = FileTimeAsHttpDate(t.easy.get());
  }
  std::string content_type = header("content-type");
  page.content_type = content_type.empty() && t.job.url.rfind("file:", 0) == 0
                          ? MediaTypeForPath(t.job.url)
                          : MediaType(content_type);
  stats_.bytes += static_cast<int64_t>(t.body.size());
  const bool storable = t.keep_received && t.decoder && t.decoder->StorableAsReceived();
  if (!page.not_modified &&
      (page.content_type == "text/html" || page.content_type == "application/xhtml+xml")) {
    DecodedText text = DecodeHtml(t.body, content_type);
    // What arrived still decodes to the page only if the charset conversion kept
    // every byte (UTF-8 without a byte order mark, nothing replaced).
    if (storable && text.utf8 == t.body) page.received_body = std::move(t.received);
    page.body = std::move(text.utf8);
    page.charset = std::move(text.charset);
    page.invalid_bytes_replaced = text.replaced;
    if (text.replaced > 0) {
      spdlog::debug("crawl {}: {}: {} bytes invalid in {} replaced with U+FFFD", spec_.source_id,
                    page.url, text.replaced, page.charset);
    }
  } else {
    page.body = std::move(t.body);
    if (storable) page.received_body = std::move(t.received);
  }
  if (page.not_modified) {
    ++stats_.unchanged;
  } else {
    ++stats_.fetched;
  }
  HandOff(std::move(page));
}

// Gives the page to the handler with a ticket for its links. A synchronous handler
// has answered by the time this returns, and its links are admitted at once, in
// the order pages completed.
void Crawl::HandOff(FetchedPage page) {
  ++pending_pages_;
  std::string url = page.url;
  int depth = page.depth;
  try {
    handler_.OnPageAsync(std::move(page), PageTicket(inbox_, depth));
  } catch (const std::exception& e) {
    // The ticket was destroyed with the throw: it reports no links.
    spdlog::warn("crawl {}: page handler failed on {}: {}", spec_.source_id, url, e.what());
  }
  DrainInbox();
}

// Admits the links of pages the handler has finished with. True if there were any.
bool Crawl::DrainInbox() {
  auto done = inbox_->Take();
  for (auto& [depth, links] : done) {
    --pending_pages_;
    if (Stopping()) continue;
    for (const std::string& link : links) Admit(link, depth + 1);
  }
  return !done.empty();
}

void Crawl::Fail(const FetchJob& job, FailureReason reason, int status) {
  FetchFailure failure{job.requested_url, reason, status};
  // A URL robots.txt keeps us from is a decision, not a failure of the site.
  if (reason != FailureReason::kRobots) {
    ++stats_.failed;
    ++stats_.failed_by_reason[failure.Describe()];
  }
  if (start_urls_.count(job.requested_url)) start_failures_.push_back(failure);
  spdlog::debug("crawl {}: failed {}: {}", spec_.source_id, job.requested_url, failure.Describe());
  try {
    handler_.OnFailure(failure);
  } catch (const std::exception& e) {
    spdlog::warn("crawl {}: failure handler threw on {}: {}", spec_.source_id, job.url, e.what());
  }
}

void Crawl::HostFailed(const std::string& key, FailureReason reason, bool dripped) {
  HostState& host = scheduler_.Host(key);
  if (host.blocked) return;
  ++host.consecutive_failures;
  if (dripped) ++host.dripped;
  const int limit = std::max(1, spec_.max_host_failures);
  if (host.consecutive_failures >= limit) {
    spdlog::warn(
        "crawl {}: {} failed {} times in a row ({}): giving up on the host for this run, "
        "{} queued URL(s) not fetched",
        spec_.source_id, key, host.consecutive_failures, FailureReasonName(reason),
        host.queue.size());
  } else if (host.dripped >= limit) {
    // A response in between resets the count in a row, but not this one: a host
    // that drips every other page past timeout_s costs a whole timeout per page
    // (issue 18 item 3, "a host whose responses drip is given up on for the run").
    spdlog::warn(
        "crawl {}: {} dripped {} responses past the {} s timeout: giving up on the host for "
        "this run, {} queued URL(s) not fetched",
        spec_.source_id, key, host.dripped, spec_.timeout_s, host.queue.size());
  } else {
    return;
  }
  BlockHost(host, reason);
}

void Crawl::BlockHost(HostState& host, FailureReason reason) {
  host.blocked = true;
  host.blocked_reason = reason;
  ++stats_.hosts_blocked;
  // Its queued URLs (retries included) fail now; Enqueue fails any later ones.
  std::deque<FetchJob> queued = std::move(host.queue);
  host.queue.clear();
  for (const FetchJob& job : queued) {
    if (job.kind == JobKind::kPage) {
      Fail(job, BlockedFailure(host));
    } else if (job.kind == JobKind::kSitemap) {
      ++stats_.sitemap_errors;
      spdlog::warn("crawl {}: sitemap {} not fetched: {}", spec_.source_id, job.url,
                   FailureReasonName(BlockedFailure(host)));
    }
  }
}

void Crawl::HostAnswered(const std::string& key) {
  if (HostState* host = scheduler_.FindHost(key)) host->consecutive_failures = 0;
}

}  // namespace

const char* FailureReasonName(FailureReason reason) {
  switch (reason) {
    case FailureReason::kRobots:
      return "robots";
    case FailureReason::kAddressRefused:
      return "address refused";
    case FailureReason::kHttpStatus:
      return "http";
    case FailureReason::kTimeout:
      return "timeout";
    case FailureReason::kLowSpeed:
      return "low speed";
    case FailureReason::kTooLarge:
      return "too large";
    case FailureReason::kTooManyRedirects:
      return "too many redirects";
    case FailureReason::kRedirectLoop:
      return "redirect loop";
    case FailureReason::kBadRedirect:
      return "bad redirect";
    case FailureReason::kRedirectWithoutLocation:
      return "redirect without location";
    case FailureReason::kRedirectOutOfScope:
      return "redirect out of scope";
    case FailureReason::kNotFound:
      return "not found";
    case FailureReason::kDns:
      return "dns";
    case FailureReason::kConnect:
      return "connect";
    case FailureReason::kNetwork:
      return "network";
    case FailureReason::kHostUnreachable:
      return "host unreachable";
    case FailureReason::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string FetchFailure::Describe() const {
  if (reason == FailureReason::kHttpStatus) return "http " + std::to_string(status);
  return FailureReasonName(reason);
}

Status StartUrlStatus(const CrawlSpec& spec, const std::vector<FetchFailure>& failures) {
  std::vector<std::string> starts;
  for (const std::string& start : spec.start_urls) {
    Result<std::string> canonical = CanonicalUrlString(start);
    std::string key = canonical.ok() ? *canonical : start;
    if (std::find(starts.begin(), starts.end(), key) == starts.end()) starts.push_back(key);
  }
  std::vector<std::string> failed;
  const FetchFailure* first = nullptr;
  bool all_policy = true;
  for (const FetchFailure& f : failures) {
    if (std::find(starts.begin(), starts.end(), f.url) == starts.end()) continue;
    if (std::find(failed.begin(), failed.end(), f.url) != failed.end()) continue;
    failed.push_back(f.url);
    if (first == nullptr) first = &f;
    if (f.reason != FailureReason::kRobots && f.reason != FailureReason::kAddressRefused) {
      all_policy = false;
    }
  }
  if (first == nullptr) return Status::Ok();
  std::string message =
      "source " + spec.source_id + ": " +
      (failed.size() == starts.size()
           ? std::string("no start URL could be fetched")
           : std::to_string(failed.size()) + " of " + std::to_string(starts.size()) +
                 " start URLs could not be fetched") +
      " (" + first->url + ": " + first->Describe() + ")";
  if (all_policy) return Status::PolicyDenied(message);
  return Status::IoError(message);
}

LibcurlWarmup::LibcurlWarmup() : thread_([] { (void)detail::LoadCurl(); }) {}

LibcurlWarmup::~LibcurlWarmup() {
  if (thread_.joinable()) thread_.join();
}

Result<CrawlStats> CrawlSource(const CrawlSpec& spec, const ValidatorLookup& validators,
                               PageHandler& handler) {
  if (spec.start_urls.empty() && spec.sitemaps.empty()) {
    return Status::InvalidArgument("source " + spec.source_id + ": no start_urls");
  }
  // libcurl is loaded here, by the first crawl, not at every start (curl_api.h).
  if (auto curl = detail::LoadCurl(); !curl.ok()) {
    return curl.status().WithContext("source " + spec.source_id);
  }
  Result<Scope> scope = Scope::Make(spec);
  if (!scope.ok()) return scope.status().WithContext("source " + spec.source_id);
  Result<AddressPolicy> policy = AddressPolicy::Make(spec.allow_addresses);
  if (!policy.ok()) return policy.status().WithContext("source " + spec.source_id);
  Crawl crawl(spec, validators, handler, std::move(*scope), std::move(*policy));
  return crawl.Run();
}

}  // namespace cecat::crawler
