// Source health's part of an apply (index/health.cc).
#pragma once

#include <cstdint>
#include <unordered_set>

#include "common/result.h"
#include "index/detail/record_doc.h"
#include "index/detail/sqlite.h"
#include "index/index.h"

namespace cecat::index::detail {

// The records `rids` (one crawl's, as its apply saw them) by type, and how many
// of the courses have each health field. Counted from the crawl's own set, not
// from timestamps: two refreshes in the same second, or the removal guard keeping
// missing records active, must not count as seen. Adds the records `rids` to *out,
// read from their rows.
Status CountSeenRecords(Db& db, const std::unordered_set<int64_t>& rids, SeenRecords* out);
// Adds one record to *out from what its apply just wrote (the row's type and the
// columns derived from its fields): the same counts as reading it back.
void CountSeenRecord(SeenRecords* out, const std::string& type, const FilterColumns& cols);

}  // namespace cecat::index::detail
