// Reads a source's `extract` setting (SPEC.md "Sources file"): {"method": "auto"},
// a rule {"item", "type", "fields", "url"}, or an array of such entries. Selectors
// are only checked for being present here; their syntax belongs to the parsers
// module and the CLI checks it (config.h).
#include <algorithm>

#include "common/rule_fields.h"
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

// "@attr" and ":scope" name the item element itself, which has no meaning for a
// field read from the page or from the item's following siblings.
bool NamesItemItself(const std::string& spec) {
  std::string selector = SplitFieldSpec(spec).selector;
  std::string_view trimmed = selector;
  while (!trimmed.empty() && IsBlank(trimmed.substr(0, 1))) trimmed.remove_prefix(1);
  while (!trimmed.empty() && IsBlank(trimmed.substr(trimmed.size() - 1))) trimmed.remove_suffix(1);
  return trimmed.empty() || trimmed == ":scope";
}

const std::vector<std::string_view> kFieldObjectKeys = {"selector", "attr",    "from", "all",
                                                        "join",     "default", "value"};
constexpr std::string_view kFieldWhat =
    "\"SELECTOR\", \"SELECTOR@attr\", an object {\"selector\", \"attr\", \"from\", \"all\", "
    "\"join\", \"default\"} or {\"value\": V}";

bool IsScalar(const OJson& v) { return v.is_string() || v.is_number() || v.is_boolean(); }

// The object form of a field (SPEC.md "Sources file"); false after reporting
// every problem it has.
bool ReadFieldObject(const OJson& obj, const Where& where, const std::string& key,
                     RuleField* field) {
  bool ok = true;
  auto report = [&](const std::string& k, const std::string& message) {
    where.Report(k, message);
    ok = false;
  };
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (std::find(kFieldObjectKeys.begin(), kFieldObjectKeys.end(), it.key()) ==
        kFieldObjectKeys.end()) {
      report(key + "." + it.key(), detail::UnknownKeyMessage(it.key(), kFieldObjectKeys));
    }
  }
  field->written = obj.dump();
  if (auto v = obj.find("value"); v != obj.end()) {
    // A constant: nothing is read from the page, so nothing else applies.
    for (const char* other : {"selector", "attr", "from", "all", "join", "default"}) {
      if (obj.contains(other)) {
        report(key + "." + other, "a constant (\"value\") takes no other keys");
      }
    }
    bool list_of_scalars =
        v->is_array() && !v->empty() &&
        std::all_of(v->begin(), v->end(), [](const OJson& e) { return IsScalar(e); });
    if (!IsScalar(*v) && !list_of_scalars) {
      report(key + ".value", Expected("a string, number, boolean or a list of them", *v));
    } else if (v->is_string() && IsBlank(v->get_ref<const std::string&>())) {
      report(key + ".value", Expected("a non-empty value", *v));
    } else {
      field->value = nlohmann::json::parse(v->dump());
    }
    return ok;
  }
  std::string selector, attr;
  if (auto s = obj.find("selector"); s != obj.end()) {
    if (!s->is_string()) {
      report(key + ".selector", Expected("a CSS selector", *s));
    } else {
      selector = s->get<std::string>();
    }
  }
  if (auto a = obj.find("attr"); a != obj.end()) {
    if (!a->is_string() || !IsAttributeName(a->get_ref<const std::string&>())) {
      report(key + ".attr", Expected("an attribute name", *a));
    } else {
      attr = a->get<std::string>();
    }
  }
  if (!obj.contains("selector") && !obj.contains("attr")) {
    report(key, "missing \"selector\" (or \"attr\", or a constant \"value\")");
  }
  if (!attr.empty() && SplitFieldSpec(selector).has_attribute) {
    report(key + ".attr", "the selector already names an attribute after '@'");
  }
  if (ok) {
    field->spec = attr.empty() ? selector : selector + "@" + attr;
    if (std::optional<std::string> error = FieldSpecError(field->spec, where)) {
      report(key + (obj.contains("selector") ? ".selector" : ".attr"), *error);
    }
  }
  if (auto f = obj.find("from"); f != obj.end()) {
    constexpr std::string_view kFrom = "\"item\", \"page\", \"following\" or \"ancestor:SELECTOR\"";
    std::string from = f->is_string() ? f->get<std::string>() : std::string();
    if (from == "item") {
      field->from = RuleField::From::kItem;
    } else if (from == "page") {
      field->from = RuleField::From::kPage;
      if (ok && NamesItemItself(field->spec)) {
        report(key + ".selector", "a field read from the page needs a selector");
      }
    } else if (from == "following") {
      field->from = RuleField::From::kFollowing;
      if (ok && NamesItemItself(field->spec)) {
        report(key + ".selector",
               "a field read from the following siblings needs a selector (\"p\" takes "
               "the first following paragraph)");
      }
    } else if (from.rfind("ancestor:", 0) == 0) {
      field->from = RuleField::From::kAncestor;
      field->ancestor = from.substr(9);
      if (IsBlank(field->ancestor)) {
        report(key + ".from", Expected(kFrom, *f) + ": the ancestor's selector is empty");
      } else if (auto error = where.CheckSelector(field->ancestor)) {
        report(key + ".from", *error);
      }
    } else {
      report(key + ".from", Expected(kFrom, *f));
    }
  }
  if (auto a = obj.find("all"); a != obj.end()) {
    if (!a->is_boolean()) {
      report(key + ".all", Expected("true or false", *a));
    } else {
      field->all = a->get<bool>();
    }
  }
  if (auto j = obj.find("join"); j != obj.end()) {
    if (!j->is_string()) {
      report(key + ".join", Expected("a separator string", *j));
    } else {
      field->join = j->get<std::string>();
    }
  }
  if (auto d = obj.find("default"); d != obj.end()) {
    if (!IsScalar(*d) || (d->is_string() && IsBlank(d->get_ref<const std::string&>()))) {
      report(key + ".default", Expected("a non-empty string, a number or a boolean", *d));
    } else {
      field->fallback = nlohmann::json::parse(d->dump());
    }
  }
  return ok;
}

