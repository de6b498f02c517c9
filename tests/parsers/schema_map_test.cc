// schema.org JSON-LD shapes mapped onto raw records (parsers/detail/schema_map.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parsers/extract.h"

using cecat::Json;
using namespace cecat::parsers;

namespace {

PageExtraction FromJsonLd(const std::string& block,
                          const std::string& url = "https://ce.example/p") {
  std::string html = "<html><head><script type=\"application/ld+json\">" + block +
                     "</script></head><body></body></html>";
  return ExtractPage(html, url, {});
}

std::string Kinds(const PageExtraction& px) {
  std::string out;
  for (const auto& r : px.records) out += (out.empty() ? "" : " ") + r.kind;
  return out;
}

}  // namespace

TEST_CASE("Every schema.org shape of DOMAIN.md yields the right kinds of records") {
  struct Case {
    const char* name;
    const char* block;
    const char* kinds;
  };
  const Case cases[] = {
      {"Course", R"({"@type":"Course","name":"A"})", "course"},
      {"type array", R"({"@type":["Thing","Course"],"name":"A"})", "course"},
      {"schema: prefix", R"({"@type":"schema:Course","schema:name":"A"})", "course"},
      {"http prefix", R"({"@type":"http://schema.org/EducationEvent","name":"A"})", "course"},
      {"https prefix", R"({"@type":"https://schema.org/Event","name":"A"})", "course"},
      {"CourseInstance alone", R"({"@type":"CourseInstance","name":"A"})", "course"},
      {"Organization", R"({"@type":"EducationalOrganization","name":"O"})", "provider"},
      {"Review", R"({"@type":"Review","reviewBody":"ok"})", "review"},
      {"MonetaryGrant", R"({"@type":"MonetaryGrant","name":"Minority Fellowship"})", "scholarship"},
      {"top-level array", R"([{"@type":"Course","name":"A"},{"@type":"Course","name":"B"}])",
       "course course"},
      {"@graph",
       R"({"@context":"https://schema.org","@graph":[{"@type":"WebSite"},{"@type":"Course","name":"A"},{"@type":"Organization","name":"O"}]})",
       "course provider"},
      {"ItemList of ListItem.item",
       R"({"@type":"ItemList","itemListElement":[{"@type":"ListItem","position":1,"item":{"@type":"Course","name":"A"}},{"@type":"ListItem","position":2,"url":"/b"}]})",
       "course"},
      {"ItemList of entities",
       R"({"@type":"ItemList","itemListElement":[{"@type":"Course","name":"A"},{"@type":"Course","name":"B"}]})",
       "course course"},
      {"Offer wrapping a course",
       R"({"@type":"Offer","price":"15","itemOffered":{"@type":"Course","name":"A"}})", "course"},
      {"AggregateRating of a provider",
       R"({"@type":"AggregateRating","ratingValue":4.6,"itemReviewed":{"@type":"Organization","name":"O"}})",
       "provider"},
      {"WebPage mainEntity", R"({"@type":"WebPage","mainEntity":{"@type":"Course","name":"A"}})",
       "course"},
      {"nested reviews",
       R"({"@type":"Course","name":"A","review":[{"@type":"Review","reviewBody":"x"},{"@type":"Review","reviewBody":"y"}]})",
       "course review review"},
      {"unknown types", R"([{"@type":"BreadcrumbList"},{"@type":"WebSite"},{"name":"untyped"}])",
       ""},
      {"scalars", R"(["a", 1, null, true])", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name, c.block);
    CHECK(Kinds(FromJsonLd(c.block)) == c.kinds);
  }
}

TEST_CASE("A course with instances, offers, rating and audience maps every field") {
  PageExtraction px = FromJsonLd(R"({
  "@context": "https://schema.org", "@type": "Course", "@id": "https://ce.example/c/7#course",
  "name": "EMDR Foundations", "courseCode": "EMDR-7",
  "numberOfCredits": {"@type": "StructuredValue", "value": 6},
  "educationalCredentialAwarded": "6 CE for psychologists, 5.5 for counselors",
  "audience": [{"@type": "Audience", "audienceType": "LPC"}, {"@type": "EducationalAudience", "educationalRole": "LCSW"}],
  "keywords": "trauma, EMDR", "inLanguage": "en",
  "aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.6", "bestRating": "5", "reviewCount": 31},
  "offers": [{"@type": "Offer", "price": 129, "priceCurrency": "USD", "category": "Paid"}],
  "hasCourseInstance": [
    {"@type": "CourseInstance", "courseMode": ["onsite"], "startDate": "2026-05-01", "endDate": "2026-05-02",
     "location": {"@type": "Place", "name": "Hotel", "address": {"@type": "PostalAddress", "addressLocality": "Austin", "addressRegion": "TX"}},
     "instructor": [{"@type": "Person", "name": "R. Chen"}]},
    {"@type": "CourseInstance", "courseMode": "online", "startDate": "2026-06-01", "courseWorkload": "PT6H"}
  ]})");
  REQUIRE(px.records.size() == 1);
  const auto& c = px.records[0];
  CHECK(c.item_url == "https://ce.example/c/7#course");
  CHECK(c.item_id == "https://ce.example/c/7#course");
  CHECK(c.fields["ce_hours"] == 6);
  CHECK(c.provenance.at("ce_hours") == "jsonld:[0].numberOfCredits.value");
  CHECK(c.fields["credit_note"] == "6 CE for psychologists, 5.5 for counselors");
  CHECK(c.fields["audiences"] == Json::array({"LPC", "LCSW"}));
  CHECK(c.fields["topics"] == "trauma, EMDR");
  CHECK(c.fields["rating"] == Json{{"value", "4.6"}, {"best", "5"}, {"count", 31}});
  CHECK(c.fields["price"] ==
        Json{{"@type", "Offer"}, {"price", 129}, {"priceCurrency", "USD"}, {"category", "Paid"}});
  CHECK(c.provenance.at("price") == "jsonld:[0].offers[0]");
  CHECK(c.fields["format"] == "onsite");
  CHECK(c.provenance.at("format") == "jsonld:[0].hasCourseInstance[0].courseMode[0]");
  CHECK(c.fields["start_date"] == "2026-05-01");
  CHECK(c.fields["end_date"] == "2026-05-02");
  CHECK(c.fields["location"]["address"]["addressLocality"] == "Austin");
  CHECK(c.fields["presenters"] == Json::array({"R. Chen"}));
  CHECK(c.fields["duration"] == "PT6H");
  CHECK(c.fields["language"] == "en");
  REQUIRE(c.fields["instances"].size() == 2);
  CHECK(c.fields["instances"][1] == Json{{"format", "online"}, {"start_date", "2026-06-01"}});
}

