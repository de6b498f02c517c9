// ExtractPage: the API the CLI calls (parsers/extract.h).
#include <catch2/catch.hpp>

#include "parsers/extract.h"

using cecat::Json;
using cecat::parsers::ExtractOptions;
using cecat::parsers::ExtractPage;
using cecat::parsers::PageExtraction;

namespace {

const cecat::RawRecord* FindKind(const PageExtraction& px, const std::string& kind, int nth = 0) {
  for (const auto& r : px.records) {
    if (r.kind == kind && nth-- == 0) return &r;
  }
  return nullptr;
}

std::string DiagText(const PageExtraction& px) {
  std::string s;
  for (const auto& d : px.diagnostics) s += d.where + ": " + d.message + "\n";
  return s;
}

}  // namespace

TEST_CASE("A JSON-LD Course becomes a raw course record with provenance") {
  const char* html = R"HTML(<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@type":"Course","name":"Ethics for Counselors &amp; Therapists",
 "description":"<p>Six hours of <b>ethics</b>.</p>","url":"/courses/ethics",
 "provider":{"@type":"Organization","name":"Riverbend Learning","url":"https://riverbend.example/"},
 "numberOfCredits":6,
 "hasCourseInstance":{"@type":"CourseInstance","courseMode":"online","instructor":{"@type":"Person","name":"Dana Holt, PhD"}},
 "offers":{"@type":"Offer","price":"29.00","priceCurrency":"USD"}}
</script></head><body></body></html>)HTML";
  PageExtraction px = ExtractPage(html, "https://riverbend.example/catalog/1", ExtractOptions{});
  INFO(DiagText(px));
  REQUIRE(px.jsonld.size() == 1);
  const cecat::RawRecord* c = FindKind(px, "course");
  REQUIRE(c != nullptr);
  CHECK(c->fields["title"] == "Ethics for Counselors & Therapists");
  CHECK(c->fields["description"] == "Six hours of ethics.");
  CHECK(c->item_url == "https://riverbend.example/courses/ethics");
  CHECK(c->fields["provider"] ==
        Json{{"name", "Riverbend Learning"}, {"url", "https://riverbend.example/"}});
  CHECK(c->fields["ce_hours"] == 6);
  CHECK(c->fields["format"] == "online");
  CHECK(c->fields["presenters"] == Json::array({"Dana Holt, PhD"}));
  CHECK(c->fields["price"] ==
        Json{{"@type", "Offer"}, {"price", "29.00"}, {"priceCurrency", "USD"}});
  CHECK(c->provenance.at("title") == "jsonld:[0].name");
  CHECK(c->provenance.at("format") == "jsonld:[0].hasCourseInstance.courseMode");
  CHECK(c->page_url == "https://riverbend.example/catalog/1");
}

TEST_CASE("Links are resolved against <base href> and follow selectors mark them") {
  const char* html = R"HTML(<html><head><base href="https://cdn.example/base/"></head><body>
<nav class="pager"><a href="?page=2">2</a><span><a href="page3">3</a></span></nav>
<a class="detail" href="/course/1">One</a>
<a href="mailto:info@example.org">mail</a>
<a href="javascript:void(0)">js</a>
<a name="anchor">no href</a>
</body></html>)HTML";
  ExtractOptions opt;
  opt.follow = {"nav.pager", "a.detail"};
  PageExtraction px = ExtractPage(html, "https://site.example/list", opt);
  INFO(DiagText(px));
  CHECK(px.base_url == "https://cdn.example/base/");
  REQUIRE(px.links.size() == 5);
  struct Want {
    const char* href;
    const char* url;
    bool follow;
  };
  const Want want[] = {{"?page=2", "https://cdn.example/base/?page=2", true},
                       {"page3", "https://cdn.example/base/page3", true},
                       {"/course/1", "https://cdn.example/course/1", true},
                       {"mailto:info@example.org", "", false},
                       {"javascript:void(0)", "", false}};
  for (std::size_t i = 0; i < 5; ++i) {
    CAPTURE(i);
    CHECK(px.links[i].href == want[i].href);
    CHECK(px.links[i].url == want[i].url);
    CHECK(px.links[i].follow == want[i].follow);
  }

  // The refresh's option: the links no follow selector reaches are not listed
  // (nor resolved); the others are exactly as above.
  opt.followed_links_only = true;
  PageExtraction only = ExtractPage(html, "https://site.example/list", opt);
  REQUIRE(only.links.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(only.links[i].href == want[i].href);
    CHECK(only.links[i].url == want[i].url);
    CHECK(only.links[i].follow);
  }
  CHECK(only.base_url == px.base_url);
  CHECK(only.records.size() == px.records.size());
  // Without follow selectors every link is followed, so every link is listed.
  opt.follow.clear();
  CHECK(ExtractPage(html, "https://site.example/list", opt).links.size() == 5);
}

