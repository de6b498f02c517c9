// Rule field objects (SPEC.md "Sources file"): `from` item|page|ancestor:SEL,
// `all`, `join`, `default` and constants, on pages shaped like real catalogues.
#include <catch2/catch.hpp>

#include "parsers/extract.h"

using cecat::Json;
using cecat::RuleField;
using cecat::parsers::ExtractOptions;
using cecat::parsers::ExtractPage;
using cecat::parsers::PageExtraction;

namespace {

std::string RuleDiagText(const PageExtraction& px) {
  std::string s;
  for (const auto& d : px.diagnostics) s += d.where + ": " + d.message + "\n";
  return s;
}

RuleField Field(std::string name, std::string spec) {
  RuleField f;
  f.name = std::move(name);
  f.spec = std::move(spec);
  f.written = f.spec;
  return f;
}

}  // namespace

// A provider's table of offers grouped under section headings that give the
// format, the provider's name only in the site header, and every row free.
TEST_CASE("Rule fields read from the page, an ancestor, and constants") {
  const char* html = R"HTML(<html><body>
<header><div class="brand">Riverbend Counseling Institute</div>
  <p class="approval">Riverbend is an NBCC Approved Continuing Education Provider, ACEP No. 7001.</p></header>
<section class="group"><h2>Live webinars</h2>
  <table><tr class="offer"><td class="t">Ethics in Telehealth</td><td class="h">3 CE hours</td></tr>
         <tr class="offer"><td class="t">Grief Work</td><td class="h">2 CE hours</td></tr></table></section>
<section class="group"><h2>Home study</h2>
  <table><tr class="offer"><td class="t">Motivational Interviewing</td><td class="h">6 CE hours</td></tr></table></section>
<table><tr class="offer"><td class="t">Orphan row</td></tr></table>
</body></html>)HTML";
  cecat::ExtractRule rule;
  rule.method = "rules";
  rule.item = "tr.offer";
  RuleField format = Field("format", "h2");
  format.from = RuleField::From::kAncestor;
  format.ancestor = "section.group";
  RuleField provider = Field("provider", "header .brand");
  provider.from = RuleField::From::kPage;
  RuleField approvals = Field("approvals", "p.approval");
  approvals.from = RuleField::From::kPage;
  RuleField free;
  free.name = "free";
  free.value = true;
  free.written = R"({"value":true})";
  rule.fields = {
      Field("title", "td.t"), Field("ce_hours", "td.h"), format, provider, approvals, free};
  ExtractOptions opt;
  opt.rules = {rule};
  PageExtraction px = ExtractPage(html, "https://riverbend.example/ce", opt);
  INFO(RuleDiagText(px));
  // The header's approval statement is also a page-level approval record.
  std::erase_if(px.records, [](const cecat::RawRecord& r) { return r.kind != "course"; });
  REQUIRE(px.records.size() == 4);
  CHECK(px.records[0].fields["format"] == "Live webinars");
  CHECK(px.records[1].fields["format"] == "Live webinars");
  CHECK(px.records[2].fields["format"] == "Home study");
  CHECK_FALSE(px.records[3].fields.contains("format"));  // no section above it
  for (const cecat::RawRecord& r : px.records) {
    CHECK(r.fields["provider"] == "Riverbend Counseling Institute");
    CHECK(r.fields["free"] == true);
    REQUIRE(r.fields["approvals"].is_array());
    REQUIRE(r.fields["approvals"].size() == 1);
    CHECK(r.fields["approvals"][0].value("number", "") == "7001");
    CHECK(r.provenance.at("free") == R"(rule:{"value":true})");
  }
  bool noted = false;
  for (const auto& d : px.diagnostics) {
    noted = noted || (d.where == "rule[0].fields.format" &&
                      d.message == "'h2' matched nothing in 1 of 4 items");
  }
  CHECK(noted);
}

