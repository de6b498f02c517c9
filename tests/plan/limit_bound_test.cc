// The optimiser's course-limit bound (plan/detail/limit_bound.h): never above the
// least (cost, then hours) of any real way to finish a plan, whatever the tables'
// units and strides.
#include "plan/detail/limit_bound.h"

#include <catch2/catch.hpp>

#include <functional>
#include <numeric>
#include <random>
#include <vector>

using cecat::plan::detail::BoundItem;
using cecat::plan::detail::CostTable;
using cecat::plan::detail::LimitBound;
using cecat::plan::detail::TableLimits;

namespace {

using BoundLeast = CostTable::Least;

// Every subset of the items at `position` or later of at most `courses` items,
// each counted for one subject it covers or for none, whose hours (all of them,
// caps aside) meet `total` and whose subjects' hours meet `subjects`: the least
// cost, at that cost the fewest hours, and with those the fewest courses. Cost
// kNone when there is none. With `per_count`, the same for each number of courses
// (index: courses).
BoundLeast Enumerate(const std::vector<BoundItem>& items, size_t position, int64_t courses,
                     int64_t total, const std::vector<int64_t>& subjects,
                     std::vector<BoundLeast>* per_count = nullptr) {
  BoundLeast best{CostTable::kNone, 0};
  if (per_count) per_count->assign(static_cast<size_t>(courses + 1), best);
  std::vector<int64_t> got(subjects.size(), 0);
  std::function<void(size_t, int64_t, int64_t, int64_t)> walk = [&](size_t i, int64_t count,
                                                                    int64_t cost, int64_t hours) {
    if (i == items.size()) {
      bool met = hours >= total;
      for (size_t s = 0; s < subjects.size(); ++s) met = met && got[s] >= subjects[s];
      const BoundLeast here{cost, hours, count};
      if (met && here < best) best = here;
      if (met && per_count && here < (*per_count)[static_cast<size_t>(count)])
        (*per_count)[static_cast<size_t>(count)] = here;
      return;
    }
    walk(i + 1, count, cost, hours);
    if (i < position || count == courses) return;
    const BoundItem& it = items[i];
    walk(i + 1, count + 1, cost + it.cost, hours + it.hours);
    for (size_t s = 0; s < subjects.size(); ++s) {
      if (!(it.subjects & (1u << s))) continue;
      got[s] += it.hours;
      walk(i + 1, count + 1, cost + it.cost, hours + it.hours);
      got[s] -= it.hours;
    }
  };
  walk(0, 0, 0, 0);
  return best;
}

// A random problem for both tests: 0-3 subjects, 1-8 items whose hours are whole
// multiples of a step (half hours, or odd hundredths), a course limit of 1 to
// `max_limit`, and, with `small_limits`, table limits so small that units are
// coarse and suffixes skipped (or tables left out); else the defaults.
struct RandomCase {
  int64_t step = 0;
  std::vector<BoundItem> items;
  int64_t max_courses = 0;
  int64_t total = 0;
  std::vector<int64_t> subjects;
  TableLimits limits;
};

template <typename Pick>
RandomCase DrawCase(Pick& pick, bool small_limits, int max_limit) {
  RandomCase c;
  const int subject_count = pick(0, 3);
  c.step = pick(0, 1) == 0 ? 50 : pick(1, 40);
  for (int i = pick(1, 8); i > 0; --i)
    c.items.push_back({pick(1, 16) * c.step, pick(0, 2) == 0 ? 0 : pick(1, 5) * 700,
                       static_cast<uint32_t>(pick(0, (1 << subject_count) - 1))});
  c.max_courses = pick(1, max_limit);
  c.total = pick(0, 30) * c.step;
  for (int s = 0; s < subject_count; ++s) c.subjects.push_back(pick(0, 6) * c.step);
  if (small_limits) {
    c.limits.max_row_cells = static_cast<size_t>(pick(8, 120));
    c.limits.max_cells =
        c.limits.max_row_cells * static_cast<size_t>(pick(1, 3)) * (c.subjects.size() + 1);
  }
  return c;
}

}  // namespace

