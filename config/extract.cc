// Reads a source's `extract` setting (SPEC.md "Sources file"): {"method": "auto"},
// a rule {"item", "type", "fields", "url"}, or an array of such entries. Selectors
// are only checked for being present here; their syntax belongs to the parsers
// module and the CLI checks it (config.h).
#include <algorithm>

#include "config/detail/keys.h"

namespace cecat::config {
namespace {

using detail::Describe;
using detail::Expected;
using detail::OJson;
using detail::Where;

const std::vector<std::string_view> kEntryKeys = {"method", "url", "item", "type", "fields"};
const std::vector<std::string> kRuleTypes = {"course", "provider", "scholarship", "review",
                                             "approval"};

bool IsAttributeName(std::string_view name) {
  // As parsers/selector.cc accepts: a letter or '_', then letters, digits, - _ : .
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (name.empty() || !(letter(name[0]) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) {
    return letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.';
  });
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; });
}

// Checks one "SELECTOR" or "SELECTOR@attr" value; nullopt when fine. "@attr"
// alone takes the attribute of the item element itself (parsers/extract.h).
std::optional<std::string> FieldSpecError(const std::string& spec, const Where& where) {
  constexpr std::string_view kWhat = "\"SELECTOR\" or \"SELECTOR@attr\"";
  FieldSpec split = SplitFieldSpec(spec);
  if (!split.has_attribute && IsBlank(split.selector)) {
    return Expected(kWhat, OJson(spec)) + ": the selector is empty";
  }
  if (split.has_attribute && !IsAttributeName(split.attribute)) {
    return Expected(kWhat, OJson(spec)) + ": \"" + split.attribute +
           "\" after '@' is not an attribute name";
  }
  return where.CheckFieldSelector(spec);
}

void ReadFields(const OJson& fields, const Where& where, const std::string& key,
                ExtractRule* rule) {
  if (!fields.is_object() || fields.empty()) {
    where.Report(key, Expected("an object mapping record fields to selectors", fields));
    return;
  }
  std::vector<std::string_view> known(KnownRuleFields().begin(), KnownRuleFields().end());
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    std::string field_key = key + "." + it.key();
    if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
      std::string suggestion = detail::Suggest(it.key(), known);
      where.Report(field_key, "unknown record field " + Describe(OJson(it.key())) +
                                  (suggestion.empty() ? "; see docs/configuration.md"
                                                      : "; did you mean '" + suggestion + "'?"));
      continue;
    }
    if (!it->is_string()) {
      where.Report(field_key, Expected("\"SELECTOR\" or \"SELECTOR@attr\"", *it));
      continue;
    }
    const std::string& spec = it->get_ref<const std::string&>();
    if (std::optional<std::string> error = FieldSpecError(spec, where)) {
      where.Report(field_key, *error);
      continue;
    }
    rule->fields.emplace_back(it.key(), spec);
  }
}

void ReadEntry(const OJson& entry, const Where& where, const std::string& key, ExtractRule* rule) {
  if (!entry.is_object()) {
    where.Report(key, Expected("an object", entry));
    return;
  }
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    if (std::find(kEntryKeys.begin(), kEntryKeys.end(), it.key()) == kEntryKeys.end()) {
      where.Report(key + "." + it.key(), detail::UnknownKeyMessage(it.key(), kEntryKeys));
    }
  }
  bool has_rule_keys = entry.contains("item") || entry.contains("fields") || entry.contains("type");
  std::string method = has_rule_keys ? "rules" : "";
  if (auto m = entry.find("method"); m != entry.end()) {
    if (m->is_string() && (*m == "auto" || *m == "rules")) {
      method = m->get<std::string>();
    } else {
      where.Report(key + ".method", Expected("\"auto\" or \"rules\"", *m));
      return;
    }
  }
  if (method.empty()) {
    where.Report(key,
                 Expected("{\"method\": \"auto\"} or a rule with \"item\" and \"fields\"", entry));
    return;
  }
  rule->method = method;
  if (auto u = entry.find("url"); u != entry.end()) {
    if (!u->is_string()) {
      where.Report(key + ".url", Expected("a regex", *u));
    } else if (auto error = detail::CheckRegexItem(u->get<std::string>())) {
      where.Report(key + ".url", *error);
    } else {
      rule->url = u->get<std::string>();
    }
  }
  // An "auto" entry may carry a rule too: SPEC.md's "JSON-LD, then microdata,
  // then rules" uses it when the page has no structured data.
  if (!has_rule_keys) return;
  if (auto item = entry.find("item"); item == entry.end()) {
    where.Report(key + ".item", "missing; expected a CSS selector");
  } else if (auto s = detail::CheckString(*item, where, key + ".item", "a CSS selector")) {
    if (auto error = where.CheckSelector(*s)) {
      where.Report(key + ".item", *error);
    } else {
      rule->item = *s;
    }
  }
  if (auto type = entry.find("type"); type != entry.end()) {
    if (type->is_string() && std::find(kRuleTypes.begin(), kRuleTypes.end(),
                                       type->get_ref<const std::string&>()) != kRuleTypes.end()) {
      rule->type = type->get<std::string>();
    } else {
      where.Report(key + ".type",
                   Expected("one of course, provider, scholarship, review, approval", *type));
    }
  }
  if (auto fields = entry.find("fields"); fields == entry.end()) {
    where.Report(key + ".fields", "missing; expected an object mapping record fields to selectors");
  } else {
    ReadFields(*fields, where, key + ".fields", rule);
  }
}

}  // namespace

FieldSpec SplitFieldSpec(const std::string& spec) {
  size_t at = FieldAttributeSeparator(spec);
  FieldSpec out;
  out.selector = spec;
  if (at != std::string::npos) {
    out.selector = spec.substr(0, at);
    out.attribute = spec.substr(at + 1);
    out.has_attribute = true;
  }
  return out;
}

const std::vector<std::string>& KnownRuleFields() {
  // SPEC.md "Records", per type, plus the parts of composite fields a page often
  // shows apart (location's city/state/country, price's currency, rating's count)
  // and an approval's number/body/valid_until/scope.
  static const std::vector<std::string> kFields = {
      // course
      "title", "description", "url", "provider", "presenters", "ce_hours", "credit_note",
      "approvals", "audiences", "format", "start_date", "end_date", "location", "city", "state",
      "country", "price", "currency", "free", "topics", "rating", "rating_count",
      // provider and approval
      "name", "body", "number", "valid_until", "scope",
      // scholarship
      "sponsor", "amount", "amount_min", "amount_max", "deadline", "disciplines", "degree_levels",
      "eligibility", "open", "apply_url",
      // review
      "target", "author", "date", "text"};
  return kFields;
}

namespace detail {

void ApplyExtract(const OJson& value, const Where& where, const std::string& key,
                  SourceConfig* out) {
  std::vector<ExtractRule> rules;
  if (value.is_object()) {
    ExtractRule rule;
    ReadEntry(value, where, key, &rule);
    rules.push_back(std::move(rule));
  } else if (value.is_array() && !value.empty()) {
    for (size_t i = 0; i < value.size(); ++i) {
      ExtractRule rule;
      ReadEntry(value[i], where, key + "[" + std::to_string(i) + "]", &rule);
      rules.push_back(std::move(rule));
    }
  } else {
    where.Report(key,
                 Expected("{\"method\": \"auto\"}, a rule, or a non-empty array of them", value));
    return;
  }
  out->extract = std::move(rules);
}

}  // namespace detail
}  // namespace cecat::config
