#include "normalise/dates.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <tuple>
#include <vector>

#include <re2/re2.h>

#include "normalise/text.h"

namespace cecat::normalise {
namespace {

struct Ymd {
  int y = 0, m = 0, d = 0;
  bool operator<(const Ymd& o) const { return std::tie(y, m, d) < std::tie(o.y, o.m, o.d); }
};

struct Hit {
  std::size_t pos = 0;
  Ymd date;
  std::string datetime;  // set when the source already carried a time and offset
};

#define CECAT_MONTH                                                                                \
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
  "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
#define CECAT_DAY "(\\d{1,2})(?:st|nd|rd|th)?"
#define CECAT_SEP "\\s*(?:-|to|through|thru|until|till|&|and)\\s*"

int MonthNumber(const std::string& name) {
  static const char* kNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i) {
    if (name.compare(0, 3, kNames[i]) == 0) return i + 1;
  }
  return 0;
}

bool Valid(const Ymd& d) {
  if (d.y < 1990 || d.y > 2100) return false;
  std::chrono::year_month_day ymd{std::chrono::year(d.y), std::chrono::month(d.m),
                                  std::chrono::day(d.d)};
  return ymd.ok();
}

std::string IsoDate(const Ymd& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.y, d.m, d.d);
  return buf;
}

int Year(const std::string& s) {
  int y = std::stoi(s);
  if (s.size() == 2) y += 2000;
  return y;
}

// Runs `re` over the working text, and blanks each match so lower-priority patterns
// do not read part of it again ("March 15-16, 2027" must not also be "16, 2027").
template <typename OnMatch>
void Scan(std::string& text, const RE2& re, OnMatch on_match) {
  int n = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> groups(n + 1);
  std::size_t start = 0;
  while (start <= text.size()) {
    re2::StringPiece input(text);
    if (!re.Match(input, start, text.size(), RE2::UNANCHORED, groups.data(), n + 1)) break;
    std::size_t pos = groups[0].data() - text.data();
    std::size_t len = groups[0].size();
    std::vector<std::string> g;
    for (int i = 1; i <= n; ++i) g.push_back(std::string(groups[i].data() ? groups[i] : ""));
    if (on_match(pos, g)) std::fill(text.begin() + pos, text.begin() + pos + len, ' ');
    start = pos + std::max<std::size_t>(len, 1);
  }
}

int NthSunday(int year, int month, int n) {
  using namespace std::chrono;
  sys_days first = sys_days(std::chrono::year(year) / std::chrono::month(month) / 1);
  weekday wd{first};
  int offset = (7 - static_cast<int>(wd.c_encoding())) % 7;  // days to the first Sunday
  return 1 + offset + 7 * (n - 1);
}

bool UsDaylightSaving(int y, int m, int d) {
  // Energy Policy Act of 2005: second Sunday in March to first Sunday in November.
  if (m < 3 || m > 11) return false;
  if (m > 3 && m < 11) return true;
  if (m == 3) return d >= NthSunday(y, 3, 2);
  return d < NthSunday(y, 11, 1);
}

std::string FormatOffset(int minutes) {
  char buf[16];
  int a = minutes < 0 ? -minutes : minutes;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
  return buf;
}

std::string DateTime(const Ymd& d, int hour, int minute, int offset) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:00", IsoDate(d).c_str(), hour, minute);
  return std::string(buf) + FormatOffset(offset);
}

bool IsRolling(const std::string& folded) {
  for (const char* w : {"rolling", "ongoing", "open until filled", "until filled", "no deadline",
                        "continuous", "year round", "accepted year round", "any time", "anytime",
                        "open enrollment", "open enrolment"}) {
    if (ContainsPhrase(folded, w)) return true;
  }
  return false;
}

