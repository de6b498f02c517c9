// The optimiser's problem in integers (cents, hundredths of an hour), shared by the
// search (optimiser.cc) and its first plan (greedy_seed.h): two plans compare
// exactly, so the optimiser agrees with brute force bit for bit.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <tuple>
#include <vector>

#include "plan/optimiser.h"

namespace cecat::plan::detail {

inline constexpr int64_t kInf = std::numeric_limits<int64_t>::max() / 4;

inline int64_t Hundredths(double v) { return std::llround(v * 100.0); }

// A candidate in integers.
struct Item {
  int64_t h = 0;    // hundredths of an hour
  int64_t c = 0;    // cents
  int g = -1;       // cap group, or -1
  uint32_t m = 0;   // subjects it covers (of those still needed)
  size_t orig = 0;  // index into Problem::candidates
};

// What a plan is judged by, in order: cost, hours beyond the need, courses.
struct Score {
  int64_t cost = kInf, excess = kInf, count = kInf;
  bool operator<(const Score& o) const {
    return std::tie(cost, excess, count) < std::tie(o.cost, o.excess, o.count);
  }
};

// The requirements in integers, subjects restricted to those with hours needed.
struct Need {
  int64_t total = 0;
  std::vector<int64_t> subject;  // per subject of the problem
  std::vector<int64_t> cap;      // per cap group
  int64_t budget = kInf;
  int64_t max_courses = kInf;
  uint32_t useful = 0;      // subjects with hours needed
  uint64_t node_limit = 0;  // Problem::node_limit
  double time_limit_s = 0;  // Problem::time_limit_s
};

inline Need MakeNeed(const Problem& p) {
  Need n;
  n.total = std::max<int64_t>(0, Hundredths(p.total_hours));
  for (size_t s = 0; s < p.subject_hours.size(); ++s) {
    n.subject.push_back(std::max<int64_t>(0, Hundredths(p.subject_hours[s])));
    if (n.subject.back() > 0) n.useful |= 1u << s;
  }
  for (double c : p.caps) n.cap.push_back(std::max<int64_t>(0, Hundredths(c)));
  if (p.budget) n.budget = Hundredths(*p.budget);
  if (p.max_courses > 0) n.max_courses = p.max_courses;
  n.node_limit = p.node_limit;
  n.time_limit_s = p.time_limit_s;
  return n;
}

// Hours that count toward the total: uncapped hours plus each group's up to its cap.
inline int64_t Counted(int64_t uncapped, const std::vector<int64_t>& group_sum, const Need& n) {
  int64_t t = uncapped;
  for (size_t g = 0; g < group_sum.size(); ++g) t += std::min(group_sum[g], n.cap[g]);
  return t;
}

// The state of a partial plan.
struct State {
  int64_t cost = 0, hours = 0, count = 0, uncapped = 0;
  std::vector<int64_t> group_sum, subject_sum;

  // Adds `it`, counted for `subject` (or -1: the total only); with sign -1, takes
  // it out again.
  void Add(const Item& it, int subject, int sign = 1) {
    cost += sign * it.c;
    hours += sign * it.h;
    count += sign;
    if (it.g < 0) {
      uncapped += sign * it.h;
    } else {
      group_sum[static_cast<size_t>(it.g)] += sign * it.h;
    }
    if (subject >= 0) subject_sum[static_cast<size_t>(subject)] += sign * it.h;
  }
};

}  // namespace cecat::plan::detail
