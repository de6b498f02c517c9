#include "plan/detail/greedy_seed.h"

#include <algorithm>
#include <numeric>

namespace cecat::plan::detail {
namespace {

constexpr int kSeedAnchors = 32;  // paid courses each pass is built around

// The items of `order` that still help, in turn, each counted for the unmet
// subject it covers that needs the most, else the total, until every need is met
// (then the plan is kept if better) or the budget or course limit stops it. With
// `subjects_first`, a first sweep takes only items that help a subject.
void Greedy(const std::vector<Item>& items, const Need& need, const std::vector<size_t>& order,
            bool subjects_first, SeedPlan* best) {
  State st;
  st.group_sum.assign(need.cap.size(), 0);
  st.subject_sum.assign(need.subject.size(), 0);
  std::vector<std::pair<size_t, int>> plan;
  std::vector<bool> taken(items.size(), false);
  auto unmet_total = [&] { return need.total - Counted(st.uncapped, st.group_sum, need); };
  for (int sweep = subjects_first ? 0 : 1; sweep < 2; ++sweep) {
    for (size_t k : order) {
      const Item& it = items[k];
      if (st.count >= need.max_courses) return;
      if (taken[k] || st.cost + it.c > need.budget) continue;
      int subject = -1;
      int64_t most = 0;
      for (size_t sj = 0; sj < need.subject.size(); ++sj) {
        const int64_t r = need.subject[sj] - st.subject_sum[sj];
        if ((it.m & (1u << sj)) && r > most) {
          most = r;
          subject = static_cast<int>(sj);
        }
      }
      const bool helps_total =
          sweep == 1 && unmet_total() > 0 &&
          (it.g < 0 || st.group_sum[static_cast<size_t>(it.g)] < need.cap[it.g]);
      if (subject < 0 && !helps_total) continue;
      taken[k] = true;
      st.Add(it, subject);
      plan.emplace_back(k, subject);
      bool met = unmet_total() <= 0;
      for (size_t sj = 0; sj < need.subject.size(); ++sj)
        met = met && st.subject_sum[sj] >= need.subject[sj];
      if (!met) continue;
      const Score here{st.cost, st.hours - need.total, st.count};
      if (here < best->score) {
        best->score = here;
        best->courses = plan;
      }
      return;
    }
  }
}

}  // namespace

// Passes: most hours first; least price per hour first; that again, taking courses
// for the subjects before any for the total alone, which a course limit needs when
// cheap courses for the total abound.
SeedPlan GreedySeed(const std::vector<Item>& items, const Need& need) {
  SeedPlan best;
  auto greedy = [&](const std::vector<size_t>& order, bool subjects_first) {
    Greedy(items, need, order, subjects_first, &best);
  };
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return items[a].h > items[b].h; });
  greedy(order, false);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return items[a].c * items[b].h < items[b].c * items[a].h;
  });
  greedy(order, false);
  greedy(order, true);
  // Again, each of the paid courses of least price per hour first: a plan built
  // around one cheap long course (a package counted for a subject, free courses
  // for the rest) is often the optimum, and the other passes seldom pick it.
  std::vector<size_t> anchored;
  anchored.reserve(order.size());
  int anchors = 0;
  for (size_t a : order) {
    if (anchors == kSeedAnchors) break;
    if (items[a].c == 0) continue;
    ++anchors;
    anchored.assign(1, a);
    for (size_t k : order)
      if (k != a) anchored.push_back(k);
    greedy(anchored, true);
  }
  return best;
}

}  // namespace cecat::plan::detail
