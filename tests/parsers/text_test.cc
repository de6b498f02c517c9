// Text hygiene (parsers/text.h).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "parsers/html.h"
#include "parsers/text.h"

using namespace cecat::parsers;

TEST_CASE("Invalid UTF-8 is replaced by U+FFFD, valid text is unchanged") {
  struct Case {
    std::string in, out;
  };
  const std::string R = "\xEF\xBF\xBD";
  const Case cases[] = {
      {"plain", "plain"},
      {"caf\xC3\xA9 \xE2\x98\x85 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x98\x85 \xF0\x9F\x98\x80"},
      {"bad \xFF byte", "bad " + R + " byte"},
      {"truncated \xC3", "truncated " + R},
      {"overlong \xC0\xAF", "overlong " + R + R},
      {"surrogate \xED\xA0\x80", "surrogate " + R + R + R},
      {"too big \xF4\x90\x80\x80", "too big " + R + R + R + R},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(ValidUtf8(c.in) == c.out);
  }
}

TEST_CASE("Whitespace collapses, no-break spaces included") {
  CHECK(CollapseWhitespace("  a \t\n b\xC2\xA0\xC2\xA0"
                           "c  ") == "a b c");
  CHECK(CollapseWhitespace("a \n\n b  c", true) == "a\nb c");
  CHECK(CollapseWhitespace("") == "");
}

namespace {

// CollapseWhitespace as it was written before it worked in place (issue 25): the
// reference the in-place loop must agree with.
std::string ReferenceCollapse(std::string_view text, bool keep_newlines) {
  std::string out;
  bool in_space = false, space_has_newline = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool nbsp = static_cast<unsigned char>(c) == 0xC2 && i + 1 < text.size() &&
                static_cast<unsigned char>(text[i + 1]) == 0xA0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || nbsp) {
      if (nbsp) ++i;
      in_space = true;
      space_has_newline = space_has_newline || c == '\n';
      continue;
    }
    if (in_space && !out.empty()) out.push_back(keep_newlines && space_has_newline ? '\n' : ' ');
    in_space = space_has_newline = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

TEST_CASE("In-place whitespace collapsing agrees with the reference on mixed runs") {
  // Every string of up to 6 symbols over spaces, breaks, no-break spaces, a lone
  // 0xC2 and 0xA0, a letter and a two-byte letter.
  const std::vector<std::string> symbols = {" ",        "\t",   "\n",   "\r", "\f",
                                            "\xC2\xA0", "\xC2", "\xA0", "a",  "\xC3\xA9"};
  std::vector<std::string> level = {""};
  for (int length = 0; length < 5; ++length) {
    std::vector<std::string> next;
    for (const std::string& prefix : level) {
      for (const std::string& s : symbols) next.push_back(prefix + s);
    }
    for (const std::string& text : next) {
      for (bool keep : {false, true}) {
        CAPTURE(text, keep);
        REQUIRE(CollapseWhitespace(text, keep) == ReferenceCollapse(text, keep));
      }
    }
    level = std::move(next);
  }
}

TEST_CASE("Plain text classes unknown and known tags by name, and keeps <pre> lines") {
  HtmlDocument doc(
      "<body><my-widget>a</my-widget><details>b</details><svg><text>c</text></svg>"
      "<pre>d\ne</pre><div><textarea>f\ng</textarea>h\ni</div><noscript>j</noscript></body>");
  // svg and noscript are dropped; <pre> and <textarea> keep their line breaks.
  CHECK(PlainText(doc.root(), 1000, true) == "a\nb\nd\ne\nf\ngh i");
  CHECK(PlainText(doc.root(), 1000) == "a b d e f gh i");
}

TEST_CASE("Truncation cuts at a code point boundary") {
  CHECK(TruncateUtf8("abc", 10) == "abc");
  CHECK(TruncateUtf8("ab\xC3\xA9", 3) == "ab");
  CHECK(TruncateUtf8("ab\xC3\xA9", 4) == "ab\xC3\xA9");
  CHECK(TruncateUtf8("\xE2\x98\x85\xE2\x98\x85", 5) == "\xE2\x98\x85");
}

TEST_CASE("Plain text drops scripts, styles, comments and keeps block breaks") {
  HtmlDocument doc(R"HTML(<html><head><title>T</title><style>p{}</style></head><body>
<h1>Ethics &amp; Law</h1><!-- hidden --><script>var x = "<p>no</p>";</script>
<p>Six&nbsp;hours<br>online</p><noscript>enable JS</noscript><template><p>tpl</p></template>
<ul><li>one</li><li>two</li></ul><span>in</span><span>line</span>
</body></html>)HTML");
  const GumboNode* body = nullptr;
  WalkElements(doc.root(), [&](const GumboNode* el) {
    if (TagName(el) == "body") body = el;
    return true;
  });
  REQUIRE(body != nullptr);
  CHECK(PlainText(body) == "Ethics & Law Six hours online one two inline");
  CHECK(PlainText(body, kDefaultMaxTextBytes, true) ==
        "Ethics & Law\nSix hours\nonline\none\ntwo\ninline");
  CHECK(PlainText(body, 12) == "Ethics & Law");
}

TEST_CASE("Line breaks in the HTML source are spaces, while blocks, <br> and <pre> break lines") {
  HtmlDocument doc(
      "<body><p>Acme CE is approved by NBCC as an Approved\n  Continuing "
      "Education\r\nProvider, ACEP No. 6789.</p><pre>a\nb</pre>x<br>y</body>");
  CHECK(PlainText(doc.root(), kDefaultMaxTextBytes, true) ==
        "Acme CE is approved by NBCC as an Approved Continuing Education Provider, ACEP No. "
        "6789.\na\nb\nx\ny");
}

TEST_CASE("Plain text from an HTML fragment decodes entities") {
  CHECK(PlainTextFromHtml("Grief &amp; Loss") == "Grief & Loss");
  CHECK(PlainTextFromHtml("<p>One</p><p>Two &lt;3&gt;</p>") == "One Two <3>");
  CHECK(PlainTextFromHtml("  no markup  ") == "no markup");
}

TEST_CASE("Deep nesting is flattened before Gumbo sees it") {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "bottom";
  bool truncated = false;
  std::string limited = LimitNesting(html, 100, &truncated);
  CHECK(truncated);
  HtmlDocument doc(html, 100);
  CHECK(doc.flattened());
  CHECK(PlainText(doc.root()) == "bottom");
}

TEST_CASE("Unclosed list items and paragraphs do not count as nesting") {
  std::string html = "<ul>";
  for (int i = 0; i < 2000; ++i) html += "<li><p>item";
  html += "</ul><div><div><span>end</span></div></div>";
  bool truncated = true;
  std::string limited = LimitNesting(html, 50, &truncated);
  CHECK_FALSE(truncated);
  CHECK(limited == html);
}
