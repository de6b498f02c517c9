#include "normalise/audiences.h"

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
