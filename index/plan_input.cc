// What `cecat plan` reads from the index (index.h "learning plans"): the active
// courses' filter columns and tags without their documents, so a plan over
// 100,000 courses does not parse 100,000 JSON documents.
#include <algorithm>
#include <utility>

#include "common/redact.h"
#include "index/detail/impl.h"
#include "index/detail/store.h"
#include "index/index.h"

namespace cecat::index {

using detail::Db;
using detail::Statement;
namespace {

// While it lives, reads go through a small page cache instead of the memory map:
// the plan's scan reads each page of `records` and of the tag index once.
// - Through the map, the kernel faulted in far more than the rows (it maps pages
//   around each one faulted): 420 MB resident and 0.9 s for the 37 MB of
//   `records` at 100,000 courses, against 6 MB and 0.3 s with reads.
// - Through the connection's usual 64 MiB cache, every page read allocated a
//   page buffer that no later read used: 14% of the plan's time in SQLite's
//   malloc and page faults.
class ScanOnce {
 public:
  static Result<ScanOnce> Begin(Db& db) {
    CECAT_ASSIGN_OR_RETURN(int64_t mmap, Pragma(db, "mmap_size"));
    CECAT_ASSIGN_OR_RETURN(int64_t cache, Pragma(db, "cache_size"));
    CECAT_RETURN_IF_ERROR(db.Exec("PRAGMA mmap_size=0; PRAGMA cache_size=-2048"));
    return ScanOnce(&db, mmap, cache);
  }
  ScanOnce(ScanOnce&& o) noexcept
      : db_(std::exchange(o.db_, nullptr)), mmap_(o.mmap_), cache_(o.cache_) {}
  ScanOnce& operator=(ScanOnce&&) = delete;
  ~ScanOnce() {
    // Best effort: a failure leaves later reads slower, never wrong.
    if (db_ != nullptr)
      (void)db_->Exec("PRAGMA mmap_size=" + std::to_string(mmap_) +
                      "; PRAGMA cache_size=" + std::to_string(cache_));
  }

 private:
  ScanOnce(Db* db, int64_t mmap, int64_t cache) : db_(db), mmap_(mmap), cache_(cache) {}
  static Result<int64_t> Pragma(Db& db, const char* name) {
    CECAT_ASSIGN_OR_RETURN(Statement st, db.PrepareUncached(std::string("PRAGMA ") + name));
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    return row ? st.Int(0) : 0;
  }
  Db* db_;
  int64_t mmap_, cache_;
};

}  // namespace

Result<std::vector<CourseSummary>> Index::ActiveCourses() {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(ScanOnce scan_settings, ScanOnce::Begin(db));
  CECAT_ASSIGN_OR_RETURN(detail::ReadTransaction snapshot, detail::ReadTransaction::Begin(db));
  // Both scans run in rid order (a full scan of `records`: the type index would
  // need a sort), so the tags join their courses in one merging
  // pass: a hash lookup per tag row (585,000 at 100,000 courses) cost more than
  // the scans, in cache misses.
  std::vector<CourseSummary> out;
  std::vector<int64_t> rids;
  {
    // Sized once (every course, an upper bound of the active ones, counted from
    // the type index): growing moved every course built so far at each doubling.
    CECAT_ASSIGN_OR_RETURN(Statement count,
                           db.Prepare("SELECT count(*) FROM records WHERE type = 'course'"));
    CECAT_ASSIGN_OR_RETURN(bool row, count.Step());
    const auto n = static_cast<size_t>(row ? count.Int(0) : 0);
    out.reserve(n);
    rids.reserve(n);
  }
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("SELECT rid, id, title, url, hours, price, free, format, start_date, end_date, "
                   "currency FROM records NOT INDEXED WHERE type = 'course' AND status = "
                   "'active' ORDER BY rid"));
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
  // Positions are sorted, then the courses permuted in place, cycle by cycle:
  // sorting the courses themselves moved each about log2(n) times.
  std::vector<uint32_t> order(out.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return out[a].id < out[b].id; });
  for (uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    CourseSummary held = std::move(out[start]);
    uint32_t at = start;
    while (order[at] != start) {
      const uint32_t from = order[at];
      out[at] = std::move(out[from]);
      order[at] = at;
      at = from;
    }
    out[at] = std::move(held);
    order[at] = at;
  }
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
