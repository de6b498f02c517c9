// Audiences, topics and the data files they come from.
#include "normalise/vocabulary.h"
#include "normalise/audiences.h"

#include <catch2/catch.hpp>

#include "tests/normalise/test_vocab.h"
#include "tests/support/test_support.h"

namespace cecat::normalise {
namespace {

using Slugs = std::vector<std::string>;

TEST_CASE("licence words and professions become audience slugs") {
  const auto& vocab = testing::RepoVocabulary();
  struct Case {
    Json input;
    Slugs expected;
  };
  const Case kCases[] = {
      {"LPC, LCSW", {"counselor", "social_worker"}},
      {Json::array({"LMFT", "LPCC", "LCSW"}), {"counselor", "social_worker", "mft"}},
      {"Psychologists; Social Workers; MFTs", {"psychologist", "social_worker", "mft"}},
      {"Counselors, Marriage & Family Therapists", {"counselor", "mft"}},
      {"Addiction counselors (CADC, LADC)", {"addiction"}},
      {"NCC, LMHC, LCPC", {"counselor"}},
      {"Licensed Psychologists (PsyD, PhD)", {"psychologist"}},
      {"LICSW / LMSW", {"social_worker"}},
      {"Substance abuse counselors and LCADCs", {"addiction"}},
      {"Clinical Mental Health Counselors", {"counselor"}},
      {{{"@type", "Audience"}, {"audienceType", "LAMFT, LMFT"}}, {"mft"}},
      {"LPCs, LMFTs, LCSWs and psychologists",
       {"psychologist", "counselor", "social_worker", "mft"}},
      {"Psychologists (APA), Social Workers (ASWB), Counselors (NBCC)",
       {"psychologist", "counselor", "social_worker"}},
      {"CADC-II, LAADC", {"addiction"}},
      {"All mental health professionals", {}},
      {"Nurses", {}},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input.dump());
    CHECK(ParseAudiences(c.input, vocab) == c.expected);
  }
}

TEST_CASE("keywords and titles become taxonomy slugs") {
  const auto& vocab = testing::RepoVocabulary();
  struct Case {
    Json input;
    Slugs expected;
  };
  const Case kCases[] = {
      {"ethics, telehealth", {"ethics", "telehealth"}},
      {Json::array({"PTSD", "EMDR"}), {"trauma"}},
      {"Law & Ethics for California LMFTs", {"law-and-ethics"}},
      {"Suicide Risk Assessment and Management", {"suicide-prevention", "assessment"}},
      {"DBT Skills for Adolescents", {"dbt", "child-adolescent"}},
      {"Cognitive Behavioral Therapy for Insomnia (CBT-I)", {"cbt", "sleep"}},
      {"Acceptance and Commitment Therapy", {"act"}},
      {"Cultural Humility and Implicit Bias", {"cultural-competency"}},
      {"Opioid Use Disorder: Harm Reduction", {"substance-use"}},
      {"Prevention of Medical Errors (FL)", {"medical-errors"}},
      {"Human Trafficking: Identification", {"human-trafficking"}},
      {"Intimate Partner Violence", {"domestic-violence"}},
      {"Clinical Supervision Essentials", {"supervision"}},
      // Titles from the labelled corpus (pc05, pc13, pc16, ag06).
      {"Grief After Overdose Loss", {"substance-use", "grief"}},
      {"Supervising New MFTs", {"supervision"}},
      {"Mindfulness-Based Relapse Prevention", {"mindfulness", "substance-use"}},
      {"Stimulant Use Disorder: Contingency Management", {"substance-use"}},
      {"Gottman Method Couples Therapy", {"couples-family"}},
      {"Grief and Bereavement", {"grief"}},
      {"Psychopharmacology update", {"psychopharmacology"}},
      {"Dual relationships and boundary crossings", {"boundaries"}},
      {"Anorexia and Binge Eating", {"eating-disorders"}},
      {"Mindfulness-Based Stress Reduction", {"mindfulness"}},
      {"Panic & OCD", {"anxiety"}},
      {"HIPAA and Telehealth Compliance", {"law-and-ethics", "telehealth"}},
      {"Working with LGBTQ+ Clients", {"cultural-competency"}},
      {"Weight loss after grief", {"grief"}},
      {"Basket weaving", {}},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input.dump());
    CHECK(ParseTopics(c.input, vocab) == c.expected);
  }
}

TEST_CASE("a longer phrase of one slug wins over a shorter one inside it") {
  const auto& vocab = testing::RepoVocabulary();
  CHECK(MatchSlugs(vocab.audiences, "addiction counselors") == Slugs{"addiction"});
  CHECK(MatchSlugs(vocab.audiences, "addiction counselors and lpcs") ==
        Slugs{"addiction", "counselor"});
}

Json MinimalTaxonomy() {
  return Json::parse(
      R"({"topics": [{"slug": "ethics", "label": "Ethics", "synonyms": ["ethical"]}]})");
}
Json MinimalSynonyms() {
  return Json::parse(R"json({
    "audiences": {"counselor": ["lpc"]},
    "formats": {"strong": {"live_online": ["webinar"]}},
    "bodies": [{"body": "NBCC", "names": ["NBCC"], "numbers": ["ACEP (\\d{4})"]}]
  })json");
}

