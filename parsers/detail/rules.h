// Admin-written rules: one record per element matching `item`, fields by selector.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <gumbo.h>

#include "common/extract_rule.h"
#include "common/record.h"
#include "parsers/extract.h"

namespace cecat::parsers::detail {

struct RuleContext {
  const GumboNode* document = nullptr;
  std::string base_url;
  std::string page_url;
  const ExtractOptions* options = nullptr;
  std::vector<RawRecord>* records = nullptr;
  std::vector<Diagnostic>* diagnostics = nullptr;
};

// Applies the item/fields part of `rule` (the entry at `index` of the source's
// extract list). Without `item`, the whole page is the one item. Diagnostics
// name "rule[i].item" or "rule[i].fields.NAME": invalid selectors, an item
// selector that matched nothing, a field that matched nothing in some items.
void ApplyRule(const ExtractRule& rule, std::size_t index, RuleContext& ctx);

// The raw value for a rule field named `name` from its text or attribute value:
// "approvals" -> array of approval objects, "rating" -> rating object when the
// text is recognised; anything else the string itself.
Json RuleFieldValue(const std::string& name, const std::string& value);

}  // namespace cecat::parsers::detail
