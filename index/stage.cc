#include "index/stage.h"

#include <optional>

#include "index/detail/sqlite.h"

namespace cecat::index {

using detail::Db;
using detail::Statement;

namespace {

// Staged values are MessagePack: compact, and parsed back much faster than text.
std::string Pack(const Json& j) {
  std::vector<std::uint8_t> bytes = Json::to_msgpack(j);
  return std::string(bytes.begin(), bytes.end());
}

Json Unpack(const std::string& bytes) {
  Json j = Json::from_msgpack(bytes, /*strict=*/true, /*allow_exceptions=*/false);
  return j.is_discarded() ? Json() : j;
}

Json MapToJson(const std::map<std::string, std::string>& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

std::map<std::string, std::string> MapFromJson(const Json& j) {
  std::map<std::string, std::string> m;
  if (!j.is_object()) return m;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string()) m[k] = v.get<std::string>();
  }
  return m;
}

std::string PackRecord(const Record& r) {
  return Pack({{"t", RecordTypeName(r.type)},
               {"id", r.id},
               {"url", r.url},
               {"page", r.page_url},
               {"sources", r.sources},
               {"f", r.fields},
               {"p", MapToJson(r.provenance)}});
}

Status UnpackRecord(const std::string& bytes, Record* r) {
  Json j = Unpack(bytes);
  if (!j.is_object()) return Status::Internal("staged record does not parse");
  std::optional<RecordType> type = ParseRecordType(j.value("t", ""));
  if (!type) return Status::Internal("staged record has no type");
  r->type = *type;
  r->id = j.value("id", "");
  r->url = j.value("url", "");
  r->page_url = j.value("page", "");
  r->sources.clear();
  if (j.contains("sources") && j["sources"].is_array()) {
    for (const Json& s : j["sources"]) {
      if (s.is_string()) r->sources.push_back(s.get<std::string>());
    }
  }
  r->fields = j.contains("f") ? std::move(j["f"]) : Json::object();
  r->provenance = MapFromJson(j.value("p", Json::object()));
  return Status::Ok();
}

std::string PackRaw(const RawRecord& r) {
  return Pack({{"kind", r.kind},
               {"page", r.page_url},
               {"item_url", r.item_url},
               {"item_id", r.item_id},
               {"main", r.main_entity},
               {"origin", r.origin},
               {"f", r.fields},
               {"p", MapToJson(r.provenance)}});
}

RawRecord UnpackRaw(const std::string& bytes) {
  Json j = Unpack(bytes);
  RawRecord r;
  if (!j.is_object()) return r;
  r.kind = j.value("kind", "");
  r.page_url = j.value("page", "");
  r.item_url = j.value("item_url", "");
  r.item_id = j.value("item_id", "");
  r.main_entity = j.value("main", false);
  r.origin = j.value("origin", "");
  r.fields = j.contains("f") ? std::move(j["f"]) : Json::object();
  r.provenance = MapFromJson(j.value("p", Json::object()));
  return r;
}

}  // namespace

class RecordStage::Impl {
 public:
  explicit Impl(std::unique_ptr<Db> db) : db_(std::move(db)) {}
  Db& db() { return *db_; }

 private:
  // First, so it is destroyed last: the statements below go back to its cache.
  std::unique_ptr<Db> db_;

 public:
  // The scans under way (NextGroup, NextReject); the group scan reads one record
  // ahead to see where a group ends.
  std::optional<Statement> groups, rejects;
  bool groups_done = false, rejects_done = false;
  std::optional<Record> lookahead;
};

