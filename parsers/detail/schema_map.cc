#include "parsers/detail/schema_map.h"

#include <algorithm>
#include <initializer_list>

#include <re2/re2.h>

#include "common/url.h"
#include "parsers/text.h"

namespace cecat::parsers::detail {
namespace {

// A property value and the JSON path it came from.
struct Prop {
  const Json* v = nullptr;
  std::string path;
  explicit operator bool() const { return v != nullptr && !v->is_null(); }
};

bool StartsWith(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

Prop Get(const Json& obj, const std::string& path, const std::string& key) {
  if (!obj.is_object()) return {};
  for (const std::string& k :
       {key, "schema:" + key, "http://schema.org/" + key, "https://schema.org/" + key}) {
    auto it = obj.find(k);
    if (it != obj.end() && !it->is_null()) return {&*it, path + "." + k};
  }
  return {};
}

Prop GetAny(const Json& obj, const std::string& path, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    if (Prop p = Get(obj, path, k)) return p;
  }
  return {};
}

// The first element of an array (with its index in the path), or the value itself.
Prop First(Prop p) {
  if (p && p.v->is_array()) {
    if (p.v->empty()) return {};
    return {&(*p.v)[0], p.path + "[0]"};
  }
  return p;
}

// A one-element array as its element; anything else unchanged.
Prop Unwrap(Prop p) { return p && p.v->is_array() && p.v->size() == 1 ? First(p) : p; }

// Every element of an array (or the value itself), with paths.
std::vector<Prop> All(Prop p) {
  std::vector<Prop> out;
  if (!p) return out;
  if (p.v->is_array()) {
    for (std::size_t i = 0; i < p.v->size(); ++i) {
      if (!(*p.v)[i].is_null()) out.push_back({&(*p.v)[i], p.path + "[" + std::to_string(i) + "]"});
    }
  } else {
    out.push_back(p);
  }
  return out;
}

// A scalar's text: strings as they are, numbers printed, objects by @value,
// name or value.
std::string Text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  if (v.is_array()) return v.empty() ? std::string() : Text(v[0]);
  if (v.is_object()) {
    for (const char* k : {"@value", "name", "value", "text", "@id"}) {
      auto it = v.find(k);
      if (it != v.end() && !it->is_object()) return Text(*it);
    }
  }
  return {};
}

std::vector<std::string> Types(const Json& obj) {
  std::vector<std::string> out;
  if (!obj.is_object()) return out;
  for (const char* k : {"@type", "type"}) {
    auto it = obj.find(k);
    if (it == obj.end()) continue;
    if (it->is_string()) out.push_back(StripSchemaPrefix(it->get<std::string>()));
    if (it->is_array()) {
      for (const Json& t : *it) {
        if (t.is_string()) out.push_back(StripSchemaPrefix(t.get<std::string>()));
      }
    }
    break;
  }
  return out;
}

bool HasType(const std::vector<std::string>& types, std::initializer_list<const char*> wanted) {
  return std::any_of(types.begin(), types.end(), [&](const std::string& t) {
    return std::any_of(wanted.begin(), wanted.end(), [&](const char* w) { return t == w; });
  });
}

const std::initializer_list<const char*> kCourseTypes = {
    "Course", "CourseInstance", "EducationEvent", "Event", "EducationalOccupationalProgram"};
const std::initializer_list<const char*> kProviderTypes = {
    "Organization", "EducationalOrganization", "CollegeOrUniversity", "NGO",
    "Corporation",  "MedicalOrganization",     "ProfessionalService", "LocalBusiness"};
const std::initializer_list<const char*> kScholarshipTypes = {"MonetaryGrant", "Grant",
                                                              "Scholarship"};

// A generic schema.org Event is a CE offer only if nothing says otherwise;
// community events (walks, fundraisers, open houses) on providers' sites often
// say outright that they carry no credit: "No continuing education credit is
// offered", "No CE", "not eligible for CE credit".
bool StatesNoCredit(const Json& obj) {
  static const re2::RE2 kNoCredit(
      R"((?i)\bno (continuing education|ce|ceus?)\b|\b(ce|continuing education)( credits?| hours)? )"
      R"((is|are) not (offered|available|provided|awarded)|\bnot (eligible|approved) for )"
      R"((ce|continuing education)\b)");
  for (const char* key : {"name", "description"}) {
    auto it = obj.find(key);
    if (it != obj.end() && it->is_string() &&
        re2::RE2::PartialMatch(it->get<std::string>(), kNoCredit))
      return true;
  }
  return false;
}

// Values as written, made safe: strings valid UTF-8 and capped, depth bounded.
Json Sanitize(const Json& v, std::size_t max_text, int depth = 0) {
  if (v.is_string()) return TruncateUtf8(ValidUtf8(v.get<std::string>()), max_text);
  if (depth > 16) return nullptr;
  if (v.is_object()) {
    Json out = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it.key() == "@context") continue;
      out[it.key()] = Sanitize(it.value(), max_text, depth + 1);
    }
    return out;
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const Json& e : v) out.push_back(Sanitize(e, max_text, depth + 1));
    return out;
  }
  return v;
}

