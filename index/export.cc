// Reading records out: the feed's snapshot and change stream, show, dedup lookups.
#include "common/redact.h"
#include "common/time_format.h"
#include "index/detail/impl.h"
#include "index/detail/record_doc.h"
#include "index/detail/store.h"
#include "index/index.h"

namespace cecat::index {

using detail::Db;
using detail::ParseStored;
using detail::Statement;

Status Index::ForEachRecord(const std::function<Status(const Json& record)>& fn) {
  Db& db = impl_->db();
  // One read transaction: the whole scan sees one snapshot.
  CECAT_ASSIGN_OR_RETURN(detail::ReadTransaction snapshot, detail::ReadTransaction::Begin(db));
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare(std::string("SELECT ") + detail::kFeedColumns + " FROM records r" +
                 detail::kDocJoin + " WHERE r.status != 'removed' ORDER BY r.type, r.id"));
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    CECAT_RETURN_IF_ERROR(fn(detail::FeedRecord(st, 0)));
  }
}

Status Index::ForEachChange(int64_t since, const std::function<Status(const Json& change)>& fn) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::ReadTransaction snapshot, detail::ReadTransaction::Begin(db));
  // Each record's latest change only: its current state replays every change
  // before it, so consumers apply one line per record.
  CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare(std::string("SELECT ") + detail::kFeedColumns +
                                                  ", r.cursor FROM records r" + detail::kDocJoin +
                                                  " WHERE r.cursor > ? ORDER BY r.cursor"));
  st.Bind(1, since);
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    Json change = {{"cursor", st.Int(11)}, {"type", st.Text(1)}, {"id", st.Text(0)}};
    if (st.Text(4) == "removed") {
      change["op"] = "delete";
    } else {
      change["op"] = "upsert";
      change["record"] = detail::FeedRecord(st, 0);
    }
    CECAT_RETURN_IF_ERROR(fn(change));
  }
}

namespace {

void ReadProvenance(const std::string& stored, Record* r) {
  Json prov = detail::ExpandProvenance(ParseStored(stored));
  if (!prov.is_object()) return;
  for (const auto& [field, p] : prov.items()) {
    if (p.is_object() && p.value("producer", Json()).is_string())
      r->provenance[field] = p["producer"].get<std::string>();
  }
}

std::vector<std::string> ReadSources(const std::string& stored) {
  std::vector<std::string> out;
  Json sources = ParseStored(stored);
  if (sources.is_array())
    for (const Json& s : sources)
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

}  // namespace

namespace {

Record ReadFound(Statement& st) {
  Record r;
  r.id = st.Text(0);
  r.type = ParseRecordType(st.Text(1)).value_or(RecordType::kCourse);
  r.url = st.Text(2);
  r.fields = ParseStored(st.Text(3));
  if (!r.fields.is_object()) r.fields = Json::object();
  r.sources = ReadSources(st.Text(4));
  ReadProvenance(st.Text(5), &r);
  return r;
}

}  // namespace

Result<std::optional<Record>> Index::FindById(const std::string& id) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare("SELECT r.id, r.type, r.url, d.doc, r.sources, d.provenance FROM records "
                          "r JOIN record_docs d ON d.rid = r.rid WHERE r.id = ? AND r.status != "
                          "'removed'"));
  st.Bind(1, id);
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<Record>();
  return std::optional<Record>(ReadFound(st));
}

Result<std::vector<Record>> Index::RecordsOnPage(const std::string& source_id,
                                                 const std::string& page) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare(
          "SELECT r.id, r.type, r.url, d.doc, r.sources, d.provenance FROM memberships m JOIN "
          "records r ON r.rid = m.rid JOIN record_docs d ON d.rid = r.rid WHERE m.source_id = ? "
          "AND m.page = ? AND m.status != 'removed' ORDER BY r.id"));
  st.Bind(1, source_id).Bind(2, page);
  std::vector<Record> out;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back(ReadFound(st));
  }
}

Result<std::vector<Record>> Index::FindByMatchKey(const std::string& match_key) {
  // A merged record is found by its own key and by each source's part's key, so a
  // source whose copy of the title differs from the record's still finds it.
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare(
          "SELECT r.id, r.type, r.url, d.doc, r.sources, d.provenance FROM records r JOIN "
          "record_docs d ON d.rid = r.rid WHERE r.rid IN (SELECT rid FROM records WHERE "
          "match_key = ?1 UNION SELECT rid FROM contributions WHERE match_key = ?1) AND "
          "r.status != 'removed' ORDER BY r.id"));
  st.Bind(1, match_key);
  std::vector<Record> out;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back(ReadFound(st));
  }
}

Result<std::vector<Contribution>> Index::Contributions(const std::string& id) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare(
          "SELECT c.source_id, c.url, c.doc, c.provenance, coalesce(c.match_key, ''), r.type "
          "FROM records r JOIN contributions c ON c.rid = r.rid JOIN memberships m ON "
          "m.rid = c.rid AND m.source_id = c.source_id WHERE r.id = ? AND m.status != 'removed' "
          "ORDER BY c.seq"));
  st.Bind(1, id);
  std::vector<Contribution> parts;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    Contribution& part = parts.emplace_back();
    Record& r = part.record;
    r.id = id;
    r.type = ParseRecordType(st.Text(5)).value_or(RecordType::kCourse);
    r.sources = {st.Text(0)};
    r.url = st.Text(1);
    r.fields = ParseStored(st.Text(2));
    if (!r.fields.is_object()) r.fields = Json::object();
    Json stored = ParseStored(st.Text(3));
    if (stored.is_object() && stored.value("page", Json()).is_string())
      r.page_url = stored["page"].get<std::string>();
    ReadProvenance(st.Text(3), &r);
    part.match_key = st.Text(4);
  }
  return parts;
}

