#include "index/detail/facets.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <optional>

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "common/record.h"
#include "common/stale_files.h"

namespace cecat::index::detail {
namespace {

constexpr uint32_t kChunkFormat = 2;
constexpr uint32_t R = kFacetChunkRows;
constexpr uint16_t kNull16 = 0xFFFF;

size_t Align8(size_t n) { return (n + 7) & ~size_t{7}; }

// Where each column of a chunk blob starts: fixed-width arrays of R rows (tags
// and the dictionaries sized by the header), each 8-aligned, so a loaded blob is
// used in place.
struct Layout {
  size_t numbers, doc_tokens, tag_begin, u16[6], tags, flags, id_key, str_offsets, str_bytes, total;
};
constexpr size_t kHeaderBytes = 32;  // u32 x 8: format, chunk, strings, string bytes,
                                     // numbers, tags, 2 reserved

Layout MakeLayout(uint32_t n_strings, uint32_t string_bytes, uint32_t n_numbers, uint32_t n_tags) {
  Layout l{};
  size_t at = kHeaderBytes;
  auto take = [&](size_t bytes) {
    size_t start = at;
    at = Align8(at + bytes);
    return start;
  };
  l.numbers = take(sizeof(double) * n_numbers);
  l.doc_tokens = take(sizeof(uint32_t) * R);
  l.tag_begin = take(sizeof(uint32_t) * (R + 1));
  for (size_t& c : l.u16) c = take(sizeof(uint16_t) * R);
  l.tags = take(sizeof(uint16_t) * n_tags);
  l.flags = take(R);
  l.id_key = take(kIdKeyBytes * R);
  l.str_offsets = take(sizeof(uint32_t) * (n_strings + 1));
  l.str_bytes = take(string_bytes);
  l.total = at;
  return l;
}
enum U16Column { kType, kFormat, kDeadline, kPrice, kHours, kRating };

// A chunk's string dictionary while the fold patches it: the stored chunk's
// entries keep their indexes, rows read from the tables add theirs, and Encode
// drops the ones no row uses any more.
struct Dict {
  std::vector<std::string> strings;
  std::unordered_map<std::string, uint16_t> ids;
  bool overflow = false;
  uint16_t Intern(std::string s) {
    auto it = ids.find(s);
    if (it != ids.end()) return it->second;
    if (strings.size() >= kNull16) {
      overflow = true;
      return 0;
    }
    const auto id = static_cast<uint16_t>(strings.size());
    ids.emplace(s, id);
    strings.push_back(std::move(s));
    return id;
  }
};

// A row as the fold handles it: strings as Dict indexes (kNull16: NULL), numbers
// as values.
struct Row {
  bool present = false;
  uint8_t flags = 0;  // FacetChunk flags
  uint16_t type = kNull16, format = kNull16, deadline = kNull16;
  double price = 0, hours = 0, rating = 0;  // NaN: NULL
  uint32_t doc_tokens = 0;
  std::array<char, kIdKeyBytes> id_key{};
  std::vector<uint16_t> tags;
};
using Rows = std::vector<Row>;  // R rows, by rid - chunk base

template <typename T>
void Store(std::string& out, size_t offset, size_t index, T v) {
  std::memcpy(out.data() + offset + index * sizeof(T), &v, sizeof(T));
}
template <typename T>
T LoadAt(std::string_view in, size_t offset, size_t index) {
  T v;
  std::memcpy(&v, in.data() + offset + index * sizeof(T), sizeof(T));
  return v;
}

Result<std::string> Encode(int64_t chunk, const Rows& rows, const Dict& dict) {
  // Only the strings some row uses, renumbered in their order.
  std::vector<uint16_t> renumber(dict.strings.size(), kNull16);
  for (const Row& r : rows) {
    if (!r.present) continue;
    for (uint16_t v : {r.type, r.format, r.deadline}) {
      if (v != kNull16) renumber[v] = 0;
    }
    for (uint16_t t : r.tags) renumber[t] = 0;
  }
  std::vector<const std::string*> strings;
  for (size_t i = 0; i < renumber.size(); ++i) {
    if (renumber[i] == kNull16) continue;
    renumber[i] = static_cast<uint16_t>(strings.size());
    strings.push_back(&dict.strings[i]);
  }
  auto str = [&](uint16_t v) { return v == kNull16 ? kNull16 : renumber[v]; };
  std::vector<double> numbers;
  std::unordered_map<uint64_t, uint16_t> number_ids;  // by bit pattern: exact
  bool overflow = dict.overflow;
  auto num = [&](double d) -> uint16_t {
    if (std::isnan(d)) return kNull16;
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    auto [it, added] = number_ids.try_emplace(bits, static_cast<uint16_t>(numbers.size()));
    if (added) {
      if (numbers.size() >= kNull16) overflow = true;
      numbers.push_back(d);
    }
    return it->second;
  };
  size_t n_tags = 0;
  std::vector<uint16_t> sorted;
  std::vector<std::array<uint16_t, 3>> nums(R);
  for (uint32_t i = 0; i < R; ++i) {
    const Row& r = rows[i];
    if (!r.present) continue;
    nums[i] = {num(r.price), num(r.hours), num(r.rating)};
    n_tags += r.tags.size();
  }
  size_t string_bytes = 0;
  for (const std::string* s : strings) string_bytes += s->size();
  if (overflow || n_tags > 0xFFFFFFF || string_bytes > 0xFFFFFFF) {
    return Status::InvalidArgument("facet chunk " + std::to_string(chunk) +
                                   ": more distinct values than the facet columns hold");
  }
  const Layout l =
      MakeLayout(static_cast<uint32_t>(strings.size()), static_cast<uint32_t>(string_bytes),
                 static_cast<uint32_t>(numbers.size()), static_cast<uint32_t>(n_tags));
  std::string out(l.total, '\0');
  const uint32_t header[8] = {kChunkFormat,
                              static_cast<uint32_t>(chunk),
                              static_cast<uint32_t>(strings.size()),
                              static_cast<uint32_t>(string_bytes),
                              static_cast<uint32_t>(numbers.size()),
                              static_cast<uint32_t>(n_tags),
                              0,
                              0};
  std::memcpy(out.data(), header, sizeof header);
  for (size_t i = 0; i < numbers.size(); ++i) Store(out, l.numbers, i, numbers[i]);
  uint32_t tag_at = 0;
  for (uint32_t i = 0; i < R; ++i) {
    const Row& r = rows[i];
    Store(out, l.tag_begin, i, tag_at);
    if (!r.present) {
      for (int c = 0; c < 6; ++c) Store(out, l.u16[c], i, kNull16);
      continue;
    }
    Store(out, l.doc_tokens, i, r.doc_tokens);
    Store(out, l.u16[kType], i, str(r.type));
    Store(out, l.u16[kFormat], i, str(r.format));
    Store(out, l.u16[kDeadline], i, str(r.deadline));
    Store(out, l.u16[kPrice], i, nums[i][0]);
    Store(out, l.u16[kHours], i, nums[i][1]);
    Store(out, l.u16[kRating], i, nums[i][2]);
    sorted.clear();
    for (uint16_t t : r.tags) sorted.push_back(renumber[t]);
    std::sort(sorted.begin(), sorted.end());
    for (uint16_t t : sorted) Store(out, l.tags, tag_at++, t);
    out[l.flags + i] = static_cast<char>(r.flags);
    std::memcpy(out.data() + l.id_key + i * kIdKeyBytes, r.id_key.data(), kIdKeyBytes);
  }
  Store(out, l.tag_begin, R, tag_at);
  uint32_t str_at = 0;
  for (size_t i = 0; i < strings.size(); ++i) {
    Store(out, l.str_offsets, i, str_at);
    std::memcpy(out.data() + l.str_bytes + str_at, strings[i]->data(), strings[i]->size());
    str_at += static_cast<uint32_t>(strings[i]->size());
  }
  Store(out, l.str_offsets, strings.size(), str_at);
  return out;
}

struct Header {
  uint32_t format, chunk, n_strings, string_bytes, n_numbers, n_tags;
};

// Checks a blob's header and sizes; every index in it is checked where it is used
// (Parse), so a damaged blob is refused, never read out of bounds.
std::optional<std::pair<Header, Layout>> ReadLayout(std::string_view blob) {
  if (blob.size() < kHeaderBytes) return std::nullopt;
  uint32_t h[8];
  std::memcpy(h, blob.data(), sizeof h);
  Header hd{h[0], h[1], h[2], h[3], h[4], h[5]};
  if (hd.format != kChunkFormat || hd.n_strings > kNull16 || hd.n_numbers > kNull16 ||
      hd.n_tags > 0xFFFFFFF || hd.string_bytes > 0xFFFFFFF) {
    return std::nullopt;
  }
  Layout l = MakeLayout(hd.n_strings, hd.string_bytes, hd.n_numbers, hd.n_tags);
  if (l.total != blob.size()) return std::nullopt;
  return std::make_pair(hd, l);
}

// Validates every index of a blob against its dictionaries and tag array.
bool Valid(std::string_view blob, const Header& h, const Layout& l) {
  uint32_t prev = 0;
  for (uint32_t i = 0; i <= h.n_strings; ++i) {
    uint32_t o = LoadAt<uint32_t>(blob, l.str_offsets, i);
    if (o < prev || o > h.string_bytes || (i == 0 && o != 0)) return false;
    prev = o;
  }
  if (prev != h.string_bytes) return false;
  prev = 0;
  for (uint32_t i = 0; i <= R; ++i) {
    uint32_t o = LoadAt<uint32_t>(blob, l.tag_begin, i);
    if (o < prev || o > h.n_tags || (i == 0 && o != 0)) return false;
    prev = o;
  }
  if (prev != h.n_tags) return false;
  for (uint32_t i = 0; i < h.n_tags; ++i) {
    if (LoadAt<uint16_t>(blob, l.tags, i) >= h.n_strings) return false;
  }
  for (uint32_t i = 0; i < R; ++i) {
    for (int c = 0; c < 6; ++c) {
      uint16_t v = LoadAt<uint16_t>(blob, l.u16[c], i);
      const uint32_t limit = c < kPrice ? h.n_strings : h.n_numbers;
      if (v != kNull16 && v >= limit) return false;
    }
  }
  return true;
}

std::string_view StringAt(std::string_view blob, const Layout& l, uint32_t i) {
  uint32_t a = LoadAt<uint32_t>(blob, l.str_offsets, i);
  uint32_t b = LoadAt<uint32_t>(blob, l.str_offsets, i + 1);
  return blob.substr(l.str_bytes + a, b - a);
}

// A stored chunk's rows and dictionary, as the fold patches them; false when the
// blob is damaged.
bool Decode(std::string_view blob, Rows& rows, Dict& dict) {
  auto parsed = ReadLayout(blob);
  if (!parsed || !Valid(blob, parsed->first, parsed->second)) return false;
  const Header& h = parsed->first;
  const Layout& l = parsed->second;
  for (uint32_t i = 0; i < h.n_strings; ++i) dict.Intern(std::string(StringAt(blob, l, i)));
  if (dict.strings.size() != h.n_strings) return false;  // a repeated entry
  rows.assign(R, Row{});
  for (uint32_t i = 0; i < R; ++i) {
    Row& r = rows[i];
    r.flags = static_cast<uint8_t>(blob[l.flags + i]);
    r.present = (r.flags & FacetChunk::kPresent) != 0;
    if (!r.present) continue;
    r.type = LoadAt<uint16_t>(blob, l.u16[kType], i);
    if (r.type == kNull16) return false;
    r.format = LoadAt<uint16_t>(blob, l.u16[kFormat], i);
    r.deadline = LoadAt<uint16_t>(blob, l.u16[kDeadline], i);
    auto num = [&](int c) {
      const uint16_t v = LoadAt<uint16_t>(blob, l.u16[c], i);
      return v == kNull16 ? std::numeric_limits<double>::quiet_NaN()
                          : LoadAt<double>(blob, l.numbers, v);
    };
    r.price = num(kPrice);
    r.hours = num(kHours);
    r.rating = num(kRating);
    r.doc_tokens = LoadAt<uint32_t>(blob, l.doc_tokens, i);
    std::memcpy(r.id_key.data(), blob.data() + l.id_key + i * kIdKeyBytes, kIdKeyBytes);
    for (uint32_t t = LoadAt<uint32_t>(blob, l.tag_begin, i);
         t < LoadAt<uint32_t>(blob, l.tag_begin, i + 1); ++t) {
      r.tags.push_back(LoadAt<uint16_t>(blob, l.tags, t));
    }
  }
  return true;
}

double OrNaN(const Statement& st, int col) {
  return st.IsNull(col) ? std::numeric_limits<double>::quiet_NaN() : st.Double(col);
}

// The column sizes FTS5 keeps per row in records_fts_docsize: one SQLite varint per
// column (https://sqlite.org/fts5.html, "The %_docsize table"). Their sum is what
// bm25() takes as the document's length (xColumnSize(-1)).
uint32_t SumVarints(std::string_view sz) {
  uint64_t total = 0;
  size_t i = 0;
  while (i < sz.size()) {
    uint64_t v = 0;
    for (int n = 0; i < sz.size() && n < 9; ++n) {
      const auto b = static_cast<uint8_t>(sz[i++]);
      if (n == 8) {
        v = (v << 8) | b;
        break;
      }
      v = (v << 7) | (b & 0x7f);
      if ((b & 0x80) == 0) break;
    }
    total += v;
  }
  return static_cast<uint32_t>(std::min<uint64_t>(total, 0xFFFFFFFFu));
}

// Fills `r` from a `records` row selected as kRecordColumns.
constexpr const char* kRecordColumns =
    "rid, id, type, status = 'removed', free, format, deadline, price, hours, rating";
void FillRecord(const Statement& st, Row& r, Dict& dict) {
  r = Row{};
  r.present = true;
  const std::string_view id = st.View(1);
  std::memcpy(r.id_key.data(), id.data(), std::min(id.size(), kIdKeyBytes));
  r.flags =
      static_cast<uint8_t>(FacetChunk::kPresent | (st.Int(3) != 0 ? FacetChunk::kRemoved : 0) |
                           (st.Int(4) != 0 ? FacetChunk::kFree : 0));
  r.type = dict.Intern(DictKey("type", st.View(2)));
  if (!st.IsNull(5)) r.format = dict.Intern(DictKey("format", st.View(5)));
  if (!st.IsNull(6)) r.deadline = dict.Intern(DictKey("deadline", st.View(6)));
  r.price = OrNaN(st, 7);
  r.hours = OrNaN(st, 8);
  r.rating = OrNaN(st, 9);
}

// Reads the rows of rids first..last (within the chunk that starts at `base`) from
// the tables into `rows`: a rid without a records row becomes absent.
Status ReadRange(Db& db, int64_t base, int64_t first, int64_t last, Rows& rows, Dict& dict) {
  auto slot = [&](int64_t rid) -> Row* {
    return rid >= first && rid <= last ? &rows[static_cast<size_t>(rid - base)] : nullptr;
  };
  for (int64_t rid = first; rid <= last; ++rid) *slot(rid) = Row{};
  {
    CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare(std::string("SELECT ") + kRecordColumns +
                                                    " FROM records WHERE rid BETWEEN ? AND ?"));
    st.Bind(1, first).Bind(2, last);
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      if (Row* r = slot(st.Int(0))) FillRecord(st, *r, dict);
    }
  }
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("SELECT rid, kind, value FROM record_tags WHERE rid BETWEEN ? AND ?"));
    st.Bind(1, first).Bind(2, last);
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      Row* r = slot(st.Int(0));
      if (r != nullptr && r->present)
        r->tags.push_back(dict.Intern(DictKey(st.View(1), st.View(2))));
    }
  }
  CECAT_ASSIGN_OR_RETURN(
      Statement st, db.Prepare("SELECT id, sz FROM records_fts_docsize WHERE id BETWEEN ? AND ?"));
  st.Bind(1, first).Bind(2, last);
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    Row* r = slot(st.Int(0));
    if (r != nullptr && r->present) r->doc_tokens = SumVarints(st.View(1));
  }
  return Status::Ok();
}

}  // namespace

