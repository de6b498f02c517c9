// Microdata in the W3C JSON form, and its records (parsers/microdata.h).
#include <catch2/catch.hpp>

#include <vector>

#include "parsers/extract.h"
#include "parsers/html.h"
#include "parsers/microdata.h"

using cecat::Json;
using namespace cecat::parsers;

namespace {

Json Microdata(const char* html, std::vector<std::string>* notes = nullptr) {
  HtmlDocument doc(html);
  std::vector<std::string> local;
  return ExtractMicrodata(doc.document(), "https://mft.example/courses/", MicrodataOptions{},
                          notes ? notes : &local);
}

}  // namespace

TEST_CASE("Microdata values come from the attribute the element type says") {
  const char* html = R"HTML(<div itemscope itemtype="https://schema.org/Course" itemid="/c/42">
  <h1 itemprop="name">  Couples
     Therapy Basics </h1>
  <meta itemprop="numberOfCredits" content="3">
  <a itemprop="url" href="couples">details</a>
  <img itemprop="image" src="/img/c.png">
  <time itemprop="startDate" datetime="2026-03-04">March 4</time>
  <time itemprop="endDate">March 5, 2026</time>
  <data itemprop="courseCode" value="CT-101">CT 101</data>
  <meter itemprop="ratingValue" value="4.5" min="0" max="5">4.5</meter>
  <span itemprop="price" content="49.00">$49</span>
  <link itemprop="courseMode" href="https://schema.org/OnlineEventAttendanceMode">
  <object itemprop="syllabus" data="syllabus.pdf"></object>
  <span itemprop="keywords description">couples</span>
</div>)HTML";
  Json items = Microdata(html);
  REQUIRE(items.size() == 1);
  const Json& item = items[0];
  CHECK(item["type"] == Json::array({"https://schema.org/Course"}));
  CHECK(item["id"] == "https://mft.example/c/42");
  const Json& p = item["properties"];
  struct Case {
    const char* prop;
    Json value;
  };
  const std::vector<Case> cases = {
      {"name", "Couples Therapy Basics"},
      {"numberOfCredits", "3"},
      {"url", "https://mft.example/courses/couples"},
      {"image", "https://mft.example/img/c.png"},
      {"startDate", "2026-03-04"},
      {"endDate", "March 5, 2026"},
      {"courseCode", "CT-101"},
      {"ratingValue", "4.5"},
      {"price", "49.00"},
      {"courseMode", "https://schema.org/OnlineEventAttendanceMode"},
      {"syllabus", "https://mft.example/courses/syllabus.pdf"},
      {"keywords", "couples"},
      {"description", "couples"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.prop);
    REQUIRE(p.contains(c.prop));
    CHECK(p[c.prop] == Json::array({c.value}));
  }
}

TEST_CASE("Nested items, itemref and top-level detection follow the spec") {
  const char* html = R"HTML(<body>
<div itemscope itemtype="http://schema.org/Course" itemref="prov extra">
  <span itemprop="name">Motivational Interviewing</span>
  <div itemprop="hasCourseInstance" itemscope itemtype="http://schema.org/CourseInstance">
    <span itemprop="courseMode">onsite</span>
    <span itemprop="location" itemscope itemtype="http://schema.org/Place">
      <span itemprop="name">Harbor Hall</span></span>
  </div>
</div>
<p id="extra"><span itemprop="keywords">addiction</span></p>
<div id="prov" itemprop="provider" itemscope itemtype="http://schema.org/Organization">
  <span itemprop="name">Lakeside CE</span></div>
<div itemscope><span itemprop="note">untyped</span></div>
<div itemscope itemref="loop" id="loop" itemprop="self"></div>
</body>)HTML";
  Json items = Microdata(html);
  REQUIRE(items.size() == 2);  // the itemprop'd provider is not top-level
  const Json& course = items[0]["properties"];
  CHECK(course["name"] == Json::array({"Motivational Interviewing"}));
  CHECK(course["keywords"] == Json::array({"addiction"}));
  CHECK(course["provider"][0]["properties"]["name"] == Json::array({"Lakeside CE"}));
  const Json& inst = course["hasCourseInstance"][0];
  CHECK(inst["type"] == Json::array({"http://schema.org/CourseInstance"}));
  CHECK(inst["properties"]["location"][0]["properties"]["name"] == Json::array({"Harbor Hall"}));
  CHECK_FALSE(items[1].contains("type"));
  CHECK(items[1]["properties"]["note"] == Json::array({"untyped"}));
}