TEST_CASE("The course-limit bound never exceeds the cheapest way to finish a plan") {
  std::mt19937 rng(1209);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int bounded = 0, infeasible = 0, exact = 0;
  for (int n = 0; n < 1500; ++n) {
    const RandomCase c = DrawCase(pick, n % 2 == 1, 4);
    const int64_t step = c.step;
    const std::vector<BoundItem>& items = c.items;
    const int64_t max_courses = c.max_courses;
    const int64_t total = c.total;
    const std::vector<int64_t>& subjects = c.subjects;
    LimitBound bound(items, max_courses, total, subjects, c.limits);
    int64_t gcd = 0;
    for (const BoundItem& it : items) gcd = std::gcd(gcd, it.hours);
    for (size_t position = 0; position <= items.size(); ++position) {
      const int64_t courses = pick(0, static_cast<int>(max_courses));
      std::vector<int64_t> need = subjects;
      for (int64_t& r : need) r -= pick(0, 2) * step;  // some met already
      const int64_t total_need = total - pick(0, 4) * step;
      CAPTURE(n, position, courses, total_need, need, max_courses, step);
      const BoundLeast truth = Enumerate(items, position, courses, total_need, need);
      const BoundLeast found = bound.Find(position, courses, total_need, need);
      CAPTURE(truth.cost, truth.hours, truth.courses, found.cost, found.hours, found.courses);
      REQUIRE_FALSE(truth < found);
      // Without subjects, with every suffix stored and a need in whole units of the
      // hours' common divisor, the total's table alone is exact.
      if (subjects.empty() && n % 2 == 0 && total >= gcd && total_need % gcd == 0) {
        CHECK(found.cost == truth.cost);
        if (truth.cost < CostTable::kNone) {
          CHECK(found.hours == truth.hours);
          CHECK(found.courses == truth.courses);
        }
        ++exact;
      }
      bounded += found.cost > 0 && found.cost < CostTable::kNone;
      infeasible += found.cost >= CostTable::kNone;
    }
  }
  // The bound is not vacuous: it often says something, and often proves that
  // nothing can finish the plan.
  CHECK(bounded > 1000);
  CHECK(infeasible > 1000);
  CHECK(exact > 200);
}

TEST_CASE("The course-limit bound's fewest courses never exceed a real way's within the caps") {
  std::mt19937 rng(2412);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int useful = 0, none = 0, exact = 0;
  for (int n = 0; n < 1500; ++n) {
    const RandomCase c = DrawCase(pick, n % 2 == 1, 5);
    const int64_t step = c.step;
    const std::vector<BoundItem>& items = c.items;
    const int64_t max_courses = c.max_courses;
    const int64_t total = c.total;
    const std::vector<int64_t>& subjects = c.subjects;
    LimitBound bound(items, max_courses, total, subjects, c.limits);
    for (size_t position = 0; position <= items.size(); ++position) {
      const int64_t courses = pick(0, static_cast<int>(max_courses));
      std::vector<int64_t> need = subjects;
      for (int64_t& r : need) r -= pick(0, 2) * step;
      const int64_t total_need = total - pick(0, 4) * step;
      // Caps as the optimiser sets them from a best plan: a cost, and at that cost
      // some hours; sometimes no cap at all.
      const int64_t cost_cap = pick(0, 3) == 0 ? CostTable::kNone : pick(0, 6) * 700;
      const int64_t hours_cap = pick(0, 3) == 0 ? CostTable::kNone : pick(0, 40) * step;
      std::vector<BoundLeast> per_count;
      Enumerate(items, position, courses, total_need, need, &per_count);
      int64_t truth = courses + 1;
      for (int64_t c = 0; c <= courses; ++c) {
        const BoundLeast& w = per_count[static_cast<size_t>(c)];
        if (w.cost < CostTable::kNone &&
            (w.cost < cost_cap || (w.cost == cost_cap && w.hours <= hours_cap))) {
          truth = c;
          break;
        }
      }
      int64_t fewest = -1;
      const BoundLeast found =
          bound.Find(position, courses, total_need, need, cost_cap, hours_cap, &fewest);
      CAPTURE(n, position, courses, total_need, need, max_courses, step, cost_cap, hours_cap, truth,
              fewest, found.cost);
      REQUIRE(fewest >= 0);
      REQUIRE(fewest <= truth);
      // The plain bound is the same whether or not the fewest courses are asked for.
      const BoundLeast plain = bound.Find(position, courses, total_need, need, cost_cap);
      REQUIRE(plain.cost == found.cost);
      REQUIRE(plain.hours == found.hours);
      REQUIRE(plain.courses == found.courses);
      // Without subjects, with every suffix stored and needs in whole units of the
      // hours' common divisor, the total's table is exact, and so is the count.
      int64_t gcd = 0;
      for (const BoundItem& it : items) gcd = std::gcd(gcd, it.hours);
      if (subjects.empty() && n % 2 == 0 && total >= gcd && total_need % gcd == 0) {
        CHECK(fewest == truth);
        ++exact;
      }
      useful += fewest > 1 && fewest <= courses;
      none += fewest == courses + 1 && found.cost < CostTable::kNone;
    }
  }
  // Not vacuous: it often needs several courses, and sometimes proves that no way
  // within the caps exists although a dearer one does.
  CHECK(useful > 500);
  CHECK(none > 50);
  CHECK(exact > 200);
}
