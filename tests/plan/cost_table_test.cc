// The course-limit bound's table (plan/detail/cost_table.h): a lower bound on the
// least cost of a cardinality-limited cover, exact when the hour unit divides
// every course's hours and no suffix is skipped.
#include "plan/detail/cost_table.h"

#include <catch2/catch.hpp>

#include <numeric>
#include <random>
#include <vector>

using cecat::plan::detail::CostTable;
using cecat::plan::detail::TableCourse;
using cecat::plan::detail::TableLimits;
using cecat::plan::detail::TableShape;

namespace {

using Least = CostTable::Least;

// Every subset of the courses at `position` or later with at most `courses`
// members, at least `need` hours and at least `carry` units of `carry_unit` (each
// course's hours rounded up to whole units): the least cost, at that cost the
// fewest hours, and with those the fewest courses; cost kNone when there is none.
Least LeastByEnumeration(const std::vector<TableCourse>& all, size_t position, int64_t courses,
                         int64_t need, int64_t carry_unit = 1, int64_t carry = 0) {
  Least best{CostTable::kNone, 0};
  for (uint32_t mask = 0; mask < (1u << all.size()); ++mask) {
    int64_t count = 0, hours = 0, cost = 0, units = 0;
    for (size_t i = 0; i < all.size(); ++i) {
      if (!(mask & (1u << i))) continue;
      if (all[i].position < position) count = courses + 1;  // not allowed
      ++count;
      hours += all[i].hours;
      cost += all[i].cost;
      units += (all[i].hours + carry_unit - 1) / carry_unit;
    }
    const Least here{cost, hours, count};
    if (count <= courses && hours >= need && units >= carry && here < best) best = here;
  }
  return best;
}

std::vector<TableCourse> RandomCourses(std::mt19937& rng, int64_t hour_step) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<TableCourse> out;
  size_t position = 0;
  const int n = pick(1, 9);
  for (int i = 0; i < n; ++i) {
    // Other subjects' items lie between (from position 0 on, sometimes).
    if (i > 0 || pick(0, 1) == 0) position += static_cast<size_t>(pick(1, 3));
    out.push_back({position, pick(1, 12) * hour_step, pick(0, 2) == 0 ? 0 : pick(1, 6) * 500});
  }
  return out;
}

}  // namespace

TEST_CASE("The cost table is exact when it keeps every suffix and the unit divides the hours") {
  std::mt19937 rng(1207);
  int exact = 0;
  for (int n = 0; n < 500; ++n) {
    const std::vector<TableCourse> courses = RandomCourses(rng, 50);
    const size_t positions = courses.back().position + 2;
    const int64_t k_max = std::uniform_int_distribution<int>(1, 5)(rng);
    const int64_t need_max = std::uniform_int_distribution<int>(1, 40)(rng) * 50;
    const int64_t levels = std::uniform_int_distribution<int>(0, 3)(rng);
    const TableShape shape{k_max, need_max, 100, levels};
    auto table = CostTable::Build(courses, shape, TableLimits{});
    int64_t unit = 0;
    for (const TableCourse& c : courses) unit = std::gcd(unit, c.hours);
    // A common unit above every need: any one course meets it, no table is needed.
    if (unit > need_max && levels == 0) {
      CHECK_FALSE(table);
      continue;
    }
    REQUIRE(table);
    REQUIRE(table->unit() == unit);
    ++exact;
    for (size_t pos = 0; pos <= positions; ++pos)
      for (int64_t k = 0; k <= k_max; ++k)
        for (int64_t need = 0; need <= need_max; need += 50) {
          const int64_t carry = std::uniform_int_distribution<int>(0, levels)(rng);
          CAPTURE(n, pos, k, need, unit, carry);
          const Least least = LeastByEnumeration(courses, pos, k, need, 100, carry);
          const Least found = table->Find(pos, k, need, carry);
          CAPTURE(least.cost, least.hours, least.courses, found.cost, found.hours, found.courses);
          // Needs that are not a whole number of units round down.
          if (need % unit == 0) {
            CHECK(found.cost == least.cost);
            if (least.cost != CostTable::kNone) {
              CHECK(found.hours == least.hours);
              CHECK(found.courses == least.courses);
            }
          } else {
            CHECK_FALSE(least < found);
          }
        }
  }
  CHECK(exact > 400);
}

