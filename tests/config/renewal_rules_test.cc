// The renewal rules files (config/renewal_rules.h, docs/plan.md "Renewal rules"):
// every shipped file loads, and each kind of mistake is refused with the file, the
// JSON path and why.
#include <catch2/catch.hpp>

#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "config/renewal_rules.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using cecat::config::LicenceAudience;
using cecat::config::LoadRenewalRules;
using cecat::config::LoadRenewalRulesWithProblems;
using cecat::config::LoadRulesDirWithProblems;
using cecat::config::RenewalRules;
using cecat::config::RulesDirOutcome;
using cecat::config::RulesOutcome;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;

namespace {

// data/taxonomy.json's slugs, read the plain way (the normalise module is not
// linked here).
std::set<std::string> ShippedTopicSlugs() {
  nlohmann::json taxonomy = nlohmann::json::parse(
      cecat::testing::ReadFile(fs::path(CECAT_SOURCE_DIR) / "data" / "taxonomy.json"));
  std::set<std::string> slugs;
  for (const auto& topic : taxonomy["topics"]) slugs.insert(topic["slug"].get<std::string>());
  return slugs;
}

const std::set<std::string> kSlugs = {"ethics", "law-and-ethics", "cultural-competency",
                                      "suicide-prevention"};

// A valid file for TX with one licence; tests break one thing in it.
nlohmann::ordered_json ValidRules() {
  return nlohmann::ordered_json::parse(R"json({
    "state": "TX",
    "licences": [{
      "licence": "lpc",
      "titles": ["Licensed Professional Counselor (LPC)"],
      "board": "Texas State Board of Examiners of Professional Counselors",
      "period_months": 24,
      "total_hours": 24,
      "subjects": [{"subject": "ethics", "hours": 6, "rule": "22 TAC §681.140(a)(1)", "source": 0}],
      "one_time": [{"subject": "suicide-prevention", "hours": 1.5, "rule": "r", "source": 1}],
      "format_caps": [{"formats": ["on_demand"], "max_hours": 12, "rule": "r", "source": 0}],
      "accepted_bodies": ["NBCC", "APA"],
      "accepted_rule": "r",
      "accepted_source": 0,
      "notes": ["a note"],
      "sources": [
        {"url": "https://example.org/a", "title": "A", "checked_on": "2026-12-06"},
        {"url": "http://example.org/b", "title": "B", "checked_on": "2024-02-29"}
      ]
    }]
})json");
}

struct Loaded {
  fs::path file;
  RulesOutcome outcome;
  std::string Problems() const {
    std::string out;
    for (const auto& p : outcome.problems) out += p.ToString() + "\n";
    return out;
  }
};

Loaded LoadText(const TempDir& dir, const std::string& name, const std::string& text,
                const std::set<std::string>& slugs = kSlugs) {
  fs::path file = dir / name;
  WriteFile(file, text);
  return Loaded{file, LoadRenewalRulesWithProblems(file, slugs)};
}

}  // namespace

TEST_CASE("every shipped rules file loads with no problem") {
  const fs::path dir = fs::path(CECAT_SOURCE_DIR) / "data" / "rules";
  RulesDirOutcome outcome = LoadRulesDirWithProblems(dir, ShippedTopicSlugs());
  std::string problems;
  for (const auto& p : outcome.problems) problems += p.ToString() + "\n";
  INFO(problems);
  CHECK(outcome.problems.empty());
  CHECK(outcome.files >= 5);
  CHECK(outcome.states.size() == outcome.files);
  for (const RenewalRules& rules : outcome.states) {
    INFO(rules.file.string());
    CHECK(!rules.licences.empty());
    for (const auto& licence : rules.licences) {
      // The plan prints every rule's source with its date: each must have one.
      CHECK(!licence.sources.empty());
      CHECK(licence.audience == LicenceAudience(licence.licence));
    }
  }
}