// A course page written as a definition list, the audience a list of licences,
// eligibility over several paragraphs, a format the page does not state.
TEST_CASE("Rule fields take every match, join them, or fall back to a default") {
  const char* html = R"HTML(<html><body><main class="course">
<h1>Trauma Basics</h1>
<dl><dt>Credit hours</dt><dd>4.5</dd>
    <dt>Prerequisites:</dt><dd>None</dd>
    <dt>Audience</dt><dd><ul><li>LPC</li><li>LCSW</li><li> </li><li>LMFT</li></ul></dd></dl>
<h3>Who should attend</h3><p class="who">Clinicians new to trauma work.</p>
<p class="who">Supervisors of early-career staff.</p>
</main></body></html>)HTML";
  cecat::ExtractRule rule;
  rule.method = "rules";
  rule.item = "main.course";
  RuleField audiences = Field("audiences", "dt:contains('audience') + dd li");
  audiences.all = true;
  RuleField description = Field("description", "p.who");
  description.join = " ";
  RuleField format = Field("format", ".format");
  format.fallback = "on demand";
  rule.fields = {Field("title", "h1"), Field("ce_hours", "dt:contains('credit hours') + dd"),
                 audiences, description, format};
  ExtractOptions opt;
  opt.rules = {rule};
  PageExtraction px = ExtractPage(html, "https://ce.example/trauma-basics", opt);
  INFO(RuleDiagText(px));
  REQUIRE(px.records.size() == 1);
  const cecat::RawRecord& r = px.records[0];
  CHECK(r.fields["ce_hours"] == "4.5");
  CHECK(r.fields["audiences"] == Json::array({"LPC", "LCSW", "LMFT"}));  // the blank item skipped
  CHECK(r.fields["description"] ==
        "Clinicians new to trauma work. Supervisors of early-career staff.");
  CHECK(r.fields["format"] == "on demand");
  CHECK(r.provenance.at("format") == "rule:.format (default)");
  // A default is no miss: nothing to warn about.
  CHECK(RuleDiagText(px).find("fields.format") == std::string::npos);
}

TEST_CASE("A rule field with all reads at most max_field_matches matches") {
  std::string html = "<html><body><div class=c><h2>T</h2><ul>";
  for (int i = 0; i < 500; ++i) html += "<li>LPC</li>";
  html += "</ul></div></body></html>";
  cecat::ExtractRule rule;
  rule.method = "rules";
  rule.item = "div.c";
  RuleField audiences = Field("audiences", "li");
  audiences.all = true;
  rule.fields = {Field("title", "h2"), audiences};
  ExtractOptions opt;
  opt.rules = {rule};
  opt.max_field_matches = 50;
  PageExtraction px = ExtractPage(html, "https://ce.example/", opt);
  REQUIRE(px.records.size() == 1);
  CHECK(px.records[0].fields["audiences"].size() == 50);
}

// A school's catalogue written as headings, each followed by its paragraphs with
// no element around the group: the fields come from the siblings after each
// heading, up to the next one or the next heading of a higher rank.
TEST_CASE("Rule fields read from the item's following siblings, up to the next item") {
  const char* html = R"HTML(<html><body><div class="catalogue">
<h2>Spring 2027 workshops</h2>
<h3 class="course">Trauma-Focused CBT</h3>
<p class="meta">6 CE hours &middot; Live webinar</p>
<p>Day one covers assessment.</p><p>Day two covers the model.</p>
<h3 class="course">Ethics and Boundaries</h3>
<p class="meta">3 CE hours</p>
<div><p>One paragraph, inside a wrapper.</p></div>
<h3 class="course">Last One, Nothing After</h3>
<h2>Contact</h2><p class="meta">Call 555-0100</p><p>ce@school.example</p>
</div></body></html>)HTML";
  cecat::ExtractRule rule;
  rule.method = "rules";
  rule.item = "h3.course";
  RuleField hours = Field("ce_hours", "p.meta");
  hours.from = RuleField::From::kFollowing;
  RuleField description = Field("description", "p:not(.meta)");
  description.from = RuleField::From::kFollowing;
  description.join = " ";
  // The heading is the item: ":scope" reads its own text.
  rule.fields = {Field("title", ":scope"), hours, description};
  ExtractOptions opt;
  opt.rules = {rule};
  PageExtraction px = ExtractPage(html, "https://school.example/ce", opt);
  INFO(RuleDiagText(px));
  REQUIRE(px.records.size() == 3);
  CHECK(px.records[0].fields["title"] == "Trauma-Focused CBT");
  CHECK(px.records[0].fields["ce_hours"] == "6 CE hours · Live webinar");
  CHECK(px.records[0].fields["description"] ==
        "Day one covers assessment. Day two covers the model.");
  // A paragraph inside a following wrapper counts; the next heading ends the run.
  CHECK(px.records[1].fields["ce_hours"] == "3 CE hours");
  CHECK(px.records[1].fields["description"] == "One paragraph, inside a wrapper.");
  // A heading of a higher rank (the h2 after the last h3) ends the run too.
  CHECK_FALSE(px.records[2].fields.contains("ce_hours"));
  CHECK_FALSE(px.records[2].fields.contains("description"));
}
