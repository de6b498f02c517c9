// The search's filter, facet and ranking columns of every record, kept compact by
// rid (issue 22): a search counts facets and ranks over the full-text match set
// from these arrays instead of a B-tree lookup per match.
//
// They persist in the index as `facet_chunks`, one blob per 4096 rids laid out as
// fixed-width columns, so a `cecat search` process reads them into one buffer
// with sqlite3_blob_read (or maps them from the cache file beside the database)
// and uses them in place: no per-row decoding. Writers mark every changed rid in
// `facet_dirty` (MarkFacetsDirty); each write transaction patches those rows into
// their chunks before it commits (FoldFacetChanges, via Db::SetBeforeCommit) and
// sets a new, random meta 'facet_generation', so the chunks always describe the
// committed records. A reader that finds rows waiting (a writer that did not fold
// them) answers by SQL instead.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "index/detail/sqlite.h"

namespace cecat::index::detail {

inline constexpr int kFacetChunkShift = 12;
inline constexpr uint32_t kFacetChunkRows = 1u << kFacetChunkShift;  // rids per chunk
inline constexpr uint32_t kNoValue = 0xFFFFFFFFu;
inline constexpr size_t kIdKeyBytes = 16;

// Values are interned as "kind\x1fvalue": kinds "type", "format", "deadline" and
// the record_tags kinds ("approval", "audience", "state", "topic").
inline std::string DictKey(std::string_view kind, std::string_view value) {
  std::string k;
  k.reserve(kind.size() + 1 + value.size());
  k.append(kind).push_back('\x1f');
  k.append(value);
  return k;
}

// One chunk's columns, pointing into FacetColumns' buffer. Strings are chunk-local
// dictionary indexes (u16, 0xFFFF for NULL) mapped to global ids by `global`;
// numbers index the chunk's table of doubles (0xFFFF for NULL).
struct FacetChunk {
  const uint8_t* flags = nullptr;  // kPresent | kRemoved | kFree
  const uint16_t* type = nullptr;
  const uint16_t* format = nullptr;
  const uint16_t* deadline = nullptr;
  const uint16_t* price = nullptr;
  const uint16_t* hours = nullptr;
  const uint16_t* rating = nullptr;
  const uint32_t* doc_tokens = nullptr;
  const char* id_key = nullptr;         // kIdKeyBytes per row: the id, zero-padded or cut
  const uint32_t* tag_begin = nullptr;  // kFacetChunkRows + 1 offsets into `tags`
  const uint16_t* tags = nullptr;       // sorted per row
  const double* numbers = nullptr;
  std::vector<uint32_t> global;  // local string index -> FacetColumns::dict id

  static constexpr uint8_t kPresent = 1, kRemoved = 2, kFree = 4;
};

class FacetColumns {
 public:
  std::vector<std::string> dict;  // global string ids
  std::unordered_map<std::string, uint32_t> dict_ids;

  uint32_t Lookup(std::string_view kind, std::string_view value) const {
    auto it = dict_ids.find(DictKey(kind, value));
    return it == dict_ids.end() ? kNoValue : it->second;
  }
  // The chunk holding `rid`, or null.
  const FacetChunk* ChunkOf(int64_t rid) const {
    if (rid < 0) return nullptr;
    const auto c = static_cast<uint64_t>(rid) >> kFacetChunkShift;
    return c < chunks_.size() ? chunks_[c].get() : nullptr;
  }
  size_t rid_end() const { return chunks_.size() << kFacetChunkShift; }

  // Loaded state; LoadFacetColumns fills these.
  struct Unmap {
    size_t size;
    void operator()(char* p) const;
  };
  std::unique_ptr<char, Unmap> buffer{nullptr, Unmap{0}};
  bool from_cache = false;  // mapped from the cache file, not read from the database
  std::vector<std::unique_ptr<FacetChunk>> chunks_;  // by chunk number
};

inline double FacetNumber(const FacetChunk& c, const uint16_t* col, uint32_t row) {
  uint16_t v = col[row];
  return v == 0xFFFF ? std::numeric_limits<double>::quiet_NaN() : c.numbers[v];
}
inline uint32_t FacetString(const FacetChunk& c, const uint16_t* col, uint32_t row) {
  uint16_t v = col[row];
  return v == 0xFFFF ? kNoValue : c.global[v];
}

// Marks `rid` for the next fold. Every writer of a value the columns hold calls it
// (schema.cc, version 8, says why not triggers): the apply's insert and update of
// `records`, Settle (status), the rating update, WriteTags and WriteFts (document
// length). tests/index/oracle_test.cc compares the columns with SQL after each kind
// of write.
Status MarkFacetsDirty(Db& db, int64_t rid);

// Patches every rid in facet_dirty into its chunk, unmarks it and sets a new,
// random generation. A chunk whose rows hold more distinct values than it can
// (65,535) keeps its rows marked: searches answer by SQL, and the write still
// commits. Call inside the write transaction, before COMMIT.
Status FoldFacetChanges(Db& db);

struct FacetState {
  int64_t generation = 0;
  bool dirty = false;
};
// The stored generation and whether rows are waiting to be folded.
Result<FacetState> ReadFacetState(Db& db);

// Every chunk, as of `generation` (call inside a read transaction, with the
// generation ReadFacetState gave). Mapped from the cache file beside the database
// when it holds that generation; otherwise read from facet_chunks, and the cache
// file rewritten (when the directory is writable) for the next process.
Result<std::shared_ptr<const FacetColumns>> LoadFacetColumns(Db& db, int64_t generation);

// `<database>-facets`, beside the database as SQLite's -wal and -shm files are.
std::filesystem::path FacetCacheFile(const std::filesystem::path& db_file);

}  // namespace cecat::index::detail
