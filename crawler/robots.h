// robots.txt (RFC 9309): a parser that never fails and a matcher built on it.
//
// ParseRobotsTxt accepts any bytes, keeps what is a directive and reports each
// line's problems as diagnostics; RobotsMatcher picks the groups for one user agent
// and answers Allowed(url) by the longest matching rule, Allow winning ties.
// Pure: no I/O. The crawler fetches robots.txt once per host per run and turns the
// HTTP outcome into a matcher (ForFetchOutcome).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"

namespace cecat::crawler {

struct RobotsRule {
  bool allow = false;
  std::string pattern;  // percent-encoding normalised (NormaliseRobotsPath)
  int line = 0;
};

struct RobotsGroup {
  std::vector<std::string> agents;  // as written, e.g. "*", "cecat"
  std::vector<RobotsRule> rules;
  // Crawl-delay in seconds. Not in RFC 9309; a widely honoured extension (Bing,
  // Yandex, Nutch, Scrapy) that the sources file promises to respect.
  std::optional<double> crawl_delay;
};

struct RobotsTxt {
  std::vector<RobotsGroup> groups;
  std::vector<std::string> sitemaps;  // Sitemap: lines, anywhere in the file
  // Each line's problems, in the spirit of google/robotstxt's LineMetadata: `where`
  // is "robots.txt", `line` (1-based) and `offset` (of the line's first byte) say
  // where; `url` is left empty for the caller. Severity: kInfo for what is read
  // anyway (a misspelt key, a missing colon), kWarning for what is ignored.
  std::vector<Diagnostic> diagnostics;
};

// Only this much of a robots.txt is parsed (up to the last line break in it, with
// a diagnostic); RFC 9309 section 2.5 asks crawlers to parse at least 500 KiB. The
// crawler downloads no more than this (plus one byte) whatever the file's
// Content-Length, and a larger file is read, not "unreachable".
inline constexpr size_t kRobotsMaxBytes = 512 * 1024;

// Redirects followed to reach a robots.txt; RFC 9309 section 2.3.1.2 asks for at
// least five, and more make the file "unavailable" (allow all). Pages follow the
// crawl's max_redirects (10 by default); sitemaps follow none.
inline constexpr int kRobotsMaxRedirects = 5;

// At most this many Allow/Disallow rules are kept (in file order; a diagnostic says
// so). Every URL check tries every rule of its groups, at O(pattern + path) each,
// so the count bounds the time a hostile robots.txt can cost per URL. Real files
// hold a few hundred at most.
inline constexpr size_t kRobotsMaxRules = 10000;

// Lines longer than this are reported (and still read in full): google/robotstxt
// (kMaxLineLen, 2083 * 8) keeps only this much of a line, so Google may read the
// rule differently.
inline constexpr size_t kRobotsLongLineBytes = 2083 * 8;

RobotsTxt ParseRobotsTxt(std::string_view body);

// The normal form both rule patterns and URL paths are compared in (RFC 9309
// section 2.2.2): octets outside US-ASCII (and controls, space) percent-encoded,
// percent-encoded unreserved characters decoded, hex digits upper-cased.
std::string NormaliseRobotsPath(std::string_view path);

// The product token a crawler matches groups with (RFC 9309 section 2.2.1):
// the leading [A-Za-z_-] characters of the User-Agent, "cecat" for "cecat/0.1 (...)".
std::string RobotsProductToken(std::string_view user_agent);

// The rules that apply to one user agent.
class RobotsMatcher {
 public:
  // Merges every group naming the agent's product token (case-insensitively);
  // failing that, every "*" group; failing that, no rules (all allowed).
  RobotsMatcher(const RobotsTxt& robots, std::string_view user_agent);
  static RobotsMatcher AllowAll();
  static RobotsMatcher DisallowAll();

  // `url` is an absolute URL or a path (with query). /robots.txt is always allowed.
  bool Allowed(std::string_view url) const;
  // The rule that decided, for `cecat robots` and logs; nullptr when none matched and
  // for /robots.txt itself (implicitly allowed, whatever the rules say).
  const RobotsRule* Decisive(std::string_view url) const;

  std::optional<double> crawl_delay() const { return crawl_delay_; }
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }
  bool disallow_all() const { return disallow_all_; }

 private:
  RobotsMatcher() = default;
  std::vector<RobotsRule> rules_;
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
  bool disallow_all_ = false;
};

// How a robots.txt fetch ended: a response with its HTTP status (after redirects),
// more redirects than followed, or no response at all (the default).
struct RobotsFetch {
  enum class Kind { kNoResponse, kResponse, kTooManyRedirects } kind = Kind::kNoResponse;
  int status = 0;  // kResponse only
  static RobotsFetch Response(int status) { return {Kind::kResponse, status}; }
  static RobotsFetch TooManyRedirects() { return {Kind::kTooManyRedirects, 0}; }
};

// The rules a robots.txt fetch leaves us with, as RFC 9309 section 2.3.1 sorts it:
// 2xx: the body's rules; 4xx, and more redirects than followed (2.3.1.2):
// allow all ("unavailable"); 5xx and no response: disallow all ("unreachable").
// `diagnostics`, when given, receives the parsed file's problems (2xx only).
RobotsMatcher RobotsForFetchOutcome(const RobotsFetch& fetch, std::string_view body,
                                    std::string_view user_agent,
                                    std::vector<Diagnostic>* diagnostics = nullptr);

// The CLI's `cecat robots`: would `user_agent` be allowed to fetch `url`?
bool IsAllowed(std::string_view robots_body, std::string_view user_agent, std::string_view url);

// Whether `path` (normalised) matches `pattern` (normalised): `*` matches any
// sequence, a final `$` anchors at the end, everything else is a prefix match.
// O(pattern + path) for any input.
bool RobotsPatternMatches(std::string_view pattern, std::string_view path);

}  // namespace cecat::crawler
