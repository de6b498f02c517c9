// Plans for the licences added to the shipped renewal rules after the first six states'
// main licences (data/rules/*.json; docs/plan.md "States covered"): psychologists in CA,
// FL, OH and PA, and addiction counsellors (licence `lcadc`) in TX, CA, OH, PA and NY.
// Same approach as state_rules_test.cc: each test loads the real rules file, checks
// that it still says what the test's name cites, and plans against a small hand-made
// catalogue in which that rule decides the answer (without the rule, the cheapest plan
// would be a different one).
//
// Every plan is also checked from its courses alone, not from the planner's own
// figures (rules_fixtures.h, CheckPlanIndependently): each course is a candidate,
// counts only for a subject it covers, the hours toward the total and each subject
// meet what is needed unless reported unmet, and every Unmet's short_by is what the
// plan misses by.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "tests/plan/rules_fixtures.h"

// A named namespace of its own: the tests of tests/plan/ are compiled as one unity
// batch with state_rules_test.cc, whose helpers have the same names.
namespace cecat::plan::state_rules_more_test {
namespace {

using namespace rules_fixtures;  // NOLINT: the fixtures are this file's vocabulary

constexpr const char* kToday = "2026-12-07";

Request MakeRequest(const std::string& state, const std::string& licence) {
  return rules_fixtures::MakeRequest(state, licence, kToday);
}

// The figures a test's name cites, as the rules file has them.
void RequirePeriod(const std::string& state, const std::string& licence, double hours, int months) {
  const config::LicenceRules& rules = LicenceOf(state, licence);
  INFO(state << " " << licence);
  REQUIRE(rules.total_hours == hours);
  REQUIRE(rules.period_months == months);
}

// The licence's subjects are exactly `subjects`; none of the added licences has
// one-time subjects or format caps.
void RequireOnlyThese(const std::string& state, const std::string& licence,
                      const std::set<std::string>& subjects) {
  RequireOnlySubjects(state, licence, subjects);
  const config::LicenceRules& rules = LicenceOf(state, licence);
  REQUIRE(rules.one_time.empty());
  REQUIRE(rules.format_caps.empty());
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Psychologists

TEST_CASE(
    "CA psychologist: 36 hours every two years (B&P §2915(a)), 4 of them in laws and ethics "
    "(16 CCR §1397.61.1(b))",
    "[plan][rules][ca]") {
  RequirePeriod("CA", "psychologist", 36, 24);
  RequireSubject("CA", "psychologist", "law-and-ethics", 4, "16 CCR §1397.61.1(b)");
  RequireOnlyThese("CA", "psychologist", {"law-and-ethics"});
  REQUIRE(LicenceOf("CA", "psychologist").accepted_bodies.empty());
  // Without the laws-and-ethics rule, eth4 + gen32 ($130) would do; a course on ethics
  // alone is not one on California law and ethics. The cheapest 36 hours, for LMFTs
  // only, is meant for another profession.
  std::vector<Course> catalogue = {
      Offer("le4", 4, 40).Topics({"law-and-ethics"}), Offer("eth4", 4, 10).Topics({"ethics"}),
      Offer("gen32", 32, 120).For({"psychologist"}),  Offer("gen36", 36, 135),
      Offer("gen36-mft", 36, 50).For({"mft"}),
  };
  PlanResult plan = RunPlan(MakeRequest("CA", "psychologist"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"le4", "gen32"});
  CHECK(CountsFor(plan, "le4") == "law-and-ethics");
  CHECK(plan.total_cost == Hours(160));
}

TEST_CASE(
    "FL psychologist: 40 hours a biennium with 3 in ethics and Florida law and 2 on medical "
    "errors (Fla. Admin. Code R. 64B19-13.003(3))",
    "[plan][rules][fl]") {
  RequirePeriod("FL", "psychologist", 40, 24);
  RequireSubject("FL", "psychologist", "law-and-ethics", 3,
                 "Fla. Admin. Code R. 64B19-13.003(3)(a)");
  RequireSubject("FL", "psychologist", "medical-errors", 2,
                 "Fla. Admin. Code R. 64B19-13.003(3); §456.013(7), F.S.");
  RequireOnlyThese("FL", "psychologist", {"law-and-ethics", "medical-errors"});
  // Without the subjects, gen40 ($150) alone would be cheapest.
  std::vector<Course> catalogue = {
      Offer("le3", 3, 30).Topics({"law-and-ethics"}).Approved({"APA"}),
      Offer("me2", 2, 20).Topics({"medical-errors"}).Approved({"APA"}),
      Offer("gen35", 35, 140).Approved({"APA"}),
      Offer("gen40", 40, 150).Approved({"APA"}),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("FL", "psychologist"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"le3", "me2", "gen35"});
    CHECK(CountsFor(plan, "me2") == "medical-errors");
    CHECK(plan.total_cost == Hours(190));
  }
  SECTION("without a medical errors course 2 hours stay unmet") {
    catalogue.erase(catalogue.begin() + 1);
    PlanResult plan = RunPlan(MakeRequest("FL", "psychologist"), catalogue);
    CHECK(!plan.feasible);
    const Unmet* errors = FindUnmet(plan, "medical-errors");
    REQUIRE(errors != nullptr);
    CHECK(errors->short_by == Hours(2));
    CHECK(FindUnmet(plan, "law-and-ethics") == nullptr);
    CHECK(FindUnmet(plan, "total") == nullptr);
  }
}

TEST_CASE(
    "FL psychologist: only APA-approved providers' courses (Fla. Admin. Code R. "
    "64B19-13.003(1)(c))",
    "[plan][rules][fl]") {
  RequireBodies("FL", "psychologist", {"APA"}, "Fla. Admin. Code R. 64B19-13.003(1)(c)");
  std::vector<Course> catalogue = {
      Offer("le3-nbcc", 3, 3).Topics({"law-and-ethics"}).Approved({"NBCC"}),
      Offer("me2-aswb", 2, 2).Topics({"medical-errors"}).Approved({"ASWB-ACE"}),
      Offer("gen40-camft", 40, 10).Approved({"CAMFT"}),
      Offer("le3", 3, 30).Topics({"law-and-ethics"}).Approved({"APA"}),
      Offer("me2", 2, 20).Topics({"medical-errors"}).Approved({"APA"}),
      Offer("gen35", 35, 140).Approved({"APA", "NBCC"}),
  };
  PlanResult plan = RunPlan(MakeRequest("FL", "psychologist"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"le3", "me2", "gen35"});
  CHECK(plan.total_cost == Hours(190));
}

TEST_CASE("OH psychologist: 23 hours in each two-year period (Revised Code §4732.141(A)(2))",
          "[plan][rules][oh]") {
  RequirePeriod("OH", "psychologist", 23, 24);
  // The ethics hours could not be verified in the current statute (notes): no subject.
  RequireOnlyThese("OH", "psychologist", {});
  std::vector<Course> catalogue = {
      Offer("gen20", 20, 50), Offer("gen3", 3, 15),    Offer("gen12", 12, 40),
      Offer("gen11", 11, 40), Offer("gen23", 23, 100),
  };
  SECTION("the cheapest 23 hours") {
    // 20 hours would be gen20 alone; 23 needs gen20 and gen3.
    PlanResult plan = RunPlan(MakeRequest("OH", "psychologist"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"gen20", "gen3"});
    CHECK(plan.total_cost == Hours(65));
  }
  SECTION("a catalogue of 20 hours leaves the total short by 3") {
    PlanResult plan = RunPlan(MakeRequest("OH", "psychologist"), {Offer("gen20", 20, 50)});
    CHECK(!plan.feasible);
    const Unmet* total = FindUnmet(plan, "total");
    REQUIRE(total != nullptr);
    CHECK(total->short_by == Hours(3));
  }
}

TEST_CASE(
    "PA psychologist: 30 contact hours a biennium, 3 in ethical issues (49 Pa. Code "
    "§41.59(b))",
    "[plan][rules][pa]") {
  RequirePeriod("PA", "psychologist", 30, 24);
  RequireSubject("PA", "psychologist", "ethics", 3, "49 Pa. Code §41.59(b)");
  RequireOnlyThese("PA", "psychologist", {"ethics"});
  // Without the ethics hours gen30 ($120) alone would be cheapest.
  std::vector<Course> catalogue = {
      Offer("eth3", 3, 30).Topics({"ethics"}).Approved({"APA"}),
      Offer("gen27", 27, 100).Approved({"APA"}),
      Offer("gen30", 30, 120).Approved({"APA"}),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("PA", "psychologist"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth3", "gen27"});
    CHECK(CountsFor(plan, "eth3") == "ethics");
    CHECK(plan.total_cost == Hours(130));
  }
  SECTION("2 ethics hours already earned leave 1 to plan") {
    Request request = MakeRequest("PA", "psychologist");
    request.done.total = 2;
    request.done.subjects["ethics"] = 2;
    catalogue.push_back(Offer("eth1", 1, 10).Topics({"ethics"}).Approved({"APA"}));
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth1", "gen27"});
    CHECK(plan.total_cost == Hours(110));
  }
}

TEST_CASE(
    "PA psychologist: only APA-approved sponsors among cecat's bodies (49 Pa. Code "
    "§41.59(d)(3))",
    "[plan][rules][pa]") {
  RequireBodies("PA", "psychologist", {"APA"}, "49 Pa. Code §41.59(d)(3)");
  std::vector<Course> catalogue = {
      Offer("eth3-nbcc", 3, 5).Topics({"ethics"}).Approved({"NBCC"}),
      Offer("gen30-aswb", 30, 20).Approved({"ASWB-ACE"}),
      Offer("eth3", 3, 30).Topics({"ethics"}).Approved({"APA"}),
      Offer("gen27", 27, 100).Approved({"APA"}),
  };
  PlanResult plan = RunPlan(MakeRequest("PA", "psychologist"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth3", "gen27"});
}

// ---------------------------------------------------------------------------------------
// Addiction counsellors (licence lcadc)

TEST_CASE(
    "The added addiction counsellor entries plan for the addiction audience "
    "(config::LicenceAudience)",
    "[plan][rules]") {
  for (const std::string state : {"TX", "CA", "OH", "PA", "NY"}) {
    INFO(state);
    CHECK(LicenceOf(state, "lcadc").audience == "addiction");
  }
}

TEST_CASE(
    "TX LCDC: 40 hours each two-year licensing period (Occupations Code §504.205(b)(1)) with "
    "3 in ethics (25 TAC §140.416)",
    "[plan][rules][tx]") {
  RequirePeriod("TX", "lcadc", 40, 24);
  RequireSubject("TX", "lcadc", "ethics", 3,
                 "25 TAC §140.416 (as the HHSC LCDC continuing education page states it)");
  RequireOnlyThese("TX", "lcadc", {"ethics"});
  // Without the ethics hours, gen40 ($160) alone would be cheapest.
  std::vector<Course> catalogue = {
      Offer("eth3", 3, 30).Topics({"ethics"}).Approved({"NAADAC"}),
      Offer("gen37", 37, 150).Approved({"NAADAC"}),
      Offer("gen40", 40, 160).Approved({"NAADAC"}),
      Offer("gen21", 21, 90).Approved({"NAADAC"}),
  };
  PlanResult plan = RunPlan(MakeRequest("TX", "lcadc"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth3", "gen37"});
  CHECK(CountsFor(plan, "eth3") == "ethics");
  CHECK(plan.total_cost == Hours(180));
}

TEST_CASE(
    "TX LCDC: a master's-level LCDC plans 24 hours with --need 24 (Occupations Code "
    "§504.205(b)(2))",
    "[plan][rules][tx]") {
  RequirePeriod("TX", "lcadc", 40, 24);
  std::vector<Course> catalogue = {
      Offer("eth3", 3, 30).Topics({"ethics"}).Approved({"NAADAC"}),
      Offer("gen37", 37, 150).Approved({"NAADAC"}),
      Offer("gen21", 21, 90).Approved({"NAADAC"}),
  };
  Request request = MakeRequest("TX", "lcadc");
  request.need = 24;
  PlanResult plan = RunPlan(request, catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth3", "gen21"});
  CHECK(plan.total_cost == Hours(120));
}

TEST_CASE(
    "TX LCDC: NAADAC approvals are the accepted body in cecat's vocabulary (25 TAC "
    "§140.418(b)(2))",
    "[plan][rules][tx]") {
  RequireBodies("TX", "lcadc", {"NAADAC"}, "25 TAC §140.418(b)(2)");
  std::vector<Course> catalogue = {
      Offer("gen40-apa", 40, 20).Approved({"APA"}),
      Offer("eth3-nbcc", 3, 3).Topics({"ethics"}).Approved({"NBCC"}),
      Offer("eth3", 3, 30).Topics({"ethics"}).Approved({"NAADAC"}),
      Offer("gen37", 37, 150).Approved({"NAADAC", "APA"}),
  };
  PlanResult plan = RunPlan(MakeRequest("TX", "lcadc"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth3", "gen37"});
}

TEST_CASE(
    "CA AOD counselor: 40 hours in each two-year period of certification (9 CCR "
    "§13055(a))",
    "[plan][rules][ca]") {
  RequirePeriod("CA", "lcadc", 40, 24);
  RequireOnlyThese("CA", "lcadc", {});
  REQUIRE(LicenceOf("CA", "lcadc").accepted_bodies.empty());
  // The cheapest 40 hours; a course meant only for psychologists is not a candidate.
  std::vector<Course> catalogue = {
      Offer("gen40-psy", 40, 10).For({"psychologist"}),
      Offer("gen30", 30, 45).For({"addiction"}),
      Offer("gen10", 10, 20),
      Offer("gen20a", 20, 50),
      Offer("gen20b", 20, 60),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("CA", "lcadc"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"gen30", "gen10"});
    CHECK(plan.total_cost == Hours(65));
  }
  SECTION("30 hours on offer leave the total short by 10") {
    PlanResult plan = RunPlan(MakeRequest("CA", "lcadc"), {catalogue[0], catalogue[1]});
    CHECK(!plan.feasible);
    const Unmet* total = FindUnmet(plan, "total");
    REQUIRE(total != nullptr);
    CHECK(total->short_by == Hours(10));
  }
}

TEST_CASE(
    "OH LICDC: 30 hours in two years, 6 specific to substance use disorders and 3 in ethics "
    "(OAC 4758-13-01(A)(2)(a)-(c))",
    "[plan][rules][oh]") {
  RequirePeriod("OH", "lcadc", 30, 24);
  RequireSubject("OH", "lcadc", "substance-use", 6, "OAC 4758-13-01(A)(2)(b)");
  RequireSubject("OH", "lcadc", "ethics", 3, "OAC 4758-13-01(A)(2)(c)");
  RequireOnlyThese("OH", "lcadc", {"substance-use", "ethics"});
  // Without the subjects gen30 ($80) alone would be cheapest.
  std::vector<Course> catalogue = {
      Offer("su6", 6, 30).Topics({"substance-use"}),
      Offer("eth3", 3, 15).Topics({"ethics"}),
      Offer("gen21", 21, 60),
      Offer("gen30", 30, 80),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("OH", "lcadc"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"su6", "eth3", "gen21"});
    CHECK(CountsFor(plan, "su6") == "substance-use");
    CHECK(CountsFor(plan, "eth3") == "ethics");
    CHECK(plan.total_cost == Hours(105));
  }
  SECTION("without a substance use course 6 hours stay unmet") {
    catalogue.erase(catalogue.begin());
    PlanResult plan = RunPlan(MakeRequest("OH", "lcadc"), catalogue);
    CHECK(!plan.feasible);
    const Unmet* su = FindUnmet(plan, "substance-use");
    REQUIRE(su != nullptr);
    CHECK(su->short_by == Hours(6));
    CHECK(FindUnmet(plan, "ethics") == nullptr);
  }
}

TEST_CASE("PA CAADC: 40 hours every two years, 3 in ethics (PCB recertification requirements)",
          "[plan][rules][pa]") {
  RequirePeriod("PA", "lcadc", 40, 24);
  RequireSubject("PA", "lcadc", "ethics", 3,
                 "PCB recertification requirements (CAAC, CADC and CAADC)");
  RequireOnlyThese("PA", "lcadc", {"ethics"});
  // Without the ethics hours gen40 ($105) alone would be cheapest; a course for
  // counselors only is not a candidate.
  std::vector<Course> catalogue = {
      Offer("eth3-lpc", 3, 1).Topics({"ethics"}).For({"counselor"}),
      Offer("eth3", 3, 15).Topics({"ethics"}).For({"addiction", "counselor"}),
      Offer("gen37", 37, 100),
      Offer("gen40", 40, 105),
  };
  PlanResult plan = RunPlan(MakeRequest("PA", "lcadc"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth3", "gen37"});
  CHECK(plan.total_cost == Hours(115));
}

TEST_CASE(
    "NY CASAC: 60 clock hours in each three-year credential period (14 NYCRR "
    "§853.11(b)(1))",
    "[plan][rules][ny]") {
  RequirePeriod("NY", "lcadc", 60, 36);
  RequireOnlyThese("NY", "lcadc", {});
  std::vector<Course> catalogue = {
      Offer("gen30a", 30, 60), Offer("gen30b", 30, 60), Offer("gen45", 45, 80),
      Offer("gen15", 15, 25),  Offer("gen60", 60, 150),
  };
  SECTION("the cheapest 60 hours") {
    PlanResult plan = RunPlan(MakeRequest("NY", "lcadc"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"gen45", "gen15"});
    CHECK(plan.total_cost == Hours(105));
  }
  SECTION("45 hours already earned leave 15") {
    Request request = MakeRequest("NY", "lcadc");
    request.done.total = 45;
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"gen15"});
    CHECK(plan.total_cost == Hours(25));
  }
}

}  // namespace cecat::plan::state_rules_more_test