std::optional<DateValue> ParseText(const std::string& raw) {
  std::string text = Lower(MatchText(raw));
  if (text.empty()) return std::nullopt;
  std::vector<Hit> hits;
  std::string work = text;

  // ISO 8601, possibly with a time and offset (schema.org startDate).
  static const RE2 kIso(
      R"((\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:[t ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(z|[+-]\d{2}:?\d{2})?)?)");
  Scan(work, kIso, [&](std::size_t pos, std::vector<std::string> g) {
    // "2027/04/08" and "2027.04.08" too, with one separator used twice.
    if (g[1] != g[3]) return false;
    g.erase(g.begin() + 3);
    g.erase(g.begin() + 1);
    Ymd d{std::stoi(g[0]), std::stoi(g[1]), std::stoi(g[2])};
    if (!Valid(d)) return false;
    Hit h{pos, d, ""};
    if (!g[3].empty() && !g[6].empty()) {
      int hh = std::stoi(g[3]), mm = std::stoi(g[4]), ss = g[5].empty() ? 0 : std::stoi(g[5]);
      if (hh < 24 && mm < 60 && ss < 60) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d", IsoDate(d).c_str(), hh, mm, ss);
        std::string off = g[6];
        if (off == "z") {
          off = "Z";
        } else if (off.size() == 5) {
          off = off.substr(0, 3) + ":" + off.substr(3);
        }
        h.datetime = std::string(buf) + off;
      }
    }
    hits.push_back(h);
    return true;
  });

  // "March 30 - April 2, 2027"
  static const RE2 kMonthRangeTwoMonths("\\b" CECAT_MONTH "\\.?\\s+" CECAT_DAY CECAT_SEP CECAT_MONTH
                                        "\\.?\\s+" CECAT_DAY ",?\\s+(\\d{4})\\b");
  Scan(work, kMonthRangeTwoMonths, [&](std::size_t pos, const std::vector<std::string>& g) {
    int y = std::stoi(g[4]);
    Ymd a{y, MonthNumber(g[0]), std::stoi(g[1])}, b{y, MonthNumber(g[2]), std::stoi(g[3])};
    if (b < a) a.y -= 1;  // "December 30 - January 2, 2027" starts the year before
    if (!Valid(a) || !Valid(b)) return false;
    hits.push_back({pos, a, ""});
    hits.push_back({pos + 1, b, ""});
    return true;
  });
  // "March 15-16, 2027", "Mar 15 & 16, 2027"
  static const RE2 kMonthRange("\\b" CECAT_MONTH "\\.?\\s+" CECAT_DAY CECAT_SEP CECAT_DAY
                               ",?\\s+(\\d{4})\\b");
  Scan(work, kMonthRange, [&](std::size_t pos, const std::vector<std::string>& g) {
    int y = std::stoi(g[3]), m = MonthNumber(g[0]);
    Ymd a{y, m, std::stoi(g[1])}, b{y, m, std::stoi(g[2])};
    if (!Valid(a) || !Valid(b) || b < a) return false;
    hits.push_back({pos, a, ""});
    hits.push_back({pos + 1, b, ""});
    return true;
  });
  // "15-16 March 2027"
  static const RE2 kDayRangeMonth("\\b" CECAT_DAY CECAT_SEP CECAT_DAY "\\s+(?:of\\s+)?" CECAT_MONTH
                                  "\\.?,?\\s+(\\d{4})\\b");
  Scan(work, kDayRangeMonth, [&](std::size_t pos, const std::vector<std::string>& g) {
    int y = std::stoi(g[3]), m = MonthNumber(g[2]);
    Ymd a{y, m, std::stoi(g[0])}, b{y, m, std::stoi(g[1])};
    if (!Valid(a) || !Valid(b) || b < a) return false;
    hits.push_back({pos, a, ""});
    hits.push_back({pos + 1, b, ""});
    return true;
  });
  // "March 15, 2027", "Sept. 5th 2027"
  static const RE2 kMonthDayYear("\\b" CECAT_MONTH "\\.?\\s+" CECAT_DAY ",?\\s+(\\d{4})\\b");
  Scan(work, kMonthDayYear, [&](std::size_t pos, const std::vector<std::string>& g) {
    Ymd d{std::stoi(g[2]), MonthNumber(g[0]), std::stoi(g[1])};
    if (!Valid(d)) return false;
    hits.push_back({pos, d, ""});
    return true;
  });
  // "15 March 2027", "15th of March, 2027"
  static const RE2 kDayMonthYear("\\b" CECAT_DAY "\\s+(?:of\\s+)?" CECAT_MONTH
                                 "\\.?,?\\s+(\\d{4})\\b");
  Scan(work, kDayMonthYear, [&](std::size_t pos, const std::vector<std::string>& g) {
    Ymd d{std::stoi(g[2]), MonthNumber(g[1]), std::stoi(g[0])};
    if (!Valid(d)) return false;
    hits.push_back({pos, d, ""});
    return true;
  });
  // "03/15/2027", "3-15-27", "3.15.2027"; day first only when the first number > 12.
  static const RE2 kNumeric(R"(\b(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2})\b)");
  Scan(work, kNumeric, [&](std::size_t pos, const std::vector<std::string>& g) {
    if (g[1] != g[3]) return false;
    int a = std::stoi(g[0]), b = std::stoi(g[2]);
    Ymd d{Year(g[4]), a, b};
    if (a > 12 && b <= 12) d = Ymd{Year(g[4]), b, a};
    if (!Valid(d)) return false;
    hits.push_back({pos, d, ""});
    return true;
  });

  if (hits.empty()) {
    if (IsRolling(Fold(text))) return DateValue{"", "", true, "rolling"};
    return std::nullopt;
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const Hit& a, const Hit& b) { return a.pos < b.pos; });
  DateValue out;
  const Hit& first = hits[0];
  out.start = first.datetime.empty() ? IsoDate(first.date) : first.datetime;
  out.understood = first.datetime.empty() ? "date" : "date-time with offset";
  const Hit* second = nullptr;
  for (std::size_t i = 1; i < hits.size(); ++i) {
    if (first.date < hits[i].date) {
      second = &hits[i];
      break;
    }
  }
  if (second) {
    out.end = second->datetime.empty() ? IsoDate(second->date) : second->datetime;
    out.understood += ", range";
  }

  // A clock time with a zone: "10:00 AM - 1:00 PM ET", "7pm EST", "14:00 CET" (unknown
  // zones are ignored). Only when the date itself had no time.
  if (first.datetime.empty()) {
    static const RE2 kTime(
        R"(\b(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*(?:-|to)\s*(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?)?\s*\(?\b(et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|akst|akdt|hst|utc|gmt|eastern|central|mountain|pacific)\b)");
    std::string h1, m1, ap1, h2, m2, ap2, zone;
    if (RE2::PartialMatch(work, kTime, &h1, &m1, &ap1, &h2, &m2, &ap2, &zone)) {
      auto to24 = [](int h, const std::string& ap) {
        if (ap.empty()) return h;
        bool pm = ap[0] == 'p';
        if (h == 12) return pm ? 12 : 0;
        return pm ? h + 12 : h;
      };
      // "10-11:30 am": the first time takes the second's am/pm.
      std::string ap_first = ap1.empty() ? ap2 : ap1;
      bool has_clock = !m1.empty() || !ap_first.empty();
      int hour = to24(std::stoi(h1), ap_first);
      int minute = m1.empty() ? 0 : std::stoi(m1);
      auto offset = ZoneOffsetMinutes(zone, first.date.y, first.date.m, first.date.d);
      if (has_clock && offset && hour < 24 && minute < 60) {
        out.start = DateTime(first.date, hour, minute, *offset);
        out.understood += ", time zone " + zone;
        if (!h2.empty() && !second) {
          int hour2 = to24(std::stoi(h2), ap2.empty() ? ap_first : ap2);
          int minute2 = m2.empty() ? 0 : std::stoi(m2);
          if (hour2 < 24 && minute2 < 60 && (hour2 * 60 + minute2) > (hour * 60 + minute))
            out.end = DateTime(first.date, hour2, minute2, *offset);
        }
      }
    }
  }
  return out;
}

}  // namespace

