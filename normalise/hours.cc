#include "normalise/hours.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <re2/re2.h>

#include "normalise/text.h"

namespace cecat::normalise {
namespace {

constexpr double kMaxHours = 500;

enum class Unit { kNone, kHours, kMinutes, kCeu };

struct Quantity {
  double hours = 0;
  Unit unit = Unit::kNone;
};

const char* UnitName(Unit u) {
  switch (u) {
    case Unit::kHours:
      return "hours";
    case Unit::kMinutes:
      return "minutes / 60";
    case Unit::kCeu:
      return "CEU x 10";
    case Unit::kNone:
      return "number as hours";
  }
  return "";
}

double Convert(double value, Unit unit) {
  switch (unit) {
    case Unit::kMinutes:
      return value / 60.0;
    case Unit::kCeu:
      return value * 10.0;
    default:
      return value;
  }
}

// "six contact hours" -> "6 contact hours"; only the small numbers pages spell out.
std::string SpellOutNumbers(const std::string& lower) {
  static const char* kWords[] = {"zero",  "one",   "two",  "three", "four",   "five",  "six",
                                 "seven", "eight", "nine", "ten",   "eleven", "twelve"};
  std::string out;
  std::size_t i = 0;
  while (i < lower.size()) {
    if (std::isalpha(static_cast<unsigned char>(lower[i])) &&
        (i == 0 || !std::isalnum(static_cast<unsigned char>(lower[i - 1])))) {
      std::size_t j = i;
      while (j < lower.size() && std::isalpha(static_cast<unsigned char>(lower[j]))) ++j;
      std::string word = lower.substr(i, j - i);
      bool replaced = false;
      for (int n = 0; n <= 12; ++n) {
        if (word == kWords[n]) {
          out += std::to_string(n);
          replaced = true;
          break;
        }
      }
      if (!replaced) out += word;
      i = j;
      continue;
    }
    out += lower[i++];
  }
  return out;
}

// All quantities in one segment, in order of preference: explicit hours, minutes,
// CEU, a bare number. "0.6 CEU (6 contact hours)" gives 6 from the hours.
std::optional<Quantity> SegmentQuantity(const std::string& seg, Unit inherited) {
  static const RE2 kCeu(R"((\d*\.?\d+)\s*(?:ceus?|c\.e\.u\.?s?|continuing education units?)\b)");
  static const RE2 kMinutes(R"((\d*\.?\d+)\s*-?\s*(?:minutes?|mins?)\b)");
  static const RE2 kHours(
      R"((\d*\.?\d+)\s*-?\s*(?:\(?[a-z&]+\)?\.?\s+){0,4}?(?:hours?|hrs?|credits?|ces|ce|cpd|cpds|cmes?|units?|h)\b)");
  static const RE2 kLabelFirst(
      R"((?:hours?|credits?|ce|ces|ceus?|units?)\s*(?:awarded|offered|available)?\s*:\s*(\d*\.?\d+))");
  static const RE2 kBare(
      R"(^\s*(?:up to|total(?: of)?|earn|approx(?:imately|\.)?|about)?\s*(\d*\.?\d+)\s*$)");
  static const RE2 kAnyNumber(R"((\d*\.?\d+))");
  std::string num;
  if (RE2::PartialMatch(seg, kHours, &num)) {
    // "6 CEUs" is also matched by kHours' "units": CEU must win there.
    std::string ceu;
    if (RE2::PartialMatch(seg, kCeu, &ceu) && ceu == num)
      return Quantity{std::stod(num) * 10, Unit::kCeu};
    return Quantity{std::stod(num), Unit::kHours};
  }
  if (RE2::PartialMatch(seg, kMinutes, &num)) return Quantity{std::stod(num) / 60, Unit::kMinutes};
  if (RE2::PartialMatch(seg, kCeu, &num)) return Quantity{std::stod(num) * 10, Unit::kCeu};
  if (RE2::PartialMatch(seg, kLabelFirst, &num)) {
    bool ceu = seg.find("ceu") != std::string::npos;
    return Quantity{std::stod(num) * (ceu ? 10 : 1), ceu ? Unit::kCeu : Unit::kHours};
  }
  if (RE2::PartialMatch(seg, kBare, &num))
    return Quantity{Convert(std::stod(num), inherited), inherited};
  // "5.5 for counselors": a number in a segment that follows one with a unit.
  if (inherited != Unit::kNone && RE2::PartialMatch(seg, kAnyNumber, &num))
    return Quantity{Convert(std::stod(num), inherited), inherited};
  return std::nullopt;
}

std::vector<std::string> SplitSegments(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool comma_sep =
        c == ',' && !(i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])));
    if (c == ';' || c == '|' || c == '\n' || comma_sep ||
        (c == '/' &&
         !(i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))))) {
      out.push_back(cur);
      cur.clear();
    } else if (text.compare(i, 5, " and ") == 0) {
      out.push_back(cur);
      cur.clear();
      i += 4;
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

bool InRange(double h) { return h > 0 && h <= kMaxHours; }

}  // namespace

