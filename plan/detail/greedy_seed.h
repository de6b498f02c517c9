// The optimiser's first plan (docs/plan.md "The optimiser"): greedy passes over the
// candidates, so the search starts with a bound to prune by rather than finding
// one late.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "plan/detail/integer_plan.h"

namespace cecat::plan::detail {

struct SeedPlan {
  Score score;                                  // kInf parts when no pass found a plan
  std::vector<std::pair<size_t, int>> courses;  // item index, subject it counts for or -1
};

// The best plan of several greedy passes over `items` (in the search's order) that
// meets `need` within its budget and course limit.
SeedPlan GreedySeed(const std::vector<Item>& items, const Need& need);

}  // namespace cecat::plan::detail