std::optional<int> ZoneOffsetMinutes(const std::string& zone_in, int y, int m, int d) {
  std::string zone = Lower(zone_in);
  bool dst = UsDaylightSaving(y, m, d);
  struct Z {
    const char* name;
    int standard;  // hours east of UTC
    int fixed;     // 1 when the abbreviation fixes standard/daylight (EST/EDT)
    int daylight;
  };
  static const Z kZones[] = {
      {"et", -5, 0, 0},   {"eastern", -5, 0, 0},  {"est", -5, 1, 0},  {"edt", -4, 1, 0},
      {"ct", -6, 0, 0},   {"central", -6, 0, 0},  {"cst", -6, 1, 0},  {"cdt", -5, 1, 0},
      {"mt", -7, 0, 0},   {"mountain", -7, 0, 0}, {"mst", -7, 1, 0},  {"mdt", -6, 1, 0},
      {"pt", -8, 0, 0},   {"pacific", -8, 0, 0},  {"pst", -8, 1, 0},  {"pdt", -7, 1, 0},
      {"akst", -9, 1, 0}, {"akdt", -8, 1, 0},     {"hst", -10, 1, 0}, {"utc", 0, 1, 0},
      {"gmt", 0, 1, 0},   {"z", 0, 1, 0},
  };
  for (const Z& z : kZones) {
    if (zone == z.name) {
      int hours = z.fixed ? z.standard : z.standard + (dst ? 1 : 0);
      return hours * 60;
    }
  }
  return std::nullopt;
}

std::optional<DateValue> ParseDate(const Json& value) {
  if (value.is_array()) {
    for (const auto& v : value) {
      if (auto d = ParseDate(v)) return d;
    }
    return std::nullopt;
  }
  if (value.is_object()) {
    auto start = value.find("startDate");
    if (start != value.end()) {
      auto s = ParseDate(*start);
      if (!s) return std::nullopt;
      auto end = value.find("endDate");
      if (end != value.end() && s->end.empty()) {
        if (auto e = ParseDate(*end)) {
          s->end = e->start;
          s->understood += ", range";
        }
      }
      return s;
    }
    return ParseText(ValueText(value));
  }
  if (!value.is_string()) return std::nullopt;
  return ParseText(value.get<std::string>());
}

}  // namespace cecat::normalise
