#include "index/detail/match_scan.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "common/ascii.h"

namespace cecat::index::detail {
namespace {

constexpr const char* kStateType = "cecat_match_scan";
// bm25() column weights, in FTS column order (title, description, presenters,
// provider, topics): search.cc's kRank, which the SQL path passes to bm25().
constexpr double kWeights[] = {10.0, 1.0, 3.0, 3.0, 2.0};

// A search's filters, resolved against the facet dictionary once per query.
struct Filter {
  bool none = false;  // a value the index never holds: nothing can match
  uint32_t type = kNoValue, format = kNoValue;
  bool free_only = false;
  std::optional<double> max_price, min_hours, max_hours, min_rating;
  std::vector<uint8_t> deadline_ok;  // by dictionary id; empty: no deadline filter
  std::vector<uint32_t> tags;        // all required
};

Filter Compile(const FacetColumns& cols, const SearchQuery& q) {
  Filter f;
  auto need = [&](std::string_view kind, const std::string& value, uint32_t& out) {
    out = cols.Lookup(kind, value);
    if (out == kNoValue) f.none = true;
  };
  need("type", std::string(RecordTypeName(q.type)), f.type);
  if (q.format) need("format", *q.format, f.format);
  f.free_only = q.free_only;
  f.max_price = q.max_price;
  f.min_hours = q.min_hours;
  f.max_hours = q.max_hours;
  f.min_rating = q.min_rating;
  if (q.deadline_after) {
    // SQLite compares TEXT with memcmp (BINARY); std::string's compare does too.
    const std::string prefix = DictKey("deadline", "");
    f.deadline_ok.assign(cols.dict.size(), 0);
    for (size_t i = 0; i < cols.dict.size(); ++i) {
      const std::string& d = cols.dict[i];
      if (d.compare(0, prefix.size(), prefix) == 0 &&
          std::string_view(d).substr(prefix.size()) >= std::string_view(*q.deadline_after)) {
        f.deadline_ok[i] = 1;
      }
    }
  }
  auto tag = [&](const char* kind, const std::string& value) {
    uint32_t id = kNoValue;
    need(kind, value, id);
    f.tags.push_back(id);
  };
  if (q.approved_by) tag("approval", Upper(*q.approved_by));
  if (q.audience) tag("audience", Lower(*q.audience));
  if (q.state) tag("state", Upper(*q.state));
  if (q.topic) tag("topic", Lower(*q.topic));
  return f;
}

class Scan {
 public:
  Scan(Db& db, const FacetColumns& cols, const SearchQuery& q, int64_t limit)
      : db_(db), cols_(cols), filter_(Compile(cols, q)), limit_(static_cast<size_t>(limit)) {
    // Which facet each dictionary value counts toward (format and three tag kinds).
    slot_.assign(cols.dict.size(), -1);
    for (size_t i = 0; i < cols.dict.size(); ++i) {
      for (int k = 0; k < 4; ++k) {
        const std::string prefix = DictKey(kFacetKinds[k], "");
        if (cols.dict[i].compare(0, prefix.size(), prefix) == 0) slot_[i] = k;
      }
    }
    counts_.assign(cols.dict.size(), 0);
  }

  bool nothing() const { return filter_.none; }

  bool Keep(int64_t rid) const {
    const FacetChunk* c = cols_.ChunkOf(rid);
    if (c == nullptr) return false;
    const uint32_t i = static_cast<uint32_t>(rid) & (kFacetChunkRows - 1);
    const uint8_t flags = c->flags[i];
    if ((flags & FacetChunk::kPresent) == 0 || (flags & FacetChunk::kRemoved) != 0) return false;
    if (FacetString(*c, c->type, i) != filter_.type) return false;
    if (filter_.free_only && (flags & FacetChunk::kFree) == 0) return false;
    // NaN (NULL) fails every comparison, as NULL does in SQL.
    if (filter_.max_price && !(FacetNumber(*c, c->price, i) <= *filter_.max_price)) return false;
    if (filter_.min_hours && !(FacetNumber(*c, c->hours, i) >= *filter_.min_hours)) return false;
    if (filter_.max_hours && !(FacetNumber(*c, c->hours, i) <= *filter_.max_hours)) return false;
    if (filter_.min_rating && !(FacetNumber(*c, c->rating, i) >= *filter_.min_rating)) return false;
    if (filter_.format != kNoValue && FacetString(*c, c->format, i) != filter_.format) return false;
    if (!filter_.deadline_ok.empty()) {
      const uint32_t d = FacetString(*c, c->deadline, i);
      if (d == kNoValue || !filter_.deadline_ok[d]) return false;
    }
    for (uint32_t want : filter_.tags) {
      bool found = false;
      for (uint32_t t = c->tag_begin[i]; t < c->tag_begin[i + 1] && !found; ++t) {
        found = c->global[c->tags[t]] == want;
      }
      if (!found) return false;
    }
    return true;
  }

