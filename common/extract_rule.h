// An extraction rule from a source's `extract` setting (../shared/SPEC.md).
// Lives in common because the config module reads it and the parsers apply it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cecat {

struct ExtractRule {
  // Regex (RE2 syntax) the page URL must match for the entry to apply; empty = all.
  std::string url;
  // "auto" (JSON-LD, then microdata, then rules) or "rules".
  std::string method = "auto";
  // For rules: CSS selector of the element that makes one record.
  std::string item;
  // For rules: the record kind: course, provider, scholarship, review, approval.
  std::string type = "course";
  // For rules: field name -> "SELECTOR" or "SELECTOR@attr", in file order.
  std::vector<std::pair<std::string, std::string>> fields;
};

// Where a field spec "SELECTOR@attr" splits: the position of the last '@' outside
// quotes, brackets and parentheses, so a[href^="mailto:x@y"] stays a selector and
// a[title='x@y']@href takes href; npos when the spec names no attribute. The
// config loader and the parsers both split with this one scan, so they agree.
size_t FieldAttributeSeparator(std::string_view spec);

}  // namespace cecat
