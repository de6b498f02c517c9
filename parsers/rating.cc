#include "parsers/rating.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>

#include <re2/re2.h>

#include "parsers/text.h"

namespace cecat::parsers {
namespace {

double ToNumber(std::string s) {
  for (char& c : s) {
    if (c == ',') c = '.';  // "4,5 von 5" is a decimal comma
  }
  try {
    return std::stod(s);
  } catch (const std::exception&) {
    return -1;
  }
}

// Whole numbers as integers, so 5 prints as 5 and not 5.0.
Json Number(double v) {
  if (v == static_cast<double>(static_cast<long long>(v))) return static_cast<long long>(v);
  return v;
}

int CountOccurrences(std::string_view text, std::string_view glyph) {
  int n = 0;
  for (std::size_t i = text.find(glyph); i != std::string_view::npos;
       i = text.find(glyph, i + glyph.size())) {
    ++n;
  }
  return n;
}

// Accessible star widgets spell the value out ("Four and a half out of five
// stars"): the words one..ten as digits, "N and a half" as N.5, in a lower-case
// copy that only the patterns read. normalise/number_words.h does the same for
// the normalisers (this module does not depend on that one).
std::string DigitsForWords(const std::string& text) {
  static const char* kWords[] = {"zero", "one",   "two",   "three", "four", "five",
                                 "six",  "seven", "eight", "nine",  "ten"};
  std::string lower;
  for (char c : text)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  std::string out;
  std::size_t i = 0;
  auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  while (i < lower.size()) {
    if (!alpha(lower[i]) || (i > 0 && alpha(lower[i - 1]))) {
      out += lower[i++];
      continue;
    }
    std::size_t j = i;
    while (j < lower.size() && alpha(lower[j])) ++j;
    std::string word = lower.substr(i, j - i);
    auto it = std::find(std::begin(kWords), std::end(kWords), word);
    out += it != std::end(kWords) ? std::to_string(it - std::begin(kWords)) : word;
    i = j;
  }
  static const RE2 kHalf(R"((\d+)(?:\s+and\s+a\s+half|\s*\x{00BD}))");
  RE2::GlobalReplace(&out, kHalf, "\\1.5");
  return out;
}

}  // namespace

std::optional<Json> RatingFromText(std::string_view raw) {
  std::string text = CollapseWhitespace(ValidUtf8(raw.substr(0, 512)));
  if (text.empty()) return std::nullopt;
  // Patterns read `words`, the text with its number words as digits; "text" keeps
  // the text as written.
  std::string words = DigitsForWords(text);
  static const RE2 kOutOf(
      R"((\d{1,3}(?:[.,]\d+)?)\s*(?:stars?\s+)?(?:out\s+of|of|/|von|sur)\s*(\d{1,3}(?:[.,]\d+)?))");
  static const RE2 kPercent(R"((\d{1,3}(?:\.\d+)?)\s*%)");
  static const RE2 kStars(R"((\d(?:[.,]\d+)?)\s*(?:-\s*)?stars?)");
  static const RE2 kNumber(R"((?:^|rated|rating|score)\s*:?\s*(\d(?:[.,]\d+)?)\b)");
  static const RE2 kDecimal(R"((?:^|[^\d.,])(\d[.,]\d+)(?:[^\d.,]|$))");
  static const RE2 kCount(
      R"((\d[\d,]*)\s*(?:reviews?|reviewers|ratings?|votes?|learners|participants|attendees))");
  // Aggregators print the count bare in brackets beside the value: "4.6 (212)".
  static const RE2 kBracketed(R"(\(\s*(\d[\d,]*)\s*\))");
  // The count is read first and taken out, so "1 review" is not a rating of 1.
  std::string count;
  if (RE2::PartialMatch(words, kCount, &count)) {
    RE2::Replace(&words, kCount, "");
  } else if (RE2::PartialMatch(words, kBracketed, &count)) {
    RE2::Replace(&words, kBracketed, "");
  }
  Json out = Json::object();
  std::string a, b;
  if (RE2::PartialMatch(words, kOutOf, &a, &b)) {
    // "6 out of 5" states a scale it breaks: not a rating.
    if (ToNumber(b) <= 0 || ToNumber(a) > ToNumber(b)) return std::nullopt;
    out["value"] = Number(ToNumber(a));
    out["best"] = Number(ToNumber(b));
  } else if (int full = CountOccurrences(words, "\xE2\x98\x85"),  // ★
             empty = CountOccurrences(words, "\xE2\x98\x86"),     // ☆
             half = CountOccurrences(words, "\xC2\xBD");          // ½
             full + empty > 0) {
    double best = empty + half > 0 ? full + empty + (half > 0 ? 1 : 0) : 5;
    out["value"] = Number(full + 0.5 * (half > 0 ? 1 : 0));
    out["best"] = Number(best);
    // A widget that also prints the value ("★★★★☆ 4.2") is read by the value: the
    // glyphs are rounded to whole or half stars.
    if (RE2::PartialMatch(words, kDecimal, &a) && ToNumber(a) >= 0 && ToNumber(a) <= best)
      out["value"] = Number(ToNumber(a));
  } else if (RE2::PartialMatch(words, kPercent, &a) && ToNumber(a) <= 100) {
    out["value"] = Number(ToNumber(a));
    out["best"] = Number(100);
  } else if (RE2::PartialMatch(words, kStars, &a)) {
    out["value"] = Number(ToNumber(a));
    out["best"] = Number(5);
  } else if (RE2::PartialMatch(words, kNumber, &a)) {
    out["value"] = Number(ToNumber(a));
  } else {
    return std::nullopt;
  }
  if (!count.empty()) {
    std::string digits;
    for (char c : count) {
      if (c != ',') digits.push_back(c);
    }
    out["count"] = Number(ToNumber(digits));
  }
  out["text"] = TruncateUtf8(text, 256);
  return out;
}

}  // namespace cecat::parsers