  void Add(int64_t rid, double bm25) {
    const FacetChunk* c = cols_.ChunkOf(rid);
    const uint32_t i = static_cast<uint32_t>(rid) & (kFacetChunkRows - 1);
    ++total_;
    if (const uint32_t f = FacetString(*c, c->format, i); f != kNoValue) ++counts_[f];
    for (uint32_t t = c->tag_begin[i]; t < c->tag_begin[i + 1]; ++t)
      ++counts_[c->global[c->tags[t]]];
    if (limit_ == 0) return;
    ScanHit hit{rid, bm25};
    auto better = [this](const ScanHit& a, const ScanHit& b) { return Better(a, b); };
    if (heap_.size() < limit_) {
      heap_.push_back(hit);
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else if (Better(hit, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = hit;
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
  }

  Result<ScanResult> Finish() {
    ScanResult out;
    out.total = total_;
    std::sort(heap_.begin(), heap_.end(),
              [this](const ScanHit& a, const ScanHit& b) { return Better(a, b); });
    if (!error_.ok()) return error_;
    out.top = std::move(heap_);
    out.facets = {{"format", Json::object()},
                  {"approval", Json::object()},
                  {"audience", Json::object()},
                  {"topic", Json::object()}};
    for (size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i] == 0 || slot_[i] < 0) continue;
      const std::string& d = cols_.dict[i];
      out.facets[kFacetKinds[slot_[i]]][d.substr(d.find('\x1f') + 1)] = counts_[i];
    }
    return out;
  }

  // bm25 scoring state, computed on the first kept row as bm25() does on its first.
  bool idf_ready = false;
  std::vector<double> idf, freq;
  double avgdl = 0;
  uint32_t DocTokens(int64_t rid) const {
    const FacetChunk* c = cols_.ChunkOf(rid);
    return c->doc_tokens[static_cast<uint32_t>(rid) & (kFacetChunkRows - 1)];
  }

 private:
  static constexpr const char* kFacetKinds[] = {"format", "approval", "audience", "topic"};

  // ORDER BY bm25, rating DESC NULLS LAST, id.
  bool Better(const ScanHit& a, const ScanHit& b) {
    if (a.bm25 != b.bm25) return a.bm25 < b.bm25;
    const FacetChunk* ca = cols_.ChunkOf(a.rid);
    const FacetChunk* cb = cols_.ChunkOf(b.rid);
    const uint32_t ia = static_cast<uint32_t>(a.rid) & (kFacetChunkRows - 1);
    const uint32_t ib = static_cast<uint32_t>(b.rid) & (kFacetChunkRows - 1);
    const double ra = FacetNumber(*ca, ca->rating, ia);
    const double rb = FacetNumber(*cb, cb->rating, ib);
    const bool na = std::isnan(ra), nb = std::isnan(rb);
    if (na != nb) return nb;
    if (!na && ra != rb) return ra > rb;
    const int key =
        std::memcmp(ca->id_key + ia * kIdKeyBytes, cb->id_key + ib * kIdKeyBytes, kIdKeyBytes);
    if (key != 0 || a.rid == b.rid) return key < 0;
    // The same first 16 bytes: only the full ids decide (rare with cecat's ids).
    return FullId(a.rid) < FullId(b.rid);
  }

  const std::string& FullId(int64_t rid) {
    auto [it, added] = ids_.try_emplace(rid);
    if (!added) return it->second;
    Result<Statement> st = db_.Prepare("SELECT id FROM records WHERE rid = ?");
    if (!st.ok()) {
      error_ = st.status();
      return it->second;
    }
    st->Bind(1, rid);
    Result<bool> row = st->Step();
    if (!row.ok()) {
      error_ = row.status();
    } else if (*row) {
      it->second = st->Text(0);
    }
    return it->second;
  }

  Db& db_;
  const FacetColumns& cols_;
  Filter filter_;
  size_t limit_;
  int64_t total_ = 0;
  std::vector<int64_t> counts_;
  std::vector<int> slot_;
  std::vector<ScanHit> heap_;
  std::unordered_map<int64_t, std::string> ids_;
  Status error_;
};

int CountRow(const Fts5ExtensionApi*, Fts5Context*, void* user) {
  ++*static_cast<int64_t*>(user);
  return SQLITE_OK;
}

// FTS5's bm25 (ext/fts5/fts5_aux.c): IDF per phrase from the rows containing it,
// k1 = 1.2, b = 0.75, phrase frequencies weighted by column, the result negated.
// Written in the same order of operations, so the doubles are the same.
int InitIdf(const Fts5ExtensionApi* api, Fts5Context* fts, Scan& s) {
  const int n_phrase = api->xPhraseCount(fts);
  sqlite3_int64 n_row = 0, n_token = 0;
  int rc = api->xRowCount(fts, &n_row);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &n_token);
  if (rc != SQLITE_OK) return rc;
  s.avgdl = static_cast<double>(n_token) / static_cast<double>(n_row);
  s.idf.assign(static_cast<size_t>(n_phrase), 0.0);
  s.freq.assign(static_cast<size_t>(n_phrase), 0.0);
  for (int i = 0; i < n_phrase; ++i) {
    int64_t n_hit = 0;
    rc = api->xQueryPhrase(fts, i, &n_hit, CountRow);
    if (rc != SQLITE_OK) return rc;
    double idf = log((n_row - n_hit + 0.5) / (n_hit + 0.5));
    if (idf <= 0.0) idf = 1e-6;
    s.idf[static_cast<size_t>(i)] = idf;
  }
  s.idf_ready = true;
  return SQLITE_OK;
}

void ScanFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_val,
                  sqlite3_value** val) {
  auto* s = n_val >= 1 ? static_cast<Scan*>(sqlite3_value_pointer(val[0], kStateType)) : nullptr;
  if (s == nullptr) {
    sqlite3_result_error(ctx, "cecat_scan: no scan state bound", -1);
    return;
  }
  const int64_t rid = api->xRowid(fts);
  if (!s->Keep(rid)) return;
  int rc = s->idf_ready ? SQLITE_OK : InitIdf(api, fts, *s);
  const double k1 = 1.2;
  const double b = 0.75;
  std::fill(s->freq.begin(), s->freq.end(), 0.0);
  int n_inst = 0;
  if (rc == SQLITE_OK) rc = api->xInstCount(fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; ++i) {
    int ip = 0, ic = 0, io = 0;
    rc = api->xInst(fts, i, &ip, &ic, &io);
    if (rc == SQLITE_OK) {
      const double w = ic >= 0 && ic < 5 ? kWeights[ic] : 1.0;
      s->freq[static_cast<size_t>(ip)] += w;
    }
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const double D = static_cast<double>(s->DocTokens(rid));
  double score = 0.0;
  for (size_t i = 0; i < s->idf.size(); ++i) {
    score +=
        s->idf[i] * ((s->freq[i] * (k1 + 1.0)) / (s->freq[i] + k1 * (1 - b + b * D / s->avgdl)));
  }
  s->Add(rid, -1.0 * score);
}

}  // namespace

Status RegisterMatchScan(Db& db) {
  // https://sqlite.org/fts5.html#extending_fts5: the fts5_api pointer comes from
  // "SELECT fts5(?1)" with a pointer bound as "fts5_api_ptr".
  fts5_api* api = nullptr;
  {
    CECAT_ASSIGN_OR_RETURN(Statement st, db.PrepareUncached("SELECT fts5(?1)"));
    st.BindPointer(1, static_cast<void*>(&api), "fts5_api_ptr");
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    (void)row;
  }
  if (api == nullptr || api->iVersion < 2) {
    return Status::Internal("this SQLite's FTS5 offers no extension API (fts5_api)");
  }
  if (api->xCreateFunction(api, "cecat_scan", nullptr, ScanFunction, nullptr) != SQLITE_OK) {
    return db.Error("registering cecat_scan with FTS5");
  }
  return Status::Ok();
}

Result<ScanResult> RunMatchScan(Db& db, const FacetColumns& cols, const SearchQuery& q,
                                const std::string& fts_match, int64_t limit) {
  Scan scan(db, cols, q, limit);
  if (scan.nothing()) return scan.Finish();
  if (fts_match.empty()) {
    for (size_t rid = 0; rid < cols.rid_end(); ++rid) {
      if (scan.Keep(static_cast<int64_t>(rid))) scan.Add(static_cast<int64_t>(rid), 0.0);
    }
    return scan.Finish();
  }
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("SELECT cecat_scan(records_fts, ?2) FROM records_fts WHERE records_fts MATCH ?1"));
  st.Bind(1, fts_match).BindPointer(2, &scan, kStateType);
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
  }
  return scan.Finish();
}

}  // namespace cecat::index::detail
