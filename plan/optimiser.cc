#include "plan/optimiser.h"

#include "plan/detail/greedy_seed.h"
#include "plan/detail/integer_plan.h"
#include "plan/detail/limit_bound.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>

namespace cecat::plan {
namespace {

using detail::Counted;
using detail::Hundredths;
using detail::Item;
using detail::kInf;
using detail::MakeNeed;
using detail::Need;
using detail::Score;
using detail::State;

constexpr int64_t kMaxTableCourses = 64;     // course limits the tables serve
constexpr size_t kMaxDominanceItems = 6000;  // FindEarlierDominators
constexpr size_t kMaxDominators = 8;         // per item

// Whether `a` dominates `b`: swapping b for a in any plan keeps it valid and
// makes it no worse (strictly cheaper, or the same price and hours).
bool Dominates(const Item& a, const Item& b) {
  if ((a.m & b.m) != b.m) return false;
  if (!(a.g == b.g || a.g == -1)) return false;
  if (a.h < b.h) return false;
  if (a.c < b.c) return true;
  if (a.c != b.c || a.h != b.h) return false;
  // Equal price and hours: the wider one wins; between equals, the earlier one.
  if (a.m != b.m || a.g != b.g) return true;
  return a.orig < b.orig;
}

using Least = detail::LimitBound::Least;

class Search {
 public:
  Search(std::vector<Item> items, const Need& need, SolveStats* stats)
      : items_(std::move(items)), n_(need), stats_(stats) {
    const size_t subjects = n_.subject.size();
    // With a course limit, each item also pays a Lagrangian price per course (below,
    // Visit); without one, only the price itself.
    if (n_.max_courses != kInf) {
      lambdas_ = {0, 500, 1000, 2000, 4000, 8000, 16000, 32000, 64000};
    } else {
      lambdas_ = {0};
    }
    by_ratio_.assign(lambdas_.size(), std::vector<std::vector<size_t>>(subjects + 1));
    for (size_t l = 0; l < lambdas_.size(); ++l) {
      const int64_t lambda = lambdas_[l];
      auto ratio_less = [&](size_t a, size_t b) {
        // Exact in 64 bits: Validate bounds prices and hours (kMaxPrice, kMaxHours).
        const int64_t x = (items_[a].c + lambda) * items_[b].h;
        const int64_t y = (items_[b].c + lambda) * items_[a].h;
        return x != y ? x < y : a < b;
      };
      auto& lists = by_ratio_[l];
      for (size_t i = 0; i < items_.size(); ++i) {
        lists[subjects].push_back(i);
        for (size_t s = 0; s < subjects; ++s)
          if (items_[i].m & (1u << s)) lists[s].push_back(i);
      }
      for (auto& list : lists) std::sort(list.begin(), list.end(), ratio_less);
    }
    // Range maxima of hours (sparse tables), over every item and over the items
    // covering each subject: the most hours one affordable course still to come can
    // add, which bounds the courses a plan still needs.
    max_h_.resize(subjects + 1);
    for (size_t t = 0; t <= subjects; ++t) {
      std::vector<std::vector<int64_t>>& table = max_h_[t];
      table.emplace_back();
      for (const Item& it : items_)
        table[0].push_back(t == subjects || (it.m & (1u << t)) ? it.h : 0);
      for (size_t w = 1; 2 * w <= items_.size(); w *= 2) {
        const std::vector<int64_t>& prev = table.back();
        std::vector<int64_t> next(items_.size() - 2 * w + 1);
        for (size_t i = 0; i < next.size(); ++i) next[i] = std::max(prev[i], prev[i + w]);
        table.push_back(std::move(next));
      }
    }
    // Identical items are interchangeable: excluding one excludes its run.
    next_distinct_.assign(items_.size(), items_.size());
    for (size_t k = items_.size(); k-- > 0;) {
      const bool same = k + 1 < items_.size() && items_[k + 1].h == items_[k].h &&
                        items_[k + 1].c == items_[k].c && items_[k + 1].g == items_[k].g &&
                        items_[k + 1].m == items_[k].m;
      next_distinct_[k] = same ? next_distinct_[k + 1] : k + 1;
    }
    state_.group_sum.assign(n_.cap.size(), 0);
    state_.subject_sum.assign(subjects, 0);
    chosen_.reserve(64);
    residual_.assign(subjects, 0);
    FindEarlierDominators();
    // The per-node fold of the limit bound grows with the square of the limit:
    // beyond kMaxTableCourses the other bounds do.
    if (n_.max_courses <= kMaxTableCourses) BuildLimitBound();
  }

