// Licence renewal rules as data (data/rules/<xx>.json, docs/plan.md "Renewal
// rules"): per state and licence, the hours a renewal period needs, the subjects
// and one-time courses it requires, caps per course format, the approval bodies
// the board accepts, and for every figure the rule it comes from and the page it
// was checked on. `cecat plan` reads them; `cecat sources check` validates them.
//
// The loaders never throw. Like the sources file (config.h), every problem is
// reported with the file, the JSON path inside it ("licences[1].subjects[0].hours")
// and why, and all of them are listed at once.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "config/config.h"

namespace cecat::config {

// Printed by the plan when a state's file sets no `reminder`.
inline constexpr std::string_view kDefaultRulesReminder =
    "These figures summarise the board's rules as checked on the dates shown; the "
    "board's own text governs. Check it before you rely on this plan.";

// Where a figure comes from: a page of the board or of the state's code.
struct RuleSource {
  std::string url;  // http(s)
  std::string title;
  std::string checked_on;  // YYYY-MM-DD, a real date
};

// A required subject, per period (`subjects`) or once (`one_time`).
struct SubjectRule {
  std::string subject;  // a taxonomy slug where one fits
  double hours = 0;     // > 0, in steps of 0.5
  std::string rule;     // the citation, e.g. "22 TAC §681.140(a)(1)"
  size_t source = 0;    // index into LicenceRules::sources
};

// At most `max_hours` of a period's hours from courses of these formats.
struct FormatCap {
  std::vector<std::string> formats;  // on_demand, live_online, in_person, hybrid
  double max_hours = 0;
  std::string rule;
  size_t source = 0;
};

struct LicenceRules {
  std::string licence;   // lpc, lcsw, lmsw, lmft, psychologist, lcadc
  std::string audience;  // the audience slug of the licence (LicenceAudience)
  std::vector<std::string> titles;
  std::string board;
  int period_months = 0;
  double total_hours = 0;
  // Per-period subjects; their hours count toward total_hours.
  std::vector<SubjectRule> subjects;
  std::vector<SubjectRule> one_time;
  std::vector<FormatCap> format_caps;
  std::vector<std::string> accepted_bodies;  // DOMAIN.md's body vocabulary
  std::string accepted_rule;                 // set when accepted_bodies is not empty
  size_t accepted_source = 0;
  std::vector<std::string> notes;
  std::vector<RuleSource> sources;
};

struct RenewalRules {
  std::filesystem::path file;
  std::string state;     // two upper-case letters, the file's name upper-cased
  std::string reminder;  // empty: print kDefaultRulesReminder
  std::vector<LicenceRules> licences;

  const LicenceRules* FindLicence(std::string_view licence) const;
};

// The licence values in file order of the docs, and each one's audience slug
// (lpc -> counselor, lcsw and lmsw -> social_worker, lmft -> mft, psychologist ->
// psychologist, lcadc -> addiction). Empty for an unknown licence.
const std::vector<std::string>& LicenceNames();
std::string_view LicenceAudience(std::string_view licence);
// The approval bodies a file may name (DOMAIN.md).
const std::vector<std::string>& RuleBodyNames();

struct RulesOutcome {
  std::optional<RenewalRules> rules;    // set when there are no problems
  std::vector<ConfigProblem> problems;  // the file is refused
  // Worth an admin's look, not wrong: a subject no taxonomy slug names, so no
  // course can be tagged with it yet.
  std::vector<ConfigProblem> warnings;
  std::string state;  // as the file spells it, even when it has problems
};

// Reads and validates one rules file. `topic_slugs` are data/taxonomy.json's
// slugs; a subject outside them is a warning.
RulesOutcome LoadRenewalRulesWithProblems(const std::filesystem::path& file,
                                          const std::set<std::string>& topic_slugs);

// Convenience: the rules, or an InvalidArgument Status listing every problem.
// Warnings, as "file: key '...': message" lines, are appended to `warnings` if given.
Result<RenewalRules> LoadRenewalRules(const std::filesystem::path& file,
                                      const std::set<std::string>& topic_slugs,
                                      std::vector<std::string>* warnings = nullptr);

struct RulesDirOutcome {
  std::vector<RenewalRules> states;  // every file, by state; empty when any has problems
  std::vector<ConfigProblem> problems;
  std::vector<ConfigProblem> warnings;
  size_t files = 0;  // *.json files read
};

// Loads every *.json file of `dir` (not recursive), in name order. Two files for
// one state are refused. A missing folder is a problem; an empty one is not.
RulesDirOutcome LoadRulesDirWithProblems(const std::filesystem::path& dir,
                                         const std::set<std::string>& topic_slugs);

Result<std::vector<RenewalRules>> LoadRulesDir(const std::filesystem::path& dir,
                                               const std::set<std::string>& topic_slugs,
                                               std::vector<std::string>* warnings = nullptr);

}  // namespace cecat::config
