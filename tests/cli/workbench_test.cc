// The admin's workbench (issue 20): `cecat select`, `cecat extract --records`,
// `--table`, `--suggest`, and extract's follow decisions, run in process.
#include <iostream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "tests/cli/run_main.h"
#include "tests/support/test_support.h"

using cecat::testing::RunMain;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

namespace {

// Appended in place: GCC 12's -Warray-bounds misreads `string + "literal" + string`
// once inlined (a false positive of its memcpy bounds check).
std::string Fixture(const std::string& name) {
  std::string path = CECAT_TEST_DATA_DIR;
  path += "/suggest/";
  path += name;
  return path;
}

// A course listing with every kind of link the follow decision tells apart.
const char* kLinksPage = R"(<html><body>
<nav class="pager"><a href="/courses?page=2">Next</a></nav>
<a href="/courses/ethics">Ethics</a>
<a href="https://elsewhere.example.com/x">Partner</a>
<a href="mailto:ce@example.org">Write to us</a>
</body></html>)";

Json LinkByHref(const Json& links, const std::string& href) {
  for (const Json& l : links) {
    if (l["href"] == href) return l;
  }
  FAIL("no link " << href);
  return {};
}

}  // namespace

TEST_CASE("select prints the count, then each match's path, text and attributes") {
  auto run =
      RunMain({"select", "--html", Fixture("offers_table.html"), "tr:has(> td)", "--limit", "2"});
  INFO(run.err);
  REQUIRE(run.code == 0);
  CHECK(run.out ==
        "4 matches for tr:has(> td)\n"
        "\n"
        "1. html > body > main > table.offers > tbody > tr:nth-of-type(2)\n"
        "   text: Ethics of Telehealth Practice March 14, 2027 3 CE hours Live online $45.00\n"
        "\n"
        "2. html > body > main > table.offers > tbody > tr:nth-of-type(3)\n"
        "   text: DBT Skills for Adolescents April 2, 2027 6 CE hours In person $120.00\n"
        "\n"
        "(2 more; --limit N shows more)\n");
}

TEST_CASE("select takes a rule field SELECTOR@attr and resolves links against --url") {
  auto run = RunMain({"select", "--html", Fixture("course_cards.html"), "--url",
                      "https://brightpath.example/courses/", "--json", "a.card-link@href"});
  INFO(run.err);
  REQUIRE(run.code == 0);
  Json out = Json::parse(run.out);
  CHECK(out["selector"] == "a.card-link");
  CHECK(out["attr"] == "href");
  CHECK(out["count"] == 3);
  REQUIRE(out["matches"].size() == 3);
  Json first = out["matches"][0];
  CHECK(first["path"] ==
        "html > body > div.container > div.course-grid > article.card.course:nth-of-type(1) > "
        "a.card-link");
  CHECK(first["value"] == "/courses/motivational-interviewing");
  CHECK(first["url"] == "https://brightpath.example/courses/motivational-interviewing");
  CHECK(first["attributes"] ==
        Json{{"class", "card-link"}, {"href", "/courses/motivational-interviewing"}});
  CHECK(first["text"] == "");
}

TEST_CASE("select: every printed path selects exactly its element") {
  auto run = RunMain({"select", "--html", Fixture("labelled_dl.html"), "--json", "dd"});
  REQUIRE(run.code == 0);
  Json out = Json::parse(run.out);
  REQUIRE(out["count"] == 12);
  for (const Json& m : out["matches"]) {
    std::string path = m["path"];
    auto again = RunMain({"select", "--html", Fixture("labelled_dl.html"), "--json", path});
    INFO(path);
    REQUIRE(again.code == 0);
    Json back = Json::parse(again.out);
    CHECK(back["count"] == 1);
    CHECK(back["matches"][0]["text"] == m["text"]);
  }
}

TEST_CASE("select: a bad selector is a usage error naming the column, as sources check says") {
  auto bad = RunMain({"select", "--html", Fixture("offers_table.html"), "div["});
  CHECK(bad.code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err == "cecat select: selector 'div[': column 5: expected attribute name\n");

  auto attr = RunMain({"select", "--html", Fixture("offers_table.html"), "a@1x"});
  CHECK(attr.code == 2);
  CHECK(attr.err == "cecat select: field 'a@1x': column 3: expected attribute name after '@'\n");

  auto empty = RunMain({"select", "--html", Fixture("offers_table.html"), "@href"});
  CHECK(empty.code == 2);
  CHECK(empty.err.find("give a selector before '@'") != std::string::npos);
}

