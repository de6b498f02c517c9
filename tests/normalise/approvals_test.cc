// Approval statements: DOMAIN.md "Accrediting bodies and how providers state approval".
#include "normalise/approvals.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

struct Expected {
  std::string body;
  std::optional<std::string> number;
  std::string valid_from;
  std::string valid_until;
};

TEST_CASE("approval statements become bodies of the vocabulary with numbers") {
  const auto& vocab = testing::RepoVocabulary();
  struct Case {
    Json input;
    std::vector<Expected> expected;
  };
  const Case kCases[] = {
      {"Acme CE is approved by the American Psychological Association to sponsor continuing "
       "education for psychologists. Acme CE maintains responsibility for this program and its "
       "content.",
       {{"APA", std::nullopt, "", ""}}},
      {"Acme CE, provider #1234, is approved as an ACE provider to offer social work continuing "
       "education by the Association of Social Work Boards (ASWB) Approved Continuing Education "
       "(ACE) program. ACE provider approval period: 3/9/2024-3/9/2027.",
       {{"ASWB-ACE", "1234", "2024-03-09", "2027-03-09"}}},
      {"Acme CE has been approved by NBCC as an Approved Continuing Education Provider, ACEP No. "
       "6999. Programs that do not qualify for NBCC credit are clearly identified.",
       {{"NBCC", "6999", "", ""}}},
      {"Acme CE is approved as a provider of continuing education by NAADAC, the Association for "
       "Addiction Professionals. Provider number 123456.",
       {{"NAADAC", "123456", "", ""}}},
      {"Acme CE is approved by the California Association of Marriage and Family Therapists to "
       "sponsor continuing education for LMFTs, LCSWs, LPCCs and LEPs. Provider #100000.",
       {{"CAMFT", "100000", "", ""}}},
      {"Acme CE is recognized by the New York State Education Department's State Board for Social "
       "Work as an approved provider of continuing education for licensed social workers #SW-0123.",
       {{"NY-SW", "SW-0123", "", ""}}},
      {"Acme CE is recognized by the New York State Education Department's State Board for Mental "
       "Health Practitioners as an approved provider of continuing education for licensed mental "
       "health counselors. #MHC-0456.",
       {{"NY-MHC", "MHC-0456", "", ""}}},
      {"NYSED State Board for Psychology approved provider PSY-0077",
       {{"NY-PSY", "PSY-0077", "", ""}}},
      {"Approved by the Florida Board of Clinical Social Work, Marriage & Family Therapy and "
       "Mental "
       "Health Counseling through CE Broker, provider # 50-12345.",
       {{"FL-CEBROKER", "50-12345", "", ""}}},
      {"CCAPP approved provider 5-08-151-0624", {{"CCAPP", "5-08-151-0624", "", ""}}},
      {"This course is approved by IC&RC.", {{"IC&RC", std::nullopt, "", ""}}},
      {"Approved by the Texas State Board of Examiners of Marriage and Family Therapists, provider "
       "number 123.",
       {{"TX-BOARD", "123", "", ""}}},
      {"Approved by the California Board of Behavioral Sciences",
       {{"CA-BOARD", std::nullopt, "", ""}}},
      {"Approved by the Ohio Counselor, Social Worker and Marriage and Family Therapist Board, "
       "Provider # RCS-012345.",
       {{"OH-BOARD", "RCS-012345", "", ""}}},
      // Several bodies in one footer, each with its own number.
      {"Acme CE is approved by the American Psychological Association to sponsor continuing "
       "education for psychologists. Acme CE has been approved by NBCC as an Approved Continuing "
       "Education Provider, ACEP No. 6999. Acme CE, provider #1234, is approved as an ACE "
       "provider to offer social work continuing education by the Association of Social Work "
       "Boards (ASWB).",
       {{"APA", std::nullopt, "", ""}, {"NBCC", "6999", "", ""}, {"ASWB-ACE", "1234", "", ""}}},
      {Json::array({"APA", "NBCC"}),
       {{"APA", std::nullopt, "", ""}, {"NBCC", std::nullopt, "", ""}}},
      {{{"body", "NBCC"}, {"number", "6999"}}, {{"NBCC", "6999", "", ""}}},
      {{{"body", "ASWB ACE"}, {"number", 1234}, {"valid_until", "03/09/2027"}},
       {{"ASWB-ACE", "1234", "", "2027-03-09"}}},
      {{{"body_text", "Approved by NAADAC, approval #98765, valid through 12/31/2026."}},
       {{"NAADAC", "98765", "", "2026-12-31"}}},
      {{{"body", "APA"}, {"number", "ignored"}}, {{"APA", std::nullopt, "", ""}}},
      // Two bodies in one sentence: the number between them is the first's.
      {"Courses are approved by CCAPP, provider number 4-20-347-1126, and accepted by IC&RC "
       "member boards.",
       {{"CCAPP", "4-20-347-1126", "", ""}, {"IC&RC", std::nullopt, "", ""}}},
      // Bodies already written in the vocabulary's form.
      {Json::array({{{"body", "NY-SW"}, {"number", "SW-0123"}},
                    {{"body", "TX-BOARD"}, {"number", "77"}},
                    {{"body", "FL-CEBROKER"}}}),
       {{"NY-SW", "SW-0123", "", ""},
        {"TX-BOARD", "77", "", ""},
        {"FL-CEBROKER", std::nullopt, "", ""}}},
      // The parsers' shape: the body as written plus the sentence holding the number.
      {{{"body_text", "National Board for Certified Counselors"},
        {"statement", "Acme is an NBCC Approved Continuing Education Provider, ACEP No. 7001."},
        {"provider_name", "Acme"}},
       {{"NBCC", "7001", "", ""}}},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input.dump());
    auto got = ParseApprovals(c.input, vocab);
    REQUIRE(got.size() == c.expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CAPTURE(i);
      CHECK(got[i].body == c.expected[i].body);
      CHECK(got[i].number == c.expected[i].number);
      CHECK(got[i].valid_from == c.expected[i].valid_from);
      CHECK(got[i].valid_until == c.expected[i].valid_until);
    }
  }
}

