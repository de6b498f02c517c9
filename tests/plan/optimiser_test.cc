// The plan optimiser (plan/optimiser.h): exact, so it must agree with brute force
// on every random case, and every plan it returns must meet every constraint.
#include "plan/optimiser.h"

#include <catch2/catch.hpp>

#include <random>

using cecat::plan::BruteForce;
using cecat::plan::Candidate;
using cecat::plan::Check;
using cecat::plan::Problem;
using cecat::plan::Solution;
using cecat::plan::Solve;
using cecat::plan::SolveStats;
using cecat::plan::Validate;

namespace {

Candidate Course(double hours, double price, uint32_t subjects = 0, int cap_group = -1) {
  Candidate c;
  c.hours = hours;
  c.price = price;
  c.subjects = subjects;
  c.cap_group = cap_group;
  return c;
}

Problem RandomProblem(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Problem p;
  const int subjects = pick(0, 3);
  p.total_hours = pick(0, 12) * 1.5;
  for (int s = 0; s < subjects; ++s) p.subject_hours.push_back(pick(0, 3) * 1.0);
  if (pick(0, 2) == 0) p.caps.push_back(pick(0, 4) * 1.5);
  if (pick(0, 3) == 0) p.budget = pick(0, 200) * 1.0;
  if (pick(0, 3) == 0) p.max_courses = pick(1, 4);
  const int n = pick(0, 8);
  for (int i = 0; i < n; ++i) {
    Candidate c;
    c.hours = pick(1, 12) * 0.5;
    // Free courses, equal prices and equal hours are common: they make ties.
    c.price = pick(0, 3) == 0 ? 0.0 : pick(1, 8) * 12.5;
    c.subjects = subjects > 0 ? static_cast<uint32_t>(pick(0, (1 << subjects) - 1)) : 0;
    c.cap_group = !p.caps.empty() && pick(0, 1) == 0 ? 0 : -1;
    p.candidates.push_back(c);
  }
  return p;
}

// Problems where the course limit binds: always a limit of 1-5 courses, often a
// budget, prices from a few values (ties), many free courses, hours in quarter
// hours (so the course-limit tables' hour unit is not always a half hour), caps.
Problem RandomLimitedProblem(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Problem p;
  const int subjects = pick(0, 3);
  const double step = pick(0, 1) == 0 ? 0.5 : 0.25;
  p.total_hours = pick(0, 24) * step * 2;
  for (int s = 0; s < subjects; ++s) p.subject_hours.push_back(pick(0, 6) * step);
  if (pick(0, 2) == 0) p.caps.push_back(pick(0, 8) * step);
  if (pick(0, 1) == 0) p.budget = pick(0, 8) * 12.5;
  p.max_courses = pick(1, 5);
  const int n = pick(0, 8);
  for (int i = 0; i < n; ++i) {
    Candidate c;
    c.hours = pick(1, 24) * step;
    c.price = pick(0, 2) == 0 ? 0.0 : pick(1, 4) * 12.5;
    c.subjects = subjects > 0 ? static_cast<uint32_t>(pick(0, (1 << subjects) - 1)) : 0;
    c.cap_group = !p.caps.empty() && pick(0, 1) == 0 ? 0 : -1;
    p.candidates.push_back(c);
  }
  return p;
}

// Solve and BruteForce agree on `p`: the same optimum (cost, then hours, then the
// number of courses), and Solve's plan meets every constraint. Returns whether a
// plan was found.
bool AgreesWithBruteForce(const Problem& p) {
  REQUIRE(Validate(p).empty());
  Solution fast = Solve(p);
  Solution slow = BruteForce(p);
  REQUIRE(fast.found == slow.found);
  if (!fast.found) return false;
  CHECK(Check(p, fast).empty());
  CHECK(fast.cost_cents == slow.cost_cents);
  CHECK(fast.hours_hundredths == slow.hours_hundredths);
  CHECK(fast.courses.size() == slow.courses.size());
  return true;
}

}  // namespace