TEST_CASE("select: a missing file, no --html, or no selector is a usage error") {
  auto missing = RunMain({"select", "--html", "/nonexistent/page.html", "td"});
  CHECK(missing.code == 2);
  CHECK(missing.err == "cecat select: cannot read --html file '/nonexistent/page.html'\n");
  auto no_html = RunMain({"select", "td"});
  CHECK(no_html.code == 2);
  CHECK(no_html.err == "cecat select: --html FILE is required\n");
  auto no_selector = RunMain({"select", "--html", Fixture("offers_table.html")});
  CHECK(no_selector.code == 2);
}

TEST_CASE("select: no matches is a count of 0, not an error") {
  auto text = RunMain({"select", "--html", Fixture("offers_table.html"), "table.none td"});
  CHECK(text.code == 0);
  CHECK(text.out == "0 matches for table.none td\n");
  auto json = RunMain({"select", "--html", Fixture("offers_table.html"), "--json", "ol > li"});
  CHECK(json.code == 0);
  CHECK(Json::parse(json.out) ==
        Json{{"selector", "ol > li"}, {"count", 0}, {"matches", Json::array()}});
}

TEST_CASE("select writes control characters from the page visibly") {
  TempDir dir;
  WriteFile(dir / "page.html",
            "<p title=\"x\x1b]0;owned\x07\">Hours\x1b[2J: 6 \xe2\x80\xae reversed</p>");
  auto run = RunMain({"select", "--html", (dir / "page.html").string(), "p"});
  REQUIRE(run.code == 0);
  CHECK(run.out.find('\x1b') == std::string::npos);
  CHECK(run.out.find('\x07') == std::string::npos);
  CHECK(run.out.find("\xe2\x80\xae") == std::string::npos);
  CHECK(run.out.find("\\u202e reversed") != std::string::npos);
}

// Issue 18 item 6: a relative link's secret parameters were printed as written in
// the text output (`--json` redacted them): one redaction for both.
TEST_CASE("select hides secret parameters of relative URLs in text and JSON output") {
  TempDir dir;
  WriteFile(dir / "page.html",
            R"(<a class="go" href="/x?auth_code=SECRETCODE&page=2">Go</a>)"
            R"(<a class="go" href="detail.html;jsessionid=SECRETSID">Detail</a>)");
  for (bool json : {false, true}) {
    CAPTURE(json);
    std::vector<std::string> args = {"select", "--html", (dir / "page.html").string(), "a.go@href"};
    if (json) args.push_back("--json");
    auto run = RunMain(args);
    INFO(run.out);
    REQUIRE(run.code == 0);
    CHECK(run.out.find("SECRET") == std::string::npos);
    CHECK(run.out.find("/x?auth_code=***&page=2") != std::string::npos);
  }
  auto text = RunMain({"select", "--html", (dir / "page.html").string(), "a.go@href"});
  CHECK(text.out.find("   attributes: class=\"go\" href=\"/x?auth_code=***&page=2\"\n") !=
        std::string::npos);
  CHECK(text.out.find("   @href: /x?auth_code=***&page=2\n") != std::string::npos);
}

// Issue 18 item 2: the robots.txt line a problem message quotes reached stderr
// with its ESC and BEL bytes.
TEST_CASE("robots writes a quoted robots.txt line's control characters visibly") {
  TempDir dir;
  WriteFile(dir / "robots.txt", "User-agent: *\nevil\x1b]0;owned\x07\x1b[2J\nDisallow: /x\n");
  auto run = RunMain({"robots", "--robots", (dir / "robots.txt").string(), "--agent", "cecat",
                      "https://example.org/x"});
  INFO(run.err);
  REQUIRE(run.code == 0);
  CHECK(run.err.find('\x1b') == std::string::npos);
  CHECK(run.err.find('\x07') == std::string::npos);
  CHECK(run.err.find("robots.txt:2: ") != std::string::npos);
  CHECK(run.err.find("evil\\x1b]0;owned\\x07\\x1b[2J") != std::string::npos);
  CHECK(run.out == "disallowed https://example.org/x\n");
}