TEST_CASE("text that names no accrediting body yields no approval") {
  const auto& vocab = testing::RepoVocabulary();
  for (const Json& c : {Json("Approved for 6 CE hours"), Json("Board certified presenters"),
                        Json(""), Json(nullptr), Json::object({{"number", "1234"}})}) {
    INFO("input: " << c.dump());
    CHECK(ParseApprovals(c, vocab).empty());
  }
}

TEST_CASE("approval scope names the audiences of the statement") {
  const auto& vocab = testing::RepoVocabulary();
  auto got = ParseApprovals(Json("X is approved by the American Psychological Association to "
                                 "sponsor continuing education for psychologists."),
                            vocab);
  REQUIRE(got.size() == 1);
  CHECK(got[0].scope == std::vector<std::string>{"psychologist"});
  CHECK(ApprovalToJson(got[0], true) ==
        Json({{"body", "APA"}, {"number", nullptr}, {"scope", {"psychologist"}}}));
  CHECK(ApprovalToJson(got[0], false) == Json({{"body", "APA"}, {"number", nullptr}}));
  CHECK(DetectBodies("NBCC and ASWB approved", vocab) ==
        std::vector<std::string>{"NBCC", "ASWB-ACE"});
}

// Course pages say when a body does not approve the course; the statement of an
// approved provider that "programs that do not qualify ... are clearly identified"
// is no denial (DOMAIN.md "Accrediting bodies").
TEST_CASE("a course page's denial of a body is kept apart from its approvals") {
  const auto& vocab = testing::RepoVocabulary();
  struct Case {
    Json input;
    std::vector<std::string> approved;
    std::vector<std::string> denied;
  };
  const Case kCases[] = {
      {"This workshop is not approved for NBCC credit.", {}, {"NBCC"}},
      {"NBCC clock hours are not available for this recorded course.", {}, {"NBCC"}},
      {"Please note: this program does not offer ASWB ACE credit for social workers.",
       {},
       {"ASWB-ACE"}},
      {"Approved by the American Psychological Association; not approved by NBCC.",
       {"APA"},
       {"NBCC"}},
      {"Acme CE is approved by the American Psychological Association to sponsor continuing "
       "education for psychologists. No CAMFT credit is offered for this event.",
       {"APA"},
       {"CAMFT"}},
      // The footer states the approval; the course's own line takes it back.
      {"Acme CE has been approved by NBCC as an Approved Continuing Education Provider, ACEP "
       "No. 6999. This course is not eligible for NBCC credit.",
       {},
       {"NBCC"}},
      {"Acme CE has been approved by NBCC as an Approved Continuing Education Provider, ACEP "
       "No. 6999. Programs that do not qualify for NBCC credit are clearly identified.",
       {"NBCC"},
       {}},
      {Json::array({"NAADAC approved, provider #123456", "Not approved for NAADAC credit"}),
       {},
       {"NAADAC"}},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input.dump());
    std::vector<std::string> approved, denied;
    for (const Approval& a : ParseApprovals(c.input, vocab)) {
      (a.denied ? denied : approved).push_back(a.body);
      if (a.denied) CHECK_FALSE(a.number);
    }
    CHECK(approved == c.approved);
    CHECK(denied == c.denied);
  }
}

