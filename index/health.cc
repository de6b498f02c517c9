// What source health reads from the index (docs/operations.md "Source health"):
// the records a crawl saw, rejects by reason, a source's run history, and the
// admin's acceptances of a new size.
#include <cctype>
#include <string>
#include <vector>

#include "index/detail/health.h"
#include "index/detail/impl.h"
#include "index/detail/record_doc.h"
#include "index/index.h"

namespace cecat::index {

using detail::Db;
using detail::Statement;

namespace {

// "rule[1] item 3: missing title (field 'title')" -> "missing title (field
// 'title')": the item's name is per record, the reason is what repeats.
std::string ReasonWithoutItem(const std::string& reason) {
  std::size_t colon = reason.find(": ");
  if (colon == std::string::npos) return reason;
  std::string head = reason.substr(0, colon);
  // A name is one word ("jsonld:[0].@graph[2]", "rule[1]"), maybe "item N" after it.
  std::size_t space = head.find(' ');
  if (space != std::string::npos) {
    std::string rest = head.substr(space + 1);
    if (rest.rfind("item ", 0) != 0) return reason;
    for (char c : rest.substr(5)) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return reason;
    }
    head = head.substr(0, space);
  }
  if (head.find('[') == std::string::npos && head.find(':') == std::string::npos) return reason;
  return reason.substr(colon + 2);
}

}  // namespace

namespace detail {

namespace {

constexpr const char* kSeenFields[] = {"title",      "ce_hours",  "price",    "format",
                                       "start_date", "approvals", "provider", "audiences"};

void AddSeen(SeenRecords* out, const std::string& type, const bool (&has)[8]) {
  ++out->by_type[type];
  if (type != "course") return;
  ++out->courses;
  for (int i = 0; i < 8; ++i) out->course_fields[kSeenFields[i]] += has[i] ? 1 : 0;
}

}  // namespace

void CountSeenRecord(SeenRecords* out, const std::string& type, const FilterColumns& cols) {
  // What CountSeenRow reads back from the row the apply writes with `cols`.
  const int h = cols.health_fields;
  const bool has[8] = {!cols.title.empty(),         cols.hours.has_value(),
                       (h & kHealthPrice) != 0,     cols.format.has_value(),
                       (h & kHealthStartDate) != 0, (h & kHealthApprovals) != 0,
                       (h & kHealthProvider) != 0,  (h & kHealthAudiences) != 0};
  AddSeen(out, type, has);
}

// The fields the health report covers, from the row alone: the doc's are in
// health_fields, written with it.
#define CECAT_HEALTH_BIT(b) "r.health_fields & " #b " != 0"
const char* const kSeenColumns =
    "r.type, r.title != '', r.hours IS NOT NULL, " CECAT_HEALTH_BIT(1) ", r.format IS NOT NULL, "
    CECAT_HEALTH_BIT(2) ", " CECAT_HEALTH_BIT(4) ", " CECAT_HEALTH_BIT(8) ", " CECAT_HEALTH_BIT(16);
#undef CECAT_HEALTH_BIT
static_assert(kHealthPrice == 1 && kHealthStartDate == 2 && kHealthApprovals == 4 &&
                  kHealthProvider == 8 && kHealthAudiences == 16,
              "kSeenColumns tests the bits of FilterColumns::health_fields in kSeenFields order");

void CountSeenRow(Statement& st, int first, SeenRecords* out) {
  bool has[8];
  for (int i = 0; i < 8; ++i) has[i] = st.Int(first + 1 + i) != 0;
  AddSeen(out, st.Text(first), has);
}

}  // namespace detail

Result<std::map<std::string, int64_t>> Index::RejectReasons(int64_t run_id,
                                                            const std::string& source_id) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st, impl_->db().Prepare("SELECT reason, count(*) FROM rejects WHERE run_id = ? "
                                        "AND source_id = ? GROUP BY reason"));
  st.Bind(1, run_id).Bind(2, source_id);
  std::map<std::string, int64_t> out;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out[ReasonWithoutItem(st.Text(0))] += st.Int(1);
  }
  return out;
}

Result<std::vector<SourceRunEntry>> Index::SourceHistory(const std::string& source_id, int last_n) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare("SELECT r.id, r.command, r.started_at, s.report FROM source_runs s "
                          "JOIN runs r ON r.id = s.run_id WHERE s.source_id = ? "
                          "ORDER BY r.id DESC LIMIT ?"));
  st.Bind(1, source_id).Bind(2, static_cast<int64_t>(std::max(last_n, 0)));
  std::vector<SourceRunEntry> out;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    SourceRunEntry e;
    e.run_id = st.Int(0);
    e.command = st.Text(1);
    e.started_at = st.Int(2);
    e.report = detail::ParseStored(st.Text(3));
    if (!e.report.is_object()) e.report = Json::object();
    out.push_back(std::move(e));
  }
  return out;
}

Status Index::AcceptSource(const std::string& source_id, const std::string& reason,
                           int64_t now_unix) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare(
          "INSERT INTO acceptances(source_id, accepted_at, reason, active_records, after_run) "
          "VALUES(?1, ?2, ?3, (SELECT count(*) FROM memberships WHERE source_id = ?1 AND "
          "status = 'active'), (SELECT coalesce(max(id), 0) FROM runs))"));
  return st.Bind(1, source_id).Bind(2, now_unix).Bind(3, reason).Run();
}

Result<std::optional<Acceptance>> Index::LatestAcceptance(const std::string& source_id) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare("SELECT accepted_at, reason, active_records, pending, after_run "
                          "FROM acceptances "
                          "WHERE source_id = ? ORDER BY id DESC LIMIT 1"));
  st.Bind(1, source_id);
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<Acceptance>();
  Acceptance a;
  a.accepted_at = st.Int(0);
  a.reason = st.Text(1);
  a.active_records = st.Int(2);
  a.pending = st.Int(3) != 0;
  a.after_run = st.Int(4);
  return std::optional<Acceptance>(a);
}

}  // namespace cecat::index