// Issue 18 item 2: extract's JSON carries the page's JSON-LD and link texts as
// published; a C1 control (U+009B, a CSI) or a bidi override reached the terminal
// raw. Written as JSON escapes, the output still parses to the same text.
TEST_CASE("extract writes C1 controls and bidi overrides from the page as JSON escapes") {
  TempDir dir;
  const std::string csi = "\xc2\x9b", rlo = "\xe2\x80\xae";
  WriteFile(dir / "page.html",
            R"(<html><head><script type="application/ld+json">{"@context": "https://schema.org",
            "@type": "Course", "name": "Grief \u009b2J Work", "description": "x)" +
                rlo + R"(y"}</script></head><body></body></html>)");
  for (const char* mode : {"", "--records"}) {
    CAPTURE(mode);
    std::vector<std::string> args = {"extract", "--url", "https://example.org/c/1", "--html",
                                     (dir / "page.html").string()};
    if (*mode) args.emplace_back(mode);
    auto run = RunMain(args);
    INFO(run.err);
    REQUIRE(run.code == 0);
    CHECK(run.out.find(csi) == std::string::npos);
    CHECK(run.out.find(rlo) == std::string::npos);
    CHECK_NOTHROW(Json::parse(run.out));
  }
  auto plain = RunMain(
      {"extract", "--url", "https://example.org/c/1", "--html", (dir / "page.html").string()});
  CHECK(plain.out.find("Grief \\u009b2J Work") != std::string::npos);
  CHECK(plain.out.find("\"x\\u202ey\"") != std::string::npos);
  Json out = Json::parse(plain.out);
  CHECK(out["jsonld"][0]["name"] == "Grief " + csi + "2J Work");  // the value is unchanged
}

TEST_CASE("extract: without follow selectors every in-scope link is followed, as the crawl does") {
  TempDir dir;
  WriteFile(dir / "page.html", kLinksPage);
  auto run = RunMain(
      {"extract", "--url", "https://example.org/courses", "--html", (dir / "page.html").string()});
  INFO(run.err);
  REQUIRE(run.code == 0);
  Json links = Json::parse(run.out)["links"];
  CHECK(LinkByHref(links, "/courses/ethics")["follow"] == true);
  CHECK_FALSE(LinkByHref(links, "/courses/ethics").contains("reason"));
  CHECK(LinkByHref(links, "/courses?page=2")["follow"] == true);
  Json partner = LinkByHref(links, "https://elsewhere.example.com/x");
  CHECK(partner["follow"] == false);
  CHECK(partner["reason"] == "out of scope: not on a start URL's host");
  CHECK(partner["canonical"] == "https://elsewhere.example.com/x");
  Json mail = LinkByHref(links, "mailto:ce@example.org");
  CHECK(mail["follow"] == false);
  CHECK(mail["reason"] == "not http(s): a mailto: link");
}

TEST_CASE("extract: with follow selectors, a link they miss says so, --depth applies max_depth") {
  TempDir dir;
  WriteFile(dir / "page.html", kLinksPage);
  Json config = {{"database", (dir / "cecat.db").string()},
                 {"sources",
                  {{{"id", "lake"},
                    {"name", "Lake"},
                    {"kinds", {"courses"}},
                    {"start_urls", {"https://example.org/courses"}},
                    {"follow", {"nav.pager"}},
                    {"deny", {"/private/"}},
                    {"max_depth", 2}}}}};
  WriteFile(dir / "sources.json", config.dump());
  std::vector<std::string> base = {"extract",
                                   "--config",
                                   (dir / "sources.json").string(),
                                   "--source",
                                   "lake",
                                   "--url",
                                   "https://example.org/courses",
                                   "--html",
                                   (dir / "page.html").string()};
  auto run = RunMain(base);
  INFO(run.err);
  REQUIRE(run.code == 0);
  Json links = Json::parse(run.out)["links"];
  CHECK(LinkByHref(links, "/courses?page=2")["follow"] == true);
  Json ethics = LinkByHref(links, "/courses/ethics");
  CHECK(ethics["follow"] == false);
  CHECK(ethics["reason"] == "matched by no follow selector");

  // The page at depth 2: its links would be at depth 3, beyond max_depth 2.
  base.insert(base.end(), {"--depth", "2"});
  auto deep = RunMain(base);
  REQUIRE(deep.code == 0);
  Json next = LinkByHref(Json::parse(deep.out)["links"], "/courses?page=2");
  CHECK(next["follow"] == false);
  CHECK(next["reason"] == "depth 3 > max_depth 2");
}

