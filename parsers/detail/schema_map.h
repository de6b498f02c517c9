// Maps schema.org data (JSON-LD, or microdata converted to the same shape) onto
// raw records in the vocabulary documented in parsers/extract.h.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/record.h"
#include "parsers/extract.h"

namespace cecat::parsers::detail {

struct MapContext {
  std::string source;  // provenance prefix: "jsonld" or "microdata"
  std::string base_url;
  std::string page_url;
  std::size_t max_records = 2000;
  std::size_t max_text_bytes = 64 * 1024;
  std::vector<RawRecord>* records = nullptr;
  std::vector<Diagnostic>* diagnostics = nullptr;
  bool limit_reported = false;
};

// Maps one top-level value found at `path` (e.g. "[0]") and everything reachable
// through @graph, ItemList, WebPage.mainEntity, Offer.itemOffered and
// AggregateRating.itemReviewed. Unknown types are skipped silently (every page
// has WebSite and BreadcrumbList objects).
void MapStructuredData(const Json& value, const std::string& path, MapContext& ctx);

// "Course" for "Course", "schema:Course", "http://schema.org/Course",
// "https://schema.org/Course"; other vocabularies' types unchanged.
std::string StripSchemaPrefix(const std::string& type);

}  // namespace cecat::parsers::detail
