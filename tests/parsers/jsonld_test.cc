// JSON-LD blocks: finding them and repairing broken JSON (parsers/jsonld.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parsers/extract.h"
#include "parsers/html.h"
#include "parsers/jsonld.h"

using cecat::Json;
using cecat::parsers::ParseJsonLd;

TEST_CASE("Broken JSON-LD found in the wild is repaired") {
  struct Case {
    const char* name;
    std::string block;
    Json expected;
    const char* repair;  // one of the repairs reported, or "" for none
  };
  const std::vector<Case> cases = {
      {"valid", R"({"a": 1})", Json{{"a", 1}}, ""},
      {"BOM", "\xEF\xBB\xBF{\"a\": 1}", Json{{"a", 1}}, "byte-order mark removed"},
      {"HTML comment wrapper", "<!--\n{\"a\": 1}\n-->", Json{{"a", 1}},
       "HTML comment wrapper removed"},
      {"CDATA wrapper", "//<![CDATA[\n{\"a\": 1}\n//]]>", Json{{"a", 1}}, "comment removed"},
      {"bare CDATA", "<![CDATA[{\"a\": 1}]]>", Json{{"a", 1}}, "CDATA wrapper removed"},
      {"trailing commas", R"({"a": [1, 2, ], "b": {"c": 3,},})",
       Json{{"a", {1, 2}}, {"b", {{"c", 3}}}}, "trailing comma removed"},
      {"raw newline in string", "{\"d\": \"line one\nline two\"}",
       Json{{"d", "line one\nline two"}}, "control character in string escaped"},
      {"raw tab and NUL in string", std::string("{\"d\": \"a\tb\x01\"}"), Json{{"d", "a\tb\x01"}},
       "control character in string escaped"},
      {"invalid escapes", R"({"d": "Grief \& Loss \' \-"})", Json{{"d", "Grief & Loss ' -"}},
       "invalid escape read as the character"},
      {"missing commas", R"({"a": "x" "b": 1 "c": [1 2] "d": {} "e": true})",
       Json{{"a", "x"}, {"b", 1}, {"c", {1, 2}}, {"d", Json::object()}, {"e", true}},
       "missing comma inserted"},
      {"valid escapes kept", R"({"d": "\"q\" \u00e9 \/ \\"})", Json{{"d", "\"q\" \xC3\xA9 / \\"}},
       ""},
      {"JS comments", "{/* course */ \"a\": 1 // note\n}", Json{{"a", 1}}, "comment removed"},
      {"single quotes", R"({'a': 'it"s'})", Json{{"a", "it\"s"}}, "single-quoted string"},
      {"no-break space between tokens",
       "{\"a\":\xC2\xA0"
       "1}",
       Json{{"a", 1}}, "no-break space between tokens"},
      {"concatenated objects", R"({"a": 1}{"b": 2})", Json::array({{{"a", 1}}, {{"b", 2}}}),
       "several top-level values read as an array"},
      {"comma-separated objects", R"({"a": 1}, {"b": 2};)", Json::array({{{"a", 1}}, {{"b", 2}}}),
       "several top-level values read as an array"},
      {"truncated", R"({"a": [1, {"b": "x)", Json{{"a", {1, {{"b", "x"}}}}},
       "unclosed brackets closed"},
      {"slash in string is not a comment", R"({"u": "https://x.example//a"})",
       Json{{"u", "https://x.example//a"}}, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name, c.block);
    std::vector<std::string> repairs;
    cecat::Result<Json> parsed = ParseJsonLd(c.block, &repairs);
    INFO((parsed.ok() ? std::string("ok") : parsed.status().message()));
    REQUIRE(parsed.ok());
    CHECK(*parsed == c.expected);
    if (std::string(c.repair).empty()) {
      CHECK(repairs.empty());
    } else {
      CHECK(std::find(repairs.begin(), repairs.end(), c.repair) != repairs.end());
    }
  }
}

TEST_CASE("A block that cannot be repaired is an error, not an exception") {
  // Garbage never becomes a value: stray closers alone, words, a key without a
  // value. (An empty block is not an error: it is null, see below.)
  const char* blocks[] = {"{\"a\": nope}",         "<p>not json</p>", "{\"a\" 1}", "}}}}",
                          "{\"name\": undefined}", "hello world",     "]",         "{\"name\":"};
  for (const char* b : blocks) {
    CAPTURE(b);
    std::vector<std::string> repairs;
    CHECK_FALSE(ParseJsonLd(b, &repairs).ok());
  }
}

TEST_CASE("JSON-LD nesting deeper than the limit is refused") {
  std::string deep(100000, '[');
  std::vector<std::string> repairs;
  cecat::Result<Json> parsed = ParseJsonLd(deep, &repairs, 64);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().message() == "nested deeper than 64");
}

