// The search's filter, facet and ranking columns of every record, kept compact by
// rid (issue 22): a search counts facets and ranks over the full-text match set
// from these arrays instead of a B-tree lookup per match.
//
// They persist in the index as `facet_chunks` (one blob per 4096 rids), so a
// `cecat search` process loads them with a few blob reads instead of a scan of
// `records` and `record_tags`. Triggers mark every changed rid in `facet_dirty`;
// each write transaction folds those into their chunks before it commits
// (FoldFacetChanges, Db::SetBeforeCommit) and bumps meta 'facet_generation', so
// the chunks always describe the committed records. A reader that finds dirty
// rows (a writer that did not fold) answers by SQL instead.
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "index/detail/sqlite.h"

namespace cecat::index::detail {

inline constexpr int kFacetChunkShift = 12;  // 4096 rids per chunk
inline constexpr uint32_t kNoValue = 0xFFFFFFFFu;

// Values are interned as "kind\x1fvalue": kinds "type", "format", "deadline" and
// the record_tags kinds ("approval", "audience", "state", "topic").
struct FacetColumns {
  std::vector<std::string> dict;
  std::unordered_map<std::string, uint32_t> dict_ids;
  // By rid; `present` is 0 for rids that are not records.
  std::vector<uint8_t> present, removed, free;
  std::vector<uint32_t> type, format, deadline, doc_tokens;
  std::vector<double> price, hours, rating;  // NaN: NULL
  std::vector<std::string_view> id;          // into `blobs`
  std::vector<uint32_t> tag_begin;           // CSR: tags of rid r are
  std::vector<uint32_t> tags;                // tags[tag_begin[r] .. tag_begin[r + 1])
  std::vector<std::string> blobs;

  size_t rid_end() const { return present.size(); }
  uint32_t Lookup(std::string_view kind, std::string_view value) const;
};

inline std::string DictKey(std::string_view kind, std::string_view value) {
  std::string k;
  k.reserve(kind.size() + 1 + value.size());
  k.append(kind).push_back('\x1f');
  k.append(value);
  return k;
}

// Rebuilds the chunks of every rid in facet_dirty, empties it and bumps the
// generation. Call inside the write transaction, before COMMIT.
Status FoldFacetChanges(Db& db);

struct FacetState {
  int64_t generation = 0;
  bool dirty = false;
};
// The stored generation and whether rows are waiting to be folded.
Result<FacetState> ReadFacetState(Db& db);

// Every chunk, decoded (call inside a read transaction, with ReadFacetState).
Result<std::shared_ptr<const FacetColumns>> LoadFacetColumns(Db& db);

}  // namespace cecat::index::detail