TEST_CASE("extract --records prints only the records and the diagnostics") {
  TempDir dir;
  WriteFile(dir / "page.html",
            "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", "
            "\"@type\": \"Course\", \"name\": \"Grief Work\", \"numberOfCredits\": \"lots\"}"
            "</script>");
  auto run = RunMain({"extract", "--records", "--url", "https://example.org/c/1", "--html",
                      (dir / "page.html").string()});
  INFO(run.err);
  REQUIRE(run.code == 0);
  Json out = Json::parse(run.out);
  CHECK(out.size() == 2);
  REQUIRE(out["records"].size() == 1);
  CHECK(out["records"][0]["title"] == "Grief Work");
  CHECK(out["records"][0]["provenance"]["title"] == "jsonld:[0].name");
  REQUIRE(out["diagnostics"].size() == 1);
  CHECK(out["diagnostics"][0]["where"] == "normalise ce_hours");
}

TEST_CASE("extract --table prints one line per record, diagnostics on stderr") {
  TempDir dir;
  Json config = {{"database", (dir / "cecat.db").string()},
                 {"sources",
                  {{{"id", "lake"},
                    {"name", "Lake"},
                    {"kinds", {"courses"}},
                    {"start_urls", {"https://lakeshore.example/workshops"}},
                    {"extract",
                     {{{"method", "rules"},
                       {"item", "tr:has(> td)"},
                       {"type", "course"},
                       {"fields",
                        {{"title", "a"},
                         {"url", "a@href"},
                         {"start_date", "td:nth-of-type(2)"},
                         {"ce_hours", "td:nth-of-type(3)"},
                         {"format", "td:nth-of-type(4)"},
                         {"price", "td:nth-of-type(5)"},
                         {"presenters", "td.presenter"}}}}}}}}}};
  WriteFile(dir / "sources.json", config.dump());
  auto run = RunMain({"extract", "--table", "--config", (dir / "sources.json").string(), "--source",
                      "lake", "--url", "https://lakeshore.example/workshops", "--html",
                      Fixture("offers_table.html")});
  INFO(run.err);
  REQUIRE(run.code == 0);
  std::istringstream lines(run.out);
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  CHECK(header ==
        "type         title                                     ce_hours  format       "
        "start_date  price       provider                  approvals");
  CHECK(first.rfind("course       Ethics of Telehealth Practice             3         "
                    "live_online  2027-03-14  USD 45",
                    0) == 0);
  int courses = 0;
  for (std::string line; std::getline(lines, line);) courses += line.rfind("course ", 0) == 0;
  CHECK(courses == 3);  // after the first
  // The page's approval statement names the provider: its records follow, under
  // their own header.
  CHECK(run.out.find("\ntype         name      ") != std::string::npos);
  // presenters matched nothing: a warning, listed and counted on stderr.
  CHECK(run.err ==
        "warning rule[0].fields.presenters: 'td.presenter' matched nothing in 4 of 4 items\n"
        "6 records, 1 diagnostic (0 errors, 1 warning, 0 info)\n");
}

