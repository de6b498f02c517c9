// HTML microdata (WHATWG HTML section 5, "Microdata") in the W3C JSON form.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <gumbo.h>

#include "common/record.h"

namespace cecat::parsers {

struct MicrodataOptions {
  std::size_t max_items = 2000;    // items, nested ones included
  std::size_t max_depth = 16;      // nesting of items in items
  std::size_t max_values = 20000;  // property values in all
  std::size_t max_text_bytes = 64 * 1024;
};

// The top-level items (itemscope without itemprop) under `document`, each
// {"type": [itemtype URLs], "id": itemid, "properties": {name: [values]}}
// with "type"/"id" left out when absent. Properties follow the spec's crawl:
// descendants and itemref'd elements, stopping at nested itemscopes, which
// become nested items. Values: itemscope -> item; meta -> content; audio, embed,
// iframe, img, source, track, video -> src; a, area, link -> href; object ->
// data (URLs resolved against `base_url`); data, meter -> value; time ->
// datetime, else its text; otherwise the text, whitespace collapsed. As Google
// does (not the spec), a `content` attribute on any element wins over its text
// (<span itemprop="price" content="29.00">$29</span>). An item that reaches
// itself through itemref gives the string "ERROR" (spec). Limits and skipped
// parts are noted in `notes`.
Json ExtractMicrodata(const GumboNode* document, const std::string& base_url,
                      const MicrodataOptions& options, std::vector<std::string>* notes);

// One W3C-form item in the shape of JSON-LD, for the schema.org mapping:
// {"@type": [type names, schema.org prefix stripped], "@id": id, name: value or
// [values]}, property names that are URLs reduced to their last segment.
Json MicrodataToJsonLd(const Json& item);

}  // namespace cecat::parsers