void FacetColumns::Unmap::operator()(char* p) const {
  if (p != nullptr) munmap(p, size);
}

Status MarkFacetsDirty(Db& db, int64_t rid) {
  CECAT_ASSIGN_OR_RETURN(Statement mark,
                         db.Prepare("INSERT OR IGNORE INTO facet_dirty(rid) VALUES(?)"));
  return mark.Bind(1, rid).Run();
}

Status FoldFacetChanges(Db& db) {
  std::map<int64_t, std::vector<int64_t>> by_chunk;
  {
    CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT rid FROM facet_dirty"));
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      const int64_t rid = st.Int(0);
      if (rid < 0 || (rid >> kFacetChunkShift) > 0xFFFFFFFF) {
        return Status::InvalidArgument("record row " + std::to_string(rid) +
                                       ": outside the facet columns' range");
      }
      by_chunk[rid >> kFacetChunkShift].push_back(rid);
    }
  }
  if (by_chunk.empty()) return Status::Ok();
  for (const auto& [chunk, rids] : by_chunk) {
    Rows rows;
    Dict dict;
    // Many marked rows: the whole chunk from three range scans costs less than a
    // decode and three lookups per row. A damaged chunk is derived data: rebuilt
    // from the tables, it must not stop the write that found it.
    bool whole = rids.size() > R / 8;
    if (!whole) {
      CECAT_ASSIGN_OR_RETURN(Statement st,
                             db.Prepare("SELECT data FROM facet_chunks WHERE chunk = ?"));
      st.Bind(1, chunk);
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) {
        rows.assign(R, Row{});
      } else if (!Decode(st.View(0), rows, dict)) {
        whole = true;
        dict = Dict{};
      }
    }
    const int64_t base = chunk << kFacetChunkShift;
    if (whole) {
      rows.assign(R, Row{});
      CECAT_RETURN_IF_ERROR(ReadRange(db, base, base, base + R - 1, rows, dict));
    } else {
      for (int64_t rid : rids) CECAT_RETURN_IF_ERROR(ReadRange(db, base, rid, rid, rows, dict));
    }
    bool any = false;
    for (const Row& r : rows) any = any || r.present;
    if (any) {
      Result<std::string> blob = Encode(chunk, rows, dict);
      if (!blob.ok()) {
        // More distinct values than a chunk holds (65,535 strings or numbers): its
        // rows stay marked, so searches answer by SQL, correctly, and the write
        // that marked them still commits.
        continue;
      }
      CECAT_ASSIGN_OR_RETURN(
          Statement st,
          db.Prepare("INSERT OR REPLACE INTO facet_chunks(chunk, data) VALUES(?, ?)"));
      CECAT_RETURN_IF_ERROR(st.Bind(1, chunk).BindBlob(2, *blob).Run());
    } else {
      CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare("DELETE FROM facet_chunks WHERE chunk = ?"));
      CECAT_RETURN_IF_ERROR(st.Bind(1, chunk).Run());
    }
    CECAT_ASSIGN_OR_RETURN(Statement done,
                           db.Prepare("DELETE FROM facet_dirty WHERE rid BETWEEN ? AND ?"));
    CECAT_RETURN_IF_ERROR(done.Bind(1, base).Bind(2, base + R - 1).Run());
  }
  // A new generation, random rather than counted: the cache file (LoadFacetColumns)
  // is trusted by generation, and a database restored from an older copy would
  // count to numbers a cache of a later state already holds. Never the old value.
  uint64_t r = 0;
  if (getrandom(&r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) {
    r = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) *
        0x9E3779B97F4A7C15ull;
  }
  const auto generation = static_cast<int64_t>(r >> 2) + 1;
  CECAT_ASSIGN_OR_RETURN(
      Statement bump,
      db.Prepare("UPDATE meta SET value = CASE WHEN value = ?1 THEN ?1 + 1 ELSE ?1 END WHERE key "
                 "= 'facet_generation'"));
  return bump.Bind(1, generation).Run();
}