RecordStage::RecordStage(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RecordStage::~RecordStage() = default;

Result<std::unique_ptr<RecordStage>> RecordStage::Open() {
  // "": SQLite's private temporary database, in a file it deletes on close; pages
  // beyond the cache spill to that file instead of growing the heap.
  Result<std::unique_ptr<Db>> db = Db::Open("", /*read_only=*/false, /*busy_timeout_ms=*/0);
  if (!db.ok()) return db.status().WithContext("record stage");
  // Scratch data that no other process reads and a crash may lose: no sync, the
  // rollback journal in memory.
  CECAT_RETURN_IF_ERROR((*db)->Exec(
      "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-4096;"
      // Rowid tables, so rows (with their blobs) are appended in arrival order and
      // only the small indexes take the pages' random order. Keyed on (page,
      // origin, seq) as WITHOUT ROWID tables, every insert went to a random leaf of
      // the whole table: beyond the 4 MiB cache that was a read and a write of the
      // spill file per insert, 61,000 system calls for 2,500 pages (issue 25).
      // first: 0 for providers, which come out before every other record (NextGroup).
      "CREATE TABLE records(page TEXT NOT NULL, origin INTEGER NOT NULL, seq INTEGER NOT "
      "NULL, id TEXT NOT NULL, first INTEGER NOT NULL, body BLOB NOT NULL);"
      "CREATE UNIQUE INDEX records_by_key ON records(page, origin, seq);"
      "CREATE INDEX records_by_id ON records(first, id, page, origin, seq);"
      "CREATE TABLE rejects(page TEXT NOT NULL, origin INTEGER NOT NULL, seq INTEGER NOT "
      "NULL, kind TEXT, url TEXT, reason TEXT, raw BLOB);"
      "CREATE UNIQUE INDEX rejects_by_key ON rejects(page, origin, seq);"
      "CREATE TABLE pending(page TEXT NOT NULL, origin INTEGER NOT NULL, lookups BLOB, raw "
      "BLOB, PRIMARY KEY(page, origin)) WITHOUT ROWID;"));
  return std::unique_ptr<RecordStage>(
      new RecordStage(std::make_unique<Impl>(std::move(db).value())));
}

Status RecordStage::Add(const StagedPage& page) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::Transaction tx, detail::Transaction::Begin(db));
  for (const StagedOutput& out : page.outputs) {
    for (const char* sql : {"DELETE FROM records WHERE page = ? AND origin = ?",
                            "DELETE FROM rejects WHERE page = ? AND origin = ?"}) {
      CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare(sql));
      CECAT_RETURN_IF_ERROR(st.Bind(1, page.page).Bind(2, out.origin).Run());
    }
    for (size_t i = 0; i < out.records.size(); ++i) {
      CECAT_ASSIGN_OR_RETURN(
          Statement st,
          db.Prepare(
              "INSERT INTO records(page, origin, seq, id, first, body) VALUES(?, ?, ?, ?, ?, ?)"));
      CECAT_RETURN_IF_ERROR(st.Bind(1, page.page)
                                .Bind(2, out.origin)
                                .Bind(3, static_cast<int64_t>(i))
                                .Bind(4, out.records[i].id)
                                .Bind(5, out.records[i].type == RecordType::kProvider ? 0 : 1)
                                .BindBlob(6, PackRecord(out.records[i]))
                                .Run());
    }
    for (size_t i = 0; i < out.rejects.size(); ++i) {
      const Rejected& r = out.rejects[i];
      CECAT_ASSIGN_OR_RETURN(
          Statement st,
          db.Prepare(
              "INSERT INTO rejects(page, origin, seq, kind, url, reason, raw) VALUES(?, ?, ?, ?, "
              "?, ?, ?)"));
      CECAT_RETURN_IF_ERROR(st.Bind(1, page.page)
                                .Bind(2, out.origin)
                                .Bind(3, static_cast<int64_t>(i))
                                .Bind(4, r.kind)
                                .Bind(5, r.url)
                                .Bind(6, r.reason)
                                .BindBlob(7, Pack(r.raw))
                                .Run());
    }
    if (out.pending) {
      Json lookups = Json::array();
      for (const auto& [name, url] : out.lookups) lookups.push_back({name, url});
      CECAT_ASSIGN_OR_RETURN(
          Statement st,
          db.Prepare(
              "INSERT OR REPLACE INTO pending(page, origin, lookups, raw) VALUES(?, ?, ?, ?)"));
      CECAT_RETURN_IF_ERROR(st.Bind(1, page.page)
                                .Bind(2, out.origin)
                                .BindBlob(3, Pack(lookups))
                                .BindBlob(4, PackRaw(out.raw))
                                .Run());
    }
  }
  return tx.Commit();
}

Status RecordStage::ForEachPending(const std::function<Status(PendingRaw&&)>& fn) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare("SELECT page, origin, lookups, raw FROM pending ORDER BY page, origin"));
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    PendingRaw p;
    p.page = st.Text(0);
    p.origin = static_cast<int>(st.Int(1));
    Json lookups = Unpack(st.Text(2));
    if (lookups.is_array()) {
      for (const Json& l : lookups) {
        if (l.is_array() && l.size() == 2 && l[0].is_string() && l[1].is_string()) {
          p.lookups.emplace_back(l[0].get<std::string>(), l[1].get<std::string>());
        }
      }
    }
    p.raw = UnpackRaw(st.Text(3));
    CECAT_RETURN_IF_ERROR(fn(std::move(p)));
  }
}

Result<bool> RecordStage::NextGroup(std::vector<Record>* group) {
  group->clear();
  return NextGroup([group](Record&& r) { group->push_back(std::move(r)); });
}

Result<bool> RecordStage::NextGroup(const std::function<void(Record&&)>& each) {
  Impl& impl = *impl_;
  if (impl.groups_done) return false;
  if (!impl.groups) {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        impl.db().Prepare("SELECT id, body FROM records ORDER BY first, id, page, origin, seq"));
    impl.groups.emplace(std::move(st));
  }
  std::string id;
  bool any = false;
  if (impl.lookahead) {
    id = impl.lookahead->id;
    any = true;
    Record first = std::move(*impl.lookahead);
    impl.lookahead.reset();
    each(std::move(first));
  }
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, impl.groups->Step());
    if (!row) {
      impl.groups_done = true;
      impl.groups.reset();
      return any;
    }
    Record r;
    CECAT_RETURN_IF_ERROR(UnpackRecord(impl.groups->Text(1), &r));
    if (any && r.id != id) {
      impl.lookahead = std::move(r);
      return true;
    }
    if (!any) {
      id = r.id;
      any = true;
    }
    each(std::move(r));
  }
}

Result<bool> RecordStage::NextReject(Rejected* reject) {
  Impl& impl = *impl_;
  if (impl.rejects_done) return false;
  if (!impl.rejects) {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        impl.db().Prepare("SELECT kind, url, reason, raw FROM rejects ORDER BY page, origin, seq"));
    impl.rejects.emplace(std::move(st));
  }
  CECAT_ASSIGN_OR_RETURN(bool row, impl.rejects->Step());
  if (!row) {
    impl.rejects_done = true;
    impl.rejects.reset();
    return false;
  }
  *reject = Rejected{impl.rejects->Text(0), impl.rejects->Text(1), impl.rejects->Text(2),
                     Unpack(impl.rejects->Text(3))};
  return true;
}

Result<int64_t> RecordStage::RecordCount() {
  CECAT_ASSIGN_OR_RETURN(Statement st, impl_->db().Prepare("SELECT count(*) FROM records"));
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : int64_t{0};
}

}  // namespace cecat::index