TEST_CASE("a valid rules file is read whole, audience from the licence") {
  TempDir dir;
  Loaded loaded = LoadText(dir, "tx.json", ValidRules().dump());
  INFO(loaded.Problems());
  REQUIRE(loaded.outcome.rules);
  const RenewalRules& rules = *loaded.outcome.rules;
  CHECK(rules.state == "TX");
  CHECK(rules.reminder.empty());
  REQUIRE(rules.licences.size() == 1);
  const auto& lpc = rules.licences[0];
  CHECK(lpc.licence == "lpc");
  CHECK(lpc.audience == "counselor");
  CHECK(lpc.period_months == 24);
  CHECK(lpc.total_hours == 24);
  REQUIRE(lpc.subjects.size() == 1);
  CHECK(lpc.subjects[0].subject == "ethics");
  CHECK(lpc.subjects[0].hours == 6);
  REQUIRE(lpc.one_time.size() == 1);
  CHECK(lpc.one_time[0].hours == 1.5);
  CHECK(lpc.one_time[0].source == 1);
  REQUIRE(lpc.format_caps.size() == 1);
  CHECK(lpc.format_caps[0].formats == std::vector<std::string>{"on_demand"});
  CHECK(lpc.accepted_bodies == std::vector<std::string>{"NBCC", "APA"});
  CHECK(lpc.sources[1].checked_on == "2024-02-29");
  CHECK(rules.FindLicence("lpc") == &rules.licences[0]);
  CHECK(rules.FindLicence("lmft") == nullptr);
}

TEST_CASE("each licence maps to its audience slug") {
  CHECK(LicenceAudience("lpc") == "counselor");
  CHECK(LicenceAudience("lcsw") == "social_worker");
  CHECK(LicenceAudience("lmsw") == "social_worker");
  CHECK(LicenceAudience("lmft") == "mft");
  CHECK(LicenceAudience("psychologist") == "psychologist");
  CHECK(LicenceAudience("lcadc") == "addiction");
  CHECK(LicenceAudience("lpcc").empty());
}

