// Builders for scholarships and reviews (SPEC.md "Records").
#include <algorithm>
#include <cctype>

#include <re2/re2.h>

#include "common/ascii.h"
#include "common/url.h"
#include "normalise/audiences.h"
#include "normalise/dates.h"
#include "normalise/detail/builder.h"
#include "normalise/price.h"
#include "normalise/provider.h"
#include "normalise/rating.h"
#include "normalise/sponsor.h"
#include "normalise/text.h"

namespace cecat::normalise::detail {
namespace {

constexpr std::size_t kNameMax = 300;
constexpr std::size_t kTextMax = 4000;

struct AmountRange {
  double min = 0;
  double max = 0;
  std::string currency;
};

// "$15,000-$20,000", "up to $5,000", "$2,500 each", 5000,
// {"minValue": 15000, "maxValue": 20000, "currency": "USD"} (MonetaryAmount).
std::optional<AmountRange> ParseAmountRange(const Json& value) {
  if (value.is_object()) {
    auto num = [&](const char* k) -> std::optional<double> {
      auto it = value.find(k);
      if (it == value.end()) return std::nullopt;
      if (it->is_number()) return it->get<double>();
      return ParseDecimal(ValueText(*it));
    };
    std::string currency = "USD";
    if (auto c = value.find("currency"); c != value.end() && c->is_string())
      currency = c->get<std::string>();
    auto lo = num("minValue"), hi = num("maxValue");
    if (!lo && !hi) {
      if (auto v = value.find("value"); v != value.end()) {
        auto r = ParseAmountRange(*v);
        if (r && value.contains("currency")) r->currency = currency;
        return r;
      }
      return std::nullopt;
    }
    return AmountRange{lo.value_or(*hi), hi.value_or(*lo), currency};
  }
  if (value.is_number()) return AmountRange{value.get<double>(), value.get<double>(), "USD"};
  std::string text = MatchText(ValueText(value));
  // Every amount in the text; "up to" makes the only amount a maximum.
  static const RE2 kAmount(
      R"((?i)(US\$|USD|CA\$|C\$|CAD|EUR|GBP|€|£|\$)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{2})?\s*(k\b)?)");
  re2::StringPiece in(text);
  std::string sym, num, k;
  std::vector<double> amounts;
  std::string currency;
  while (RE2::FindAndConsume(&in, kAmount, &sym, &num, &k)) {
    num.erase(std::remove(num.begin(), num.end(), ','), num.end());
    double v = std::stod(num) * (k.empty() ? 1 : 1000);
    // Bare small numbers are counts ("5 awards"), not money, unless a symbol says so.
    if (sym.empty() && k.empty() && v < 100) continue;
    amounts.push_back(v);
    if (currency.empty() && !sym.empty()) {
      auto p = ParsePrice(Json(sym + "1"));
      if (p) currency = p->currency;
    }
  }
  if (amounts.empty()) return std::nullopt;
  AmountRange r;
  r.min = *std::min_element(amounts.begin(), amounts.end());
  r.max = *std::max_element(amounts.begin(), amounts.end());
  r.currency = currency.empty() ? "USD" : currency;
  std::string folded = Fold(text);
  if (amounts.size() == 1 && (ContainsPhrase(folded, "up to") || ContainsPhrase(folded, "maximum")))
    r.min = 0;
  return r;
}

constexpr const char* kWhyAmount =
    "no amount of money; expected e.g. $5,000, $2,500-$10,000 or up to $5,000 (bare numbers "
    "under 100 are counts)";

// amount (a figure or a range), or amount_min and amount_max written apart, and
// the currency (SPEC.md "Records": amount_min, amount_max, currency).
void SetAmount(Builder& b) {
  std::string key, min_key, max_key, currency_key;
  std::optional<AmountRange> range;
  const Json* a = b.Find({"amount", "award", "value", "funding"}, &key);
  const Json* lo = b.Find({"amount_min"}, &min_key);
  const Json* hi = b.Find({"amount_max"}, &max_key);
  if (a) {
    range = ParseAmountRange(*a);
    if (!range) b.Diagnose("amount", *a, kWhyAmount);
  }
  std::optional<AmountRange> lo_range = lo ? ParseAmountRange(*lo) : std::nullopt;
  std::optional<AmountRange> hi_range = hi ? ParseAmountRange(*hi) : std::nullopt;
  if (lo && !lo_range) b.Diagnose("amount_min", *lo, kWhyAmount);
  if (hi && !hi_range) b.Diagnose("amount_max", *hi, kWhyAmount);
  std::string min_from = key, max_from = key;
  // The figures written apart are more precise than a range read from one text.
  if (lo_range || hi_range) {
    if (!range) {
      range = lo_range ? *lo_range : *hi_range;
      range->min = lo_range ? lo_range->min : 0;
      range->max = hi_range ? hi_range->max : lo_range->max;
      min_from = lo_range ? min_key : max_key;
      max_from = hi_range ? max_key : min_key;
      if (!hi_range) range->max = range->min;
    } else {
      if (lo_range) {
        range->min = lo_range->min;
        min_from = min_key;
      }
      if (hi_range) {
        range->max = hi_range->max;
        max_from = max_key;
      }
    }
    if (range->min > range->max) {
      b.Dropped("amount_min", lo ? *lo : Json(range->min),
                "above the maximum " + FormatNumber(range->max));
      range->min = range->max;
    }
  }
  const Json* c = b.Find({"currency", "priceCurrency"}, &currency_key);
  if (!range) {
    if (c) b.Dropped("currency", *c, "a currency needs an amount");
    return;
  }
  std::string currency_from = key.empty() ? min_from : key;
  if (c) {
    // A separate currency field ("currency": "CAD") wins over the default.
    std::string code = Upper(MatchText(ValueText(*c)));
    if (code.size() == 3 &&
        std::all_of(code.begin(), code.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })) {
      range->currency = code;
      currency_from = currency_key;
    } else {
      b.Diagnose("currency", *c, kWhyCurrency);
    }
  }
  b.Set("amount_min", range->min, min_from);
  b.Set("amount_max", range->max, max_from);
  b.Set("currency", range->currency, currency_from);
}

}  // namespace

