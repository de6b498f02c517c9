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

namespace {

// Every subset of the courses at `position` or later with at most `courses`
// members and at least `need` hours: the least cost, or kNone.
int64_t LeastByEnumeration(const std::vector<TableCourse>& all, size_t position, int64_t courses,
                           int64_t need) {
  int64_t best = CostTable::kNone;
  for (uint32_t mask = 0; mask < (1u << all.size()); ++mask) {
    int64_t count = 0, hours = 0, cost = 0;
    for (size_t i = 0; i < all.size(); ++i) {
      if (!(mask & (1u << i))) continue;
      if (all[i].position < position) count = courses + 1;  // not allowed
      ++count;
      hours += all[i].hours;
      cost += all[i].cost;
    }
    if (count <= courses && hours >= need) best = std::min(best, cost);
  }
  return best;
}

std::vector<TableCourse> RandomCourses(std::mt19937& rng, int64_t hour_step) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<TableCourse> out;
  size_t position = 0;
  const int n = pick(1, 9);
  for (int i = 0; i < n; ++i) {
    position += static_cast<size_t>(pick(0, 2));  // other subjects' items between
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
    auto table = CostTable::Build(courses, positions, k_max, need_max, TableLimits{});
    int64_t unit = 0;
    for (const TableCourse& c : courses) unit = std::gcd(unit, c.hours);
    // A common unit above every need: any one course meets it, no table is needed.
    if (unit > need_max) {
      CHECK_FALSE(table);
      continue;
    }
    REQUIRE(table);
    REQUIRE(table->unit() == unit);
    ++exact;
    for (size_t pos = 0; pos <= positions; ++pos)
      for (int64_t k = 0; k <= k_max; ++k)
        for (int64_t need = 0; need <= need_max; need += 50) {
          CAPTURE(n, pos, k, need, unit);
          const int64_t least = LeastByEnumeration(courses, pos, k, need);
          // Needs that are not a whole number of units round down.
          if (need % unit == 0) {
            CHECK(table->Least(pos, k, need) == least);
          } else {
            CHECK(table->Least(pos, k, need) <= least);
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
    TableLimits limits;
    limits.max_row_cells = 6 * 9;  // at most 8 hour units with 5 courses
    limits.max_cells = limits.max_row_cells * 3;
    auto table = CostTable::Build(courses, positions, k_max, need_max, limits);
    if (!table) continue;
    coarse += table->unit() > 1;
    strided += table->stride() > 1;
    for (size_t pos = 0; pos <= positions; ++pos)
      for (int64_t k = 0; k <= k_max; ++k)
        for (int64_t need = 0; need <= need_max; need += 1 + need_max / 50) {
          CAPTURE(n, pos, k, need, table->unit());
          CHECK(table->Least(pos, k, need) <= LeastByEnumeration(courses, pos, k, need));
        }
  }
  CHECK(coarse > 100);
  CHECK(strided > 100);
}

TEST_CASE("The cost table is not built when even one row would be too large") {
  std::vector<TableCourse> courses = {{0, 100, 500}, {1, 200, 900}};
  TableLimits limits;
  limits.max_row_cells = 10;  // 10 courses need 11 cells per hour unit
  CHECK_FALSE(CostTable::Build(courses, 2, 10, 1000, limits));
  CHECK(CostTable::Build(courses, 2, 4, 1000, limits));
  // More courses than the table holds: no bound rather than a wrong one.
  auto table = CostTable::Build(courses, 2, 1, 300, TableLimits{});
  REQUIRE(table);
  CHECK(table->Least(0, 1, 300) == CostTable::kNone);
  CHECK(table->Least(0, 2, 300) == 0);
  CHECK(table->Least(2, 1, 100) == CostTable::kNone);  // no course left
}
