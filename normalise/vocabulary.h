// The normalisers' vocabulary, loaded from the JSON data files in data/ so admins
// can add a topic, a licence abbreviation, a format word or an accrediting body's
// name without a rebuild (format: docs/normalisation.md "Data files").
//
//   data/taxonomy.json  topics: slug, label, synonyms
//   data/synonyms.json  audiences, formats (strong and weak words), approval bodies
//                       (names and number patterns), state board names, degree levels,
//                       audience groups, the audiences each approval body serves
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "common/record.h"
#include "common/result.h"

namespace cecat::normalise {

// A slug and the folded phrases (normalise/text.h Fold) that mean it.
struct PhraseSet {
  std::string slug;
  std::string label;
  std::vector<std::string> phrases;
};

// One accrediting body of the fixed vocabulary (DOMAIN.md) and how to recognise it.
struct BodyRule {
  std::string body;                // "NBCC", "ASWB-ACE", "NY-SW", ...
  std::vector<std::string> names;  // folded phrases that name the body
  // RE2 patterns whose first group is the approval number, tried in order on the
  // statement text around the body's name. Empty for bodies without numbers (APA).
  std::vector<std::shared_ptr<const RE2>> number_patterns;
  // The body approves providers, not single courses (data `level`: "provider"), so
  // every course of an approved provider carries the approval unless its page says
  // otherwise (docs/normalisation.md "Approvals": inheritance). Default: course.
  bool provider_level = false;
};

struct Vocabulary {
  std::vector<PhraseSet> topics;          // taxonomy order
  std::vector<PhraseSet> audiences;       // psychologist, counselor, social_worker, mft, addiction
  std::vector<PhraseSet> formats_strong;  // words that settle the format on their own
  std::vector<PhraseSet> formats_weak;    // words that only hint ("workshop", "online")
  std::vector<BodyRule> bodies;
  std::vector<PhraseSet> state_boards;   // slug = US state code, phrases = board names
  std::vector<PhraseSet> degree_levels;  // bachelors, masters, doctoral, ...
  // Course audience wording beyond the licences: slug "all" ("all mental health
  // professionals": every audience), slug "none" (degree programmes and students,
  // "the PsyD program": no audience). Optional (synonyms.json "audience_groups").
  std::vector<PhraseSet> audience_groups;
  // Approval body -> the audience slugs it serves (APA -> psychologist), for a course
  // whose page names no audience. Optional (synonyms.json "body_audiences").
  std::vector<std::pair<std::string, std::vector<std::string>>> body_audiences;
  // Set by FromJson, unique in the process (0: a vocabulary built by hand). What
  // was parsed with a vocabulary may be remembered under its id (approvals.cc
  // keeps approval statements: a provider's pages repeat the same ones), so a
  // vocabulary is not changed after FromJson; a copy keeps the id, as it holds
  // the same words.
  uint64_t id = 0;

  // Builds the vocabulary from the two documents. The error names the file
  // ("taxonomy.json"/"synonyms.json"), the path inside it and what is wrong.
  static Result<Vocabulary> FromJson(const Json& taxonomy, const Json& synonyms);
  // Reads data_dir/taxonomy.json and data_dir/synonyms.json.
  static Result<Vocabulary> Load(const std::filesystem::path& data_dir);

  // The bodies whose approval is the provider's and passes to its courses, in data
  // order. State boards found by name ("XX-BOARD") are course-level.
  std::vector<std::string> ProviderLevelBodies() const;
};

// The slugs of every set with a phrase in `folded` (word boundaries, plural 's'
// allowed), in the order of `sets`, each once.
std::vector<std::string> MatchSlugs(const std::vector<PhraseSet>& sets, std::string_view folded);

// The audience slugs the feed allows, in feed order.
const std::vector<std::string>& AudienceSlugs();
// The format slugs the feed allows.
const std::vector<std::string>& FormatSlugs();

}  // namespace cecat::normalise
