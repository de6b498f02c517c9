// Course audiences as CE pages write them (issue 19): licence abbreviations,
// professions in plural and possessive forms, "all mental health professionals",
// degree programmes that are no audience, and audiences inferred from approvals.
#include <catch2/catch.hpp>

#include "normalise/audiences.h"
#include "normalise/normalise.h"
#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

using testing::RepoNormaliser;
using testing::RepoVocabulary;
using Slugs = std::vector<std::string>;

const Slugs kAll = {"psychologist", "counselor", "social_worker", "mft", "addiction"};

TEST_CASE("course audiences: licence abbreviations and professions as pages write them") {
  struct Case {
    const char* text;
    Slugs want;
  };
  const Case cases[] = {
      {"Counselors, Social Workers, MFTs", {"counselor", "social_worker", "mft"}},
      {"LPCs/LMHCs", {"counselor"}},
      {"This workshop is for licensed clinical social workers", {"social_worker"}},
      {"Target audience: Psychologists, LMFTs", {"psychologist", "mft"}},
      {"Appropriate for: LPC, LCPC, LMHC and school counselors", {"counselor"}},
      {"marriage and family therapists", {"mft"}},
      {"addiction professionals", {"addiction"}},
      {"(LCSW, LMSW)", {"social_worker"}},
      {"LCADC; CADC", {"addiction"}},
      {"Psychologists (PhD/PsyD)", {"psychologist"}},
      {"PhD/PsyD", {"psychologist"}},
      {"Counselor's and social worker's renewal", {"counselor", "social_worker"}},
      {"Designed for LCSWs, LPCs and LMFTs at all levels", {"counselor", "social_worker", "mft"}},
      {"Alcohol and drug counselors (CADC I, CADC II)", {"addiction"}},
      // A longer phrase wins: an addiction counselor is not also a counselor.
      {"substance use disorder counselors", {"addiction"}},
      // Every licence at once.
      {"All mental health professionals", kAll},
      {"Open to all licensed mental health professionals", kAll},
      {"Psychologists, counselors and other behavioral health professionals", kAll},
      // A licence named beside a "mental health counselor" stays that licence.
      {"Licensed mental health counselors (LMHC)", {"counselor"}},
      // Degree programmes and students are not a CE audience (a school's page
      // "about the PsyD program"), while a licence beside them still is.
      {"Faculty of the PsyD program", {}},
      {"MSW students and social work program alumni", {}},
      {"LCSWs and social work students", {"social_worker"}},
      {"Psychology students and doctoral students", {}},
      {"Nurses and physicians", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(ParseCourseAudiences(Json(c.text), RepoVocabulary()) == c.want);
  }
}

TEST_CASE("scholarship disciplines keep reading students' fields as professions") {
  // ParseAudiences (disciplines) is not ParseCourseAudiences: a fellowship "for MSW
  // students" is for social work.
  CHECK(ParseAudiences(Json("MSW students"), RepoVocabulary()) == Slugs{"social_worker"});
  CHECK(ParseAudiences(Json("all mental health professionals"), RepoVocabulary()).empty());
}

TEST_CASE("audiences inferred from approval bodies, each body's professions, in feed order") {
  struct Case {
    Json approvals;
    Slugs want;
    Slugs bodies;
  };
  const Case cases[] = {
      {Json::array({{{"body", "NBCC"}}}), {"counselor"}, {"NBCC"}},
      {Json::array({{{"body", "ASWB-ACE"}, {"number", "1234"}}, {{"body", "APA"}}}),
       {"psychologist", "social_worker"},
       {"ASWB-ACE", "APA"}},
      {Json::array({{{"body", "NAADAC"}}, {{"body", "CAMFT"}}}),
       {"mft", "addiction"},
       {"NAADAC", "CAMFT"}},
      // A stated scope is what that approval covers.
      {Json::array({{{"body", "CAMFT"}, {"scope", {"mft", "social_worker"}}}}),
       {"social_worker", "mft"},
       {"CAMFT"}},
      // Florida's CE Broker and state boards serve several professions: no inference.
      {Json::array({{{"body", "FL-CEBROKER"}}, {{"body", "TX-BOARD"}}}), {}, {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.approvals.dump());
    Slugs bodies;
    CHECK(InferAudiences(c.approvals, RepoVocabulary(), &bodies) == c.want);
    CHECK(bodies == c.bodies);
  }
}

RawRecord Course(Json fields) {
  RawRecord r;
  r.kind = "course";
  r.page_url = "https://ce.example/courses/ethics";
  r.fields = std::move(fields);
  r.provenance["approvals"] = "rule:.ce-approval";
  r.provenance["audiences"] = "rule:.audience";
  return r;
}

TEST_CASE("a course page naming no audience gets its approvals' professions, marked inferred") {
  auto res = RepoNormaliser().Normalise(
      {Course({{"title", "Ethics in Telehealth"},
               {"approvals",
                "Ridgeline CE is approved by the American Psychological Association to sponsor "
                "continuing education for psychologists. Ridgeline CE has been approved by NBCC "
                "as an Approved Continuing Education Provider, ACEP No. 7123."}})},
      "ridgeline");
  REQUIRE(res.records.size() == 1);
  const Record& c = res.records[0];
  CHECK(c.fields["audiences"] == Json::array({"psychologist", "counselor"}));
  CHECK(c.provenance.at("audiences") == "inferred:approvals APA, NBCC (rule:.ce-approval)");
}

TEST_CASE("a stated audience wins over the approvals' professions") {
  auto res =
      RepoNormaliser().Normalise({Course({{"title", "Ethics in Telehealth"},
                                          {"audiences", "Who should attend: LCSWs"},
                                          {"approvals", "Approved by NBCC, ACEP No. 7123."}})},
                                 "ridgeline");
  REQUIRE(res.records.size() == 1);
  CHECK(res.records[0].fields["audiences"] == Json::array({"social_worker"}));
  CHECK(res.records[0].provenance.at("audiences") == "rule:.audience");

  // An audience field that names nothing recognisable still counts as the page
  // not naming one: the approvals speak.
  auto vague =
      RepoNormaliser().Normalise({Course({{"title", "Ethics in Telehealth"},
                                          {"audiences", "Beginner to intermediate"},
                                          {"approvals", "Approved by NBCC, ACEP No. 7123."}})},
                                 "ridgeline");
  REQUIRE(vague.records.size() == 1);
  CHECK(vague.records[0].fields["audiences"] == Json::array({"counselor"}));
}

}  // namespace
}  // namespace cecat::normalise