  void Run() {
    if (n_.time_limit_s > 0)
      deadline_ = std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(n_.time_limit_s));
    Seed();
    Visit(0);
  }
  const Score& best() const { return best_; }
  bool stopped() const { return stopped_; }
  const std::vector<std::pair<size_t, int>>& best_plan() const { return best_plan_; }

 private:
  // The most hours of one item in [from, to): covering subject `t`, or any item
  // when t is the number of subjects.
  int64_t MaxHours(size_t t, size_t from, size_t to) const {
    if (from >= to) return 0;
    size_t level = 0;
    while ((size_t{2} << level) <= to - from) ++level;
    const auto& table = max_h_[t];
    return std::max(table[level][from], table[level][to - (size_t{1} << level)]);
  }

  // A first plan to prune by (detail/greedy_seed.h). Any plan will do: the
  // search only keeps a strictly better one.
  void Seed() {
    detail::SeedPlan seed = detail::GreedySeed(items_, n_);
    if (seed.score < best_) {
      best_ = seed.score;
      best_plan_ = std::move(seed.courses);
    }
  }

  // The least a cover of `need` more hours can cost from the items [k, end) of
  // `list`, fractions of courses allowed (a lower bound on any real cover).
  // Each item costs its price plus `lambda`.
  double FracCover(const std::vector<size_t>& list, size_t k, size_t end, int64_t need,
                   int64_t lambda) const {
    double cost = 0;
    int64_t left = need;
    for (size_t i : list) {
      if (i < k || i >= end) continue;
      const Item& it = items_[i];
      const auto c = static_cast<double>(it.c + lambda);
      if (it.h >= left) return cost + c * static_cast<double>(left) / static_cast<double>(it.h);
      cost += c;
      left -= it.h;
    }
    return std::numeric_limits<double>::infinity();
  }

  // A lower bound on the cost of covering the remaining needs from [k, end) with
  // at most `courses` more items. For each lambda, the fractional covers with every
  // item's price raised by lambda, less lambda times the courses allowed, bound the
  // cost (Lagrangian relaxation of the course limit; lambda 0 is the plain
  // fractional cover). The subjects' covers are disjoint, so their sum bounds too.
  double CostBound(size_t k, size_t end, int64_t r_total, int64_t courses) const {
    const size_t subjects = n_.subject.size();
    double best = 0;
    for (size_t l = 0; l < lambdas_.size(); ++l) {
      const int64_t lambda = lambdas_[l];
      const double allowance = static_cast<double>(lambda) * static_cast<double>(courses);
      double total = r_total > 0 ? FracCover(by_ratio_[l][subjects], k, end, r_total, lambda) : 0;
      double sum = 0;
      for (size_t s = 0; s < subjects; ++s) {
        const int64_t r = std::max<int64_t>(0, n_.subject[s] - state_.subject_sum[s]);
        if (r > 0) sum += FracCover(by_ratio_[l][s], k, end, r, lambda);
      }
      if (!std::isfinite(total) || !std::isfinite(sum)) return total + sum;  // infinite
      // Each subject's cover may use every remaining course: its allowance is whole.
      best = std::max(best, std::max(total - allowance, sum - allowance * (subjects > 0 ? 1 : 0)));
    }
    return best;
  }