bool IsFetchable(const std::string& url) {
  return StartsWith(url, "http://") || StartsWith(url, "https://") || StartsWith(url, "file:");
}

class Builder {
 public:
  Builder(MapContext& ctx, std::string kind) : ctx_(ctx) {
    rec_.kind = std::move(kind);
    rec_.page_url = ctx.page_url;
  }

  bool Has(const std::string& field) const { return rec_.fields.contains(field); }

  void Set(const std::string& field, Json value, const std::string& path) {
    if (value.is_null() || (value.is_string() && value.get<std::string>().empty()) ||
        ((value.is_array() || value.is_object()) && value.empty()) || Has(field)) {
      return;
    }
    rec_.fields[field] = std::move(value);
    rec_.provenance[field] = ctx_.source + ":" + path;
  }
  // Plain text from a value that may hold HTML (descriptions often do).
  void SetText(const std::string& field, Prop p) {
    p = First(p);
    if (!p) return;
    Set(field, PlainTextFromHtml(Text(*p.v), ctx_.max_text_bytes), p.path);
  }
  void SetRaw(const std::string& field, Prop p) {
    if (!p) return;
    Set(field, Sanitize(*p.v, ctx_.max_text_bytes), p.path);
  }
  // A URL resolved against the page base; nothing when it does not resolve.
  std::string Resolve(const std::string& ref) const {
    if (ref.empty()) return {};
    Result<std::string> r = ResolveUrlString(ctx_.base_url, ref);
    return r.ok() ? ValidUtf8(*r) : std::string();
  }
  void SetUrl(const Json& obj, const std::string& path) {
    Prop url = First(Get(obj, path, "url"));
    std::string resolved = url ? Resolve(Text(*url.v)) : std::string();
    if (IsFetchable(resolved)) {
      Set("url", resolved, url.path);
      rec_.item_url = resolved;
    } else if (Prop id = Get(obj, path, "@id")) {
      std::string id_url = Resolve(Text(*id.v));
      // Only an absolute @id names the item; "#course" is a node label.
      if (IsFetchable(id_url) && IsFetchable(Text(*id.v))) {
        Set("url", id_url, id.path);
        rec_.item_url = id_url;
      }
    }
    for (const char* k : {"@id", "identifier", "courseCode", "sku"}) {
      if (Prop p = First(Get(obj, path, k))) {
        rec_.item_id = TruncateUtf8(ValidUtf8(Text(*p.v)), 2048);
        if (!rec_.item_id.empty()) break;
      }
    }
  }

  RawRecord& record() { return rec_; }

  void Emit() {
    if (ctx_.records->size() >= ctx_.max_records) {
      if (!ctx_.limit_reported) {
        ctx_.diagnostics->push_back({.severity = Diagnostic::Severity::kWarning,
                                     .where = ctx_.source,
                                     .message = "more than " + std::to_string(ctx_.max_records) +
                                                " records on the page; the rest are skipped"});
        ctx_.limit_reported = true;
      }
      return;
    }
    ctx_.records->push_back(std::move(rec_));
  }

 private:
  MapContext& ctx_;
  RawRecord rec_;
};

