// The sources file (../shared/SPEC.md "Sources file"): loading and validation.
//
// LoadConfig never throws. Every problem it finds is reported with the file, the
// source id and the key, so `cecat sources check` can list them all at once and
// every other command can refuse to start with exit code 2.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/extract_rule.h"
#include "common/record.h"
#include "common/result.h"

namespace cecat::config {

using ::cecat::ExtractRule;

// Every per-source setting with its default. The same table (kSourceKeys in
// config/keys.cc) drives validation, `sources show` and docs/configuration.md.
// When a source's run is degraded against its own history (docs/operations.md
// "Source health"): the baseline is the median of its last `history_runs` good
// runs, judged once there are `min_runs` of them.
struct HealthThresholds {
  int history_runs = 10;
  int min_runs = 3;
  double count_drop = 0.3;      // records of a type below (1 - x) times the median
  double coverage_drop = 0.25;  // a course field's share fell by x (0.96 -> 0.10)
  double rejects_rise = 0.2;    // rejected share of raw records rose by x
  double failures_rise = 0.2;   // failed share of pages rose by x
};

struct SourceConfig {
  std::string id;
  std::string name;
  std::vector<std::string> kinds;       // courses, providers, accreditations, scholarships, reviews
  std::vector<std::string> start_urls;  // http, https or file URLs
  std::vector<std::string> allow;       // RE2 regexes; empty = the start URLs' hosts
  std::vector<std::string> deny;        // RE2 regexes
  std::vector<std::string> follow;      // CSS selectors of links to follow
  std::vector<std::string> sitemaps;    // URLs, or "robots"
  int max_depth = 3;
  int max_pages = 500;
  int64_t max_bytes = 5 * 1024 * 1024;  // per response, after decompression
  int delay_ms = 1000;
  int concurrency_per_host = 2;
  double timeout_s = 30;
  int retries = 2;
  double max_duration_s = 1800;  // one crawl of the source: "30m"
  double refresh_hours = 24;     // "daily" = 24, "weekly" = 168
  bool respect_robots = true;
  std::vector<std::string> allow_addresses;  // CIDR ranges
  std::vector<ExtractRule> extract = {ExtractRule{}};
  bool enabled = true;
  HealthThresholds health;
};

// "cecat/<version> (+<contact_url>)", or "cecat/<version>" without a contact URL:
// the User-Agent when the sources file sets no `user_agent`.
std::string DefaultUserAgent(std::string_view contact_url);

struct Config {
  std::filesystem::path file;  // the sources file as given
  std::string contact_url;     // optional; an http(s) URL about the crawl
  std::string user_agent = DefaultUserAgent("");
  std::filesystem::path database;        // resolved against the file's folder
  std::filesystem::path feed_dir;        // resolved against the file's folder
  std::filesystem::path log_file;        // optional; resolved against the file's folder
  int parallel_sources = 4;              // sources crawled at once (sharing no host)
  double max_run_duration_s = 4 * 3600;  // a whole run's crawling: "4h"
  std::vector<SourceConfig> sources;

  const SourceConfig* FindSource(const std::string& id) const;
};

// One thing wrong with the sources file.
struct ConfigProblem {
  std::string file;
  std::string source_id;  // empty for top-level keys
  std::string key;        // e.g. "max_pages", "extract[1].fields.title"
  std::string message;
  // For JSON syntax errors: where the parser stopped (1-based; column in bytes).
  int line = 0;
  int column = 0;
  // "config/sources.json: source 'acme': key 'max_pages': expected an integer >= 1, got "ten""
  std::string ToString() const;
};

struct LoadOutcome {
  std::optional<Config> config;  // set when there are no problems
  std::vector<ConfigProblem> problems;
};

// Selector syntax belongs to the parsers module, which config does not depend
// on; the caller injects its checks (parsers::CheckSelector and
// parsers::CheckFieldSelector). A failed check is a problem whose message is the
// Status message, keyed exactly where the selector is written ("follow[1]",
// "extract[0].item", "defaults.extract.fields.title").
struct SelectorCheckers {
  std::function<Status(std::string_view selector)> selector;  // `follow`, a rule's `item`
  std::function<Status(std::string_view field)> field;        // "SELECTOR" or "SELECTOR@attr"
};

// Reads and validates the sources file. Collects every problem rather than
// stopping at the first. Without `checkers`, selectors are only checked for
// being non-empty.
LoadOutcome LoadConfigWithProblems(const std::filesystem::path& file);
LoadOutcome LoadConfigWithProblems(const std::filesystem::path& file,
                                   const SelectorCheckers& checkers);

// Convenience: the config, or an InvalidArgument Status listing every problem.
Result<Config> LoadConfig(const std::filesystem::path& file);

// Parses the `refresh` value: "daily", "weekly" or a positive number of hours.
std::optional<double> ParseRefreshHours(const Json& value);
// Parses a duration (`max_duration`, `max_run_duration`): seconds > 0 as a number,
// or a string of <number><unit> parts with units s, m, h ("30m", "1h30m").
std::optional<double> ParseDurationSeconds(const Json& value);

// The source's effective settings (defaults applied) as a sources-file object:
// every key of the table, in table order; refresh as hours, max_bytes in bytes,
// extract as a list of entries. Ordered JSON keeps the table's key order and a
// rule's field order, so loading it back gives the same SourceConfig. For
// `cecat sources show ID` (print with .dump(2)).
nlohmann::ordered_json SourceConfigToJson(const SourceConfig& source);

// A rule field's value "SELECTOR" or "SELECTOR@attr", split at the last '@'
// outside quotes, brackets and parentheses (an '@' inside an attribute
// selector's value stays in the selector). The loader has checked that the
// attribute is a valid attribute name and that the selector is non-blank unless
// there is an attribute ("@href": the item element's own attribute).
struct FieldSpec {
  std::string selector;
  std::string attribute;  // empty when the field takes the element's text
  bool has_attribute = false;
};
FieldSpec SplitFieldSpec(const std::string& spec);

// Rewrites the sources file with source `id`'s `enabled` set (appended as the
// source's last key if absent), every other key kept in its order, 2-space
// indentation; written to a temp file in the same folder, fsync'd, renamed over
// the file (a symlink's target is replaced). Fails without touching the file:
// InvalidArgument listing every problem if the file does not load, NotFound if
// no source has that id, IoError if writing fails.
Status SetSourceEnabled(const std::filesystem::path& file, const std::string& id, bool enabled);

}  // namespace cecat::config
