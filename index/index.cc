// Opening the index, raw responses, runs and source state.
#include "index/index.h"

#include <zlib.h>

#include <optional>
#include <string_view>
#include <vector>

#include "common/time_format.h"
#include "index/detail/impl.h"
#include "index/detail/record_doc.h"
#include "index/detail/schema.h"

namespace cecat::index {

using detail::Db;
using detail::Dump;
using detail::ParseStored;
using detail::Statement;

namespace {

// Long enough for a search to wait out a refresh's commit; a refresh holding the
// write lock for longer than this is reported as busy.
constexpr int kBusyTimeoutMs = 10000;

Result<std::string> Compress(const std::string& raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(size, '\0');
  int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                     reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                     // Fastest level: HTML still shrinks about 4x, and the refresh
                     // compresses every changed page.
                     Z_BEST_SPEED);
  if (rc != Z_OK) return Status::Internal("zlib compress failed: " + std::to_string(rc));
  out.resize(size);
  return out;
}

// `data` is a zlib stream (bodies compressed by cecat) or a gzip one (bodies stored
// as the server sent them, StoredResponse::compressed_body, schema version 11):
// inflate tells them apart by their headers.
Result<std::string> Decompress(const std::string& data, int64_t size, const std::string& url) {
  if (size < 0 || size > (int64_t{1} << 31))
    return Status::Corruption("stored body of " + url + " has size " + std::to_string(size));
  std::string out(static_cast<size_t>(size), '\0');
  z_stream z{};
  if (inflateInit2(&z, MAX_WBITS + 32) != Z_OK)
    return Status::Internal("zlib inflateInit2 failed reading the stored body of " + url);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  const bool whole = rc == Z_STREAM_END && z.total_out == static_cast<uLong>(size);
  inflateEnd(&z);
  if (!whole) return Status::Corruption("stored body of " + url + " does not decompress");
  return out;
}

// The strings of a stored JSON array (a response's links), read with
// nlohmann's SAX interface straight into the vector: building the JSON value
// first and copying its strings out was a third of a validator lookup, the
// crawl's per-URL cost on an unchanged re-crawl (issue 25). What is not a
// top-level array, or does not parse, is no list; other elements are skipped.
class StringListSax : public nlohmann::json_sax<Json> {
 public:
  explicit StringListSax(std::vector<std::string>* out) : out_(out) {}
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t& s) override {
    if (depth_ == 1 && top_is_array_) out_->push_back(std::move(s));
    return true;
  }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Open(false); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(true); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    out_->clear();
    return false;
  }

 private:
  bool Open(bool array) {
    if (depth_++ == 0) top_is_array_ = array;
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }

  std::vector<std::string>* out_;
  int depth_ = 0;
  bool top_is_array_ = false;
};

// What cecat itself writes, `["a","b"]` of printable ASCII without escapes, read
// by a scan; nullopt for anything else, which the SAX parser reads. The lexer
// was still 10k instructions for a page's one or two links.
std::optional<std::vector<std::string>> PlainStringList(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  auto at = [&](char c) { return i < text.size() && text[i] == c; };
  if (!at('[')) return std::nullopt;
  ++i;
  if (at(']')) return i + 1 == text.size() ? std::optional(std::move(out)) : std::nullopt;
  for (;;) {
    if (!at('"')) return std::nullopt;
    const size_t start = ++i;
    while (i < text.size() && text[i] != '"') {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c < 0x20 || c > 0x7E || c == '\\') return std::nullopt;
      ++i;
    }
    if (!at('"')) return std::nullopt;
    out.emplace_back(text.substr(start, i - start));
    ++i;
    if (at(']')) return i + 1 == text.size() ? std::optional(std::move(out)) : std::nullopt;
    if (!at(',')) return std::nullopt;
    ++i;
  }
}

std::vector<std::string> StoredStringList(const std::string& text) {
  if (std::optional<std::vector<std::string>> plain = PlainStringList(text)) return *plain;
  std::vector<std::string> out;
  StringListSax sax(&out);
  if (!Json::sax_parse(text, &sax)) out.clear();
  return out;
}

constexpr const char* kResponseColumns =
    "r.source_id, r.url, r.final_url, r.status, r.content_type, r.charset, r.etag, "
    "r.last_modified, r.links, r.fetched_at, r.in_crawl, r.pending_run, b.size, b.data";

// The same columns of `responses` alone, body excluded: what GetResponse without
// the body and ForEachResponseMeta read (ReadResponseMeta's order).
constexpr const char* kResponseMetaColumns =
    "source_id, url, final_url, status, content_type, charset, etag, last_modified, links, "
    "fetched_at, in_crawl, pending_run";

