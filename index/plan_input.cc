// What `cecat plan` reads from the index (index.h "learning plans"): the active
// courses' filter columns and tags without their documents, so a plan over
// 100,000 courses does not parse 100,000 JSON documents.
#include <algorithm>

#include "common/redact.h"
#include "index/detail/impl.h"
#include "index/detail/store.h"
#include "index/index.h"

namespace cecat::index {

using detail::Db;
using detail::Statement;
Result<std::vector<CourseSummary>> Index::ActiveCourses() {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::ReadTransaction snapshot, detail::ReadTransaction::Begin(db));
  // Both scans run in rid order, so the tags join their courses in one merging
  // pass: a hash lookup per tag row (585,000 at 100,000 courses) cost more than
  // the scans, in cache misses.
  std::vector<CourseSummary> out;
  std::vector<int64_t> rids;
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("SELECT rid, id, title, url, hours, price, free, format, start_date, end_date, "
                   "currency FROM records WHERE type = 'course' AND status = 'active' ORDER BY "
                   "rid"));
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      CourseSummary c;
      c.id = st.Text(1);
      c.title = st.Text(2);
      c.url = RedactUrl(st.Text(3));
      c.hours = st.OptDouble(4);
      c.price = st.OptDouble(5);
      c.free = st.Int(6) != 0;
      c.format = st.Text(7);
      c.start_date = st.Text(8);
      c.end_date = st.Text(9);
      c.currency = st.Text(10);
      rids.push_back(st.Int(0));
      out.push_back(std::move(c));
    }
  }
  // record_tags_by_rid holds (rid, kind, value): a covering index in rid order.
  CECAT_ASSIGN_OR_RETURN(
      Statement tags,
      db.Prepare("SELECT rid, kind, value FROM record_tags INDEXED BY record_tags_by_rid WHERE "
                 "rid >= ? ORDER BY rid"));
  tags.Bind(1, rids.empty() ? int64_t{0} : rids.front());
  size_t k = 0;
  while (k < rids.size()) {
    CECAT_ASSIGN_OR_RETURN(bool row, tags.Step());
    if (!row) break;
    const int64_t rid = tags.Int(0);
    while (k < rids.size() && rids[k] < rid) ++k;
    if (k == rids.size() || rids[k] != rid) continue;  // not an active course
    CourseSummary& c = out[k];
    const std::string_view kind = tags.View(1);
    if (kind == "approval")
      c.approvals.emplace_back(tags.View(2));
    else if (kind == "audience")
      c.audiences.emplace_back(tags.View(2));
    else if (kind == "topic")
      c.topics.emplace_back(tags.View(2));
  }
  // By id: the order a plan's ties are broken in, the same in every copy of the
  // catalogue whatever rids it has.
  std::sort(out.begin(), out.end(),
            [](const CourseSummary& a, const CourseSummary& b) { return a.id < b.id; });
  return out;
}

Result<std::map<std::string, std::string>> Index::ProviderNames(
    const std::vector<std::string>& course_ids) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::ReadTransaction snapshot, detail::ReadTransaction::Begin(db));
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("SELECT json_extract(d.doc, '$.provider.name') FROM records r JOIN record_docs d "
                 "ON d.rid = r.rid WHERE r.id = ?"));
  std::map<std::string, std::string> out;
  for (const std::string& id : course_ids) {
    st.Bind(1, id);
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (row && !st.IsNull(0)) out[id] = st.Text(0);
    st.Reset();
  }
  return out;
}

Result<std::vector<Json>> Index::ActiveRecords(RecordType type) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::ReadTransaction snapshot, detail::ReadTransaction::Begin(db));
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare(std::string("SELECT ") + detail::kFeedColumns + " FROM records r" +
                 detail::kDocJoin + " WHERE r.type = ? AND r.status = 'active' ORDER BY r.id"));
  st.Bind(1, std::string(RecordTypeName(type)));
  std::vector<Json> out;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back(detail::FeedRecord(st, 0));
  }
}

}  // namespace cecat::index
