// The crawler: fetches a source's pages with libcurl's multi interface, politely,
// within the source's scope and limits, and hands each response to the caller.
//
// It knows nothing of HTML records or the index: links to follow come back from the
// caller's PageHandler (which asks the parsers), stored validators for conditional
// GET come from a callback (which asks the index).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/diagnostic.h"
#include "common/result.h"
#include "crawler/failure.h"

namespace cecat::crawler {

// What the crawler needs to know about one source; the CLI fills it from the config.
struct CrawlSpec {
  std::string source_id;
  std::string user_agent;
  std::vector<std::string> start_urls;
  std::vector<std::string> allow;  // RE2; empty = hosts of the start URLs
  std::vector<std::string> deny;   // RE2
  std::vector<std::string> sitemaps;
  int max_depth = 3;
  int max_pages = 500;
  int64_t max_bytes = 5 * 1024 * 1024;
  int delay_ms = 1000;
  int concurrency_per_host = 2;
  int max_redirects = 10;
  double timeout_s = 30;
  // Abort a transfer slower than this many bytes/s for low_speed_time_s seconds.
  int64_t low_speed_limit = 100;
  int low_speed_time_s = 10;
  int retries = 2;
  bool respect_robots = true;
  std::vector<std::string> allow_addresses;  // CIDR
  // Upper bound for the whole source's crawl; 0 = none. When it passes, nothing
  // new starts and transfers in flight are abandoned (a page dripping bytes must
  // not hold the crawl past it); CrawlStats::out_of_time says so.
  double max_duration_s = 0;
  // First retry waits about this long (jittered); each further one doubles it, up to
  // max_backoff_ms. A Retry-After header replaces the computed wait.
  int retry_base_ms = 1000;
  int max_backoff_ms = 60000;
  // A Retry-After longer than this is not waited for: the URL fails at once.
  int max_retry_after_s = 300;
  // Transfers running at once over all hosts of the source.
  int max_connections = 16;
  // Event loops (threads, each with its own libcurl multi handle) sharing
  // max_connections; 1 or 2. Two keep a fast site's requests on two cores.
  int io_threads = 2;
  // Pages handed to the handler and not yet given back (PageTicket::Done). Past
  // this many no new transfer starts: the back-pressure that keeps memory flat
  // when the handler's workers fall behind the network.
  int max_pending_pages = 64;
  // When set and true, nothing new starts, transfers in flight are abandoned
  // (counted as not_started) and the crawl returns once pending pages are back.
  const std::atomic<bool>* stop = nullptr;
  // Consecutive connection-level failures (DNS, connect, network errors, timeouts;
  // retries included) after which a host is blocked for the rest of the crawl: its
  // queued and later URLs fail at once as kHostUnreachable, reported once in the log.
  int max_host_failures = 3;
  // Where time comes from; null = the system clocks. Tests pass a fake.
  const Clock* clock = nullptr;
};

// Validators from the previous visit, for a conditional GET.
struct Validators {
  std::string etag;
  std::string last_modified;
  // When the stored response was fetched; with a sitemap <lastmod> older than this
  // the page is not requested at all. Zero (the default) = unknown.
  std::chrono::system_clock::time_point fetched_at{};
};

// One response, as the caller sees it.
struct FetchedPage {
  std::string url;            // as requested (canonical)
  std::string final_url;      // after redirects
  int status = 0;             // HTTP status (200 for file: URLs)
  bool not_modified = false;  // 304 to a conditional GET: body is empty
  std::string content_type;   // media type, lower case, without parameters
  std::string charset;        // the charset the body was converted from
  std::string body;           // converted to UTF-8 for text types
  // The body as the server sent it, when that is one gzip or zlib stream that
  // inflates to exactly `body` (Content-Encoding gzip or deflate, nothing changed
  // by the charset conversion); else empty. The index stores it as it is instead
  // of compressing `body` again (index::StoredResponse::compressed_body).
  std::string received_body;
  std::string etag;
  std::string last_modified;
  int depth = 0;
  std::chrono::system_clock::time_point fetched_at;
  // HTML only: bytes invalid in `charset`, replaced with U+FFFD in `body`.
  int invalid_bytes_replaced = 0;
  // Not requested: its sitemap <lastmod> is older than the stored copy (then
  // not_modified is true, status 0, and etag/last_modified are the stored ones).
  bool skipped_by_lastmod = false;
};

// Where a PageTicket delivers the links of its page: the crawl's event loop, or a
// test's fake crawler. Put may be called from any thread.
class LinkSink {
 public:
  virtual ~LinkSink() = default;
  virtual void Put(int depth, std::vector<std::string> links) = 0;
};

// The crawler's claim on the links of a page handed off with OnPageAsync. Move-only.
// Done() may be called from any thread, once; a ticket dropped without Done()
// reports no links, so a handler that throws or loses a page cannot hang the crawl.
class PageTicket {
 public:
  PageTicket(std::shared_ptr<LinkSink> sink, int depth);
  PageTicket(PageTicket&& other) noexcept;
  PageTicket& operator=(PageTicket&& other) noexcept;
  PageTicket(const PageTicket&) = delete;
  PageTicket& operator=(const PageTicket&) = delete;
  ~PageTicket();
  // The absolute URLs of links to follow; the crawler applies scope, depth and dedup.
  void Done(std::vector<std::string> links);

