// Sitemaps (sitemaps.org protocol 0.9): a streaming parser that never fails.
//
// The crawler feeds a sitemap to SitemapParser as it arrives (libcurl's write
// callback), so no sitemap body is ever held whole: gzip is inflated chunk by
// chunk and the XML form is read with expat as a stream of events (no tree is
// built). A 50 MiB sitemap costs its entries, not its bytes. <urlset> yields page
// URLs with their <lastmod>; <sitemapindex> yields child sitemaps. The plain-text
// form (one URL per line) is accepted too. Problems are diagnostics; whatever
// parsed before an XML error, or before the size cap, is kept.
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

// The protocol's limit on one sitemap, uncompressed (sitemaps.org: "no larger than
// 50MB (52,428,800 bytes)"). Sitemaps have this cap instead of the source's
// max_bytes; it bounds the bytes read as sent and after inflating gzip.
inline constexpr int64_t kSitemapMaxBytes = 50 * 1024 * 1024;
// Diagnostics kept per sitemap; one more says how many more there were.
inline constexpr size_t kSitemapMaxDiagnostics = 100;
// A <loc> or <lastmod> longer than this (or a line of the text form) is dropped
// with a diagnostic: the protocol allows 2,048 characters, and the parser holds
// no more than this of an unfinished value.
inline constexpr size_t kSitemapMaxValueBytes = 8 * 1024;
// The most memory expat may hold for one sitemap (its buffer and tables); past it
// the rest of the file is an error. Only a single tag or attribute of megabytes
// comes near it: fed in 16 KiB chunks a real sitemap keeps expat near 50 KiB.
inline constexpr size_t kSitemapParserMaxMemory = 4 * 1024 * 1024;

// Takes a sitemap chunk by chunk, as it arrives. Gzip (recognised by its magic
// bytes) is inflated as it comes, and the XML or text is parsed as it comes: the
// parser never holds more than a chunk, an unfinished value and expat's state
// (memory_bytes()), whatever the sitemap's size.
class SitemapParser {
 public:
  // `max_bytes`: the most of the sitemap read, counted as sent and after
  // inflating; the rest is cut off with a diagnostic.
  explicit SitemapParser(int64_t max_bytes = kSitemapMaxBytes);
  ~SitemapParser();
  SitemapParser(const SitemapParser&) = delete;
  SitemapParser& operator=(const SitemapParser&) = delete;
  // Takes the next bytes of the file. Returns false once nothing more will be read
  // (the sitemap passed max_bytes, its gzip data is corrupt, or its XML is broken):
  // the caller may stop the download. Entries completed before that are kept.
  bool Feed(std::string_view chunk);
  Sitemap Finish();
  // True once the sitemap passed max_bytes and the rest was cut off.
  bool cut_off() const;
  // Bytes held for parsing now (an unfinished line or value, the inflate buffer
  // and zlib's state, everything expat has allocated), and the most ever held;
  // the entries found are not counted. For the tests that keep memory flat.
  size_t memory_bytes() const;
  size_t peak_memory_bytes() const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

// Parses a whole sitemap body with SitemapParser: gzip (by magic bytes) is
// inflated up to kSitemapMaxBytes, then XML or plain text.
Sitemap ParseSitemap(std::string_view body);

// Inflates gzip or zlib data, failing past `max_bytes` of output or on corrupt input.
Result<std::string> Gunzip(std::string_view data, int64_t max_bytes);

// A W3C Datetime (the ISO 8601 profile sitemaps use): YYYY, YYYY-MM, YYYY-MM-DD,
// or with Thh:mm[:ss[.s]] and Z or +hh:mm. A value without a time of day is taken
// as the END of that period, so "changed that day" never reads as "changed before
// my visit that day". nullopt when it does not parse.
std::optional<std::chrono::system_clock::time_point> ParseW3cDatetime(std::string_view text);

}  // namespace cecat::crawler