TEST_CASE("Microdata becomes JSON-LD-shaped objects for the schema.org mapping") {
  Json item = {{"type", {"http://schema.org/Course"}},
               {"properties",
                {{"name", {"A"}},
                 {"http://schema.org/keywords", {"x", "y"}},
                 {"offers",
                  {{{"type", {"http://schema.org/Offer"}}, {"properties", {{"price", {"5"}}}}}}}}}};
  Json ld = MicrodataToJsonLd(item);
  CHECK(ld == Json{{"@type", "Course"},
                   {"name", "A"},
                   {"keywords", {"x", "y"}},
                   {"offers", {{"@type", "Offer"}, {"price", "5"}}}});
}

TEST_CASE("A microdata course page yields a course record with microdata provenance") {
  const char* html = R"HTML(<html><body>
<div itemscope itemtype="https://schema.org/Course">
  <h1 itemprop="name">Suicide Risk Assessment</h1>
  <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
    <span itemprop="price" content="0">Free</span><meta itemprop="priceCurrency" content="USD"></div>
  <div itemprop="aggregateRating" itemscope itemtype="https://schema.org/AggregateRating">
    <span itemprop="ratingValue">4.8</span>/<span itemprop="bestRating">5</span>
    (<span itemprop="ratingCount">212</span>)</div>
  <div itemprop="review" itemscope itemtype="https://schema.org/Review">
    <span itemprop="author">J. Rivera, LCSW</span>
    <div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating"><meta itemprop="ratingValue" content="5"></div>
    <p itemprop="reviewBody">Practical and clear.</p></div>
</div></body></html>)HTML";
  PageExtraction px = ExtractPage(html, "https://learn.example/c/suicide", {});
  REQUIRE(px.microdata.size() == 1);
  REQUIRE(px.records.size() == 2);
  const auto& c = px.records[0];
  CHECK(c.kind == "course");
  CHECK(c.fields["title"] == "Suicide Risk Assessment");
  CHECK(c.fields["price"] == Json{{"@type", "Offer"}, {"price", "0"}, {"priceCurrency", "USD"}});
  CHECK(c.fields["rating"] == Json{{"value", "4.8"}, {"best", "5"}, {"count", "212"}});
  CHECK(c.provenance.at("title") == "microdata:[0].name");
  CHECK(c.provenance.at("price") == "microdata:[0].offers");
  const auto& r = px.records[1];
  CHECK(r.kind == "review");
  CHECK(r.fields["author"] == "J. Rivera, LCSW");
  CHECK(r.fields["rating"] == Json{{"value", "5"}});
  CHECK(r.fields["text"] == "Practical and clear.");
  CHECK(r.fields["target_url"] == "https://learn.example/c/suicide");
  CHECK(r.fields["target_kind"] == "course");
}

TEST_CASE("JSON-LD wins over microdata in auto mode") {
  const char* html =
      R"HTML(<html><head><script type="application/ld+json">{"@type":"Course","name":"From JSON-LD"}</script></head>
<body><div itemscope itemtype="https://schema.org/Course"><span itemprop="name">From microdata</span></div></body></html>)HTML";
  PageExtraction px = ExtractPage(html, "https://x.example/", {});
  REQUIRE(px.records.size() == 1);
  CHECK(px.records[0].fields["title"] == "From JSON-LD");
  CHECK(px.microdata.size() == 1);
}