  // With a course limit, the least cost of finishing a plan within the courses left
  // (detail/limit_bound.h).
  void BuildLimitBound() {
    std::vector<detail::BoundItem> items;
    for (const Item& it : items_) items.push_back({it.h, it.c, it.m});
    limit_bound_.emplace(items, n_.max_courses, n_.total, n_.subject);
    if (stats_) stats_->table_bytes = limit_bound_->bytes();
  }

  void Visit(size_t k) {
    if (stopped_) return;
    ++visited_;
    if ((n_.node_limit != 0 && visited_ > n_.node_limit) ||
        (n_.time_limit_s > 0 && (visited_ & 63) == 0 &&
         std::chrono::steady_clock::now() >= deadline_)) {
      stopped_ = true;  // every open call returns at its next Visit
      return;
    }
    if (stats_) ++stats_->nodes;
    if (state_.cost > n_.budget || state_.count > n_.max_courses) return;
    const int64_t counted = Counted(state_.uncapped, state_.group_sum, n_);
    const int64_t r_total = std::max<int64_t>(0, n_.total - counted);
    int64_t r_subjects = 0;
    int unmet = 0;
    for (size_t s = 0; s < n_.subject.size(); ++s) {
      const int64_t r = std::max<int64_t>(0, n_.subject[s] - state_.subject_sum[s]);
      r_subjects += r;
      unmet += r > 0;
    }
    if (r_total == 0 && r_subjects == 0) {
      Score here{state_.cost, state_.hours - n_.total, state_.count};
      if (here < best_) {
        best_ = here;
        best_plan_ = chosen_;
      }
      return;  // another course would only add hours
    }
    if (k >= items_.size() || state_.count >= n_.max_courses) return;
    // Only items that cost no more than the budget left, and than what would still
    // tie the best plan so far, can be added: items are cheapest first, so those
    // are [k, end).
    int64_t slack = n_.budget - state_.cost;
    if (best_.cost != kInf) slack = std::min(slack, best_.cost - state_.cost);
    if (slack < 0) return;
    const size_t end = static_cast<size_t>(
        std::upper_bound(items_.begin() + static_cast<std::ptrdiff_t>(k), items_.end(), slack,
                         [](int64_t v, const Item& it) { return v < it.c; }) -
        items_.begin());
    if (end <= k) return;
    // Bounds: cost from fractional covers (the subjects' covers are disjoint, so
    // their sum bounds too); hours: every subject hour is a distinct hour, and the
    // total needs r_total more; courses: one per unmet subject, and enough hours
    // from the affordable items.
    const int64_t courses_left = n_.max_courses == kInf ? static_cast<int64_t>(items_.size())
                                                        : n_.max_courses - state_.count;
    const double frac = CostBound(k, end, r_total, courses_left);
    if (!std::isfinite(frac)) return;
    Least table{0, 0};
    int64_t fewest = 0;  // courses of any completion that can tie the best plan
    if (limit_bound_) {
      for (size_t sj = 0; sj < n_.subject.size(); ++sj)
        residual_[sj] = n_.subject[sj] - state_.subject_sum[sj];
      // Only completions that cost at most `slack` can make a plan as good as the
      // best so far, or stay within the budget; when the best plan's cost is the
      // tighter limit, at that cost only those with no more hours than it has.
      int64_t hours_cap = detail::CostTable::kNone;
      if (best_.cost != kInf) hours_cap = best_.excess + n_.total - state_.hours;
      table = limit_bound_->Find(k, courses_left, r_total, residual_, slack, hours_cap, &fewest);
      if (table.cost >= detail::CostTable::kNone || fewest > courses_left) return;
    }
    // Costs are whole cents: a bound of 12.0000001 cents still allows 12.
    const int64_t more_cost = std::max(table.cost, static_cast<int64_t>(std::ceil(frac - 1e-6)));
    // Hours and courses every completion needs.
    const int64_t more_hours = std::max(r_total, r_subjects);
    const int64_t hmax = MaxHours(n_.subject.size(), k, end);
    // Each course counts for one subject: each unmet subject needs courses of its
    // own, at least its remaining hours over its largest affordable course.
    int64_t per_subject = 0;
    for (size_t sj = 0; sj < n_.subject.size(); ++sj) {
      const int64_t r = n_.subject[sj] - state_.subject_sum[sj];
      if (r <= 0) continue;
      const int64_t h = MaxHours(sj, k, end);
      if (h <= 0) return;
      per_subject += (r + h - 1) / h;
    }
    auto courses_for = [&](int64_t hours) { return hmax > 0 ? (hours + hmax - 1) / hmax : kInf; };
    const int64_t more_courses =
        std::max<int64_t>({1, unmet, per_subject, courses_for(more_hours)});
    if (state_.cost + more_cost > n_.budget) return;
    if (state_.count + more_courses > n_.max_courses) return;
    // The tie-breaks of a completion that costs only more_cost: the tables' hours,
    // and with those hours their courses. A dearer one is worse whatever they are.
    int64_t tie_hours = more_hours, tie_courses = std::max(more_courses, fewest);
    if (table.cost == more_cost && table.hours >= more_hours) {
      tie_hours = table.hours;
      tie_courses = std::max({tie_courses, courses_for(tie_hours), table.courses});
    }
    Score bound{state_.cost + more_cost, state_.hours + tie_hours - n_.total,
                state_.count + tie_courses};
    if (!(bound < best_)) return;

    if (courses_left == 1) {
      LastCourse(k, end, r_total);
      return;
    }
    const Item& it = items_[k];
    // Include it, for each subject it can still help, or for the total alone.
    if (!DominatorLeftOut(k)) {
      for (size_t s = 0; s < n_.subject.size(); ++s) {
        if (!(it.m & (1u << s)) || state_.subject_sum[s] >= n_.subject[s]) continue;
        Include(k, static_cast<int>(s));
      }
      const bool helps_total =
          r_total > 0 && (it.g < 0 || state_.group_sum[static_cast<size_t>(it.g)] < n_.cap[it.g]);
      if (helps_total) Include(k, -1);
    }
    // Leave it out, and its identical copies with it.
    Visit(next_distinct_[k]);
  }

