// Plans for the main licences of the shipped renewal rules (data/rules/*.json, docs/plan.md
// "Renewal rules"; issue 24: "plans for the five states' main licences on a seeded catalogue
// are checked by tests written from the rules' sources"). Each test loads the real rules file,
// checks that it still says what the test's name cites, and plans against a small hand-made
// catalogue in which that rule decides the answer: drop the rule and the cheapest plan is a
// different one.
//
// Every plan the planner returns is also checked from its courses alone, not from the
// planner's own figures (rules_fixtures.h, CheckPlanIndependently): each course is a candidate
// (approval the board accepts, audience, price in US dollars, format, dates), counts only for a
// subject it covers, the hours toward the total with the format caps applied and each subject's
// hours meet what is needed, and every Unmet's short_by is what the returned plan misses by.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/plan/rules_fixtures.h"

// A named namespace: the tests of tests/plan/ are compiled as one unity batch, and
// optimiser_test.cc has a function named Course at file scope.
namespace cecat::plan::state_rules_test {
namespace {

using namespace rules_fixtures;  // NOLINT: the fixtures are this file's vocabulary

constexpr const char* kToday = "2026-12-06";
constexpr const char* kBy = "2027-03-01";
// A live course's start date between kToday and kBy.
constexpr const char* kSoon = "2027-01-15";

Request MakeRequest(const std::string& state, const std::string& licence) {
  return rules_fixtures::MakeRequest(state, licence, kToday);
}

// TX LPC's 24 hours with 6 ethics and 3 cultural competency. Without the subjects the
// 24-hour course alone ($100) would be cheapest.
std::vector<Course> TexasLpcCatalogue() {
  return {
      Offer("eth6", 6, 60).Topics({"ethics"}),
      Offer("cul3", 3, 30).Topics({"cultural-competency"}),
      Offer("gen15", 15, 75).Topics({"trauma"}),
      Offer("gen24", 24, 100).Topics({"cbt"}),
  };
}

// Six 6-hour on-demand courses at $10 and six live ones at $50.
std::vector<Course> NewYorkCapCatalogue(const std::vector<std::string>& bodies) {
  std::vector<Course> catalogue;
  for (int i = 1; i <= 6; ++i) {
    catalogue.push_back(Offer("od" + std::to_string(i), 6, 10).Approved(bodies));
  }
  for (int i = 1; i <= 6; ++i) {
    catalogue.push_back(
        Offer("live" + std::to_string(i), 6, 50).Approved(bodies).Live("live_online", kSoon));
  }
  return catalogue;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Texas

TEST_CASE("TX LPC: 24 hours with 6 ethics and 3 cultural competency (22 TAC §681.140(a)(1))",
          "[plan][rules][tx]") {
  RequireTotal("TX", "lpc", 24);
  RequireSubject("TX", "lpc", "ethics", 6, "22 TAC §681.140(a)(1)");
  RequireSubject("TX", "lpc", "cultural-competency", 3, "22 TAC §681.140(a)(1)");
  RequireOnlySubjects("TX", "lpc", {"ethics", "cultural-competency"});

  PlanResult plan = RunPlan(MakeRequest("TX", "lpc"), TexasLpcCatalogue());
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth6", "cul3", "gen15"});
  CHECK(CountsFor(plan, "eth6") == "ethics");
  CHECK(CountsFor(plan, "cul3") == "cultural-competency");
  CHECK(plan.total_cost == Hours(165));
  CHECK(plan.total_hours == Hours(24));
  const Requirement* ethics = FindRequirement(plan, "ethics");
  REQUIRE(ethics != nullptr);
  CHECK(ethics->needed == Hours(6));
  CHECK(ethics->rule == "22 TAC §681.140(a)(1)");
  const Requirement* total = FindRequirement(plan, "total");
  REQUIRE(total != nullptr);
  CHECK(total->needed == Hours(24));
}

TEST_CASE("TX LPC: without an ethics course the 6 ethics hours are unmet (22 TAC §681.140(a)(1))",
          "[plan][rules][tx]") {
  RequireSubject("TX", "lpc", "ethics", 6, "22 TAC §681.140(a)(1)");
  std::vector<Course> catalogue = TexasLpcCatalogue();
  catalogue.erase(catalogue.begin());  // eth6
  // A course on boundaries is not an ethics course.
  catalogue.push_back(Offer("bound6", 6, 20).Topics({"boundaries"}));

  PlanResult plan = RunPlan(MakeRequest("TX", "lpc"), catalogue);
  CHECK(!plan.feasible);
  const Unmet* ethics = FindUnmet(plan, "ethics");
  REQUIRE(ethics != nullptr);
  CHECK(ethics->short_by == Hours(6));
  // Cultural competency and the total can be met: they are not unmet.
  CHECK(FindUnmet(plan, "cultural-competency") == nullptr);
  CHECK(FindUnmet(plan, "total") == nullptr);
}

TEST_CASE(
    "TX LPC: a catalogue of 20 hours leaves the 24-hour total short by 4 (22 TAC "
    "§681.140(a)(1))",
    "[plan][rules][tx]") {
  RequireTotal("TX", "lpc", 24);
  std::vector<Course> catalogue = {
      Offer("eth6", 6, 60).Topics({"ethics"}),
      Offer("cul3", 3, 30).Topics({"cultural-competency"}),
      Offer("gen11", 11, 55),
  };
  PlanResult plan = RunPlan(MakeRequest("TX", "lpc"), catalogue);
  CHECK(!plan.feasible);
  const Unmet* total = FindUnmet(plan, "total");
  REQUIRE(total != nullptr);
  CHECK(total->short_by == Hours(4));
  CHECK(FindUnmet(plan, "ethics") == nullptr);
  CHECK(FindUnmet(plan, "cultural-competency") == nullptr);
  CHECK(Ids(plan) == std::set<std::string>{"eth6", "cul3", "gen11"});
}

TEST_CASE(
    "TX LPC: an hour counts once, so a course on ethics and cultural competency meets one "
    "of 22 TAC §681.140(a)(1)'s subjects",
    "[plan][rules][tx]") {
  RequireSubject("TX", "lpc", "ethics", 6, "22 TAC §681.140(a)(1)");
  RequireSubject("TX", "lpc", "cultural-competency", 3, "22 TAC §681.140(a)(1)");
  // Counted twice, both6 + gen18 ($120) would do; counted once the cheapest is both6 for
  // ethics, cul3 and gen15 ($135).
  std::vector<Course> catalogue = {
      Offer("both6", 6, 30).Topics({"ethics", "cultural-competency"}),
      Offer("eth6", 6, 60).Topics({"ethics"}),
      Offer("cul3", 3, 30).Topics({"cultural-competency"}),
      Offer("gen15", 15, 75),
      Offer("gen18", 18, 90),
  };
  PlanResult plan = RunPlan(MakeRequest("TX", "lpc"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"both6", "cul3", "gen15"});
  CHECK(CountsFor(plan, "both6") == "ethics");
  CHECK(CountsFor(plan, "cul3") == "cultural-competency");
  CHECK(plan.total_cost == Hours(135));
}

TEST_CASE(
    "TX LPC: the Council approves no providers or courses (Council CE FAQ, tx.json notes), "
    "so courses with any approval or none are taken",
    "[plan][rules][tx]") {
  RequireBodies("TX", "lpc", {}, "");
  std::vector<Course> catalogue = {
      Offer("eth6-nysw", 6, 60).Topics({"ethics"}).Approved({"NY-SW"}),
      Offer("cul3-none", 3, 30).Topics({"cultural-competency"}),
      Offer("gen15-camft", 15, 75).Approved({"CAMFT"}),
      Offer("gen15-nbcc", 15, 80).Approved({"NBCC"}),
  };
  PlanResult plan = RunPlan(MakeRequest("TX", "lpc"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth6-nysw", "cul3-none", "gen15-camft"});
  CHECK(plan.total_cost == Hours(165));
}

TEST_CASE(
    "TX LPC: hours already earned reduce the 24 total and the 6 ethics (22 TAC "
    "§681.140(a)(1))",
    "[plan][rules][tx]") {
  RequireTotal("TX", "lpc", 24);
  RequireSubject("TX", "lpc", "ethics", 6, "22 TAC §681.140(a)(1)");
  std::vector<Course> catalogue = {
      Offer("eth6", 6, 40).Topics({"ethics"}),
      Offer("cul3", 3, 30).Topics({"cultural-competency"}),
      Offer("gen1", 1, 8),
      Offer("gen2", 2, 15),
  };
  Request request = MakeRequest("TX", "lpc");
  SECTION("without --done the catalogue cannot meet 24 hours") {
    PlanResult plan = RunPlan(request, catalogue);
    CHECK(!plan.feasible);
    REQUIRE(FindUnmet(plan, "total") != nullptr);
    CHECK(FindUnmet(plan, "total")->short_by == Hours(24 - 12));
  }
  SECTION("20 hours earned, 6 of them ethics: 4 more, 3 of them cultural competency") {
    request.done.total = 20;
    request.done.subjects["ethics"] = 6;
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"cul3", "gen1"});
    CHECK(plan.total_cost == Hours(38));
    const Requirement* total = FindRequirement(plan, "total");
    REQUIRE(total != nullptr);
    CHECK(total->needed == Hours(4));
    const Requirement* cultural = FindRequirement(plan, "cultural-competency");
    REQUIRE(cultural != nullptr);
    CHECK(cultural->needed == Hours(3));
    const Requirement* ethics = FindRequirement(plan, "ethics");
    if (ethics != nullptr) CHECK(ethics->needed == Hours(0));
  }
  SECTION("the same read from a --done file") {
    auto done = ParseDone("done.json", R"({"total": 20, "subjects": {"ethics": 6}})");
    INFO((done.ok() ? std::string() : done.status().ToString()));
    REQUIRE(done.ok());
    request.done = *done;
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"cul3", "gen1"});
  }
}

TEST_CASE(
    "TX LPC: over budget the plan is short by the dollars over and the cheapest plan "
    "meeting 22 TAC §681.140(a)(1) is returned",
    "[plan][rules][tx]") {
  Request request = MakeRequest("TX", "lpc");
  SECTION("a $100 budget is $65 short of the $165 plan") {
    request.budget = 100;
    PlanResult plan = RunPlan(request, TexasLpcCatalogue());
    CHECK(!plan.feasible);
    const Unmet* budget = FindUnmet(plan, "budget");
    REQUIRE(budget != nullptr);
    CHECK(budget->short_by == Hours(65));
    CHECK(Ids(plan) == std::set<std::string>{"eth6", "cul3", "gen15"});
    CHECK(plan.unmet.size() == 1);
  }
  SECTION("a $165 budget is enough") {
    request.budget = 165;
    PlanResult plan = RunPlan(request, TexasLpcCatalogue());
    CHECK(plan.feasible);
    CHECK(plan.total_cost == Hours(165));
  }
}

TEST_CASE(
    "TX LPC: ethics and cultural competency are separate subjects (22 TAC "
    "§681.140(a)(1)), so at most 2 courses is 1 course short",
    "[plan][rules][tx]") {
  Request request = MakeRequest("TX", "lpc");
  request.max_courses = 2;
  PlanResult plan = RunPlan(request, TexasLpcCatalogue());
  CHECK(!plan.feasible);
  const Unmet* limit = FindUnmet(plan, "max_courses");
  REQUIRE(limit != nullptr);
  // How many more courses the cheapest plan without the limit uses; that plan is the closest.
  CHECK(limit->short_by == Hours(1));
  CHECK(Ids(plan) == std::set<std::string>{"eth6", "cul3", "gen15"});
  CHECK(plan.unmet.size() == 1);
}

TEST_CASE(
    "TX LPC: a course limit picks fewer, longer courses for 22 TAC §681.140(a)(1)'s 24 "
    "hours",
    "[plan][rules][tx]") {
  std::vector<Course> catalogue = TexasLpcCatalogue();
  for (const char* id : {"gen5a", "gen5b", "gen5c"}) catalogue.push_back(Offer(id, 5, 20));
  Request request = MakeRequest("TX", "lpc");
  SECTION("no limit: three 5-hour courses are cheaper than the 15-hour one") {
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth6", "cul3", "gen5a", "gen5b", "gen5c"});
    CHECK(plan.total_cost == Hours(150));
  }
  SECTION("at most 3 courses") {
    request.max_courses = 3;
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth6", "cul3", "gen15"});
    CHECK(plan.total_cost == Hours(165));
  }
}

TEST_CASE(
    "TX LPC: a candidate lists CE hours and a price in US dollars or is free (planner.h), "
    "for 22 TAC §681.140(a)(1)'s 6 ethics hours",
    "[plan][rules][tx]") {
  std::vector<Course> catalogue = {
      Offer("eth6-eur", 6, 10).Topics({"ethics"}).Currency("EUR"),
      Offer("eth6-noprice", 6, 0).Topics({"ethics"}).NoPrice(),
      Offer("eth-nohours", 6, 1).Topics({"ethics"}).NoHours(),
      Offer("eth6-free", 6, 0).Topics({"ethics"}).Free(),
      Offer("cul3-blank", 3, 30).Topics({"cultural-competency"}).Currency(""),
      Offer("gen15", 15, 75),
  };
  PlanResult plan = RunPlan(MakeRequest("TX", "lpc"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth6-free", "cul3-blank", "gen15"});
  CHECK(plan.total_cost == Hours(105));
}

TEST_CASE(
    "TX LPC: ethics and cultural competency each reachable alone but not together (22 "
    "TAC §681.140(a)(1)) are unmet by what the closest plan misses",
    "[plan][rules][tx]") {
  // The one course on either subject counts for one of them.
  std::vector<Course> catalogue = {
      Offer("both6", 6, 30).Topics({"ethics", "cultural-competency"}),
      Offer("gen24", 24, 100),
  };
  PlanResult plan = RunPlan(MakeRequest("TX", "lpc"), catalogue);
  CHECK(!plan.feasible);
  const Unmet* ethics = FindUnmet(plan, "ethics");
  const Unmet* cultural = FindUnmet(plan, "cultural-competency");
  CHECK(((ethics != nullptr) != (cultural != nullptr)));
  if (ethics != nullptr) CHECK(ethics->short_by == Hours(6));
  if (cultural != nullptr) CHECK(cultural->short_by == Hours(3));
  CHECK(FindUnmet(plan, "total") == nullptr);
  // The closest plan: both6 for one subject and gen24 for the total.
  CHECK(Ids(plan) == std::set<std::string>{"both6", "gen24"});
}

TEST_CASE(
    "TX LPC: --need sets the hours still needed toward the total (planner.h), 22 TAC "
    "§681.140(a)(1)'s subjects stay",
    "[plan][rules][tx]") {
  std::vector<Course> catalogue = TexasLpcCatalogue();
  catalogue.push_back(Offer("gen3", 3, 15));
  Request request = MakeRequest("TX", "lpc");
  request.need = 12;
  PlanResult plan = RunPlan(request, catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth6", "cul3", "gen3"});
  CHECK(plan.total_cost == Hours(105));
  const Requirement* total = FindRequirement(plan, "total");
  REQUIRE(total != nullptr);
  CHECK(total->needed == Hours(12));

  // --need is what is still needed: --done's total is not taken off it again.
  request.done.total = 4;
  PlanResult again = RunPlan(request, catalogue);
  REQUIRE(again.feasible);
  REQUIRE(FindRequirement(again, "total") != nullptr);
  CHECK(FindRequirement(again, "total")->needed == Hours(12));
  CHECK(again.total_cost == Hours(105));
}

TEST_CASE(
    "TX LPC: a wrong request is refused as an invalid argument naming the option "
    "(planner.h MakePlan)",
    "[plan][rules][tx]") {
  Request request = MakeRequest("TX", "lpc");
  std::string option;
  SECTION("--by before today") {
    request.by = "2026-12-01";
    option = "--by";
  }
  SECTION("an unknown --format") {
    request.formats = {"webinar"};
    option = "--format";
  }
  SECTION("a negative --budget") {
    request.budget = -1;
    option = "--budget";
  }
  SECTION("a negative --need") {
    request.need = -1;
    option = "--need";
  }
  SECTION("a negative --max-courses") {
    request.max_courses = -1;
    option = "--max-courses";
  }
  auto result = MakePlan(request, TexasLpcCatalogue(), {});
  REQUIRE(!result.ok());
  CHECK(result.status().code() == Status::Code::kInvalidArgument);
  INFO(result.status().message());
  CHECK(result.status().message().find(option) != std::string::npos);
}

TEST_CASE(
    "TX LPC: with --topics the other hours come from those topics, and courses for 22 TAC "
    "§681.140(a)(1)'s subjects still needed stay candidates (planner.h)",
    "[plan][rules][tx]") {
  std::vector<Course> catalogue = {
      Offer("eth6", 6, 60).Topics({"ethics"}),
      Offer("cul3", 3, 30).Topics({"cultural-competency"}),
      Offer("gen15-cbt", 15, 45).Topics({"cbt"}),
      Offer("gen15-trauma", 15, 75).Topics({"trauma"}),
      Offer("gen15-none", 15, 30),
  };
  Request request = MakeRequest("TX", "lpc");
  request.topics = {"trauma"};
  SECTION("the full period") {
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth6", "cul3", "gen15-trauma"});
    CHECK(plan.total_cost == Hours(165));
  }
  SECTION("ethics already earned: an ethics course is no longer a candidate off the topics") {
    request.done.total = 6;
    request.done.subjects["ethics"] = 6;
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"cul3", "gen15-trauma"});
    CHECK(plan.candidates == 2);
  }
}

TEST_CASE(
    "TX LPC: with a course limit, the budget is held against the cheapest plan within it "
    "(22 TAC §681.140(a)(1), docs/plan.md When no plan fits)",
    "[plan][rules][tx]") {
  std::vector<Course> catalogue = TexasLpcCatalogue();
  for (const char* id : {"gen5a", "gen5b", "gen5c"}) catalogue.push_back(Offer(id, 5, 20));
  Request request = MakeRequest("TX", "lpc");
  request.max_courses = 3;
  request.budget = 150;  // what the 5-course plan costs; within 3 courses the least is $165
  PlanResult plan = RunPlan(request, catalogue);
  CHECK(!plan.feasible);
  const Unmet* budget = FindUnmet(plan, "budget");
  REQUIRE(budget != nullptr);
  CHECK(budget->short_by == Hours(15));
  CHECK(FindUnmet(plan, "max_courses") == nullptr);
  CHECK(Ids(plan) == std::set<std::string>{"eth6", "cul3", "gen15"});
}

TEST_CASE("TX LCSW: 30 hours with 6 ethics and 3 cultural competency (22 TAC §781.501(a)(1))",
          "[plan][rules][tx]") {
  RequireTotal("TX", "lcsw", 30);
  RequireSubject("TX", "lcsw", "ethics", 6, "22 TAC §781.501(a)(1)");
  RequireSubject("TX", "lcsw", "cultural-competency", 3, "22 TAC §781.501(a)(1)");
  RequireOnlySubjects("TX", "lcsw", {"ethics", "cultural-competency"});
  // The 15-hour course would finish an LPC's 24; a social worker needs 30.
  std::vector<Course> catalogue = {
      Offer("eth6", 6, 60).Topics({"ethics"}),
      Offer("cul3", 3, 30).Topics({"cultural-competency"}),
      Offer("gen15", 15, 75),
      Offer("gen21", 21, 105),
      Offer("gen30", 30, 120),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("TX", "lcsw"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth6", "cul3", "gen21"});
    CHECK(plan.total_cost == Hours(195));
    CHECK(plan.total_hours == Hours(30));
  }
  SECTION("without a cultural competency course 3 hours stay unmet") {
    catalogue.erase(catalogue.begin() + 1);
    PlanResult plan = RunPlan(MakeRequest("TX", "lcsw"), catalogue);
    CHECK(!plan.feasible);
    const Unmet* cultural = FindUnmet(plan, "cultural-competency");
    REQUIRE(cultural != nullptr);
    CHECK(cultural->short_by == Hours(3));
    CHECK(FindUnmet(plan, "ethics") == nullptr);
  }
}

TEST_CASE("TX LCSW: 3 ethics hours already earned leave 3 of 22 TAC §781.501(a)(1)'s 6",
          "[plan][rules][tx]") {
  std::vector<Course> catalogue = {
      Offer("eth3", 3, 30).Topics({"ethics"}),
      Offer("eth6", 6, 50).Topics({"ethics"}),
      Offer("gen3", 3, 10),
  };
  Request request = MakeRequest("TX", "lcsw");
  request.done.total = 27;
  request.done.subjects["ethics"] = 3;
  request.done.subjects["cultural-competency"] = 3;
  PlanResult plan = RunPlan(request, catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth3"});
  CHECK(CountsFor(plan, "eth3") == "ethics");
  const Requirement* ethics = FindRequirement(plan, "ethics");
  REQUIRE(ethics != nullptr);
  CHECK(ethics->needed == Hours(3));
}

TEST_CASE("TX LCSW: only the formats asked for, for 22 TAC §781.501(a)(1)'s 30 hours",
          "[plan][rules][tx]") {
  std::vector<Course> catalogue = {
      Offer("eth6-od", 6, 10).Topics({"ethics"}),
      Offer("eth6-live", 6, 60).Topics({"ethics"}).Live("live_online", kSoon),
      Offer("cul3-live", 3, 30).Topics({"cultural-competency"}).Live("live_online", kSoon),
      Offer("gen21-od", 21, 20),
      Offer("gen21-live", 21, 105).Live("live_online", kSoon),
  };
  Request request = MakeRequest("TX", "lcsw");
  request.formats = {"live_online"};
  PlanResult plan = RunPlan(request, catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth6-live", "cul3-live", "gen21-live"});
  CHECK(plan.total_cost == Hours(195));
}

TEST_CASE("TX LMFT: 30 hours with 6 ethics and 3 cultural competency (22 TAC §801.261(a)(1))",
          "[plan][rules][tx]") {
  RequireTotal("TX", "lmft", 30);
  RequireSubject("TX", "lmft", "ethics", 6, "22 TAC §801.261(a)(1)");
  RequireSubject("TX", "lmft", "cultural-competency", 3, "22 TAC §801.261(a)(1)");
  RequireOnlySubjects("TX", "lmft", {"ethics", "cultural-competency"});
  std::vector<Course> catalogue = {
      Offer("eth6", 6, 60).Topics({"ethics"}),
      Offer("cul3", 3, 30).Topics({"cultural-competency"}),
      Offer("gen21", 21, 105),
      Offer("gen30", 30, 120),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("TX", "lmft"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth6", "cul3", "gen21"});
    CHECK(plan.total_cost == Hours(195));
  }
  SECTION("without an ethics course 6 hours stay unmet") {
    catalogue.erase(catalogue.begin());
    PlanResult plan = RunPlan(MakeRequest("TX", "lmft"), catalogue);
    CHECK(!plan.feasible);
    const Unmet* ethics = FindUnmet(plan, "ethics");
    REQUIRE(ethics != nullptr);
    CHECK(ethics->short_by == Hours(6));
  }
}

TEST_CASE(
    "TX LMFT: courses only for other professions do not count toward 22 TAC "
    "§801.261(a)(1)'s hours",
    "[plan][rules][tx]") {
  REQUIRE(LicenceOf("TX", "lmft").audience == "mft");
  std::vector<Course> catalogue = {
      Offer("eth6-psy", 6, 10).Topics({"ethics"}).For({"psychologist"}),
      Offer("eth6-sw-lpc", 6, 12).Topics({"ethics"}).For({"social_worker", "counselor"}),
      Offer("eth6-mft", 6, 60).Topics({"ethics"}).For({"mft", "counselor"}),
      Offer("cul3-any", 3, 30).Topics({"cultural-competency"}),
      Offer("gen21-mft", 21, 105).For({"mft"}),
      Offer("gen21-sw", 21, 20).For({"social_worker"}),
  };
  PlanResult plan = RunPlan(MakeRequest("TX", "lmft"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth6-mft", "cul3-any", "gen21-mft"});
  CHECK(plan.total_cost == Hours(195));
}

// ---------------------------------------------------------------------------------------
// California

TEST_CASE("CA LMFT: 36 hours with 6 in law and ethics (16 CCR §1887.3(c))", "[plan][rules][ca]") {
  RequireTotal("CA", "lmft", 36);
  RequireSubject("CA", "lmft", "law-and-ethics", 6, "16 CCR §1887.3(c)");
  RequireOnlySubjects("CA", "lmft", {"law-and-ethics"});
  REQUIRE(LicenceOf("CA", "lmft").one_time.empty());
  // Alone the 36-hour course ($180) is cheapest; an ethics course is not law and ethics.
  std::vector<Course> catalogue = {
      Offer("le6", 6, 60).Topics({"law-and-ethics"}).Approved({"CAMFT"}),
      Offer("eth6", 6, 30).Topics({"ethics"}).Approved({"CAMFT"}),
      Offer("gen30", 30, 150).Approved({"CAMFT"}),
      Offer("gen36", 36, 180).Approved({"CAMFT"}),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("CA", "lmft"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"le6", "gen30"});
    CHECK(CountsFor(plan, "le6") == "law-and-ethics");
    CHECK(plan.total_cost == Hours(210));
  }
  SECTION("an ethics course is not a law and ethics course: 6 hours stay unmet") {
    catalogue.erase(catalogue.begin());
    PlanResult plan = RunPlan(MakeRequest("CA", "lmft"), catalogue);
    CHECK(!plan.feasible);
    const Unmet* le = FindUnmet(plan, "law-and-ethics");
    REQUIRE(le != nullptr);
    CHECK(le->short_by == Hours(6));
    CHECK(FindUnmet(plan, "total") == nullptr);
  }
}

TEST_CASE(
    "CA LMFT: an approval the board accepts (16 CCR §1887.4.1(a), §1887.4.3(a)) settles "
    "it, whoever the course was written for",
    "[plan][rules][ca]") {
  RequireBodies("CA", "lmft", {"APA", "ASWB-ACE", "CAMFT", "NBCC"},
                "16 CCR §1887.4.1(a), §1887.4.3(a)");
  std::vector<Course> catalogue = {
      Offer("le6-apa-psy", 6, 30)
          .Topics({"law-and-ethics"})
          .Approved({"APA"})
          .For({"psychologist"}),
      Offer("le6-camft-mft", 6, 60).Topics({"law-and-ethics"}).Approved({"CAMFT"}).For({"mft"}),
      Offer("gen30-aswb-sw", 30, 150).Approved({"ASWB-ACE"}).For({"social_worker"}),
      Offer("gen30-camft", 30, 170).Approved({"CAMFT"}),
  };
  PlanResult plan = RunPlan(MakeRequest("CA", "lmft"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"le6-apa-psy", "gen30-aswb-sw"});
  CHECK(plan.total_cost == Hours(180));
}

TEST_CASE("CA LCSW: 36 hours with 6 in law and ethics (16 CCR §1887.3(c))", "[plan][rules][ca]") {
  RequireTotal("CA", "lcsw", 36);
  RequireSubject("CA", "lcsw", "law-and-ethics", 6, "16 CCR §1887.3(c)");
  RequireOnlySubjects("CA", "lcsw", {"law-and-ethics"});
  std::vector<Course> catalogue = {
      Offer("le6", 6, 60).Topics({"law-and-ethics"}).Approved({"ASWB-ACE"}),
      Offer("gen30", 30, 150).Approved({"ASWB-ACE"}),
      Offer("gen36", 36, 180).Approved({"ASWB-ACE"}),
  };
  PlanResult plan = RunPlan(MakeRequest("CA", "lcsw"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"le6", "gen30"});
  CHECK(plan.total_cost == Hours(210));
}

TEST_CASE(
    "CA LCSW: only courses of board-recognized approval agencies (16 CCR §1887.4.1(a), "
    "§1887.4.3(a))",
    "[plan][rules][ca]") {
  RequireBodies("CA", "lcsw", {"APA", "ASWB-ACE", "CAMFT", "NBCC"},
                "16 CCR §1887.4.1(a), §1887.4.3(a)");
  std::vector<Course> catalogue = {
      Offer("le6-nysw", 6, 5).Topics({"law-and-ethics"}).Approved({"NY-SW"}),
      Offer("le6-none", 6, 5).Topics({"law-and-ethics"}),
      Offer("gen36-cebroker", 36, 10).Approved({"FL-CEBROKER"}),
      Offer("le6-apa", 6, 60).Topics({"law-and-ethics"}).Approved({"APA"}),
      Offer("gen12-nbcc", 12, 60).Approved({"NBCC"}),
      Offer("gen12-camft", 12, 60).Approved({"CAMFT"}),
      Offer("gen6-aswb", 6, 30).Approved({"ASWB-ACE", "NY-SW"}),
  };
  PlanResult plan = RunPlan(MakeRequest("CA", "lcsw"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"le6-apa", "gen12-nbcc", "gen12-camft", "gen6-aswb"});
  CHECK(plan.total_cost == Hours(210));
}

TEST_CASE(
    "CA LPC (LPCC): one-time 6 hours of suicide prevention (Business and Professions Code "
    "§4999.66(b)) and 3 of telehealth (Business and Professions Code §4999.67(b))",
    "[plan][rules][ca]") {
  RequireTotal("CA", "lpc", 36);
  RequireSubject("CA", "lpc", "law-and-ethics", 6, "16 CCR §1887.3(c)");
  RequireSubject("CA", "lpc", "suicide-prevention", 6, "Business and Professions Code §4999.66(b)",
                 true);
  RequireSubject("CA", "lpc", "telehealth", 3, "Business and Professions Code §4999.67(b)", true);
  // General hours cost $5 an hour, suicide prevention and telehealth $10.
  std::vector<Course> catalogue = {
      Offer("le6", 6, 30).Topics({"law-and-ethics"}).Approved({"NBCC"}),
      Offer("sp6", 6, 60).Topics({"suicide-prevention"}).Approved({"NBCC"}),
      Offer("th3", 3, 30).Topics({"telehealth"}).Approved({"NBCC"}),
      Offer("gen9a", 9, 45).Approved({"NBCC"}),
      Offer("gen9b", 9, 45).Approved({"NBCC"}),
      Offer("gen9c", 9, 45).Approved({"NBCC"}),
      Offer("gen3a", 3, 15).Approved({"NBCC"}),
      Offer("gen3b", 3, 15).Approved({"NBCC"}),
  };
  Request request = MakeRequest("CA", "lpc");
  SECTION("included by default") {
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(CountsFor(plan, "le6") == "law-and-ethics");
    CHECK(CountsFor(plan, "sp6") == "suicide-prevention");
    CHECK(CountsFor(plan, "th3") == "telehealth");
    CHECK(plan.total_cost == Hours(225));
    CHECK(plan.total_hours == Hours(36));
    const Requirement* sp = FindRequirement(plan, "suicide-prevention");
    REQUIRE(sp != nullptr);
    CHECK(sp->one_time);
    CHECK(sp->needed == Hours(6));
    CHECK(sp->rule == "Business and Professions Code §4999.66(b)");
    const Requirement* th = FindRequirement(plan, "telehealth");
    REQUIRE(th != nullptr);
    CHECK(th->one_time);
    CHECK(th->needed == Hours(3));
  }
  SECTION("dropped when --done lists both") {
    request.done.one_time = {"suicide-prevention", "telehealth"};
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan).count("sp6") == 0);
    CHECK(Ids(plan).count("th3") == 0);
    CHECK(plan.total_cost == Hours(180));
    for (const char* subject : {"suicide-prevention", "telehealth"}) {
      const Requirement* r = FindRequirement(plan, subject);
      if (r != nullptr) CHECK(r->needed == Hours(0));
    }
  }
  SECTION("only telehealth done: suicide prevention stays") {
    request.done.one_time = {"telehealth"};
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(CountsFor(plan, "sp6") == "suicide-prevention");
    CHECK(Ids(plan).count("th3") == 0);
    CHECK(plan.total_cost == Hours(210));
  }
  SECTION("without a telehealth course 3 one-time hours are unmet") {
    catalogue.erase(catalogue.begin() + 2);
    PlanResult plan = RunPlan(request, catalogue);
    CHECK(!plan.feasible);
    const Unmet* th = FindUnmet(plan, "telehealth");
    REQUIRE(th != nullptr);
    CHECK(th->short_by == Hours(3));
    CHECK(FindUnmet(plan, "suicide-prevention") == nullptr);
  }
}

// ---------------------------------------------------------------------------------------
// Florida

TEST_CASE(
    "FL LCSW: 30 hours including 2 on medical errors (Fla. Admin. Code R. "
    "64B4-6.001(2)(a))",
    "[plan][rules][fl]") {
  RequireTotal("FL", "lcsw", 30);
  RequireSubject("FL", "lcsw", "medical-errors", 2, "Fla. Admin. Code R. 64B4-6.001(2)(a)");
  RequireOnlySubjects("FL", "lcsw", {"medical-errors"});
  std::vector<Course> catalogue = {
      Offer("med2", 2, 20).Topics({"medical-errors"}).Approved({"FL-CEBROKER"}),
      Offer("gen28", 28, 140).Approved({"FL-CEBROKER"}),
      Offer("gen30", 30, 150).Approved({"FL-CEBROKER"}),
  };
  PlanResult plan = RunPlan(MakeRequest("FL", "lcsw"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"med2", "gen28"});
  CHECK(CountsFor(plan, "med2") == "medical-errors");
  CHECK(plan.total_cost == Hours(160));
}

TEST_CASE(
    "FL LMFT: 30 hours including 2 on medical errors (Fla. Admin. Code R. "
    "64B4-6.001(2)(a))",
    "[plan][rules][fl]") {
  RequireTotal("FL", "lmft", 30);
  RequireSubject("FL", "lmft", "medical-errors", 2, "Fla. Admin. Code R. 64B4-6.001(2)(a)");
  std::vector<Course> catalogue = {
      Offer("med2", 2, 20).Topics({"medical-errors"}).Approved({"NBCC"}),
      Offer("gen28", 28, 140).Approved({"NBCC"}),
      Offer("gen30", 30, 150).Approved({"NBCC"}),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("FL", "lmft"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"med2", "gen28"});
    CHECK(plan.total_cost == Hours(160));
  }
  SECTION("without a medical errors course 2 hours stay unmet") {
    catalogue.erase(catalogue.begin());
    PlanResult plan = RunPlan(MakeRequest("FL", "lmft"), catalogue);
    CHECK(!plan.feasible);
    const Unmet* med = FindUnmet(plan, "medical-errors");
    REQUIRE(med != nullptr);
    CHECK(med->short_by == Hours(2));
    CHECK(FindUnmet(plan, "total") == nullptr);
  }
}

TEST_CASE(
    "FL LPC: 30 hours including 2 on medical errors (Fla. Admin. Code R. "
    "64B4-6.001(2)(a)), approved through CE Broker or by NBCC, APA or ASWB (Fla. Admin. "
    "Code R. 64B4-6.002(1)(d), (e))",
    "[plan][rules][fl]") {
  RequireTotal("FL", "lpc", 30);
  RequireSubject("FL", "lpc", "medical-errors", 2, "Fla. Admin. Code R. 64B4-6.001(2)(a)");
  RequireBodies("FL", "lpc", {"FL-CEBROKER", "NBCC", "APA", "ASWB-ACE"},
                "Fla. Admin. Code R. 64B4-6.002(1)(d), (e)");
  std::vector<Course> catalogue = {
      Offer("med2-camft", 2, 1).Topics({"medical-errors"}).Approved({"CAMFT"}),
      Offer("gen28-camft", 28, 10).Approved({"CAMFT"}),
      Offer("gen30-nymhc", 30, 10).Approved({"NY-MHC"}),
      Offer("gen30-none", 30, 10),
      Offer("med2-apa", 2, 20).Topics({"medical-errors"}).Approved({"APA"}),
      Offer("gen10-nbcc", 10, 50).Approved({"NBCC"}),
      Offer("gen10-aswb", 10, 50).Approved({"ASWB-ACE"}),
      Offer("gen8-cebroker", 8, 40).Approved({"FL-CEBROKER"}),
  };
  PlanResult plan = RunPlan(MakeRequest("FL", "lpc"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) ==
        std::set<std::string>{"med2-apa", "gen10-nbcc", "gen10-aswb", "gen8-cebroker"});
  CHECK(plan.total_cost == Hours(160));
}

// ---------------------------------------------------------------------------------------
// New York

TEST_CASE(
    "NY LCSW: 36 hours a period from providers approved by the Department (8 NYCRR "
    "§74.10(i))",
    "[plan][rules][ny]") {
  RequireTotal("NY", "lcsw", 36);
  RequireOnlySubjects("NY", "lcsw", {});
  RequireBodies("NY", "lcsw", {"NY-SW"}, "8 NYCRR §74.10(i)");
  std::vector<Course> catalogue = {
      Offer("gen36-nbcc", 36, 10).Approved({"NBCC"}),
      Offer("gen36-apa", 36, 10).Approved({"APA"}),
      Offer("gen36-aswb", 36, 10).Approved({"ASWB-ACE"}),
      Offer("gen36-nymhc", 36, 10).Approved({"NY-MHC"}),
      Offer("gen36-none", 36, 10),
      Offer("gen18-nysw", 18, 90).Approved({"NY-SW"}),
      Offer("gen18-nbcc-nysw", 18, 90).Approved({"NBCC", "NY-SW"}),
  };
  PlanResult plan = RunPlan(MakeRequest("NY", "lcsw"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"gen18-nysw", "gen18-nbcc-nysw"});
  CHECK(plan.total_cost == Hours(180));
}

TEST_CASE(
    "NY LCSW: no self-study cap is set for social workers (Education Law §7710, notes), so "
    "on-demand hours count in full",
    "[plan][rules][ny]") {
  REQUIRE(LicenceOf("NY", "lcsw").format_caps.empty());
  std::vector<Course> catalogue = {
      Offer("od12a", 12, 30).Approved({"NY-SW"}),
      Offer("od12b", 12, 30).Approved({"NY-SW"}),
      Offer("od12c", 12, 30).Approved({"NY-SW"}),
      Offer("live12", 12, 100).Approved({"NY-SW"}).Live("in_person", kSoon),
  };
  SECTION("on-demand hours count in full") {
    PlanResult plan = RunPlan(MakeRequest("NY", "lcsw"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"od12a", "od12b", "od12c"});
    CHECK(plan.total_cost == Hours(90));
  }
  SECTION("with no cap, a course of unstated format is a candidate") {
    catalogue.push_back(Offer("nofmt36", 36, 50).Approved({"NY-SW"}).NoFormat());
    PlanResult plan = RunPlan(MakeRequest("NY", "lcsw"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"nofmt36"});
    CHECK(plan.total_cost == Hours(50));
  }
}

TEST_CASE(
    "NY LPC (LMHC): at most 12 of the 36 hours self-instructional (Education Law "
    "§8412(2))",
    "[plan][rules][ny]") {
  RequireTotal("NY", "lpc", 36);
  RequireCap("NY", "lpc", {"on_demand"}, 12, "Education Law §8412(2)");
  RequireBodies(
      "NY", "lpc", {"NY-MHC"},
      "Education Law §8412; NYSED notice on mandatory CE for mental health practitioners");
  SECTION("cheap on-demand courses count for 12 hours, live ones for the rest") {
    PlanResult plan = RunPlan(MakeRequest("NY", "lpc"), NewYorkCapCatalogue({"NY-MHC"}));
    REQUIRE(plan.feasible);
    CHECK(CountFormat(plan, "on_demand") == 2);
    CHECK(CountFormat(plan, "live_online") == 4);
    CHECK(plan.total_cost == Hours(220));
    const Requirement* total = FindRequirement(plan, "total");
    REQUIRE(total != nullptr);
    CHECK(total->planned == Hours(36));
  }
  SECTION("on-demand courses alone leave 24 hours short") {
    std::vector<Course> catalogue = NewYorkCapCatalogue({"NY-MHC"});
    catalogue.resize(6);
    PlanResult plan = RunPlan(MakeRequest("NY", "lpc"), catalogue);
    CHECK(!plan.feasible);
    const Unmet* total = FindUnmet(plan, "total");
    REQUIRE(total != nullptr);
    CHECK(total->short_by == Hours(24));
  }
  SECTION("a course of unstated format might be self-study, so it is left out") {
    std::vector<Course> catalogue = NewYorkCapCatalogue({"NY-MHC"});
    catalogue.push_back(Offer("nofmt36", 36, 20).Approved({"NY-MHC"}).NoFormat());
    PlanResult plan = RunPlan(MakeRequest("NY", "lpc"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan).count("nofmt36") == 0);
    CHECK(plan.total_cost == Hours(220));
  }
  SECTION("courses not approved as NY-MHC are left out") {
    std::vector<Course> catalogue = NewYorkCapCatalogue({"NY-MHC"});
    catalogue.push_back(
        Offer("live36-nysw", 36, 20).Approved({"NY-SW", "NBCC"}).Live("in_person", kSoon));
    PlanResult plan = RunPlan(MakeRequest("NY", "lpc"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan).count("live36-nysw") == 0);
    CHECK(plan.total_cost == Hours(220));
  }
}

TEST_CASE("NY LMFT: at most 12 of the 36 hours self-instructional (Education Law §8412(2))",
          "[plan][rules][ny]") {
  RequireTotal("NY", "lmft", 36);
  RequireCap("NY", "lmft", {"on_demand"}, 12, "Education Law §8412(2)");
  RequireBodies("NY", "lmft", {}, "");
  Request request = MakeRequest("NY", "lmft");
  SECTION("cheap on-demand courses count for 12 hours, live ones for the rest") {
    PlanResult plan = RunPlan(request, NewYorkCapCatalogue({}));
    REQUIRE(plan.feasible);
    CHECK(CountFormat(plan, "on_demand") == 2);
    CHECK(CountFormat(plan, "live_online") == 4);
    CHECK(plan.total_cost == Hours(220));
  }
  SECTION("12 on-demand hours already earned use up the cap") {
    request.done.total = 12;
    request.done.formats["on_demand"] = 12;
    PlanResult plan = RunPlan(request, NewYorkCapCatalogue({}));
    REQUIRE(plan.feasible);
    CHECK(CountFormat(plan, "on_demand") == 0);
    CHECK(CountFormat(plan, "live_online") == 4);
    CHECK(plan.total_cost == Hours(200));
  }
}

TEST_CASE(
    "NY psychologist: 36 hours with 3 in ethics including New York law (Education Law "
    "§7607(2))",
    "[plan][rules][ny]") {
  RequireTotal("NY", "psychologist", 36);
  RequireSubject("NY", "psychologist", "law-and-ethics", 3, "Education Law §7607(2)");
  RequireOnlySubjects("NY", "psychologist", {"law-and-ethics"});
  std::vector<Course> catalogue = {
      Offer("le3", 3, 30).Topics({"law-and-ethics"}),
      Offer("eth3", 3, 5).Topics({"ethics"}),
      Offer("gen33", 33, 165),
      Offer("gen36", 36, 170),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("NY", "psychologist"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"le3", "gen33"});
    CHECK(CountsFor(plan, "le3") == "law-and-ethics");
    CHECK(plan.total_cost == Hours(195));
  }
  SECTION("without a law and ethics course 3 hours stay unmet") {
    catalogue.erase(catalogue.begin());
    PlanResult plan = RunPlan(MakeRequest("NY", "psychologist"), catalogue);
    CHECK(!plan.feasible);
    const Unmet* le = FindUnmet(plan, "law-and-ethics");
    REQUIRE(le != nullptr);
    CHECK(le->short_by == Hours(3));
  }
}

// ---------------------------------------------------------------------------------------
// Ohio

TEST_CASE("OH LPC: 30 hours, 3 of them in ethics (OAC 4757-9-02(B))", "[plan][rules][oh]") {
  RequireTotal("OH", "lpc", 30);
  RequireSubject("OH", "lpc", "ethics", 3, "OAC 4757-9-02(B)");
  RequireOnlySubjects("OH", "lpc", {"ethics"});
  std::vector<Course> catalogue = {
      Offer("eth3", 3, 30).Topics({"ethics"}),
      Offer("gen27", 27, 135),
      Offer("gen30", 30, 140),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("OH", "lpc"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth3", "gen27"});
    CHECK(plan.total_cost == Hours(165));
  }
  SECTION("without an ethics course 3 hours stay unmet") {
    catalogue.erase(catalogue.begin());
    PlanResult plan = RunPlan(MakeRequest("OH", "lpc"), catalogue);
    CHECK(!plan.feasible);
    const Unmet* ethics = FindUnmet(plan, "ethics");
    REQUIRE(ethics != nullptr);
    CHECK(ethics->short_by == Hours(3));
  }
}

TEST_CASE(
    "OH LPC: live courses start between today and --by, ended courses are gone "
    "(planner.h), for OAC 4757-9-02(B)'s 3 ethics hours",
    "[plan][rules][oh]") {
  std::vector<Course> catalogue = {
      Offer("eth3-started", 3, 5).Topics({"ethics"}).Live("live_online", "2026-12-01"),
      Offer("eth3-late", 3, 5).Topics({"ethics"}).Live("in_person", "2027-03-15"),
      Offer("eth3-nodate", 3, 5).Topics({"ethics"}).Live("hybrid", ""),
      Offer("eth3-ended", 3, 5).Topics({"ethics"}).Ends("2026-11-30"),
      Offer("eth3-today", 3, 30).Topics({"ethics"}).Live("live_online", kToday),
      Offer("gen27-by", 27, 135).Live("in_person", kBy),
      Offer("gen27-past", 27, 50).Live("in_person", "2026-11-01").Ends("2026-11-03"),
      Offer("gen27-od", 27, 140).Ends("2027-06-30"),
  };
  Request request = MakeRequest("OH", "lpc");
  SECTION("with --by 2027-03-01") {
    request.by = kBy;
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth3-today", "gen27-by"});
    CHECK(plan.total_cost == Hours(165));
    CHECK(plan.candidates == 3);
    size_t excluded = 0;
    for (const auto& [reason, count] : plan.excluded) excluded += count;
    CHECK(excluded == 5);
  }
  SECTION("a course ending today is still on offer; a start with a time counts as its day") {
    request.by = kBy;
    std::vector<Course> more = {
        Offer("eth3-ends-today", 3, 10).Topics({"ethics"}).Ends(kToday),
        Offer("gen27-by-evening", 27, 100).Live("hybrid", std::string(kBy) + "T18:00:00"),
    };
    PlanResult plan = RunPlan(request, more);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth3-ends-today", "gen27-by-evening"});
  }
  SECTION("without --by a live course without a start date or starting later may be taken") {
    PlanResult plan = RunPlan(request, catalogue);
    REQUIRE(plan.feasible);
    CHECK(plan.total_cost == Hours(140));
    CHECK(Ids(plan).count("gen27-by") == 1);
    CHECK(Ids(plan).count("eth3-late") + Ids(plan).count("eth3-nodate") == 1);
  }
}

TEST_CASE(
    "OH LCSW: 30 hours, 3 of them in ethics (Ohio CSWMFT Board, Renewal C.E. Requirements "
    "page, item 1), from any provider (OAC 4757-9-05 not read)",
    "[plan][rules][oh]") {
  RequireTotal("OH", "lcsw", 30);
  RequireSubject("OH", "lcsw", "ethics", 3,
                 "Ohio CSWMFT Board, Renewal C.E. Requirements page, item 1");
  RequireBodies("OH", "lcsw", {}, "");
  std::vector<Course> catalogue = {
      Offer("eth3-nypsy", 3, 30).Topics({"ethics"}).Approved({"NY-PSY"}),
      Offer("gen27-none", 27, 135),
      Offer("gen30-camft", 30, 140).Approved({"CAMFT"}),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("OH", "lcsw"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth3-nypsy", "gen27-none"});
    CHECK(plan.total_cost == Hours(165));
  }
  SECTION("without an ethics course 3 hours stay unmet") {
    catalogue.erase(catalogue.begin());
    PlanResult plan = RunPlan(MakeRequest("OH", "lcsw"), catalogue);
    CHECK(!plan.feasible);
    const Unmet* ethics = FindUnmet(plan, "ethics");
    REQUIRE(ethics != nullptr);
    CHECK(ethics->short_by == Hours(3));
    CHECK(FindUnmet(plan, "total") == nullptr);
  }
}

// ---------------------------------------------------------------------------------------
// Pennsylvania

TEST_CASE("PA LCSW: 30 hours, at least 3 in ethical issues (49 Pa. Code §47.32(b))",
          "[plan][rules][pa]") {
  RequireTotal("PA", "lcsw", 30);
  RequireSubject("PA", "lcsw", "ethics", 3, "49 Pa. Code §47.32(b)");
  RequireOnlySubjects("PA", "lcsw", {"ethics"});
  std::vector<Course> catalogue = {
      Offer("eth3", 3, 30).Topics({"ethics"}).Approved({"ASWB-ACE"}),
      Offer("gen27", 27, 135).Approved({"ASWB-ACE"}),
      Offer("gen30", 30, 140).Approved({"ASWB-ACE"}),
  };
  SECTION("all of it") {
    PlanResult plan = RunPlan(MakeRequest("PA", "lcsw"), catalogue);
    REQUIRE(plan.feasible);
    CHECK(Ids(plan) == std::set<std::string>{"eth3", "gen27"});
    CHECK(plan.total_cost == Hours(165));
  }
  SECTION("without an ethics course 3 hours stay unmet") {
    catalogue.erase(catalogue.begin());
    PlanResult plan = RunPlan(MakeRequest("PA", "lcsw"), catalogue);
    CHECK(!plan.feasible);
    const Unmet* ethics = FindUnmet(plan, "ethics");
    REQUIRE(ethics != nullptr);
    CHECK(ethics->short_by == Hours(3));
  }
}

TEST_CASE("PA LCSW: only preapproved providers' courses (49 Pa. Code §47.36(a))",
          "[plan][rules][pa]") {
  RequireBodies("PA", "lcsw", {"APA", "ASWB-ACE", "NBCC"}, "49 Pa. Code §47.36(a)");
  std::vector<Course> catalogue = {
      Offer("eth3-nysw", 3, 3).Topics({"ethics"}).Approved({"NY-SW"}),
      Offer("gen30-camft", 30, 10).Approved({"CAMFT"}),
      Offer("gen30-cebroker", 30, 10).Approved({"FL-CEBROKER"}),
      Offer("eth3-aswb", 3, 30).Topics({"ethics"}).Approved({"ASWB-ACE"}),
      Offer("gen15-apa", 15, 75).Approved({"APA"}),
      Offer("gen12-nbcc", 12, 60).Approved({"NBCC"}),
  };
  PlanResult plan = RunPlan(MakeRequest("PA", "lcsw"), catalogue);
  REQUIRE(plan.feasible);
  CHECK(Ids(plan) == std::set<std::string>{"eth3-aswb", "gen15-apa", "gen12-nbcc"});
  CHECK(plan.total_cost == Hours(165));
}

// ---------------------------------------------------------------------------------------
// Scholarships (planner.h: open, deadline not passed, discipline fits the licence's audience)

TEST_CASE(
    "Scholarships listed with a plan are open, not past their deadline and for the "
    "licence's profession (planner.h, config::LicenceAudience)",
    "[plan][rules][ny]") {
  std::vector<Course> catalogue = {
      Offer("le3", 3, 30)
          .Topics({"law-and-ethics"})
          .Approved({"NY-SW", "NY-MHC"})
          .Live("live_online", kSoon),
      Offer("gen33", 33, 100).Approved({"NY-SW", "NY-MHC"}).Live("live_online", kSoon),
  };
  const std::vector<std::string> all = {"counselor", "social_worker", "mft", "psychologist"};
  std::vector<Scholarship> awards = {
      Award("for-counselor", {"counselor"}, true, "2027-02-28"),
      Award("for-social_worker", {"social_worker"}, true, "2027-01-31"),
      Award("for-mft", {"mft"}, true, "2027-04-01"),
      Award("for-psychologist", {"psychologist"}, true, "2027-03-31"),
      Award("for-addiction", {"addiction"}, true, "2027-03-31"),
      Award("for-all", all, true, "2027-05-01"),
      Award("closed", all, false, "2027-05-01"),
      Award("past", all, true, "2026-12-01"),
  };
  for (const auto& [licence, audience] :
       std::vector<std::pair<std::string, std::string>>{{"lpc", "counselor"},
                                                        {"lcsw", "social_worker"},
                                                        {"lmft", "mft"},
                                                        {"psychologist", "psychologist"}}) {
    DYNAMIC_SECTION("NY " << licence) {
      REQUIRE(LicenceOf("NY", licence).audience == audience);
      PlanResult plan = RunPlan(MakeRequest("NY", licence), catalogue, awards);
      CHECK(plan.feasible);
      std::set<std::string> listed;
      for (const auto& s : plan.scholarships) listed.insert(s.id);
      CHECK(listed == std::set<std::string>{"for-" + audience, "for-all"});
    }
  }
}

TEST_CASE(
    "Scholarships not marked closed, due today or with no deadline, or for no discipline "
    "in particular are listed (docs/plan.md Scholarships)",
    "[plan][rules][tx]") {
  std::vector<Scholarship> awards = {
      Award("no-deadline", {"counselor"}, true, ""),
      Award("due-today", {"counselor"}, true, kToday),
      Award("open-unknown", {"counselor"}, std::nullopt, "2027-01-31"),
      Award("any-discipline", {}, true, "2027-01-31"),
      Award("bigger-later", {"counselor"}, true, "2027-01-31"),
      Award("closed-no-deadline", {"counselor"}, false, ""),
      Award("past-any-discipline", {}, true, "2026-12-05"),
  };
  for (auto& award : awards) {
    if (award.id == "bigger-later") award.amount_max = 5000;
  }
  PlanResult plan = RunPlan(MakeRequest("TX", "lpc"), TexasLpcCatalogue(), awards);
  std::set<std::string> listed;
  for (const auto& s : plan.scholarships) listed.insert(s.id);
  CHECK(listed == std::set<std::string>{"no-deadline", "due-today", "open-unknown",
                                        "any-discipline", "bigger-later"});
  // Soonest deadline first, then the largest award (docs/plan.md Scholarships).
  std::vector<std::string> dated;
  for (const auto& s : plan.scholarships) {
    if (!s.deadline.empty()) dated.push_back(s.id);
  }
  CHECK(dated.size() == 4);
  if (dated.size() == 4) {
    CHECK(dated[0] == "due-today");
    CHECK(dated[1] == "bigger-later");
  }
}

}  // namespace cecat::plan::state_rules_test
