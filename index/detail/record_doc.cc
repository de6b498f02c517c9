#include "index/detail/record_doc.h"

#include <cctype>
#include <cmath>

#include "common/ascii.h"
#include "common/typography.h"

namespace cecat::index::detail {
namespace {

std::optional<double> Number(const Json& j) {
  if (j.is_number()) {
    double v = j.get<double>();
    if (std::isfinite(v)) return v;
  }
  return std::nullopt;
}

std::optional<std::string> String(const Json& j) {
  if (j.is_string() && !j.get_ref<const std::string&>().empty()) return j.get<std::string>();
  return std::nullopt;
}

const Json& Get(const Json& obj, const char* key) {
  static const Json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

// Typography as ASCII (common/typography.h: "O’Brien" is "O'Brien"), lower-cased,
// whitespace runs collapsed to one space, trimmed. Reviews were stored with ASCII
// punctuation before they kept their typography (issue 17, item 7); read this way,
// their keys are what they were.
std::string Fold(const std::string& s) {
  std::string out;
  bool space = false;
  for (unsigned char c : AsciiPunctuation(s)) {
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(LowerChar(static_cast<char>(c)));
  }
  return out;
}

// Strings of an array (or a single string); objects contribute their "name".
std::string JoinNames(const Json& j) {
  std::string out;
  auto add = [&out](const Json& v) {
    std::optional<std::string> s = String(v.is_object() ? Get(v, "name") : v);
    if (!s) return;
    if (!out.empty()) out += " ; ";
    out += *s;
  };
  if (j.is_array()) {
    for (const Json& v : j) add(v);
  } else {
    add(j);
  }
  return out;
}

}  // namespace

FilterColumns ExtractColumns(const Json& fields) {
  FilterColumns c;
  c.title = String(Get(fields, "title")).value_or(String(Get(fields, "name")).value_or(""));
  const Json& price = Get(fields, "price");
  c.price = Number(Get(price, "amount"));
  const Json& free = Get(price, "free");
  c.free = (free.is_boolean() && free.get<bool>()) || (c.price && *c.price == 0);
  if (c.free && !c.price) c.price = 0;
  c.hours = Number(Get(fields, "ce_hours"));
  c.format = String(Get(fields, "format"));
  const Json& rating = Get(fields, "rating");
  c.rating = Number(Get(rating, "average"));
  if (std::optional<double> n = Number(Get(rating, "count")); n && c.rating)
    c.rating_count = static_cast<int64_t>(*n);
  if (c.rating && !c.rating_count) c.rating_count = 0;
  c.deadline = String(Get(fields, "deadline"));
  c.start_date = String(Get(fields, "start_date"));
  c.end_date = String(Get(fields, "end_date"));
  c.currency = String(Get(price, "currency"));
  auto present = [&fields](const char* key) {
    if (!fields.is_object()) return false;
    auto it = fields.find(key);
    return it != fields.end() && !it->is_null();
  };
  auto non_empty_array = [&fields](const char* key) {
    if (!fields.is_object()) return false;
    auto it = fields.find(key);
    return it != fields.end() && it->is_array() && !it->empty();
  };
  c.health_fields = (present("price") ? kHealthPrice : 0) |
                    (present("start_date") ? kHealthStartDate : 0) |
                    (non_empty_array("approvals") ? kHealthApprovals : 0) |
                    (present("provider") ? kHealthProvider : 0) |
                    (non_empty_array("audiences") ? kHealthAudiences : 0);
  return c;
}

std::vector<std::pair<std::string, std::string>> ExtractTags(const Json& fields) {
  std::vector<std::pair<std::string, std::string>> tags;
  auto add = [&tags](const char* kind, std::string value) {
    std::pair<std::string, std::string> tag(kind, std::move(value));
    for (const auto& t : tags)
      if (t == tag) return;
    tags.push_back(std::move(tag));
  };
  const Json& approvals = Get(fields, "approvals");
  if (approvals.is_array()) {
    for (const Json& a : approvals) {
      std::optional<std::string> body = String(a.is_object() ? Get(a, "body") : a);
      if (!body) continue;
      std::string up = Upper(*body);
      add("approval", up);
      // State boards are written STATE-BOARD (SPEC.md "Records"): NY-SW, FL-CEBROKER.
      if (up.size() > 3 && up[2] == '-' && std::isalpha(static_cast<unsigned char>(up[0])) &&
          std::isalpha(static_cast<unsigned char>(up[1])))
        add("state", up.substr(0, 2));
    }
  }
  for (const char* kind : {"audiences", "topics"}) {
    const Json& list = Get(fields, kind);
    if (!list.is_array()) continue;
    std::string singular(kind, std::char_traits<char>::length(kind) - 1);
    for (const Json& v : list)
      if (std::optional<std::string> s = String(v))
        add(singular == "audience" ? "audience" : "topic", *s);
  }
  if (std::optional<std::string> st = String(Get(Get(fields, "location"), "state")))
    add("state", Upper(*st));
  return tags;
}

FtsText ExtractFtsText(RecordType type, const Json& fields) {
  FtsText t;
  switch (type) {
    case RecordType::kCourse:
      t.title = String(Get(fields, "title")).value_or("");
      t.description = String(Get(fields, "description")).value_or("");
      t.presenters = JoinNames(Get(fields, "presenters"));
      t.provider = JoinNames(Get(fields, "provider"));
      t.topics = JoinNames(Get(fields, "topics"));
      break;
    case RecordType::kProvider:
      t.title = String(Get(fields, "name")).value_or("");
      t.provider = t.title;
      break;
    case RecordType::kScholarship:
      t.title = String(Get(fields, "name")).value_or("");
      t.description = String(Get(fields, "eligibility")).value_or("");
      t.provider = JoinNames(Get(fields, "sponsor"));
      t.topics = JoinNames(Get(fields, "disciplines"));
      break;
    case RecordType::kReview:
      t.title = String(Get(fields, "title")).value_or("");
      t.description = String(Get(fields, "text")).value_or("");
      t.presenters = String(Get(fields, "author")).value_or("");
      break;
  }
  return t;
}

ReviewFacts ExtractReview(const Json& fields) {
  ReviewFacts r;
  r.target = String(Get(fields, "target")).value_or("");
  r.rating = Number(Get(fields, "rating"));
  std::string author = Fold(String(Get(fields, "author")).value_or(""));
  std::string text = Fold(String(Get(fields, "text")).value_or(""));
  if (author.empty() && text.empty()) return r;
  char rating[32] = "";
  if (r.rating) std::snprintf(rating, sizeof rating, "%.2f", *r.rating);
  r.key = Hash64Hex(r.target + '\x1f' + author + '\x1f' +
                    String(Get(fields, "date")).value_or("").substr(0, 10) + '\x1f' + rating +
                    '\x1f' + text);
  return r;
}

Json FeedCore(const std::string& id, const std::string& type, const std::string& url,
              const Json& sources, const std::string& status, const Json& fields,
              std::optional<double> rating, std::optional<int64_t> rating_count) {
  Json core = fields.is_object() ? fields : Json::object();
  core["id"] = id;
  core["type"] = type;
  core["url"] = url;
  core["sources"] = sources;
  core["status"] = status;
  if (rating && rating_count && *rating_count > 0) {
    core["rating"] = {{"average", std::round(*rating * 100) / 100}, {"count", *rating_count}};
  }
  return core;
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json ParseStored(const std::string& text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? Json() : j;
}

Json ExpandProvenance(const Json& stored) {
  Json out = Json::object();
  if (!stored.is_object()) return out;
  const Json& fields = Get(stored, "fields");
  if (fields.is_object()) {
    const Json& from = Get(stored, "from");
    for (const auto& [field, producer] : fields.items()) {
      // A merged record's field that another source's part gave: its source and page.
      const Json& other = Get(from, field.c_str());
      const bool theirs = other.is_object();
      out[field] = {{"producer", producer},
                    {"source", theirs ? Get(other, "source") : Get(stored, "source")},
                    {"page", theirs ? Get(other, "page") : Get(stored, "page")},
                    {"time", Get(stored, "time")}};
    }
    return out;
  }
  for (const auto& [field, entry] : stored.items())
    if (entry.is_object()) out[field] = entry;
  return out;
}

std::string ContentHash(const Json& core) { return Hash128Hex(Dump(core)); }

}  // namespace cecat::index::detail