  // Whether an earlier item that dominates item k was left out of the plan so far.
  // Then a plan with k has a twin with that item instead, as good or better
  // (Dominates), which the search reaches elsewhere: among the best plans, one
  // whose items come earliest in the order never includes an item after leaving
  // out one that dominates it. This cuts the many equal plans that differ only in
  // which of several alike courses (free webinars, say) they take.
  bool DominatorLeftOut(size_t k) const {
    for (uint32_t a : earlier_dominators_[k])
      if (!in_plan_[a]) return true;
    return false;
  }

  // For each item, up to kMaxDominators earlier items that dominate it: a few are
  // enough to cut most twins. Quadratic, so only for up to kMaxDominanceItems items.
  void FindEarlierDominators() {
    earlier_dominators_.assign(items_.size(), {});
    in_plan_.assign(items_.size(), 0);
    if (items_.size() > kMaxDominanceItems) return;
    for (size_t b = 0; b < items_.size(); ++b) {
      for (size_t a = 0; a < b && earlier_dominators_[b].size() < kMaxDominators; ++a)
        if (Dominates(items_[a], items_[b]))
          earlier_dominators_[b].push_back(static_cast<uint32_t>(a));
    }
  }

  // One course left: the plan is finished by a single item of [k, end) that meets
  // every remaining need alone, or not at all. Scanning for the best such item
  // replaces a branch per item (two search nodes each) at the deepest level.
  void LastCourse(size_t k, size_t end, int64_t r_total) {
    int unmet_subject = -1;
    for (size_t sj = 0; sj < n_.subject.size(); ++sj) {
      if (state_.subject_sum[sj] >= n_.subject[sj]) continue;
      if (unmet_subject >= 0) return;  // two subjects cannot share one course
      unmet_subject = static_cast<int>(sj);
    }
    for (size_t i = k; i < end; ++i) {
      const Item& it = items_[i];
      if (DominatorLeftOut(i)) continue;
      if (unmet_subject >= 0) {
        const auto sj = static_cast<size_t>(unmet_subject);
        if (!(it.m & (1u << sj)) || state_.subject_sum[sj] + it.h < n_.subject[sj]) continue;
      }
      if (r_total > 0) {
        int64_t adds = it.h;
        if (it.g >= 0) {
          const auto g = static_cast<size_t>(it.g);
          adds = std::max<int64_t>(0, std::min(n_.cap[g], state_.group_sum[g] + it.h) -
                                          std::min(n_.cap[g], state_.group_sum[g]));
        }
        if (adds < r_total) continue;
      }
      if (stats_) ++stats_->nodes;
      Score here{state_.cost + it.c, state_.hours + it.h - n_.total, state_.count + 1};
      if (here < best_) {
        best_ = here;
        best_plan_ = chosen_;
        best_plan_.emplace_back(i, unmet_subject);
      }
    }
  }

