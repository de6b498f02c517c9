// A course's provider when the page names none (issue 19): the site's on a
// provider's own site; none on an aggregator, which is never its courses' provider.
#include <catch2/catch.hpp>

#include "parsers/extract.h"

using cecat::Json;
using cecat::RawRecord;
using namespace cecat::parsers;

namespace {

const RawRecord* OnlyCourse(const PageExtraction& px) {
  const RawRecord* found = nullptr;
  for (const RawRecord& r : px.records) {
    if (r.kind != "course") continue;
    REQUIRE(found == nullptr);
    found = &r;
  }
  REQUIRE(found != nullptr);
  return found;
}

}  // namespace

TEST_CASE("A course that names no provider is the site's on a provider's own site only") {
  // A workshop page as small providers publish them: the organisation is only in
  // the logo; JSON-LD names the course, its hours and its price.
  const std::string unnamed = R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Course", "name": "Grief Across Cultures",
     "numberOfCredits": 3}</script></head><body><img alt="logo" src="/logo.png"></body></html>)";
  const std::string named = R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Course", "name": "Grief Across Cultures",
     "provider": {"@type": "Organization", "name": "Willow Counseling Institute"}}
    </script></head><body></body></html>)";
  struct Case {
    const std::string* html;
    bool site_is_provider;
    Json provider;  // null: none
    const char* provenance;
  };
  const Case cases[] = {
      {&unnamed, true, Json{{"url", "https://www.willowci.example/"}},
       "site:https://www.willowci.example/"},
      // An aggregator's page that names no provider: not the aggregator.
      {&unnamed, false, Json(), ""},
      // A named provider stays, on either kind of source.
      {&named, true, Json(), "jsonld"},
      {&named, false, Json(), "jsonld"},
  };
  for (const Case& c : cases) {
    INFO("site_is_provider " << c.site_is_provider << " page " << *c.html);
    ExtractOptions options;
    options.site_is_provider = c.site_is_provider;
    PageExtraction px =
        ExtractPage(*c.html, "https://www.willowci.example/workshops/grief?utm_source=x", options);
    const RawRecord* course = OnlyCourse(px);
    auto it = course->fields.find("provider");
    if (std::string(c.provenance).empty()) {
      CHECK(it == course->fields.end());
      continue;
    }
    REQUIRE(it != course->fields.end());
    if (!c.provider.is_null()) CHECK(*it == c.provider);
    CHECK(course->provenance.at("provider").rfind(c.provenance, 0) == 0);
  }
}

TEST_CASE("The site's provider gets the name the page states once, and none when two differ") {
  auto page = [](const std::string& footer) {
    return R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Course", "name": "Grief Across Cultures",
     "numberOfCredits": 3}</script></head><body>)" +
           footer + "</body></html>";
  };
  const std::string one = page(
      "<p>Willow Counseling Institute is an NBCC Approved Continuing Education Provider, ACEP "
      "No. 6123.</p>");
  const std::string two = page(
      "<p>Willow Counseling Institute is an NBCC Approved Continuing Education Provider, ACEP "
      "No. 6123.</p><p>Birch Training LLC is approved by the American Psychological Association "
      "to sponsor continuing education for psychologists.</p>");
  ExtractOptions options;
  options.site_is_provider = true;
  PageExtraction px = ExtractPage(one, "https://willowci.example/workshops/grief", options);
  const RawRecord* course = OnlyCourse(px);
  // Raw, as the statement wrote its subject; the normaliser cleans the approval
  // wording off (normalise/provider.h CleanProviderName).
  CHECK(course->fields.at("provider").value("url", "") == "https://willowci.example/");
  CHECK(course->fields.at("provider").value("name", "").rfind("Willow Counseling Institute", 0) ==
        0);
  px = ExtractPage(two, "https://willowci.example/workshops/grief", options);
  course = OnlyCourse(px);
  CHECK(course->fields.at("provider") == Json({{"url", "https://willowci.example/"}}));
}

TEST_CASE("On a provider's own site, an organisation named without a URL is the site's") {
  const std::string about = R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Organization", "name": "Willow Counseling Institute"}
    </script></head><body><p>Willow Counseling Institute is an NBCC Approved Continuing
    Education Provider, ACEP No. 6123.</p></body></html>)";
  for (bool own_site : {true, false}) {
    INFO("site_is_provider " << own_site);
    ExtractOptions options;
    options.site_is_provider = own_site;
    PageExtraction px = ExtractPage(about, "https://willowci.example/about", options);
    int providers = 0;
    for (const RawRecord& r : px.records) {
      if (r.kind == "provider") {
        ++providers;
        CHECK(r.fields.value("url", "") == (own_site ? "https://willowci.example/" : ""));
      }
      if (r.kind == "approval") {
        CHECK(r.fields.contains("provider") == own_site);
      }
    }
    CHECK(providers == 1);
  }
}
