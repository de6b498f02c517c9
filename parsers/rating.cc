#include "parsers/rating.h"

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

}  // namespace

std::optional<Json> RatingFromText(std::string_view raw) {
  std::string text = CollapseWhitespace(ValidUtf8(raw.substr(0, 512)));
  if (text.empty()) return std::nullopt;
  static const RE2 kOutOf(
      R"((?i)(\d{1,3}(?:[.,]\d+)?)\s*(?:out\s+of|of|/|von|sur)\s*(\d{1,3}(?:[.,]\d+)?))");
  static const RE2 kPercent(R"((\d{1,3}(?:\.\d+)?)\s*%)");
  static const RE2 kStars(R"((?i)(\d(?:[.,]\d+)?)\s*(?:-\s*)?stars?)");
  static const RE2 kNumber(R"((?i)(?:^|rated|rating|score)\s*:?\s*(\d(?:[.,]\d+)?)\b)");
  static const RE2 kCount(R"((?i)(\d[\d,]*)\s*(?:reviews?|ratings?|votes?))");
  Json out = Json::object();
  std::string a, b;
  if (RE2::PartialMatch(text, kOutOf, &a, &b)) {
    // "6 out of 5" states a scale it breaks: not a rating.
    if (ToNumber(b) <= 0 || ToNumber(a) > ToNumber(b)) return std::nullopt;
    out["value"] = Number(ToNumber(a));
    out["best"] = Number(ToNumber(b));
  } else if (int full = CountOccurrences(text, "\xE2\x98\x85"),  // ★
             empty = CountOccurrences(text, "\xE2\x98\x86"),     // ☆
             half = CountOccurrences(text, "\xC2\xBD");          // ½
             full + empty > 0) {
    out["value"] = Number(full + 0.5 * (half > 0 ? 1 : 0));
    out["best"] = Number(empty + half > 0 ? full + empty + (half > 0 ? 1 : 0) : 5);
  } else if (RE2::PartialMatch(text, kPercent, &a) && ToNumber(a) <= 100) {
    out["value"] = Number(ToNumber(a));
    out["best"] = Number(100);
  } else if (RE2::PartialMatch(text, kStars, &a)) {
    out["value"] = Number(ToNumber(a));
    out["best"] = Number(5);
  } else if (RE2::PartialMatch(text, kNumber, &a)) {
    out["value"] = Number(ToNumber(a));
  } else {
    return std::nullopt;
  }
  std::string count;
  if (RE2::PartialMatch(text, kCount, &count)) {
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
