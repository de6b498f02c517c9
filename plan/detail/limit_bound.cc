#include "plan/detail/limit_bound.h"

#include <algorithm>
#include <numeric>

namespace cecat::plan::detail {
namespace {

constexpr int64_t kNone = CostTable::kNone;
using Least = CostTable::Least;

Least Plus(const Least& a, const Least& b) {
  return Least{a.cost + b.cost, a.hours + b.hours, a.courses + b.courses};
}

// Entries of the per-node fold over subjects (courses x carry levels) kept at most
// this many, unless a single carry level needs more: each subject's fold costs
// about their square over two.
constexpr int64_t kFoldCells = 400;

}  // namespace

LimitBound::LimitBound(const std::vector<BoundItem>& items, int64_t max_courses, int64_t total,
                       const std::vector<int64_t>& subjects, TableLimits limits) {
  const size_t count = subjects.size();
  // One memory budget and one build budget for all the tables.
  limits.max_cells /= count + 1;
  limits.max_work /= count + 1;
  int64_t gcd = 0;
  for (const BoundItem& it : items) gcd = std::gcd(gcd, it.hours);
  // The carry: hours a subject's courses bring to the total, in units of the
  // courses' common divisor times a power of two, the finest the fold affords.
  // Each course's carry is rounded up to whole units, so a unit that divides the
  // usual hours (half hours, whole hours, two hours) credits them exactly, where
  // an odd one (3.5 h, say) would credit a 2-hour course with 3.5 and weaken the
  // bound a lot.
  if (total > 0 && gcd > 0) {
    carry_unit_ = gcd;
    auto levels = [&] { return (total + carry_unit_ - 1) / carry_unit_; };
    while ((max_courses + 1) * (levels() + 1) > kFoldCells && levels() > 1) carry_unit_ *= 2;
    carry_levels_ = levels();
  }
  auto build = [&](size_t s, const TableShape& shape) {
    std::vector<TableCourse> courses;
    for (size_t i = 0; i < items.size(); ++i)
      if (s == count || (items[i].subjects & (1u << s)))
        courses.push_back({i, items[i].hours, items[i].cost});
    return CostTable::Build(courses, shape, limits);
  };
  total_ = build(count, TableShape{max_courses, total, 1, 0});
  for (size_t s = 0; s < count; ++s)
    subject_.push_back(build(s, TableShape{max_courses, subjects[s], carry_unit_, carry_levels_}));
}

size_t LimitBound::bytes() const {
  size_t b = total_ ? total_->bytes() : 0;
  for (const auto& t : subject_) b += t ? t->bytes() : 0;
  return b;
}

void LimitBound::AddSubject(size_t s, size_t position, int64_t courses, int64_t need) {
  const std::optional<CostTable>& table = subject_[s];
  const size_t row = table ? table->RowFor(position) : CostTable::kNoRow;
  const int64_t levels = carry_levels_ + 1;
  next_.assign(split_.size(), Least{kNone, 0});
  for (int64_t j = 1; j <= courses; ++j) {
    for (int64_t c = 0; c < levels; ++c) {
      // Without a table, no bound on its cost nor on the hours it carries.
      const Least f = table ? table->At(row, j, need, c) : Least{0, 0};
      if (f.cost > cap_) break;  // more carry costs no less
      for (int64_t k = 0; k + j <= courses; ++k) {
        for (int64_t b = 0; b < levels; ++b) {
          const Least& before = split_[static_cast<size_t>(k * levels + b)];
          if (before.cost >= kNone) continue;
          Least& to = next_[static_cast<size_t>((k + j) * levels + std::min(levels - 1, b + c))];
          const Least with = Plus(before, f);
          if (with.cost <= cap_ && with < to) to = with;
        }
      }
    }
  }
  split_.swap(next_);
}

Least LimitBound::Find(size_t position, int64_t courses, int64_t total,
                       const std::vector<int64_t>& subjects, int64_t cost_cap, int64_t hours_cap,
                       int64_t* fewest) {
  if (fewest) *fewest = courses + 1;
  cap_ = std::min(cost_cap, kNone - 1);
  const size_t row = total_ ? total_->RowFor(position) : CostTable::kNoRow;
  const Least alone = total_ ? total_->At(row, courses, total) : Least{0, 0};
  if (alone.cost > cap_) return Least{kNone, 0};
  // The subjects' courses are distinct (each counts for one subject), and with the
  // courses that count for the total alone they make the plan: split the courses
  // left among them every way, the subjects' courses carrying some hours to the
  // total and the others bringing the rest.
  const int64_t levels = carry_levels_ + 1;
  split_.assign(static_cast<size_t>((courses + 1) * levels), Least{kNone, 0});
  split_[0] = Least{0, 0};
  for (size_t s = 0; s < subjects.size(); ++s)
    if (subjects[s] > 0) AddSubject(s, position, courses, subjects[s]);
  // Per course count K (all of them only for `fewest`): the least over the splits
  // whose subjects take k <= K courses and the total the rest.
  const int64_t first = fewest ? 0 : courses;
  by_courses_.assign(static_cast<size_t>(courses + 1), Least{kNone, 0});
  for (int64_t k = 0; k <= courses; ++k) {
    for (int64_t c = 0; c < levels; ++c) {
      const Least& part = split_[static_cast<size_t>(k * levels + c)];
      if (part.cost >= kNone) continue;
      const int64_t rest_need = total - c * carry_unit_;
      for (int64_t K = std::max(k, first); K <= courses; ++K) {
        Least& best = by_courses_[static_cast<size_t>(K)];
        if (!(part < best)) continue;
        Least rest{0, 0};
        if (rest_need > 0) {
          rest = total_ ? total_->At(row, K - k, rest_need) : Least{0, 0};
          if (K - k <= 0) rest = Least{kNone, 0};
        }
        if (rest.cost >= kNone || part.cost + rest.cost > cap_) continue;
        best = std::min(best, Plus(part, rest));
      }
    }
  }
  if (fewest) {
    // The bound for at most K courses is the larger of the total's alone and the
    // split's; the least K whose bound is within the caps.
    Least within{kNone, 0};
    for (int64_t K = 0; K <= courses; ++K) {
      within = std::min(within, by_courses_[static_cast<size_t>(K)]);
      const Least here = std::max(within, total_ ? total_->At(row, K, total) : Least{0, 0});
      if (here.cost < cap_ || (here.cost == cap_ && here.hours <= hours_cap)) {
        if (here.cost < kNone) {
          *fewest = K;
          break;
        }
      }
    }
  }
  return std::max(alone, by_courses_[static_cast<size_t>(courses)]);
}

}  // namespace cecat::plan::detail
