#include "index/detail/store.h"

#include "common/redact.h"
#include "common/time_format.h"
#include "index/detail/curation.h"
#include "index/detail/facets.h"
#include "index/detail/record_doc.h"

namespace cecat::index::detail {
namespace {

// A read and a one-row update, not `UPDATE ... RETURNING`: a RETURNING statement
// opens a statement savepoint, and FTS5 answers every savepoint by flushing its
// pending terms to a new segment, so each record's cursor cost a segment write
// and merges (a quarter of the first load's time, issue 22).
Result<int64_t> NextCursor(Db& db) {
  int64_t cursor = 0;
  {
    CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT value FROM meta WHERE key = 'cursor'"));
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Corruption("database " + db.file().string() + ": no cursor in meta");
    cursor = st.Int(0) + 1;
  }
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         db.Prepare("UPDATE meta SET value = ? WHERE key = 'cursor'"));
  CECAT_RETURN_IF_ERROR(st.Bind(1, cursor).Run());
  return cursor;
}

// `was_present`: the record has a full-text row (it was not removed) to delete first.
Status WriteFts(Db& db, int64_t rid, const std::string& type, const Json& fields, bool was_present,
                bool present) {
  // The document length is a facet column (facets.h); FTS5 tables take no triggers.
  CECAT_RETURN_IF_ERROR(MarkFacetsDirty(db, rid));
  if (was_present) {
    CECAT_ASSIGN_OR_RETURN(Statement del, db.Prepare("DELETE FROM records_fts WHERE rowid = ?"));
    CECAT_RETURN_IF_ERROR(del.Bind(1, rid).Run());
  }
  if (!present) return Status::Ok();
  FtsText t = ExtractFtsText(ParseRecordType(type).value_or(RecordType::kCourse), fields);
  CECAT_ASSIGN_OR_RETURN(
      Statement ins,
      db.Prepare("INSERT INTO records_fts(rowid, title, description, presenters, provider, topics) "
                 "VALUES(?, ?, ?, ?, ?, ?)"));
  return ins.Bind(1, rid)
      .Bind(2, t.title)
      .Bind(3, t.description)
      .Bind(4, t.presenters)
      .Bind(5, t.provider)
      .Bind(6, t.topics)
      .Run();
}

}  // namespace

Result<std::string> MembershipStatus(Db& db, int64_t rid) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("SELECT coalesce(max(status = 'active'), 0), coalesce(max(status = 'stale'), 0) "
                 "FROM memberships WHERE rid = ?"));
  st.Bind(1, rid);
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (row && st.Int(0) != 0) return std::string("active");
  if (row && st.Int(1) != 0) return std::string("stale");
  return std::string("removed");
}

