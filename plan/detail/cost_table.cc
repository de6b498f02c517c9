#include "plan/detail/cost_table.h"

#include <algorithm>
#include <numeric>

namespace cecat::plan::detail {
namespace {

int64_t CeilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// The finest need unit that keeps the table within `limits`: the courses' common
// divisor (exact when every course is a whole number of half hours, say), doubled
// until a suffix's entries, and the work of filling every suffix, fit. 0 when none
// does, or when every need rounds down to nothing.
int64_t ChooseUnit(const std::vector<TableCourse>& courses, const TableShape& shape,
                   const TableLimits& limits) {
  int64_t unit = 0;
  for (const TableCourse& c : courses) unit = std::gcd(unit, c.hours);
  if (unit <= 0) return 0;
  const auto width =
      static_cast<uint64_t>(shape.max_courses + 1) * static_cast<uint64_t>(shape.carry_levels + 1);
  for (;;) {
    const auto units = static_cast<uint64_t>(shape.max_need / unit);
    if (units == 0 && shape.carry_levels == 0) return 0;
    const uint64_t row = width * (units + 1);
    if (row <= limits.max_row_cells && row * courses.size() <= limits.max_work) return unit;
    if (units == 0) return 0;
    unit *= 2;
  }
}

}  // namespace

std::optional<CostTable> CostTable::Build(const std::vector<TableCourse>& courses,
                                          const TableShape& shape, const TableLimits& limits) {
  if (courses.empty() || shape.max_courses <= 0 || shape.max_need < 0 || shape.carry_levels < 0 ||
      shape.carry_unit <= 0)
    return std::nullopt;
  const int64_t unit = ChooseUnit(courses, shape, limits);
  if (unit == 0) return std::nullopt;
  CostTable t;
  t.shape_ = shape;
  t.unit_ = unit;
  t.max_units_ = shape.max_need / unit;
  const size_t row_cells = t.Index(1, 0, 0, 0);
  // Too many suffixes to store each: keep every stride-th. A query then reads the
  // stored suffix that starts at or before its position, a superset of its
  // courses, whose least is no more: still a lower bound.
  const size_t max_rows = std::max<size_t>(1, limits.max_cells / row_cells);
  t.stride_ = (courses.size() + max_rows - 1) / max_rows;
  const size_t rows = (courses.size() + t.stride_ - 1) / t.stride_;
  t.cells_.assign(rows * row_cells, Least{kNone, 0});

  for (size_t r = 0; r < rows; ++r) {
    const size_t j = r * t.stride_;
    t.row_start_.push_back(courses[j].position);
    t.row_before_.push_back(j == 0 ? kNoPosition : courses[j - 1].position);
  }
  t.last_ = courses.back().position;

  // The 0/1 knapsack from the last course back: `cur` is the suffix after j.
  std::vector<Least> cur(row_cells, Least{kNone, 0});
  for (int64_t k = 0; k <= shape.max_courses; ++k) cur[t.Index(0, k, 0, 0)] = Least{0, 0};
  const int64_t levels = shape.carry_levels;
  for (size_t j = courses.size(); j-- > 0;) {
    const int64_t h = std::min(t.max_units_, CeilDiv(courses[j].hours, unit));
    const int64_t hc = std::min(levels, CeilDiv(courses[j].hours, shape.carry_unit));
    const Least add{courses[j].cost, courses[j].hours, 1};
    // Courses from most to fewest, so each reads the entries before this course.
    for (int64_t k = shape.max_courses; k >= 1; --k) {
      for (int64_t c = levels; c >= 0; --c) {
        Least* to = &cur[t.Index(0, k, c, 0)];
        const Least* from = &cur[t.Index(0, k - 1, std::max<int64_t>(0, c - hc), 0)];
        for (int64_t u = t.max_units_; u >= 0; --u) {
          const Least& prev = from[std::max<int64_t>(0, u - h)];
          if (prev.cost == kNone) continue;
          const Least with{prev.cost + add.cost, prev.hours + add.hours, prev.courses + 1};
          if (with < to[u]) to[u] = with;
        }
      }
    }
    if (j % t.stride_ == 0)
      std::copy(cur.begin(), cur.end(), t.cells_.begin() + (j / t.stride_) * row_cells);
  }
  return t;
}

size_t CostTable::Index(size_t row, int64_t courses, int64_t carry, int64_t units) const {
  const auto width = static_cast<size_t>(max_units_ + 1);
  const auto levels = static_cast<size_t>(shape_.carry_levels + 1);
  const auto per_row = static_cast<size_t>(shape_.max_courses + 1) * levels * width;
  return row * per_row +
         (static_cast<size_t>(courses) * levels + static_cast<size_t>(carry)) * width +
         static_cast<size_t>(units);
}

size_t CostTable::RowFor(size_t position) const {
  if (position > last_) return kNoRow;  // no course left
  // The first stored suffix that starts at or after `position`: it serves exactly
  // when no course lies between `position` and its start; else the one before it,
  // which holds more courses (a lower bound still).
  const auto it = std::lower_bound(row_start_.begin(), row_start_.end(), position);
  auto row = static_cast<size_t>(it - row_start_.begin());
  if (row == row_start_.size() || (row_before_[row] != kNoPosition && row_before_[row] >= position))
    --row;
  return row;
}

CostTable::Least CostTable::At(size_t row, int64_t courses, int64_t need, int64_t carry) const {
  if (courses > shape_.max_courses) return Least{0, 0};
  need = std::max<int64_t>(0, need);
  carry = std::clamp<int64_t>(carry, 0, shape_.carry_levels);
  if (need == 0 && carry == 0) return Least{0, 0};
  if (courses <= 0 || row == kNoRow) return Least{kNone, 0};
  return cells_[Index(row, courses, carry, std::min(max_units_, need / unit_))];
}

}  // namespace cecat::plan::detail
