// Shared by the tests of the shipped renewal rules (state_rules_test.cc and
// state_rules_more_test.cc): the rules files loaded once, checks that a file still
// says what a test's name cites, a catalogue course builder, and the independent
// check of every plan the planner returns (CheckPlanIndependently), computed from
// the plan's courses alone, not from the planner's own figures.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "config/renewal_rules.h"
#include "plan/planner.h"
#include "tests/support/test_support.h"

namespace cecat::plan::rules_fixtures {

namespace fs = std::filesystem;

inline std::set<std::string> TaxonomySlugs() {
  nlohmann::json taxonomy = nlohmann::json::parse(
      cecat::testing::ReadFile(fs::path(CECAT_SOURCE_DIR) / "data" / "taxonomy.json"));
  std::set<std::string> slugs;
  for (const auto& topic : taxonomy["topics"]) slugs.insert(topic["slug"].get<std::string>());
  return slugs;
}

// The shipped rules file of one state, loaded once: a Request points into it.
inline const config::RenewalRules& StateRules(const std::string& state) {
  static std::map<std::string, config::RenewalRules> loaded;
  auto it = loaded.find(state);
  if (it == loaded.end()) {
    std::string name = state;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const fs::path file = fs::path(CECAT_SOURCE_DIR) / "data" / "rules" / (name + ".json");
    std::vector<std::string> warnings;
    auto rules = config::LoadRenewalRules(file, TaxonomySlugs(), &warnings);
    INFO(file.string() << ": " << (rules.ok() ? std::string() : rules.status().message()));
    REQUIRE(rules.ok());
    // Every subject of the shipped files is a taxonomy slug: no warnings.
    CHECK(warnings.empty());
    it = loaded.emplace(state, std::move(rules).value()).first;
  }
  return it->second;
}

inline const config::LicenceRules& LicenceOf(const std::string& state, const std::string& licence) {
  const config::LicenceRules* rules = StateRules(state).FindLicence(licence);
  INFO(state << " " << licence);
  REQUIRE(rules != nullptr);
  return *rules;
}

// The figures a test's name cites, as the rules file has them: a test about "6 hours of
// ethics (22 TAC §681.140(a)(1))" fails when the file stops saying so.
inline void RequireTotal(const std::string& state, const std::string& licence, double hours) {
  INFO(state << " " << licence);
  REQUIRE(LicenceOf(state, licence).total_hours == hours);
}

inline void RequireSubject(const std::string& state, const std::string& licence,
                           const std::string& subject, double hours, const std::string& rule,
                           bool one_time = false) {
  const config::LicenceRules& rules = LicenceOf(state, licence);
  const auto& list = one_time ? rules.one_time : rules.subjects;
  auto it = std::find_if(list.begin(), list.end(),
                         [&](const config::SubjectRule& s) { return s.subject == subject; });
  INFO(state << " " << licence << " " << (one_time ? "one_time " : "subject ") << subject);
  REQUIRE(it != list.end());
  CHECK(it->hours == hours);
  CHECK(it->rule == rule);
}

inline void RequireOnlySubjects(const std::string& state, const std::string& licence,
                                const std::set<std::string>& subjects) {
  std::set<std::string> got;
  for (const auto& s : LicenceOf(state, licence).subjects) got.insert(s.subject);
  INFO(state << " " << licence);
  REQUIRE(got == subjects);
}

inline void RequireBodies(const std::string& state, const std::string& licence,
                          const std::set<std::string>& bodies, const std::string& rule) {
  const config::LicenceRules& rules = LicenceOf(state, licence);
  INFO(state << " " << licence);
  REQUIRE(std::set<std::string>(rules.accepted_bodies.begin(), rules.accepted_bodies.end()) ==
          bodies);
  CHECK(rules.accepted_rule == rule);
}

inline void RequireCap(const std::string& state, const std::string& licence,
                       const std::vector<std::string>& formats, double max_hours,
                       const std::string& rule) {
  const config::LicenceRules& rules = LicenceOf(state, licence);
  INFO(state << " " << licence);
  REQUIRE(rules.format_caps.size() == 1);
  CHECK(rules.format_caps[0].formats == formats);
  CHECK(rules.format_caps[0].max_hours == max_hours);
  CHECK(rules.format_caps[0].rule == rule);
}

inline Request MakeRequest(const std::string& state, const std::string& licence,
                           const std::string& today) {
  Request request;
  request.state = &StateRules(state);
  request.licence = &LicenceOf(state, licence);
  request.today = today;
  return request;
}

// A catalogue course: on demand, in US dollars, no approval, audience or dates unless set.
struct Offer {
  Course c;
  Offer(const std::string& id, double hours, double price) {
    c.id = id;
    c.title = "Course " + id;
    c.url = "https://ce.example.org/" + id;
    c.provider = "Example CE";
    c.hours = hours;
    c.price = price;
    c.currency = "USD";
    c.format = "on_demand";
  }
  Offer& Topics(std::vector<std::string> topics) {
    c.topics = std::move(topics);
    return *this;
  }
  Offer& Approved(std::vector<std::string> bodies) {
    c.approvals = std::move(bodies);
    return *this;
  }
  Offer& For(std::vector<std::string> audiences) {
    c.audiences = std::move(audiences);
    return *this;
  }
  // A live format (live_online, in_person, hybrid) starting on `start` ("" for no date).
  Offer& Live(const std::string& format, const std::string& start) {
    c.format = format;
    c.start_date = start;
    return *this;
  }
  Offer& Ends(const std::string& end) {
    c.end_date = end;
    return *this;
  }
  Offer& NoFormat() {
    c.format.clear();
    return *this;
  }
  Offer& Currency(const std::string& currency) {
    c.currency = currency;
    return *this;
  }
  Offer& NoPrice() {
    c.price.reset();
    return *this;
  }
  Offer& Free() {
    c.price.reset();
    c.free = true;
    return *this;
  }
  Offer& NoHours() {
    c.hours.reset();
    return *this;
  }
  operator Course() const { return c; }  // NOLINT: a catalogue is a list of Offers
};

inline Scholarship Award(const std::string& id, std::vector<std::string> disciplines,
                         std::optional<bool> open, const std::string& deadline) {
  Scholarship s;
  s.id = id;
  s.name = "Award " + id;
  s.sponsor = "Example Foundation";
  s.url = "https://awards.example.org/" + id;
  s.currency = "USD";
  s.amount_min = 500;
  s.amount_max = 1000;
  s.deadline = deadline;
  s.disciplines = std::move(disciplines);
  s.open = open;
  return s;
}

inline bool Has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

inline bool IsLiveFormat(const std::string& format) {
  return format == "live_online" || format == "in_person" || format == "hybrid";
}

inline double DoneFor(const std::map<std::string, double>& done, const std::string& key) {
  auto it = done.find(key);
  return it == done.end() ? 0.0 : it->second;
}

// What the request needs, computed here from the rules file and --done.
struct Needs {
  double total = 0;
  std::map<std::string, double> subjects;  // per-period and one-time still required
  std::map<std::string, std::string> rules;
  std::set<std::string> one_time;
};

inline Needs ExpectedNeeds(const Request& request) {
  const config::LicenceRules& licence = *request.licence;
  Needs needs;
  needs.total =
      request.need ? *request.need : std::max(0.0, licence.total_hours - request.done.total);
  for (const auto& s : licence.subjects) {
    needs.subjects[s.subject] = std::max(0.0, s.hours - DoneFor(request.done.subjects, s.subject));
    needs.rules[s.subject] = s.rule;
  }
  for (const auto& s : licence.one_time) {
    if (request.done.one_time.count(s.subject)) continue;
    needs.subjects[s.subject] = std::max(0.0, s.hours - DoneFor(request.done.subjects, s.subject));
    needs.rules[s.subject] = s.rule;
    needs.one_time.insert(s.subject);
  }
  return needs;
}

inline Approx Hours(double value) { return Approx(value).margin(0.001); }

// Checks `plan` against the request and the catalogue from its courses alone.
inline void CheckPlanIndependently(const Request& request, const std::vector<Course>& catalogue,
                                   const std::vector<Scholarship>& scholarships,
                                   const PlanResult& plan) {
  const config::LicenceRules& licence = *request.licence;
  const Needs needs = ExpectedNeeds(request);
  std::map<std::string, const Course*> by_id;
  for (const Course& c : catalogue) by_id[c.id] = &c;

  CHECK(plan.courses_seen == catalogue.size());

  std::set<std::string> seen;
  double cost = 0, hours = 0, uncapped = 0;
  std::vector<double> capped(licence.format_caps.size(), 0.0);
  std::map<std::string, double> subject_hours;
  for (const PlannedCourse& planned : plan.courses) {
    INFO("planned course " << planned.course.id);
    REQUIRE(by_id.count(planned.course.id) == 1);
    const Course& c = *by_id.at(planned.course.id);
    CHECK(seen.insert(c.id).second);  // a course once
    REQUIRE(c.hours.has_value());
    CHECK(planned.hours == Hours(*c.hours));
    CHECK(planned.price == Hours(c.free ? 0.0 : c.price.value_or(-1.0)));
    // A candidate (planner.h, in order): an approval the board accepts ...
    if (!licence.accepted_bodies.empty()) {
      CHECK(std::any_of(c.approvals.begin(), c.approvals.end(),
                        [&](const std::string& b) { return Has(licence.accepted_bodies, b); }));
    }
    // ... where the board names no bodies, meant for this profession or for no one in
    // particular (an accepted approval settles it otherwise) ...
    if (licence.accepted_bodies.empty()) {
      CHECK((c.audiences.empty() || Has(c.audiences, licence.audience)));
    }
    // ... hours and a price in US dollars, or free ...
    CHECK((c.free || c.price.has_value()));
    CHECK((c.currency.empty() || c.currency == "USD"));
    // ... a format asked for ...
    if (!request.formats.empty()) CHECK(Has(request.formats, c.format));
    // ... a stated format when the board caps formats (docs/plan.md, candidates 4) ...
    if (!licence.format_caps.empty()) CHECK(!c.format.empty());
    // ... and still on offer.
    CHECK((c.end_date.empty() || c.end_date >= request.today));
    if (IsLiveFormat(c.format)) {
      if (c.start_date.empty()) {
        CHECK(!request.by.has_value());
      } else {
        // Dates compare by day: a start with a time counts as its day.
        const std::string day = c.start_date.substr(0, 10);
        CHECK(day >= request.today);
        if (request.by) CHECK(day <= *request.by);
      }
    }
    // It counts for the total, or for one subject still needed that it covers.
    if (planned.counts_for != "total") {
      CHECK(needs.subjects.count(planned.counts_for) == 1);
      CHECK(Has(c.topics, planned.counts_for));
      subject_hours[planned.counts_for] += *c.hours;
    }
    cost += c.free ? 0.0 : c.price.value_or(0.0);
    hours += *c.hours;
    bool in_cap = false;
    for (size_t i = 0; i < licence.format_caps.size(); ++i) {
      if (Has(licence.format_caps[i].formats, c.format)) {
        capped[i] += *c.hours;
        in_cap = true;
        break;
      }
    }
    if (!in_cap) uncapped += *c.hours;
  }
  // Hours toward the total: a capped format's hours count up to what the cap leaves after
  // the hours of those formats already earned (Done::formats).
  double counted = uncapped;
  for (size_t i = 0; i < licence.format_caps.size(); ++i) {
    double earned = 0;
    for (const auto& f : licence.format_caps[i].formats) earned += DoneFor(request.done.formats, f);
    counted += std::min(capped[i], std::max(0.0, licence.format_caps[i].max_hours - earned));
  }
  CHECK(plan.total_cost == Hours(cost));
  CHECK(plan.total_hours == Hours(hours));

  // The requirements the plan reports: the total and each subject still needed, with the
  // rule's citation and what the returned courses count toward it.
  bool has_total = false;
  for (const Requirement& r : plan.requirements) {
    INFO("requirement " << r.subject);
    if (r.subject == "total") {
      has_total = true;
      CHECK(r.needed == Hours(needs.total));
      CHECK(r.planned == Hours(counted));
      CHECK(!r.one_time);
      continue;
    }
    auto need = needs.subjects.find(r.subject);
    if (need == needs.subjects.end()) {
      // A one-time requirement --done lists may be reported as met, never as needed.
      CHECK(r.needed == Hours(0));
      continue;
    }
    CHECK(r.needed == Hours(need->second));
    CHECK(r.planned == Hours(subject_hours[r.subject]));
    CHECK(r.rule == needs.rules.at(r.subject));
    CHECK(r.one_time == (needs.one_time.count(r.subject) == 1));
  }
  CHECK(has_total);
  for (const auto& entry : needs.subjects) {
    // Not a structured binding: clang before 16 cannot capture one in a lambda.
    const std::string& subject = entry.first;
    if (entry.second <= 0) continue;
    INFO("subject " << subject);
    CHECK(std::any_of(plan.requirements.begin(), plan.requirements.end(),
                      [&](const Requirement& r) { return r.subject == subject; }));
  }

  // What is unmet is what the returned plan misses, by the amount it misses it by; what is
  // not listed as unmet the returned plan meets.
  std::set<std::string> unmet;
  for (const Unmet& u : plan.unmet) {
    INFO("unmet " << u.requirement << " short by " << u.short_by << ": " << u.message);
    unmet.insert(u.requirement);
    CHECK(u.short_by > 0);
    CHECK(!u.message.empty());
    if (u.requirement == "total") {
      CHECK(u.short_by == Hours(needs.total - counted));
    } else if (u.requirement == "budget") {
      REQUIRE(request.budget.has_value());
      CHECK(u.short_by == Hours(cost - *request.budget));
    } else if (u.requirement == "max_courses") {
      // No plan within the limit: the closest plan is the cheapest without it, and short_by
      // how many more courses it uses (docs/plan.md "When no plan fits").
      REQUIRE(request.max_courses > 0);
      CHECK(u.short_by == Hours(static_cast<double>(plan.courses.size()) - request.max_courses));
    } else {
      REQUIRE(needs.subjects.count(u.requirement) == 1);
      CHECK(u.short_by == Hours(needs.subjects.at(u.requirement) - subject_hours[u.requirement]));
    }
  }
  CHECK(plan.feasible == unmet.empty());
  if (!unmet.count("total")) CHECK(counted >= needs.total - 0.001);
  for (const auto& [subject, needed] : needs.subjects) {
    INFO("subject " << subject);
    if (!unmet.count(subject)) CHECK(subject_hours[subject] >= needed - 0.001);
  }
  if (request.budget && !unmet.count("budget")) CHECK(cost <= *request.budget + 0.001);
  if (request.max_courses > 0 && !unmet.count("max_courses")) {
    CHECK(plan.courses.size() <= static_cast<size_t>(request.max_courses));
  }

  // Scholarships: not marked closed, deadline not passed or not stated, the licence's audience
  // among the disciplines or none listed (planner.h; docs/plan.md "Scholarships").
  std::set<std::string> offered;
  for (const Scholarship& s : scholarships) offered.insert(s.id);
  for (const Scholarship& s : plan.scholarships) {
    INFO("scholarship " << s.id);
    CHECK(offered.count(s.id) == 1);
    CHECK(s.open != std::optional<bool>(false));
    CHECK((s.deadline.empty() || s.deadline >= request.today));
    CHECK((s.disciplines.empty() || Has(s.disciplines, licence.audience)));
  }
}

inline PlanResult RunPlan(const Request& request, const std::vector<Course>& catalogue,
                          const std::vector<Scholarship>& scholarships = {}) {
  auto result = MakePlan(request, catalogue, scholarships);
  INFO((result.ok() ? std::string() : result.status().ToString()));
  REQUIRE(result.ok());
  PlanResult plan = std::move(result).value();
  std::string described;
  for (const auto& c : plan.courses) {
    described += c.course.id + " (" + c.counts_for + ") ";
  }
  for (const auto& u : plan.unmet) {
    described += "| unmet " + u.requirement + " by " + std::to_string(u.short_by) + " ";
  }
  INFO("plan: " << described << "cost " << plan.total_cost);
  CheckPlanIndependently(request, catalogue, scholarships, plan);
  return plan;
}

inline std::set<std::string> Ids(const PlanResult& plan) {
  std::set<std::string> ids;
  for (const auto& c : plan.courses) ids.insert(c.course.id);
  return ids;
}

inline std::string CountsFor(const PlanResult& plan, const std::string& id) {
  for (const auto& c : plan.courses) {
    if (c.course.id == id) return c.counts_for;
  }
  return "(not planned)";
}

inline const Unmet* FindUnmet(const PlanResult& plan, const std::string& requirement) {
  for (const auto& u : plan.unmet) {
    if (u.requirement == requirement) return &u;
  }
  return nullptr;
}

inline const Requirement* FindRequirement(const PlanResult& plan, const std::string& subject) {
  for (const auto& r : plan.requirements) {
    if (r.subject == subject) return &r;
  }
  return nullptr;
}

inline size_t CountFormat(const PlanResult& plan, const std::string& format) {
  return static_cast<size_t>(
      std::count_if(plan.courses.begin(), plan.courses.end(),
                    [&](const PlannedCourse& c) { return c.course.format == format; }));
}

}  // namespace cecat::plan::rules_fixtures