Result<FacetState> ReadFacetState(Db& db) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("SELECT (SELECT value FROM meta WHERE key = 'facet_generation'), EXISTS(SELECT 1 "
                 "FROM facet_dirty)"));
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  FacetState s;
  if (row) {
    s.generation = st.Int(0);
    s.dirty = st.Int(1) != 0;
  }
  return s;
}

namespace {

// Points one chunk's columns into `data` (a blob inside cols->buffer), after
// checking every offset and index in it.
Status AddChunk(FacetColumns& cols, std::string_view data, int64_t chunk, size_t n_chunks,
                const std::string& where) {
  auto parsed = ReadLayout(data);
  if (!parsed || parsed->first.chunk != static_cast<uint32_t>(chunk) ||
      !Valid(data, parsed->first, parsed->second)) {
    return Status::Corruption(where + ": facet chunk " + std::to_string(chunk) + " is malformed");
  }
  // Chunks are indexed densely by number: rids are rowids SQLite hands out in
  // sequence. A table far sparser than that is refused rather than allocated.
  if (chunk < 0 || static_cast<size_t>(chunk) > 4 * n_chunks + 1024) {
    return Status::Corruption(where + ": facet chunk " + std::to_string(chunk) +
                              " lies far beyond the others");
  }
  const Header& h = parsed->first;
  const Layout& l = parsed->second;
  auto c = std::make_unique<FacetChunk>();
  const char* base = data.data();
  auto u16 = [&](size_t off) { return reinterpret_cast<const uint16_t*>(base + off); };
  c->flags = reinterpret_cast<const uint8_t*>(base + l.flags);
  c->type = u16(l.u16[kType]);
  c->format = u16(l.u16[kFormat]);
  c->deadline = u16(l.u16[kDeadline]);
  c->price = u16(l.u16[kPrice]);
  c->hours = u16(l.u16[kHours]);
  c->rating = u16(l.u16[kRating]);
  c->doc_tokens = reinterpret_cast<const uint32_t*>(base + l.doc_tokens);
  c->tag_begin = reinterpret_cast<const uint32_t*>(base + l.tag_begin);
  c->tags = u16(l.tags);
  c->numbers = reinterpret_cast<const double*>(base + l.numbers);
  c->id_key = base + l.id_key;
  c->global.resize(h.n_strings);
  for (uint32_t i = 0; i < h.n_strings; ++i) {
    std::string_view str = StringAt(data, l, i);
    auto it = cols.dict_ids.find(std::string(str));
    if (it == cols.dict_ids.end()) {
      it = cols.dict_ids.emplace(std::string(str), static_cast<uint32_t>(cols.dict.size())).first;
      cols.dict.emplace_back(str);
    }
    c->global[i] = it->second;
  }
  if (cols.chunks_.size() <= static_cast<size_t>(chunk)) cols.chunks_.resize(chunk + 1);
  cols.chunks_[static_cast<size_t>(chunk)] = std::move(c);
  return Status::Ok();
}

// The cache file: the chunk blobs as stored, in one file a search maps instead of
// reading them out of the database (a `cecat search` process paid 25-45 ms for that
// read at 157,000 records). Little-endian, as the blobs are:
//   magic "CECATFC1", u32 format, u32 chunk count, i64 generation, u64 XXH3-64 of
//   everything after the header, then per chunk {u32 chunk, u32 0, u64 offset,
//   u64 size}, then the blobs, each at an 8-aligned offset from the file's start.
// It is trusted only when its generation is the database's (a random number each
// fold writes) and its checksum matches; every blob is validated as one read from
// the database would be.
constexpr char kCacheMagic[8] = {'C', 'E', 'C', 'A', 'T', 'F', 'C', '1'};
constexpr uint32_t kCacheFormat = 1;
constexpr size_t kCacheHeaderBytes = 32, kCacheEntryBytes = 24;

struct CacheEntry {
  uint32_t chunk;
  uint32_t zero;
  uint64_t offset;
  uint64_t size;
};

// Null when there is no usable cache (absent, stale, damaged): the caller reads
// the database instead, and rewrites the file.
std::shared_ptr<const FacetColumns> MapCache(const std::filesystem::path& file,
                                             int64_t generation) {
  const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  const bool sized = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
                     static_cast<uint64_t>(st.st_size) >= kCacheHeaderBytes;
  void* mem = MAP_FAILED;
  const size_t bytes = sized ? static_cast<size_t>(st.st_size) : 0;
  // MAP_POPULATE: the page-cache pages are mapped in one call, not faulted in one by
  // one as the search touches them.
  if (sized) mem = mmap(nullptr, bytes, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  close(fd);
  if (mem == MAP_FAILED) return nullptr;
  auto cols = std::make_shared<FacetColumns>();
  cols->buffer = std::unique_ptr<char, FacetColumns::Unmap>(static_cast<char*>(mem),
                                                            FacetColumns::Unmap{bytes});
  const std::string_view all(cols->buffer.get(), bytes);
  uint32_t format = 0, n = 0;
  int64_t gen = 0;
  uint64_t sum = 0;
  std::memcpy(&format, all.data() + 8, 4);
  std::memcpy(&n, all.data() + 12, 4);
  std::memcpy(&gen, all.data() + 16, 8);
  std::memcpy(&sum, all.data() + 24, 8);
  if (std::memcmp(all.data(), kCacheMagic, 8) != 0 || format != kCacheFormat || gen != generation ||
      n > (bytes - kCacheHeaderBytes) / kCacheEntryBytes ||
      Hash64(all.substr(kCacheHeaderBytes)) != sum) {
    return nullptr;
  }
  const std::string where = "facet cache " + file.string();
  for (uint32_t i = 0; i < n; ++i) {
    CacheEntry e{};
    std::memcpy(&e, all.data() + kCacheHeaderBytes + i * kCacheEntryBytes, sizeof e);
    if (e.offset % 8 != 0 || e.offset > bytes || e.size > bytes - e.offset ||
        !AddChunk(*cols, all.substr(e.offset, e.size), e.chunk, n, where).ok()) {
      return nullptr;
    }
  }
  cols->from_cache = true;
  return cols;
}

// Writes the cache beside the database: to a file of this process's own, renamed
// over the old one, so a reader maps either the old file or the new one whole.
// Derived data: a failure (a read-only directory, a full disk) costs the next
// search the read from the database, nothing else, so it is only logged.
void WriteCache(const std::filesystem::path& file, int64_t generation,
                const std::vector<std::pair<int64_t, size_t>>& sizes, std::string_view data) {
  std::string head(kCacheHeaderBytes + sizes.size() * kCacheEntryBytes, '\0');
  const size_t data_at = Align8(head.size());
  head.resize(data_at, '\0');
  size_t at = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    CacheEntry e{static_cast<uint32_t>(sizes[i].first), 0, data_at + at, sizes[i].second};
    std::memcpy(head.data() + kCacheHeaderBytes + i * kCacheEntryBytes, &e, sizeof e);
    at += Align8(sizes[i].second);
  }
  const uint32_t format = kCacheFormat, n = static_cast<uint32_t>(sizes.size());
  std::memcpy(head.data(), kCacheMagic, 8);
  std::memcpy(head.data() + 8, &format, 4);
  std::memcpy(head.data() + 12, &n, 4);
  std::memcpy(head.data() + 16, &generation, 8);
  // The checksum covers the entries and the blobs, as if they were one string.
  XXH3_state_t* state = XXH3_createState();
  if (state == nullptr) return;
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, head.data() + kCacheHeaderBytes, head.size() - kCacheHeaderBytes);
  XXH3_64bits_update(state, data.data(), data.size());
  const uint64_t sum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  std::memcpy(head.data() + 24, &sum, 8);