// {"name", "url"} of a provider/organizer/funder (a string is a name).
Json Party(const Builder& b, const Json& v, std::size_t max_text) {
  const Json& one = v.is_array() && !v.empty() ? v[0] : v;
  Json out = Json::object();
  if (one.is_string()) {
    out["name"] = TruncateUtf8(PlainTextFromHtml(one.get<std::string>()), max_text);
  } else if (one.is_object()) {
    std::string name = Text(one.value("name", Json()));
    if (name.empty()) name = Text(one.value("legalName", Json()));
    if (!name.empty()) out["name"] = PlainTextFromHtml(name, max_text);
    std::string url = b.Resolve(Text(one.value("url", Json())));
    if (url.empty() && one.contains("@id") && IsFetchable(Text(one["@id"]))) {
      url = b.Resolve(Text(one["@id"]));
    }
    if (IsFetchable(url)) out["url"] = url;
  }
  return out;
}

Json Names(const std::vector<Prop>& props, std::size_t max_text) {
  Json out = Json::array();
  for (const Prop& p : props) {
    for (const Prop& e : All(p)) {
      std::string name;
      if (e.v->is_object()) {
        for (const char* k : {"name", "audienceType", "educationalRole", "@value"}) {
          if (e.v->contains(k)) {
            name = Text((*e.v)[k]);
            if (!name.empty()) break;
          }
        }
      } else {
        name = Text(*e.v);
      }
      name = PlainTextFromHtml(name, max_text);
      if (!name.empty() && std::find(out.begin(), out.end(), Json(name)) == out.end()) {
        out.push_back(name);
      }
    }
  }
  return out;
}

// {"value", "best", "worst", "count"} as written.
Json Rating(const Json& r) {
  Json out = Json::object();
  if (!r.is_object()) {
    if (r.is_number() || r.is_string()) out["value"] = r;
    return out;
  }
  auto copy = [&](const char* to, std::initializer_list<const char*> from) {
    for (const char* k : from) {
      auto it = r.find(k);
      if (it != r.end() && (it->is_number() || it->is_string())) {
        out[to] =
            it->is_string() ? Json(TruncateUtf8(ValidUtf8(it->get<std::string>()), 256)) : *it;
        return;
      }
    }
  };
  copy("value", {"ratingValue", "schema:ratingValue"});
  copy("best", {"bestRating", "schema:bestRating"});
  copy("worst", {"worstRating", "schema:worstRating"});
  copy("count", {"ratingCount", "reviewCount", "schema:ratingCount", "schema:reviewCount"});
  return out;
}

struct Target {
  std::string url, name, kind;
};

struct Wrap {
  Prop offer;   // an Offer whose itemOffered is the entity
  Prop rating;  // an AggregateRating whose itemReviewed is the entity
};

void MapEntity(const Json& obj, const std::string& path, MapContext& ctx, const Wrap& wrap,
               int depth);

void MapReview(const Json& obj, const std::string& path, MapContext& ctx, const Target& target) {
  Builder b(ctx, "review");
  b.SetUrl(obj, path);
  if (Prop r = First(Get(obj, path, "reviewRating"))) b.Set("rating", Rating(*r.v), r.path);
  b.SetText("title", GetAny(obj, path, {"name", "headline"}));
  b.SetText("text", GetAny(obj, path, {"reviewBody", "description", "text"}));
  if (Prop a = First(Get(obj, path, "author"))) {
    Json party = Party(b, *a.v, ctx.max_text_bytes);
    if (party.contains("name")) b.Set("author", party["name"], a.path);
  }
  b.SetText("date", GetAny(obj, path, {"datePublished", "dateCreated"}));
  Target t = target;
  Prop item = First(Get(obj, path, "itemReviewed"));
  if (item && item.v->is_object()) {
    Json party = Party(b, *item.v, ctx.max_text_bytes);
    if (party.contains("url")) t.url = party["url"];
    if (party.contains("name")) t.name = party["name"];
    std::vector<std::string> types = Types(*item.v);
    if (HasType(types, kCourseTypes)) t.kind = "course";
    if (HasType(types, kProviderTypes)) t.kind = "provider";
  } else if (item && item.v->is_string()) {
    t.name = PlainTextFromHtml(item.v->get<std::string>(), ctx.max_text_bytes);
  }
  b.Set("target_url", t.url.empty() ? ctx.page_url : t.url, item ? item.path : path);
  b.Set("target_name", t.name, item ? item.path : path);
  b.Set("target_kind", t.kind, item ? item.path : path);
  b.Emit();
}