namespace {

// `show`'s view of a record's curation (docs/curation.md): its overrides, which
// fields are pinned, and for a record out of the feed by curation (hidden, or
// merged into another) the status its sources give it, marked `hidden`.
Status AddCuration(Db& db, const std::string& id, int64_t rid, Json& rec) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("SELECT kind, target, key, value, by, reason, at FROM curation WHERE (target = ? "
                 "AND kind != 'suppress') OR (kind = 'merge' AND key = ?) ORDER BY kind, target, "
                 "key"));
  st.Bind(1, id).Bind(2, id);
  Json overrides = Json::array();
  Json pinned = Json::object();
  Json merged_from = Json::array();
  bool hidden = false;
  std::string merged_into;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const std::string kind = st.Text(0), target = st.Text(1), key = st.Text(2);
    Json o = {{"kind", kind},
              {"by", st.Text(4)},
              {"reason", st.Text(5)},
              {"at", FormatRfc3339(st.Int(6))}};
    if (kind == "hide") {
      hidden = true;
    } else if (kind == "pin") {
      o["field"] = key;
      if (st.IsNull(3)) {
        o["absent"] = true;
        pinned[key] = "absent";
      } else {
        o["value"] = ParseStored(st.Text(3));
        pinned[key] = o["value"];
      }
    } else if (kind == "merge" && target == id) {
      o["into"] = key;
      merged_into = key;
    } else if (kind == "merge") {
      o["from"] = target;
      merged_from.push_back(target);
    }
    overrides.push_back(std::move(o));
  }
  if (overrides.empty()) return Status::Ok();
  Json c = {{"overrides", std::move(overrides)}};
  if (!pinned.empty()) c["pinned"] = pinned;
  if (!merged_from.empty()) c["merged_from"] = merged_from;
  if (!merged_into.empty()) c["merged_into"] = merged_into;
  if (hidden || !merged_into.empty()) {
    c["hidden"] = true;
    rec["hidden"] = true;
    CECAT_ASSIGN_OR_RETURN(std::string status, detail::MembershipStatus(db, rid));
    rec["status"] = status;
    rec["lifecycle"]["status"] = status;
    rec["lifecycle"]["published"] = "removed by curation";
  }
  if (!pinned.empty()) {
    Json fields = Json::array();
    for (const auto& [field, _] : pinned.items()) fields.push_back(field);
    rec["curated_fields"] = std::move(fields);
  }
  rec["curation"] = std::move(c);
  return Status::Ok();
}

}  // namespace

Result<std::optional<Json>> Index::Show(const std::string& id) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::ReadTransaction snapshot, detail::ReadTransaction::Begin(db));
  Json rec;
  int64_t rid = 0;
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st, db.Prepare(std::string("SELECT ") + detail::kShownColumns +
                                 ", r.cursor, d.provenance, r.rid, r.match_key FROM records r" +
                                 detail::kDocJoin + " WHERE r.id = ?"));
    st.Bind(1, id);
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return std::optional<Json>();
    rec = detail::FeedRecordWithLastSeen(st, 0);
    rec["lifecycle"] = {{"status", rec["status"]},
                        {"first_seen", rec["first_seen"]},
                        {"last_seen", rec["last_seen"]},
                        {"updated_at", rec["updated_at"]},
                        {"cursor", st.Int(11)}};
    Json prov = detail::ExpandProvenance(ParseStored(st.Text(12)));
    Json shown = Json::object();
    if (prov.is_object()) {
      for (auto& [field, p] : prov.items()) {
        if (!p.is_object()) continue;
        Json entry = p;
        if (p.value("time", Json()).is_number_integer())
          entry["time"] = FormatRfc3339(p["time"].get<int64_t>());
        shown[field] = std::move(entry);
      }
    }
    rec["provenance"] = std::move(shown);
    rid = st.Int(13);
    if (!st.IsNull(14)) rec["match_key"] = st.Text(14);
  }
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare(
            "SELECT source_id, status, missed, page, last_seen FROM memberships WHERE rid = ? "
            "ORDER BY source_id"));
    st.Bind(1, rid);
    Json members = Json::array();
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      members.push_back({{"source", st.Text(0)},
                         {"status", st.Text(1)},
                         {"missed_crawls", st.Int(2)},
                         {"page", st.Text(3)},
                         {"last_seen", FormatRfc3339(st.Int(4))}});
    }
    rec["memberships"] = std::move(members);
  }
  {
    CECAT_ASSIGN_OR_RETURN(Statement st,
                           db.Prepare(std::string("SELECT ") + detail::kShownColumns +
                                      " FROM records r" + detail::kDocJoin +
                                      " WHERE r.review_target = ? AND r.status != 'removed' "
                                      "ORDER BY r.id"));
    st.Bind(1, id);
    Json reviews = Json::array();
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      reviews.push_back(detail::FeedRecordWithLastSeen(st, 0));
    }
    rec["reviews"] = std::move(reviews);
  }
  CECAT_RETURN_IF_ERROR(AddCuration(db, id, rid, rec));
  // The pages of memberships and provenance are stored as crawled (the lifecycle
  // matches them); shown, they lose their secrets like every other URL.
  RedactJsonStrings(rec);
  return std::optional<Json>(std::move(rec));
}

}  // namespace cecat::index
