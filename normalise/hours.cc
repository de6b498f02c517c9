#include "normalise/hours.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <re2/re2.h>

#include "normalise/number_words.h"
#include "normalise/text.h"

namespace cecat::normalise {
namespace {

enum class Unit { kNone, kHours, kMinutes, kCeu };

struct Quantity {
  double hours = 0;
  Unit unit = Unit::kNone;
};

// A stated amount of credit and what its segment says about it.
struct Amount {
  double hours = 0;
  Unit unit = Unit::kNone;
  bool credit = false;       // named as credit (CE, CEU, credits, contact/clock hours)
  bool total = false;        // "total", "for the full series"
  bool per_session = false;  // "per session", "each"
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
  // Credit before duration: "6 hours (5 CE credits)" awards 5.
  static const RE2 kCredit(
      R"((\d*\.?\d+)\s*-?\s*(?:\(?[a-z&]+\)?\.?\s+){0,4}?)"
      R"((ceus?|c\.e\.u\.?s?|continuing education units?|ces?|credits?|contact hours?|)"
      R"(clock hours?|cpds?|cmes?)\b)");
  std::string num, unit;
  if (RE2::PartialMatch(seg, kCredit, &num, &unit)) {
    if (unit.rfind("ceu", 0) == 0 || unit.rfind("c.e.u", 0) == 0 ||
        unit.rfind("continuing", 0) == 0)
      return Quantity{DigitsValue(num) * 10, Unit::kCeu};
    return Quantity{DigitsValue(num), Unit::kHours};
  }
  if (RE2::PartialMatch(seg, kHours, &num)) {
    // "6 CEUs" is also matched by kHours' "units": CEU must win there.
    std::string ceu;
    if (RE2::PartialMatch(seg, kCeu, &ceu) && ceu == num)
      return Quantity{DigitsValue(num) * 10, Unit::kCeu};
    return Quantity{DigitsValue(num), Unit::kHours};
  }
  if (RE2::PartialMatch(seg, kMinutes, &num))
    return Quantity{DigitsValue(num) / 60, Unit::kMinutes};
  if (RE2::PartialMatch(seg, kCeu, &num)) return Quantity{DigitsValue(num) * 10, Unit::kCeu};
  if (RE2::PartialMatch(seg, kLabelFirst, &num)) {
    bool ceu = seg.find("ceu") != std::string::npos;
    return Quantity{DigitsValue(num) * (ceu ? 10 : 1), ceu ? Unit::kCeu : Unit::kHours};
  }
  if (RE2::PartialMatch(seg, kBare, &num))
    return Quantity{Convert(DigitsValue(num), inherited), inherited};
  // "5.5 for counselors": a number in a segment that follows one with a unit.
  if (inherited != Unit::kNone && RE2::PartialMatch(seg, kAnyNumber, &num))
    return Quantity{Convert(DigitsValue(num), inherited), inherited};
  return std::nullopt;
}

std::vector<std::string> SplitSegments(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool comma_sep =
        c == ',' && !(i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])));
    // "Workshop length: 7 hours. CE credit: 6 hours": a sentence is a segment.
    bool sentence_end = c == '.' && i > 0 &&
                        std::isalpha(static_cast<unsigned char>(text[i - 1])) &&
                        i + 1 < text.size() && text[i + 1] == ' ';
    if (c == ';' || c == '|' || c == '\n' || comma_sep || sentence_end ||
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

bool InRange(double h) { return h > 0 && h <= kMaxContactHours; }

// Why `h` hours is not a course's credit.
std::string OutOfRange(double h) {
  if (h <= 0) return FormatNumber(h) + " hours is not a positive amount";
  return FormatNumber(h) + " hours is over the " + FormatNumber(kMaxContactHours) + "-hour cap";
}

}  // namespace