TEST_CASE("Script types are matched case-insensitively with parameters") {
  struct Case {
    const char* type;
    bool is_jsonld;
  };
  const Case cases[] = {{"application/ld+json", true},
                        {"Application/LD+JSON", true},
                        {" application/ld+json ; charset=utf-8", true},
                        {"application/json", false},
                        {"text/javascript", false},
                        {"application/ld+json+x", false},
                        {"", false}};
  for (const Case& c : cases) {
    CAPTURE(c.type);
    CHECK(cecat::parsers::IsJsonLdType(c.type) == c.is_jsonld);
  }
}

TEST_CASE("Every JSON-LD block is read and a broken one is skipped with a diagnostic") {
  const char* html = R"HTML(<html><head>
<script type="application/ld+json">[{"@type":"Organization","name":"Calder Institute"},{"@type":"WebSite","name":"x"}]</script>
<script type="APPLICATION/LD+JSON; charset=utf-8"><!-- {"@type":"Course","name":"Grief Work",} --></script>
<script type="application/ld+json">{"@type": "Course", "name": oops}</script>
<script type="application/json">{"@type":"Course","name":"not JSON-LD"}</script>
</head><body><script type="application/ld+json">{"@graph":[{"@type":"Review","name":"Great"}]}</script></body></html>)HTML";
  auto px = cecat::parsers::ExtractPage(html, "https://calder.example/", {});
  REQUIRE(px.jsonld.size() == 4);
  CHECK(px.jsonld[0]["name"] == "Calder Institute");
  CHECK(px.jsonld[2]["name"] == "Grief Work");
  CHECK(px.jsonld[3].contains("@graph"));
  std::vector<std::string> kinds;
  for (const auto& r : px.records) kinds.push_back(r.kind);
  CHECK(kinds == std::vector<std::string>{"provider", "course", "review"});
  CHECK(px.records[2].provenance.at("title") == "jsonld:[3].@graph[0].name");
  bool skipped = false, repaired = false;
  for (const auto& d : px.diagnostics) {
    CAPTURE(d.where, d.message);
    if (d.where == "jsonld[2]")
      skipped = d.message.rfind("skipped, not JSON even after repair", 0) == 0;
    if (d.where == "jsonld[1]")
      repaired = d.message.find("trailing comma removed") != std::string::npos;
  }
  CHECK(skipped);
  CHECK(repaired);
}

TEST_CASE("A JSON-LD block's diagnostics point at its <script> tag: line and byte offset") {
  const std::string html =
      "<html><head>\n"
      "<script type=\"application/ld+json\">{\"@type\": \"Course\", \"name\": \"A\"}</script>\n"
      "<title>x</title>\n"
      "  <script type=\"application/ld+json\">{\"@type\": \"Course\" \"name\" ]]]</script>\n"
      "</head></html>\n";
  auto px = cecat::parsers::ExtractPage(html, "https://calder.example/c", {});
  REQUIRE(px.diagnostics.size() == 1);
  const cecat::Diagnostic& d = px.diagnostics[0];
  CHECK(d.severity == cecat::Diagnostic::Severity::kError);
  CHECK(d.where == "jsonld[1]");
  CHECK(d.url == "https://calder.example/c");
  CHECK(d.line == 4);
  CHECK(d.offset == static_cast<int64_t>(html.rfind("<script")));
  CHECK(d.ToString().rfind("https://calder.example/c:4: jsonld[1]: skipped, not JSON", 0) == 0);
}