TEST_CASE("The optimiser agrees with brute force on thousands of random small problems") {
  std::mt19937 rng(20261206);
  int found = 0;
  for (int n = 0; n < 4000; ++n) {
    Problem p = RandomProblem(rng);
    CAPTURE(n, p.total_hours, p.subject_hours, p.caps, p.max_courses, p.candidates.size());
    found += AgreesWithBruteForce(p);
  }
  // The generator makes feasible and infeasible problems alike.
  CHECK(found > 1000);
  CHECK(found < 3900);
}

// The course limit has its own bound (docs/plan.md "The optimiser": the least cost
// of the hours still needed within the courses left); these cases stress it.
TEST_CASE("The optimiser agrees with brute force on random course-limited problems") {
  std::mt19937 rng(20261207);
  int found = 0, limit_binds = 0;
  for (int n = 0; n < 3000; ++n) {
    Problem p = RandomLimitedProblem(rng);
    CAPTURE(n, p.total_hours, p.subject_hours, p.caps, p.budget.value_or(-1), p.max_courses,
            p.candidates.size());
    const bool feasible = AgreesWithBruteForce(p);
    found += feasible;
    // Whether the limit changed the answer (or made it infeasible).
    Problem unlimited = p;
    unlimited.max_courses = 0;
    Solution free_of_limit = Solve(unlimited);
    limit_binds += free_of_limit.found != feasible ||
                   (feasible && free_of_limit.cost_cents != Solve(p).cost_cents);
  }
  CHECK(found > 800);
  CHECK(found < 2700);
  CHECK(limit_binds > 300);
}

TEST_CASE("A course limit with many free courses keeps the cheapest plan in few courses") {
  // Twenty free one-hour courses cannot meet 10 hours in 3 courses; two paid
  // five-hour courses can, and the cheaper pair wins over the 10-hour course.
  Problem p;
  p.total_hours = 10;
  for (int i = 0; i < 20; ++i) p.candidates.push_back(Course(1, 0));
  p.candidates.push_back(Course(5, 25));
  p.candidates.push_back(Course(5, 25));
  p.candidates.push_back(Course(10, 60));
  p.max_courses = 3;
  Solution s = Solve(p);
  REQUIRE(s.found);
  CHECK(s.cost() == 50);
  CHECK(s.courses.size() == 2);  // one free hour would add hours, not save cost
  p.max_courses = 1;
  s = Solve(p);
  REQUIRE(s.found);
  CHECK(s.cost() == 60);
  p.budget = 59.99;
  CHECK_FALSE(Solve(p).found);
}

TEST_CASE("A course counts toward one required subject, not two") {
  Problem p;
  p.total_hours = 6;
  p.subject_hours = {3, 3};  // ethics, cultural competence
  p.candidates = {Course(3, 0, 0b11), Course(3, 40, 0b01), Course(3, 50, 0b10)};
  Solution s = Solve(p);
  REQUIRE(s.found);
  CHECK(Check(p, s).empty());
  // The free course covers both subjects but counts for one; the cheaper paid
  // course covers the other.
  REQUIRE(s.courses.size() == 2);
  CHECK(s.courses[0].candidate == 0);
  CHECK(s.courses[1].candidate == 1);
  CHECK(s.courses[0].subject == 1);
  CHECK(s.courses[1].subject == 0);
  CHECK(s.cost() == 40);
}

TEST_CASE("Hours of a capped format count toward the total only up to the cap") {
  Problem p;
  p.total_hours = 12;
  p.caps = {6};  // at most 6 self-study hours
  p.candidates = {Course(12, 0, 0, 0), Course(6, 30), Course(6, 90)};
  Solution s = Solve(p);
  REQUIRE(s.found);
  CHECK(Check(p, s).empty());
  CHECK(s.counted_hundredths == 1200);
  CHECK(s.cost() == 30);  // 6 of the free self-study hours count, plus 6 paid
  p.caps = {0};
  s = Solve(p);
  REQUIRE(s.found);
  CHECK(s.cost() == 120);
}

