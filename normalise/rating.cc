#include "normalise/rating.h"

#include <algorithm>

#include <re2/re2.h>

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
  if (!(best > worst) || value < worst || value > best) return std::nullopt;
  Rating r;
  r.average = Round2((value - worst) / (best - worst) * 5.0);
  r.understood = how;
  return r;
}

std::optional<Rating> ParseValueText(const std::string& text);

std::optional<Rating> ParseText(const std::string& raw) {
  std::string text = Lower(MatchText(raw));
  if (text.empty()) return std::nullopt;
  // "4.9/5 (230 reviews)", "4.7 stars by 300 learners": the count, then the value.
  long count = -1;
  static const RE2 kCount(
      R"((\d{1,3}(?:,\d{3})+|\d+)\s*(?:reviews?|ratings?|votes?|learners|participants|attendees))");
  std::string n;
  if (RE2::PartialMatch(text, kCount, &n)) {
    n.erase(std::remove(n.begin(), n.end(), ','), n.end());
    count = std::stol(n.substr(0, 12));
    RE2::Replace(&text, kCount, "");
  }
  auto r = ParseValueText(text);
  if (r) r->count = count;
  return r;
}

std::optional<Rating> ParseValueText(const std::string& text) {
  std::string a, b;
  // Star glyphs: count filled (U+2605) and empty (U+2606/U+2729) stars.
  {
    int filled = 0, empty = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text.compare(i, 3, "\xE2\x98\x85") == 0) ++filled;
      if (text.compare(i, 3, "\xE2\x98\x86") == 0) ++empty;
    }
    if (filled + empty > 0 && filled + empty <= 10) {
      return Scale(filled, filled + empty == 5 ? 5 : filled + empty, 0, "star glyphs");
    }
  }
  static const RE2 kOutOf(R"((\d*\.?\d+)\s*(?:out of|of|/)\s*(\d*\.?\d+))");
  if (RE2::PartialMatch(text, kOutOf, &a, &b))
    return Scale(std::stod(a), std::stod(b), 0, "value out of best");
  static const RE2 kPercent(R"((\d*\.?\d+)\s*%)");
  if (RE2::PartialMatch(text, kPercent, &a)) return Scale(std::stod(a), 100, 0, "percentage");
  static const RE2 kStars(R"((\d*\.?\d+)\s*stars?)");
  if (RE2::PartialMatch(text, kStars, &a)) return Scale(std::stod(a), 5, 0, "stars");
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
      if (it->is_string() && (it->get<std::string>().find('%') != std::string::npos ||
                              it->get<std::string>().find("of") != std::string::npos)) {
        auto r = ParseText(it->get<std::string>());
        if (!r) return std::nullopt;
        v = r->average;
        best = 5;
      } else {
        v = Number(*it);
      }
    }
  }
  if (!v) return std::nullopt;
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
