// The simple parser (parsers/detail/simple_html.h) builds exactly Gumbo's tree
// for the pages it accepts: node by node on every page the tests hold and on
// hand-written plain and tricky documents, and ExtractPage's whole output is the
// same with it on and off. The bench site's generated pages are checked in
// tests/bench/simple_html_bench_test.cc (the generator is built with the
// benchmarks only).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "parsers/detail/simple_html.h"
#include "parsers/extract.h"
#include "parsers/html.h"
#include "tests/parsers/gumbo_tree_diff.h"
#include "tests/parsers/simple_html_check.h"

namespace fs = std::filesystem;

namespace {

using cecat::parsers::testing::CompareSimpleHtmlWithGumbo;
using cecat::parsers::testing::SimpleHtmlExtractionDiff;
using cecat::parsers::testing::SimpleHtmlOptionSets;

std::string SimpleHtmlReadFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every page the tests hold, relative to the source dir and sorted: the labelled
// corpus, the fixtures and the extruct pages (.html, recursively) and the seeds
// of the fuzz targets that parse HTML (every file: seeds have no extension).
std::vector<std::string> SimpleHtmlTestPages() {
  const fs::path root = CECAT_SOURCE_DIR;
  std::vector<std::string> out;
  auto add = [&](const char* dir, bool html_only) {
    if (!fs::is_directory(root / dir)) return;
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      if (!entry.is_regular_file()) continue;
      if (html_only && entry.path().extension() != ".html") continue;
      out.push_back(fs::relative(entry.path(), root).generic_string());
    }
  };
  add("tests/corpus/pages", true);
  add("tests/data/pages", true);
  add("tests/data/extruct", true);
  for (const char* seeds :
       {"tests/fuzz/corpus/extract", "tests/fuzz/corpus/follow", "tests/fuzz/corpus/microdata",
        "tests/fuzz/corpus/selector", "tests/fuzz/corpus/simple_html"}) {
    add(seeds, false);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Accepted (REQUIRE), and Gumbo's tree.
void SimpleHtmlRequireAcceptedAndEqual(const std::string& html) {
  INFO("html: " << html);
  auto outcome = CompareSimpleHtmlWithGumbo(html);
  REQUIRE(outcome.accepted);
  CHECK(outcome.diff == "");
  CHECK(SimpleHtmlExtractionDiff(html, "https://example.org/a/", {}) == "");
}

// Declined, or Gumbo's tree. Returns whether it was accepted.
bool SimpleHtmlCheckDeclinedOrEqual(const std::string& html) {
  INFO("html: " << html);
  auto outcome = CompareSimpleHtmlWithGumbo(html);
  CHECK(outcome.diff == "");
  CHECK(SimpleHtmlExtractionDiff(html, "https://example.org/a/", {}) == "");
  return outcome.accepted;
}

// A plain page: the doctype, <html>, a <head> holding `head`, a <body> holding `body`.
std::string SimpleHtmlPage(const std::string& body, const std::string& head = "<title>T</title>") {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n" + head + "\n</head>\n<body>\n" + body +
         "\n</body>\n</html>\n";
}

}  // namespace

TEST_CASE("The simple parser builds Gumbo's tree for every test page it accepts") {
  const std::vector<std::string> pages = SimpleHtmlTestPages();
  REQUIRE(pages.size() >= 200);
  int accepted = 0;
  int flattened = 0;
  for (const std::string& page : pages) {
    INFO(page);
    auto outcome =
        CompareSimpleHtmlWithGumbo(SimpleHtmlReadFile(fs::path(CECAT_SOURCE_DIR) / page));
    if (outcome.flattened) ++flattened;
    if (!outcome.accepted) continue;
    ++accepted;
    CHECK(outcome.diff == "");
  }
  WARN("simple parser accepted " << accepted << " of " << pages.size() << " test pages ("
                                 << flattened << " flattened by LimitNesting)");
}

TEST_CASE(
    "ExtractPage gives the same output with and without the simple parser on every test page") {
  const auto option_sets = SimpleHtmlOptionSets();
  for (const std::string& page : SimpleHtmlTestPages()) {
    const std::string html = SimpleHtmlReadFile(fs::path(CECAT_SOURCE_DIR) / page);
    for (const auto& named : option_sets) {
      INFO(page << " with options: " << named.first);
      CHECK(SimpleHtmlExtractionDiff(html, "https://example.org/courses/page.html?id=1",
                                     named.second) == "");
    }
  }
}

// Plain documents: the subset the simple parser exists for. Each must be accepted;
// one the parser declines is a gap in its subset, to be looked at, not dropped.
TEST_CASE("The simple parser accepts plain documents and builds Gumbo's tree for them") {
  const std::vector<std::string> plain = {
      "<!DOCTYPE html><html><head><title>T</title></head><body><p>a &amp; b</p></body></html>",
      SimpleHtmlPage("<p>Hello, world.</p>"),
      SimpleHtmlPage("<ul>\n  <li>one\n  <li>two\n  <li>three\n</ul>"),
      SimpleHtmlPage("<ol><li>one</li><li>two<li>three</ol>"),
      SimpleHtmlPage("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"),
      SimpleHtmlPage("<table class=\"credits\">\n<tbody>\n<tr><th>Profession</th><td>6</td></tr>\n"
                     "<tr><th>Counselors</th><td>5.5</td></tr>\n</tbody>\n</table>"),
      SimpleHtmlPage("<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody>"
                     "</table>"),
      SimpleHtmlPage("<p>first paragraph<div>a block</div>"),
      SimpleHtmlPage("<a class=\"icon\" href=\"/home\"><svg viewBox=\"0 0 24 24\" width=\"16\" "
                     "height=\"16\" aria-hidden=\"true\"><path d=\"M12 2L2 7l10 5 10-5z\"/></svg>"
                     "Home</a>"),
      SimpleHtmlPage("<svg viewBox=\"0 0 10 10\"><g fill=\"none\"><path d=\"M0 0h10\"></path>"
                     "<circle cx=\"5\" cy=\"5\" r=\"4\"/></g></svg>"),
      SimpleHtmlPage(
          "<select name=\"state\"><option value=\"\">Choose</option><option value=\"NY\" "
          "selected>New York</option></select>"),
      SimpleHtmlPage("<div id=main class='a b' data-x=\"1 &amp; 2\" hidden>x</div>"),
      SimpleHtmlPage("<input type=checkbox checked><label for=x>Label</label>"),
      SimpleHtmlPage("<!-- a comment --><p>text<!-- another --></p>", "<!-- in head -->"),
      SimpleHtmlPage("<p>a < b and c > d</p>"),
      SimpleHtmlPage("<p>&nbsp;&copy; 2026 &lt;tag&gt; &quot;q&quot;</p>"),
      SimpleHtmlPage("<p>&#169; &#x41; &#8217;</p>"),
      SimpleHtmlPage("<h1>Title</h1>\n<h2>Sub</h2>\n<p><strong>bold <em>both</em></strong> "
                     "<a href=\"/x?a=1&amp;b=2\">link</a><br><img src=\"/i.png\" alt=\"\"></p>"),
      SimpleHtmlPage(
          "<p>x</p>",
          "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">"
          "\n<link rel=\"stylesheet\" href=\"/s.css\">\n<title>T</title>\n"
          "<style>body { color: #333 } a > b { }</style>\n"
          "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", "
          "\"@type\": \"Course\", \"name\": \"A & B <i>\"}</script>\n"
          "<script>var a = 1 < 2 && \"</div>\";</script>"),
      "<!DOCTYPE html><html><head><title>T</title></head><body><p>x</p></body></html>\n",
      "<!DOCTYPE html>\n<html>\n<head></head>\n<body>\n<p>x</p>\n</body>\n\n</html>\n\n",
      SimpleHtmlPage("<nav class=\"pagination\"><a href=\"/p/1\">1</a> <a href=\"/p/2\">2</a></nav>"
                     "\n<main>\n<article class=\"course\"><h2 class=\"title\">Ethics</h2>"
                     "<span class=\"credits\">3 CE</span></article>\n</main>\n<footer>f</footer>"),
      SimpleHtmlPage("<form action=\"/s\" method=\"get\"><input name=\"q\"><button "
                     "type=\"submit\">Go</button></form>"),
      SimpleHtmlPage("<dl><dt>Term</dt><dd>Definition</dd></dl>"),
      SimpleHtmlPage("<p>caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80</p>"),
      // An XHTML doctype with its system identifier on the next line, and a
      // script hidden in a comment the old way: common on older provider sites.
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n\t"
      "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html><head>"
      "<script type=\"text/javascript\"><!--\nvar a = '<b>';\n//--></script></head>"
      "<body><p>x</p></body></html>\n",
      "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n<html><head><title>T</title>"
      "</head><body><table><tr><td>a<td>b</table></body></html>",
  };
  for (const std::string& html : plain) SimpleHtmlRequireAcceptedAndEqual(html);
}

// Documents outside the plain subset, or at its edge: the parser may decline any
// of them; what it accepts must be Gumbo's tree exactly.
TEST_CASE("The simple parser declines tricky documents or builds Gumbo's tree for them") {
  const std::vector<std::string> tricky = {
      // Script data's double-escaped state: "</script>" inside does not end it.
      SimpleHtmlPage("<script><!-- <script> x </script> y --></script><p>z</p>"),
      SimpleHtmlPage("<script><!-- a --> <SCRIPT>b</script>"),
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\"\"http://x\"><p>a",
      "<!DOCTYPE html SYSTEM \"about:legacy-compat\"><p>a",
      "<!DOCTYPE html PUBLIC \"-//IETF//DTD HTML 2.0//\"><p>a<table>",
      SimpleHtmlPage("<b><i>x</b>y</i>"),
      SimpleHtmlPage("<p><b>x</p>y"),
      SimpleHtmlPage("<table>text</table>"),
      SimpleHtmlPage("<table> <tr><td>a</td></tr> </table>"),
      SimpleHtmlPage("<a href=1>a<a href=2>b</a>"),
      "<html><head><title>T</title></head><body><p>no "
      "doctype<table><tr><td>x</table></body></html>",
      "<p>no doctype, no html, no head, no body",
      SimpleHtmlPage("<p>x<table><tr><td>in a table in a p</table>"),
      SimpleHtmlPage("<noscript><img src=x></noscript>"),
      SimpleHtmlPage("<p>x</p>", "<noscript><link rel=stylesheet href=x></noscript>"),
      SimpleHtmlPage("<template><li>x</li></template>"),
      SimpleHtmlPage("<math><mi>x</mi><annotation-xml><div>y</div></annotation-xml></math>"),
      SimpleHtmlPage(std::string("<p>a\0b</p>", 10)),
      SimpleHtmlPage("<p>a\xFF"
                     "b \xC3 \xED\xA0\x80 \xF4\x90\x80\x80</p>"),
      SimpleHtmlPage("<p>I'm &notit; &notin; &not it</p>"),
      SimpleHtmlPage("<p>&copy2026 &amp &ampx &lt3 &nbsp</p>"),
      SimpleHtmlPage("<a href=\"?a=1&b=2&copy=3&amp=4&lt\">x</a><a title=\"&notit;\">y</a>"),
      SimpleHtmlPage("<p>&AMP; &Amp; &#0; &#x80; &#x9F; &#xD800; &#1114112; &#x41 &#65 &#; "
                     "&#99999999999;</p>"),
      SimpleHtmlPage("<table><tr><td>a</td></tr></table>"),
      SimpleHtmlPage("<table><tbody><tr><td>a<td>b</tr><tr><td>c</tbody></table>"),
      SimpleHtmlPage("<p>one<p>two<p>three"),
      SimpleHtmlPage("<div><p>closed by the div's end tag</div>"),
      SimpleHtmlPage("<p>&apos; &hellip; &rsquo; &eacute; &Eacute; &#X41;</p>"),
      SimpleHtmlPage(
          "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><g fill=\"none\">"
          "<path d=\"M0 0h10\"></path><circle cx=\"5\" cy=\"5\" r=\"4\"/></g></svg>"),
      SimpleHtmlPage("<table><td>a</td></table>"),
      SimpleHtmlPage("<table><caption>c</caption><colgroup><col></colgroup><tr><td>x</table>"),
      SimpleHtmlPage("<table><tbody><tr><td>a</td></tr></tbody><input type=hidden><form></form>"
                     "</table>"),
      SimpleHtmlPage("<td>cell outside a table</td><tr><th>x"),
      SimpleHtmlPage("<svg><title>x</title><desc>d</desc><foreignObject><div>y</div>"
                     "</foreignObject></svg>"),
      SimpleHtmlPage("<svg><clippath id=c></clippath><lineargradient/><font color=red>x</font>"
                     "</svg>"),
      SimpleHtmlPage("<svg VIEWBOX='0 0 1 1' xlink:href=x xml:lang=en><a xlink:href=\"#i\">t</a>"
                     "<style>a</b></style><script>1<2</script><![CDATA[x<y]]></svg>"),
      SimpleHtmlPage("<svg/><p>after a self-closed svg</p><svg><path/><p>breaks out</svg>"),
      SimpleHtmlPage("<select><div>x</div><option>a<option>b<optgroup><option>c</select>"),
      SimpleHtmlPage("<select><input><select>"),
      SimpleHtmlPage("<form><form><input></form></form>"),
      SimpleHtmlPage("<h2><h3>x</h3></h2>"),
      SimpleHtmlPage("<h1>a</h2>"),
      "<!DOCTYPE html>\r\n<html>\r\n<head>\r\n<title>T</title>\r\n</head>\r\n<body>\r\n<p>a\r\nb"
      "\rc</p>\r\n</body>\r\n</html>\r\n",
      "\xEF\xBB\xBF" + SimpleHtmlPage("<p>after a byte order mark</p>"),
      SimpleHtmlPage("<html class=x><p>x</p>"),
      SimpleHtmlPage("</p><p>x</p></p>"),
      SimpleHtmlPage("<br/>a</br>b<br />"),
      SimpleHtmlPage("<image src=x><isindex prompt=p>"),
      SimpleHtmlPage("<div id=a id=b class=c CLASS=d>x</div>"),
      SimpleHtmlPage("<p><li>x</li>"),
      SimpleHtmlPage("<li><span><li>x</span>"),
      SimpleHtmlPage("<dd>a<dt>b<dd>c"),
      SimpleHtmlPage("<button><button>x</button>"),
      SimpleHtmlPage("<nobr>a<nobr>b</nobr>"),
      "<!DOCTYPE html><html><head></head><body class=a onload=x><p>x</p><body id=b></body></html>",
      "text before<!DOCTYPE html><html><head></head><body></body></html>",
      "<!-- comment before --><!DOCTYPE html><html><head></head><body></body></html>",
      "<!DOCTYPE html><!-- after doctype --><html><!-- in html --><head></head><!-- between -->"
      "<body></body><!-- after body --></html><!-- after html -->",
      "  \n<!DOCTYPE html>\n  <html> <head> </head> <body> </body> </html>  ",
      SimpleHtmlPage("<DIV CLASS=X><P>Upper</P></DIV><A HREF=Y>y</A>"),
      SimpleHtmlPage("<pre>\nx</pre><pre>\n\ny</pre><listing>\nz</listing>"),
      SimpleHtmlPage("<textarea>\nx <b>not bold</b> &amp;</textarea>"),
      SimpleHtmlPage("<p>x</p>", "<title>a &amp; b <b>c</b></title>"),
      SimpleHtmlPage("<p>x</p>",
                     "<script><!-- x --></script><script><!--<script>y</script>-->"
                     "</script>"),
      SimpleHtmlPage("<p>x</p>", "<style>a</b></style>"),
      SimpleHtmlPage("<iframe src=x><p>fallback</p></iframe>"),
      SimpleHtmlPage("<xmp><b>x</b></xmp><noembed>y</noembed><noframes>z</noframes>"),
      SimpleHtmlPage("<plaintext><b>x</b></plaintext>"),
      SimpleHtmlPage("<object><param name=a></object><applet></applet><marquee>m</marquee>"),
      SimpleHtmlPage("<ruby>a<rb>b<rt>c<rp>d</ruby>"),
      SimpleHtmlPage("<my-widget data-a=1><x-y>custom</x-y></my-widget>"),
      SimpleHtmlPage("<div/>x<p/>y<a href=x/>z"),
      SimpleHtmlPage("<div title=\"a\nb\" data-y='\"'>x</div>"),
      SimpleHtmlPage("<p>a<"),
      SimpleHtmlPage("<p>a</"),
      SimpleHtmlPage("<!--><!---><!-- -- --><!----><!--a--!>"),
      SimpleHtmlPage("<?xml version=\"1.0\"?><![CDATA[x]]><!ELEMENT>"),
      SimpleHtmlPage("<p>x</p>", "<base href=\"/b/\"><div>in head</div>"),
      SimpleHtmlPage("<title>in body</title><meta name=a><link rel=b><style>s</style>"),
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
      "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\"><html><head></head><body>"
      "<p>x<table><tr><td>y</table></body></html>",
      "<!doctype html><html><head></head><body>lower-case doctype</body></html>",
      "<!DOCTYPE HTML><html><head></head><body>upper-case doctype</body></html>",
      "<!DOCTYPE html SYSTEM \"about:legacy-compat\"><html><head></head><body></body></html>",
      "<!DOCTYPE html><html><head><title>T</title><body><p>no head end tag</p></body></html>",
      "<!DOCTYPE html><html><head><title>T</title></head><body><p>no end tags",
      "<!DOCTYPE html><html><head></head><body><p>x</p></body></html><p>after html</p>",
      "<!DOCTYPE html><html><head></head><body><p>x</p></body><p>after body</p></html>",
      "<!DOCTYPE html><html><head></head>text between head and body<body></body></html>",
      "<!DOCTYPE html><html><head></head><body>\t\f\v x</body></html>",
      SimpleHtmlPage("<a href=x><div>block in a</div></a><p><div>div in p</div></p>"),
      SimpleHtmlPage("<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>"),
      SimpleHtmlPage("<main><main>x</main></main><hr><hr/>"),
      SimpleHtmlPage("<keygen><menuitem>m</menuitem><frameset></frameset><frame>"),
      SimpleHtmlPage(std::string(300, ' ') + std::string(40, '\n') + "<p>late line</p>"),
      // Found by fuzz_simple_html: a <main> closes the open <p>; Gumbo's implied <body>
      // starts where the first tag does; a stray </body> in a table ends a text node.
      SimpleHtmlPage("<p>a<main>b</main>"),
      "<m/>",
      "<p><main>",
      "<!DOCTYPE html><table> </body> </table>",
      SimpleHtmlPage("<table><thead><tr><th>a</th></tr>\n</body>\n</thead></table>"),
  };
  int accepted = 0;
  for (const std::string& html : tricky) accepted += SimpleHtmlCheckDeclinedOrEqual(html) ? 1 : 0;
  WARN("simple parser accepted " << accepted << " of " << tricky.size() << " tricky documents");
}

// Every tag in the contexts whose rules differ by tag: a <p> that some start tags
// close, list items, table cells, <select>, <svg> (foreign content, where some
// HTML tags break out), <head>, and on its own, written in full and self-closed.
TEST_CASE("The simple parser declines or builds Gumbo's tree for every tag in every context") {
  const std::vector<std::string> tags = {
      "a",        "abbr",       "address",  "area",     "article",
      "aside",    "audio",      "b",        "base",     "bdi",
      "bdo",      "blockquote", "body",     "br",       "button",
      "canvas",   "caption",    "center",   "cite",     "code",
      "col",      "colgroup",   "data",     "datalist", "dd",
      "del",      "details",    "dfn",      "dialog",   "dir",
      "div",      "dl",         "dt",       "em",       "embed",
      "fieldset", "figcaption", "figure",   "font",     "footer",
      "form",     "frame",      "h1",       "h6",       "head",
      "header",   "hgroup",     "hr",       "html",     "i",
      "iframe",   "image",      "img",      "input",    "ins",
      "kbd",      "label",      "legend",   "li",       "link",
      "listing",  "main",       "map",      "mark",     "menu",
      "meta",     "meter",      "nav",      "nobr",     "noscript",
      "object",   "ol",         "optgroup", "option",   "output",
      "p",        "param",      "picture",  "pre",      "progress",
      "q",        "rp",         "rt",       "ruby",     "s",
      "samp",     "script",     "search",   "section",  "select",
      "slot",     "small",      "source",   "span",     "strike",
      "strong",   "style",      "sub",      "summary",  "sup",
      "svg",      "table",      "tbody",    "td",       "template",
      "textarea", "tfoot",      "th",       "thead",    "time",
      "title",    "tr",         "track",    "tt",       "u",
      "ul",       "var",        "video",    "wbr",      "x-custom",
      "path",     "circle",     "g",        "use",      "foreignobject",
      "desc"};
  int accepted = 0;
  int documents = 0;
  for (const std::string& t : tags) {
    const std::string open = "<" + t + " class=\"c\">";
    const std::string element = open + "y</" + t + ">";
    for (const std::string& html :
         {SimpleHtmlPage(element), SimpleHtmlPage("<" + t + "/>y"),
          SimpleHtmlPage("<p>x" + element + "z</p>"), SimpleHtmlPage("<p>x" + open + "z"),
          SimpleHtmlPage("<ul><li>x" + element + "<li>z</ul>"),
          SimpleHtmlPage("<table><tbody><tr><td>" + element + "</td></tr></tbody></table>"),
          SimpleHtmlPage("<select><option>x</option>" + element + "</select>"),
          SimpleHtmlPage("<svg viewBox=\"0 0 1 1\">" + element + "</svg><p>after</p>"),
          SimpleHtmlPage("<p>x</p>", "<title>T</title>" + element)}) {
      ++documents;
      accepted += SimpleHtmlCheckDeclinedOrEqual(html) ? 1 : 0;
    }
  }
  WARN("simple parser accepted " << accepted << " of " << documents << " tag/context documents");
}

TEST_CASE("The simple parser's tree equals Gumbo's on deep and flattened nesting") {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "<div class=d" + std::to_string(i) + ">";
  deep += "x";
  for (int i = 0; i < 200; ++i) deep += "</div>";
  SimpleHtmlCheckDeclinedOrEqual(SimpleHtmlPage(deep));
  std::string deeper;
  for (int i = 0; i < 400; ++i) deeper += "<span>";
  deeper += "y";
  for (int i = 0; i < 400; ++i) deeper += "</span>";
  auto outcome = CompareSimpleHtmlWithGumbo(SimpleHtmlPage(deeper));
  CHECK(outcome.flattened);
  CHECK(outcome.diff == "");
}

// Its own bounds keep every scan linear in the page, whatever calls it (the fuzz
// targets call it on bytes LimitNesting never saw): past them it declines and
// Gumbo, behind LimitNesting, parses the page.
TEST_CASE("The simple parser declines past 1,024 open elements or 256 attributes on a tag") {
  std::string deep = "<!DOCTYPE html><html><head></head><body>";
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  cecat::parsers::GumboArena arena;
  CHECK(cecat::parsers::detail::ParseSimpleHtml(deep, arena) == nullptr);
  std::string wide = "<!DOCTYPE html><html><head></head><body><p";
  for (int i = 0; i < 300; ++i) wide += " a" + std::to_string(i) + "=1";
  wide += ">x</p></body></html>";
  CHECK(cecat::parsers::detail::ParseSimpleHtml(wide, arena) == nullptr);
  // 255 attributes are accepted, and the tree is Gumbo's.
  std::string under = "<!DOCTYPE html><html><head></head><body><p";
  for (int i = 0; i < 255; ++i) under += " a" + std::to_string(i) + "=1";
  under += ">x</p></body></html>";
  auto outcome = CompareSimpleHtmlWithGumbo(under);
  CHECK(outcome.accepted);
  CHECK(outcome.diff == "");
  cecat::parsers::HtmlDocument doc(wide);
  CHECK_FALSE(doc.simple());
  CHECK(doc.root() != nullptr);
}

// The diff has no false alarms: two Gumbo parses of one buffer are equal on every
// test page, including those whose trees Gumbo rearranges (adoption agency, foster
// parenting), where a stale index_within_parent or parent would show.
TEST_CASE("GumboTreeDiff finds two Gumbo parses of every test page equal") {
  using cecat::parsers::GumboArena;
  using cecat::parsers::testing::GumboParseLikeHtmlDocument;
  using cecat::parsers::testing::GumboTreeDiff;
  std::vector<std::string> documents = {
      "<b><i>x</b>y</i><p><b>z</p>w<table>t<tr><td>a</table><a>1<a>2<div>3</a>4",
      "<table><tr><td><svg><p>x</svg></td></tr><b>y</table><select><div><option>z</select>"};
  for (const std::string& page : SimpleHtmlTestPages()) {
    documents.push_back(SimpleHtmlReadFile(fs::path(CECAT_SOURCE_DIR) / page));
  }
  for (const std::string& html : documents) {
    INFO(html.substr(0, 200));
    bool flattened = false;
    const std::string buffer = cecat::parsers::LimitNesting(html, 256, &flattened);
    GumboArena arena_e, arena_a;
    CHECK(GumboTreeDiff(GumboParseLikeHtmlDocument(buffer, arena_e),
                        GumboParseLikeHtmlDocument(buffer, arena_a), buffer) == "");
  }
}

// The diff itself: two parses of one buffer are equal, and a field changed in one
// is reported with the path to its node.
TEST_CASE("GumboTreeDiff names the first difference with its path") {
  using cecat::parsers::GumboArena;
  using cecat::parsers::testing::GumboParseLikeHtmlDocument;
  using cecat::parsers::testing::GumboTreeDiff;
  const std::string html =
      "<!DOCTYPE html><html><head></head><body><div><p id=x>a</p>b<p>c</p></div></body></html>";
  GumboArena arena_e, arena_a;
  const GumboOutput* expected = GumboParseLikeHtmlDocument(html, arena_e);
  GumboOutput* actual = GumboParseLikeHtmlDocument(html, arena_a);
  CHECK(GumboTreeDiff(expected, actual, html) == "");

  auto child = [](GumboNode* node, unsigned i) {
    return static_cast<GumboNode*>(node->v.element.children.data[i]);
  };
  GumboNode* div = child(child(actual->root, 1), 0);
  GumboNode* p = child(div, 2);
  child(p, 0)->v.text.text = "d";
  CHECK(GumboTreeDiff(expected, actual, html) == "html>body[1]>div>p[2]>#text: text 'c' vs 'd'");
  p->v.element.start_pos.offset += 1;
  CHECK(GumboTreeDiff(expected, actual, html) ==
        "html>body[1]>div>p[2]: start line:offset 1:59 vs 1:60");
  auto* id = static_cast<GumboAttribute*>(child(div, 0)->v.element.attributes.data[0]);
  id->value = "y";
  CHECK(GumboTreeDiff(expected, actual, html) ==
        "html>body[1]>div>p[0]: attribute[0] 'id' value 'x' vs 'y'");
  div->v.element.tag = GUMBO_TAG_SECTION;
  CHECK_THAT(GumboTreeDiff(expected, actual, html),
             Catch::Matchers::StartsWith("html>body[1]>div: tag div ("));
  actual->document->v.document.has_doctype = false;
  CHECK(GumboTreeDiff(expected, actual, html) == "#document: has_doctype true vs false");
}