TEST_CASE("extract --table --columns shows the fields named, and says which no record has") {
  TempDir dir;
  Json config = {
      {"database", (dir / "cecat.db").string()},
      {"sources",
       {{{"id", "lake"},
         {"kinds", {"courses"}},
         {"start_urls", {"https://lakeshore.example/workshops"}},
         {"extract",
          {{{"item", "tr:has(> td)"}, {"fields", {{"title", "a"}, {"url", "a@href"}}}}}}}}}};
  WriteFile(dir / "sources.json", config.dump());
  auto run =
      RunMain({"extract", "--table", "--columns", "title,topics,audience", "--config",
               (dir / "sources.json").string(), "--source", "lake", "--url",
               "https://lakeshore.example/workshops", "--html", Fixture("offers_table.html")});
  INFO(run.err);
  REQUIRE(run.code == 0);
  std::istringstream lines(run.out);
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  CHECK(
      header ==
      "type         title                                     topics                              "
      "audience");
  CHECK(first == "course       Ethics of Telehealth Practice             ethics, telehealth");
  // "audience" is no record's field (audiences is): said, not printed empty in silence.
  CHECK(run.err.find("cecat extract: --columns: no record has a field 'audience'\n") !=
        std::string::npos);

  auto alone = RunMain({"extract", "--columns", "title", "--url", "https://example.org/", "--html",
                        Fixture("offers_table.html")});
  CHECK(alone.code == 2);
  CHECK(alone.err == "cecat extract: --columns goes with --table\n");
  auto bad = RunMain({"extract", "--table", "--columns", "title,,url", "--url",
                      "https://example.org/", "--html", Fixture("offers_table.html")});
  CHECK(bad.code == 2);
  CHECK(bad.err ==
        "cecat extract: --columns: expected record field names separated by commas "
        "(title,audiences), got 'title,,url'\n");
}

TEST_CASE("extract --table with no records says so") {
  TempDir dir;
  WriteFile(dir / "page.html", "<html><body><p>Nothing here</p></body></html>");
  auto run = RunMain({"extract", "--table", "--url", "https://example.org/", "--html",
                      (dir / "page.html").string()});
  REQUIRE(run.code == 0);
  CHECK(run.out == "no records\n");
  CHECK(run.err.find("0 records, ") != std::string::npos);
}

TEST_CASE("extract: --records, --table and --suggest exclude each other, --json needs --suggest") {
  auto both = RunMain({"extract", "--records", "--table", "--url", "https://example.org/", "--html",
                       Fixture("offers_table.html")});
  CHECK(both.code == 2);
  CHECK(both.err == "cecat extract: --records, --table and --suggest exclude each other\n");
  auto json = RunMain({"extract", "--json", "--url", "https://example.org/", "--html",
                       Fixture("offers_table.html")});
  CHECK(json.code == 2);
}

TEST_CASE("extract --suggest prints item selectors, fields with samples, and a rule") {
  auto run = RunMain({"extract", "--suggest", "--url", "https://brightpath.example/courses",
                      "--html", Fixture("course_cards.html")});
  INFO(run.err);
  REQUIRE(run.code == 0);
  INFO(run.out);
  CHECK(run.out.rfind("item selectors, best first:\n  1. article.card.course\n     3 matches, 3 "
                      "look like records (",
                      0) == 0);
  CHECK(run.out.find("  title       h3.card-title") != std::string::npos);
  CHECK(run.out.find("Motivational Interviewing: Core…") != std::string::npos);
  // The rule is JSON to paste: parse what follows its heading.
  std::size_t rule_at = run.out.find("\n{");
  REQUIRE(rule_at != std::string::npos);
  Json rule = Json::parse(run.out.substr(rule_at + 1));
  CHECK(rule["item"] == "article.card.course");
  CHECK(rule["fields"]["price"] == "span.price");

  auto json = RunMain({"extract", "--suggest", "--json", "--url", "https://example.org/", "--html",
                       Fixture("labelled_dl.html")});
  REQUIRE(json.code == 0);
  Json out = Json::parse(json.out);
  CHECK(out["items"][0]["selector"] == "div.program");
  CHECK(out["rule"]["item"] == "div.program");
  CHECK(out["rule"]["fields"]["ce_hours"] == "dt:contains(\"CE credit\") + dd");
  CHECK(out["fields"][0]["samples"][0] == "Couples Therapy Intensive");
}

TEST_CASE("extract --suggest on a page without repeated records says so") {
  TempDir dir;
  WriteFile(dir / "page.html",
            "<html><body><h1>About</h1><p>We train clinicians.</p></body></html>");
  auto run = RunMain({"extract", "--suggest", "--url", "https://example.org/", "--html",
                      (dir / "page.html").string()});
  REQUIRE(run.code == 0);
  CHECK(run.out.rfind("no repeated blocks that look like records", 0) == 0);
  auto json = RunMain({"extract", "--suggest", "--json", "--url", "https://example.org/", "--html",
                       (dir / "page.html").string()});
  CHECK(Json::parse(json.out) ==
        Json{{"items", Json::array()}, {"fields", Json::array()}, {"rule", nullptr}});
}
