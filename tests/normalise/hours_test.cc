// Credit units: DOMAIN.md "Credit units" (1 CEU = 10 contact hours, minutes / 60).
#include "normalise/hours.h"

#include <catch2/catch.hpp>

#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

struct HoursCase {
  Json input;
  double hours;
};

TEST_CASE("credit as written becomes contact hours") {
  const HoursCase kCases[] = {
      {"6", 6},
      {6, 6},
      {1.5, 1.5},
      {"6.0 CE Hours", 6},
      {"3 contact hours", 3},
      {"1.5 CE credits", 1.5},
      {"2 clock hours", 2},
      {"0.6 CEU", 6},
      {"0.6 CEUs", 6},
      {".3 CEU", 3},
      {"1.2 Continuing Education Units", 12},
      {"0.6 CEU (6 contact hours)", 6},
      {"6 contact hours (0.6 CEU)", 6},
      {"90-minute", 1.5},
      {"90 minutes", 1.5},
      {"45 min", 0.75},
      {"1 hour 30 minutes", 1.5},
      {"1 hr, 30 min", 1.5},
      {"1h30", 1.5},
      {"PT1H30M", 1.5},
      {"PT90M", 1.5},
      {"PT6H", 6},
      {"Earn 6 CEs", 6},
      {"Up to 6 CE hours", 6},
      {"CE Credits: 3", 3},
      {"Six contact hours", 6},
      {"3 NBCC clock hours", 3},
      {"<strong>4</strong> CE hours", 4},
      {"12.5 hours of continuing education", 12.5},
      {"2 Hrs.", 2},
      {{{"value", 0.6}, {"unitText", "CEU"}}, 6},
      {{{"@type", "QuantitativeValue"}, {"value", "3"}, {"unitText", "hours"}}, 3},
      {{{"value", 120}, {"unitCode", "MIN"}}, 2},
      {Json::array({"3 CE hours"}), 3},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input.dump());
    auto h = ParseContactHours(c.input);
    REQUIRE(h.has_value());
    CHECK(h->hours == Approx(c.hours));
    CHECK_FALSE(h->understood.empty());
  }
}

TEST_CASE("credit that states no single amount does not normalise") {
  // Ranges ("3-6 hours") give their maximum since issue 19 (hours_written_test.cc).
  const Json kCases[] = {"",     "TBD",   "varies", "0",     "-2",           "9999 hours",
                         "lots", nullptr, true,     "free!", Json::object(), "3-9999 hours"};
  for (const auto& c : kCases) {
    INFO("input: " << c.dump());
    CHECK_FALSE(ParseContactHours(c).has_value());
  }
}

TEST_CASE("per-audience credit is kept when stated") {
  const auto& vocab = testing::RepoVocabulary();
  struct Case {
    std::string input;
    double hours;
    std::map<std::string, double> by;
  };
  const Case kCases[] = {
      {"6 CE for psychologists, 5.5 for counselors", 6, {{"psychologist", 6}, {"counselor", 5.5}}},
      {"Psychologists: 6 hours; Social Workers: 6 hours; LPCs: 5.5 hours",
       6,
       {{"psychologist", 6}, {"social_worker", 6}, {"counselor", 5.5}}},
      {"3 CE hours for LMFTs", 3, {{"mft", 3}}},
      {"NAADAC: 2 hours / Addiction counselors 2 CE", 2, {{"addiction", 2}}},
      {"6 contact hours", 6, {}},
      {"6 CE hours (psychologists, LPCs, LCSWs, LMFTs)",
       6,
       {{"psychologist", 6}, {"counselor", 6}, {"social_worker", 6}, {"mft", 6}}},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input);
    auto h = ParseContactHours(Json(c.input), &vocab);
    REQUIRE(h.has_value());
    CHECK(h->hours == Approx(c.hours));
    CHECK(h->by_audience == c.by);
  }
}

}  // namespace
}  // namespace cecat::normalise
