// The key table: every key of the sources file with its type, default, doc line
// and the code that reads it.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <re2/re2.h>

#include "common/url.h"
#include "config/detail/keys.h"

namespace cecat::config {
namespace detail {
namespace {

constexpr int kIntMax = std::numeric_limits<int>::max();

const std::vector<std::string>& Kinds() {
  static const std::vector<std::string> kKinds = {"courses", "providers", "accreditations",
                                                  "scholarships", "reviews"};
  return kKinds;
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

// Integer keys share one reader; the bounds live in the table row's lambda.
template <typename T>
void ReadInt(const OJson& value, const Where& where, const std::string& key, int64_t min,
             int64_t max, T* out) {
  if (std::optional<int64_t> n = CheckInteger(value, where, key, min, max)) {
    *out = static_cast<T>(*n);
  }
}

void ReadBool(const OJson& value, const Where& where, const std::string& key, bool* out) {
  if (!value.is_boolean()) {
    where.Report(key, Expected("true or false", value));
    return;
  }
  *out = value.get<bool>();
}

// `health`: an object of thresholds, each optional (config.h HealthThresholds).
void ReadHealth(const OJson& value, const Where& where, const std::string& key, SourceConfig* out) {
  if (!value.is_object()) {
    where.Report(key, Expected("an object such as {\"count_drop\": 0.3}", value));
    return;
  }
  static const std::vector<std::string_view> kNames = {
      "history_runs", "min_runs", "count_drop", "coverage_drop", "rejects_rise", "failures_rise"};
  HealthThresholds h = out->health;
  auto share = [&](const std::string& k, const OJson& v, double* field) {
    if (!v.is_number() || !(v.get<double>() > 0) || !(v.get<double>() <= 1)) {
      where.Report(key + "." + k, Expected("a share greater than 0 and at most 1", v));
      return;
    }
    *field = v.get<double>();
  };
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string& k = it.key();
    if (k == "history_runs") {
      ReadInt(*it, where, key + "." + k, 1, 100, &h.history_runs);
    } else if (k == "min_runs") {
      ReadInt(*it, where, key + "." + k, 1, 100, &h.min_runs);
    } else if (k == "count_drop") {
      share(k, *it, &h.count_drop);
    } else if (k == "coverage_drop") {
      share(k, *it, &h.coverage_drop);
    } else if (k == "rejects_rise") {
      share(k, *it, &h.rejects_rise);
    } else if (k == "failures_rise") {
      share(k, *it, &h.failures_rise);
    } else {
      where.Report(key + "." + k, UnknownKeyMessage(k, kNames));
    }
  }
  if (h.min_runs > h.history_runs) {
    where.Report(key + ".min_runs", "min_runs (" + std::to_string(h.min_runs) +
                                        ") is more than history_runs (" +
                                        std::to_string(h.history_runs) + ")");
    return;
  }
  out->health = h;
}

void ReadList(const OJson& value, const Where& where, const std::string& key,
              std::string_view item_what, bool allow_empty, const ItemCheck& check,
              std::vector<std::string>* out) {
  if (auto items = CheckStringList(value, where, key, item_what, allow_empty, check)) {
    *out = std::move(*items);
  }
}

void ReadPath(const OJson& value, const Where& where, const std::string& key,
              std::filesystem::path* out) {
  if (auto s = CheckString(value, where, key, "a non-empty path without control characters",
                           {.non_empty = true, .no_control = true})) {
    *out = *s;
  }
}

bool IsSlug(const std::string& s) {
  auto head = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (s.empty() || !head(s[0])) return false;
  for (char c : s) {
    if (!head(c) && c != '-' && c != '_') return false;
  }
  return true;
}

const std::vector<SourceKeyRule> kSourceKeyRules = {
    {{"id", "a slug ([a-z0-9][a-z0-9-_]*)", "", true,
      "Stable identifier of the source, unique in the file; records and runs refer to it."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       if (!v.is_string() || !IsSlug(v.get_ref<const std::string&>())) {
         w.Report(key, Expected("a slug (lower-case letters, digits, '-' and '_', starting with a "
                                "letter or digit)",
                                v));
         return;
       }
       out->id = v.get<std::string>();
     }},
    {{"name", "a non-empty string", "", false, "Display name. Default: the id."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       if (auto s = CheckString(v, w, key, "a non-empty string")) out->name = *s;
     }},
    {{"kinds", "one or more of courses, providers, accreditations, scholarships, reviews", "", true,
      "What the source yields; a string or an array. With providers or accreditations the "
      "source is a provider's own site: its courses that name no provider are the site's."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       std::string what = "one of " + Join(Kinds(), ", ");
       auto check = [&](const std::string& kind) -> std::optional<std::string> {
         for (const auto& k : Kinds()) {
           if (k == kind) return std::nullopt;
         }
         return Expected(what, OJson(kind));
       };
       std::vector<std::string> kinds;
       ReadList(v, w, key, what, false, check, &kinds);
       out->kinds.clear();
       for (auto& k : kinds) {  // the same kind twice means nothing more
         if (std::find(out->kinds.begin(), out->kinds.end(), k) == out->kinds.end()) {
           out->kinds.push_back(std::move(k));
         }
       }
     }},
    {{"start_urls", "absolute http, https or file URLs (a string or an array)", "", true,
      "Where crawling starts; file URLs serve local catalogues."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       ReadList(v, w, key, "an absolute http, https or file URL", false, CheckCrawlUrlItem,
                &out->start_urls);
     }},
    {{"allow", "RE2 regexes (a string or an array)", "[]", false,
      "A URL must match one of them to be fetched. Empty: the start URLs' hosts."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       ReadList(v, w, key, "a regex", true, CheckRegexItem, &out->allow);
     }},
    {{"deny", "RE2 regexes (a string or an array)", "[]", false,
      "A URL that matches one of them is never fetched, even if allowed."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       ReadList(v, w, key, "a regex", true, CheckRegexItem, &out->deny);
     }},
    {{"follow", "CSS selectors (a string or an array)", "[]", false,
      "Links to follow (pagination, detail pages); `cecat sources check` validates them."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       auto check = [&w](const std::string& s) -> std::optional<std::string> {
         if (s.empty()) return Expected("a CSS selector", OJson(s));
         return w.CheckSelector(s);
       };
       ReadList(v, w, key, "a CSS selector", true, check, &out->follow);
     }},
    {{"sitemaps", "URLs or \"robots\" (a string or an array)", "[]", false,
      "Sitemaps that seed the crawl; \"robots\" reads the `Sitemap:` lines of robots.txt."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       auto check = [](const std::string& s) -> std::optional<std::string> {
         if (s == "robots") return std::nullopt;
         if (!CheckCrawlUrlItem(s)) return std::nullopt;
         return Expected("\"robots\" or an absolute http, https or file URL", OJson(s));
       };
       ReadList(v, w, key, "a sitemap URL or \"robots\"", true, check, &out->sitemaps);
     }},
    {{"max_depth", "an integer >= 0", "3", false,
      "Links followed from a start URL before the crawl stops descending."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       ReadInt(v, w, key, 0, kIntMax, &out->max_depth);
     }},
    {{"max_pages", "an integer >= 1", "500", false, "Pages fetched per crawl of the source."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       ReadInt(v, w, key, 1, kIntMax, &out->max_pages);
     }},
    {{"max_bytes", "an integer >= 1024, or a size such as \"5MB\"", "5242880", false,
      "Largest page body, after decompression. Sitemaps (50 MiB) and robots.txt (512 KiB, cut "
      "and parsed) have their own caps. Sizes count 1 KB = 1024 bytes."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       constexpr std::string_view kWhat = "an integer >= 1024 or a size such as \"5MB\"";
       std::optional<int64_t> n =
           v.is_string() ? ParseByteSize(v.get_ref<const std::string&>()) : AsInteger(v);
       if (!n || *n < 1024) {
         w.Report(key, Expected(kWhat, v));
         return;
       }
       out->max_bytes = *n;
     }},
    {{"delay_ms", "an integer >= 0", "1000", false,
      "Pause between requests to one host; robots.txt Crawl-delay raises it, never lowers it."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       ReadInt(v, w, key, 0, kIntMax, &out->delay_ms);
     }},
    {{"concurrency_per_host", "an integer from 1 to 16", "2", false,
      "Requests in flight to one host at a time."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       ReadInt(v, w, key, 1, 16, &out->concurrency_per_host);
     }},
    {{"timeout_s", "a number > 0", "30", false, "Seconds one request may take, in total."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       if (!v.is_number() || !(v.get<double>() > 0) || !std::isfinite(v.get<double>())) {
         w.Report(key, Expected("a number > 0", v));
         return;
       }
       out->timeout_s = v.get<double>();
     }},
    {{"retries", "an integer from 0 to 10", "2", false,
      "Extra attempts after a network error or a 5xx/429 response."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       ReadInt(v, w, key, 0, 10, &out->retries);
     }},
    {{"max_duration", "seconds > 0, or a duration such as \"30m\", \"90s\", \"1h30m\"", "\"30m\"",
      false,
      "The most one crawl of the source may take. When it runs out, transfers in flight are "
      "abandoned and nothing new starts; the pages fetched so far are applied, nothing is "
      "marked stale, and the source is reported as partial (not failed) and stays due."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       std::optional<double> seconds = detail::ParseDurationSeconds(v);
       if (!seconds) {
         w.Report(key, Expected("seconds > 0 or a duration such as \"30m\"", v));
         return;
       }
       out->max_duration_s = *seconds;
     }},
    {{"refresh", "\"daily\", \"weekly\" or a number of hours > 0", "\"daily\"", false,
      "How often `cecat refresh` finds the source due."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       std::optional<double> hours = ParseRefreshHours(v);
       if (!hours) {
         w.Report(key, Expected("\"daily\", \"weekly\" or a number of hours > 0", v));
         return;
       }
       out->refresh_hours = *hours;
     }},
    {{"respect_robots", "true or false", "true", false,
      "Obey robots.txt (RFC 9309). Turn off only for your own catalogues."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       ReadBool(v, w, key, &out->respect_robots);
     }},
    {{"allow_addresses",
      "CIDR ranges such as \"127.0.0.0/8\" or \"::1/128\" (a string or an array)", "[]", false,
      "Addresses the address policy lets through; loopback, private, link-local and "
      "metadata addresses are refused otherwise."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       auto check = [](const std::string& s) -> std::optional<std::string> {
         std::optional<std::string> error = CidrError(s);
         if (!error) return std::nullopt;
         return Expected("a CIDR range such as \"127.0.0.0/8\" or \"::1/128\"", OJson(s)) + ": " +
                *error;
       };
       ReadList(v, w, key, "a CIDR range", true, check, &out->allow_addresses);
     }},
    {{"extract", "{\"method\": \"auto\"}, a rule, or an array of them", "{\"method\": \"auto\"}",
      false,
      "How records are extracted: structured data, or rules `{\"item\", \"type\", \"fields\", "
      "\"url\"}`; see Extraction rules."},
     ApplyExtract},
    {{"enabled", "true or false", "true", false,
      "A disabled source is never crawled; `cecat sources enable|disable ID` sets it."},
     [](const OJson& v, const Where& w, const std::string& key, SourceConfig* out) {
       ReadBool(v, w, key, &out->enabled);
     }},
    {{"health",
      "an object with history_runs, min_runs (integers 1-100), count_drop, coverage_drop, "
      "rejects_rise, failures_rise (shares > 0 and <= 1)",
      "{\"history_runs\": 10, \"min_runs\": 3, \"count_drop\": 0.3, \"coverage_drop\": 0.25, "
      "\"rejects_rise\": 0.2, \"failures_rise\": 0.2}",
      false,
      "When a run is degraded against the source's own history, the median of its last "
      "`history_runs` good runs once there are `min_runs`: records of a type fall by "
      "`count_drop` or more, a course field's coverage by `coverage_drop`, the rejected or "
      "failed share rises by `rejects_rise` / `failures_rise`, or nothing is yielded. Keys "
      "left out keep their default. See docs/operations.md, \"Source health\"."},
     ReadHealth},
};

const std::vector<TopLevelKeyRule> kTopLevelKeyRules = {
    {{"user_agent", "a non-empty string without control characters", "", false,
      "User-Agent header of every request, and the agent robots.txt groups are matched against. "
      "Default: `cecat/<version> (+<contact_url>)`, or `cecat/<version>` without `contact_url`."},
     [](const OJson& v, const Where& w, const std::string& key, Config* out) {
       if (auto s = CheckString(v, w, key, "a non-empty string without control characters",
                                {.non_empty = true, .no_control = true})) {
         out->user_agent = *s;
       }
     }},
    {{"contact_url", "an absolute http or https URL without spaces or parentheses", "", false,
      "A page about the crawl and how to reach its operator, named in the default User-Agent "
      "the way well-known crawlers do: `cecat/<version> (+https://example.org/crawl)`. Ignored "
      "when `user_agent` is set. Default: none."},
     [](const OJson& v, const Where& w, const std::string& key, Config* out) {
       constexpr std::string_view kWhat =
           "an absolute http or https URL without spaces or parentheses";
       std::optional<std::string> s =
           CheckString(v, w, key, kWhat, {.non_empty = true, .no_control = true});
       if (!s) return;
       // The URL goes inside the User-Agent's comment, whose ctext has no '(' or
       // ')' (RFC 9110 section 5.6.5); a URL has no spaces.
       Result<Url> url = ParseUrl(*s);
       if (!url.ok() || (url->scheme != "http" && url->scheme != "https") ||
           s->find_first_of(" ()") != std::string::npos) {
         w.Report(key, Expected(kWhat, v));
         return;
       }
       out->contact_url = *s;
     }},
    {{"database", "a non-empty path", "\"cecat.db\"", false,
      "The SQLite index. A relative path resolves against the sources file's folder."},
     [](const OJson& v, const Where& w, const std::string& key, Config* out) {
       ReadPath(v, w, key, &out->database);
     }},
    {{"parallel_sources", "an integer 1..64", "4", false,
      "cecat extension: sources crawled at the same time. Sources that share a host (start "
      "URLs, sitemaps) are never crawled at once, so per-host politeness holds across sources."},
     [](const OJson& v, const Where& w, const std::string& key, Config* out) {
       ReadInt(v, w, key, 1, 64, &out->parallel_sources);
     }},
    {{"max_run_duration", "seconds > 0, or a duration such as \"4h\"", "\"4h\"", false,
      "The most a whole `refresh`, `crawl` or `reparse` may spend crawling. A source's crawl "
      "gets at most what is left of it; sources not started when it runs out are reported "
      "as partial and keep their records; the feed is still exported."},
     [](const OJson& v, const Where& w, const std::string& key, Config* out) {
       std::optional<double> seconds = detail::ParseDurationSeconds(v);
       if (!seconds) {
         w.Report(key, Expected("seconds > 0 or a duration such as \"4h\"", v));
         return;
       }
       out->max_run_duration_s = *seconds;
     }},
    {{"feed_dir", "a non-empty path", "\"feed\"", false,
      "Where feed.json and feed.schema.json are written; relative to the sources file's folder."},
     [](const OJson& v, const Where& w, const std::string& key, Config* out) {
       ReadPath(v, w, key, &out->feed_dir);
     }},
    {{"log_file", "a non-empty path", "", false,
      "cecat extension: a log file with the same lines as stderr (no colours), for every "
      "command that loads this file. Relative to the sources file's folder; the folder is "
      "created. Rotates at 10 MB, keeping 4 older files (cecat.1.log newest .. cecat.4.log). "
      "One that cannot be opened is a config error (exit 2). Default: stderr only."},
     [](const OJson& v, const Where& w, const std::string& key, Config* out) {
       ReadPath(v, w, key, &out->log_file);
     }},
    {{"defaults", "an object of source keys", "{}", false,
      "Settings applied to every source under the source's own; any source key but `id`."},
     nullptr},
    {{"sources", "an array of source objects", "", true, "The sources, described below."}, nullptr},
};

}  // namespace

const std::vector<SourceKeyRule>& SourceKeyRules() { return kSourceKeyRules; }
const std::vector<TopLevelKeyRule>& TopLevelKeyRules() { return kTopLevelKeyRules; }

const SourceKeyRule* FindSourceKey(const std::string& name) {
  for (const auto& rule : kSourceKeyRules) {
    if (name == rule.spec.name) return &rule;
  }
  return nullptr;
}

const TopLevelKeyRule* FindTopLevelKey(const std::string& name) {
  for (const auto& rule : kTopLevelKeyRules) {
    if (name == rule.spec.name) return &rule;
  }
  return nullptr;
}

std::vector<std::string_view> SourceKeyNames() {
  std::vector<std::string_view> names;
  for (const auto& rule : kSourceKeyRules) names.push_back(rule.spec.name);
  return names;
}

std::vector<std::string_view> TopLevelKeyNames() {
  std::vector<std::string_view> names;
  for (const auto& rule : kTopLevelKeyRules) names.push_back(rule.spec.name);
  return names;
}

}  // namespace detail

const std::vector<KeySpec>& TopLevelKeys() {
  static const std::vector<KeySpec> kSpecs = [] {
    std::vector<KeySpec> specs;
    for (const auto& rule : detail::TopLevelKeyRules()) specs.push_back(rule.spec);
    return specs;
  }();
  return kSpecs;
}

const std::vector<KeySpec>& SourceKeys() {
  static const std::vector<KeySpec> kSpecs = [] {
    std::vector<KeySpec> specs;
    for (const auto& rule : detail::SourceKeyRules()) specs.push_back(rule.spec);
    return specs;
  }();
  return kSpecs;
}

namespace {

template <typename J>
std::optional<double> RefreshHours(const J& value) {
  if (value.is_string()) {
    const std::string& s = value.template get_ref<const std::string&>();
    if (s == "daily") return 24.0;
    if (s == "weekly") return 168.0;
    return std::nullopt;
  }
  if (!value.is_number()) return std::nullopt;
  double hours = value.template get<double>();
  if (!std::isfinite(hours) || !(hours > 0)) return std::nullopt;
  return hours;
}

// Seconds > 0: a number, or a string of one or more <number><unit> with units s, m,
// h ("90s", "30m", "4h", "1h30m"). A bare number in a string is seconds.
template <typename J>
std::optional<double> DurationSeconds(const J& value) {
  auto finite_positive = [](double x) -> std::optional<double> {
    if (!std::isfinite(x) || !(x > 0)) return std::nullopt;
    return x;
  };
  if (value.is_number()) return finite_positive(value.template get<double>());
  if (!value.is_string()) return std::nullopt;
  const std::string& s = value.template get_ref<const std::string&>();
  double total = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < s.size()) {
    std::size_t start = i;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
    if (i == start) return std::nullopt;
    double n = 0;
    std::string part = s.substr(start, i - start);
    std::size_t used = 0;
    try {
      n = std::stod(part, &used);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (used != part.size()) return std::nullopt;  // "1..2"
    double unit = 1;
    if (i < s.size()) {
      switch (s[i]) {
        case 's':
          unit = 1;
          break;
        case 'm':
          unit = 60;
          break;
        case 'h':
          unit = 3600;
          break;
        default:
          return std::nullopt;
      }
      ++i;
    } else if (any) {
      return std::nullopt;  // "1h30": a unit is needed after the first part
    }
    total += n * unit;
    any = true;
  }
  return any ? finite_positive(total) : std::nullopt;
}

}  // namespace

std::optional<double> ParseRefreshHours(const Json& value) { return RefreshHours(value); }
std::optional<double> ParseDurationSeconds(const Json& value) { return DurationSeconds(value); }

namespace detail {
std::optional<double> ParseRefreshHours(const OJson& value) { return RefreshHours(value); }
std::optional<double> ParseDurationSeconds(const OJson& value) { return DurationSeconds(value); }
}  // namespace detail

}  // namespace cecat::config
