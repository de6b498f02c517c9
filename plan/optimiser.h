// The learning plan's optimiser (issue 24, docs/plan.md "The optimiser"): from
// candidate courses, the cheapest set that meets a renewal's requirements.
//
// A small integer program solved exactly. Each chosen course counts toward the
// total and, at most, toward one required subject it covers (the planner says
// which): a board counts an hour once, and a plan that counted one course for two
// subjects could be refused at audit. Hours of courses in a capped group (a board's
// limit on self-study, for example) count toward the total only up to the cap, but
// toward subjects in full. Among the plans that meet every requirement (and the
// budget and the course limit, when given) it returns one that minimises, in this
// order: the cost, the hours beyond the total needed, the number of courses.
//
// Everything is computed in integers (cents, hundredths of an hour), so two plans
// compare exactly and the optimiser agrees with brute force bit for bit
// (tests/plan/optimiser_test.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cecat::plan {

inline constexpr int kMaxSubjects = 16;
// Bounds that keep every product of cents and hundredths of hours in 64 bits.
inline constexpr double kMaxHours = 10000;
inline constexpr double kMaxPrice = 10000000;

struct Candidate {
  double hours = 0;       // CE hours this course earns for the licence
  double price = 0;       // in the catalogue's currency; 0 when free
  int cap_group = -1;     // index into Problem::caps, or -1 (no cap applies)
  uint32_t subjects = 0;  // bit s: the course covers Problem::subject_hours[s]
};

struct Problem {
  double total_hours = 0;             // hours that must count toward the total
  std::vector<double> subject_hours;  // hours needed per required subject (<= 16)
  std::vector<double> caps;           // per cap group: hours that may count at most
  std::optional<double> budget;       // total price at most
  int max_courses = 0;                // 0: no limit
  std::vector<Candidate> candidates;
  // 0: search until the plan is proven optimal. Else stop after this many search
  // nodes and return the best plan found so far, with Solution::proven false: a
  // bound on the time of the rare course-limited problems whose proof is long
  // (docs/plan.md "Speed").
  uint64_t node_limit = 0;
  // The same by time: 0, or stop after this many seconds of search (checked every
  // 64 nodes). Not deterministic: for callers that must answer in time (the CLI);
  // tests use node_limit.
  double time_limit_s = 0;
};

struct Chosen {
  size_t candidate = 0;  // index into Problem::candidates
  int subject = -1;      // the subject it counts for, or -1 (the total only)
};

struct Solution {
  bool found = false;  // a plan meets every requirement and limit
  // The plan is the optimum (found) or no plan exists (!found). False only when
  // Problem::node_limit or time_limit_s stopped the search: the plan is the best found, or none
  // was found and one may exist.
  bool proven = true;
  std::vector<Chosen> courses;  // in candidate order
  int64_t cost_cents = 0;
  int64_t hours_hundredths = 0;             // all hours of the chosen courses
  int64_t counted_hundredths = 0;           // of which count toward the total (caps applied)
  std::vector<int64_t> subject_hundredths;  // per subject, as assigned

  double cost() const { return static_cast<double>(cost_cents) / 100.0; }
  double hours() const { return static_cast<double>(hours_hundredths) / 100.0; }
};

struct SolveStats {
  size_t candidates = 0;   // after dropping courses that cannot help
  size_t kept = 0;         // after dominance pruning
  uint64_t nodes = 0;      // branch-and-bound nodes visited
  size_t table_bytes = 0;  // the course-limit bound's tables (docs/plan.md)
};

// The optimal plan, or found == false when none meets the requirements, the budget
// and the course limit. Invalid input (negative or non-finite hours or prices, more
// than kMaxSubjects subjects, a cap group out of range) is the caller's to refuse
// first; Validate says what is wrong.
Solution Solve(const Problem& problem, SolveStats* stats = nullptr);

// Empty when `problem` is well formed, else what is wrong with it.
std::string Validate(const Problem& problem);

// Every subset and assignment, for tests: exponential, small problems only.
Solution BruteForce(const Problem& problem);

// Whether `s` meets every requirement and limit of `problem` (recomputed from its
// courses and assignments, not from its totals), and why not.
std::string Check(const Problem& problem, const Solution& s);

}  // namespace cecat::plan