std::optional<Record> BuildScholarship(Builder& b, std::string* reason) {
  Record& rec = b.rec;
  rec.type = RecordType::kScholarship;
  std::string key;
  const Json* name = b.Find({"name", "title", "headline"}, &key);
  std::string name_text = name ? PlainText(ValueText(*name), kNameMax) : "";
  b.label = "scholarship '" + (name_text.empty() ? b.raw.item_url : name_text) + "'";
  if (name_text.empty()) {
    *reason = "missing name";
    b.reject_field = "name";
    return std::nullopt;
  }
  b.Set("name", name_text, key);
  std::string invalid, url_key;
  std::string item_url = ItemUrl(b.raw, b.Find({"url", "link", "@id"}, &url_key), &invalid);
  if (!invalid.empty()) b.Diagnose("url", Json(invalid), "not a URL");
  rec.url = !item_url.empty() ? item_url : b.raw.page_url;
  if (rec.url.empty()) {
    *reason = "missing url";
    b.reject_field = "url";
    return std::nullopt;
  }
  // The id reads the name as matching does, as it always has: the publisher's
  // curly quotes do not move it (issue 17, item 7).
  rec.id = MakeRecordId(RecordType::kScholarship,
                        IdKey(b.raw, item_url, b.source_id, MatchText(ValueText(*name), kNameMax)));

  if (const Json* s =
          b.Find({"sponsor", "funder", "provider", "organization", "organizer"}, &key)) {
    // Pages write the sponsor in a sentence ("Funded by the X with a federal grant").
    std::string text =
        SponsorName(PlainText(ValueText(s->is_array() && !s->empty() ? (*s)[0] : *s), kNameMax));
    if (!text.empty()) {
      b.Set("sponsor", text, key);
    } else {
      b.Diagnose("sponsor", *s, "no organisation's name in the text");
    }
  }
  SetAmount(b);
  if (const Json* d =
          b.Find({"deadline", "application_deadline", "applicationDeadline", "due_date", "endDate"},
                 &key)) {
    if (auto date = ParseDate(*d)) {
      b.Set("deadline", date->rolling ? std::string("rolling") : date->start, key);
    } else {
      b.Diagnose("deadline", *d, kWhyDate);
    }
  }
  if (const Json* d =
          b.Find({"disciplines", "discipline", "fields", "field_of_study", "audiences"}, &key)) {
    auto slugs = ParseAudiences(*d, b.vocab);
    if (!slugs.empty()) {
      b.Set("disciplines", slugs, key);
    } else {
      b.Diagnose("disciplines", *d, "no discipline recognised");
    }
  }
  if (const Json* d =
          b.Find({"degree_levels", "degree_level", "degrees", "educationalLevel", "level"}, &key)) {
    auto slugs = MatchSlugs(b.vocab.degree_levels, Fold(ValueText(*d)));
    if (!slugs.empty()) {
      b.Set("degree_levels", slugs, key);
    } else {
      b.Diagnose("degree_levels", *d, "no degree level recognised");
    }
  }
  if (const Json* e = b.Find({"eligibility", "requirements", "description"}, &key)) {
    std::string text = PlainText(ValueText(*e), kTextMax);
    if (!text.empty()) b.Set("eligibility", text, key);
  }
  // Without discipline or degree fields, the name and eligibility text say them
  // ("Fellowship for Counselors", "Master's students in CACREP programs").
  if (!rec.fields.contains("disciplines") || !rec.fields.contains("degree_levels")) {
    std::string words = name_text;
    std::string words_key = "name";
    if (const Json* e = b.Find({"eligibility", "requirements", "description"}, &key)) {
      words += ". " + ValueText(*e);
      words_key = key;
    }
    if (!rec.fields.contains("disciplines")) {
      auto slugs = ParseAudiences(Json(words), b.vocab);
      if (!slugs.empty()) b.Set("disciplines", slugs, words_key);
    }
    if (!rec.fields.contains("degree_levels")) {
      auto slugs = MatchSlugs(b.vocab.degree_levels, Fold(words));
      if (!slugs.empty()) b.Set("degree_levels", slugs, words_key);
    }
  }
  if (const Json* o = b.Find({"open", "status", "is_open"}, &key)) {
    std::optional<bool> open;
    if (o->is_boolean()) {
      open = o->get<bool>();
    } else {
      std::string f = Fold(ValueText(*o));
      if (ContainsPhrase(f, "closed") || ContainsPhrase(f, "not accepting") || f == "false" ||
          ContainsPhrase(f, "no longer"))
        open = false;
      else if (ContainsPhrase(f, "open") || ContainsPhrase(f, "accepting") || f == "true" ||
               ContainsPhrase(f, "apply now"))
        open = true;
    }
    if (open) {
      b.Set("open", *open, key);
    } else {
      b.Diagnose("open", *o,
                 "expected open wording (open, accepting applications, apply now, true) or "
                 "closed wording (closed, not accepting, no longer, false)");
    }
  }
  if (const Json* a = b.Find({"apply_url", "application_url", "applyUrl", "apply"}, &key)) {
    RawRecord tmp;
    tmp.page_url = b.raw.page_url;
    tmp.item_url = MatchText(ValueText(*a));
    std::string bad;
    std::string u = ItemUrl(tmp, nullptr, &bad);
    if (!u.empty()) {
      b.Set("apply_url", u, key);
    } else {
      b.Diagnose("apply_url", *a, "not a URL");
    }
  }
  return std::move(rec);
}