  void Include(size_t k, int subject) {
    const Item& it = items_[k];
    state_.Add(it, subject);
    chosen_.emplace_back(k, subject);
    in_plan_[k] = 1;
    Visit(k + 1);
    in_plan_[k] = 0;
    chosen_.pop_back();
    state_.Add(it, subject, -1);
  }

  std::vector<Item> items_;
  Need n_;
  SolveStats* stats_;
  std::vector<int64_t> lambdas_;  // cents per course (CostBound)
  std::vector<double> scratch_;   // HoursReachable's values
  // Per lambda: per subject, then the total, item indexes by (price + lambda) / hours.
  std::vector<std::vector<std::vector<size_t>>> by_ratio_;
  std::vector<std::vector<std::vector<int64_t>>> max_h_;  // per subject, then all
  std::vector<size_t> next_distinct_;
  std::optional<detail::LimitBound> limit_bound_;          // with a course limit only
  std::vector<int64_t> residual_;                          // per subject, for limit_bound_
  std::vector<std::vector<uint32_t>> earlier_dominators_;  // DominatorLeftOut
  std::vector<char> in_plan_;                              // per item: in chosen_
  State state_;
  std::vector<std::pair<size_t, int>> chosen_;
  Score best_;
  uint64_t visited_ = 0;                            // nodes, counted against Need::node_limit
  std::chrono::steady_clock::time_point deadline_;  // with Need::time_limit_s
  bool stopped_ = false;
  std::vector<std::pair<size_t, int>> best_plan_;
};

// How many courses a plan that is worth returning can hold: an optimal plan is
// minimal (dropping any course saves hours), so each subject's courses, and the
// courses that count for the total alone, all but one fall short of their need.
int64_t PlanSizeBound(const Need& n, int64_t h_min) {
  if (h_min <= 0) return kInf;
  int64_t k = n.total / h_min + 1;
  for (int64_t s : n.subject)
    if (s > 0) k += s / h_min + 1;
  return std::min(k, n.max_courses);
}

// Drops every item that at least `keep` others dominate: a plan holds at most
// `keep` courses, so one of those dominators is always free to take its place.
std::vector<Item> PruneDominated(std::vector<Item> items, int64_t keep) {
  // Cheapest first, then most hours: a dominator always comes earlier.
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return std::tie(a.c, b.h, a.orig) < std::tie(b.c, a.h, b.orig);
  });
  // Per structure (subjects, cap group): the items kept so far, for the checks.
  std::map<std::pair<uint32_t, int>, std::vector<size_t>> groups;
  std::vector<Item> kept;
  kept.reserve(items.size());
  for (const Item& b : items) {
    int64_t dominators = 0;
    for (const auto& [key, members] : groups) {
      if ((key.first & b.m) != b.m || !(key.second == b.g || key.second == -1)) continue;
      // Members are in kept order (cheapest first); count those that dominate b.
      for (auto it = members.rbegin(); it != members.rend() && dominators < keep; ++it) {
        if (Dominates(kept[*it], b)) ++dominators;
      }
      if (dominators >= keep) break;
    }
    if (dominators >= keep) continue;
    groups[{b.m, b.g}].push_back(kept.size());
    kept.push_back(b);
  }
  return kept;
}

}  // namespace

