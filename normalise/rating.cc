#include "normalise/rating.h"

#include <algorithm>
#include <cmath>

#include <re2/re2.h>

#include "normalise/number_words.h"
#include "normalise/text.h"

namespace cecat::normalise {
namespace {

std::optional<double> Number(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) return ParseDecimal(v.get<std::string>());
  if (v.is_object() || v.is_array()) return ParseDecimal(ValueText(v));
  return std::nullopt;
}

std::optional<Rating> Scale(double value, double best, double worst, const std::string& how) {
  // Written so that NaN and infinity (DigitsValue of a malformed or 400-digit
  // number) are rejected too.
  if (!std::isfinite(value) || !std::isfinite(best) || !std::isfinite(worst) || !(best > worst) ||
      !(value >= worst && value <= best))
    return std::nullopt;
  Rating r;
  r.average = Round2((value - worst) / (best - worst) * 5.0);
  r.understood = how;
  return r;
}

std::optional<Rating> ParseValueText(const std::string& text);

// "(230 reviews)", "by 1,300 learners", "from 9 participants": the count of ratings.
const RE2& CountPattern() {
  static const RE2 kCount(
      R"((\d{1,3}(?:,\d{3})+|\d+(?:\.\d+\s*k|\s*k)?)\s*(?:reviews?|reviewers|ratings?|votes?|learners|participants|)"
      R"(attendees|students|customers|evaluations))");
  return kCount;
}

long CountValue(std::string n) {
  n.erase(std::remove(n.begin(), n.end(), ','), n.end());
  // "1.2k reviews": aggregators abbreviate thousands.
  if (std::size_t k = n.find('k'); k != std::string::npos) {
    double v = DigitsValue(std::string_view(n).substr(0, std::min<std::size_t>(k, 12)));
    return std::isfinite(v) ? std::lround(v * 1000) : -1;
  }
  return std::stol(n.substr(0, 12));
}

std::optional<Rating> ParseText(const std::string& raw) {
  // Star widgets' accessible labels spell the numbers out: "Four and a half out of
  // five stars" reads as "4.5 out of 5 stars".
  std::string text = SpellOutNumbers(Lower(MatchText(raw)));
  if (text.empty()) return std::nullopt;
  // "4.9/5 (230 reviews)", "4.7 stars by 300 learners": the count, then the value.
  long count = -1;
  std::string n;
  if (RE2::PartialMatch(text, CountPattern(), &n)) {
    count = CountValue(n);
    RE2::Replace(&text, CountPattern(), "");
  } else {
    // Aggregators print the count bare in brackets beside the value: "4.6 (212)".
    // Only when what is left is a rating ("Top 10 courses (2027)" is not).
    static const RE2 kBracketed(R"(\(\s*(\d{1,3}(?:,\d{3})+|\d+)\s*\))");
    if (RE2::PartialMatch(text, kBracketed, &n)) {
      count = CountValue(n);
      RE2::Replace(&text, kBracketed, "");
    }
  }
  static const RE2 kEmptyBrackets(R"(\(\s*\)|\[\s*\])");
  RE2::GlobalReplace(&text, kEmptyBrackets, "");
  auto r = ParseValueText(text);
  if (r) r->count = count;
  return r;
}

int Occurrences(const std::string& text, const char* glyph) {
  int n = 0;
  std::size_t len = std::char_traits<char>::length(glyph);
  for (std::size_t i = text.find(glyph); i != std::string::npos; i = text.find(glyph, i + len)) ++n;
  return n;
}

std::optional<Rating> ParseValueText(const std::string& text) {
  std::string a, b;
  static const RE2 kOutOf(R"((\d*\.?\d+)\s*(?:stars?\s+)?(?:out of|of|/)\s*(\d*\.?\d+))");
  static const RE2 kPercent(R"((\d*\.?\d+)\s*%)");
  static const RE2 kStars(R"((\d*\.?\d+)\s*-?\s*stars?)");
  static const RE2 kDecimal(R"((?:^|[^\d.])(\d\.\d+)(?:[^\d.]|$))");
  // Star glyphs: filled (U+2605), empty (U+2606, U+2729) and half stars (the
  // vulgar fraction U+00BD, U+2BE8/U+2BEA half-filled stars) as widgets draw them.
  // SpellOutNumbers has already turned a "½" after a digit into ".5"; a "½" after
  // a glyph has become "0.5".
  {
    int filled = Occurrences(text, "\xE2\x98\x85");
    int empty = Occurrences(text, "\xE2\x98\x86") + Occurrences(text, "\xE2\x9C\xA9");
    int half = Occurrences(text, "\xE2\xAF\xA8") + Occurrences(text, "\xE2\xAF\xAA");
    std::string rest = text;
    if (std::size_t at = rest.find("\xE2\x98\x85"
                                   "0.5");
        at != std::string::npos) {
      half = 1;
      rest.erase(at + 3, 3);  // the "0.5" is the half star, not a value beside them
    }
    int total = filled + empty + (half > 0 ? 1 : 0);
    if (total > 0 && total <= 10) {
      // Only filled stars: the widget leaves the empty ones out, on the usual 5.
      double best = (empty == 0 && half == 0 && total <= 5) ? 5 : total;
      // A widget that also prints the value ("★★★★☆ 4.2") is read by the value: the
      // glyphs are rounded.
      if (RE2::PartialMatch(rest, kDecimal, &a)) {
        if (auto r = Scale(DigitsValue(a), best, 0, "value beside star glyphs")) return r;
      }
      return Scale(filled + (half > 0 ? 0.5 : 0), best, 0, "star glyphs");
    }
  }
  if (RE2::PartialMatch(text, kOutOf, &a, &b))
    return Scale(DigitsValue(a), DigitsValue(b), 0, "value out of best");
  if (RE2::PartialMatch(text, kPercent, &a)) return Scale(DigitsValue(a), 100, 0, "percentage");
  if (RE2::PartialMatch(text, kStars, &a)) return Scale(DigitsValue(a), 5, 0, "stars");
  // "Rating: 4.2", "Average rating 4.7": a label, then a number on 0-5.
  static const RE2 kLabelled(
      R"(^\s*(?:average\s+|overall\s+|star\s+|course\s+)?(?:rated|rating|score|average|overall)\s*:?\s*(\d*\.?\d+)\s*$)");
  // "4.9 average rating", "4.8 overall": the number, then its label.
  static const RE2 kLabelAfter(
      R"(^\s*(\d*\.?\d+)\s*(?:average|overall)?\s*(?:rating|rated|score|average|overall)\s*$)");
  if (RE2::PartialMatch(text, kLabelled, &a) || RE2::PartialMatch(text, kLabelAfter, &a))
    return Scale(DigitsValue(a), 5, 0, "number on 0-5");
  if (auto n = ParseDecimal(text)) return Scale(*n, 5, 0, "number on 0-5");
  return std::nullopt;
}

}  // namespace

