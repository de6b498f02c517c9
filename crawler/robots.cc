#include "crawler/robots.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "common/ascii.h"

namespace cecat::crawler {

namespace {

// RFC 9309 section 2.2: WS = %x20 / %x09. Only these surround keys and values.
constexpr std::string_view kRobotsWhitespace = " \t";

std::string_view Trim(std::string_view s) { return ::cecat::Trim(s, kRobotsWhitespace); }

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

enum class Key { kUserAgent, kAllow, kDisallow, kSitemap, kCrawlDelay, kUnknown };

// Keys are case-insensitive (RFC 9309 section 2.2). Like google/robotstxt we also
// accept a few common misspellings, and say so in a diagnostic.
Key ParseKey(std::string_view raw, bool& typo) {
  std::string key = Lower(raw);
  typo = false;
  if (key == "user-agent") return Key::kUserAgent;
  if (key == "allow") return Key::kAllow;
  if (key == "disallow") return Key::kDisallow;
  if (key == "sitemap") return Key::kSitemap;
  if (key == "crawl-delay") return Key::kCrawlDelay;
  typo = true;
  if (key == "useragent" || key == "user agent" || key == "user_agent") return Key::kUserAgent;
  if (key == "dissallow" || key == "dissalow" || key == "disalow" || key == "disallaw" ||
      key == "diasllow") {
    return Key::kDisallow;
  }
  if (key == "site-map") return Key::kSitemap;
  if (key == "crawldelay" || key == "crawl_delay") return Key::kCrawlDelay;
  typo = false;
  return Key::kUnknown;
}

// Path and query of an absolute URL, or the input itself if it is already a path.
std::string PathOf(std::string_view url) {
  size_t scheme_end = url.find("://");
  size_t first_special = url.find_first_of("/?#");
  if (scheme_end != std::string_view::npos && scheme_end < first_special) {
    size_t path_start = url.find_first_of("/?#", scheme_end + 3);
    url = path_start == std::string_view::npos ? std::string_view() : url.substr(path_start);
  }
  url = url.substr(0, url.find('#'));
  std::string path(url);
  if (path.empty() || path.front() != '/') path.insert(0, "/");
  return path;
}

}  // namespace

std::string NormaliseRobotsPath(std::string_view path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    if (c == '%' && i + 2 < path.size() && HexValue(path[i + 1]) >= 0 &&
        HexValue(path[i + 2]) >= 0) {
      unsigned char decoded =
          static_cast<unsigned char>(HexValue(path[i + 1]) * 16 + HexValue(path[i + 2]));
      if (IsUnreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        out += '%';
        out += kHex[decoded >> 4];
        out += kHex[decoded & 15];
      }
      i += 2;
    } else if (c >= 0x80 || c <= 0x20 || c == 0x7f) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string RobotsProductToken(std::string_view user_agent) {
  size_t n = 0;
  while (n < user_agent.size() && (std::isalpha(static_cast<unsigned char>(user_agent[n])) ||
                                   user_agent[n] == '_' || user_agent[n] == '-')) {
    ++n;
  }
  return std::string(user_agent.substr(0, n));
}

RobotsTxt ParseRobotsTxt(std::string_view body) {
  using Severity = Diagnostic::Severity;
  RobotsTxt out;
  const char* const start = body.data();
  if (body.size() > kRobotsMaxBytes) {
    // The line the cut goes through is dropped too: "Disallow: /private" cut to
    // "Disallow: /pri" (or "Allow: /p") is not a rule the site wrote.
    bool cut_at_line_end = body[kRobotsMaxBytes] == '\n' || body[kRobotsMaxBytes] == '\r';
    body = body.substr(0, kRobotsMaxBytes);
    if (!cut_at_line_end) {
      size_t last_break = body.find_last_of("\r\n");
      body = body.substr(0, last_break == std::string_view::npos ? 0 : last_break + 1);
    }
    out.diagnostics.push_back({.severity = Severity::kWarning,
                               .where = "robots.txt",
                               .offset = static_cast<int64_t>(body.size()),
                               .message = "file is larger than " + std::to_string(kRobotsMaxBytes) +
                                          " bytes; the rest is ignored"});
  }
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  bool in_agent_lines = false;  // the previous directive was a user-agent line
  size_t rules_kept = 0;
  int line_no = 0;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    pos = end;
    // Line ends are LF, CR LF or a lone CR (RFC 9309 section 2.2, "EOL").
    if (pos < body.size() && body[pos] == '\r') {
      ++pos;
      if (pos < body.size() && body[pos] == '\n') ++pos;
    } else if (pos < body.size() && body[pos] == '\n') {
      ++pos;
    }
    ++line_no;
    auto report = [&, offset = line.data() - start](Severity severity, std::string message) {
      out.diagnostics.push_back({.severity = severity,
                                 .where = "robots.txt",
                                 .line = line_no,
                                 .offset = static_cast<int64_t>(offset),
                                 .message = std::move(message)});
    };
    if (line.size() > kRobotsLongLineBytes) {
      report(Severity::kWarning, "line is " + std::to_string(line.size()) +
                                     " bytes; Google reads only the first " +
                                     std::to_string(kRobotsLongLineBytes));
    }

    line = Trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    size_t colon = line.find(':');
    std::string_view raw_key, value;
    if (colon == std::string_view::npos) {
      // google/robotstxt accepts "key value" without a colon; so do we, with a note.
      size_t space = line.find_first_of(" \t");
      if (space == std::string_view::npos) {
        report(Severity::kWarning, "not a directive (no colon): \"" + std::string(line) + "\"");
        continue;
      }
      raw_key = Trim(line.substr(0, space));
      value = Trim(line.substr(space));
      report(Severity::kInfo, "missing colon after \"" + std::string(raw_key) + "\"");
    } else {
      raw_key = Trim(line.substr(0, colon));
      value = Trim(line.substr(colon + 1));
    }
    bool typo = false;
    Key key = ParseKey(raw_key, typo);
    if (typo)
      report(Severity::kInfo, "\"" + std::string(raw_key) + "\" read as a misspelt directive");

    switch (key) {
      case Key::kUserAgent: {
        if (!in_agent_lines) out.groups.emplace_back();
        in_agent_lines = true;
        if (value.empty()) {
          report(Severity::kWarning, "empty user-agent");
          break;
        }
        out.groups.back().agents.emplace_back(value);
        break;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        in_agent_lines = false;
        if (out.groups.empty()) {
          report(Severity::kWarning, "rule before any user-agent line is ignored");
          break;
        }
        // An empty Disallow allows everything, which no rule at all does too;
        // an empty Allow matches nothing. Neither is kept.
        if (value.empty()) break;
        std::string pattern = NormaliseRobotsPath(value);
        if (pattern.front() != '/' && pattern.front() != '*') {
          report(Severity::kInfo,
                 "pattern does not start with / or *: \"" + std::string(value) + "\"");
          pattern.insert(0, "/");
        }
        if (rules_kept >= kRobotsMaxRules) {
          if (rules_kept++ == kRobotsMaxRules) {
            report(Severity::kWarning, "more than " + std::to_string(kRobotsMaxRules) +
                                           " rules; this and later rules are ignored");
          }
          break;
        }
        ++rules_kept;
        out.groups.back().rules.push_back({key == Key::kAllow, pattern, line_no});
        break;
      }
      case Key::kSitemap: {
        // Sitemap lines belong to no group (RFC 9309 section 2.3.5 is silent;
        // sitemaps.org puts them anywhere) and do not end a user-agent run.
        if (value.empty()) {
          report(Severity::kWarning, "empty sitemap URL");
        } else {
          out.sitemaps.emplace_back(value);
        }
        break;
      }
      case Key::kCrawlDelay: {
        in_agent_lines = false;
        if (out.groups.empty()) {
          report(Severity::kWarning, "crawl-delay before any user-agent line is ignored");
          break;
        }
        double seconds = 0;
        auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        if (ec != std::errc() || ptr != value.data() + value.size() || !std::isfinite(seconds) ||
            seconds < 0) {
          report(Severity::kWarning,
                 "crawl-delay is not a number of seconds: \"" + std::string(value) + "\"");
          break;
        }
        out.groups.back().crawl_delay = seconds;
        break;
      }
      case Key::kUnknown:
        // Other records (Host, Clean-param, ...) are allowed by RFC 9309 section 2.2.4
        // and do not end a group.
        report(Severity::kInfo, "unknown directive \"" + std::string(raw_key) + "\" ignored");
        break;
    }
  }
  return out;
}

namespace {

// Leftmost occurrence of `needle` (non-empty) in `hay` at or after `from`, or npos.
// Knuth-Morris-Pratt: O(hay + needle) for any bytes, where string_view::find is
// O(hay * needle) on inputs such as "aaa...a" searched for "aa...ab".
size_t FindLinear(std::string_view hay, std::string_view needle, size_t from) {
  std::vector<size_t> fail(needle.size(), 0);
  for (size_t i = 1, k = 0; i < needle.size(); ++i) {
    while (k > 0 && needle[i] != needle[k]) k = fail[k - 1];
    if (needle[i] == needle[k]) ++k;
    fail[i] = k;
  }
  for (size_t i = from, k = 0; i < hay.size(); ++i) {
    while (k > 0 && hay[i] != needle[k]) k = fail[k - 1];
    if (hay[i] == needle[k]) ++k;
    if (k == needle.size()) return i + 1 - k;
  }
  return std::string_view::npos;
}

}  // namespace

bool RobotsPatternMatches(std::string_view pattern, std::string_view path) {
  // '*' is the only wildcard, so matching its segments greedily (each at its
  // leftmost place after the previous one) is exact; each search starts where the
  // last one ended, so one rule costs O(pattern + path). Tracking every position a
  // prefix can end at instead cost O(pattern * path): a hostile robots.txt of
  // 500 KiB of "*a" held up each URL check for seconds.
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) {
    return anchored ? path == pattern : path.substr(0, pattern.size()) == pattern;
  }
  if (path.substr(0, star) != pattern.substr(0, star)) return false;
  size_t pos = star;
  pattern.remove_prefix(star + 1);
  for (size_t next = pattern.find('*'); next != std::string_view::npos; next = pattern.find('*')) {
    std::string_view segment = pattern.substr(0, next);
    pattern.remove_prefix(next + 1);
    if (segment.empty()) continue;
    size_t at = FindLinear(path, segment, pos);
    if (at == std::string_view::npos) return false;
    pos = at + segment.size();
  }
  // The last segment: anywhere after `pos`, or at the very end when anchored.
  if (anchored) {
    return path.size() >= pos + pattern.size() &&
           path.substr(path.size() - pattern.size()) == pattern;
  }
  return pattern.empty() || FindLinear(path, pattern, pos) != std::string_view::npos;
}