void MapNestedReviews(const Json& obj, const std::string& path, MapContext& ctx,
                      const Target& target) {
  for (const char* key : {"review", "reviews"}) {
    for (const Prop& r : All(Get(obj, path, key))) {
      if (r.v->is_object()) MapReview(*r.v, r.path, ctx, target);
    }
  }
}

void MapCourse(const Json& obj, const std::string& path, MapContext& ctx, const Wrap& wrap) {
  Builder b(ctx, "course");
  b.SetText("title", GetAny(obj, path, {"name", "headline"}));
  b.SetText("description", Get(obj, path, "description"));
  b.SetUrl(obj, path);
  std::vector<Prop> instances = All(Get(obj, path, "hasCourseInstance"));
  instances.erase(std::remove_if(instances.begin(), instances.end(),
                                 [](const Prop& p) { return !p.v->is_object(); }),
                  instances.end());
  if (Prop p = First(GetAny(obj, path, {"provider", "organizer", "publisher"}))) {
    b.Set("provider", Party(b, *p.v, ctx.max_text_bytes), p.path);
  }
  std::vector<Prop> people = {GetAny(obj, path, {"instructor", "performer"})};
  for (const Prop& inst : instances) people.push_back(Get(*inst.v, inst.path, "instructor"));
  if (Json names = Names(people, ctx.max_text_bytes); !names.empty()) {
    b.Set("presenters", names, people[0] ? people[0].path : instances[0].path + ".instructor");
  }
  Prop credits = First(Get(obj, path, "numberOfCredits"));
  if (credits) {
    const Json& v = *credits.v;
    if (v.is_object() && v.contains("value") &&
        (v.contains("unitText") || v.contains("unitCode"))) {
      // The unit decides the hours: {"value": 0.4, "unitText": "CEU"} is 4 contact
      // hours (normalise/hours.h reads the object).
      Json q = {{"value", Sanitize(v["value"], 256)}};
      for (const char* k : {"unitText", "unitCode"}) {
        if (v.contains(k)) q[k] = Sanitize(v[k], 256);
      }
      b.Set("ce_hours", std::move(q), credits.path);
    } else if (v.is_object() && v.contains("value")) {
      b.Set("ce_hours", Sanitize(v["value"], 256), credits.path + ".value");
    } else {
      b.SetRaw("ce_hours", credits);
    }
  }
  Prop award = First(Get(obj, path, "educationalCredentialAwarded"));
  if (award) {
    std::string note = PlainTextFromHtml(Text(*award.v), ctx.max_text_bytes);
    b.Set("credit_note", note, award.path);
    if (note.find_first_of("0123456789") != std::string::npos) b.Set("ce_hours", note, award.path);
  }
  // Schedule facts live on the course (Event) or its first instance.
  std::vector<std::pair<const Json*, std::string>> holders = {{&obj, path}};
  for (const Prop& inst : instances) holders.push_back({inst.v, inst.path});
  for (const auto& [h, hp] : holders) {
    b.SetRaw("format", Unwrap(Get(*h, hp, "courseMode")));
    b.SetRaw("format", Unwrap(Get(*h, hp, "eventAttendanceMode")));
    b.SetText("start_date", Get(*h, hp, "startDate"));
    b.SetText("end_date", Get(*h, hp, "endDate"));
    b.SetRaw("location", First(Get(*h, hp, "location")));
    b.SetText("duration", GetAny(*h, hp, {"timeRequired", "courseWorkload", "duration"}));
  }
  if (instances.size() > 1) {
    Json list = Json::array();
    for (const Prop& inst : instances) {
      Json one = Json::object();
      auto put = [&](const char* to, const char* from) {
        if (Prop p = Get(*inst.v, inst.path, from)) one[to] = Sanitize(*p.v, ctx.max_text_bytes);
      };
      put("format", "courseMode");
      put("start_date", "startDate");
      put("end_date", "endDate");
      put("location", "location");
      put("url", "url");
      list.push_back(std::move(one));
    }
    b.Set("instances", list, path + ".hasCourseInstance");
  }
  // Several offers are all kept: the price normaliser takes the lowest public
  // one, so a "Member" offer listed before the "Non-member" one is not the price.
  Prop offers = Get(obj, path, "offers");
  std::vector<Prop> each_offer = All(offers);
  bool all_objects = std::all_of(each_offer.begin(), each_offer.end(),
                                 [](const Prop& o) { return o.v->is_object(); });
  Prop offer = First(offers);
  if (!offer) offer = wrap.offer;
  if (each_offer.size() > 1 && all_objects) {
    Json list = Json::array();
    for (const Prop& o : each_offer) {
      Json one = Sanitize(*o.v, ctx.max_text_bytes);
      one.erase("itemOffered");
      list.push_back(std::move(one));
    }
    b.Set("price", list, offers.path);
  } else if (offer && offer.v->is_object()) {
    Json price = Sanitize(*offer.v, ctx.max_text_bytes);
    price.erase("itemOffered");
    b.Set("price", price, offer.path);
  } else if (Prop free = Get(obj, path, "isAccessibleForFree")) {
    b.Set("price", Json{{"isAccessibleForFree", Sanitize(*free.v, 64)}}, free.path);
  }
  if (Prop kw = Get(obj, path, "keywords")) {
    b.SetRaw("topics", kw);
  } else if (Prop about = Get(obj, path, "about")) {
    b.Set("topics", Names({about}, ctx.max_text_bytes), about.path);
  }
  b.Set("audiences", Names({Get(obj, path, "audience")}, ctx.max_text_bytes), path + ".audience");
  Prop rating = First(Get(obj, path, "aggregateRating"));
  if (!rating) rating = wrap.rating;
  if (rating) b.Set("rating", Rating(*rating.v), rating.path);
  b.SetText("language", Get(obj, path, "inLanguage"));

  Target target{b.record().item_url.empty() ? ctx.page_url : b.record().item_url,
                b.record().fields.value("title", ""), "course"};
  b.Emit();
  MapNestedReviews(obj, path, ctx, target);
}