TEST_CASE("Among plans of equal cost, fewer hours beyond the need, then fewer courses") {
  Problem p;
  p.total_hours = 6;
  p.candidates = {Course(8, 0), Course(3, 0), Course(3, 0),
                  Course(6, 0), Course(2, 0), Course(4, 0)};
  Solution s = Solve(p);
  REQUIRE(s.found);
  CHECK(s.hours() == 6);
  REQUIRE(s.courses.size() == 1);  // 6 alone, not 3 + 3 or 2 + 4
  CHECK(s.courses[0].candidate == 3);
}

TEST_CASE("A budget or a course limit that no plan meets finds no plan") {
  Problem p;
  p.total_hours = 10;
  p.candidates = {Course(5, 20), Course(5, 20), Course(10, 100)};
  p.budget = 39.99;
  CHECK_FALSE(Solve(p).found);
  p.budget = 40;
  CHECK(Solve(p).found);
  p.budget.reset();
  p.max_courses = 1;
  Solution s = Solve(p);
  REQUIRE(s.found);
  CHECK(s.cost() == 100);
  p.total_hours = 30;
  CHECK_FALSE(Solve(p).found);
}

TEST_CASE("Malformed problems are named, not solved") {
  Problem p;
  p.total_hours = -1;
  CHECK(Validate(p) == "total hours must be a number from 0 to 10000");
  p.total_hours = 3;
  p.candidates = {Course(1, 0, 0, 2)};
  CHECK(Validate(p) == "candidate 0: cap group out of range");
  p.candidates = {Course(1, std::nan(""))};
  CHECK(Validate(p) == "candidate 0: hours and price must be numbers >= 0");
  p.candidates = {Course(1, 0, 0b10)};
  p.subject_hours = {1};
  CHECK(Validate(p) == "candidate 0: covers a subject the problem does not have");
  CHECK_FALSE(Solve(p).found);
}

TEST_CASE("Dominated courses are pruned, never one a plan may need") {
  // 40 copies of the same course and one that every copy dominates: with a need of
  // 3 courses' hours, the dominated one is never needed.
  Problem p;
  p.total_hours = 9;
  for (int i = 0; i < 40; ++i) p.candidates.push_back(Course(3, 10));
  p.candidates.push_back(Course(2, 15));
  SolveStats stats;
  Solution s = Solve(p, &stats);
  REQUIRE(s.found);
  CHECK(s.cost() == 30);
  CHECK(stats.kept < stats.candidates);
}

TEST_CASE("A node limit stops the search: the best plan found, marked not proven") {
  std::mt19937 rng(7);
  int stopped = 0, improved_by_more_nodes = 0;
  for (int i = 0; i < 300; ++i) {
    Problem p = RandomLimitedProblem(rng);
    const Solution exact = Solve(p);
    CHECK(exact.proven);
    p.node_limit = 1'000'000'000;  // never reached: the same proven answer
    const Solution same = Solve(p);
    CHECK(same.proven);
    CHECK(same.found == exact.found);
    if (exact.found) CHECK(same.cost_cents == exact.cost_cents);
    p.node_limit = 2;
    const Solution cut = Solve(p);
    if (cut.proven) {
      // Proven within two nodes: then it is the optimum.
      CHECK(cut.found == exact.found);
      if (exact.found) CHECK(cut.cost_cents == exact.cost_cents);
      continue;
    }
    ++stopped;
    // Not proven: whatever was found is a real plan, never better than the optimum.
    if (cut.found) {
      CHECK(Check(p, cut).empty());
      REQUIRE(exact.found);
      CHECK(cut.cost_cents >= exact.cost_cents);
      improved_by_more_nodes += cut.cost_cents > exact.cost_cents;
    }
  }
  CHECK(stopped > 20);  // the limit does stop searches
  INFO("plans the full search improved on: " << improved_by_more_nodes);
}

TEST_CASE("A time limit is validated and, when generous, changes nothing") {
  Problem p;
  p.total_hours = 10;
  p.candidates = {Course(5, 20), Course(5, 20), Course(10, 100)};
  p.time_limit_s = -1;
  CHECK(Validate(p).find("time limit") != std::string::npos);
  p.time_limit_s = 60;
  const Solution s = Solve(p);
  CHECK(s.proven);
  REQUIRE(s.found);
  CHECK(s.cost() == 40);
}
