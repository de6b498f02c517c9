// What `cecat plan` reads from the index (index.h "learning plans"): the active
// courses' filter columns and tags without their documents, so a plan over
// 100,000 courses does not parse 100,000 JSON documents.
#include "common/redact.h"
#include "index/detail/impl.h"
#include "index/detail/store.h"
#include "index/index.h"

namespace cecat::index {

using detail::Db;
using detail::Statement;
namespace {

constexpr char kUnitSeparator = '\x1f';

std::vector<std::string> SplitTags(const std::string& joined) {
  std::vector<std::string> out;
  if (joined.empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t end = joined.find(kUnitSeparator, start);
    out.push_back(joined.substr(start, end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

std::string TextOrEmpty(const Json& v) { return v.is_string() ? v.get<std::string>() : ""; }

}  // namespace

Result<std::vector<CourseSummary>> Index::ActiveCourses() {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::ReadTransaction snapshot, detail::ReadTransaction::Begin(db));
  // One json_extract with several paths parses each document once and returns the
  // values as one small JSON array.
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("SELECT r.id, r.title, r.url, r.hours, r.price, r.free, r.format, "
                 "json_extract(d.doc, '$.provider.name', '$.price.currency', '$.start_date', "
                 "'$.end_date'), "
                 "(SELECT group_concat(t.value, char(31)) FROM record_tags t "
                 " WHERE t.rid = r.rid AND t.kind = 'approval'), "
                 "(SELECT group_concat(t.value, char(31)) FROM record_tags t "
                 " WHERE t.rid = r.rid AND t.kind = 'audience'), "
                 "(SELECT group_concat(t.value, char(31)) FROM record_tags t "
                 " WHERE t.rid = r.rid AND t.kind = 'topic') "
                 "FROM records r JOIN record_docs d ON d.rid = r.rid "
                 "WHERE r.type = 'course' AND r.status = 'active' ORDER BY r.id"));
  std::vector<CourseSummary> out;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    CourseSummary c;
    c.id = st.Text(0);
    c.title = st.Text(1);
    c.url = RedactUrl(st.Text(2));
    c.hours = st.OptDouble(3);
    c.price = st.OptDouble(4);
    c.free = st.Int(5) != 0;
    c.format = st.Text(6);
    Json extra = Json::parse(st.Text(7), nullptr, false);
    if (extra.is_array() && extra.size() == 4) {
      c.provider = TextOrEmpty(extra[0]);
      c.currency = TextOrEmpty(extra[1]);
      c.start_date = TextOrEmpty(extra[2]);
      c.end_date = TextOrEmpty(extra[3]);
    }
    c.approvals = SplitTags(st.Text(8));
    c.audiences = SplitTags(st.Text(9));
    c.topics = SplitTags(st.Text(10));
    out.push_back(std::move(c));
  }
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