void MapProvider(const Json& obj, const std::string& path, MapContext& ctx, const Wrap& wrap) {
  Builder b(ctx, "provider");
  b.SetText("name", GetAny(obj, path, {"name", "legalName", "alternateName"}));
  b.SetUrl(obj, path);
  b.SetText("description", Get(obj, path, "description"));
  Json approvals = Json::array();
  Prop creds = Get(obj, path, "hasCredential");
  for (const Prop& c : All(creds)) {
    Json a = Json::object();
    std::string statement = PlainTextFromHtml(Text(*c.v), ctx.max_text_bytes);
    if (!statement.empty()) a["statement"] = statement;
    if (c.v->is_object()) {
      if (Prop by = First(Get(*c.v, c.path, "recognizedBy"))) {
        std::string body = PlainTextFromHtml(Text(*by.v), ctx.max_text_bytes);
        if (!body.empty()) a["body_text"] = body;
      }
      if (Prop id = First(Get(*c.v, c.path, "identifier"))) a["number"] = Text(*id.v);
    }
    if (!a.empty()) approvals.push_back(std::move(a));
  }
  if (creds) b.Set("approvals", approvals, creds.path);
  b.SetRaw("location", First(GetAny(obj, path, {"address", "location"})));
  Prop rating = First(Get(obj, path, "aggregateRating"));
  if (!rating) rating = wrap.rating;
  if (rating) b.Set("rating", Rating(*rating.v), rating.path);
  Target target{b.record().item_url.empty() ? ctx.page_url : b.record().item_url,
                b.record().fields.value("name", ""), "provider"};
  b.Emit();
  MapNestedReviews(obj, path, ctx, target);
}

