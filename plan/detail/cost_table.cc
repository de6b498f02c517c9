#include "plan/detail/cost_table.h"

#include <algorithm>
#include <numeric>

namespace cecat::plan::detail {
namespace {

// The finest hour unit that keeps the table within `limits`: the courses' common
// divisor (exact when every course is a whole number of half hours, say), doubled
// until a row, and the work of filling every row, fit. 0 when none does.
int64_t ChooseUnit(const std::vector<TableCourse>& courses, int64_t max_courses, int64_t max_need,
                   const TableLimits& limits) {
  int64_t unit = 0;
  for (const TableCourse& c : courses) unit = std::gcd(unit, c.hours);
  if (unit <= 0) return 0;
  const auto width = static_cast<uint64_t>(max_courses + 1);
  for (;;) {
    const auto units = static_cast<uint64_t>(max_need / unit);
    if (units == 0) return 0;  // every need rounds down to nothing: no bound
    const uint64_t row = width * (units + 1);
    if (row <= limits.max_row_cells && row * courses.size() <= limits.max_work) return unit;
    unit *= 2;
  }
}

}  // namespace

std::optional<CostTable> CostTable::Build(const std::vector<TableCourse>& courses, size_t positions,
                                          int64_t max_courses, int64_t max_need,
                                          const TableLimits& limits) {
  if (courses.empty() || max_courses <= 0 || max_need <= 0) return std::nullopt;
  const int64_t unit = ChooseUnit(courses, max_courses, max_need, limits);
  if (unit == 0) return std::nullopt;
  CostTable t;
  t.unit_ = unit;
  t.max_courses_ = max_courses;
  t.max_units_ = max_need / unit;
  const auto width = static_cast<size_t>(t.max_units_ + 1);
  const size_t row_cells = static_cast<size_t>(max_courses + 1) * width;
  // Too many suffixes to store each: keep every stride-th. A query then reads the
  // stored suffix that starts at or before its position, a superset of its
  // courses, whose least cost is no more: still a lower bound.
  const size_t max_rows = std::max<size_t>(1, limits.max_cells / row_cells);
  t.stride_ = (courses.size() + max_rows - 1) / max_rows;
  const size_t rows = (courses.size() + t.stride_ - 1) / t.stride_;
  t.cells_.assign(rows * row_cells, kNone);

  t.first_at_.assign(positions + 1, courses.size());
  for (size_t j = courses.size(); j-- > 0;) t.first_at_[courses[j].position] = j;
  for (size_t p = positions; p-- > 0;)
    t.first_at_[p] = std::min(t.first_at_[p], t.first_at_[p + 1]);

  // The 0/1 knapsack from the last course back: `cur` is the suffix after j.
  std::vector<int64_t> cur(row_cells, kNone);
  for (int64_t k = 0; k <= max_courses; ++k) cur[static_cast<size_t>(k) * width] = 0;
  for (size_t j = courses.size(); j-- > 0;) {
    const int64_t h = std::min(t.max_units_, (courses[j].hours + unit - 1) / unit);
    const int64_t c = courses[j].cost;
    // Courses from most to fewest, so each reads the row before this course.
    for (int64_t k = max_courses; k >= 1; --k) {
      int64_t* to = &cur[static_cast<size_t>(k) * width];
      const int64_t* from = &cur[static_cast<size_t>(k - 1) * width];
      for (int64_t u = t.max_units_; u >= 0; --u) {
        const int64_t prev = from[std::max<int64_t>(0, u - h)];
        if (prev != kNone) to[u] = std::min(to[u], prev + c);
      }
    }
    if (j % t.stride_ == 0)
      std::copy(cur.begin(), cur.end(), t.cells_.begin() + (j / t.stride_) * row_cells);
  }
  return t;
}

int64_t CostTable::Least(size_t position, int64_t courses, int64_t need) const {
  if (need <= 0) return 0;
  if (courses > max_courses_) return 0;
  if (courses <= 0) return kNone;
  const size_t count = first_at_.back();
  const size_t j = position < first_at_.size() ? first_at_[position] : count;
  if (j >= count) return kNone;  // no course left
  const size_t width = static_cast<size_t>(max_units_ + 1);
  const size_t row_cells = static_cast<size_t>(max_courses_ + 1) * width;
  const int64_t units = std::min(max_units_, need / unit_);
  const size_t at =
      (j / stride_) * row_cells + static_cast<size_t>(courses) * width + static_cast<size_t>(units);
  return cells_[at];
}

}  // namespace cecat::plan::detail
