// The benchmarks' catalogue site: a deterministic generator of a CE provider's
// site (course pages with JSON-LD in the head, listing pages of ~50 courses, a
// home page linking every listing) and a static server for it on 127.0.0.1 that
// prepares every response once (raw and gzip bodies in memory, ETag,
// Last-Modified, 304s), so that what a benchmark measures is the crawler, not the
// server. Shared by bench_crawl_bench, bench_parse_bench and bench/compare-scrapy
// (through the bench_site tool).
//
// Layout of a generated site (N courses, L = ceil(N / per_list) listings):
//   /index.html                home: nav, featured courses, links to every listing
//   /catalog/page-K.html       K = 1..L: ~50 course cards (a.course-link) and a
//                              nav.pagination window (first, prev, K-3..K+3, next, last)
//   /courses/<slug>-<id>.html  id = 0..N-1: one Course (JSON-LD + HTML + CE statements),
//                              shaped by the profile (PageProfile below)
//   /robots.txt
// A crawler that starts at / and follows "a.course-link" and "nav.pagination a"
// fetches 1 + L + N pages, at depth <= 2.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cecat::bench {

// What a course page looks like. Home and listing pages are the same in both, so
// the crawl's shape (1 + L + N pages, the same links) does not depend on it.
enum class PageProfile {
  // Issue 9's pages, 30-150 KB (mean 90 KB): a course whose bulk is module
  // transcripts (long prose), so Gumbo's parse is nearly all of a crawler's cost.
  // Its bytes are fixed: docs/benchmarks.md's figures describe them.
  kHeavy,
  // Issue 25's pages, 30-50 KB: the shape of typical CE provider pages, an LMS or
  // WordPress course page: a long <head> (Open Graph, preloads, critical CSS, one
  // Yoast-style JSON-LD @graph with the Course, a tag manager, a settings blob),
  // then markup-dense sections: a curriculum accordion of lessons, a CE credit
  // table per profession, approvals, reviews, FAQ, related courses.
  kTypical,
};

// "heavy" / "typical".
std::string_view ProfileName(PageProfile profile);
// Parses ProfileName's output; false for anything else.
bool ParseProfile(std::string_view name, PageProfile* profile);

struct SiteOptions {
  int courses = 10000;
  int per_list = 50;
  uint32_t seed = 42;
  PageProfile profile = PageProfile::kHeavy;
  // Course page sizes are uniform in [min_page_bytes, max_page_bytes].
  int min_page_bytes = 30 * 1024;
  int max_page_bytes = 150 * 1024;
};

// The defaults for a profile: its page sizes (heavy 30-150 KB, typical 30-50 KB).
SiteOptions OptionsForProfile(PageProfile profile);

// Listing pages for the options' course count.
int ListingCount(const SiteOptions& options);
// Pages a crawler following the listings fetches: home + listings + courses.
int CrawlablePages(const SiteOptions& options);

// Site-relative paths ("/courses/...").
std::string CoursePath(const SiteOptions& options, int id);
std::string ListingPath(int page);  // 1-based

// The pages themselves. Each is a pure function of (options, id): the same bytes on
// every machine and every call, so parse_bench can make pages without the disk.
std::string CoursePage(const SiteOptions& options, int id);
std::string ListingPage(const SiteOptions& options, int page);
std::string HomePage(const SiteOptions& options);

struct SiteStats {
  int pages = 0;
  int64_t html_bytes = 0;
  int64_t gzip_bytes = 0;
  bool reused = false;  // the directory already held this exact site
};

// Writes the site under `dir` (every page and a .gz beside it), using
// `threads` threads. A stamp file records the options, so a second call with the
// same options reuses the directory instead of writing 1 GB again.
Result<SiteStats> WriteSite(const SiteOptions& options, const std::filesystem::path& dir,
                            int threads);

struct ServeOptions {
  std::filesystem::path dir;  // a directory written by WriteSite
  int port = 0;               // 0: any free port
  int threads = 64;           // at least the connections both crawlers open
};

// Serves `dir` on 127.0.0.1 until SIGTERM/SIGINT; calls `on_listening(port)` once the
// socket is bound. Every file is loaded once; each response is a prepared body:
// the .gz bytes when the request's Accept-Encoding allows gzip, else the raw ones.
// ETag (from the body hash) and Last-Modified are sent; If-None-Match or
// If-Modified-Since answer 304 with no body. GET /__stats answers the server's own
// CPU seconds, peak RSS and request counts as JSON (for the benchmarks).
Status ServeSite(const ServeOptions& options, const std::function<void(int port)>& on_listening);

}  // namespace cecat::bench
