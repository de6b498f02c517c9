// An extraction rule from a source's `extract` setting (../shared/SPEC.md).
// Lives in common because the config module reads it and the parsers apply it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace cecat {

// One field of a rule (SPEC.md "Sources file"): "SELECTOR", "SELECTOR@attr", or
// the object form {"selector", "attr", "from", "all", "join", "default"}, or a
// constant {"value": V}.
struct RuleField {
  // kFollowing: the item's following siblings up to the next item (a heading
  // followed by its paragraphs, with no element wrapping the group).
  enum class From { kItem, kPage, kAncestor, kFollowing };

  std::string name;
  // "SELECTOR" or "SELECTOR@attr" (the object form's selector and attr joined);
  // an empty selector means the scope element itself. Empty for a constant.
  std::string spec;
  From from = From::kItem;                 // where `spec` is evaluated
  std::string ancestor;                    // kAncestor: the selector of the item's ancestor
  bool all = false;                        // every match, as a list
  std::optional<std::string> join;         // every match, joined into one text
  std::optional<nlohmann::json> fallback;  // "default": when nothing matched
  std::optional<nlohmann::json> value;     // a constant; no selector
  // How the field was written, for provenance and diagnostics: the spec of a
  // plain string field, else the object as JSON.
  std::string written;

  bool operator==(const RuleField&) const = default;
};

struct ExtractRule {
  // Regex (RE2 syntax) the page URL must match for the entry to apply; empty = all.
  std::string url;
  // "auto" (JSON-LD, then microdata, then rules) or "rules".
  std::string method = "auto";
  // For rules: CSS selector of the element that makes one record.
  std::string item;
  // For rules: the record kind: course, provider, scholarship, review, approval.
  std::string type = "course";
  // For rules: the fields, in file order.
  std::vector<RuleField> fields;
};

// Where a field spec "SELECTOR@attr" splits: the position of the last '@' outside
// quotes, brackets and parentheses, so a[href^="mailto:x@y"] stays a selector and
// a[title='x@y']@href takes href; npos when the spec names no attribute. The
// config loader and the parsers both split with this one scan, so they agree.
size_t FieldAttributeSeparator(std::string_view spec);

}  // namespace cecat