std::optional<ContactHours> ParseContactHours(const Json& value, const Vocabulary* vocab) {
  if (value.is_number()) {
    // Rounded first: 2e-7 is in range but rounds to 0 hours (fuzz_normalise_values).
    double h = Round2(value.get<double>());
    if (!InRange(h)) return std::nullopt;
    return ContactHours{h, {}, "number as hours"};
  }
  if (value.is_object()) {
    // schema.org QuantitativeValue / StructuredValue: {"value": 0.6, "unitText": "CEU"}
    auto v = value.find("value");
    if (v != value.end()) {
      std::string unit =
          Lower(ValueText(value.value("unitText", Json(value.value("unitCode", Json(""))))));
      std::optional<double> n =
          v->is_number() ? std::optional<double>(v->get<double>()) : ParseDecimal(ValueText(*v));
      if (n) {
        Unit u = Unit::kHours;
        if (unit.find("ceu") != std::string::npos) u = Unit::kCeu;
        if (unit.find("min") != std::string::npos || unit == "mit") u = Unit::kMinutes;
        double h = Round2(Convert(*n, u));
        if (!InRange(h)) return std::nullopt;
        return ContactHours{h, {}, UnitName(u)};
      }
    }
  }
  std::string text = SpellOutNumbers(Lower(MatchText(ValueText(value))));
  if (text.empty()) return std::nullopt;

  // ISO 8601 duration (schema.org timeRequired / courseWorkload): PT1H30M, PT90M, P1DT2H.
  {
    static const RE2 kIso(
        R"(^\s*p(?:(\d+)d)?(?:t(?:(\d*\.?\d+)h)?(?:(\d*\.?\d+)m)?(?:(\d*\.?\d+)s)?)?\s*$)");
    std::string d, h, m, s;
    if (text.size() > 1 && RE2::FullMatch(text, kIso, &d, &h, &m, &s) &&
        (!h.empty() || !m.empty() || !d.empty())) {
      double hours = (d.empty() ? 0 : std::stod(d) * 24) + (h.empty() ? 0 : std::stod(h)) +
                     (m.empty() ? 0 : std::stod(m) / 60);
      hours = Round2(hours);
      if (!InRange(hours)) return std::nullopt;
      return ContactHours{hours, {}, "ISO 8601 duration"};
    }
  }

  // A range of credit ("3-6 hours", "1 to 3 CE") does not say what this course gives.
  {
    static const RE2 kRange(
        R"((\d*\.?\d+)\s*(?:-|to)\s*(\d*\.?\d+)\s*(?:[a-z]+\s+){0,2}?(?:hours?|hrs?|credits?|ce|ces|ceus?|minutes?)\b)");
    std::string a, b;
    if (RE2::PartialMatch(text, kRange, &a, &b)) return std::nullopt;
  }

  // "1 hour 30 minutes", "1 hr, 30 min", "1h30" -> "1.5 hours" before splitting on commas.
  {
    static const RE2 kHourMinutes(
        R"((\d+)\s*(?:hours?|hrs?|h)\.?\s*(?:,|and)?\s*(\d{1,2})\s*(?:minutes?|mins?)\b)");
    static const RE2 kCompact(R"(\b(\d{1,2})\s*h\s*(\d{2})\b)");
    for (const RE2* re : {&kHourMinutes, &kCompact}) {
      std::string h, m;
      if (RE2::PartialMatch(text, *re, &h, &m)) {
        double v = std::stod(h) + std::stod(m) / 60.0;
        RE2::Replace(&text, *re, FormatNumber(Round2(v)) + " hours");
      }
    }
  }

  ContactHours out;
  Unit inherited = Unit::kNone;
  std::optional<double> first;
  double max_hours = 0;
  std::optional<double> last;
  for (const std::string& seg : SplitSegments(text)) {
    auto q = SegmentQuantity(seg, inherited);
    if (!q) {
      // "6 CE hours (psychologists, LPCs, LCSWs)": a list of audiences continues
      // the amount before it.
      if (vocab && last) {
        for (const std::string& aud : MatchSlugs(vocab->audiences, Fold(seg))) {
          if (!out.by_audience.count(aud)) out.by_audience[aud] = *last;
        }
      }
      continue;
    }
    double h = Round2(q->hours);
    if (!InRange(h)) continue;
    if (q->unit != Unit::kNone) inherited = q->unit;
    if (!first) {
      first = h;
      out.understood = UnitName(q->unit);
    }
    max_hours = std::max(max_hours, h);
    last = h;
    if (vocab) {
      for (const std::string& aud : MatchSlugs(vocab->audiences, Fold(seg))) {
        if (!out.by_audience.count(aud)) out.by_audience[aud] = h;
      }
    }
  }
  if (!first) return std::nullopt;
  // Per-audience values are only meaningful when the text gives more than one
  // value or names the audience beside the amount ("6 CE for psychologists").
  out.hours = out.by_audience.empty() ? *first : max_hours;
  if (!out.by_audience.empty()) out.understood += ", per audience";
  return out;
}

}  // namespace cecat::normalise