void MapScholarship(const Json& obj, const std::string& path, MapContext& ctx) {
  Builder b(ctx, "scholarship");
  b.SetText("name", GetAny(obj, path, {"name", "headline"}));
  b.SetUrl(obj, path);
  b.SetText("description", Get(obj, path, "description"));
  if (Prop s = First(GetAny(obj, path, {"funder", "sponsor", "provider"}))) {
    Json party = Party(b, *s.v, ctx.max_text_bytes);
    if (party.contains("name")) b.Set("sponsor", party["name"], s.path);
  }
  b.SetRaw("amount", First(Get(obj, path, "amount")));
  b.SetText("currency", Get(obj, path, "currency"));
  b.SetText("deadline",
            GetAny(obj, path, {"applicationDeadline", "deadline", "validThrough", "endDate"}));
  b.SetText("eligibility",
            GetAny(obj, path, {"eligibility", "eligibleRegion", "educationalRequirements"}));
  b.Set("audiences", Names({Get(obj, path, "audience")}, ctx.max_text_bytes), path + ".audience");
  b.Emit();
}

void MapEntity(const Json& obj, const std::string& path, MapContext& ctx, const Wrap& wrap,
               int depth) {
  if (depth > 32) return;
  if (obj.is_array()) {
    for (std::size_t i = 0; i < obj.size(); ++i) {
      MapEntity(obj[i], path + "[" + std::to_string(i) + "]", ctx, {}, depth + 1);
    }
    return;
  }
  if (!obj.is_object()) return;
  if (Prop graph = Get(obj, path, "@graph")) {
    if (graph.v->is_object()) {
      MapEntity(*graph.v, graph.path, ctx, {}, depth + 1);
    } else {
      for (const Prop& e : All(graph)) MapEntity(*e.v, e.path, ctx, {}, depth + 1);
    }
  }
  std::vector<std::string> types = Types(obj);
  bool plain_event =
      HasType(types, {"Event"}) && !HasType(types, {"Course", "CourseInstance", "EducationEvent",
                                                    "EducationalOccupationalProgram"});
  if (plain_event && StatesNoCredit(obj)) {
    ctx.diagnostics->push_back(
        {.severity = Diagnostic::Severity::kWarning,
         .where = ctx.source + path,
         .message = "an Event that states it offers no CE credit is not a course"});
  } else if (HasType(types, kCourseTypes)) {
    MapCourse(obj, path, ctx, wrap);
  } else if (HasType(types, kProviderTypes)) {
    MapProvider(obj, path, ctx, wrap);
  } else if (HasType(types, {"Review"})) {
    MapReview(obj, path, ctx, Target{});
  } else if (HasType(types, kScholarshipTypes)) {
    MapScholarship(obj, path, ctx);
  } else if (HasType(types, {"ItemList"})) {
    for (const Prop& e : All(Get(obj, path, "itemListElement"))) {
      Prop item = Get(*e.v, e.path, "item");
      if (item && item.v->is_object()) {
        MapEntity(*item.v, item.path, ctx, {}, depth + 1);
      } else if (!HasType(Types(*e.v), {"ListItem"})) {
        MapEntity(*e.v, e.path, ctx, {}, depth + 1);
      }
    }
  } else if (HasType(types, {"Offer", "AggregateOffer"})) {
    Prop item = First(Get(obj, path, "itemOffered"));
    if (item && item.v->is_object())
      MapEntity(*item.v, item.path, ctx, {Prop{&obj, path}, {}}, depth + 1);
  } else if (HasType(types, {"AggregateRating"})) {
    Prop item = First(Get(obj, path, "itemReviewed"));
    if (item && item.v->is_object()) {
      MapEntity(*item.v, item.path, ctx, {{}, Prop{&obj, path}}, depth + 1);
    } else {
      ctx.diagnostics->push_back({.severity = Diagnostic::Severity::kWarning,
                                  .where = ctx.source,
                                  .message = path + ": AggregateRating without itemReviewed"});
    }
  } else if (HasType(types, {"WebPage", "ItemPage", "CollectionPage", "AboutPage"})) {
    for (const Prop& e : All(Get(obj, path, "mainEntity")))
      MapEntity(*e.v, e.path, ctx, {}, depth + 1);
  }
}

}  // namespace

std::string StripSchemaPrefix(const std::string& type) {
  for (std::string_view p : {"http://schema.org/", "https://schema.org/", "http://www.schema.org/",
                             "https://www.schema.org/", "schema:"}) {
    if (StartsWith(type, p)) return type.substr(p.size());
  }
  return type;
}

void MapStructuredData(const Json& value, const std::string& path, MapContext& ctx) {
  MapEntity(value, path, ctx, {}, 0);
}

}  // namespace cecat::parsers::detail
