// The CSS selector engine (parsers/selector.h; SPEC.md "Selectors").
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "parsers/html.h"
#include "parsers/selector.h"

using cecat::parsers::HtmlDocument;
using cecat::parsers::Selector;

namespace {

// The ids of the matched elements, space-separated, in document order.
std::string Ids(const HtmlDocument& doc, const std::string& selector) {
  cecat::Result<Selector> sel = Selector::Parse(selector);
  if (!sel.ok()) return "ERROR " + sel.status().message();
  std::string out;
  for (const GumboNode* el : sel->SelectAll(doc.document())) {
    const char* id = cecat::parsers::Attr(el, "id");
    out += (out.empty() ? "" : " ") + std::string(id ? id : "?");
  }
  return out;
}

const char* kPage = R"HTML(<!DOCTYPE html>
<html id="html"><body id="body">
<div id="d1" class="course featured" data-kind="live-webinar" lang="en-US">
  <h2 id="h1" class="title">Ethics</h2>
  <p id="p1">first</p>
  <p id="p2" class="note"></p>
  <span id="s1" title="Six CE Hours">6</span>
  <p id="p3"><!-- comment only --></p>
</div>
<div id="d2" class="course" data-kind="on-demand" lang="en">
  <h2 id="h2" class="title">DBT</h2>
  <a id="a1" href="/c/2" rel="next nofollow">more</a>
</div>
<ul id="list"><li id="l1">1</li><li id="l2">2</li><li id="l3">3</li><li id="l4">4</li><li id="l5">5</li></ul>
<section id="only"><em id="e1">x</em></section>
</body></html>)HTML";

}  // namespace

TEST_CASE("Selectors match the elements CSS Selectors Level 3 says") {
  HtmlDocument doc(kPage);
  struct Case {
    const char* selector;
    const char* ids;
  };
  const Case cases[] = {
      // type, universal, class, id
      {"h2", "h1 h2"},
      {"H2", "h1 h2"},
      {"div.course", "d1 d2"},
      {".course.featured", "d1"},
      {"#p2", "p2"},
      {"section *", "e1"},
      // attributes, every operator
      {"[data-kind]", "d1 d2"},
      {"[data-kind=on-demand]", "d2"},
      {"[data-kind='live-webinar']", "d1"},
      {"[data-kind=\"LIVE-WEBINAR\" i]", "d1"},
      {"[data-kind=\"LIVE-WEBINAR\"]", ""},
      {"[rel~=nofollow]", "a1"},
      {"[rel~=nof]", ""},
      {"[lang|=en]", "d1 d2"},
      {"[lang|=en-US]", "d1"},
      {"[data-kind^=live]", "d1"},
      {"[data-kind$=demand]", "d2"},
      {"[title*=\"CE\"]", "s1"},
      {"[href^=\"\"]", ""},
      // combinators
      {"div p", "p1 p2 p3"},
      {"body > div > h2", "h1 h2"},
      {"h2 + p", "p1"},
      {"h2 ~ p", "p1 p2 p3"},
      {"h2 ~ span", "s1"},
      {"#d1 ~ ul li:first-child", "l1"},
      // lists
      {"#h2, #p1, #h2", "p1 h2"},
      // structural pseudo-classes
      {"li:first-child", "l1"},
      {"li:last-child", "l5"},
      {"em:only-child", "e1"},
      {"li:nth-child(2n+1)", "l1 l3 l5"},
      {"li:nth-child(odd)", "l1 l3 l5"},
      {"li:nth-child(even)", "l2 l4"},
      {"li:nth-child(3)", "l3"},
      {"li:nth-child(-n+2)", "l1 l2"},
      {"li:nth-child( 2n + 0 )", "l2 l4"},
      {"li:nth-last-child(1)", "l5"},
      {"li:nth-last-child(n+4)", "l1 l2"},
      {"#d1 p:first-of-type", "p1"},
      {"#d1 p:last-of-type", "p3"},
      {"#d1 p:nth-of-type(2)", "p2"},
      {"#d1 p:nth-last-of-type(2)", "p2"},
      {"#d1 span:only-of-type", "s1"},
      {"p:empty", "p2 p3"},
      {":root", "html"},
      // negation
      {"#d1 > :not(p)", "h1 s1"},
      {"div:not(.featured)", "d2"},
      {"li:not(:nth-child(odd))", "l2 l4"},
      {"div:not([data-kind=on-demand])", "d1"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.selector);
    CHECK(Ids(doc, c.selector) == c.ids);
  }
}