std::optional<Rating> ParseRating(const Json& value) {
  if (value.is_number()) return Scale(value.get<double>(), 5, 0, "number on 0-5");
  if (value.is_string()) return ParseText(value.get<std::string>());
  if (value.is_array()) {
    for (const auto& v : value) {
      if (auto r = ParseRating(v)) return r;
    }
    return std::nullopt;
  }
  if (!value.is_object()) return std::nullopt;
  // schema.org AggregateRating / Rating, or the parsers' {value, best, count}.
  if (auto inner = value.find("reviewRating"); inner != value.end()) return ParseRating(*inner);
  std::optional<double> v, best, worst;
  for (const char* k : {"ratingValue", "value", "average", "rating"}) {
    if (auto it = value.find(k); it != value.end() && !v) {
      // "90%", "4.5 of 5", "Four and a half": text that is more than a number is
      // read as text, already on 0-5.
      if (it->is_string() && !ParseDecimal(it->get<std::string>())) {
        auto r = ParseText(it->get<std::string>());
        if (!r) return std::nullopt;
        v = r->average;
        best = 5;
      } else {
        v = Number(*it);
      }
    }
  }
  if (!v) {
    // A rule's widget text that the parsers could not read ({"text": ...}).
    if (auto t = value.find("text"); t != value.end() && t->is_string()) return ParseText(*t);
    return std::nullopt;
  }
  for (const char* k : {"bestRating", "best", "max", "scale"}) {
    if (auto it = value.find(k); it != value.end() && !best) best = Number(*it);
  }
  for (const char* k : {"worstRating", "worst", "min"}) {
    if (auto it = value.find(k); it != value.end() && !worst) worst = Number(*it);
  }
  // A worstRating of 1 is the scale's floor in schema.org terms, but sites that
  // publish 1-5 stars still mean 4.5 as 4.5 out of 5; only a worstRating of 0 or
  // below shifts. We therefore scale from 0 unless worst is negative.
  double w = (worst && *worst < 0) ? *worst : 0;
  auto r = Scale(*v, best.value_or(5), w, best ? "value of bestRating" : "value on 0-5");
  if (!r) return std::nullopt;
  for (const char* k : {"ratingCount", "reviewCount", "count"}) {
    if (auto it = value.find(k); it != value.end()) {
      if (auto n = Number(*it); n && *n >= 0) {
        r->count = static_cast<long>(*n);
        break;
      }
    }
  }
  return r;
}

Json RatingToJson(const Rating& rating) {
  Json j = {{"average", rating.average}};
  if (rating.count >= 0) j["count"] = rating.count;
  return j;
}

}  // namespace cecat::normalise
