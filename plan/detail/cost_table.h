// The optimiser's cost bound under a course limit (docs/plan.md "The optimiser"):
// the least a plan's remaining courses can cost, from a small knapsack solved
// exactly once per solve.
//
// For courses in the search's order, the table holds, for a suffix starting at
// position i, at most k more courses and at least h more hours, the least cost of
// such a choice (a knapsack with a cardinality limit, by dynamic programming). Every
// other rule of a plan (subjects, caps, budget) is dropped, so it is a lower bound on
// the cost of finishing any partial plan. Hours are counted in coarse units, each
// course's hours rounded up and each need rounded down: that only makes more
// choices look sufficient, so the bound stays valid, and it keeps the table small.
// Memory and build time are bounded (Limits); when they would be exceeded the
// table is not built and the optimiser keeps its other bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace cecat::plan::detail {

struct TableCourse {
  size_t position = 0;  // in the search's order, ascending
  int64_t hours = 0;    // hundredths of an hour, > 0
  int64_t cost = 0;     // cents, >= 0
};

struct TableLimits {
  size_t max_cells = 1 << 17;              // entries stored (8 bytes each)
  size_t max_row_cells = 1 << 13;          // (courses + 1) x (hour units + 1) per suffix
  uint64_t max_work = uint64_t{48} << 20;  // cell updates while building
};

class CostTable {
 public:
  static constexpr int64_t kNone = INT64_MAX / 4;  // no choice meets the need

  // A table for `courses` (positions ascending, below `positions`), up to
  // `max_courses` courses and `max_need` hundredths of an hour; nothing when it
  // would exceed `limits`.
  static std::optional<CostTable> Build(const std::vector<TableCourse>& courses, size_t positions,
                                        int64_t max_courses, int64_t max_need,
                                        const TableLimits& limits);

  // A lower bound on the cost of at least `need` hundredths of an hour from at
  // most `courses` of the courses at `position` or later; kNone when none can.
  // No bound (0) for more courses than the table was built for.
  int64_t Least(size_t position, int64_t courses, int64_t need) const;

  int64_t unit() const { return unit_; }
  size_t stride() const { return stride_; }
  size_t bytes() const { return cells_.size() * sizeof(int64_t); }

 private:
  const int64_t* Row(size_t position) const;

  int64_t unit_ = 1;              // hundredths of an hour per hour unit
  int64_t max_courses_ = 0;       // courses dimension: 0..max_courses_
  int64_t max_units_ = 0;         // hours dimension: 0..max_units_
  size_t stride_ = 1;             // a row is stored every `stride_` courses
  std::vector<size_t> first_at_;  // per search position: first course at or after it
  std::vector<int64_t> cells_;    // rows x (max_courses_ + 1) x (max_units_ + 1)
};

}  // namespace cecat::plan::detail