  // PID and a per-process counter: two indexes of one process (or two threads)
  // writing at once each have their own file, and O_EXCL refuses a leftover.
  static std::atomic<uint64_t> writes{0};
  // A writer killed between writing and renaming left its file behind.
  RemoveDeadWritersFiles(file.parent_path().empty() ? "." : file.parent_path(),
                         file.filename().string() + ".tmp-");
  std::filesystem::path tmp = file;
  tmp += ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(writes.fetch_add(1));
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    spdlog::debug("facet cache {} not written: {}", file.string(), std::strerror(errno));
    return;
  }
  auto put = [fd](std::string_view b) {
    while (!b.empty()) {
      const ssize_t w = write(fd, b.data(), b.size());
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      b.remove_prefix(static_cast<size_t>(w));
    }
    return true;
  };
  const bool ok = put(head) && put(data);
  const bool closed = close(fd) == 0;
  std::error_code ec;
  if (!ok || !closed || (std::filesystem::rename(tmp, file, ec), ec)) {
    spdlog::debug("facet cache {} not written: {}", file.string(),
                  ec ? ec.message() : std::string(std::strerror(errno)));
    std::filesystem::remove(tmp, ec);
  }
}

}  // namespace

std::filesystem::path FacetCacheFile(const std::filesystem::path& db_file) {
  std::filesystem::path p = db_file;
  p += "-facets";
  return p;
}

