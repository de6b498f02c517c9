// The optimiser's bounds under a course limit (docs/plan.md "The optimiser"): the
// least a plan's remaining courses can cost, from small knapsacks solved exactly
// once per solve.
//
// For courses in the search's order, a table holds, for the suffix starting at
// position i, at most k more courses, at least `need` more hours and (optionally)
// at least c "carry" units of hours, the least cost of such a choice and, among
// the choices of that cost, the fewest hours, and then the fewest courses: a
// knapsack with a cardinality limit, by dynamic programming. The triple, ordered
// cost first, is minimised exactly as a number is, since adding a course adds to
// each part. The hours and courses bound a plan's tie-breaks when its cost bound
// ties the best plan found, where most of a course-limited search is spent. The carry lets a
// subject's table say how many hours its courses bring to the total too (Optimiser's TableBound).
//
// Every other rule of a plan (caps, budget, which subject a course counts for) is
// dropped, so each value is a lower bound on any real choice. Hours are counted in
// coarse units, each course's hours rounded up and each need rounded down: that
// only lets more choices qualify, so the bound stays valid, and it keeps the table
// small. Memory and build time are bounded (TableLimits); a table that would
// exceed them is not built, and the optimiser keeps its other bounds.
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
  size_t max_cells = 1 << 17;              // entries stored (24 bytes each): 3 MB
  size_t max_row_cells = 1 << 13;          // entries per stored suffix
  uint64_t max_work = uint64_t{64} << 20;  // entry updates while building
};

// What a table answers: up to `max_courses` courses, needs up to `max_need`
// hundredths of an hour, and carries of 0 to `carry_levels` units of `carry_unit`
// hundredths (carry_levels 0: no carry dimension).
struct TableShape {
  int64_t max_courses = 0;
  int64_t max_need = 0;
  int64_t carry_unit = 1;
  int64_t carry_levels = 0;
};

class CostTable {
 public:
  static constexpr int64_t kNone = INT64_MAX / 4;  // no choice meets the need

  // Cost first, then hours, then courses (the order plans are judged in): a lower
  // bound in that order on any choice.
  struct Least {
    int64_t cost = 0;     // cents; kNone when no choice meets the need
    int64_t hours = 0;    // hundredths of an hour (actual, not rounded)
    int64_t courses = 0;  // how many
    bool operator<(const Least& o) const {
      if (cost != o.cost) return cost < o.cost;
      return hours != o.hours ? hours < o.hours : courses < o.courses;
    }
  };

  // A table for `courses` (positions strictly ascending); nothing when
  // it would exceed `limits` or could bound nothing.
  static std::optional<CostTable> Build(const std::vector<TableCourse>& courses,
                                        const TableShape& shape, const TableLimits& limits);

  // A lower bound, cost first and then hours, on any choice of at most `courses`
  // of the courses at `position` or later, with at least `need` hundredths of an
  // hour, whose hours, each rounded up to whole carry units, make at least `carry`
  // units. Cost kNone when none can. No bound ({0, 0}) for more courses than the
  // table was built for.
  Least Find(size_t position, int64_t courses, int64_t need, int64_t carry = 0) const {
    return At(RowFor(position), courses, need, carry);
  }

  // Find in two steps, for callers that ask many questions at one position: the
  // stored suffix that serves `position` (kNoRow: no course left), and the answer.
  static constexpr size_t kNoRow = SIZE_MAX;
  size_t RowFor(size_t position) const;
  Least At(size_t row, int64_t courses, int64_t need, int64_t carry = 0) const;

  int64_t unit() const { return unit_; }
  size_t stride() const { return stride_; }
  size_t bytes() const { return cells_.size() * sizeof(Least); }

 private:
  size_t Index(size_t row, int64_t courses, int64_t carry, int64_t units) const;
  static constexpr size_t kNoPosition = SIZE_MAX;

  TableShape shape_;
  int64_t unit_ = 1;       // hundredths of an hour per need unit
  int64_t max_units_ = 0;  // need dimension: 0..max_units_
  size_t stride_ = 1;      // a suffix is stored every `stride_` courses
  // Per stored suffix: the position of its first course, and of the course before
  // it (or none). The last course's position.
  std::vector<size_t> row_start_, row_before_;
  size_t last_ = 0;
  std::vector<Least> cells_;  // rows x courses x carries x need units
};

}  // namespace cecat::plan::detail