 private:
  std::shared_ptr<LinkSink> inbox_;
  int depth_ = 0;
};

class PageHandler {
 public:
  virtual ~PageHandler() = default;
  // Called for every fetched page (including 304s), on the crawler's thread.
  // Returns the absolute URLs of links to follow from it.
  virtual std::vector<std::string> OnPage(const FetchedPage& /*page*/) { return {}; }
  // The pipelined form: takes the page and gives its links back later, from any
  // thread, through the ticket, so the event loop never waits for parsing. The
  // default runs OnPage at once.
  virtual void OnPageAsync(FetchedPage page, PageTicket ticket) { ticket.Done(OnPage(page)); }
  // Called on the crawler's thread.
  virtual void OnFailure(const FetchFailure& /*failure*/) {}
  // What robots.txt and sitemap files held that could not be used (with the file's
  // URL and line), on the crawler's thread; for the run report.
  virtual void OnDiagnostic(const Diagnostic& /*diagnostic*/) {}
};

struct CrawlStats {
  int requested = 0;
  int fetched = 0;
  int unchanged = 0;
  int failed = 0;
  int robots_denied = 0;
  int out_of_scope = 0;
  int64_t bytes = 0;
  std::map<std::string, int> failed_by_reason;
  int retries = 0;              // attempts repeated after a retryable failure
  int redirects = 0;            // redirect hops followed
  int duplicate_redirects = 0;  // redirects to a URL fetched anyway in this run
  int skipped_depth = 0;        // links deeper than max_depth
  int skipped_max_pages = 0;    // links past max_pages
  int not_started = 0;          // queued or in flight when time ran out or stop was set
  int robots_fetched = 0;       // robots.txt requests
  int sitemaps_fetched = 0;     // sitemap files parsed
  int sitemap_errors = 0;       // sitemap files that could not be fetched or parsed
  int lastmod_skipped = 0;      // pages not requested thanks to sitemap <lastmod>
  int hosts_blocked = 0;        // hosts given up after max_host_failures in a row
  // max_duration_s ran out before the crawl was done: what was fetched is whole,
  // the rest (not_started) was never reached. A stop request does not set it.
  bool out_of_time = false;
  double elapsed_s = 0;
};

// Loads libcurl on a thread of its own, so that a crawl starting later finds it
// loaded: dlopen and curl_global_init take several milliseconds, on the crawling
// thread's path otherwise (issue 25). Waits for that thread when destroyed. A
// failure to load is reported by the crawl that needs libcurl, as before.
class LibcurlWarmup {
 public:
  LibcurlWarmup();
  ~LibcurlWarmup();
  LibcurlWarmup(const LibcurlWarmup&) = delete;
  LibcurlWarmup& operator=(const LibcurlWarmup&) = delete;

 private:
  std::thread thread_;
};

// Looks up the validators stored for a canonical URL; may be empty.
using ValidatorLookup = std::function<std::optional<Validators>(const std::string& url)>;

// The start-URL rule, defined once: a crawl in which ANY start URL (compared in
// canonical form) is among `failures` says nothing reliable about the source,
// since the records below that entry point cannot be told from gone ones. Returns
// kPolicyDenied when every failed start URL was refused by robots.txt or the
// address policy, else kIoError, naming the first failure; Ok otherwise.
// CrawlSource applies it to its own failures; the refresh engine applies it again
// to whatever its SourceCrawler reported.
Status StartUrlStatus(const CrawlSpec& spec, const std::vector<FetchFailure>& failures);

// Crawls one source. Returns its statistics, or an error for a bad spec or by the
// start-URL rule (StartUrlStatus). Other pages' failures are reported through the
// handler and the stats.
Result<CrawlStats> CrawlSource(const CrawlSpec& spec, const ValidatorLookup& validators,
                               PageHandler& handler);

}  // namespace cecat::crawler
