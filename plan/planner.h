// The learning planner (issue 24, docs/plan.md "Planning"): from a state board's
// renewal rules for one licence and the catalogue's courses, the cheapest set of
// courses that meets the renewal, or, when none does, what cannot be met and the
// closest plan. `cecat plan` reads the courses and scholarships from the index and
// prints what this returns; the planner itself knows nothing of the index, so each
// rule is tested in process on a hand-made catalogue (tests/plan/).
//
// What makes a course a candidate, in order (each reason is counted in
// PlanResult::excluded):
//   - the board accepts one of its approvals (any course when the rules name no
//     accepted bodies);
//   - when the board names no accepted bodies (any provider will do), it is not
//     meant only for other professions: no audiences listed, or the licence's
//     audience among them. When the board names accepted bodies, an accepted
//     approval settles it: a course approved by APA counts for a California LMFT
//     whoever it was written for;
//   - it lists CE hours, and a price (or is free) in US dollars;
//   - its format is one asked for (--format), when any were;
//   - it is still on offer: not ended before `today`; a live course (live online,
//     in person, hybrid) with a start date starts on or after `today` and on or
//     before `by`; a live course without a start date is left out when `by` is set
//     (it cannot be shown to start in time);
//   - with --topics, it covers one of those topics or a required subject still
//     needed.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/course_summary.h"
#include "common/result.h"
#include "config/renewal_rules.h"
#include "plan/optimiser.h"

namespace cecat::plan {

// A catalogue course as the planner needs it (feed fields, SPEC "Records").
using Course = cecat::CourseSummary;

struct Scholarship {
  std::string id, name, sponsor, url, currency;
  std::optional<double> amount_min, amount_max;
  std::string deadline;  // YYYY-MM-DD, or empty
  std::vector<std::string> disciplines;
  std::optional<bool> open;
};

// Hours already earned in this renewal period (`cecat plan --done FILE`).
struct Done {
  double total = 0;                        // every hour earned, subject hours included
  std::map<std::string, double> subjects;  // per required subject
  std::map<std::string, double> formats;   // per format, toward the format caps
  std::set<std::string> one_time;          // one-time requirements already met
};

// Parses a --done file's JSON text: {"total": 12, "subjects": {"ethics": 3},
// "formats": {"on_demand": 4}, "one_time": ["suicide-prevention"]}, every key
// optional. Errors name `what` (the file) and the key.
Result<Done> ParseDone(const std::string& what, const std::string& json_text);

struct Request {
  const config::RenewalRules* state = nullptr;
  const config::LicenceRules* licence = nullptr;
  std::string today;              // YYYY-MM-DD
  std::optional<std::string> by;  // YYYY-MM-DD: live courses start on or before it
  std::optional<double> need;     // hours still needed toward the total
  Done done;
  std::optional<double> budget;
  int max_courses = 0;               // 0: no limit
  std::vector<std::string> formats;  // empty: every format
  std::vector<std::string> topics;   // empty: every topic
  // How long the optimiser may search for each plan it solves; 0: until proven.
  // Almost every plan is proven in milliseconds; a few course-limited ones take
  // minutes to prove (docs/plan.md "Speed"): the plan then is the best found.
  double search_seconds = 0.5;
};

// One requirement of the plan: the total, or a subject (per period or one-time).
struct Requirement {
  std::string subject;  // "total" or the subject slug
  bool one_time = false;
  double needed = 0;   // after what --done says was earned
  double planned = 0;  // hours the plan counts toward it
  std::string rule;    // the citation ("" for the total when the rules give none)
};

struct PlannedCourse {
  Course course;
  double hours = 0, price = 0;
  std::string counts_for;  // the subject it counts toward, or "total"
};

// What cannot be met, and by how much.
struct Unmet {
  // "total", a subject slug, "budget", "max_courses", or "search" (no plan found in
  // the search's time, none proven impossible)
  std::string requirement;
  double short_by = 0;  // hours, dollars or courses
  std::string message;  // one readable sentence
};

struct PlanResult {
  bool feasible = false;
  // The plan is proven the cheapest (or no plan proven to exist). False when the
  // search stopped at Request::search_seconds: the best plan found is returned.
  bool proven = true;
  // The plan; when infeasible, the closest plan found (empty when there is none).
  std::vector<PlannedCourse> courses;
  double total_hours = 0, total_cost = 0;
  std::vector<Requirement> requirements;
  std::vector<Unmet> unmet;
  std::vector<Scholarship> scholarships;  // open, deadline not passed, discipline fits
  size_t courses_seen = 0, candidates = 0;
  std::map<std::string, size_t> excluded;  // reason -> courses left out for it
  SolveStats stats;
};

// Checks the request (dates, figures, formats) and plans. InvalidArgument names the
// option that is wrong.
Result<PlanResult> MakePlan(const Request& request, const std::vector<Course>& courses,
                            const std::vector<Scholarship>& scholarships);

}  // namespace cecat::plan