std::string Validate(const Problem& p) {
  auto bad = [](double v) { return !std::isfinite(v) || v < 0; };
  auto bad_hours = [&](double v) { return bad(v) || v > kMaxHours; };
  if (bad_hours(p.total_hours)) return "total hours must be a number from 0 to 10000";
  if (p.subject_hours.size() > kMaxSubjects)
    return "at most " + std::to_string(kMaxSubjects) + " required subjects";
  for (double h : p.subject_hours)
    if (bad_hours(h)) return "subject hours must be numbers from 0 to 10000";
  for (double c : p.caps)
    if (bad_hours(c)) return "caps must be numbers from 0 to 10000";
  if (p.budget && bad(*p.budget)) return "the budget must be a number >= 0";
  if (p.max_courses < 0) return "the course limit must be >= 0";
  if (bad(p.time_limit_s)) return "the time limit must be a number of seconds >= 0";
  for (size_t i = 0; i < p.candidates.size(); ++i) {
    const Candidate& c = p.candidates[i];
    const std::string at = "candidate " + std::to_string(i) + ": ";
    if (bad(c.hours) || bad(c.price)) return at + "hours and price must be numbers >= 0";
    if (c.hours > kMaxHours || c.price > kMaxPrice)
      return at + "more than " + std::to_string(static_cast<int>(kMaxHours)) + " hours or " +
             std::to_string(static_cast<int64_t>(kMaxPrice)) + " in price";
    if (c.cap_group < -1 || c.cap_group >= static_cast<int>(p.caps.size()))
      return at + "cap group out of range";
    if (p.subject_hours.size() < 32 && (c.subjects >> p.subject_hours.size()) != 0)
      return at + "covers a subject the problem does not have";
  }
  return "";
}

Solution Solve(const Problem& p, SolveStats* stats) {
  Solution out;
  if (!Validate(p).empty()) return out;
  const Need n = MakeNeed(p);
  std::vector<Item> items;
  for (size_t i = 0; i < p.candidates.size(); ++i) {
    const Candidate& c = p.candidates[i];
    Item it{Hundredths(c.hours), Hundredths(c.price), c.cap_group, c.subjects & n.useful, i};
    if (it.h <= 0 || it.c > n.budget) continue;  // cannot help, or never affordable
    if (n.total == 0 && it.m == 0) continue;     // counts for nothing still needed
    items.push_back(it);
  }
  if (stats) stats->candidates = items.size();
  int64_t h_min = kInf;
  for (const Item& it : items) h_min = std::min(h_min, it.h);
  items = PruneDominated(std::move(items), std::max<int64_t>(1, PlanSizeBound(n, h_min)));
  if (stats) stats->kept = items.size();
  // Cheapest first, so a good plan is found early and bounds the rest.
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return std::tie(a.c, b.h, a.g, a.m, a.orig) < std::tie(b.c, a.h, b.g, b.m, b.orig);
  });
  Search search(items, n, stats);
  search.Run();
  out.proven = !search.stopped();
  if (search.best().cost == kInf) return out;
  out.found = true;
  out.subject_hundredths.assign(n.subject.size(), 0);
  std::vector<int64_t> group_sum(n.cap.size(), 0);
  int64_t uncapped = 0;
  for (const auto& [k, subject] : search.best_plan()) {
    const Item& it = items[k];
    out.courses.push_back(Chosen{it.orig, subject});
    out.cost_cents += it.c;
    out.hours_hundredths += it.h;
    if (subject >= 0) out.subject_hundredths[static_cast<size_t>(subject)] += it.h;
    if (it.g < 0) {
      uncapped += it.h;
    } else {
      group_sum[static_cast<size_t>(it.g)] += it.h;
    }
  }
  out.counted_hundredths = Counted(uncapped, group_sum, n);
  std::sort(out.courses.begin(), out.courses.end(),
            [](const Chosen& a, const Chosen& b) { return a.candidate < b.candidate; });
  return out;
}

