// Builders for courses, providers and approval statements (SPEC.md "Records").
#include <algorithm>

#include <re2/re2.h>

#include "common/ascii.h"
#include "common/url.h"
#include "normalise/approvals.h"
#include "normalise/audiences.h"
#include "normalise/dates.h"
#include "normalise/detail/builder.h"
#include "normalise/format.h"
#include "normalise/hours.h"
#include "normalise/location.h"
#include "normalise/price.h"
#include "normalise/provider.h"
#include "normalise/rating.h"
#include "normalise/text.h"

namespace cecat::normalise::detail {
namespace {

constexpr std::size_t kTitleMax = 300;
constexpr std::size_t kDescriptionMax = 2000;
constexpr std::size_t kNameMax = 200;

// "Dr. Jane Roe, PhD and John Doe, LCSW" -> ["Dr. Jane Roe, PhD", "John Doe, LCSW"]:
// a list item made only of credentials (every word with two or more capitals:
// PhD, LCSW, Ed.D., LPC-S) belongs to the name before it.
bool IsCredentials(const std::string& item) {
  std::size_t words = 0;
  std::size_t start = 0;
  while (start < item.size()) {
    std::size_t end = item.find(' ', start);
    if (end == std::string::npos) end = item.size();
    std::string w = item.substr(start, end - start);
    start = end + 1;
    if (w.empty()) continue;
    ++words;
    int caps = 0;
    for (char c : w) caps += (c >= 'A' && c <= 'Z');
    if (caps < 2 || w.size() > 9) return false;
  }
  return words > 0 && words <= 3;
}

std::vector<std::string> PresenterNames(const Json& value) {
  std::vector<std::string> out;
  for (std::string& item : ValueList(value)) {
    if (!out.empty() && IsCredentials(item)) {
      out.back() += ", " + item;
    } else {
      out.push_back(std::move(item));
    }
  }
  return out;
}

struct ProviderRef {
  std::string name;
  std::string url;
  std::string key;  // the raw field it came from
};

// provider: "Acme CE" or {"name": .., "url": ..} or [{...}].
std::optional<ProviderRef> ReadProvider(const Builder& b, std::initializer_list<const char*> keys) {
  std::string key;
  const Json* p = b.Find(keys, &key);
  if (!p) return std::nullopt;
  const Json& v = p->is_array() && !p->empty() ? (*p)[0] : *p;
  ProviderRef ref;
  ref.key = key;
  if (v.is_object()) {
    if (auto n = v.find("name"); n != v.end()) {
      ref.name = CleanProviderName(PlainText(ValueText(*n), kNameMax));
    }
    for (const char* k : {"url", "@id", "sameAs"}) {
      auto u = v.find(k);
      if (u == v.end() || !u->is_string()) continue;
      RawRecord tmp;
      tmp.page_url = b.raw.page_url;
      tmp.item_url = u->get<std::string>();
      ref.url = ItemUrl(tmp, nullptr, nullptr);
      if (!ref.url.empty()) break;
    }
  } else {
    ref.name = CleanProviderName(PlainText(ValueText(v), kNameMax));
  }
  if (ref.name.empty() && ref.url.empty()) return std::nullopt;
  if (ref.url.empty() && b.provider_urls) {
    std::string key = ProviderNameKey(ref.name);
    auto it = b.provider_urls->find(key);
    if (it != b.provider_urls->end()) ref.url = it->second;
    if (b.provider_lookups != nullptr) b.provider_lookups->push_back(std::move(key));
  }
  return ref;
}

Record ProviderRecord(const Builder& b, const ProviderRef& ref) {
  Record p;
  p.type = RecordType::kProvider;
  p.id = ProviderId(ref.name, ref.url);
  // A provider is known by its site, whichever page of it named the provider.
  std::string site = ProviderSiteUrl(ref.url);
  p.url = site.empty() ? ref.url : site;
  p.sources = {b.source_id};
  if (!ref.name.empty()) {
    p.fields["name"] = ref.name;
    auto it = b.raw.provenance.find(ref.key);
    p.provenance["name"] = it != b.raw.provenance.end() ? it->second : "raw:" + ref.key;
  }
  if (!p.url.empty()) {
    p.fields["url"] = p.url;
    auto it = b.raw.provenance.find(ref.key);
    p.provenance["url"] = it != b.raw.provenance.end() ? it->second : "raw:" + ref.key;
  }
  return p;
}

void SetApprovals(Builder& b, bool provider, std::initializer_list<const char*> keys) {
  std::string key;
  const Json* v = b.Find(keys, &key);
  if (!v) return;
  auto approvals = ParseApprovals(*v, b.vocab);
  if (approvals.empty()) {
    b.Diagnose("approvals", *v, "no accrediting body recognised");
    return;
  }
  Json arr = Json::array();
  Json denied = Json::array();
  for (const auto& a : approvals) {
    if (a.denied) {
      denied.push_back(a.body);
    } else {
      arr.push_back(ApprovalToJson(a, provider));
    }
  }
  if (!arr.empty()) b.Set("approvals", std::move(arr), key);
  // A course page that says a body does not approve it ("not approved for NBCC
  // credit") keeps that, so it inherits no provider approval of the body. A
  // provider's denial is a note about some of its courses, not about itself.
  if (!provider && !denied.empty()) b.Set("not_approved_by", std::move(denied), key);
}

// True when a course's date field says how to attend rather than when: "Self
// paced", "On demand", "Anytime", "Ongoing" (a rolling date), or an on-demand phrase
// before the date ("Recorded on March 3, 2025": the recording's date, not a
// session). "March 15, 2027 (recording available)" is a session date.
bool DateFieldIsOnDemand(const Json& value, const std::optional<DateValue>& date,
                         const Vocabulary& vocab) {
  if (date && date->rolling) return true;
  std::optional<FormatValue> f = ParseFormat(value, vocab);
  const std::string kStrong = "strong: ";
  if (!f || f->format != "on_demand" || f->understood.rfind(kStrong, 0) != 0) return false;
  if (!date) return true;
  std::string folded = Fold(ValueText(value));
  std::size_t phrase = folded.find(f->understood.substr(kStrong.size()));
  std::size_t digit = folded.find_first_of("0123456789");
  return phrase != std::string::npos && phrase < digit;
}

// True when a date field's text says until when ("Available until December 31,
// 2027", "Access expires 12/31/2027", "Offered through 6/30/2027"): the word comes
// before the date, within the first few words, so "April 8 through April 10" (a
// range) is not one.
bool SaysUntil(const Json& value) {
  static const RE2 kUntil(
      R"(^\s*(?:[a-z]+\s+){0,3}?(?:until|till|through|thru|expires?|expiring|ends?|closes?)\b)");
  return RE2::PartialMatch(Fold(ValueText(value)), kUntil);
}

// The number of ratings a rule's rating_count holds: 12, "12", "(12 reviews)",
// "1,204 ratings"; nullopt when it states none.
std::optional<long> RatingCount(const Json& value) {
  if (value.is_number()) {
    double n = value.get<double>();
    if (n < 0 || n > 1e9 || n != static_cast<double>(static_cast<long>(n))) return std::nullopt;
    return static_cast<long>(n);
  }
  static const RE2 kCount(R"((?:^|[^\d.])(\d{1,3}(?:,\d{3})+|\d{1,9})(?:$|[^\d.]))");
  std::string digits;
  if (!RE2::PartialMatch(MatchText(ValueText(value)), kCount, &digits)) return std::nullopt;
  digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
  return std::stol(digits);
}

// rating, and a rule's rating_count (the count written apart from the stars).
void SetRating(Builder& b) {
  std::string key, count_key;
  const Json* v = b.Find({"rating", "aggregateRating", "aggregate_rating", "stars"}, &key);
  const Json* count = b.Find({"rating_count"}, &count_key);
  std::optional<Rating> r = v ? ParseRating(*v) : std::nullopt;
  if (v && !r) b.Diagnose("rating", *v, kWhyRating);
  bool counted = false;
  if (count) {
    std::optional<long> n = RatingCount(*count);
    if (!n) {
      b.Diagnose("rating_count", *count, "expected a whole number of ratings, e.g. 12");
    } else if (!r) {
      b.Dropped("rating_count", *count, "a count needs a rating");
    } else {
      r->count = *n;
      counted = true;
    }
  }
  if (!r) return;
  b.Set("rating", RatingToJson(*r), key);
  if (counted) {
    auto it = b.raw.provenance.find(count_key);
    b.rec.provenance["rating"] +=
        " + " + (it != b.raw.provenance.end() ? it->second : "raw:" + count_key);
  }
}

// price, with a rule's currency and free (SPEC.md "Records": price {amount,
// currency, free}), and schema.org's isAccessibleForFree.
void SetPrice(Builder& b) {
  std::string key, free_key, currency_key;
  std::optional<Price> price;
  const Json* p = b.Find({"price", "offers", "cost", "fee", "fees", "tuition"}, &key);
  if (p) {
    price = ParsePrice(*p);
    if (!price) b.Diagnose("price", *p, kWhyPrice);
  }
  // free: true, "yes", "free" make the price free; "no" and false say only that it is
  // not; any other text is read as a price ("$0", "Free for members").
  if (const Json* f = b.Find({"free", "isAccessibleForFree"}, &free_key)) {
    std::string said = f->is_boolean() ? (f->get<bool>() ? "true" : "false")
                                       : Fold(CollapseWhitespace(ValueText(*f)));
    std::optional<Price> from_free;
    bool not_free = said == "false" || said == "no" || said == "0";
    if (said == "true" || said == "yes" || said == "free" || said == "1") {
      from_free = Price{0, "USD", true, "", free_key};
    } else if (!not_free) {
      from_free = ParsePrice(*f);
      if (!from_free) {
        b.Diagnose("free", *f, "expected true, yes, free, false, no, or a price such as $0");
      }
    }
    if (from_free && price && !price->free && price->amount > 0 && from_free->free) {
      b.Dropped("free", *f,
                "the price field says " + FormatNumber(price->amount) + " " + price->currency);
    } else if (from_free && !price) {
      price = from_free;
      key = free_key;
    } else if (not_free && !price && free_key == "free") {
      b.Dropped("free", *f, "it says the course is not free, and no price field gives the price");
    }
  }
  bool currency_used = false;
  if (const Json* c = b.Find({"currency"}, &currency_key)) {
    std::string code = Upper(MatchText(ValueText(*c)));
    bool letters = code.size() == 3 && std::all_of(code.begin(), code.end(),
                                                   [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (!letters) {
      b.Diagnose("currency", *c, kWhyCurrency);
    } else if (!price) {
      b.Dropped("currency", *c, "a currency needs a price");
    } else {
      // The page's own currency field wins over what "$" implied.
      price->currency = code;
      currency_used = true;
    }
  }
  if (!price) return;
  b.Set("price", PriceToJson(*price), key);
  if (currency_used) {
    auto it = b.raw.provenance.find(currency_key);
    b.rec.provenance["price"] +=
        " + " + (it != b.raw.provenance.end() ? it->second : "raw:" + currency_key);
  }
}

}  // namespace

std::optional<Record> BuildCourse(Builder& b, std::vector<Record>& extra, std::string* reason) {
  Record& rec = b.rec;
  rec.type = RecordType::kCourse;
  std::string key;
  const Json* title = b.Find({"title", "name", "headline"}, &key);
  std::string title_text = title ? PlainText(ValueText(*title), kTitleMax) : "";
  b.label = "course '" + (title_text.empty() ? b.raw.item_url : title_text) + "'";
  if (title_text.empty()) {
    *reason = "missing title";
    b.reject_field = "title";
    return std::nullopt;
  }
  b.Set("title", title_text, key);

  std::string invalid;
  std::string url_key;
  const Json* url_field = b.Find({"url", "link", "@id"}, &url_key);
  std::string item_url = ItemUrl(b.raw, url_field, &invalid);
  if (!invalid.empty()) b.Diagnose("url", Json(invalid), "not a URL");
  rec.url = !item_url.empty() ? item_url : b.raw.page_url;
  if (!rec.url.empty() && !Canonical(rec.url).empty()) rec.url = Canonical(rec.url);
  if (rec.url.empty()) {
    *reason = invalid.empty() ? "missing url" : "invalid url '" + invalid + "'";
    b.reject_field = "url";
    return std::nullopt;
  }
  // The id reads the title as matching does, as it always has: the publisher's
  // curly quotes and dashes do not move it (issue 17, item 7).
  rec.id = MakeRecordId(RecordType::kCourse, IdKey(b.raw, item_url, b.source_id,
                                                   MatchText(ValueText(*title), kTitleMax)));

  if (const Json* d = b.Find({"description", "summary", "abstract", "teaches"}, &key)) {
    std::string text = PlainText(ValueText(*d), kDescriptionMax);
    if (!text.empty()) b.Set("description", text, key);
  }
  if (const Json* p = b.Find({"presenters", "presenter", "instructors", "instructor", "speakers",
                              "speaker", "performer", "faculty", "author"},
                             &key)) {
    Json list = Json::array();
    for (const std::string& name : PresenterNames(*p)) {
      std::string n = PlainText(name, kNameMax);
      // "O’Brien" and "O'Brien" are one presenter.
      bool seen = std::any_of(list.begin(), list.end(), [&](const Json& listed) {
        return SameMatchText(listed.get<std::string>(), n);
      });
      if (!n.empty() && !seen) list.push_back(n);
    }
    if (!list.empty()) b.Set("presenters", std::move(list), key);
  }

  // Credit: contact hours, per-audience values, and the note as written.
  std::string hours_key;
  const Json* hours = b.Find({"ce_hours", "hours", "credits", "credit_hours", "ce_credits",
                              "numberOfCredits", "courseWorkload", "timeRequired", "duration"},
                             &hours_key);
  if (hours) {
    std::string why;
    if (auto h = ParseContactHours(*hours, &b.vocab, &why)) {
      b.Set("ce_hours", h->hours, hours_key);
      if (!h->by_audience.empty()) {
        Json by = Json::object();
        for (const auto& [aud, v] : h->by_audience) by[aud] = v;
        b.Set("ce_hours_by_audience", std::move(by), hours_key);
      }
    } else {
      b.Diagnose("ce_hours", *hours, why);
    }
  }
  if (const Json* note = b.Find({"credit_note", "educationalCredentialAwarded", "credit"}, &key)) {
    std::string text = PlainText(ValueText(*note), kDescriptionMax);
    if (!text.empty()) b.Set("credit_note", text, key);
  } else if (hours && hours->is_string()) {
    // The credit as written ("0.6 CEU (6 contact hours), NBCC clock hours") is the note.
    std::string text = PlainText(hours->get<std::string>(), kDescriptionMax);
    if (!text.empty() && !ParseDecimal(text)) b.Set("credit_note", text, hours_key);
  }

  SetApprovals(b, false,
               {"approvals", "approval", "accreditation", "accreditations", "approved_by"});

  std::vector<std::string> audiences;
  if (const Json* a = b.Find(
          {"audiences", "audience", "target_audience", "educationalRole", "licenses"}, &key)) {
    audiences = ParseCourseAudiences(*a, b.vocab);
    if (audiences.empty()) b.Diagnose("audiences", *a, "no licence or profession recognised");
  }
  if (audiences.empty() && rec.fields.contains("ce_hours_by_audience")) {
    for (const std::string& slug : AudienceSlugs()) {
      if (rec.fields["ce_hours_by_audience"].contains(slug)) audiences.push_back(slug);
    }
    key = hours_key;
  }
  if (!audiences.empty()) {
    b.Set("audiences", audiences, key);
  } else if (auto approvals = rec.fields.find("approvals"); approvals != rec.fields.end()) {
    // Only when the page names no audience: the professions the approving bodies
    // serve (an APA-approved course is for psychologists), marked as inferred so
    // `cecat extract` and `cecat show` tell it from a stated audience.
    std::vector<std::string> bodies;
    audiences = InferAudiences(*approvals, b.vocab, &bodies);
    if (!audiences.empty()) {
      rec.fields["audiences"] = audiences;
      rec.provenance["audiences"] = InferredAudienceProvenance(
          bodies, rec.provenance.count("approvals") != 0 ? rec.provenance["approvals"]
                                                         : std::string("approvals"));
    }
  }

  // Format and dates are read together (docs/normalisation.md "Formats", rules 7
  // and 8): a date field that names a way of attending is a format, and "Online"
  // on a dated session is live.
  std::string format_key;
  const Json* format = b.Find({"format", "courseMode", "eventAttendanceMode", "mode", "delivery",
                               "delivery_method", "type_of_course"},
                              &format_key);
  std::optional<FormatValue> format_value;
  if (format) {
    format_value = ParseFormat(*format, b.vocab);
    if (!format_value) b.Diagnose("format", *format, kWhyFormat);
  }
  std::string date_key;
  const Json* start =
      b.Find({"start_date", "startDate", "date", "dates", "courseSchedule", "schedule"}, &date_key);
  std::optional<DateValue> start_value = start ? ParseDate(*start) : std::nullopt;
  const bool start_on_demand = start && DateFieldIsOnDemand(*start, start_value, b.vocab);
  if (start_on_demand) {
    start_value.reset();
  } else if (start_value && !start_value->rolling && start_value->end.empty() &&
             SaysUntil(*start)) {
    b.Set("end_date", start_value->start, date_key);
  } else if (start_value && !start_value->rolling) {
    b.Set("start_date", start_value->start, date_key);
    if (!start_value->end.empty()) b.Set("end_date", start_value->end, date_key);
  } else if (start) {
    b.Diagnose("start_date", *start, kWhyDate);
  }
  std::string end_key;
  const Json* end = b.Find({"end_date", "endDate"}, &end_key);
  bool end_on_demand = false;
  if (end) {
    std::optional<DateValue> end_value = ParseDate(*end);
    end_on_demand = DateFieldIsOnDemand(*end, end_value, b.vocab);
    if (end_on_demand) {
      // "Ongoing", "Self-paced": no end date, and not a date that failed.
    } else if (end_value && !end_value->rolling) {
      b.Set("end_date", end_value->start, end_key);
    } else {
      b.Diagnose("end_date", *end, kWhyDate);
    }
  }
  const bool weak = format_value && format_value->understood.rfind("weak: ", 0) == 0;
  // Provenance says when the format was read from a date field or moved by one, so
  // `cecat extract` shows why (issue 19: inferred fields show their provenance).
  const std::string kFromDateField = " (the date field names the format)";
  if (format_value && weak && (start_on_demand || end_on_demand)) {
    // "Webinar" / "On demand": the date field's strong phrase settles a weak hint.
    b.Set("format", "on_demand", start_on_demand ? date_key : end_key);
    rec.provenance["format"] += kFromDateField;
  } else if (format_value && weak && format_value->format == "on_demand" &&
             format_value->understood.find("online") != std::string::npos &&
             rec.fields.contains("start_date")) {
    // "Online" alone is on demand, but an online session held on a stated date is
    // attended live (issue 19). Only the bare "online"/"online course" hint
    // moves: "video", "podcast" or a strong "self-paced" stay on demand.
    b.Set("format", "live_online", format_key);
    rec.provenance["format"] +=
        " + " + rec.provenance["start_date"] + " (online with a session date: live)";
  } else if (format_value) {
    b.Set("format", format_value->format, format_key);
  } else if (start_on_demand || end_on_demand) {
    b.Set("format", "on_demand", start_on_demand ? date_key : end_key);
    rec.provenance["format"] += kFromDateField;
  }

  std::string loc_key;
  const Json* loc = b.Find({"location", "venue", "address", "place"}, &loc_key);
  std::optional<Location> location;
  if (loc) {
    location = ParseLocation(*loc);
    if (!location && !IsOnlineLocation(*loc)) b.Diagnose("location", *loc, kWhyLocation);
  } else if (format) {
    // "In-Person - Austin, TX": the format text carries the place.
    location = ParseLocation(Json(ValueText(*format)));
    loc_key = format_key;
  }
  // A rule's city, state and country: the place written in parts. Each fills what
  // `location` left empty.
  {
    Location parts;
    std::string parts_key;
    bool any = false;
    if (std::string k; const Json* c = b.Find({"city"}, &k)) {
      parts.city = PlainText(ValueText(*c), 100);
      parts_key = k;
      any = !parts.city.empty();
    }
    if (std::string k; const Json* st = b.Find({"state"}, &k)) {
      if (auto code = UsStateCode(MatchText(ValueText(*st)))) {
        parts.state = *code;
        parts.country = "US";
        if (parts_key.empty()) parts_key = k;
        any = true;
      } else {
        b.Diagnose("state", *st, "not a US state's name or code; expected e.g. Texas or TX");
      }
    }
    if (std::string k; const Json* co = b.Find({"country"}, &k)) {
      if (auto code = CountryCode(MatchText(ValueText(*co)))) {
        if (!parts.state.empty() && *code != "US") {
          b.Dropped("state", Json(parts.state), "a US state in a country other than the US");
          parts.state.clear();
        }
        parts.country = *code;
        if (parts_key.empty()) parts_key = k;
        any = true;
      } else {
        b.Diagnose("country", *co, "not a country's name or ISO code; expected e.g. Canada or CA");
      }
    }
    if (any) {
      if (!location) {
        location = parts;
        loc_key = parts_key;
      } else {
        if (location->city.empty()) location->city = parts.city;
        if (location->state.empty() && location->country.empty()) {
          location->state = parts.state;
          location->country = parts.country;
        } else if (location->country.empty()) {
          location->country = parts.country;
        }
      }
    }
  }
  if (location) {
    b.Set("location", LocationToJson(*location), loc_key);
    // A course at a street address with no stated format is held in person.
    if (!rec.fields.contains("format") && (!location->city.empty() || !location->state.empty()))
      b.Set("format", "in_person", loc_key);
  }

  SetPrice(b);

  // Topics from the topic fields and the title (a title "Ethics for Supervisors" is
  // about ethics and supervision even when the page lists no keywords).
  {
    std::string topic_key;
    const Json* t = b.Find(
        {"topics", "keywords", "about", "subjects", "categories", "category", "tags"}, &topic_key);
    Json text = Json::array();
    if (t) text.push_back(*t);
    text.push_back(title_text);
    auto topics = ParseTopics(text, b.vocab);
    if (t && ParseTopics(*t, b.vocab).empty()) b.Diagnose("topics", *t, "no taxonomy slug matched");
    if (!topics.empty()) b.Set("topics", topics, t ? topic_key : "title");
  }

  SetRating(b);

  if (auto ref =
          ReadProvider(b, {"provider", "organizer", "publisher", "provider_name", "sponsor"})) {
    Record p = ProviderRecord(b, *ref);
    Json prov = {{"id", p.id}};
    if (!ref->name.empty()) prov["name"] = ref->name;
    b.Set("provider", std::move(prov), ref->key);
    extra.push_back(std::move(p));
  } else if (const Json* v =
                 b.Find({"provider", "organizer", "publisher", "provider_name", "sponsor"}, &key)) {
    b.Diagnose("provider", *v, "no name or link left once approval wording is removed");
  }
  return std::move(rec);
}

std::optional<Record> BuildProvider(Builder& b, std::string* reason) {
  Record& rec = b.rec;
  rec.type = RecordType::kProvider;
  std::string key;
  const Json* name = b.Find({"name", "title", "provider", "legalName"}, &key);
  std::string name_text = name ? CleanProviderName(PlainText(ValueText(*name), kNameMax)) : "";
  std::string invalid, url_key;
  const Json* url_field = b.Find({"url", "website", "@id"}, &url_key);
  std::string url = ItemUrl(b.raw, url_field, &invalid);
  if (std::string site = ProviderSiteUrl(url); !site.empty()) url = site;
  b.label = "provider '" + (name_text.empty() ? url : name_text) + "'";
  if (name_text.empty() && url.empty()) {
    *reason = invalid.empty() ? "missing name" : "invalid url '" + invalid + "'";
    b.reject_field = invalid.empty() ? "name" : "url";
    return std::nullopt;
  }
  rec.id = ProviderId(name_text, url);
  rec.url = url;
  if (!name_text.empty()) b.Set("name", name_text, key);
  if (!url.empty()) b.Set("url", url, url_key.empty() ? "url" : url_key);
  SetApprovals(
      b, true,
      {"approvals", "approval", "accreditation", "accreditations", "body_text", "statement"});
  SetRating(b);
  return std::move(rec);
}

std::optional<Record> BuildApproval(Builder& b, std::string* reason) {
  // An approval statement belongs to a provider: the one named in the record, or
  // else the site it was found on (its origin).
  Record& rec = b.rec;
  rec.type = RecordType::kProvider;
  auto ref = ReadProvider(b, {"provider", "provider_name", "organization", "sponsor"});
  if (!ref) {
    ProviderRef site;
    auto page = ParseUrl(b.raw.page_url);
    if (page.ok() && !page->host.empty()) site.url = page->Origin() + "/";
    site.key = "page_url";
    if (!site.url.empty()) ref = site;
  }
  b.label = "approval on '" + b.raw.page_url + "'";
  if (!ref) {
    *reason = "missing provider";
    b.reject_field = "provider";
    return std::nullopt;
  }
  auto approvals = ParseApprovals(b.raw.fields, b.vocab);
  if (const Json* list = b.Find({"approvals", "accreditations"})) {
    for (auto& a : ParseApprovals(*list, b.vocab)) approvals.push_back(std::move(a));
  }
  if (std::all_of(approvals.begin(), approvals.end(), [](const Approval& a) { return a.denied; })) {
    *reason = approvals.empty() ? "no accrediting body recognised"
                                : "the statement only says which bodies do not approve";
    std::string field;
    b.Find({"body", "text", "approvals", "body_text", "statement"}, &field);
    b.reject_field = field;
    return std::nullopt;
  }
  // What an approval's own fields said and the record cannot keep.
  if (const Json* n = b.Find({"number"});
      n && !approvals.empty() && approvals[0].body == "APA" && !approvals[0].number) {
    b.Dropped("number", *n, "APA issues no provider number (DOMAIN.md)");
  }
  if (const Json* d = b.Find({"valid_until"});
      d && !approvals.empty() && approvals[0].valid_until.empty()) {
    b.Diagnose("valid_until", *d, kWhyDate);
  }
  if (const Json* sc = b.Find({"scope"}); sc && !approvals.empty() && approvals[0].scope.empty()) {
    b.Diagnose("scope", *sc,
               "no profession recognised; expected psychologist, counselor, social_worker, mft or "
               "addiction wording");
  }
  Record p = ProviderRecord(b, *ref);
  rec.id = p.id;
  rec.url = p.url;
  rec.fields = p.fields;
  rec.provenance = p.provenance;
  Json arr = Json::array();
  std::vector<std::string> seen;
  for (const auto& a : approvals) {
    if (a.denied || std::find(seen.begin(), seen.end(), a.body) != seen.end()) continue;
    seen.push_back(a.body);
    arr.push_back(ApprovalToJson(a, true));
  }
  std::string key;
  b.Find({"body_text", "statement", "text", "body", "approvals"}, &key);
  b.Set("approvals", std::move(arr), key.empty() ? "fields" : key);
  return std::move(rec);
}

}  // namespace cecat::normalise::detail