// The columns kResponseColumns starts with, body excluded.
StoredResponse ReadResponseMeta(const Statement& st) {
  StoredResponse r;
  r.source_id = st.Text(0);
  r.url = st.Text(1);
  r.final_url = st.Text(2);
  r.status = static_cast<int>(st.Int(3));
  r.content_type = st.Text(4);
  r.charset = st.Text(5);
  r.etag = st.Text(6);
  r.last_modified = st.Text(7);
  r.links = StoredStringList(st.Text(8));
  r.fetched_at = st.Int(9);
  r.in_crawl = st.Int(10) != 0;
  if (!st.IsNull(11)) r.pending_run = st.Int(11);
  return r;
}

Result<StoredResponse> ReadResponse(const Statement& st) {
  StoredResponse r = ReadResponseMeta(st);
  CECAT_ASSIGN_OR_RETURN(std::string body, Decompress(st.Text(13), st.Int(12), r.url));
  r.body = std::move(body);
  return r;
}

}  // namespace

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::~Index() = default;

Status Index::CheckFile(const std::filesystem::path& file) { return detail::CheckSqliteFile(file); }

Result<std::unique_ptr<Index>> Index::Open(const std::filesystem::path& file, bool read_only) {
  if (read_only) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
      return Status::NotFound("database " + file.string() + " does not exist");
  }
  CECAT_RETURN_IF_ERROR(detail::CheckSqliteFile(file));
  CECAT_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(file, read_only, kBusyTimeoutMs));
  CECAT_RETURN_IF_ERROR(detail::Migrate(*db, kSchemaVersion));
  // Every write transaction folds its changes into the facet columns before it
  // commits, so the stored columns always describe the committed records.
  if (!read_only) db->SetBeforeCommit(detail::FoldFacetChanges);
  return std::unique_ptr<Index>(new Index(std::make_unique<Impl>(std::move(db))));
}

Status Index::SetCacheBytes(int64_t bytes) {
  // A negative cache_size is in KiB.
  int64_t kib = std::max<int64_t>(1, bytes / 1024);
  return impl_->db().Exec("PRAGMA cache_size=-" + std::to_string(kib));
}

Status Index::DisableMmap() { return impl_->db().Exec("PRAGMA mmap_size=0"); }

Status Index::BeginReadSnapshot() { return impl_->db().Exec("BEGIN"); }

Status Index::EndReadSnapshot() { return impl_->db().Exec("COMMIT"); }

// Kept in meta under "feed." keys, beside the cursor they describe.
Result<std::map<std::string, int64_t>> Index::FeedNotes() {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare("SELECT substr(key, 6), value FROM meta WHERE key LIKE 'feed.%'"));
  std::map<std::string, int64_t> out;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out[st.Text(0)] = st.Int(1);
  }
}

Status Index::SetFeedNotes(const std::map<std::string, int64_t>& notes) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::Transaction tx, detail::Transaction::Begin(db));
  CECAT_RETURN_IF_ERROR(db.Exec("DELETE FROM meta WHERE key LIKE 'feed.%'"));
  for (const auto& [name, value] : notes) {
    CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare("INSERT INTO meta(key, value) VALUES(?, ?)"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, "feed." + name).Bind(2, value).Run());
  }
  return tx.Commit();
}

Result<std::optional<StoredResponse>> Index::GetResponse(const std::string& url, bool with_body) {
  if (!with_body) {
    CECAT_ASSIGN_OR_RETURN(Statement st,
                           impl_->db().Prepare(std::string("SELECT ") + kResponseMetaColumns +
                                               " FROM responses WHERE url = ?"));
    st.Bind(1, url);
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return std::optional<StoredResponse>();
    return std::optional<StoredResponse>(ReadResponseMeta(st));
  }
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         impl_->db().Prepare(std::string("SELECT ") + kResponseColumns +
                                             " FROM responses r JOIN bodies b ON b.hash = "
                                             "r.body_hash WHERE r.url = ?"));
  st.Bind(1, url);
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<StoredResponse>();
  CECAT_ASSIGN_OR_RETURN(StoredResponse r, ReadResponse(st));
  return std::optional<StoredResponse>(std::move(r));
}

Result<PreparedResponse> PrepareResponse(StoredResponse r) {
  PreparedResponse p;
  p.body_hash = Hash128Hex(r.body);
  p.body_size = static_cast<int64_t>(r.body.size());
  if (!r.compressed_body.empty()) {
    p.packed = std::move(r.compressed_body);
  } else {
    CECAT_ASSIGN_OR_RETURN(std::string packed, Compress(r.body));
    p.packed = std::move(packed);
  }
  std::string().swap(r.body);
  std::string().swap(r.compressed_body);
  p.response = std::move(r);
  return p;
}

