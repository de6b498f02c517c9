// Course fields derived from other records (Index::ReviseCourses).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "index/detail/curation.h"
#include "index/detail/impl.h"
#include "index/detail/record_doc.h"
#include "index/detail/store.h"
#include "index/index.h"

namespace cecat::index {

using detail::Db;
using detail::ParseStored;
using detail::Statement;

namespace {

Record ReadRecord(Statement& st, int first) {
  Record r;
  r.id = st.Text(first);
  r.type = ParseRecordType(st.Text(first + 1)).value_or(RecordType::kCourse);
  r.url = st.Text(first + 2);
  r.fields = ParseStored(st.Text(first + 3));
  if (!r.fields.is_object()) r.fields = Json::object();
  Json prov = detail::ExpandProvenance(ParseStored(st.Text(first + 4)));
  if (prov.is_object()) {
    for (const auto& [field, p] : prov.items()) {
      if (p.is_object() && p.value("producer", Json()).is_string())
        r.provenance[field] = p["producer"].get<std::string>();
    }
  }
  return r;
}

struct Revised {
  int64_t rid = 0;
  Record record;
  std::string stored_provenance;
};

// Writes the revised courses: doc, tags, the changed fields' producers, settled.
Status WriteRevised(Db& db, std::vector<Revised>& changed, int64_t now) {
  for (Revised& c : changed) {
    // The stored provenance keeps its source, page and time; only the producers of
    // the fields change (a per-field provenance of schema 1 is left as it was).
    Json prov = ParseStored(c.stored_provenance);
    if (prov.is_object() && prov.contains("fields") && prov["fields"].is_object()) {
      Json& producers = prov["fields"];
      for (auto it = producers.begin(); it != producers.end();) {
        if (!c.record.fields.contains(it.key())) {
          it = producers.erase(it);
        } else {
          ++it;
        }
      }
      for (const auto& [field, value] : c.record.fields.items()) {
        auto p = c.record.provenance.find(field);
        producers[field] = p == c.record.provenance.end() ? "" : p->second;
      }
    }
    CECAT_ASSIGN_OR_RETURN(
        Statement st, db.Prepare("UPDATE record_docs SET doc = ?, provenance = ? WHERE rid = ?"));
    CECAT_RETURN_IF_ERROR(
        st.Bind(1, detail::Dump(c.record.fields)).Bind(2, detail::Dump(prov)).Bind(3, c.rid).Run());
    {
      // The revised fields (approvals, provider) are source health fields.
      CECAT_ASSIGN_OR_RETURN(Statement h,
                             db.Prepare("UPDATE records SET health_fields = ? WHERE rid = ?"));
      CECAT_RETURN_IF_ERROR(
          h.Bind(1, static_cast<int64_t>(detail::ExtractColumns(c.record.fields).health_fields))
              .Bind(2, c.rid)
              .Run());
    }
    CECAT_RETURN_IF_ERROR(detail::WriteTags(db, c.rid, c.record.fields));
    CECAT_ASSIGN_OR_RETURN(bool settled, detail::Settle(db, c.rid, now, /*doc_changed=*/true));
    (void)settled;
  }
  return Status::Ok();
}

}  // namespace

Result<int> Index::ReviseCourses(const CourseReviser& revise, int64_t now) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::Transaction tx, detail::Transaction::Begin(db));
  std::map<std::string, std::optional<Record>> providers;
  auto provider = [&](const std::string& id) -> Result<const Record*> {
    auto [it, inserted] = providers.try_emplace(id);
    if (inserted) {
      CECAT_ASSIGN_OR_RETURN(
          Statement st,
          db.Prepare("SELECT r.id, r.type, r.url, d.doc, d.provenance FROM records r JOIN "
                     "record_docs d ON d.rid = r.rid WHERE r.id = ? AND r.type = 'provider' AND "
                     "r.status != 'removed'"));
      st.Bind(1, id);
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (row) it->second = ReadRecord(st, 0);
    }
    return it->second ? &*it->second : nullptr;
  };
  // Pinned fields stay as curators pinned them (docs/curation.md), whatever a
  // course would inherit.
  CECAT_ASSIGN_OR_RETURN(detail::CurationMap curation, detail::LoadCuration(db));
  // The courses are scanned in chunks of rids, in rid order. Each chunk's changes
  // are written after its statement has ended (a statement must not see its own
  // updates), and only a chunk is held: a first load revises every course, and
  // holding them all (or letting SQLite sort their docs by rid, as one ORDER BY
  // over the type index did) cost 80 MB at 10,000 courses (issue 25).
  constexpr int kChunk = 256;
  int total = 0;
  int64_t after = 0;
  std::vector<Revised> changed;
  for (bool more = true; more;) {
    changed.clear();
    int scanned = 0;
    {
      // +r.type: scan by rid (the primary key) rather than the type index, so
      // the rows come in rid order without a sort.
      CECAT_ASSIGN_OR_RETURN(
          Statement st,
          db.Prepare("SELECT r.rid, r.id, r.type, r.url, d.doc, d.provenance FROM records r "
                     "JOIN record_docs d ON d.rid = r.rid WHERE r.rid > ? AND +r.type = 'course' "
                     "AND r.status != 'removed' ORDER BY r.rid LIMIT " +
                     std::to_string(kChunk)));
      st.Bind(1, after);
      for (;;) {
        CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        ++scanned;
        after = st.Int(0);
        Record course = ReadRecord(st, 1);
        const Record* p = nullptr;
        auto pid = course.fields.find("provider");
        if (pid != course.fields.end() && pid->is_object() && pid->contains("id") &&
            (*pid)["id"].is_string()) {
          CECAT_ASSIGN_OR_RETURN(p, provider((*pid)["id"].get<std::string>()));
        }
        if (!revise(course, p)) continue;
        if (auto pins = curation.pins.find(course.id); pins != curation.pins.end()) {
          for (const auto& [field, value] : pins->second) {
            if (value) {
              course.fields[field] = *value;
              course.provenance[field] = "curated";
            } else {
              course.fields.erase(field);
              course.provenance.erase(field);
            }
          }
          if (detail::Dump(course.fields) == st.Text(4)) continue;
        }
        changed.push_back({st.Int(0), std::move(course), st.Text(5)});
      }
    }
    more = scanned == kChunk;
    total += static_cast<int>(changed.size());
    CECAT_RETURN_IF_ERROR(WriteRevised(db, changed, now));
  }
  CECAT_RETURN_IF_ERROR(tx.Commit());
  return total;
}

}  // namespace cecat::index