RobotsMatcher::RobotsMatcher(const RobotsTxt& robots, std::string_view user_agent)
    : sitemaps_(robots.sitemaps) {
  std::string token = Lower(RobotsProductToken(user_agent));
  auto take = [&](bool star) {
    bool any = false;
    for (const RobotsGroup& group : robots.groups) {
      bool match = std::any_of(group.agents.begin(), group.agents.end(), [&](const auto& a) {
        // The group's agent is matched by its own product token, so "cecat/1.0"
        // in robots.txt names us too.
        return star ? Trim(a) == "*" : !token.empty() && Lower(RobotsProductToken(a)) == token;
      });
      if (!match) continue;
      any = true;
      rules_.insert(rules_.end(), group.rules.begin(), group.rules.end());
      if (group.crawl_delay) {
        crawl_delay_ = std::max(crawl_delay_.value_or(0), *group.crawl_delay);
      }
    }
    return any;
  };
  // RFC 9309 section 2.2.1: every group naming the agent, combined; else "*".
  if (!take(false)) take(true);
}

RobotsMatcher RobotsMatcher::AllowAll() { return RobotsMatcher(); }

RobotsMatcher RobotsMatcher::DisallowAll() {
  RobotsMatcher m;
  m.disallow_all_ = true;
  return m;
}