TEST_CASE("the level of a body (provider or course) comes from the data") {
  const auto& vocab = testing::RepoVocabulary();
  CHECK(vocab.ProviderLevelBodies() == std::vector<std::string>{"APA", "ASWB-ACE", "NBCC", "NAADAC",
                                                                "CAMFT", "NY-SW", "NY-MHC",
                                                                "NY-PSY", "FL-CEBROKER", "CCAPP"});
}

// Statements are remembered by vocabulary (a provider's pages repeat them): a
// repeat gives the same answer, and another vocabulary is asked afresh.
TEST_CASE("a remembered statement answers only for its own vocabulary") {
  const std::string statement =
      "Acme CE has been approved by NBCC as an Approved Continuing Education Provider, ACEP No. "
      "6999. Acme CE is approved by the American Psychological Association to sponsor "
      "continuing education for psychologists.";
  const auto& vocab = testing::RepoVocabulary();
  REQUIRE(vocab.id != 0);
  auto bodies = [](const std::vector<Approval>& list) {
    std::vector<std::string> out;
    for (const Approval& a : list) out.push_back(a.body + (a.number ? "#" + *a.number : ""));
    return out;
  };
  const std::vector<std::string> both = {"NBCC#6999", "APA"};
  CHECK(bodies(ParseApprovals(statement, vocab)) == both);
  CHECK(bodies(ParseApprovals(statement, vocab)) == both);  // remembered
  CHECK(bodies(ParseApprovals(Json::array({statement, statement}), vocab)) == both);

  // The same data files without NBCC's number patterns: a vocabulary of its own.
  auto read = [](const char* name) {
    std::ifstream in(std::filesystem::path(CECAT_SOURCE_DIR) / "data" / name);
    REQUIRE(in);
    return Json::parse(in);
  };
  Json synonyms = read("synonyms.json");
  Json& list = synonyms["bodies"];
  for (Json& body : list) {
    if (body["body"] == "NBCC") body["numbers"] = Json::array();
  }
  Result<Vocabulary> without = Vocabulary::FromJson(read("taxonomy.json"), synonyms);
  INFO(without.status().ToString());
  REQUIRE(without.ok());
  CHECK(without->id != vocab.id);
  const std::vector<std::string> no_number = {"NBCC", "APA"};
  CHECK(bodies(ParseApprovals(statement, *without)) == no_number);
  // A vocabulary built by hand (id 0) is never answered from memory.
  Vocabulary by_hand = *without;
  by_hand.id = 0;
  CHECK(bodies(ParseApprovals(statement, by_hand)) == no_number);
  CHECK(bodies(ParseApprovals(statement, vocab)) == both);
}

}  // namespace
}  // namespace cecat::normalise