TEST_CASE("Events, grants, reviews and providers map their own vocabularies") {
  PageExtraction px = FromJsonLd(R"([
  {"@type": "EducationEvent", "name": "Live: Telehealth Ethics", "startDate": "2026-02-10T18:00-05:00",
   "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
   "location": {"@type": "VirtualLocation", "url": "https://zoom.example/j/1"},
   "organizer": {"@type": "Organization", "name": "Delta CE", "url": "/"},
   "performer": {"@type": "Person", "name": "Ana Ruiz, LMFT"},
   "isAccessibleForFree": true},
  {"@type": "MonetaryGrant", "name": "Minority Fellowship Program", "url": "/mfp",
   "funder": {"@type": "Organization", "name": "Counselor Foundation"},
   "amount": {"@type": "MonetaryAmount", "minValue": 15000, "maxValue": 20000, "currency": "USD"},
   "applicationDeadline": "2026-03-31", "description": "For master's students &amp; doctoral candidates."},
  {"@type": "Review", "author": {"@type": "Person", "name": "K. Patel"}, "datePublished": "2025-11-02",
   "name": "Useful", "reviewBody": "Good <b>pacing</b>.",
   "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 5},
   "itemReviewed": {"@type": "Course", "name": "EMDR Foundations", "url": "/c/7"}},
  {"@type": "Organization", "name": "Delta CE", "url": "https://delta.example/",
   "hasCredential": {"@type": "EducationalOccupationalCredential", "name": "APA approved sponsor",
                     "recognizedBy": {"@type": "Organization", "name": "American Psychological Association"}}}
  ])",
                                 "https://delta.example/events/1");
  REQUIRE(Kinds(px) == "course scholarship review provider");
  const auto& e = px.records[0].fields;
  CHECK(e["format"] == "https://schema.org/OnlineEventAttendanceMode");
  CHECK(e["provider"] == Json{{"name", "Delta CE"}, {"url", "https://delta.example/"}});
  CHECK(e["presenters"] == Json::array({"Ana Ruiz, LMFT"}));
  CHECK(e["price"] == Json{{"isAccessibleForFree", true}});
  CHECK(e["start_date"] == "2026-02-10T18:00-05:00");
  const auto& s = px.records[1];
  CHECK(s.item_url == "https://delta.example/mfp");
  CHECK(s.fields["sponsor"] == "Counselor Foundation");
  CHECK(s.fields["amount"] == Json{{"@type", "MonetaryAmount"},
                                   {"minValue", 15000},
                                   {"maxValue", 20000},
                                   {"currency", "USD"}});
  CHECK(s.fields["deadline"] == "2026-03-31");
  CHECK(s.fields["description"] == "For master's students & doctoral candidates.");
  const auto& r = px.records[2].fields;
  CHECK(r["author"] == "K. Patel");
  CHECK(r["rating"] == Json{{"value", 4}, {"best", 5}});
  CHECK(r["text"] == "Good pacing.");
  CHECK(r["title"] == "Useful");
  CHECK(r["date"] == "2025-11-02");
  CHECK(r["target_url"] == "https://delta.example/c/7");
  CHECK(r["target_name"] == "EMDR Foundations");
  CHECK(r["target_kind"] == "course");
  const auto& p = px.records[3].fields;
  CHECK(p["approvals"] == Json::array({{{"statement", "APA approved sponsor"},
                                        {"body_text", "American Psychological Association"}}}));
}

TEST_CASE("Strings are sanitised: invalid UTF-8 replaced, long text capped") {
  std::string long_desc(100000, 'x');
  ExtractOptions opt;
  opt.max_text_bytes = 1000;
  std::string html =
      "<script type=application/ld+json>{\"@type\":\"Course\",\"name\":\"Bad \xFF "
      "byte\",\"description\":\"" +
      long_desc + "\"}</script>";
  PageExtraction px = ExtractPage(html, "https://x.example/", opt);
  REQUIRE(px.records.size() == 1);
  CHECK(px.records[0].fields["title"] == "Bad \xEF\xBF\xBD byte");
  CHECK(px.records[0].fields["description"].get<std::string>().size() == 1000);
  for (const auto& r : px.records) CHECK_NOTHROW(r.fields.dump());
  CHECK_NOTHROW(px.jsonld.dump());
}

TEST_CASE("numberOfCredits with a unit keeps the unit for the hours reader") {
  PageExtraction px = FromJsonLd(R"({"@type": "Course", "name": "CBT-I",
    "numberOfCredits": {"@type": "StructuredValue", "value": 0.4, "unitText": "CEU"}})");
  REQUIRE(px.records.size() == 1);
  CHECK(px.records[0].fields["ce_hours"] == Json({{"value", 0.4}, {"unitText", "CEU"}}));
}