Result<std::shared_ptr<const FacetColumns>> LoadFacetColumns(Db& db, int64_t generation) {
  const std::filesystem::path cache = FacetCacheFile(db.file());
  const bool file_backed = !db.file().empty() && db.file() != ":memory:";
  if (file_backed) {
    if (auto mapped = MapCache(cache, generation)) return mapped;
  }
  auto cols = std::make_shared<FacetColumns>();
  std::vector<std::pair<int64_t, size_t>> sizes;
  size_t total = 0;
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st, db.Prepare("SELECT chunk, length(data) FROM facet_chunks ORDER BY chunk"));
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      const int64_t chunk = st.Int(0), size = st.Int(1);
      if (chunk < 0 || chunk > 0xFFFFFFFF || size < 0) {
        return Status::Corruption("database " + db.file().string() + ": facet chunk " +
                                  std::to_string(chunk) + " is malformed");
      }
      sizes.emplace_back(chunk, static_cast<size_t>(size));
      total += Align8(static_cast<size_t>(size));
    }
  }
  // One buffer, each blob read straight into it (sqlite3_blob_read: no
  // intermediate copy), 8-aligned so the columns are used in place.
  // Mapped with MAP_POPULATE: the kernel supplies every page in one call instead
  // of a page fault per 4 KiB as the blobs are copied in (measured: the faults were
  // most of a `cecat search` call's load time on a virtual machine).
  const size_t bytes = std::max<size_t>(total, 8);
  void* mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (mem == MAP_FAILED) {
    return Status::IoError("cannot allocate " + std::to_string(bytes) +
                           " bytes for the facet columns");
  }
  cols->buffer = std::unique_ptr<char, FacetColumns::Unmap>(static_cast<char*>(mem),
                                                            FacetColumns::Unmap{bytes});
  const std::string where = "database " + db.file().string();
  size_t at = 0;
  for (const auto& [chunk, size] : sizes) {
    sqlite3_blob* raw = nullptr;
    if (sqlite3_blob_open(db.handle(), "main", "facet_chunks", "data", chunk, 0, &raw) !=
        SQLITE_OK) {
      sqlite3_blob_close(raw);
      return db.Error("reading facet chunk " + std::to_string(chunk));
    }
    std::unique_ptr<sqlite3_blob, int (*)(sqlite3_blob*)> blob(raw, sqlite3_blob_close);
    if (static_cast<size_t>(sqlite3_blob_bytes(blob.get())) != size ||
        sqlite3_blob_read(blob.get(), cols->buffer.get() + at, static_cast<int>(size), 0) !=
            SQLITE_OK) {
      return db.Error("reading facet chunk " + std::to_string(chunk));
    }
    CECAT_RETURN_IF_ERROR(AddChunk(*cols, std::string_view(cols->buffer.get() + at, size), chunk,
                                   sizes.size(), where));
    at += Align8(size);
  }
  if (file_backed) WriteCache(cache, generation, sizes, std::string_view(cols->buffer.get(), at));
  return std::shared_ptr<const FacetColumns>(std::move(cols));
}

}  // namespace cecat::index::detail
