#include "normalise/dedup.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "common/url.h"
#include "normalise/provider.h"
#include "normalise/text.h"

namespace cecat::normalise {
namespace {

std::vector<std::string> Words(const std::string& folded) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < folded.size()) {
    std::size_t j = folded.find(' ', i);
    if (j == std::string::npos) j = folded.size();
    if (j > i) out.push_back(folded.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool IsDigits(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string RomanOrWord(const std::string& w) {
  static const char* kRoman[] = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"};
  static const char* kWords[] = {"one", "two",   "three", "four", "five",
                                 "six", "seven", "eight", "nine", "ten"};
  for (int n = 0; n < 10; ++n) {
    if (w == kRoman[n] || w == kWords[n]) return std::to_string(n + 1);
  }
  if (w == "first") return "1";
  if (w == "second") return "2";
  if (w == "third") return "3";
  return "";
}

// British spellings to American and a plural 's' dropped, so "Counsellors" and
// "Counselor" give the same word.
std::string Stem(std::string w) {
  static const std::pair<const char*, const char*> kSpellings[] = {
      {"counsell", "counsel"}, {"behaviour", "behavior"}, {"paediatric", "pediatric"},
      {"centre", "center"},    {"programme", "program"},  {"organisation", "organization"},
      {"practise", "practice"}};
  for (const auto& [from, to] : kSpellings) {
    std::size_t p = w.find(from);
    if (p != std::string::npos) w.replace(p, std::string(from).size(), to);
  }
  if (w.size() > 4 && w.compare(w.size() - 3, 3, "ies") == 0)
    return w.substr(0, w.size() - 3) + "y";
  if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's' && w[w.size() - 2] != 'u' &&
      w[w.size() - 2] != 'i')
    w.pop_back();
  return w;
}

struct TitleKey {
  std::vector<std::string> words;  // cleaned words, numbers as digits
  std::multiset<std::string> numbers;
};

// Folded title without the words aggregators add ("Live Webinar", "3 CE Hours",
// "Online Course") and stop words; series numbers normalised ("Part II" -> "part 2").
TitleKey CleanTitle(const std::string& title) {
  static const std::set<std::string> kStop = {"the", "a",    "an", "of", "and",  "for",  "to", "in",
                                              "on",  "with", "at", "by", "from", "your", "our"};
  static const std::set<std::string> kNoise = {
      "webinar", "live",     "recorded", "online",   "course",  "ce",    "ceu",
      "ceus",    "ces",      "credit",   "credits",  "hour",    "hours", "hr",
      "hrs",     "contact",  "clock",    "home",     "study",   "self",  "paced",
      "demand",  "ondemand", "virtual",  "training", "program", "new",   "updated"};
  static const std::set<std::string> kSeries = {
      "part",   "level", "module",  "session", "vol",  "volume", "unit",   "phase",
      "series", "book",  "chapter", "day",     "week", "step",   "lesson", "no"};
  static const std::set<std::string> kUnits = {"ce",   "ceu",   "ceus", "ces", "credit",  "credits",
                                               "hour", "hours", "hr",   "hrs", "contact", "clock"};
  std::vector<std::string> w = Words(Fold(title));
  TitleKey key;
  for (std::size_t i = 0; i < w.size(); ++i) {
    std::string word = w[i];
    bool after_series = i > 0 && kSeries.count(w[i - 1]);
    bool last = i + 1 == w.size();
    std::string n = RomanOrWord(word);
    // "I" is a pronoun unless it follows "Part"/"Level" or ends the title as "II".
    if (!n.empty() && (after_series || (last && word.size() > 1 && word != "v" && word != "x")))
      word = n;
    if (IsDigits(word)) {
      // "(3 CE Hours)" is credit, not part of the name.
      if (i + 1 < w.size() && kUnits.count(w[i + 1])) continue;
      word = std::to_string(std::stoll(word.substr(0, 9)));
      key.numbers.insert(word);
      key.words.push_back(word);
      continue;
    }
    if (kStop.count(word) || kNoise.count(word)) continue;
    key.words.push_back(Stem(word));
  }
  return key;
}

std::string Joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// Sorensen-Dice over character bigrams: robust to "counsellor"/"counselor" and
// plural/singular, strict about extra or missing words.
double Dice(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return 0;
  if (a == b) return 1;
  auto grams = [](const std::string& s) {
    std::multiset<std::string> g;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) g.insert(s.substr(i, 2));
    return g;
  };
  auto ga = grams(a), gb = grams(b);
  if (ga.empty() || gb.empty()) return 0;
  std::vector<std::string> common;
  std::set_intersection(ga.begin(), ga.end(), gb.begin(), gb.end(), std::back_inserter(common));
  return 2.0 * common.size() / (ga.size() + gb.size());
}

std::string ProviderName(const Record& r) {
  auto it = r.fields.find("provider");
  if (it == r.fields.end()) return "";
  return ProviderNameKey(it->is_object() ? ValueText(it->value("name", Json(""))) : ValueText(*it));
}

std::string Title(const Record& r) {
  auto it = r.fields.find("title");
  return it == r.fields.end() ? "" : ValueText(*it);
}

std::string CanonicalOf(const Record& r) {
  if (r.url.empty()) return "";
  auto c = CanonicalUrlString(r.url);
  return c.ok() ? *c : "";
}

// A stated difference that makes two offers different records even with equal titles.
bool Conflict(const Record& a, const Record& b, std::string_view field) {
  auto ia = a.fields.find(std::string(field));
  auto ib = b.fields.find(std::string(field));
  if (ia == a.fields.end() || ib == b.fields.end()) return false;
  if (ia->is_number() && ib->is_number())
    return std::fabs(ia->get<double>() - ib->get<double>()) > 0.01;
  if (field == "start_date") return ValueText(*ia).substr(0, 10) != ValueText(*ib).substr(0, 10);
  return *ia != *ib;
}

double TitleSimilarity(const TitleKey& a, const TitleKey& b) {
  return Dice(Joined(a.words), Joined(b.words));
}

}  // namespace

std::string MatchKey(const Record& record) {
  if (record.type == RecordType::kProvider) {
    // Providers are found by name: a mention elsewhere that names one without its
    // site resolves to it (refresh/detail/apply.cc).
    auto name = record.fields.find("name");
    std::string key = name == record.fields.end() ? "" : ProviderNameKey(ValueText(*name));
    return key.empty() ? "" : "provider|" + key;
  }
  if (record.type != RecordType::kCourse) return "";
  std::string provider = ProviderName(record);
  std::string title = Joined(CleanTitle(Title(record)).words);
  if (provider.empty() || title.empty()) return "";
  return provider + "|" + title;
}

double Similarity(const Record& a, const Record& b) {
  std::string ca = CanonicalOf(a);
  if (!ca.empty() && ca == CanonicalOf(b)) return 1.0;
  TitleKey ta = CleanTitle(Title(a)), tb = CleanTitle(Title(b));
  double s = TitleSimilarity(ta, tb);
  std::string pa = ProviderName(a), pb = ProviderName(b);
  if (!pa.empty() && !pb.empty() && pa != pb) s *= 0.5;
  if (pa.empty() != pb.empty()) s *= 0.8;  // unknown provider: the title alone is weak
  if (ta.numbers != tb.numbers) s *= 0.5;
  if (Conflict(a, b, "ce_hours")) s *= 0.7;
  if (Conflict(a, b, "start_date")) s *= 0.7;
  if (Conflict(a, b, "format")) s *= 0.8;
  return std::clamp(s, 0.0, 1.0);
}

bool IsSameCourse(const Record& a, const Record& b) {
  if (a.type != b.type) return false;
  std::string ca = CanonicalOf(a);
  if (!ca.empty() && ca == CanonicalOf(b)) return true;
  if (!a.id.empty() && a.id == b.id) return true;
  std::string pa = ProviderName(a), pb = ProviderName(b);
  // Without a provider on both sides a title match is too weak ("Ethics Update").
  if (pa.empty() || pb.empty() || pa != pb) return false;
  TitleKey ta = CleanTitle(Title(a)), tb = CleanTitle(Title(b));
  if (ta.words.empty() || tb.words.empty()) return false;
  if (ta.numbers != tb.numbers) return false;  // Part 1 vs Part 2, 2026 vs 2027
  for (const char* f : {"ce_hours", "start_date", "format"}) {
    if (Conflict(a, b, f)) return false;
  }
  return TitleSimilarity(ta, tb) >= kSameCourseThreshold;
}

namespace {

// The field's value was inferred, not read off a page (provenance "inferred:...",
// possibly behind a merge's "source:" prefix).
bool Inferred(const Record& r, const std::string& field) {
  auto it = r.provenance.find(field);
  return it != r.provenance.end() && it->second.find("inferred:") != std::string::npos;
}

}  // namespace

Record MergeRecords(const Record& existing, const Record& incoming) {
  Record out = existing;
  bool other_source = false;
  for (const auto& s : incoming.sources) {
    if (std::find(out.sources.begin(), out.sources.end(), s) == out.sources.end()) {
      out.sources.push_back(s);
      other_source = true;
    }
  }
  std::string prefix = other_source && !incoming.sources.empty() ? incoming.sources[0] + ":" : "";
  auto provenance = [&](const std::string& field) {
    auto it = incoming.provenance.find(field);
    if (it != incoming.provenance.end()) out.provenance[field] = prefix + it->second;
  };
  if (out.url.empty()) out.url = incoming.url;
  if (out.page_url.empty()) out.page_url = incoming.page_url;
  for (const auto& [field, value] : incoming.fields.items()) {
    auto it = out.fields.find(field);
    if (it == out.fields.end()) {
      out.fields[field] = value;
      provenance(field);
      continue;
    }
    if (field == "audiences" && Inferred(out, field) != Inferred(incoming, field)) {
      // A stated audience beats one inferred from approvals (docs/normalisation.md,
      // "Audiences"): inferred professions never widen what a page says.
      if (Inferred(out, field)) {
        *it = value;
        out.provenance.erase(field);
        provenance(field);
      }
    } else if (field == "approvals" && it->is_array() && value.is_array()) {
      // One approval per body; a number or dates the existing one lacks are added.
      bool contributed = false;  // a stated (not inherited) approval or detail of incoming's
      for (const auto& a : value) {
        bool found = false;
        const bool stated = !a.is_object() || !a.contains("inherited_from");
        for (auto& e : *it) {
          if (e.value("body", "") != a.value("body", "")) continue;
          found = true;
          for (const auto& [k, v] : a.items()) {
            if (!e.contains(k) || e[k].is_null()) {
              e[k] = v;
              contributed = contributed || stated;
            }
          }
        }
        if (!found) {
          it->push_back(a);
          contributed = contributed || stated;
        }
      }
      // Both producers are named, " + " between them as inheritance writes it
      // (inherit.cc): the field is the union, so its provenance is too (issue 17,
      // "approvals merge with provenance per field").
      auto theirs = incoming.provenance.find(field);
      if (contributed && theirs != incoming.provenance.end() && !theirs->second.empty()) {
        std::string added = prefix + theirs->second;
        std::string& ours = out.provenance[field];
        if (ours.empty()) {
          ours = added;
        } else if (ours != added && ours.find(" + " + added) == std::string::npos) {
          ours += " + " + added;
        }
      }
    } else if (it->is_array() && value.is_array()) {
      // Text compares as matching reads it: one source's "O’Brien" and another's
      // "O'Brien" are one presenter, written as the existing record has it.
      for (const auto& v : value) {
        bool seen = std::any_of(it->begin(), it->end(), [&](const Json& e) {
          return e == v ||
                 (e.is_string() && v.is_string() &&
                  SameMatchText(e.get_ref<const std::string&>(), v.get_ref<const std::string&>()));
        });
        if (!seen) it->push_back(v);
      }
    } else if (field == "ce_hours_by_audience" && it->is_object() && value.is_object()) {
      for (const auto& [k, v] : value.items()) {
        if (!it->contains(k)) (*it)[k] = v;
      }
    } else if (it->is_object() && value.is_object() && field != "provider") {
      // price, location, rating: fill the parts existing lacks.
      for (const auto& [k, v] : value.items()) {
        if (!it->contains(k)) (*it)[k] = v;
      }
    }
  }
  return out;
}

}  // namespace cecat::normalise
