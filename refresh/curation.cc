#include "refresh/curation.h"

#include <algorithm>

namespace cecat::refresh {
namespace {

const Json* Resolve(const Json& root, const Json* schema) {
  // Only local references ("#/$defs/x") occur in the feed schema.
  for (int depth = 0; depth < 8 && schema != nullptr && schema->is_object(); ++depth) {
    auto ref = schema->find("$ref");
    if (ref == schema->end() || !ref->is_string()) return schema;
    const std::string& r = ref->get_ref<const std::string&>();
    if (r.rfind("#/$defs/", 0) != 0) return schema;
    // find, not value(): the pointer returned must point into `root`, not a copy.
    auto defs = root.find("$defs");
    if (defs == root.end() || !defs->is_object()) return nullptr;
    auto it = defs->find(r.substr(8));
    schema = it == defs->end() ? nullptr : &*it;
  }
  return schema;
}

bool TypeIs(const Json& v, const std::string& t) {
  if (t == "string") return v.is_string();
  if (t == "number") return v.is_number();
  if (t == "integer") return v.is_number_integer() || v.is_number_unsigned();
  if (t == "boolean") return v.is_boolean();
  if (t == "array") return v.is_array();
  if (t == "object") return v.is_object();
  if (t == "null") return v.is_null();
  return true;
}

// The subset of JSON Schema the feed schema's field definitions use. Returns ""
// when `v` validates, else what is wrong, naming the place ("price.amount").
std::string Check(const Json& root, const Json* schema, const Json& v, const std::string& where) {
  schema = Resolve(root, schema);
  if (schema == nullptr || !schema->is_object()) return "";
  if (auto t = schema->find("type"); t != schema->end()) {
    bool ok = false;
    std::string wanted;
    for (const Json& one : t->is_array() ? *t : Json::array({*t})) {
      if (!one.is_string()) continue;
      ok = ok || TypeIs(v, one.get<std::string>());
      wanted += (wanted.empty() ? "" : " or ") + one.get<std::string>();
    }
    if (!ok) return where + " must be " + wanted + ", got " + v.dump();
  }
  if (auto e = schema->find("enum"); e != schema->end() && e->is_array()) {
    if (std::find(e->begin(), e->end(), v) == e->end())
      return where + " must be one of " + e->dump() + ", got " + v.dump();
  }
  if (auto pattern = schema->find("pattern");
      pattern != schema->end() && pattern->is_string() && v.is_string()) {
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re(pattern->get<std::string>(), options);
    if (re.ok() && !RE2::PartialMatch(v.get<std::string>(), re))
      return where + " must match " + pattern->get<std::string>() + ", got " + v.dump();
  }
  if (auto n = schema->find("minLength"); n != schema->end() && n->is_number_unsigned() &&
                                          v.is_string() &&
                                          v.get<std::string>().size() < n->get<size_t>())
    return where + " must not be empty";
  if (auto c = schema->find("const"); c != schema->end() && *c != v)
    return where + " must be " + c->dump() + ", got " + v.dump();
  if (auto m = schema->find("minimum");
      m != schema->end() && v.is_number() && m->is_number() && v.get<double>() < m->get<double>())
    return where + " must be at least " + m->dump() + ", got " + v.dump();
  if (auto m = schema->find("maximum");
      m != schema->end() && v.is_number() && m->is_number() && v.get<double>() > m->get<double>())
    return where + " must be at most " + m->dump() + ", got " + v.dump();
  for (const char* combinator : {"allOf"}) {
    if (auto all = schema->find(combinator); all != schema->end() && all->is_array())
      for (const Json& s : *all)
        if (std::string e = Check(root, &s, v, where); !e.empty()) return e;
  }
  if (v.is_array()) {
    if (auto items = schema->find("items"); items != schema->end()) {
      for (size_t i = 0; i < v.size(); ++i) {
        std::string e = Check(root, &*items, v[i], where + "[" + std::to_string(i) + "]");
        if (!e.empty()) return e;
      }
    }
  }
  if (v.is_object()) {
    const Json props = schema->value("properties", Json::object());
    if (auto req = schema->find("required"); req != schema->end() && req->is_array())
      for (const Json& r : *req)
        if (r.is_string() && !v.contains(r.get<std::string>()))
          return where + " needs " + r.get<std::string>();
    const bool closed = schema->value("additionalProperties", true) == false;
    for (const auto& [k, sub] : v.items()) {
      auto p = props.find(k);
      if (p == props.end()) {
        if (closed) return where + " has no field " + k;
        continue;
      }
      if (std::string e = Check(root, &*p, sub, where + "." + k); !e.empty()) return e;
    }
  }
  return "";
}

const Json* TypeSchema(const Json& feed_schema, RecordType type) {
  auto defs = feed_schema.find("$defs");
  if (defs == feed_schema.end() || !defs->is_object()) return nullptr;
  auto it = defs->find(RecordTypeName(type));
  return it == defs->end() ? nullptr : &*it;
}

}  // namespace

Result<std::shared_ptr<const RE2>> CompileUrlPattern(const std::string& pattern) {
  if (pattern.empty()) return Status::InvalidArgument("empty URL regex");
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(pattern, options);
  if (!re->ok())
    return Status::InvalidArgument("invalid URL regex '" + pattern + "': " + re->error());
  return std::shared_ptr<const RE2>(std::move(re));
}

Result<CurationRules> CurationRules::Load(index::Index& index) {
  CECAT_ASSIGN_OR_RETURN(std::vector<index::Override> overrides, index.Overrides());
  CurationRules rules;
  for (const index::Override& o : overrides) {
    if (o.kind == "merge") {
      rules.alias_of_[o.target] = o.key;
    } else if (o.kind == "suppress") {
      // Checked when it was stored; one that no longer compiles (another RE2)
      // must not be dropped silently.
      auto re = CompileUrlPattern(o.key);
      if (!re.ok()) return re.status().WithContext("suppression of source " + o.target);
      rules.suppressed_[o.target].push_back(std::move(*re));
    }
  }
  return rules;
}

bool CurationRules::Suppressed(const std::string& source_id, const std::string& url) const {
  auto it = suppressed_.find(source_id);
  if (it == suppressed_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const auto& re) { return RE2::PartialMatch(url, *re); });
}

