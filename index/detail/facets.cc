#include "index/detail/facets.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>

namespace cecat::index::detail {
namespace {

// Chunk blob, little-endian: u32 format version; u32 dictionary size, then each
// entry as u16 length + bytes; u32 row count, then per row in rid order: u32 rid,
// u8 flags (1 removed, 2 free), u32 type, format, deadline (dictionary indexes,
// kNoValue for NULL), f64 price, hours, rating (NaN for NULL), u32 document
// tokens, u16 id length + bytes, u16 tag count + u32 dictionary index each.
constexpr uint32_t kChunkFormat = 1;

class Writer {
 public:
  template <typename T>
  void Put(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out_.append(b, sizeof(T));
  }
  void PutBytes(std::string_view s) {
    Put(static_cast<uint16_t>(s.size()));
    out_.append(s);
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  bool Get(T& v) {
    if (in_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(&v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool GetBytes(std::string_view& s) {
    uint16_t n = 0;
    if (!Get(n) || in_.size() - pos_ < n) return false;
    s = in_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

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
    int n = 0;
    for (; i < sz.size() && n < 9; ++n) {
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

struct Row {
  int64_t rid = 0;
  uint8_t flags = 0;
  uint32_t type = kNoValue, format = kNoValue, deadline = kNoValue;
  double price = 0, hours = 0, rating = 0;
  uint32_t doc_tokens = 0;
  std::string id;
  std::vector<uint32_t> tags;
};

Result<std::optional<std::string>> BuildChunk(Db& db, int64_t chunk) {
  const int64_t lo = chunk << kFacetChunkShift, hi = lo + (int64_t{1} << kFacetChunkShift) - 1;
  std::vector<std::string> dict;
  std::unordered_map<std::string, uint32_t> ids;
  auto intern = [&](std::string_view kind, std::string_view value) {
    std::string key = DictKey(kind, value);
    auto [it, added] = ids.try_emplace(key, static_cast<uint32_t>(dict.size()));
    if (added) dict.push_back(std::move(key));
    return it->second;
  };
  std::vector<Row> rows;
  std::unordered_map<int64_t, size_t> by_rid;
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare(
            "SELECT rid, id, type, status = 'removed', free, format, deadline, price, hours, "
            "rating FROM records WHERE rid BETWEEN ? AND ? ORDER BY rid"));
    st.Bind(1, lo).Bind(2, hi);
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      Row r;
      r.rid = st.Int(0);
      r.id = st.Text(1);
      r.type = intern("type", st.View(2));
      r.flags = static_cast<uint8_t>((st.Int(3) != 0 ? 1 : 0) | (st.Int(4) != 0 ? 2 : 0));
      if (!st.IsNull(5)) r.format = intern("format", st.View(5));
      if (!st.IsNull(6)) r.deadline = intern("deadline", st.View(6));
      r.price = OrNaN(st, 7);
      r.hours = OrNaN(st, 8);
      r.rating = OrNaN(st, 9);
      by_rid.emplace(r.rid, rows.size());
      rows.push_back(std::move(r));
    }
  }
  if (rows.empty()) return std::optional<std::string>();
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("SELECT rid, kind, value FROM record_tags WHERE rid BETWEEN ? AND ?"));
    st.Bind(1, lo).Bind(2, hi);
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      auto it = by_rid.find(st.Int(0));
      if (it == by_rid.end()) continue;
      rows[it->second].tags.push_back(intern(st.View(1), st.View(2)));
    }
  }
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("SELECT id, sz FROM records_fts_docsize WHERE id BETWEEN ? AND ?"));
    st.Bind(1, lo).Bind(2, hi);
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      auto it = by_rid.find(st.Int(0));
      if (it != by_rid.end()) rows[it->second].doc_tokens = SumVarints(st.View(1));
    }
  }
  Writer w;
  w.Put(kChunkFormat);
  w.Put(static_cast<uint32_t>(dict.size()));
  for (const std::string& d : dict) w.PutBytes(d);
  w.Put(static_cast<uint32_t>(rows.size()));
  for (Row& r : rows) {
    std::sort(r.tags.begin(), r.tags.end());
    w.Put(static_cast<uint32_t>(r.rid));
    w.Put(r.flags);
    w.Put(r.type);
    w.Put(r.format);
    w.Put(r.deadline);
    w.Put(r.price);
    w.Put(r.hours);
    w.Put(r.rating);
    w.Put(r.doc_tokens);
    // Ids and tag lists are far below 64 KiB (SPEC.md ids; a handful of tags);
    // a longer one would not fit the u16 and is refused rather than cut.
    if (r.id.size() > 0xFFFF || r.tags.size() > 0xFFFF) {
      return Status::InvalidArgument("record row " + std::to_string(r.rid) +
                                     ": id or tag list too long for the facet columns");
    }
    w.PutBytes(r.id);
    w.Put(static_cast<uint16_t>(r.tags.size()));
    for (uint32_t t : r.tags) w.Put(t);
  }
  return std::optional<std::string>(std::move(w.out()));
}

}  // namespace

uint32_t FacetColumns::Lookup(std::string_view kind, std::string_view value) const {
  auto it = dict_ids.find(DictKey(kind, value));
  return it == dict_ids.end() ? kNoValue : it->second;
}