// The fields a rule of `type` accepts, as "a, b or c", for config errors.
std::string AcceptedList(const RuleTypeFields& fields) {
  std::vector<std::string_view> accepted = fields.Accepted();
  std::string out;
  for (size_t i = 0; i < accepted.size(); ++i) {
    if (i > 0) out += i + 1 == accepted.size() ? " or " : ", ";
    out += accepted[i];
  }
  return out;
}

// Why a rule of `type` cannot have the field `name`, or nullopt when it can. A
// field the type's normaliser does not read would vanish from every record
// (issue 20), so it is an error that names the fields the type accepts.
std::optional<std::string> FieldNameError(const std::string& name, const std::string& type) {
  const RuleTypeFields* fields = RuleFieldsOf(type);
  if (fields == nullptr) {
    // The type itself is wrong (reported at "type"): check against every type.
    for (const RuleTypeFields& t : RuleFieldTable()) {
      if (t.Accepts(name)) return std::nullopt;
    }
    std::vector<std::string_view> all;
    for (const RuleTypeFields& t : RuleFieldTable()) {
      for (std::string_view f : t.Accepted()) all.push_back(f);
    }
    std::string suggestion = detail::Suggest(name, all);
    return "unknown record field " + Describe(OJson(name)) +
           (suggestion.empty() ? "; see docs/extraction.md"
                               : "; did you mean '" + suggestion + "'?");
  }
  if (fields->Accepts(name)) return std::nullopt;
  const std::string what = "a " + type + " rule";
  if (const RuleFieldAlias* alias = fields->Alias(name)) {
    return "'" + name + "' is no longer read in " + what + "; write '" + std::string(alias->field) +
           "': " + std::string(alias->why);
  }
  std::string suggestion = detail::Suggest(name, fields->Accepted());
  bool elsewhere = std::any_of(RuleFieldTable().begin(), RuleFieldTable().end(),
                               [&](const RuleTypeFields& t) { return t.Accepts(name); });
  std::string message = elsewhere
                            ? "record field " + Describe(OJson(name)) + " is not used by " + what
                            : "unknown record field " + Describe(OJson(name));
  message += suggestion.empty() ? "." : "; did you mean '" + suggestion + "'?";
  return message + " A " + type + " rule accepts " + AcceptedList(*fields) +
         " (docs/extraction.md, \"Fields per record type\")";
}

void ReadFields(const OJson& fields, const Where& where, const std::string& key,
                ExtractRule* rule) {
  if (!fields.is_object() || fields.empty()) {
    where.Report(key, Expected("an object mapping record fields to selectors", fields));
    return;
  }
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    std::string field_key = key + "." + it.key();
    if (std::optional<std::string> error = FieldNameError(it.key(), rule->type)) {
      where.Report(field_key, *error);
      continue;
    }
    RuleField field;
    field.name = it.key();
    if (it->is_object()) {
      if (ReadFieldObject(*it, where, field_key, &field)) rule->fields.push_back(std::move(field));
      continue;
    }
    if (!it->is_string()) {
      where.Report(field_key, Expected(kFieldWhat, *it));
      continue;
    }
    const std::string& spec = it->get_ref<const std::string&>();
    if (std::optional<std::string> error = FieldSpecError(spec, where)) {
      where.Report(field_key, *error);
      continue;
    }
    field.spec = spec;
    field.written = spec;
    rule->fields.push_back(std::move(field));
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
      rule->type.clear();  // the fields are checked against every type
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
  // Every field some rule type accepts (common/rule_fields.h), in table order.
  static const std::vector<std::string> kFields = [] {
    std::vector<std::string> out;
    for (const RuleTypeFields& t : RuleFieldTable()) {
      for (std::string_view f : t.Accepted()) {
        if (std::find(out.begin(), out.end(), f) == out.end()) out.emplace_back(f);
      }
    }
    return out;
  }();
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