TEST_CASE("vocabulary errors name the file, the place and what is wrong") {
  struct Case {
    std::string what;
    std::function<void(Json&, Json&)> edit;
    std::string message;
  };
  const Case kCases[] = {
      {"bad slug", [](Json& t, Json&) { t["topics"][0]["slug"] = "Law & Ethics"; },
       "taxonomy.json: topics[0].slug: must be a lower-case slug like \"law-and-ethics\""},
      {"duplicate", [](Json& t, Json&) { t["topics"].push_back(t["topics"][0]); },
       "taxonomy.json: topics[1] (ethics): duplicate slug"},
      {"unknown key", [](Json& t, Json&) { t["topics"][0]["synonym"] = Json::array(); },
       "taxonomy.json: topics[0] (ethics).synonym: unknown key (allowed: slug, label, synonyms)"},
      {"synonym type", [](Json& t, Json&) { t["topics"][0]["synonyms"] = "ethical"; },
       "taxonomy.json: topics[0] (ethics).synonyms: must be an array of strings"},
      {"audience slug", [](Json&, Json& s) { s["audiences"]["nurse"] = {"rn"}; },
       "synonyms.json: audiences.nurse: unknown slug (allowed: psychologist, counselor, "
       "social_worker, mft, addiction)"},
      {"format slug", [](Json&, Json& s) { s["formats"]["strong"]["webinar"] = {"x"}; },
       "synonyms.json formats: strong.webinar: unknown slug (allowed: on_demand, live_online, "
       "in_person, hybrid)"},
      {"regex", [](Json&, Json& s) { s["bodies"][0]["numbers"][0] = "ACEP (\\d{4}"; },
       "synonyms.json: bodies[0] (NBCC).numbers[0]: invalid regex: missing ): ACEP (\\d{4}"},
      {"no group", [](Json&, Json& s) { s["bodies"][0]["numbers"][0] = "ACEP \\d{4}"; },
       "synonyms.json: bodies[0] (NBCC).numbers[0]: needs a capturing group around the number"},
      {"body level", [](Json&, Json& s) { s["bodies"][0]["level"] = "sponsor"; },
       "synonyms.json: bodies[0] (NBCC).level: must be \"provider\" or \"course\""},
      {"empty phrase", [](Json&, Json& s) { s["audiences"]["counselor"][0] = "--"; },
       "synonyms.json: audiences.counselor[0]: has no letters or digits"},
      {"state board key",
       [](Json&, Json& s) {
         s["state_boards"] = {{"Texas", {"bhec"}}};
       },
       "synonyms.json: state_boards.Texas: key must be a US state code like \"CA\""},
  };
  REQUIRE(Vocabulary::FromJson(MinimalTaxonomy(), MinimalSynonyms()).ok());
  for (const auto& c : kCases) {
    INFO(c.what);
    Json t = MinimalTaxonomy(), s = MinimalSynonyms();
    c.edit(t, s);
    auto v = Vocabulary::FromJson(t, s);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message() == c.message);
  }
}

TEST_CASE("data files are read from the directory, and a broken file is named") {
  cecat::testing::TempDir dir;
  auto missing = Vocabulary::Load(dir.path());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() == (dir.path() / "taxonomy.json").string() + ": cannot open");

  cecat::testing::WriteFile(dir / "taxonomy.json", MinimalTaxonomy().dump());
  cecat::testing::WriteFile(dir / "synonyms.json", "{ \"audiences\": ");
  auto broken = Vocabulary::Load(dir.path());
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.status().message().rfind(
            (dir.path() / "synonyms.json").string() + ": not valid JSON", 0) == 0);

  // An admin adds a topic and a licence word: no rebuild, the normaliser uses them.
  Json t = MinimalTaxonomy();
  t["topics"].push_back({{"slug", "play-therapy"}, {"synonyms", {"sandtray"}}});
  Json s = MinimalSynonyms();
  s["audiences"]["counselor"].push_back("LPC-A");
  cecat::testing::WriteFile(dir / "taxonomy.json", t.dump());
  cecat::testing::WriteFile(dir / "synonyms.json", "// comments are allowed\n" + s.dump());
  auto n = Normaliser::Load(dir.path());
  INFO(n.status().ToString());
  REQUIRE(n.ok());
  RawRecord raw;
  raw.kind = "course";
  raw.page_url = "https://x.example/c";
  raw.fields = {{"title", "Sandtray basics"}, {"audiences", "LPC-As"}};
  auto res = n->Normalise({raw}, "x");
  REQUIRE(res.records.size() == 1);
  CHECK(res.records[0].fields["topics"] == Json::array({"play-therapy"}));
  CHECK(res.records[0].fields["audiences"] == Json::array({"counselor"}));
}

}  // namespace
}  // namespace cecat::normalise
