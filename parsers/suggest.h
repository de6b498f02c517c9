// Rule suggestions for a page (`cecat extract --suggest`, issue 20): candidate
// `item` selectors and, for the best one, field selectors with sample values, so
// an admin starts a source's rules from them instead of from the HTML.
//
// Pure: HTML in, suggestions out; never fails (a page with no repeated blocks
// gives no suggestions). Heuristic by nature: every suggestion is a selector the
// project's own engine (parsers/selector.h) parses and that matches what it claims
// on this page, but whether the blocks are the records the admin wants is for the
// admin to judge, e.g. with `cecat extract --table`.
//
// How it works:
// - Items: sibling elements under one parent with the same tag and classes, at
//   least `min_repeats` of them, are a candidate group. Each member is scored by
//   what records have: a link, a title (a heading, or a class naming a title or
//   name), credit hours, a price, a date, a delivery format. A member with at
//   least two of these "looks like a record". Groups are ranked by how many of
//   their members look like records, then by the mean number of features. Each
//   group's selector is the shortest chain of ancestors' tags and classes that
//   matches exactly its members on this page (plus `:has(> T)` when a header row
//   or similar sibling lacks a child the records have).
// - Fields, for the best group: each element inside the first item gets a
//   selector relative to the item (a label, `dt:contains("Hours") + dd`, before
//   classes, before the tag, before `:nth-of-type()`), which is then read in the
//   first `sample_items` items and classified; per field the selector whose
//   values are most often of that field's kind wins.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/extract_rule.h"

namespace cecat::parsers {

struct SuggestOptions {
  std::size_t min_repeats = 3;                   // siblings needed to call a block repeated
  std::size_t max_suggestions = 5;               // item selectors returned, best first
  std::size_t sample_items = 3;                  // items whose values are shown per field
  std::size_t score_items = 20;                  // items read to rank a field's selectors
  std::size_t max_html_bytes = 4 * 1024 * 1024;  // the rest of the page is ignored
};

struct FieldSuggestion {
  // A rule field name (SPEC.md "Records"): title, url, ce_hours, price,
  // start_date, format, location, approvals.
  std::string field;
  std::string spec;                  // "SELECTOR" or "SELECTOR@attr", relative to the item
  std::size_t hits = 0;              // scored items where `spec` gave a value of this kind
  std::size_t scored = 0;            // items scored
  std::vector<std::string> samples;  // the values in the first sample_items items
};

struct ItemSuggestion {
  std::string selector;         // a CSS selector for the items
  std::size_t count = 0;        // elements it matches on the page
  std::size_t record_like = 0;  // of those, how many look like records
  // Members having each feature: "link", "title", "hours", "price", "date", "format".
  std::map<std::string, std::size_t> features;
  std::vector<FieldSuggestion> fields;  // filled for the first (best) suggestion only
};

// Candidate item selectors for the page, best first, at most
// options.max_suggestions.
std::vector<ItemSuggestion> SuggestItems(std::string_view html, const SuggestOptions& options = {});

// The suggestion as a rule entry {"method": "rules", "item", "type", "fields"}:
// what `cecat extract --suggest` prints for pasting into a source's `extract`.
ExtractRule SuggestedRule(const ItemSuggestion& suggestion, const std::string& type = "course");

}  // namespace cecat::parsers