TEST_CASE("Rules make one record per item with text and attributes") {
  const char* html = R"HTML(<html><body>
<div class="course"><h2 class="t">  Trauma-Informed
  Care </h2><span class="hrs">6 CE hours</span><a href="/c/1">more</a><span class="price">$29</span></div>
<div class="course"><h2 class="t">DBT Skills</h2><a href="/c/2">more</a></div>
</body></html>)HTML";
  ExtractOptions opt;
  cecat::ExtractRule rule;
  rule.method = "rules";
  rule.item = "div.course";
  rule.type = "course";
  rule.fields = {
      {"title", "h2.t"}, {"ce_hours", ".hrs"}, {"url", "a@href"}, {"price", "span.price"}};
  opt.rules = {rule};
  PageExtraction px = ExtractPage(html, "https://p.example/list", opt);
  INFO(DiagText(px));
  REQUIRE(px.records.size() == 2);
  CHECK(px.records[0].fields["title"] == "Trauma-Informed Care");
  CHECK(px.records[0].fields["ce_hours"] == "6 CE hours");
  CHECK(px.records[0].item_url == "https://p.example/c/1");
  CHECK(px.records[0].provenance.at("title") == "rule:h2.t");
  CHECK(px.records[1].fields["title"] == "DBT Skills");
  CHECK_FALSE(px.records[1].fields.contains("ce_hours"));
  bool noted = false;
  for (const auto& d : px.diagnostics) {
    noted = noted || (d.where == "rule[0].fields.ce_hours" &&
                      d.message == "'.hrs' matched nothing in 1 of 2 items");
  }
  CHECK(noted);
}

TEST_CASE("Rule entries apply only when their url regex matches the page") {
  const char* html = R"HTML(<html><body><h1>Title</h1><p class="amt">$5,000</p></body></html>)HTML";
  ExtractOptions opt;
  cecat::ExtractRule a, b;
  a.url = "/scholarships/";
  a.method = "rules";
  a.type = "scholarship";
  a.fields = {{"name", "h1"}, {"amount", "p.amt"}};
  b.url = "/courses/";
  b.method = "rules";
  b.type = "course";
  b.fields = {{"title", "h1"}};
  opt.rules = {a, b};
  PageExtraction px = ExtractPage(html, "https://f.example/scholarships/x", opt);
  REQUIRE(px.records.size() == 1);
  CHECK(px.records[0].kind == "scholarship");
  CHECK(px.records[0].fields["amount"] == "$5,000");
}

TEST_CASE("CheckSelector reports the column of the error") {
  CHECK(cecat::parsers::CheckSelector("div.course > a").ok());
  cecat::Status st = cecat::parsers::CheckSelector("div[");
  CHECK(st.message() == "selector 'div[': column 5: expected attribute name");
  CHECK(cecat::parsers::CheckFieldSelector("a[data-x='a@b']@href").ok());
  // ":scope" alone is the item itself; inside a selector it is not supported.
  CHECK(cecat::parsers::CheckFieldSelector(":scope").ok());
  CHECK(cecat::parsers::CheckFieldSelector(" :scope @href").ok());
  CHECK_FALSE(cecat::parsers::CheckFieldSelector(":scope > h2").ok());
  CHECK(cecat::parsers::CheckFieldSelector("td:nth-child(x)@title").message() ==
        "selector 'td:nth-child(x)': column 14: expected an+b, 'odd' or 'even'");
}
