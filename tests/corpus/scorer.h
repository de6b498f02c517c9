// The labelled corpus's scorer (docs/extraction.md "Accuracy: the labelled
// corpus"): matches the records cecat produced from a page to the records a
// person labelled on it, and compares every labelled field.
//
// Pure: labels and produced records in, counts and a list of wrong fields out.
// Kept header-only because only the corpus tests use it.
#pragma once

#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/record.h"
#include "common/url.h"

namespace cecat::corpus {

using Json = nlohmann::json;

// The fields scored for each record type. A scored field that a label leaves
// out is expected to be absent: producing a value there is a wrong field, as
// is missing one. `optional` fields are scored only where the label states
// them (topics, descriptions and presenters are labelled only where clear).
struct FieldSet {
  std::vector<std::string> scored;
  std::vector<std::string> optional;
};

inline const FieldSet& FieldsOf(const std::string& type) {
  static const std::map<std::string, FieldSet> kFields = {
      {"course",
       {{"title", "url", "provider", "ce_hours", "price", "format", "start_date", "end_date",
         "location", "approvals", "audiences", "rating"},
        {"topics", "description", "presenters"}}},
      {"provider", {{"name", "url", "approvals", "rating"}, {}}},
      {"scholarship",
       {{"name", "url", "sponsor", "amount_min", "amount_max", "currency", "deadline",
         "disciplines", "degree_levels", "open"},
        {"eligibility"}}},
      {"review", {{"target", "rating", "title", "text", "author", "date"}, {}}},
  };
  static const FieldSet kNone;
  auto it = kFields.find(type);
  return it == kFields.end() ? kNone : it->second;
}

// Whitespace collapsed and trimmed: labels are typed by hand, the parsers
// collapse whitespace too.
inline std::string Collapse(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

inline std::string FoldKey(const std::string& s) {
  std::string out = Collapse(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline std::string CanonicalOrSame(const std::string& url) {
  auto u = ParseUrl(url);
  return u.ok() ? CanonicalUrl(*u) : url;
}

inline bool NumberEq(const Json& a, const Json& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (!a.is_number() || !b.is_number()) return false;
  return std::fabs(a.get<double>() - b.get<double>()) < 0.005;
}

inline Json Get(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? Json(nullptr) : *it;
}

// Set equality of lists of strings (order and duplicates ignored).
inline bool StringSetEq(const Json& expected, const Json& got) {
  auto to_set = [](const Json& j) {
    std::set<std::string> s;
    if (j.is_array()) {
      for (const Json& e : j) s.insert(e.is_string() ? e.get<std::string>() : e.dump());
    }
    return s;
  };
  return to_set(expected) == to_set(got);
}

// Approvals compare as sets of (body, number) and, for providers, valid_until:
// the parts a professional checks against a board's list.
inline std::set<std::string> ApprovalKeys(const Json& list, bool with_validity) {
  std::set<std::string> s;
  if (!list.is_array()) return s;
  for (const Json& a : list) {
    Json key = {{"body", Get(a, "body")}, {"number", Get(a, "number")}};
    if (with_validity) key["valid_until"] = Get(a, "valid_until");
    s.insert(key.dump());
  }
  return s;
}

// A course's provider is compared by name: its id is derived from what the
// normaliser knows of the provider's site, which the provider records score.
inline Json ProviderName(const Json& v) {
  if (v.is_string()) return Collapse(v.get<std::string>());
  Json name = Get(v, "name");
  return name.is_string() ? Json(Collapse(name.get<std::string>())) : Json(nullptr);
}

// Whether the produced value `got` of `field` equals the label's `expected`
// (null when the field is absent). A review's target arrives here as the record
// id that the label's {type, url} stands for.
inline bool FieldEq(const std::string& type, const std::string& field, const Json& expected,
                    const Json& got) {
  // An empty list or text is no claim at all: a provider record whose site is
  // unknown has url "", a course with no approvals may carry [].
  auto empty = [](const Json& j) {
    // (json::empty() is false for every string, so the text is asked itself.)
    return j.is_null() || (j.is_array() && j.empty()) ||
           (j.is_string() && j.get_ref<const std::string&>().empty());
  };
  if (empty(expected) || empty(got)) return empty(expected) && empty(got);
  if (field == "url") {
    return expected.is_string() && got.is_string() &&
           CanonicalOrSame(expected.get<std::string>()) == CanonicalOrSame(got.get<std::string>());
  }
  if (field == "provider") return ProviderName(expected) == ProviderName(got);
  if (field == "approvals") {
    bool validity = type == "provider";
    return ApprovalKeys(expected, validity) == ApprovalKeys(got, validity);
  }
  if (field == "audiences" || field == "topics" || field == "disciplines" ||
      field == "degree_levels") {
    return StringSetEq(expected, got);
  }
  if (field == "presenters") {
    Json e = Json::array(), g = Json::array();
    for (const Json& x : expected) e.push_back(Collapse(x.get<std::string>()));
    if (got.is_array()) {
      for (const Json& x : got) g.push_back(x.is_string() ? Collapse(x.get<std::string>()) : "");
    }
    return StringSetEq(e, g);
  }
  if (field == "price") {
    bool efree = Get(expected, "free") == true, gfree = Get(got, "free") == true;
    if (efree != gfree) return false;
    if (efree) return true;
    return NumberEq(Get(expected, "amount"), Get(got, "amount")) &&
           Get(expected, "currency") == Get(got, "currency");
  }
  if (field == "location") {
    for (const char* k : {"city", "state", "country"}) {
      if (Get(expected, k) != Get(got, k)) return false;
    }
    return true;
  }
  if (field == "rating" && type != "review") {
    return NumberEq(Get(expected, "average"), Get(got, "average")) &&
           NumberEq(Get(expected, "count"), Get(got, "count"));
  }
  if (expected.is_number()) return NumberEq(expected, got);
  if (expected.is_string() && got.is_string()) {
    return Collapse(expected.get<std::string>()) == Collapse(got.get<std::string>());
  }
  return expected == got;
}

// One field that came out wrong, for the report.
struct WrongField {
  std::string page;
  std::string record;  // type and title or url of the labelled record
  std::string field;
  Json expected;
  Json got;
};

struct Tally {
  int labelled = 0;  // records labelled
  int produced = 0;  // records produced
  int matched = 0;
  int fields = 0;  // fields compared on matched records
  int fields_right = 0;
  std::map<std::string, std::pair<int, int>> per_field;  // "type.field" -> (right, total)

  void Add(const Tally& o) {
    labelled += o.labelled;
    produced += o.produced;
    matched += o.matched;
    fields += o.fields;
    fields_right += o.fields_right;
    for (const auto& [k, v] : o.per_field) {
      per_field[k].first += v.first;
      per_field[k].second += v.second;
    }
  }
  double Precision() const { return produced == 0 ? 1.0 : double(matched) / produced; }
  double Recall() const { return labelled == 0 ? 1.0 : double(matched) / labelled; }
  double F1() const {
    double p = Precision(), r = Recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
  double FieldAccuracy() const { return fields == 0 ? 1.0 : double(fields_right) / fields; }
};

struct PageScore {
  Tally tally;
  std::vector<WrongField> wrong;
  std::vector<std::string> missing;     // labelled records not produced
  std::vector<std::string> unexpected;  // produced records not labelled
};

inline std::string Describe(const Json& rec) {
  std::string type = rec.value("type", "?");
  for (const char* k : {"title", "name"}) {
    if (rec.contains(k) && rec[k].is_string()) return type + " '" + rec[k].get<std::string>() + "'";
  }
  if (rec.contains("author") && rec["author"].is_string()) {
    return type + " by " + rec["author"].get<std::string>();
  }
  return type + " " + rec.value("url", "");
}

// The key that matches records without a URL: a course's title, a provider's or
// scholarship's name, a review's title (else its author).
inline std::string TitleKey(const Json& rec) {
  for (const char* k : {"title", "name", "author"}) {
    if (rec.contains(k) && rec[k].is_string()) return FoldKey(rec[k].get<std::string>());
  }
  return "";
}

// The review's labelled target {type, url} as the record id cecat gives it.
inline Json TargetId(const Json& target) {
  if (!target.is_object()) return target;
  auto type = ParseRecordType(target.value("type", "course"));
  if (!type) return nullptr;
  return MakeRecordId(*type, CanonicalOrSame(target.value("url", "")));
}

// Scores one page. `labels` are the labelled records (each with "type" and its
// fields); `produced` are the records as `cecat extract` prints them.
inline PageScore ScorePage(const std::string& page, const Json& labels, const Json& produced) {
  PageScore out;
  out.tally.labelled = static_cast<int>(labels.size());
  out.tally.produced = static_cast<int>(produced.size());
  std::vector<int> match(labels.size(), -1);
  std::vector<bool> used(produced.size(), false);
  // First by type and URL, then by type and title among the rest.
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (match[i] >= 0) continue;
      const Json& l = labels[i];
      for (std::size_t j = 0; j < produced.size(); ++j) {
        const Json& p = produced[j];
        if (used[j] || p.value("type", "") != l.value("type", "")) continue;
        bool same = false;
        if (pass == 0) {
          same = l.contains("url") && l["url"].is_string() && p.contains("url") &&
                 p["url"].is_string() &&
                 CanonicalOrSame(l["url"].get<std::string>()) ==
                     CanonicalOrSame(p["url"].get<std::string>());
        } else {
          same = !TitleKey(l).empty() && TitleKey(l) == TitleKey(p);
        }
        if (same) {
          match[i] = static_cast<int>(j);
          used[j] = true;
          break;
        }
      }
    }
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const Json& l = labels[i];
    if (match[i] < 0) {
      out.missing.push_back(Describe(l));
      continue;
    }
    ++out.tally.matched;
    const Json& p = produced[match[i]];
    std::string type = l.value("type", "");
    const FieldSet& fs = FieldsOf(type);
    auto score = [&](const std::string& field) {
      Json expected = l.contains(field) ? l[field] : Json(nullptr);
      Json got = p.contains(field) ? p[field] : Json(nullptr);
      if (type == "review" && field == "target") expected = TargetId(expected);
      bool right = FieldEq(type, field, expected, got);
      auto& pf = out.tally.per_field[type + "." + field];
      ++pf.second;
      ++out.tally.fields;
      if (right) {
        ++pf.first;
        ++out.tally.fields_right;
      } else {
        out.wrong.push_back({page, Describe(l), field, expected, got});
      }
    };
    for (const std::string& f : fs.scored) score(f);
    for (const std::string& f : fs.optional) {
      if (l.contains(f)) score(f);
    }
  }
  for (std::size_t j = 0; j < produced.size(); ++j) {
    if (!used[j]) out.unexpected.push_back(Describe(produced[j]));
  }
  return out;
}

}  // namespace cecat::corpus