std::optional<Record> BuildReview(Builder& b, std::string* reason) {
  Record& rec = b.rec;
  rec.type = RecordType::kReview;
  b.label = "review on '" + b.raw.page_url + "'";
  std::string key;

  // What the review names as its target: a record id, the reviewed item's URL,
  // name and type (itemReviewed, or the parsers' target_url/target_name/target_kind).
  TargetRef ref;
  std::string target_key = "page_url";
  std::string target_url;  // as resolved, for telling a review's own url from it
  static const RE2 kRecordId(R"(^[cpsr]-[0-9a-f]{16}$)");
  auto read_url = [&](const Json& v, const std::string& written) {
    RawRecord tmp;
    tmp.page_url = b.raw.page_url;
    tmp.item_url = written;
    std::string bad;
    std::string url = ItemUrl(tmp, nullptr, &bad);
    if (url.empty()) b.Diagnose("target", v, "not a URL or record id");
    return url;
  };
  if (const Json* kind = b.Find({"target_kind"})) {
    if (Fold(ValueText(*kind)) == "provider") ref.provider = true;
  }
  if (const Json* t =
          b.Find({"target", "itemReviewed", "item_reviewed", "about", "target_url"}, &key)) {
    target_key = key;
    const Json& v = t->is_array() && !t->empty() ? (*t)[0] : *t;
    std::string written;
    if (v.is_object()) {
      std::string type = Fold(ValueText(v.value("@type", Json(""))));
      if (type.find("organization") != std::string::npos ||
          type.find("provider") != std::string::npos || type.find("business") != std::string::npos)
        ref.provider = true;
      for (const char* k : {"url", "@id", "id"}) {
        if (auto it = v.find(k); it != v.end() && it->is_string()) {
          written = it->get<std::string>();
          break;
        }
      }
      if (auto n = v.find("name"); n != v.end()) ref.name = PlainText(ValueText(*n), kNameMax);
    } else {
      written = MatchText(ValueText(v));
    }
    written = CollapseWhitespace(written);
    if (RE2::FullMatch(written, kRecordId)) {
      ref.id = written;
    } else if (written.find(' ') != std::string::npos && written.find('/') == std::string::npos) {
      // "Trauma-Informed Care for Clinicians": a title, not a relative URL.
      if (ref.name.empty()) ref.name = PlainText(written, kNameMax);
    } else if (!written.empty()) {
      ref.url = read_url(v, written);
    }
  }
  if (ref.url.empty() && ref.id.empty()) {
    if (const Json* u = b.Find({"target_url"}); u && u->is_string())
      ref.url = read_url(*u, CollapseWhitespace(MatchText(u->get<std::string>())));
  }
  std::string name_key;
  if (ref.name.empty()) {
    if (const Json* n =
            b.Find({"target_name", "target_title", "course_title", "course"}, &name_key)) {
      ref.name = PlainText(ValueText(*n), kNameMax);
    }
  }
  // Without a URL or id: the page the review is on.
  if (ref.url.empty() && ref.id.empty()) ref.url = Canonical(b.raw.page_url);
  ref.url_is_page = !ref.url.empty() && Canonical(ref.url) == Canonical(b.raw.page_url);
  target_url = ref.url;

  ProviderUrlLookup provider_url = [&](const std::string& name) -> std::string {
    if (b.provider_urls == nullptr) return "";
    std::string k = ProviderNameKey(name);
    if (b.provider_lookups != nullptr) b.provider_lookups->push_back(k);
    auto it = b.provider_urls->find(k);
    return it == b.provider_urls->end() ? "" : it->second;
  };
  TargetResolution resolved = ResolveReviewTarget(ref, b.raw.page_url, b.courses, provider_url);
  if (!resolved.error.empty()) {
    *reason = resolved.error;
    b.reject_field = target_key == "page_url" ? "target" : target_key;
    return std::nullopt;
  }
  const std::string& target = resolved.target;
  b.Set("target", target, target_key);
  // How the target was found, for `cecat extract`: by title or by the page's only
  // course is a resolution across records, not a value read off the page.
  if (resolved.how == "title" || resolved.how == "page" || resolved.how == "provider") {
    std::string from = target_key;
    if (resolved.how == "title" && !name_key.empty()) {
      auto it = b.raw.provenance.find(name_key);
      from = it != b.raw.provenance.end() ? it->second : "raw:" + name_key;
    } else {
      from = rec.provenance["target"];
    }
    rec.provenance["target"] = "resolved:" + resolved.how + " (" + from + ")";
  }

  std::string rating_key;
  const Json* rating = b.Find({"rating", "reviewRating", "ratingValue", "stars"}, &rating_key);
  std::optional<Rating> r = rating ? ParseRating(*rating) : std::nullopt;
  if (rating && !r) b.Diagnose("rating", *rating, kWhyRating);
  if (r) b.Set("rating", r->average, rating_key);
  // As published for the record; as matching reads them (MatchText) for the id,
  // which they have always been part of (issue 17, item 7).
  std::string title, text, author, date;
  std::string title_key, text_key, author_key;
  if (const Json* t = b.Find({"title", "name", "headline"}, &key)) {
    title = PlainText(ValueText(*t), kNameMax);
    title_key = MatchText(ValueText(*t), kNameMax);
    if (!title.empty()) b.Set("title", title, key);
  }
  if (const Json* t = b.Find({"text", "reviewBody", "body", "description", "comment"}, &key)) {
    text = PlainText(ValueText(*t), kTextMax);
    text_key = MatchText(ValueText(*t), kTextMax);
    if (!text.empty()) b.Set("text", text, key);
  }
  if (!r && text.empty()) {
    *reason = "missing rating and text";
    b.reject_field = rating ? rating_key : "rating";
    return std::nullopt;
  }
  if (const Json* a = b.Find({"author", "reviewer", "creator"}, &key)) {
    const Json& first = a->is_array() && !a->empty() ? (*a)[0] : *a;
    author = PlainText(ValueText(first), kNameMax);
    author_key = MatchText(ValueText(first), kNameMax);
    if (!author.empty()) b.Set("author", author, key);
  }
  if (const Json* d = b.Find({"date", "datePublished", "dateCreated", "published"}, &key)) {
    if (auto dv = ParseDate(*d); dv && !dv->rolling) {
      date = dv->start;
      b.Set("date", date, key);
    } else {
      b.Diagnose("date", *d, kWhyDate);
    }
  }
  std::string invalid;
  std::string item_url = ItemUrl(b.raw, b.Find({"url", "@id"}), &invalid);
  rec.url = !item_url.empty() ? item_url : b.raw.page_url;
  // A review "url" that is its page's or its target's names the course, not the review.
  if (!item_url.empty() && (Canonical(item_url) == Canonical(b.raw.page_url) ||
                            Canonical(item_url) == Canonical(target_url)))
    item_url.clear();
  // Reviews rarely have their own URL; author, date and a text hash tell them apart.
  std::string fallback =
      target + "|" + author_key + "|" + date + "|" + title_key + "|" + Hash64Hex(text_key);
  rec.id = MakeRecordId(RecordType::kReview, IdKey(b.raw, item_url, b.source_id, fallback));
  return std::move(rec);
}

}  // namespace cecat::normalise::detail