namespace {

// One response's rows; the caller holds the transaction.
Status PutPrepared(Db& db, const PreparedResponse& p) {
  const StoredResponse& r = p.response;
  const std::string& hash = p.body_hash;
  std::string old_hash;
  {
    CECAT_ASSIGN_OR_RETURN(Statement st,
                           db.Prepare("SELECT body_hash FROM responses WHERE url = ?"));
    st.Bind(1, r.url);
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (row) old_hash = st.Text(0);
  }
  if (old_hash != hash) {
    CECAT_ASSIGN_OR_RETURN(
        Statement st, db.Prepare("INSERT OR IGNORE INTO bodies(hash, size, data) VALUES(?, ?, ?)"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, hash).Bind(2, p.body_size).BindBlob(3, p.packed).Run());
  }
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare(
            "INSERT INTO responses(url, source_id, final_url, status, content_type, charset, etag, "
            "last_modified, body_hash, links, fetched_at, pending_run) "
            "VALUES(?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(url) DO UPDATE SET source_id = excluded.source_id, final_url = "
            "excluded.final_url, status = excluded.status, content_type = excluded.content_type, "
            "charset = excluded.charset, etag = excluded.etag, last_modified = "
            "excluded.last_modified, body_hash = excluded.body_hash, links = excluded.links, "
            "fetched_at = excluded.fetched_at, pending_run = excluded.pending_run"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, r.url)
                              .Bind(2, r.source_id)
                              .Bind(3, r.final_url)
                              .Bind(4, r.status)
                              .Bind(5, r.content_type)
                              .Bind(6, r.charset)
                              .Bind(7, r.etag)
                              .Bind(8, r.last_modified)
                              .Bind(9, hash)
                              .Bind(10, Dump(Json(r.links)))
                              .Bind(11, r.fetched_at)
                              .Bind(12, r.pending_run)
                              .Run());
  }
  if (!old_hash.empty() && old_hash != hash) {
    // The previous body, unless another page shares it.
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare(
            "DELETE FROM bodies WHERE hash = ?1 AND NOT EXISTS (SELECT 1 FROM responses WHERE "
            "body_hash = ?1)"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, old_hash).Run());
  }
  return Status::Ok();
}

}  // namespace

Status Index::PutResponse(const StoredResponse& r) {
  CECAT_ASSIGN_OR_RETURN(PreparedResponse p, PrepareResponse(r));
  return WriteResponses({std::move(p)});
}

Status Index::WriteResponses(const std::vector<PreparedResponse>& puts) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::Transaction tx, detail::Transaction::Begin(db));
  for (const PreparedResponse& p : puts) {
    Status st = PutPrepared(db, p);
    if (!st.ok()) return st.WithContext("storing " + p.response.url);
    // Noted before the commit: a rolled-back note only costs the apply a scan.
    if (p.response.pending_run) impl_->pending_sources.insert(p.response.source_id);
  }
  return tx.Commit();
}

Status Index::TouchResponse(const std::string& url, int64_t fetched_at) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         db.Prepare("UPDATE responses SET fetched_at = ? WHERE url = ?"));
  CECAT_RETURN_IF_ERROR(st.Bind(1, fetched_at).Bind(2, url).Run());
  if (db.Changes() == 0) return Status::NotFound("no stored response for " + url);
  return Status::Ok();
}

Status Index::ForEachResponse(const std::string& source_id,
                              const std::function<void(const StoredResponse&)>& fn) {
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         impl_->db().Prepare(std::string("SELECT ") + kResponseColumns +
                                             " FROM responses r JOIN bodies b ON b.hash = "
                                             "r.body_hash WHERE r.source_id = ? ORDER BY r.url"));
  st.Bind(1, source_id);
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    CECAT_ASSIGN_OR_RETURN(StoredResponse r, ReadResponse(st));
    fn(r);
  }
}

Status Index::ForEachResponseMeta(const std::string& source_id,
                                  const std::function<bool(StoredResponse&&)>& fn) {
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         impl_->db().Prepare(std::string("SELECT ") + kResponseMetaColumns +
                                             " FROM responses WHERE source_id = ?"));
  st.Bind(1, source_id);
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    if (!fn(ReadResponseMeta(st))) return Status::Ok();
  }
}

Result<int64_t> Index::Cursor() {
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         impl_->db().Prepare("SELECT value FROM meta WHERE key = 'cursor'"));
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : int64_t{0};
}

