// Rule suggestions (parsers/suggest.h, issue 20): on pages shaped like real
// catalogues, the suggested item selector and fields, used as a rule, extract
// the records.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "parsers/extract.h"
#include "parsers/suggest.h"

using cecat::Json;
using cecat::parsers::ExtractOptions;
using cecat::parsers::ExtractPage;
using cecat::parsers::ItemSuggestion;
using cecat::parsers::PageExtraction;
using cecat::parsers::SuggestedRule;
using cecat::parsers::SuggestItems;

namespace {

std::string SuggestFixture(const std::string& name) {
  std::ifstream in(std::string(CECAT_TEST_DATA_DIR) + "/suggest/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Describe(const std::vector<ItemSuggestion>& suggestions) {
  std::string s;
  for (const auto& item : suggestions) {
    s += item.selector + " (" + std::to_string(item.count) + ", " +
         std::to_string(item.record_like) + " record-like)\n";
    for (const auto& f : item.fields) s += "  " + f.field + ": " + f.spec + "\n";
  }
  return s;
}

std::string Spec(const ItemSuggestion& item, const std::string& field) {
  for (const auto& f : item.fields) {
    if (f.field == field) return f.spec;
  }
  return "";
}

// Runs the suggestion through the normal rule extraction, as a source would, and
// keeps the courses (a page's approval statement gives an "approval" record too).
PageExtraction ApplySuggestion(const std::string& html, const ItemSuggestion& item) {
  ExtractOptions options;
  options.rules = {SuggestedRule(item)};
  PageExtraction px = ExtractPage(html, "https://example.org/catalogue", options);
  std::erase_if(px.records, [](const cecat::RawRecord& r) { return r.kind != "course"; });
  return px;
}

std::string Raw(const PageExtraction& px, std::size_t i, const std::string& field) {
  const Json& fields = px.records.at(i).fields;
  return fields.contains(field) && fields[field].is_string() ? fields[field].get<std::string>()
                                                             : "";
}

std::string Diagnostics(const PageExtraction& px) {
  std::string s;
  for (const auto& d : px.diagnostics) s += d.where + ": " + d.message + "\n";
  return s;
}

}  // namespace

TEST_CASE("A table of CE offers: rows with cells, the header row left out") {
  std::string html = SuggestFixture("offers_table.html");
  auto suggestions = SuggestItems(html);
  INFO(Describe(suggestions));
  REQUIRE(!suggestions.empty());
  const ItemSuggestion& best = suggestions.front();
  CHECK(best.selector == "tr:has(> td)");
  CHECK(best.count == 4);
  CHECK(best.record_like == 4);
  CHECK(Spec(best, "title") == "a");
  CHECK(Spec(best, "url") == "a@href");
  CHECK(Spec(best, "start_date") == "td:nth-of-type(2)");
  CHECK(Spec(best, "ce_hours") == "td:nth-of-type(3)");
  CHECK(Spec(best, "format") == "td:nth-of-type(4)");
  CHECK(Spec(best, "price") == "td:nth-of-type(5)");
  REQUIRE(!best.fields.empty());
  CHECK(best.fields.front().samples == std::vector<std::string>{"Ethics of Telehealth Practice",
                                                                "DBT Skills for Adolescents",
                                                                "Working With Complicated Grief"});

  PageExtraction px = ApplySuggestion(html, best);
  INFO(Diagnostics(px));
  REQUIRE(px.records.size() == 4);
  CHECK(Raw(px, 0, "title") == "Ethics of Telehealth Practice");
  CHECK(Raw(px, 0, "url") == "https://example.org/workshops/ethics-telehealth");
  CHECK(Raw(px, 1, "ce_hours") == "6 CE hours");
  CHECK(Raw(px, 3, "price") == "$210.00");
  CHECK(Raw(px, 2, "start_date") == "April 23, 2027");
}

TEST_CASE("A grid of course cards: the card, its heading, its labelled spans") {
  std::string html = SuggestFixture("course_cards.html");
  auto suggestions = SuggestItems(html);
  INFO(Describe(suggestions));
  REQUIRE(!suggestions.empty());
  const ItemSuggestion& best = suggestions.front();
  CHECK(best.selector == "article.card.course");
  CHECK(best.count == 3);
  CHECK(Spec(best, "title") == "h3.card-title");
  CHECK(Spec(best, "url") == "a.card-link@href");
  CHECK(Spec(best, "ce_hours") == "span.credits");
  CHECK(Spec(best, "price") == "span.price");
  CHECK(Spec(best, "format") == "span.mode");
  // The site menu is repeated too, but its items are bare links.
  for (const auto& s : suggestions) CHECK(s.selector.find("li") == std::string::npos);

  PageExtraction px = ApplySuggestion(html, best);
  INFO(Diagnostics(px));
  REQUIRE(px.records.size() == 3);
  CHECK(Raw(px, 1, "title") == "Trauma-Informed Care in Community Settings");
  CHECK(Raw(px, 1, "url") == "https://example.org/courses/trauma-informed-care");
  CHECK(Raw(px, 2, "price") == "Free");
  CHECK(Raw(px, 0, "format") == "On-demand");
}

TEST_CASE("Definition lists of labelled values: fields chosen by their label") {
  std::string html = SuggestFixture("labelled_dl.html");
  auto suggestions = SuggestItems(html);
  INFO(Describe(suggestions));
  REQUIRE(!suggestions.empty());
  const ItemSuggestion& best = suggestions.front();
  CHECK(best.selector == "div.program");
  CHECK(best.count == 3);
  CHECK(Spec(best, "title") == "h2");
  CHECK(Spec(best, "start_date") == "dt:contains(\"Dates\") + dd");
  CHECK(Spec(best, "location") == "dt:contains(\"Location\") + dd");
  CHECK(Spec(best, "ce_hours") == "dt:contains(\"CE credit\") + dd");
  CHECK(Spec(best, "price") == "dt:contains(\"Tuition\") + dd");

  PageExtraction px = ApplySuggestion(html, best);
  INFO(Diagnostics(px));
  REQUIRE(px.records.size() == 3);
  CHECK(Raw(px, 0, "title") == "Couples Therapy Intensive");
  CHECK(Raw(px, 1, "location") == "Seattle, WA");
  CHECK(Raw(px, 2, "ce_hours") == "7.5 contact hours");
  CHECK(Raw(px, 2, "price") == "$175");
}

TEST_CASE("A page without repeated record-like blocks gives no suggestion") {
  auto none = SuggestItems(
      "<html><body><h1>About us</h1><p>We train counselors.</p>"
      "<ul><li><a href=/a>A</a></li><li><a href=/b>B</a></li><li><a href=/c>C</a></li></ul>"
      "</body></html>");
  INFO(Describe(none));
  CHECK(none.empty());
  CHECK(SuggestItems("").empty());
  CHECK(SuggestItems("\x01\xff<<<>>").empty());
}

TEST_CASE("Two repeats are not enough, min_repeats decides") {
  std::string two =
      "<div><div class=c><h3>Ethics</h3><span>3 CE hours</span></div>"
      "<div class=c><h3>Grief</h3><span>2 CE hours</span></div></div>";
  CHECK(SuggestItems(two).empty());
  cecat::parsers::SuggestOptions options;
  options.min_repeats = 2;
  auto found = SuggestItems(two, options);
  REQUIRE(found.size() == 1);
  CHECK(found[0].selector == "div.c");
}