// Markup as CE providers' CMSs and SEO plugins write it (wording our own): each
// class the issue names, with the value the block must give.
TEST_CASE("JSON-LD as found in the wild: comments, CDATA, commas, quotes, escapes, junk") {
  struct Case {
    const char* name;
    std::string block;
    Json expected;
    const char* repair;  // one of the repairs reported, or "" for none
  };
  const Json course = {{"@type", "Course"}, {"name", "Grief Work with Adolescents"}};
  const std::vector<Case> cases = {
      {"HTML comment before the object",
       "\n<!-- Course schema: generated by the events plugin -->\n"
       R"({"@type": "Course", "name": "Grief Work with Adolescents"})",
       course, "HTML comment removed"},
      {"HTML comment between properties",
       R"({"@type": "Course", <!-- 6 CE hours --> "name": "Grief Work with Adolescents"})", course,
       "HTML comment removed"},
      {"HTML comment quoting a word",
       "<!-- the \"Course\" block -->\n"
       R"({"@type": "Course", "name": "Grief Work with Adolescents"})",
       course, "HTML comment removed"},
      {"HTML comment wrapped around the object",
       R"(<!-- {"@type": "Course", "name": "Grief Work with Adolescents"} -->)", course,
       "HTML comment wrapper removed"},
      {"comment text inside a string is kept", R"({"d": "<!-- promo --><b>Early bird</b>"})",
       Json{{"d", "<!-- promo --><b>Early bird</b>"}}, ""},
      {"JavaScript-commented CDATA",
       "//<![CDATA[\n"
       R"({"@type": "Course", "name": "Grief Work with Adolescents"})"
       "\n//]]>",
       course, "comment removed"},
      {"block-commented CDATA",
       "/* <![CDATA[ */"
       R"({"@type": "Course", "name": "Grief Work with Adolescents"})"
       "/* ]]> */",
       course, "comment removed"},
      {"trailing comma after the object",
       R"({"@type": "Course", "name": "Grief Work with Adolescents"},)", course, ""},
      {"trailing commas in a list and an object",
       R"({"audience": ["LPC", "LMFT", "LCSW",], "hours": {"value": 6,},})",
       Json{{"audience", {"LPC", "LMFT", "LCSW"}}, {"hours", {{"value", 6}}}},
       "trailing comma removed"},
      {"two objects concatenated",
       R"({"@type": "Organization", "name": "Calder Institute"}{"@type": "Course", "name": "Grief Work with Adolescents"})",
       Json::array({{{"@type", "Organization"}, {"name", "Calder Institute"}}, course}),
       "several top-level values read as an array"},
      {"two objects on two lines",
       "{\"@type\": \"Organization\", \"name\": \"Calder Institute\"}\n"
       R"({"@type": "Course", "name": "Grief Work with Adolescents"})",
       Json::array({{{"@type", "Organization"}, {"name", "Calder Institute"}}, course}),
       "several top-level values read as an array"},
      {"an array of @graphs",
       R"([{"@context": "https://schema.org", "@graph": [{"@type": "Organization", "name": "Calder Institute"}]},
           {"@context": "https://schema.org", "@graph": [{"@type": "Course", "name": "Grief Work with Adolescents"}]}])",
       Json::array(
           {{{"@context", "https://schema.org"},
             {"@graph", Json::array({{{"@type", "Organization"}, {"name", "Calder Institute"}}})}},
            {{"@context", "https://schema.org"}, {"@graph", Json::array({course})}}}),
       ""},
      {"a stray closing brace", R"({"@type": "Course", "name": "Grief Work with Adolescents"}})",
       course, "stray closing bracket removed"},
      {"a stray closing bracket after an array",
       R"([{"@type": "Course", "name": "Grief Work with Adolescents"}]])", Json::array({course}),
       "stray closing bracket removed"},
      {"a semicolon after the object",
       R"({"@type": "Course", "name": "Grief Work with Adolescents"};)", course, ""},
      {"words after the object",
       R"({"@type": "Course", "name": "Grief Work with Adolescents"} Register now)", course,
       "text after the JSON ignored"},
      {"unescaped quotes in a description",
       R"({"description": "Learn the "window of tolerance" model in six hours."})",
       Json{{"description", "Learn the \"window of tolerance\" model in six hours."}},
       "unescaped quote in string escaped"},
      {"unescaped quotes in HTML in a string, over two lines",
       "{\"description\": \"<p class=\"lead\">Live on Zoom.\nRecording included.</p>\", \"n\": 1}",
       Json{{"description", "<p class=\"lead\">Live on Zoom.\nRecording included.</p>"}, {"n", 1}},
       "unescaped quote in string escaped"},
      {"a quote before a path is not a comment", R"({"d": "<a href="/ce/grief">Details</a>"})",
       Json{{"d", "<a href=\"/ce/grief\">Details</a>"}}, "unescaped quote in string escaped"},
      {"JavaScript hex escape", R"({"name": "Grief \x26 Loss"})", Json{{"name", "Grief & Loss"}},
       "invalid escape read as the character"},
      {"a backslash before a letter is kept", R"({"file": "C:\handouts\week1.pdf"})",
       Json{{"file", "C:\\handouts\\week1.pdf"}}, "lone backslash kept"},
      {"a short \\u is kept as written", R"({"d": "\u12 units"})", Json{{"d", "\\u12 units"}},
       "lone backslash kept"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name, c.block);
    std::vector<std::string> repairs;
    cecat::Result<Json> parsed = ParseJsonLd(c.block, &repairs);
    INFO((parsed.ok() ? std::string("ok") : parsed.status().message()));
    REQUIRE(parsed.ok());
    CHECK(*parsed == c.expected);
    std::string all;
    for (const std::string& r : repairs) all += r + "; ";
    CAPTURE(all);
    if (std::string(c.repair).empty()) {
      CHECK(std::find(repairs.begin(), repairs.end(), "unescaped quote in string escaped") ==
            repairs.end());
    } else {
      CHECK(std::find(repairs.begin(), repairs.end(), c.repair) != repairs.end());
    }
  }
}

