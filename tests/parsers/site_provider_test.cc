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