Status FoldFacetChanges(Db& db) {
  std::set<int64_t> chunks;
  {
    CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT rid FROM facet_dirty"));
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      chunks.insert(st.Int(0) >> kFacetChunkShift);
    }
  }
  if (chunks.empty()) return Status::Ok();
  for (int64_t chunk : chunks) {
    CECAT_ASSIGN_OR_RETURN(std::optional<std::string> blob, BuildChunk(db, chunk));
    if (blob) {
      CECAT_ASSIGN_OR_RETURN(
          Statement st,
          db.Prepare("INSERT OR REPLACE INTO facet_chunks(chunk, data) VALUES(?, ?)"));
      CECAT_RETURN_IF_ERROR(st.Bind(1, chunk).BindBlob(2, *blob).Run());
    } else {
      CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare("DELETE FROM facet_chunks WHERE chunk = ?"));
      CECAT_RETURN_IF_ERROR(st.Bind(1, chunk).Run());
    }
  }
  CECAT_RETURN_IF_ERROR(db.Exec("DELETE FROM facet_dirty"));
  return db.Exec("UPDATE meta SET value = value + 1 WHERE key = 'facet_generation'");
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

Result<std::shared_ptr<const FacetColumns>> LoadFacetColumns(Db& db) {
  auto cols = std::make_shared<FacetColumns>();
  {
    CECAT_ASSIGN_OR_RETURN(Statement st,
                           db.Prepare("SELECT data FROM facet_chunks ORDER BY chunk"));
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      cols->blobs.emplace_back(st.View(0));
    }
  }
  auto corrupt = [&](size_t i) {
    return Status::Corruption("database " + db.file().string() + ": facet chunk " +
                              std::to_string(i) + " is malformed");
  };
  // Rows arrive in rid order (chunks in order, rows sorted within), so the CSR
  // tag lists are appended as they come.
  auto grow = [&](size_t n) {
    if (cols->present.size() >= n) return;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    cols->present.resize(n, 0);
    cols->removed.resize(n, 0);
    cols->free.resize(n, 0);
    cols->type.resize(n, kNoValue);
    cols->format.resize(n, kNoValue);
    cols->deadline.resize(n, kNoValue);
    cols->doc_tokens.resize(n, 0);
    cols->price.resize(n, nan);
    cols->hours.resize(n, nan);
    cols->rating.resize(n, nan);
    cols->id.resize(n);
    cols->tag_begin.resize(n + 1, static_cast<uint32_t>(cols->tags.size()));
  };
  std::vector<uint32_t> remap;
  size_t last_rid = 0;
  for (size_t i = 0; i < cols->blobs.size(); ++i) {
    Reader r(cols->blobs[i]);
    uint32_t format = 0, ndict = 0, nrows = 0;
    if (!r.Get(format) || format != kChunkFormat || !r.Get(ndict)) return corrupt(i);
    remap.assign(ndict, kNoValue);
    for (uint32_t d = 0; d < ndict; ++d) {
      std::string_view key;
      if (!r.GetBytes(key)) return corrupt(i);
      auto [it, added] =
          cols->dict_ids.try_emplace(std::string(key), static_cast<uint32_t>(cols->dict.size()));
      if (added) cols->dict.emplace_back(key);
      remap[d] = it->second;
    }
    auto map = [&](uint32_t v, uint32_t& out) {
      if (v == kNoValue) {
        out = kNoValue;
        return true;
      }
      if (v >= remap.size()) return false;
      out = remap[v];
      return true;
    };
    if (!r.Get(nrows)) return corrupt(i);
    for (uint32_t n = 0; n < nrows; ++n) {
      uint32_t rid = 0, type = 0, fmt = 0, deadline = 0, tokens = 0;
      uint8_t flags = 0;
      double price = 0, hours = 0, rating = 0;
      std::string_view id;
      uint16_t ntags = 0;
      if (!r.Get(rid) || !r.Get(flags) || !r.Get(type) || !r.Get(fmt) || !r.Get(deadline) ||
          !r.Get(price) || !r.Get(hours) || !r.Get(rating) || !r.Get(tokens) || !r.GetBytes(id) ||
          !r.Get(ntags)) {
        return corrupt(i);
      }
      if ((rid <= last_rid && last_rid != 0) || rid == 0) return corrupt(i);
      last_rid = rid;
      grow(static_cast<size_t>(rid) + 1);
      cols->tag_begin.resize(rid + 2, static_cast<uint32_t>(cols->tags.size()));
      cols->present[rid] = 1;
      cols->removed[rid] = (flags & 1) != 0;
      cols->free[rid] = (flags & 2) != 0;
      if (!map(type, cols->type[rid]) || !map(fmt, cols->format[rid]) ||
          !map(deadline, cols->deadline[rid])) {
        return corrupt(i);
      }
      cols->price[rid] = price;
      cols->hours[rid] = hours;
      cols->rating[rid] = rating;
      cols->doc_tokens[rid] = tokens;
      cols->id[rid] = id;
      for (uint16_t t = 0; t < ntags; ++t) {
        uint32_t tag = 0, mapped = 0;
        if (!r.Get(tag) || tag == kNoValue || !map(tag, mapped)) return corrupt(i);
        cols->tags.push_back(mapped);
      }
      cols->tag_begin[rid + 1] = static_cast<uint32_t>(cols->tags.size());
    }
    if (!r.done()) return corrupt(i);
  }
  return std::shared_ptr<const FacetColumns>(std::move(cols));
}

}  // namespace cecat::index::detail
