// Source health's part of an apply (index/health.cc).
#pragma once

#include <cstdint>

#include "common/result.h"
#include "index/detail/record_doc.h"
#include "index/detail/sqlite.h"
#include "index/index.h"

namespace cecat::index::detail {

// What source health counts of a record that an apply saw but did not write (a
// 304 page's), as select-list columns of `records r`: its type, then whether it
// has each health field. Counted from the crawl's own set, not from timestamps:
// two refreshes in the same second, or the removal guard keeping missing records
// active, must not count as seen.
extern const char* const kSeenColumns;
// Adds the record in the current row of `st` to *out; kSeenColumns start at
// column `first`.
void CountSeenRow(Statement& st, int first, SeenRecords* out);
// Adds one record to *out from what its apply just wrote (the row's type and the
// columns derived from its fields): the same counts as reading it back.
void CountSeenRecord(SeenRecords* out, const std::string& type, const FilterColumns& cols);

}  // namespace cecat::index::detail