// Each case breaks one thing and names the exact problem line a user sees.
TEST_CASE("each kind of bad rules file is refused naming file, path and reason") {
  struct Case {
    const char* what;
    std::function<void(nlohmann::ordered_json&)> edit;
    std::string expected;  // after "<file>: "
  };
  const std::vector<Case> cases = {
      {"wrong type for hours", [](auto& j) { j["licences"][0]["subjects"][0]["hours"] = "six"; },
       "key 'licences[0].subjects[0].hours': expected a number of hours > 0, got \"six\""},
      {"zero hours", [](auto& j) { j["licences"][0]["total_hours"] = 0; },
       "key 'licences[0].total_hours': expected a number of hours > 0, got 0"},
      {"a quarter hour", [](auto& j) { j["licences"][0]["one_time"][0]["hours"] = 0.25; },
       "key 'licences[0].one_time[0].hours': expected whole or half hours, got 0.25"},
      {"subject above the total", [](auto& j) { j["licences"][0]["subjects"][0]["hours"] = 30; },
       "key 'licences[0].subjects[0].hours': a subject's 30 hours exceed total_hours (24)"},
      {"wrong type for titles", [](auto& j) { j["licences"][0]["titles"] = "LPC"; },
       "key 'licences[0].titles': expected an array of strings, got \"LPC\""},
      {"unknown key with a near name", [](auto& j) { j["licences"][0]["subjects"][0]["hour"] = 6; },
       "key 'licences[0].subjects[0].hour': unknown key; did you mean 'hours'?"},
      {"unknown top-level key", [](auto& j) { j["zzz"] = 1; },
       "key 'zzz': unknown key (allowed: state, reminder, licences)"},
      {"missing required key", [](auto& j) { j["licences"][0].erase("board"); },
       "key 'licences[0].board': missing"},
      {"a date that does not exist",
       [](auto& j) { j["licences"][0]["sources"][1]["checked_on"] = "2025-02-29"; },
       "key 'licences[0].sources[1].checked_on': expected a date YYYY-MM-DD, got \"2025-02-29\""},
      {"a date in another form",
       [](auto& j) { j["licences"][0]["sources"][0]["checked_on"] = "06/12/2026"; },
       "key 'licences[0].sources[0].checked_on': expected a date YYYY-MM-DD, got \"06/12/2026\""},
      {"a URL that is not http(s)",
       [](auto& j) { j["licences"][0]["sources"][0]["url"] = "ftp://example.org/a"; },
       "key 'licences[0].sources[0].url': expected an http(s) URL, got \"ftp://example.org/a\""},
      {"an unknown approval body", [](auto& j) { j["licences"][0]["accepted_bodies"][1] = "NASW"; },
       "key 'licences[0].accepted_bodies[1]': unknown approval body \"NASW\" (one of: APA, "
       "ASWB-ACE, NBCC, NAADAC, CAMFT, NY-SW, NY-MHC, NY-PSY, FL-CEBROKER, CCAPP, IC&RC)"},
      {"an unknown format",
       [](auto& j) { j["licences"][0]["format_caps"][0]["formats"][0] = "self_study"; },
       "key 'licences[0].format_caps[0].formats[0]': unknown format \"self_study\" (one of: "
       "on_demand, live_online, in_person, hybrid)"},
      {"a source index out of range",
       [](auto& j) { j["licences"][0]["subjects"][0]["source"] = 2; },
       "key 'licences[0].subjects[0].source': source 2 does not exist: sources has 2 entries"},
      {"a negative source index", [](auto& j) { j["licences"][0]["accepted_source"] = -1; },
       "key 'licences[0].accepted_source': expected an index into sources (0, 1, ...), got -1"},
      {"an unknown licence", [](auto& j) { j["licences"][0]["licence"] = "lpcc"; },
       "key 'licences[0].licence': unknown licence \"lpcc\" (one of: lpc, lcsw, lmsw, lmft, "
       "psychologist, lcadc); did you mean 'lpc'?"},
      {"a duplicate licence", [](auto& j) { j["licences"].push_back(j["licences"][0]); },
       "key 'licences[1].licence': \"lpc\" is given twice in this state (also licences[0]); "
       "merge them"},
      {"a subject that is not a slug",
       [](auto& j) { j["licences"][0]["subjects"][0]["subject"] = "Ethics"; },
       "key 'licences[0].subjects[0].subject': expected a lower-case slug like "
       "\"law-and-ethics\", got \"Ethics\""},
      {"a subject listed twice",
       [](auto& j) { j["licences"][0]["subjects"].push_back(j["licences"][0]["subjects"][0]); },
       "key 'licences[0].subjects[1].subject': \"ethics\" is listed twice (also at "
       "licences[0].subjects[0]); give its hours once"},
      {"subjects above the total without notes",
       [](auto& j) {
         auto& l = j["licences"][0];
         l.erase("notes");
         l["subjects"].push_back(
             {{"subject", "law-and-ethics"}, {"hours", 20}, {"rule", "r"}, {"source", 0}});
       },
       "key 'licences[0].subjects': the subjects add up to 26 hours, more than total_hours "
       "(24); say in notes how they overlap"},
      {"bodies without their rule", [](auto& j) { j["licences"][0].erase("accepted_rule"); },
       "key 'licences[0].accepted_rule': missing; accepted_bodies needs the rule and source it "
       "comes from"},
      {"a state in lower case", [](auto& j) { j["state"] = "tx"; },
       "key 'state': expected a postal code of two upper-case letters like \"TX\", got \"tx\""},
      {"a state that does not match the file name", [](auto& j) { j["state"] = "CA"; },
       "key 'state': \"CA\" does not match the file's name: CA's rules belong in ca.json"},
      {"a format in two caps",
       [](auto& j) {
         j["licences"][0]["format_caps"].push_back({{"formats", {"live_online", "on_demand"}},
                                                    {"max_hours", 6},
                                                    {"rule", "r"},
                                                    {"source", 0}});
       },
       "key 'licences[0].format_caps[1].formats': format \"on_demand\" is already in an "
       "earlier cap; a format may be in one cap only"},
      {"no sources", [](auto& j) { j["licences"][0]["sources"] = nlohmann::ordered_json::array(); },
       "key 'licences[0].sources': expected at least one source"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    nlohmann::ordered_json j = ValidRules();
    c.edit(j);
    TempDir dir;
    Loaded loaded = LoadText(dir, "tx.json", j.dump(2));
    CHECK(!loaded.outcome.rules);
    CHECK(loaded.Problems().find(loaded.file.string() + ": " + c.expected + "\n") !=
          std::string::npos);
    CAPTURE(loaded.Problems());
  }
}

TEST_CASE("every problem of a rules file is listed at once") {
  nlohmann::ordered_json j = ValidRules();
  j["licences"][0]["total_hours"] = -1;
  j["licences"][0]["sources"][0]["checked_on"] = "yesterday";
  j["licences"][0]["accepted_bodies"][0] = "XYZ";
  TempDir dir;
  Loaded loaded = LoadText(dir, "tx.json", j.dump());
  INFO(loaded.Problems());
  CHECK(loaded.outcome.problems.size() == 3);
  auto message = LoadRenewalRules(loaded.file, kSlugs);
  REQUIRE(!message.ok());
  CHECK(message.status().message() == loaded.Problems().substr(0, loaded.Problems().size() - 1));
}

TEST_CASE("broken JSON, a repeated key and a non-object are refused with the file named") {
  TempDir dir;
  Loaded broken = LoadText(dir, "tx.json", "{\"state\": \"TX\",");
  REQUIRE(broken.outcome.problems.size() == 1);
  CHECK(broken.Problems().rfind(broken.file.string() + ": invalid JSON: ", 0) == 0);

  Loaded repeated = LoadText(dir, "ca.json", R"({"state": "CA", "state": "CA", "licences": []})");
  CHECK(repeated.Problems().find(repeated.file.string() +
                                 ": key 'state': duplicate key; remove all but one\n") !=
        std::string::npos);
  CHECK(repeated.Problems().find(repeated.file.string() +
                                 ": key 'licences': expected at least one licence\n") !=
        std::string::npos);

  Loaded array = LoadText(dir, "ny.json", "[]");
  CHECK(array.Problems() == array.file.string() +
                                ": expected a JSON object with \"state\" and \"licences\", got "
                                "[]\n");
}

TEST_CASE("a subject outside the taxonomy is a warning, not a problem") {
  nlohmann::ordered_json j = ValidRules();
  j["licences"][0]["one_time"][0]["subject"] = "jurisprudence-exam";
  TempDir dir;
  Loaded loaded = LoadText(dir, "tx.json", j.dump());
  INFO(loaded.Problems());
  CHECK(loaded.outcome.rules);
  REQUIRE(loaded.outcome.warnings.size() == 1);
  CHECK(loaded.outcome.warnings[0].ToString() ==
        loaded.file.string() +
            ": key 'licences[0].one_time[0].subject': \"jurisprudence-exam\" is not a topic of "
            "data/taxonomy.json: no course can be tagged with it yet");
  std::vector<std::string> warnings;
  CHECK(LoadRenewalRules(loaded.file, kSlugs, &warnings).ok());
  CHECK(warnings.size() == 1);
}

TEST_CASE("a rules folder refuses two files for one state, naming both") {
  TempDir dir;
  WriteFile(dir / "tx.json", ValidRules().dump());
  WriteFile(dir / "tx-2025.json", ValidRules().dump());
  WriteFile(dir / "notes.txt", "not a rules file");
  RulesDirOutcome outcome = LoadRulesDirWithProblems(dir.path(), kSlugs);
  std::string problems;
  for (const auto& p : outcome.problems) problems += p.ToString() + "\n";
  INFO(problems);
  CHECK(outcome.files == 2);
  CHECK(outcome.states.empty());
  // Files are read in name order: tx-2025.json first, so tx.json is the second.
  CHECK(problems.find((dir / "tx-2025.json").string() +
                      ": key 'state': \"TX\" does not match the file's name: TX's rules belong "
                      "in tx.json\n") != std::string::npos);
  CHECK(problems.find((dir / "tx.json").string() + ": key 'state': a second file for TX (" +
                      (dir / "tx-2025.json").string() + " has it too); keep one\n") !=
        std::string::npos);
}

TEST_CASE("a rules folder with valid files gives every state, a missing folder is a problem") {
  TempDir dir;
  WriteFile(dir / "tx.json", ValidRules().dump());
  nlohmann::ordered_json ca = ValidRules();
  ca["state"] = "CA";
  ca["reminder"] = "Check the BBS.";
  WriteFile(dir / "ca.json", ca.dump());
  RulesDirOutcome outcome = LoadRulesDirWithProblems(dir.path(), kSlugs);
  REQUIRE(outcome.problems.empty());
  REQUIRE(outcome.states.size() == 2);
  CHECK(outcome.states[0].state == "CA");
  CHECK(outcome.states[0].reminder == "Check the BBS.");
  CHECK(outcome.states[1].state == "TX");

  RulesDirOutcome missing = LoadRulesDirWithProblems(dir / "nope", kSlugs);
  REQUIRE(missing.problems.size() == 1);
  CHECK(missing.problems[0].ToString() ==
        (dir / "nope").string() + ": not a folder of rules files");
}
