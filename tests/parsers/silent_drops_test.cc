// Extraction names its items and says when no extract entry applies to a page
// (issue 20: nothing dropped in silence).
#include <catch2/catch.hpp>

#include "parsers/extract.h"

using cecat::ExtractRule;
using cecat::parsers::ExtractOptions;
using cecat::parsers::ExtractPage;
using cecat::parsers::PageExtraction;

namespace {

// A scholarships page: one card per award.
const char* kScholarships = R"HTML(<html><body><h1>Scholarships</h1>
<ul class="awards">
<li><h3>Future Counselors Award</h3><p class="amt">$5,000</p></li>
<li><h3>Rural Social Work Grant</h3><p class="amt">up to $2,500</p></li>
</ul></body></html>)HTML";

cecat::RuleField Field(std::string name, std::string spec) {
  cecat::RuleField f;
  f.name = std::move(name);
  f.spec = std::move(spec);
  return f;
}

ExtractRule Rule(std::string url, std::string type, std::string item,
                 std::vector<cecat::RuleField> fields) {
  ExtractRule r;
  r.url = std::move(url);
  r.method = "rules";
  r.type = std::move(type);
  r.item = std::move(item);
  r.fields = std::move(fields);
  return r;
}

}  // namespace

TEST_CASE("a rule's records name their entry and their 1-based item") {
  ExtractOptions opt;
  opt.rules = {Rule("/courses/", "course", "div", {Field("title", "h2")}),
               Rule("/scholarships", "scholarship", "ul.awards li",
                    {Field("name", "h3"), Field("amount", "p.amt")})};
  PageExtraction px = ExtractPage(kScholarships, "https://f.example/scholarships", opt);
  REQUIRE(px.records.size() == 2);
  CHECK(px.records[0].origin == "rule[1] item 1");
  CHECK(px.records[1].origin == "rule[1] item 2");
  CHECK_FALSE(px.no_entry_matched);
}

TEST_CASE("a page no extract entry's url regex matches says so, naming the regexes") {
  ExtractOptions opt;
  opt.rules = {Rule("/courses/", "course", "div", {Field("title", "h2")}),
               Rule("/scholarships/\\d+$", "scholarship", "li", {Field("name", "h3")})};
  PageExtraction px = ExtractPage(kScholarships, "https://f.example/scholarships", opt);
  CHECK(px.records.empty());
  CHECK(px.no_entry_matched);
  REQUIRE(px.diagnostics.size() == 1);
  CHECK(px.diagnostics[0].severity == cecat::Diagnostic::Severity::kWarning);
  CHECK(px.diagnostics[0].ToString() ==
        "https://f.example/scholarships: extract: no extract entry matched this URL (tried "
        "rule[0] '/courses/', rule[1] '/scholarships/\\d+$'); no records extracted");

  // An entry without a url regex applies to every page: nothing to report.
  opt.rules.push_back(Rule("", "scholarship", "li", {Field("name", "h3")}));
  px = ExtractPage(kScholarships, "https://f.example/scholarships", opt);
  CHECK(px.records.size() == 2);
  CHECK_FALSE(px.no_entry_matched);
  for (const auto& d : px.diagnostics) CHECK(d.where != "extract");
}