TEST_CASE(
    "The cost table stays a lower bound when coarse units and skipped suffixes keep it small") {
  std::mt19937 rng(1208);
  int coarse = 0, strided = 0;
  for (int n = 0; n < 500; ++n) {
    // Hours in hundredths with no common unit: the table must round.
    const std::vector<TableCourse> courses = RandomCourses(rng, n % 2 == 0 ? 7 : 33);
    const size_t positions = courses.back().position + 1;
    const int64_t k_max = std::uniform_int_distribution<int>(1, 5)(rng);
    const int64_t need_max = std::uniform_int_distribution<int>(1, 400)(rng);
    const int64_t levels = std::uniform_int_distribution<int>(0, 2)(rng);
    const int64_t carry_unit = std::uniform_int_distribution<int>(20, 150)(rng);
    TableLimits limits;
    limits.max_row_cells = 6 * 3 * 9;  // at most 8 hour units with 5 courses, 2 levels
    limits.max_cells = limits.max_row_cells * 3;
    auto table = CostTable::Build(courses, TableShape{k_max, need_max, carry_unit, levels}, limits);
    if (!table) continue;
    coarse += table->unit() > 1;
    strided += table->stride() > 1;
    for (size_t pos = 0; pos <= positions; ++pos)
      for (int64_t k = 0; k <= k_max; ++k)
        for (int64_t need = 0; need <= need_max; need += 1 + need_max / 50) {
          const int64_t carry = std::uniform_int_distribution<int>(0, levels)(rng);
          CAPTURE(n, pos, k, need, table->unit(), carry);
          const Least least = LeastByEnumeration(courses, pos, k, need, carry_unit, carry);
          const Least found = table->Find(pos, k, need, carry);
          CAPTURE(least.cost, least.hours, least.courses, found.cost, found.hours, found.courses);
          CHECK_FALSE(least < found);
        }
  }
  CHECK(coarse > 100);
  CHECK(strided > 100);
}

TEST_CASE("The cost table is not built when even one row would be too large") {
  std::vector<TableCourse> courses = {{0, 100, 500}, {1, 200, 900}};
  TableLimits limits;
  limits.max_row_cells = 10;  // 10 courses need 11 cells per hour unit
  CHECK_FALSE(CostTable::Build(courses, TableShape{10, 1000, 1, 0}, limits));
  CHECK(CostTable::Build(courses, TableShape{4, 1000, 1, 0}, limits));
  // More courses than the table holds: no bound rather than a wrong one.
  auto table = CostTable::Build(courses, TableShape{1, 300, 1, 0}, TableLimits{});
  REQUIRE(table);
  CHECK(table->Find(0, 1, 300).cost == CostTable::kNone);
  CHECK(table->Find(0, 2, 300).cost == 0);
  CHECK(table->Find(2, 1, 100).cost == CostTable::kNone);  // no course left
  // The cheapest choice, and the fewest hours at that price.
  courses = {{0, 100, 500}, {1, 300, 500}, {2, 200, 500}};
  table = CostTable::Build(courses, TableShape{2, 400, 1, 0}, TableLimits{});
  REQUIRE(table);
  CHECK(table->Find(0, 1, 200).cost == 500);
  CHECK(table->Find(0, 1, 200).hours == 200);
  CHECK(table->Find(0, 2, 200).hours == 200);
  CHECK(table->Find(0, 2, 400).cost == 1000);
  CHECK(table->Find(0, 2, 400).hours == 400);
}