const std::string& CurationRules::Resolve(const std::string& id) const {
  auto it = alias_of_.find(id);
  return it == alias_of_.end() ? id : it->second;
}

void CurationRules::Redirect(std::vector<Record>& records) const {
  if (alias_of_.empty()) return;
  for (Record& r : records) r.id = Resolve(r.id);
}

std::vector<std::string> PinnableFields(const Json& feed_schema, RecordType type) {
  std::vector<std::string> out;
  const Json* t = TypeSchema(feed_schema, type);
  if (t == nullptr) return out;
  const Json props = t->value("properties", Json::object());
  for (const auto& [name, _] : props.items()) {
    if (name != "id" && name != "type") out.push_back(name);
  }
  return out;
}

Status CheckPinnableField(const Json& feed_schema, RecordType type, const std::string& field) {
  std::vector<std::string> fields = PinnableFields(feed_schema, type);
  if (std::find(fields.begin(), fields.end(), field) != fields.end()) return Status::Ok();
  std::string list;
  for (const std::string& f : fields) list += (list.empty() ? "" : ", ") + f;
  return Status::InvalidArgument("unknown field '" + field + "' for a " + RecordTypeName(type) +
                                 " (its fields: " + list + ")");
}

Result<Json> CheckPinnedValue(const Json& feed_schema, const normalise::Normaliser* normaliser,
                              RecordType type, const std::string& field, const Json& value,
                              const Json& record_fields) {
  CECAT_RETURN_IF_ERROR(CheckPinnableField(feed_schema, type, field));
  Json normalised = value;
  // Texts, numbers and lists of texts are what pages give and normalisers read;
  // an object (a price, a location) or a list of objects is checked as it is.
  const bool readable =
      value.is_string() || value.is_number() ||
      (value.is_array() && !value.empty() &&
       std::all_of(value.begin(), value.end(), [](const Json& v) { return v.is_string(); }));
  if (normaliser != nullptr && readable) {
    // Through the normalisers, as a page's value would go: a raw record of the type
    // with the record's own name, so that only this field can fail.
    RawRecord raw;
    raw.kind = RecordTypeName(type);
    raw.page_url = "https://curation.invalid/";
    raw.item_url = "https://curation.invalid/pin";
    const char* name_field =
        type == RecordType::kCourse || type == RecordType::kReview ? "title" : "name";
    // A neutral name, not the record's: normalisers infer from the title (topics
    // from "Ethics ..."), and only the pinned value may make the pinned field.
    if (field != name_field) raw.fields[name_field] = "Pinned value";
    if (type == RecordType::kReview) {
      if (field != "rating") raw.fields["rating"] = record_fields.value("rating", Json(5));
      if (field != "target") raw.fields["target"] = record_fields.value("target", "");
    }
    raw.fields[field] = value;
    normalise::NormaliseResult n;
    try {
      n = normaliser->NormaliseOne(raw, "curation", {}, nullptr);
    } catch (const std::exception& e) {
      return Status::InvalidArgument("value " + value.dump() + " for " + field +
                                     " did not normalise: " + e.what());
    }
    const Record* rec = nullptr;
    for (const Record& r : n.records)
      if (r.type == type) rec = &r;
    if (rec != nullptr && rec->fields.contains(field)) {
      normalised = rec->fields[field];
    } else {
      std::string why;
      for (const auto& d : n.diagnostics) why += (why.empty() ? "" : "; ") + d.message;
      for (const auto& r : n.rejects) why += (why.empty() ? "" : "; ") + r.Describe();
      return Status::InvalidArgument("value " + value.dump() + " for " + field +
                                     " did not normalise" + (why.empty() ? "" : ": " + why));
    }
  }
  const Json* t = TypeSchema(feed_schema, type);
  const Json props = t != nullptr ? t->value("properties", Json::object()) : Json::object();
  auto p = props.find(field);
  if (p != props.end()) {
    std::string e = Check(feed_schema, &*p, normalised, field);
    if (!e.empty()) return Status::InvalidArgument("invalid value for " + e);
  }
  return normalised;
}

}  // namespace cecat::refresh
