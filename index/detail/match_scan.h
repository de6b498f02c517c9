// One pass over a search's matches with the facet columns (facets.h): filters,
// counts the total and the facets, and keeps the top `limit` by the search's order
// (bm25 ascending, rating descending with NULLs last, id) in a bounded heap, so
// no match is looked up in a B-tree and only the printed rows are loaded.
//
// Full-text queries rank inside FTS5: an auxiliary function (`cecat_scan`) runs
// once per matching row, filters it and computes bm25 exactly as FTS5's bm25()
// does (same formula and order of operations, so the scores are the same
// doubles), but takes the document length from the facet columns instead of a
// records_fts_docsize lookup per row.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "index/detail/facets.h"
#include "index/detail/sqlite.h"
#include "index/index.h"

namespace cecat::index::detail {

struct ScanHit {
  int64_t rid = 0;
  double bm25 = 0;  // FTS5's bm25(): lower is better; 0 without text
};

struct ScanResult {
  int64_t total = 0;
  std::vector<ScanHit> top;  // best first
  Json facets = Json::object();
};

// Registers `cecat_scan` with the connection's FTS5 (once per connection).
Status RegisterMatchScan(Db& db);

// Runs `q` over `cols`; `fts_match` is BuildFtsQuery's output (empty: no text).
Result<ScanResult> RunMatchScan(Db& db, const FacetColumns& cols, const SearchQuery& q,
                                const std::string& fts_match, int64_t limit);

}  // namespace cecat::index::detail