Solution BruteForce(const Problem& p) {
  Solution best;
  if (!Validate(p).empty()) return best;
  const Need n = MakeNeed(p);
  const size_t count = p.candidates.size();
  Score best_score;
  std::vector<Chosen> current;
  // Every subset, and for each chosen course every subject it covers or none.
  std::function<void(size_t)> walk = [&](size_t i) {
    if (i == count) {
      Solution s;
      s.courses = current;
      s.found = true;
      s.subject_hundredths.assign(n.subject.size(), 0);
      std::vector<int64_t> group_sum(n.cap.size(), 0);
      int64_t uncapped = 0;
      for (const Chosen& c : current) {
        const Candidate& cand = p.candidates[c.candidate];
        const int64_t h = Hundredths(cand.hours);
        s.cost_cents += Hundredths(cand.price);
        s.hours_hundredths += h;
        if (c.subject >= 0) s.subject_hundredths[static_cast<size_t>(c.subject)] += h;
        if (cand.cap_group < 0) {
          uncapped += h;
        } else {
          group_sum[static_cast<size_t>(cand.cap_group)] += h;
        }
      }
      s.counted_hundredths = Counted(uncapped, group_sum, n);
      if (!Check(p, s).empty()) return;
      Score score{s.cost_cents, s.hours_hundredths - n.total,
                  static_cast<int64_t>(s.courses.size())};
      if (score < best_score) {
        best_score = score;
        best = s;
      }
      return;
    }
    walk(i + 1);
    const uint32_t m = p.candidates[i].subjects;
    current.push_back(Chosen{i, -1});
    walk(i + 1);
    for (size_t s = 0; s < p.subject_hours.size(); ++s) {
      if (!(m & (1u << s))) continue;
      current.back().subject = static_cast<int>(s);
      walk(i + 1);
    }
    current.pop_back();
  };
  walk(0);
  return best;
}

std::string Check(const Problem& p, const Solution& s) {
  if (!s.found) return "no plan";
  const Need n = MakeNeed(p);
  int64_t cost = 0, uncapped = 0;
  std::vector<int64_t> group_sum(n.cap.size(), 0), subject_sum(n.subject.size(), 0);
  std::vector<bool> used(p.candidates.size(), false);
  for (const Chosen& c : s.courses) {
    if (c.candidate >= p.candidates.size()) return "a course that is not a candidate";
    if (used[c.candidate]) return "a course chosen twice";
    used[c.candidate] = true;
    const Candidate& cand = p.candidates[c.candidate];
    const int64_t h = Hundredths(cand.hours);
    cost += Hundredths(cand.price);
    if (c.subject >= 0) {
      if (static_cast<size_t>(c.subject) >= n.subject.size() ||
          !(cand.subjects & (1u << c.subject)))
        return "a course counted for a subject it does not cover";
      subject_sum[static_cast<size_t>(c.subject)] += h;
    }
    if (cand.cap_group < 0) {
      uncapped += h;
    } else {
      group_sum[static_cast<size_t>(cand.cap_group)] += h;
    }
  }
  if (Counted(uncapped, group_sum, n) < n.total) return "the total is not met";
  for (size_t i = 0; i < n.subject.size(); ++i)
    if (subject_sum[i] < n.subject[i]) return "subject " + std::to_string(i) + " is not met";
  if (cost > n.budget) return "over budget";
  if (static_cast<int64_t>(s.courses.size()) > n.max_courses) return "too many courses";
  return "";
}

}  // namespace cecat::plan
