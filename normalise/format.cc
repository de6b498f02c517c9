#include "normalise/format.h"

#include <map>

#include <re2/re2.h>

#include "normalise/text.h"

namespace cecat::normalise {
namespace {

// The longest phrase of each format found in `folded`.
std::map<std::string, std::string> LongestMatches(const std::vector<PhraseSet>& sets,
                                                  const std::string& folded) {
  std::map<std::string, std::string> out;
  for (const auto& set : sets) {
    for (const auto& phrase : set.phrases) {
      if (ContainsPhrase(folded, phrase) && phrase.size() > out[set.slug].size())
        out[set.slug] = phrase;
    }
  }
  for (auto it = out.begin(); it != out.end();)
    it = it->second.empty() ? out.erase(it) : std::next(it);
  return out;
}

// The format whose phrase is the whole of `folded`, or "".
std::string WholePhrase(const std::vector<PhraseSet>& sets, const std::string& folded) {
  for (const auto& set : sets) {
    for (const auto& phrase : set.phrases) {
      if (phrase == folded) return set.slug;
    }
  }
  return "";
}

// "Online / In-Person", courseMode ["online", "onsite"]: alternatives listed side
// by side, one a strong in-person phrase and another an online phrase on its own,
// offer both ways of attending. A remark ("online handouts") is no alternative.
bool ListsInPersonAndOnline(const std::string& text, const Vocabulary& vocab) {
  static const RE2 kSeparator(R"(\s*(?:/|,|;|\||\bor\b)\s*)");
  std::string marked = text;
  RE2::GlobalReplace(&marked, kSeparator, "\x1f");
  bool in_person = false, online = false;
  std::size_t start = 0;
  while (start <= marked.size()) {
    std::size_t end = marked.find('\x1f', start);
    if (end == std::string::npos) end = marked.size();
    std::string folded = Fold(marked.substr(start, end - start));
    start = end + 1;
    if (folded.empty()) continue;
    in_person = in_person || WholePhrase(vocab.formats_strong, folded) == "in_person";
    for (const auto* sets : {&vocab.formats_strong, &vocab.formats_weak}) {
      std::string slug = WholePhrase(*sets, folded);
      online = online || slug == "live_online" || slug == "on_demand";
    }
  }
  return in_person && online;
}

}  // namespace

std::optional<FormatValue> ParseFormat(const Json& value, const Vocabulary& vocab) {
  // schema.org URLs fold to words: ".../OnlineEventAttendanceMode" ends in the word
  // "onlineeventattendancemode", which data/synonyms.json lists.
  std::string text = ValueText(value);
  std::string folded = Fold(text);
  if (folded.empty()) return std::nullopt;

  auto strong = LongestMatches(vocab.formats_strong, folded);
  if (strong.count("hybrid")) return FormatValue{"hybrid", "strong: " + strong["hybrid"]};
  if (ListsInPersonAndOnline(Lower(text), vocab))
    return FormatValue{"hybrid", "alternatives: in person and online"};
  bool in_person = strong.count("in_person") > 0;
  bool online = strong.count("live_online") > 0 || strong.count("on_demand") > 0;
  if (in_person && online) {
    // "In person; also streamed live": both ways of attending are offered. A phrase
    // of one inside a longer phrase of the other does not count ("live in person").
    const std::string& ip = strong["in_person"];
    const std::string other =
        strong.count("live_online") ? strong["live_online"] : strong["on_demand"];
    if (ip.find(other) == std::string::npos && other.find(ip) == std::string::npos)
      return FormatValue{"hybrid", "strong: " + ip + " + " + other};
  }
  if (!strong.empty()) {
    std::string best_slug, best_phrase;
    // Ties go to the first in this order: a live event is the rarer, stronger claim.
    for (const char* slug : {"live_online", "in_person", "on_demand"}) {
      auto it = strong.find(slug);
      if (it != strong.end() && it->second.size() > best_phrase.size()) {
        best_slug = slug;
        best_phrase = it->second;
      }
    }
    return FormatValue{best_slug, "strong: " + best_phrase};
  }
  auto weak = LongestMatches(vocab.formats_weak, folded);
  for (const char* slug : {"live_online", "on_demand", "in_person"}) {
    auto it = weak.find(slug);
    if (it != weak.end()) return FormatValue{slug, "weak: " + it->second};
  }
  return std::nullopt;
}

}  // namespace cecat::normalise