const RobotsRule* RobotsMatcher::Decisive(std::string_view url) const {
  std::string raw = PathOf(url);
  // No rule decides for /robots.txt: it is allowed whatever the rules say (RFC 9309
  // section 2.2.2), and a "Disallow: /" reported as decisive there would contradict
  // Allowed().
  if (raw == "/robots.txt") return nullptr;
  std::string path = NormaliseRobotsPath(raw);
  const RobotsRule* best = nullptr;
  for (const RobotsRule& rule : rules_) {
    if (!RobotsPatternMatches(rule.pattern, path)) continue;
    // Longest match wins; on equal length Allow wins (RFC 9309 section 2.2.2).
    if (best == nullptr || rule.pattern.size() > best->pattern.size() ||
        (rule.pattern.size() == best->pattern.size() && rule.allow && !best->allow)) {
      best = &rule;
    }
  }
  return best;
}

bool RobotsMatcher::Allowed(std::string_view url) const {
  std::string path = PathOf(url);
  // RFC 9309 section 2.2.2: /robots.txt is implicitly allowed.
  if (path == "/robots.txt") return true;
  if (disallow_all_) return false;
  const RobotsRule* rule = Decisive(url);
  return rule == nullptr || rule->allow;
}

RobotsMatcher RobotsForFetchOutcome(const RobotsFetch& fetch, std::string_view body,
                                    std::string_view user_agent,
                                    std::vector<Diagnostic>* diagnostics) {
  // More redirects than we follow: "unavailable" (section 2.3.1.2).
  if (fetch.kind == RobotsFetch::Kind::kTooManyRedirects) return RobotsMatcher::AllowAll();
  // No answer at all: "unreachable", assume complete disallow (2.3.1.4).
  if (fetch.kind == RobotsFetch::Kind::kNoResponse) return RobotsMatcher::DisallowAll();
  int status = fetch.status;
  if (status >= 200 && status < 300) {
    RobotsTxt parsed = ParseRobotsTxt(body);
    if (diagnostics != nullptr) *diagnostics = parsed.diagnostics;
    return RobotsMatcher(std::move(parsed), user_agent);
  }
  // 4xx: "unavailable", crawl as if there were no robots.txt (section 2.3.1.3).
  if (status >= 400 && status < 500) return RobotsMatcher::AllowAll();
  // 3xx here means a redirect without a usable target: also "unavailable" (2.3.1.2).
  if (status >= 300 && status < 400) return RobotsMatcher::AllowAll();
  // 5xx (or nonsense): "unreachable", assume complete disallow (2.3.1.4).
  return RobotsMatcher::DisallowAll();
}

bool IsAllowed(std::string_view robots_body, std::string_view user_agent, std::string_view url) {
  return RobotsMatcher(ParseRobotsTxt(robots_body), user_agent).Allowed(url);
}

}  // namespace cecat::crawler