Result<int64_t> Index::BeginRun(const std::string& command, int64_t now_unix) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         db.Prepare("INSERT INTO runs(command, started_at) VALUES(?, ?)"));
  CECAT_RETURN_IF_ERROR(st.Bind(1, command).Bind(2, now_unix).Run());
  return db.LastInsertRowid();
}

Status Index::RecordSourceRun(int64_t run_id, const std::string& source_id, const Json& report) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare(
          "INSERT OR REPLACE INTO source_runs(run_id, source_id, report) VALUES(?, ?, ?)"));
  return st.Bind(1, run_id).Bind(2, source_id).Bind(3, Dump(report)).Run();
}

Status Index::FinishRun(int64_t run_id, const std::string& status, int64_t now_unix) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         db.Prepare("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?"));
  CECAT_RETURN_IF_ERROR(st.Bind(1, status).Bind(2, now_unix).Bind(3, run_id).Run());
  if (db.Changes() == 0) return Status::NotFound("no run " + std::to_string(run_id));
  return Status::Ok();
}

Result<int> Index::MarkKilledRuns() {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         db.Prepare("UPDATE runs SET status = 'killed' WHERE status = 'running'"));
  CECAT_RETURN_IF_ERROR(st.Run());
  return static_cast<int>(db.Changes());
}

Result<Json> Index::Runs(int last_n) {
  Db& db = impl_->db();
  Json runs = Json::array();
  CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT id, command, started_at, finished_at, "
                                                  "status FROM runs ORDER BY id DESC LIMIT ?"));
  st.Bind(1, static_cast<int64_t>(std::max(last_n, 0)));
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    Json run = {{"id", st.Int(0)},
                {"command", st.Text(1)},
                {"started_at", FormatRfc3339(st.Int(2))},
                {"finished_at", st.IsNull(3) ? Json() : Json(FormatRfc3339(st.Int(3)))},
                {"status", st.Text(4)},
                {"sources", Json::array()}};
    CECAT_ASSIGN_OR_RETURN(
        Statement src,
        db.Prepare(
            "SELECT source_id, report FROM source_runs WHERE run_id = ? ORDER BY source_id"));
    src.Bind(1, st.Int(0));
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool r, src.Step());
      if (!r) break;
      Json report = ParseStored(src.Text(1));
      if (!report.is_object()) report = Json::object();
      report["source"] = src.Text(0);
      run["sources"].push_back(std::move(report));
    }
    runs.push_back(std::move(run));
  }
  return runs;
}

Result<Json> Index::Rejects(int64_t run_id, int limit) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare("SELECT run_id, source_id, kind, url, reason, raw, at FROM rejects "
                          "WHERE ?1 = 0 OR run_id = ?1 ORDER BY id DESC LIMIT ?2"));
  st.Bind(1, run_id).Bind(2, static_cast<int64_t>(std::max(limit, 0)));
  Json out = Json::array();
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back({{"run", st.IsNull(0) ? Json() : Json(st.Int(0))},
                   {"source", st.Text(1)},
                   {"kind", st.Text(2)},
                   {"url", st.Text(3)},
                   {"reason", st.Text(4)},
                   {"raw", ParseStored(st.Text(5))},
                   {"at", FormatRfc3339(st.Int(6))}});
  }
}

namespace {
constexpr const char* kSourceStateSql =
    "SELECT s.id, s.last_attempt, s.last_success, s.last_error, "
    "(SELECT count(*) FROM memberships m WHERE m.source_id = s.id AND m.status = 'active'), "
    "(SELECT count(*) FROM memberships m WHERE m.source_id = s.id AND m.status = 'stale') "
    "FROM sources s";

SourceState ReadSourceState(const Statement& st) {
  SourceState s;
  s.id = st.Text(0);
  s.last_attempt = st.Int(1);
  s.last_success = st.Int(2);
  s.last_error = st.Text(3);
  s.active_records = st.Int(4);
  s.stale_records = st.Int(5);
  return s;
}
}  // namespace

Result<std::optional<SourceState>> Index::GetSourceState(const std::string& source_id) {
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         impl_->db().Prepare(std::string(kSourceStateSql) + " WHERE s.id = ?"));
  st.Bind(1, source_id);
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<SourceState>();
  return std::optional<SourceState>(ReadSourceState(st));
}

Result<std::vector<SourceState>> Index::SourceStates() {
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         impl_->db().Prepare(std::string(kSourceStateSql) + " ORDER BY s.id"));
  std::vector<SourceState> out;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back(ReadSourceState(st));
  }
}

}  // namespace cecat::index