Result<bool> Settle(Db& db, int64_t rid, int64_t now, bool doc_changed, const Json* known_fields,
                    bool force) {
  std::string id, type, url, old_status, old_hash;
  Json stored_fields;
  std::optional<double> rating;
  std::optional<int64_t> rating_count;
  {
    // The doc is read (and parsed) only when the caller does not hold it: an
    // apply has the fields it just wrote.
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare(known_fields != nullptr
                       ? "SELECT r.id, r.type, r.url, r.status, r.content_hash, NULL, r.rating, "
                         "r.rating_count FROM records r WHERE r.rid = ?"
                       : "SELECT r.id, r.type, r.url, r.status, r.content_hash, d.doc, r.rating, "
                         "r.rating_count FROM records r JOIN record_docs d ON d.rid = r.rid WHERE "
                         "r.rid = ?"));
    st.Bind(1, rid);
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::NotFound("record row " + std::to_string(rid));
    id = st.Text(0);
    type = st.Text(1);
    url = st.Text(2);
    old_status = st.Text(3);
    old_hash = st.Text(4);
    if (known_fields == nullptr) stored_fields = ParseStored(st.Text(5));
    rating = st.OptDouble(6);
    rating_count = st.OptInt(7);
  }
  const Json& fields = known_fields != nullptr ? *known_fields : stored_fields;
  // Status and sources from one read of the memberships (MembershipStatus's rule).
  bool any_active = false, any_stale = false;
  Json sources = Json::array();
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("SELECT source_id, status FROM memberships WHERE rid = ? ORDER BY source_id"));
    st.Bind(1, rid);
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      std::string_view member_status = st.View(1);
      if (member_status == "removed") continue;
      any_active = any_active || member_status == "active";
      any_stale = any_stale || member_status == "stale";
      sources.push_back(st.Text(0));
    }
  }
  std::string status = any_active ? "active" : any_stale ? "stale" : "removed";
  // Curation (docs/curation.md): a hidden record, or one merged into another, is
  // published as removed whatever its memberships say. Its hash is that of the
  // bare removal, so nothing a crawl changes in it while it is out reaches the
  // change stream; unhidden, its real hash differs and it returns as an upsert.
  CECAT_ASSIGN_OR_RETURN(bool curated_out, CuratedOut(db, id));
  std::string hash =
      curated_out
          ? ContentHash(FeedCore(id, type, "", Json::array(), "removed", Json::object(),
                                 std::nullopt, std::nullopt))
          : ContentHash(FeedCore(id, type, url, sources, status, fields, rating, rating_count));
  if (curated_out) status = "removed";
  if (hash == old_hash && !(force && status != "removed")) return false;
  if (old_status == "removed" && status == "removed") {
    // Out of the feed before and after: a consumer has nothing to replay (its
    // delete was sent), so no cursor and no change, only the new hash.
    CECAT_ASSIGN_OR_RETURN(
        Statement st, db.Prepare("UPDATE records SET sources = ?, content_hash = ? WHERE rid = ?"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, Dump(sources)).Bind(2, hash).Bind(3, rid).Run());
    return false;
  }

  CECAT_ASSIGN_OR_RETURN(int64_t cursor, NextCursor(db));
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("UPDATE records SET status = ?, sources = ?, content_hash = ?, cursor = ?, "
                   "updated_at = ? WHERE rid = ?"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, status)
                              .Bind(2, Dump(sources))
                              .Bind(3, hash)
                              .Bind(4, cursor)
                              .Bind(5, now)
                              .Bind(6, rid)
                              .Run());
  }
  CECAT_RETURN_IF_ERROR(MarkFacetsDirty(db, rid));  // the status is a facet column
  {
    CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare("INSERT INTO changes(cursor, record_id, type, "
                                                    "op, status, at) VALUES(?, ?, ?, ?, ?, ?)"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, cursor)
                              .Bind(2, id)
                              .Bind(3, type)
                              .Bind(4, status == "removed" ? "delete" : "upsert")
                              .Bind(5, status)
                              .Bind(6, now)
                              .Run());
  }
  const bool was_indexed = old_status != "removed", indexed = status != "removed";
  if (doc_changed || was_indexed != indexed)
    CECAT_RETURN_IF_ERROR(WriteFts(db, rid, type, fields, was_indexed, indexed));
  return true;
}

Status WriteTags(Db& db, int64_t rid, const Json& fields, bool fresh) {
  if (!fresh) {
    CECAT_ASSIGN_OR_RETURN(Statement del, db.Prepare("DELETE FROM record_tags WHERE rid = ?"));
    CECAT_RETURN_IF_ERROR(del.Bind(1, rid).Run());
    // Tags are facet columns (facets.h); a fresh record was marked by the apply's insert.
    CECAT_RETURN_IF_ERROR(MarkFacetsDirty(db, rid));
  }
  CECAT_ASSIGN_OR_RETURN(
      Statement ins,
      db.Prepare("INSERT OR IGNORE INTO record_tags(kind, value, rid) VALUES(?, ?, ?)"));
  for (const auto& [kind, value] : ExtractTags(fields)) {
    CECAT_RETURN_IF_ERROR(ins.Bind(1, kind).Bind(2, value).Bind(3, rid).Run());
    ins.Reset();
  }
  return Status::Ok();
}

Json FeedRecord(const Statement& st, int first) {
  Json fields = ParseStored(st.Text(first + 5));
  Json sources = ParseStored(st.Text(first + 3));
  Json rec = FeedCore(st.Text(first), st.Text(first + 1), st.Text(first + 2),
                      sources.is_array() ? sources : Json::array(), st.Text(first + 4), fields,
                      st.OptDouble(first + 6), st.OptInt(first + 7));
  rec["first_seen"] = FormatRfc3339(st.Int(first + 8));
  rec["updated_at"] = FormatRfc3339(st.Int(first + 10));
  // Every record leaves the index through here (feed, changes, search, show): a
  // URL's secrets are hidden on the way out, also in records stored before the
  // redaction knew their parameter's name.
  RedactJsonStrings(rec);
  return rec;
}

Json FeedRecordWithLastSeen(const Statement& st, int first) {
  Json rec = FeedRecord(st, first);
  rec["last_seen"] = FormatRfc3339(st.Int(first + 9));
  return rec;
}

}  // namespace cecat::index::detail
