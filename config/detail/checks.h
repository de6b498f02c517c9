// Value checks shared by the sources-file validators: type tests that explain
// themselves, and a reporter that prefixes every problem with where it was found.
// Private to the config module.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace cecat::config::detail {

// The file is parsed keeping key order: a rule's fields apply in the order written,
// and problems are listed in file order.
using OJson = nlohmann::ordered_json;

// Collects problems for one part of the file: a top-level key, the `defaults`
// object, or one source. `prefix` is put before every key ("defaults.",
// "sources[3]." for a source without a usable id, "" otherwise).
class Where {
 public:
  Where(std::string file, std::vector<ConfigProblem>* out, std::string source_id = {},
        std::string prefix = {}, const SelectorCheckers* checkers = nullptr)
      : file_(std::move(file)),
        out_(out),
        source_id_(std::move(source_id)),
        prefix_(std::move(prefix)),
        checkers_(checkers) {}

  void Report(const std::string& key, std::string message) const;
  const std::string& source_id() const { return source_id_; }
  const std::string& prefix() const { return prefix_; }

  // The caller's selector checks (config.h SelectorCheckers): nullopt when the
  // selector is fine or there is no checker, else the checker's message.
  std::optional<std::string> CheckSelector(const std::string& selector) const;
  std::optional<std::string> CheckFieldSelector(const std::string& field) const;

 private:
  std::string file_;
  std::vector<ConfigProblem>* out_;
  std::string source_id_;
  std::string prefix_;
  const SelectorCheckers* checkers_;
};

// `text` with control characters and bytes that are not UTF-8 written as \xNN, so
// a problem is one printable line and can go into JSON output.
std::string Printable(std::string_view text);

// A short, single-line rendering of a JSON value for "got ..." in messages:
// strings quoted as JSON, long values cut with "...". Never recurses deeply, so a
// hostile, deeply nested value cannot exhaust the stack.
std::string Describe(const OJson& value);

// "expected <what>, got <value>".
std::string Expected(std::string_view what, const OJson& got);

// The value as an integer if it is a JSON number with no fractional part that
// fits in int64_t (JSON does not tell 5 from 5.0; we accept both).
std::optional<int64_t> AsInteger(const OJson& value);

// "an integer >= 1" or "an integer from 1 to 16".
std::string IntegerExpectation(int64_t min, int64_t max);

// Reads an integer in [min, max]; reports and returns nullopt otherwise.
std::optional<int64_t> CheckInteger(const OJson& value, const Where& where, const std::string& key,
                                    int64_t min, int64_t max);

// Reads a JSON string; `what` names what was expected ("a non-empty string").
// Empty strings and strings with control characters are refused when asked.
struct StringRules {
  bool non_empty = true;
  bool no_control = false;
};
std::optional<std::string> CheckString(const OJson& value, const Where& where,
                                       const std::string& key, std::string_view what,
                                       StringRules rules = {});

// An item check for lists: returns an error message ("expected ..., got ...")
// or nullopt when the item is fine.
using ItemCheck = std::function<std::optional<std::string>(const std::string& item)>;

// Reads a string or an array of strings. A single string's problems are keyed
// `key`, an array element's `key[i]`. Reports an empty array when !allow_empty.
// Returns the items that passed; nullopt if the value's shape was wrong.
std::optional<std::vector<std::string>> CheckStringList(const OJson& value, const Where& where,
                                                        const std::string& key,
                                                        std::string_view item_what,
                                                        bool allow_empty, const ItemCheck& check);

// RE2 compile check: nullopt if `pattern` compiles, else RE2's error text.
std::optional<std::string> RegexError(const std::string& pattern);

// ItemCheck for regexes: `invalid regex "(": missing ): (`.
std::optional<std::string> CheckRegexItem(const std::string& pattern);

// ItemCheck for absolute URLs whose scheme is http, https or file.
std::optional<std::string> CheckCrawlUrlItem(const std::string& url);

// Checks "ADDRESS/PREFIX" for IPv4 (prefix 0..32) and IPv6 (0..128). nullopt if
// valid, else why not.
std::optional<std::string> CidrError(std::string_view cidr);

// Parses "5MB", "512 KiB", "1048576", "1.5 GB": binary units (1 KB = 1 KiB = 1024
// bytes), case-insensitive, optional space, optional "B". nullopt if malformed.
std::optional<int64_t> ParseByteSize(std::string_view text);

// The closest of `candidates` to `name` by edit distance, if it is close enough
// to be a likely typo; empty otherwise.
std::string Suggest(std::string_view name, const std::vector<std::string_view>& candidates);

// "unknown key" plus "; did you mean 'x'?" when there is a close candidate.
std::string UnknownKeyMessage(std::string_view name,
                              const std::vector<std::string_view>& candidates);

}  // namespace cecat::config::detail
