#include "plan/planner.h"

#include "common/number_text.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/ascii.h"
#include "config/detail/rule_fields.h"

namespace cecat::plan {
namespace {

using Json = nlohmann::json;

const std::vector<std::string>& Formats() {
  static const std::vector<std::string> f = {"on_demand", "live_online", "in_person", "hybrid"};
  return f;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool IsLive(const std::string& format) {
  return format == "live_online" || format == "in_person" || format == "hybrid";
}

// 12.5 -> "12.5", 6 -> "6": hours and dollars in messages.
// The figures the optimiser works in, rounded the way it rounds them.
double Rounded(double v) { return std::round(v * 100) / 100; }

// One required subject of the problem: a period's subject or a one-time course not
// yet done, with the hours still needed.
struct SubjectNeed {
  std::string subject;
  bool one_time = false;
  double needed = 0;
  std::string rule;
};

Status CheckRequest(const Request& r) {
  if (r.state == nullptr || r.licence == nullptr)
    return Status::InvalidArgument("plan: no renewal rules given");
  if (!config::detail::IsRealDate(r.today))
    return Status::InvalidArgument("plan: today's date \"" + r.today + "\" is not YYYY-MM-DD");
  if (r.by) {
    if (!config::detail::IsRealDate(*r.by))
      return Status::InvalidArgument("--by: expected a date YYYY-MM-DD, got \"" + *r.by + "\"");
    if (*r.by < r.today)
      return Status::InvalidArgument("--by: " + *r.by + " is before today (" + r.today + ")");
  }
  auto figure = [](const char* what, std::optional<double> v, double max) -> Status {
    if (v && !(std::isfinite(*v) && *v >= 0 && *v <= max))
      return Status::InvalidArgument(std::string(what) + ": expected a number from 0 to " +
                                     ShortNumber(max) + ", got " + ShortNumber(*v));
    return Status::Ok();
  };
  CECAT_RETURN_IF_ERROR(figure("--need", r.need, kMaxHours));
  CECAT_RETURN_IF_ERROR(figure("--budget", r.budget, kMaxPrice));
  if (!(std::isfinite(r.search_seconds) && r.search_seconds >= 0))
    return Status::InvalidArgument("plan: the search time must be a number of seconds >= 0");
  if (r.max_courses < 0)
    return Status::InvalidArgument("--max-courses: expected a whole number of 1 or more");
  for (const std::string& f : r.formats)
    if (!Contains(Formats(), f))
      return Status::InvalidArgument("--format: \"" + f +
                                     "\" is not one of on_demand, live_online, in_person, hybrid");
  return Status::Ok();
}

std::vector<SubjectNeed> SubjectNeeds(const Request& r) {
  std::vector<SubjectNeed> out;
  for (const config::SubjectRule& s : r.licence->subjects) {
    auto done = r.done.subjects.find(s.subject);
    const double earned = done == r.done.subjects.end() ? 0 : done->second;
    out.push_back({s.subject, false, std::max(0.0, s.hours - earned), s.rule});
  }
  for (const config::SubjectRule& s : r.licence->one_time) {
    if (r.done.one_time.count(s.subject)) continue;
    out.push_back({s.subject, true, s.hours, s.rule});
  }
  return out;
}

// The day of a date or date-time ("2027-03-18T17:00:00-05:00" -> "2027-03-18"): the
// plan's dates are days, and a date-time compared as text with a day would sort
// after it.
std::string Day(const std::string& date) { return date.substr(0, 10); }

// The first reason `c` cannot be part of the plan, or "" when it is a candidate.
std::string Exclusion(const Request& r, const Course& c, const std::vector<SubjectNeed>& needs) {
  const config::LicenceRules& L = *r.licence;
  if (!L.accepted_bodies.empty()) {
    bool accepted = false;
    for (const std::string& body : c.approvals)
      accepted |= Contains(L.accepted_bodies, Upper(body));
    if (!accepted) return "no approval the board accepts";
  }
  if (L.accepted_bodies.empty() && !c.audiences.empty() &&
      !Contains(c.audiences, std::string(config::LicenceAudience(L.licence))))
    return "meant for other professions";
  if (!c.hours || !(*c.hours > 0) || *c.hours > kMaxHours) return "no CE hours";
  if (!c.free && !c.price) return "no price";
  if (!c.free && !(*c.price >= 0 && *c.price <= kMaxPrice)) return "no price";
  if (!c.free && !c.currency.empty() && Upper(c.currency) != "USD")
    return "price not in US dollars";
  if (!r.formats.empty() && !Contains(r.formats, c.format)) return "format not asked for";
  if (c.format.empty() && !L.format_caps.empty())
    return "format not stated (the board caps formats)";
  if (!c.end_date.empty() && Day(c.end_date) < r.today) return "ended";
  if (IsLive(c.format)) {
    if (c.start_date.empty()) {
      if (r.by) return "live, no start date";
    } else if (Day(c.start_date) < r.today) {
      return "already started";
    } else if (r.by && Day(c.start_date) > *r.by) {
      return "starts after --by";
    }
  }
  if (!r.topics.empty()) {
    bool wanted = false;
    for (const std::string& t : c.topics) wanted |= Contains(r.topics, t);
    for (const SubjectNeed& n : needs) wanted |= n.needed > 0 && Contains(c.topics, n.subject);
    if (!wanted) return "not on a topic asked for";
  }
  return "";
}

bool ScholarshipFits(const Scholarship& s, const Request& r) {
  if (s.open && !*s.open) return false;
  if (!s.deadline.empty() && Day(s.deadline) < r.today) return false;
  const std::string audience(config::LicenceAudience(r.licence->licence));
  return s.disciplines.empty() || Contains(s.disciplines, audience);
}

// Hours every requirement could get from all candidates together, ignoring budget
// and limit: per subject the hours of the courses that cover it, for the total the
// hours that may count (format caps applied).
struct Availability {
  std::vector<double> subject;
  double total = 0;
};

Availability Available(const Problem& p) {
  Availability a;
  a.subject.assign(p.subject_hours.size(), 0);
  std::vector<double> capped(p.caps.size(), 0);
  for (const Candidate& c : p.candidates) {
    for (size_t s = 0; s < p.subject_hours.size(); ++s)
      if (c.subjects & (1u << s)) a.subject[s] += c.hours;
    if (c.cap_group >= 0)
      capped[static_cast<size_t>(c.cap_group)] += c.hours;
    else
      a.total += c.hours;
  }
  for (size_t g = 0; g < capped.size(); ++g) a.total += std::min(capped[g], p.caps[g]);
  for (double& v : a.subject) v = Rounded(v);
  a.total = Rounded(a.total);
  return a;
}

// The most hours of subject `s` (up to `wanted`, in quarter hours) that `p` can
// plan with its other requirements as they are. Hours 0 is always feasible when
// `p` is feasible with subject `s` at 0.
double MostReachable(Problem p, size_t s, double wanted) {
  long lo = 0, hi = std::lround(std::floor(wanted * 4));  // quarter hours
  p.subject_hours[s] = wanted;
  if (Solve(p).found) return wanted;
  while (lo < hi) {  // lo is feasible, wanted is not
    const long mid = (lo + hi + 1) / 2;
    p.subject_hours[s] = static_cast<double>(mid) / 4;
    if (Solve(p).found)
      lo = mid;
    else
      hi = mid - 1;
  }
  return static_cast<double>(lo) / 4;
}

// When no plan meets everything: which requirement cannot be met and by how much,
// and the closest plan (requirements cut to what the catalogue has; then without
// the budget). Returns that plan, or found == false when even that has none.
Solution Diagnose(const Problem& p, const std::vector<SubjectNeed>& needs,
                  std::vector<Unmet>* unmet, SolveStats* stats) {
  Problem relaxed = p;
  relaxed.budget.reset();
  relaxed.max_courses = 0;
  const Availability a = Available(p);
  for (size_t s = 0; s < needs.size(); ++s) {
    if (a.subject[s] >= p.subject_hours[s]) continue;
    const double short_by = Rounded(p.subject_hours[s] - a.subject[s]);
    unmet->push_back({needs[s].subject, short_by,
                      ShortNumber(short_by) + " " + needs[s].subject +
                          " hours missing: the courses " + "that qualify cover " +
                          ShortNumber(a.subject[s]) + " of the " + ShortNumber(p.subject_hours[s]) +
                          " needed"});
    relaxed.subject_hours[s] = a.subject[s];
  }
  if (a.total < p.total_hours) {
    const double short_by = Rounded(p.total_hours - a.total);
    unmet->push_back({"total", short_by,
                      ShortNumber(short_by) + " hours missing: the courses that qualify give " +
                          ShortNumber(a.total) + " hours that count, of the " +
                          ShortNumber(p.total_hours) + " needed"});
    relaxed.total_hours = a.total;
  }
  Solution free_plan = Solve(relaxed, stats);
  if (!free_plan.found) {
    // Each subject alone has the hours, but not all together (a course counts for
    // one subject): keep the subjects in the rules' order, each at the most hours
    // it can still get beside those before it, and report what that leaves short.
    std::vector<double> wanted = relaxed.subject_hours;
    for (double& h : relaxed.subject_hours) h = 0;
    for (size_t s = 0; s < wanted.size(); ++s) {
      relaxed.subject_hours[s] = MostReachable(relaxed, s, wanted[s]);
      if (relaxed.subject_hours[s] + 1e-9 >= wanted[s]) continue;
      const double short_by = Rounded(p.subject_hours[s] - relaxed.subject_hours[s]);
      unmet->push_back(
          {needs[s].subject, short_by,
           ShortNumber(short_by) + " " + needs[s].subject + " hours missing: a course counts " +
               "toward one subject, and the courses that qualify cover only " +
               ShortNumber(relaxed.subject_hours[s]) + " of the " +
               ShortNumber(p.subject_hours[s]) + " needed beside the subjects listed before it"});
    }
    free_plan = Solve(relaxed, nullptr);
    if (!free_plan.found) return free_plan;  // cannot happen: every step was feasible
  }
  Solution closest = free_plan;
  if (p.max_courses > 0) {
    relaxed.max_courses = p.max_courses;
    Solution limited = Solve(relaxed, nullptr);
    if (limited.found) {
      closest = limited;
    } else if (!limited.proven) {
      unmet->push_back({"search", 0,
                        "no plan within " + std::to_string(p.max_courses) +
                            " courses found within the search's time limit; one may exist"});
    } else {
      const auto over = static_cast<double>(free_plan.courses.size()) - p.max_courses;
      unmet->push_back({"max_courses", over,
                        "no plan within " + std::to_string(p.max_courses) +
                            " courses; the cheapest plan without that limit has " +
                            std::to_string(free_plan.courses.size())});
    }
  }
  if (p.budget && closest.cost() > *p.budget + 1e-9) {
    const double over = Rounded(closest.cost() - *p.budget);
    unmet->push_back({"budget", over,
                      "over budget by " + DollarText(over) + ": the cheapest plan costs " +
                          DollarText(closest.cost()) + ", the budget is " + DollarText(*p.budget)});
  }
  return closest;
}

}  // namespace

Result<Done> ParseDone(const std::string& what, const std::string& json_text) {
  Json j = Json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument(what + ": not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument(what + ": expected a JSON object");
  Done d;
  auto hours = [&](const Json& v, const std::string& key) -> Result<double> {
    if (!v.is_number() || !(v.get<double>() >= 0 && v.get<double>() <= kMaxHours))
      return Status::InvalidArgument(what + ": key '" + key + "': expected hours from 0 to " +
                                     ShortNumber(kMaxHours) + ", got " + v.dump());
    return v.get<double>();
  };
  auto hour_map = [&](const Json& v, const std::string& key,
                      std::map<std::string, double>* out) -> Status {
    if (!v.is_object())
      return Status::InvalidArgument(what + ": key '" + key + "': expected an object of hours");
    for (const auto& [k, h] : v.items()) {
      CECAT_ASSIGN_OR_RETURN(double value, hours(h, key + "." + k));
      (*out)[k] = value;
    }
    return Status::Ok();
  };
  for (const auto& [key, v] : j.items()) {
    if (key == "total") {
      CECAT_ASSIGN_OR_RETURN(d.total, hours(v, key));
    } else if (key == "subjects") {
      CECAT_RETURN_IF_ERROR(hour_map(v, key, &d.subjects));
    } else if (key == "formats") {
      CECAT_RETURN_IF_ERROR(hour_map(v, key, &d.formats));
      for (const auto& [f, h] : d.formats)
        if (!Contains(Formats(), f))
          return Status::InvalidArgument(what + ": key 'formats." + f +
                                         "': not one of on_demand, live_online, in_person, hybrid");
    } else if (key == "one_time") {
      if (!v.is_array())
        return Status::InvalidArgument(what + ": key 'one_time': expected a list of subjects");
      for (const Json& s : v) {
        if (!s.is_string())
          return Status::InvalidArgument(
              what + ": key 'one_time': expected subjects as text, got " + s.dump());
        d.one_time.insert(s.get<std::string>());
      }
    } else {
      return Status::InvalidArgument(what + ": unknown key '" + key +
                                     "' (expected total, subjects, formats, one_time)");
    }
  }
  return d;
}

Result<PlanResult> MakePlan(const Request& r, const std::vector<Course>& courses,
                            const std::vector<Scholarship>& scholarships) {
  CECAT_RETURN_IF_ERROR(CheckRequest(r));
  const config::LicenceRules& L = *r.licence;
  const std::vector<SubjectNeed> needs = SubjectNeeds(r);
  if (needs.size() > static_cast<size_t>(kMaxSubjects))
    return Status::InvalidArgument("plan: " + r.state->state + " " + L.licence + " has " +
                                   std::to_string(needs.size()) + " required subjects; at most " +
                                   std::to_string(kMaxSubjects) + " are supported");

  Problem p;
  p.total_hours = r.need ? *r.need : std::max(0.0, L.total_hours - r.done.total);
  for (const SubjectNeed& n : needs) p.subject_hours.push_back(n.needed);
  for (const config::FormatCap& cap : L.format_caps) {
    double used = 0;
    for (const std::string& f : cap.formats) {
      auto it = r.done.formats.find(f);
      if (it != r.done.formats.end()) used += it->second;
    }
    p.caps.push_back(std::max(0.0, cap.max_hours - used));
  }
  p.budget = r.budget;
  p.max_courses = r.max_courses;
  p.time_limit_s = r.search_seconds;

  PlanResult out;
  out.courses_seen = courses.size();
  std::vector<const Course*> picked;  // candidate k -> its course
  for (const Course& c : courses) {
    std::string why = Exclusion(r, c, needs);
    if (!why.empty()) {
      ++out.excluded[why];
      continue;
    }
    Candidate cand;
    cand.hours = *c.hours;
    cand.price = c.free ? 0 : *c.price;
    for (size_t g = 0; g < L.format_caps.size() && cand.cap_group < 0; ++g)
      if (Contains(L.format_caps[g].formats, c.format)) cand.cap_group = static_cast<int>(g);
    for (size_t s = 0; s < needs.size(); ++s)
      if (Contains(c.topics, needs[s].subject)) cand.subjects |= 1u << s;
    p.candidates.push_back(cand);
    picked.push_back(&c);
  }
  out.candidates = p.candidates.size();
  if (std::string bad = Validate(p); !bad.empty())
    return Status::Internal("plan: the problem built from the catalogue is invalid: " + bad);

  Solution sol = Solve(p, &out.stats);
  out.feasible = sol.found;
  out.proven = sol.proven;
  if (!sol.found && !sol.proven) {
    // Whether a plan exists is not known: the diagnosis's searches would stop too.
    out.unmet.push_back({"search", 0,
                         "no plan found within the search's time limit; one may exist (a "
                         "larger --max-courses, or none, is searched faster)"});
  } else if (!sol.found) {
    sol = Diagnose(p, needs, &out.unmet, nullptr);
  }

  out.requirements.push_back({"total", false, Rounded(p.total_hours), 0, ""});
  for (const SubjectNeed& n : needs)
    out.requirements.push_back({n.subject, n.one_time, Rounded(n.needed), 0, n.rule});
  if (sol.found) {
    for (const Chosen& ch : sol.courses) {
      const Candidate& cand = p.candidates[ch.candidate];
      out.courses.push_back({*picked[ch.candidate], cand.hours, cand.price,
                             ch.subject >= 0 ? needs[static_cast<size_t>(ch.subject)].subject
                                             : std::string("total")});
    }
    out.total_hours = sol.hours();
    out.total_cost = sol.cost();
    out.requirements[0].planned = static_cast<double>(sol.counted_hundredths) / 100.0;
    for (size_t s = 0; s < needs.size(); ++s)
      out.requirements[s + 1].planned = static_cast<double>(sol.subject_hundredths[s]) / 100.0;
  }

  for (const Scholarship& s : scholarships)
    if (ScholarshipFits(s, r)) out.scholarships.push_back(s);
  // Soonest deadline first (none last), then the largest award.
  std::stable_sort(out.scholarships.begin(), out.scholarships.end(),
                   [](const Scholarship& a, const Scholarship& b) {
                     const bool ad = a.deadline.empty(), bd = b.deadline.empty();
                     if (ad != bd) return bd;
                     if (a.deadline != b.deadline) return a.deadline < b.deadline;
                     return a.amount_max.value_or(0) > b.amount_max.value_or(0);
                   });
  return out;
}

}  // namespace cecat::plan