std::optional<ContactHours> ParseContactHours(const Json& value, const Vocabulary* vocab,
                                              std::string* why) {
  std::string ignored;
  if (why == nullptr) why = &ignored;
  if (value.is_number()) {
    // Rounded first: 2e-7 is in range but rounds to 0 hours (fuzz_normalise_values).
    double h = Round2(value.get<double>());
    if (!InRange(h)) {
      *why = OutOfRange(h);
      return std::nullopt;
    }
    return ContactHours{h, {}, "number as hours"};
  }
  if (value.is_object()) {
    // schema.org QuantitativeValue / StructuredValue: {"value": 0.6, "unitText": "CEU"};
    // a range {"minValue": 3, "maxValue": 6} gives its maximum, as a text range does.
    auto v = value.find("value");
    if (v == value.end()) v = value.find("maxValue");
    if (v == value.end()) v = value.find("minValue");
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
        if (!InRange(h)) {
          *why = OutOfRange(h);
          return std::nullopt;
        }
        return ContactHours{h, {}, UnitName(u)};
      }
    }
  }
  // A line break in credit text is a row of a credit table ("Psychologists | 6 CE").
  std::string written = ValueText(value);
  std::replace(written.begin(), written.end(), '\n', ';');
  std::string text = SpellOutNumbers(Lower(MatchText(written)));
  *why = "no amount of hours; expected e.g. 6, 6 CE hours, 0.6 CEU, 90 minutes";
  if (text.empty()) return std::nullopt;

  // ISO 8601 duration (schema.org timeRequired / courseWorkload): PT1H30M, PT90M, P1DT2H.
  {
    static const RE2 kIso(
        R"(^\s*p(?:(\d+)d)?(?:t(?:(\d*\.?\d+)h)?(?:(\d*\.?\d+)m)?(?:(\d*\.?\d+)s)?)?\s*$)");
    std::string d, h, m, s;
    if (text.size() > 1 && RE2::FullMatch(text, kIso, &d, &h, &m, &s) &&
        (!h.empty() || !m.empty() || !d.empty())) {
      double hours = (d.empty() ? 0 : DigitsValue(d) * 24) + (h.empty() ? 0 : DigitsValue(h)) +
                     (m.empty() ? 0 : DigitsValue(m) / 60);
      hours = Round2(hours);
      if (!InRange(hours)) {
        *why = OutOfRange(hours);
        return std::nullopt;
      }
      return ContactHours{hours, {}, "ISO 8601 duration"};
    }
  }

  // "Six (6) contact hours": the digits repeat the words.
  {
    static const RE2 kRepeated(R"(((\d*\.?\d+)\s*\(\s*(\d*\.?\d+)\s*\)))");
    std::string whole, a, b;
    for (int guard = 0; guard < 8 && RE2::PartialMatch(text, kRepeated, &whole, &a, &b); ++guard) {
      if (a != b) break;
      text.replace(text.find(whole), whole.size(), a);
    }
  }

  // A range of credit ("3-6 hours", "1 to 3 CE", "between 2 and 4 CE hours") gives
  // its maximum: what a participant can earn, as "up to 6 hours" does. The text as
  // written stays in credit_note.
  bool range = false;
  {
    static const RE2 kRange(
        R"((?:between\s+)?(\d*\.?\d+)\s*(?:-|to|and)\s*(\d*\.?\d+)(\s*(?:[a-z]+\s+){0,2}?(?:hours?|hrs?|credits?|ce|ces|ceus?|minutes?|contact|clock)\b))");
    std::string a, b, rest;
    for (int guard = 0; guard < 8 && RE2::PartialMatch(text, kRange, &a, &b, &rest); ++guard) {
      double hi = std::max(DigitsValue(a), DigitsValue(b));
      RE2::Replace(&text, kRange, FormatNumber(hi) + "\\3");
      range = true;
    }
  }

  // "1 hour 30 minutes", "1 hr, 30 min", "1h30" -> "1.5 hours" before splitting on commas.
  {
    static const RE2 kHourMinutes(
        R"((\d+)\s*(?:hours?|hrs?|h)\.?\s*(?:,|and)?\s*(\d{1,2})\s*(?:minutes?|mins?)\b)");
    static const RE2 kCompact(R"(\b(\d{1,2})\s*h\s*(\d{2})\b)");
    for (const RE2* re : {&kHourMinutes, &kCompact}) {
      std::string h, m;
      if (RE2::PartialMatch(text, *re, &h, &m)) {
        double v = DigitsValue(h) + DigitsValue(m) / 60.0;
        RE2::Replace(&text, *re, FormatNumber(Round2(v)) + " hours");
      }
    }
  }

  // Series: "2 CE hours per session x 4 sessions", "12 CE hours total".
  static const RE2 kSessions(
      R"(\b(\d+)\s*-?\s*(?:sessions?|parts?|modules?|classes|webinars|weeks?|meetings|episodes)\b|\bseries\s+of\s+(\d+)\b)");
  static const RE2 kUnitWord(
      R"(\b(?:hours?|hrs?|h|minutes?|mins?|ces?|ceus?|credits?|units?|contact|clock)\b)");
  static const RE2 kPerSession(
      R"(\b(?:per|each|every|a)\s+(?:session|part|module|class|webinar|week|meeting|day|workshop|episode|event)\b|/\s*(?:session|day)\b|\beach\b)");
  static const RE2 kTotal(
      R"(\b(?:total|in all|altogether|combined|(?:full|entire|whole|complete)\s+(?:series|program|programme|course|training|certificate)|for\s+the\s+series)\b)");
  static const RE2 kCreditWord(R"(\b(?:ces?|ceus?|credits?|contact|clock|cpds?|cmes?)\b)");
  static const RE2 kAnyNumber(R"((\d*\.?\d+))");

  const std::vector<std::string> segments = SplitSegments(text);
  auto audiences_in = [&](const std::string& seg) {
    return vocab ? MatchSlugs(vocab->audiences, Fold(seg)) : std::vector<std::string>{};
  };
  auto give = [](ContactHours& out, const std::vector<std::string>& slugs, double h) {
    for (const std::string& aud : slugs) {
      if (!out.by_audience.count(aud)) out.by_audience[aud] = h;
    }
  };

  ContactHours out;
  Unit inherited = Unit::kNone;
  std::vector<Amount> amounts;
  std::optional<double> last;
  std::optional<int> sessions;
  std::vector<std::string> pending;  // audiences waiting for the amount after them
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& seg = segments[i];
    std::string n, series_of;
    // "6 sessions", "series of 8" count sessions; they are not 6 hours inherited
    // from a unit before.
    const bool counts = RE2::PartialMatch(seg, kSessions, &n, &series_of);
    if (counts) {
      if (n.empty()) n = series_of;
      if (!RE2::PartialMatch(seg, kUnitWord)) {
        sessions = std::stoi(n.substr(0, 6));
        continue;
      }
      if (RE2::PartialMatch(seg, kPerSession)) sessions = std::stoi(n.substr(0, 6));
    }
    std::vector<std::string> auds = audiences_in(seg);
    auto q = SegmentQuantity(seg, inherited);
    // A credit table's cell: "Psychologists 6.0" names whom the number is for.
    if (!q && !auds.empty() && RE2::PartialMatch(seg, kAnyNumber, &n)) {
      Unit u = inherited == Unit::kNone ? Unit::kHours : inherited;
      q = Quantity{Convert(DigitsValue(n), u), u};
    }
    if (!q) {
      if (auds.empty()) continue;
      // Audiences without an amount: they belong to the next amount when one follows
      // ("LCSW/LMSW: 3 CE", a table's "Psychologists | 6 CE"), else they continue
      // the list of the amount before ("6 CE hours (psychologists, LPCs, LCSWs)").
      bool next_has_amount =
          i + 1 < segments.size() && SegmentQuantity(segments[i + 1], Unit::kHours).has_value();
      if (!next_has_amount && last) {
        give(out, auds, *last);
      } else {
        pending.insert(pending.end(), auds.begin(), auds.end());
      }
      continue;
    }
    double h = Round2(q->hours);
    if (!InRange(h)) {
      // Kept as the reason should no other amount be stated.
      *why = OutOfRange(h);
      continue;
    }
    if (q->unit != Unit::kNone) inherited = q->unit;
    if (amounts.empty()) out.understood = UnitName(q->unit);
    Amount a{h, q->unit, RE2::PartialMatch(seg, kCreditWord), RE2::PartialMatch(seg, kTotal),
             false};
    a.per_session = !a.total && RE2::PartialMatch(seg, kPerSession);
    amounts.push_back(a);
    last = h;
    give(out, auds, h);
    give(out, pending, h);
    pending.clear();
  }
  if (amounts.empty()) return std::nullopt;

  if (!out.by_audience.empty()) {
    // Per-profession credit: the course as a whole is the largest value stated.
    double max_hours = 0;
    for (const Amount& a : amounts) max_hours = std::max(max_hours, a.hours);
    out.hours = max_hours;
    out.understood += ", per audience";
  } else {
    // An amount named as credit wins over a duration ("Workshop length: 7 hours. CE
    // credit: 6 hours"); a series' stated total wins over its per-session credit,
    // and per-session credit times the sessions stated gives the total.
    auto first_of = [&](auto pred) -> const Amount* {
      for (const Amount& a : amounts) {
        if (pred(a) && a.credit) return &a;
      }
      for (const Amount& a : amounts) {
        if (pred(a)) return &a;
      }
      return nullptr;
    };
    const Amount* total = first_of([](const Amount& a) { return a.total; });
    const Amount* per = first_of([](const Amount& a) { return a.per_session; });
    const Amount* any = first_of([](const Amount&) { return true; });
    if (total) {
      out.hours = total->hours;
      out.understood = std::string(UnitName(total->unit)) + ", series total";
    } else if (per && sessions && InRange(Round2(per->hours * *sessions))) {
      out.hours = Round2(per->hours * *sessions);
      out.understood = std::string(UnitName(per->unit)) + " per session x " +
                       std::to_string(*sessions) + " sessions";
    } else {
      out.hours = any->hours;
      out.understood = UnitName(any->unit);
    }
  }
  if (range) out.understood += ", range maximum";
  return out;
}

}  // namespace cecat::normalise
