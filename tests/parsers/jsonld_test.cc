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
  const char* blocks[] = {"",          "   ",  "{\"a\": nope}",        "<p>not json</p>",
                          "{\"a\" 1}", "}}}}", "{\"name\": undefined}"};
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