TEST_CASE("An empty, whitespace-only, null or comment-only block is null, not an error") {
  const char* blocks[] = {"",
                          "   \n\n  ",
                          "null",
                          " null ",
                          "<!-- no schema on this page -->",
                          "// nothing here\n",
                          "<![CDATA[]]>"};
  for (const char* b : blocks) {
    CAPTURE(b);
    std::vector<std::string> repairs;
    cecat::Result<Json> parsed = ParseJsonLd(b, &repairs);
    REQUIRE(parsed.ok());
    CHECK(parsed->is_null());
  }
}

TEST_CASE("null and empty JSON-LD blocks give no records, no jsonld objects and no diagnostics") {
  // A theme that prints one block per widget, most of them empty (extruct's
  // null_ld_mock sample is a real page of this kind).
  const char* html = R"HTML(<html><head>
<script type="application/ld+json">null</script>
<script type="application/ld+json"></script>
<script type="application/ld+json">

</script>
<script type="application/ld+json">{}</script>
<script type="application/ld+json">[]</script>
<script type="application/ld+json">[null, {}, {"@type": "Course", "name": "Ethics for Supervisors"}]</script>
<script type="application/ld+json"><!-- schema disabled --></script>
</head><body></body></html>)HTML";
  auto px = cecat::parsers::ExtractPage(html, "https://calder.example/ethics", {});
  REQUIRE(px.jsonld.size() == 1);
  CHECK(px.jsonld[0]["name"] == "Ethics for Supervisors");
  REQUIRE(px.records.size() == 1);
  CHECK(px.records[0].provenance.at("title") == "jsonld:[0].name");
  for (const auto& d : px.diagnostics) {
    CAPTURE(d.where, d.message);
    CHECK(d.where.rfind("jsonld", 0) != 0);
  }
}

TEST_CASE("A JSON-LD block that is a string or a number is skipped with a warning") {
  const char* html = R"(<script type="application/ld+json">"Course"</script>)";
  auto px = cecat::parsers::ExtractPage(html, "https://calder.example/", {});
  CHECK(px.jsonld.empty());
  CHECK(px.records.empty());
  REQUIRE(px.diagnostics.size() == 1);
  CHECK(px.diagnostics[0].message == "a string is not a JSON-LD object; skipped");
}

TEST_CASE("Concatenated objects and an array of @graphs each give their records") {
  const char* html = R"HTML(<html><head>
<script type="application/ld+json">{"@type": "Course", "name": "Trauma-Informed Care"},
{"@type": "Course", "name": "Motivational Interviewing"},</script>
<script type="application/ld+json">[{"@context": "https://schema.org", "@graph": [{"@type": "Course", "name": "Ethics in Telehealth"}]},
{"@context": "https://schema.org", "@graph": [{"@type": "Course", "name": "Suicide Risk Assessment"}]}]</script>
</head><body></body></html>)HTML";
  auto px = cecat::parsers::ExtractPage(html, "https://calder.example/catalog", {});
  REQUIRE(px.jsonld.size() == 4);
  std::vector<std::string> titles;
  for (const auto& r : px.records) titles.push_back(r.fields.value("title", ""));
  CHECK(titles == std::vector<std::string>{"Trauma-Informed Care", "Motivational Interviewing",
                                           "Ethics in Telehealth", "Suicide Risk Assessment"});
  CHECK(px.records[3].provenance.at("title") == "jsonld:[3].@graph[0].name");
}

TEST_CASE("JSON-LD repair stays linear on hostile blocks") {
  // Each of these once would have been a search to the end of the block per
  // marker: quadratic, hours for a 2 MiB block. Now one pass.
  std::string unclosed = "{\"a\": [", wrapped, quotes, closers;
  for (int i = 0; i < 250000; ++i) unclosed += "<!-- 1, ";
  for (int i = 0; i < 250000; ++i) wrapped += "<!-- x ";
  wrapped += "{\"a\": 1} -->";
  quotes = "{\"d\": \"";
  for (int i = 0; i < 250000; ++i) quotes += "\"x ";
  closers = std::string(1 << 20, '}');
  for (const std::string* block : {&unclosed, &wrapped, &quotes, &closers}) {
    std::vector<std::string> repairs;
    (void)ParseJsonLd(*block, &repairs, 64);
  }
  SUCCEED("done in linear time");
}