TEST_CASE("Invalid selectors are errors naming the 1-based column") {
  struct Case {
    const char* selector;
    const char* message;
  };
  const Case cases[] = {
      {"div[", "selector 'div[': column 5: expected attribute name"},
      {"", "selector '': column 1: expected selector"},
      {"div >", "selector 'div >': column 6: expected selector after '>'"},
      {"a[href=]", "selector 'a[href=]': column 8: expected attribute value"},
      {"a[href", "selector 'a[href': column 7: expected ']'"},
      {"a[href!=x]", "selector 'a[href!=x]': column 7: expected ']' or attribute operator"},
      {"a:hover", "selector 'a:hover': column 2: unsupported pseudo-class ':hover'"},
      {"p::before", "selector 'p::before': column 2: pseudo-elements are not supported"},
      {"li:nth-child(2x)",
       "selector 'li:nth-child(2x)': column 14: expected an+b, 'odd' or 'even'"},
      {"li:nth-child(2", "selector 'li:nth-child(2': column 15: expected ')'"},
      {"p:not(:not(a))", "selector 'p:not(:not(a))': column 7: ':not()' cannot be nested"},
      {"div,", "selector 'div,': column 5: expected selector"},
      {"div..x", "selector 'div..x': column 5: expected class name after '.'"},
      {"#", "selector '#': column 2: expected id after '#'"},
      {"a[x='y]", "selector 'a[x='y]': column 5: unterminated string"},
      {"div)", "selector 'div)': column 4: unexpected ')'"},
      {"ns|div", "selector 'ns|div': column 3: namespaces are not supported"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.selector);
    cecat::Result<Selector> sel = Selector::Parse(c.selector);
    REQUIRE_FALSE(sel.ok());
    CHECK(sel.status().message() == c.message);
  }
}

TEST_CASE("Selector length and complexity are bounded") {
  std::string long_sel(cecat::parsers::kMaxSelectorLength + 1, 'a');
  CHECK_FALSE(Selector::Parse(long_sel).ok());
  std::string many;
  for (int i = 0; i < 70; ++i) many += "div ";
  cecat::Result<Selector> sel = Selector::Parse(many);
  REQUIRE_FALSE(sel.ok());
  CHECK(sel.status().message().find("too complex") != std::string::npos);
}

TEST_CASE("Descendant chains on a deep tree match in bounded time") {
  std::string html;
  for (int i = 0; i < 400; ++i) html += "<div>";
  html += "<p id=x>deep</p>";
  HtmlDocument doc(html, /*max_depth=*/1000);
  std::string sel;
  for (int i = 0; i < 30; ++i) sel += "div ";
  auto start = std::chrono::steady_clock::now();
  CHECK(Ids(doc, sel + "span") == "");
  CHECK(Ids(doc, sel + "p") == "x");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  CHECK(ms < 3000);
}

TEST_CASE("Field specs split SELECTOR@attr outside brackets and quotes") {
  using cecat::parsers::ParseFieldSpec;
  struct Case {
    const char* spec;
    const char* selector;
    const char* attr;
  };
  const Case cases[] = {
      {"a.more@href", "a.more", "href"},
      {"h1.title", "h1.title", ""},
      {"a[data-x='a@b']", "a[data-x='a@b']", ""},
      {"a[data-x='a@b']@data-x", "a[data-x='a@b']", "data-x"},
      {"@href", "", "href"},
      {"meta[itemprop=price] @Content", "meta[itemprop=price]", "content"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.spec);
    auto spec = ParseFieldSpec(c.spec);
    REQUIRE(spec.ok());
    CHECK(spec->selector == c.selector);
    CHECK(spec->attr == c.attr);
  }
  CHECK(ParseFieldSpec("a@").status().message() ==
        "field 'a@': column 3: expected attribute name after '@'");
  CHECK(ParseFieldSpec("a[@href").status().message() ==
        "selector 'a[@href': column 3: expected attribute name");
}

