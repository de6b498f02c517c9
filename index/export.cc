// Reading records out: the feed's snapshot and change stream, show, dedup lookups.
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

Result<std::vector<Record>> Index::FindByMatchKey(const std::string& match_key) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare(
          "SELECT r.id, r.type, r.url, d.doc, r.sources, d.provenance FROM records r JOIN "
          "record_docs d ON d.rid = r.rid WHERE r.match_key = ? AND r.status != 'removed' "
          "ORDER BY r.id"));
  st.Bind(1, match_key);
  std::vector<Record> out;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    Record r;
    r.id = st.Text(0);
    r.type = ParseRecordType(st.Text(1)).value_or(RecordType::kCourse);
    r.url = st.Text(2);
    r.fields = ParseStored(st.Text(3));
    if (!r.fields.is_object()) r.fields = Json::object();
    Json sources = ParseStored(st.Text(4));
    if (sources.is_array())
      for (const Json& s : sources)
        if (s.is_string()) r.sources.push_back(s.get<std::string>());
    Json prov = detail::ExpandProvenance(ParseStored(st.Text(5)));
    if (prov.is_object())
      for (const auto& [field, p] : prov.items())
        if (p.is_object() && p.value("producer", Json()).is_string())
          r.provenance[field] = p["producer"].get<std::string>();
    out.push_back(std::move(r));
  }
}

Result<std::optional<Json>> Index::Show(const std::string& id) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::ReadTransaction snapshot, detail::ReadTransaction::Begin(db));
  Json rec;
  int64_t rid = 0;
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st, db.Prepare(std::string("SELECT ") + detail::kFeedColumns +
                                 ", r.cursor, d.provenance, r.rid, r.match_key FROM records r" +
                                 detail::kDocJoin + " WHERE r.id = ?"));
    st.Bind(1, id);
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return std::optional<Json>();
    rec = detail::FeedRecord(st, 0);
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
    CECAT_ASSIGN_OR_RETURN(
        Statement st, db.Prepare(std::string("SELECT ") + detail::kFeedColumns + " FROM records r" +
                                 detail::kDocJoin +
                                 " WHERE r.review_target = ? AND r.status != 'removed' "
                                 "ORDER BY r.id"));
    st.Bind(1, id);
    Json reviews = Json::array();
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      reviews.push_back(detail::FeedRecord(st, 0));
    }
    rec["reviews"] = std::move(reviews);
  }
  return std::optional<Json>(std::move(rec));
}

}  // namespace cecat::index
