// Sitemaps (sitemaps.org protocol 0.9): a streaming parser that never fails.
//
// The XML form is read with expat as a stream of events (no tree is built), so a
// 50 MB sitemap costs its entries, not a DOM. <urlset> yields page URLs with their
// <lastmod>; <sitemapindex> yields child sitemaps. The plain-text form (one URL per
// line) is accepted too. Gzip-compressed sitemaps are inflated first. Problems are
// diagnostics; whatever parsed before an XML error is kept.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "common/result.h"

namespace cecat::crawler {

struct SitemapEntry {
  std::string loc;
  std::string lastmod;  // as written (W3C Datetime); may be empty
};

struct Sitemap {
  bool is_index = false;
  std::vector<SitemapEntry> urls;      // <urlset><url>
  std::vector<SitemapEntry> sitemaps;  // <sitemapindex><sitemap>
  // `where` is "sitemap"; `line` is expat's line number (or the text form's line),
  // 0 when the problem is the whole file; `url` is left empty for the caller.
  // Severity: kError when the file (or the rest of it) could not be read, kWarning
  // for an entry or element that was skipped.
  std::vector<Diagnostic> diagnostics;
};

// The protocol's limit on one sitemap, uncompressed.
inline constexpr int64_t kSitemapMaxBytes = 50 * 1024 * 1024;
// Diagnostics kept per sitemap; one more says how many more there were.
inline constexpr size_t kSitemapMaxDiagnostics = 100;

// Feeds a sitemap to expat chunk by chunk.
class SitemapParser {
 public:
  SitemapParser();
  ~SitemapParser();
  SitemapParser(const SitemapParser&) = delete;
  SitemapParser& operator=(const SitemapParser&) = delete;
  void Feed(std::string_view chunk);
  Sitemap Finish();

  struct State;

 private:
  std::unique_ptr<State> state_;
};

// Parses a whole sitemap body: gzip (by magic bytes) is inflated up to
// kSitemapMaxBytes, then XML or plain text.
Sitemap ParseSitemap(std::string_view body);

// Inflates gzip or zlib data, failing past `max_bytes` of output or on corrupt input.
Result<std::string> Gunzip(std::string_view data, int64_t max_bytes);

// A W3C Datetime (the ISO 8601 profile sitemaps use): YYYY, YYYY-MM, YYYY-MM-DD,
// or with Thh:mm[:ss[.s]] and Z or +hh:mm. A value without a time of day is taken
// as the END of that period, so "changed that day" never reads as "changed before
// my visit that day". nullopt when it does not parse.
std::optional<std::chrono::system_clock::time_point> ParseW3cDatetime(std::string_view text);

}  // namespace cecat::crawler