// SPEC.md "Selectors": beyond Level 3, :has(relative selector) and the
// non-standard :contains("text"), to choose an element by what it holds, as an
// admin must on pages without classes: a table row by its label cell, a card by
// its badge, the paragraph after a "Prerequisites:" heading.
TEST_CASE("Selectors :has() and :contains() choose elements by what they hold") {
  HtmlDocument doc(R"HTML(<html><body>
<table id="t">
  <tr id="r1"><th id="th1">Format</th><td id="td1">Live   webinar</td></tr>
  <tr id="r2"><th id="th2">CE Hours</th><td id="td2">6</td></tr>
  <tr id="r3"><th id="th3">Price</th><td id="td3"><b id="b3">$120</b></td></tr>
</table>
<div id="c1" class="card"><span id="badge1" class="badge">NBCC</span><h3 id="h31">Ethics</h3></div>
<div id="c2" class="card"><h3 id="h32">Grief <em id="em2">work</em></h3></div>
<h4 id="pre">Prerequisites:</h4><p id="after1">None.</p><p id="after2">Bring notes.</p>
<script id="js">var x = "Prerequisites";</script>
</body></html>)HTML");
  struct Case {
    const char* selector;
    const char* ids;
  };
  const Case cases[] = {
      {"tr:has(th)", "r1 r2 r3"},
      {"tr:has(b)", "r3"},
      {"tr:has(> td > b)", "r3"},
      {"tr:has(> b)", ""},
      {".card:has(.badge)", "c1"},
      {".card:not(:has(.badge))",
       "ERROR selector '.card:not(:has(.badge))': column 11: "
       "':has()' cannot be inside ':not()'"},
      {"div:has(.badge, em)", "c1 c2"},
      {"h4:has(+ p)", "pre"},
      {"h4:has(~ p#after2)", "pre"},
      {"th:has(+ td)", "th1 th2 th3"},
      // :contains: case-insensitive, whitespace collapsed, across child elements
      {"th:contains('ce hours')", "th2"},
      {"td:contains(\"live webinar\")", "td1"},
      {"h3:contains('grief work')", "h32"},
      {"tr:has(th:contains('price')) td", "td3"},
      {"th:contains('format') + td", "td1"},
      {"h4:contains('Prerequisites') + p", "after1"},
      {"h4:contains('Prerequisites') ~ p", "after1 after2"},
      {"td:not(:contains('6'))", "td1 td3"},
      // script text is not page text
      {"body > :contains('var x')", ""},
      {"tr:has(:has(b))", "ERROR selector 'tr:has(:has(b))': column 8: ':has()' cannot be nested"},
      {"tr:has()", "ERROR selector 'tr:has()': column 8: unexpected ')'"},
      {"td:contains()", "ERROR selector 'td:contains()': column 3: ':contains()' needs some text"},
      {"td:contains('x'", "ERROR selector 'td:contains('x'': column 16: expected ')'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.selector);
    CHECK(Ids(doc, c.selector) == c.ids);
  }
}

TEST_CASE(":has() and :contains() on a deep, wide page stay fast") {
  std::string html;
  for (int i = 0; i < 200; ++i) html += "<div>";
  for (int i = 0; i < 2000; ++i) html += "<p>row " + std::to_string(i) + " text</p>";
  HtmlDocument doc(html, /*max_depth=*/1000);
  auto start = std::chrono::steady_clock::now();
  CHECK(Ids(doc, "div:has(> p:contains('row 1999 text')) > p:contains('nothing')").empty());
  CHECK(Ids(doc, "*:contains('absent words')").empty());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  CHECK(ms < 5000);
}
