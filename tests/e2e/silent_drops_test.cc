// End to end: `cecat extract` on a table of CE offers says what it dropped and
// why, which item a reject is, which extract entry did not match, and when the
// page is outside the source's scope (issue 20: nothing dropped in silence).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

using cecat::testing::RunCecat;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

namespace {

// A provider's table of CE offers: the second row is a 620-hour programme, the
// third lost its title.
const char* kOffers = R"HTML(<html><body><h1>Spring CE offers</h1>
<table class="offers">
<tr><th>Course</th><th>Credit</th><th>Fee</th></tr>
<tr class="offer"><td class="t">Ethics for Clinicians</td><td class="h">6 CE hours</td><td class="f">$29</td></tr>
<tr class="offer"><td class="t">Clinical Training Programme</td><td class="h">620 hours</td><td class="f">$4,900</td></tr>
<tr class="offer"><td class="t"></td><td class="h">3 CE hours</td><td class="f">Free</td></tr>
</table></body></html>)HTML";

const char* kSourcesJson = R"({"database": "cecat.db", "sources": [{
  "id": "acme", "kinds": ["courses", "scholarships"],
  "start_urls": ["https://ce.example.org/offers/spring"],
  "extract": [
    {"url": "/scholarships/", "type": "scholarship", "item": "li", "fields": {"name": "h3"}},
    {"url": "/offers/", "item": "tr.offer",
     "fields": {"title": "td.t", "ce_hours": "td.h", "price": "td.f",
                "currency": {"value": "CAD"}}}]}]})";

struct Extracted {
  Json records, diagnostics;
};

Extracted Extract(const TempDir& dir, const std::string& url) {
  auto run = RunCecat({"extract", "--config", (dir / "sources.json").string(), "--source", "acme",
                       "--url", url, "--html", (dir / "offers.html").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  Json out = Json::parse(run.out);
  return {out["records"], out["diagnostics"]};
}

bool Has(const Json& diagnostics, const Json& wanted) {
  for (const Json& d : diagnostics) {
    if (d == wanted) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("extract reports the capped value and names the rejected item of a table of offers") {
  TempDir dir;
  WriteFile(dir / "offers.html", kOffers);
  WriteFile(dir / "sources.json", kSourcesJson);
  const std::string url = "https://ce.example.org/offers/spring";
  Extracted ex = Extract(dir, url);
  INFO(ex.diagnostics.dump(2));
  // The constant currency reaches the price.
  REQUIRE(ex.records.size() >= 2);
  CHECK(ex.records[0]["price"]["currency"] == "CAD");
  CHECK(Has(ex.diagnostics,
            {{"severity", "warning"},
             {"where", "normalise ce_hours"},
             {"url", url},
             {"message",
              "course 'Clinical Training Programme': ce_hours '620 hours' did not normalise (620 "
              "hours is over the 500-hour cap)"}}));
  CHECK(Has(ex.diagnostics, {{"severity", "warning"},
                             {"where", "reject rule[1] item 3"},
                             {"url", url},
                             {"message", "course rejected: missing title (field 'title')"}}));
}

TEST_CASE("extract says when no extract entry's url regex matches the page") {
  TempDir dir;
  WriteFile(dir / "offers.html", kOffers);
  WriteFile(dir / "sources.json", kSourcesJson);
  Extracted ex = Extract(dir, "https://ce.example.org/catalogue/spring");
  INFO(ex.diagnostics.dump(2));
  CHECK(ex.records.empty());
  CHECK(Has(ex.diagnostics,
            {{"severity", "warning"},
             {"where", "extract"},
             {"url", "https://ce.example.org/catalogue/spring"},
             {"message",
              "no extract entry matched this URL (tried rule[0] '/scholarships/', rule[1] "
              "'/offers/'); no records extracted"}}));
}

TEST_CASE("extract warns when the page is outside the source's scope") {
  TempDir dir;
  WriteFile(dir / "offers.html", kOffers);
  WriteFile(dir / "sources.json", kSourcesJson);
  const std::string url = "https://elsewhere.example/offers/spring";
  Extracted ex = Extract(dir, url);
  INFO(ex.diagnostics.dump(2));
  CHECK_FALSE(ex.records.empty());  // extracted as asked
  CHECK(Has(ex.diagnostics, {{"severity", "warning"},
                             {"where", "scope"},
                             {"url", url},
                             {"message",
                              "the page is outside the scope of source 'acme' (its allow, deny "
                              "and start URL hosts); a crawl would not fetch it"}}));

  // In scope: no such warning.
  Extracted in = Extract(dir, "https://ce.example.org/offers/spring");
  for (const Json& d : in.diagnostics) CHECK(d["where"] != "scope");
}
