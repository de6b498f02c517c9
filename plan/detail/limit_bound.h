// The optimiser's cost bound under a course limit (docs/plan.md "The optimiser"),
// from the tables of cost_table.h: one for the total, one per required subject.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "plan/detail/cost_table.h"

namespace cecat::plan::detail {

struct BoundItem {
  int64_t hours = 0;      // hundredths of an hour, > 0
  int64_t cost = 0;       // cents
  uint32_t subjects = 0;  // bit s: covers required subject s
};

class LimitBound {
 public:
  using Least = CostTable::Least;

  // For `items` in the search's order, plans of at most `max_courses` courses,
  // `total` hundredths of an hour and `subjects[s]` of each subject s. The tables
  // share `limits`; one that would not fit its share is left out (it bounds
  // nothing).
  LimitBound(const std::vector<BoundItem>& items, int64_t max_courses, int64_t total,
             const std::vector<int64_t>& subjects, TableLimits limits = TableLimits{});

  // A lower bound, cost first and then hours, on the courses that finish a plan
  // from items at `position` or later, at most `courses` of them, still needing
  // `total` hours toward the total and `subjects[s]` of each subject (<= 0: met).
  // Cost CostTable::kNone when no such courses exist, or none that cost at most
  // `cost_cap` (the caller has no use for dearer ones: it stops the work early).
  Least Find(size_t position, int64_t courses, int64_t total, const std::vector<int64_t>& subjects,
             int64_t cost_cap = CostTable::kNone) {
    return Find(position, courses, total, subjects, cost_cap, CostTable::kNone, nullptr);
  }

  // Find, and in `fewest` a lower bound on the courses of any way to finish the
  // plan whose cost and hours are at most (`cost_cap`, `hours_cap`) in that order
  // (cheaper, or as cheap with no more hours): the least K for which the bound on
  // ways of at most K courses is. `courses` + 1 when there is none. The optimiser
  // asks with the best plan's cost and hours, so K bounds the courses of any way to
  // tie them, where the bound on a single K (Find's) says nothing about courses.
  Least Find(size_t position, int64_t courses, int64_t total, const std::vector<int64_t>& subjects,
             int64_t cost_cap, int64_t hours_cap, int64_t* fewest);

  size_t bytes() const;

 private:
  // Folds subject s's table into split_: the least of the subjects so far by
  // courses used and hours carried.
  void AddSubject(size_t s, size_t position, int64_t courses, int64_t need);

  std::optional<CostTable> total_;
  std::vector<std::optional<CostTable>> subject_;
  int64_t carry_unit_ = 1;
  int64_t carry_levels_ = 0;
  int64_t cap_ = 0;                  // Find's cost_cap
  std::vector<Least> split_, next_;  // (courses + 1) x (carry_levels_ + 1)
  std::vector<Least> by_courses_;    // Find's bound per course count
};

}  // namespace cecat::plan::detail
