#include "normalise/audiences.h"

#include <algorithm>

#include "normalise/text.h"

namespace cecat::normalise {

std::vector<std::string> ParseAudiences(const Json& value, const Vocabulary& vocab) {
  std::string folded = Fold(ValueText(value));
  auto found = MatchSlugs(vocab.audiences, folded);
  std::vector<std::string> out;
  for (const auto& slug : AudienceSlugs()) {
    for (const auto& f : found) {
      if (f == slug) out.push_back(slug);
    }
  }
  return out;
}

namespace {

// `found` in feed order, each once.
std::vector<std::string> InFeedOrder(const std::vector<std::string>& found) {
  std::vector<std::string> out;
  for (const auto& slug : AudienceSlugs()) {
    if (std::find(found.begin(), found.end(), slug) != found.end()) out.push_back(slug);
  }
  return out;
}

}  // namespace

std::vector<std::string> ParseCourseAudiences(const Json& value, const Vocabulary& vocab) {
  // One match over licences and groups together, so the longest phrase wins:
  // "psyd program" blanks its words before "psyd" can say psychologist, and
  // "mental health counselor" stays a counselor rather than "all".
  std::vector<PhraseSet> sets = vocab.audiences;
  sets.insert(sets.end(), vocab.audience_groups.begin(), vocab.audience_groups.end());
  std::vector<std::string> found = MatchSlugs(sets, Fold(ValueText(value)));
  if (std::find(found.begin(), found.end(), "all") != found.end()) return AudienceSlugs();
  return InFeedOrder(found);
}

std::vector<std::string> InferAudiences(const Json& approvals, const Vocabulary& vocab,
                                        std::vector<std::string>* bodies) {
  std::vector<std::string> found;
  if (!approvals.is_array()) return found;
  for (const Json& a : approvals) {
    if (!a.is_object()) continue;
    std::string body = a.value("body", "");
    std::vector<std::string> slugs;
    // A stated scope ("for LMFTs, LCSWs, LPCCs") is what this approval covers.
    if (auto scope = a.find("scope"); scope != a.end() && scope->is_array()) {
      for (const Json& s : *scope) {
        if (s.is_string()) slugs.push_back(s.get<std::string>());
      }
    }
    if (slugs.empty()) {
      for (const auto& [b, served] : vocab.body_audiences) {
        if (b == body) slugs = served;
      }
    }
    if (slugs.empty()) continue;
    found.insert(found.end(), slugs.begin(), slugs.end());
    if (bodies && std::find(bodies->begin(), bodies->end(), body) == bodies->end())
      bodies->push_back(body);
  }
  return InFeedOrder(found);
}

std::string InferredAudienceProvenance(const std::vector<std::string>& bodies,
                                       const std::string& approvals_provenance) {
  std::string list;
  for (const auto& b : bodies) list += (list.empty() ? "" : ", ") + b;
  return "inferred:approvals " + list + " (" + approvals_provenance + ")";
}

std::vector<std::string> ParseTopics(const Json& value, const Vocabulary& vocab) {
  // Items one by one keep "Trauma, Grief" apart; the joined text catches phrases a
  // list split would cut ("law and ethics" split on " and ").
  std::string joined = Fold(ValueText(value));
  std::vector<std::string> found = MatchSlugs(vocab.topics, joined);
  std::vector<std::string> out;
  for (const auto& set : vocab.topics) {
    for (const auto& f : found) {
      if (f == set.slug) {
        out.push_back(f);
        break;
      }
    }
  }
  return out;
}

}  // namespace cecat::normalise
