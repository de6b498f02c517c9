// Resource bounds and hostile input: no page takes unbounded time or memory,
// and nothing throws across ExtractPage (issue 4, item 7).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "parsers/extract.h"

using cecat::Json;
using namespace cecat::parsers;

namespace {

bool HasDiag(const PageExtraction& px, const std::string& where, const std::string& part) {
  for (const auto& d : px.diagnostics) {
    if (d.where == where && d.message.find(part) != std::string::npos) return true;
  }
  return false;
}

long long Millis(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               since)
      .count();
}

// Everything the caller will serialise must serialise.
void CheckSerialisable(const PageExtraction& px) { CHECK_NOTHROW(ToJson(px).dump()); }

std::string Fixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(CECAT_TEST_DATA_DIR) / "pages" / name, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("A page larger than max_html_bytes is cut, with a diagnostic") {
  ExtractOptions opt;
  opt.max_html_bytes = 1000;
  std::string html = "<p>" + std::string(5000, 'x') + "</p><a href=/late>late</a>";
  PageExtraction px = ExtractPage(html, "https://big.example/", opt);
  CHECK(px.links.empty());
  CHECK(HasDiag(px, "html", "only the first 1000 are read"));
}

TEST_CASE("100,000 nested elements are flattened and parsed quickly") {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "<a href=/deep>deep</a>";
  auto start = std::chrono::steady_clock::now();
  PageExtraction px = ExtractPage(html, "https://deep.example/", {});
  CHECK(Millis(start) < 5000);
  CHECK(HasDiag(px, "html", "nested deeper than 256"));
  REQUIRE(px.links.size() == 1);
  CHECK(px.links[0].url == "https://deep.example/deep");
}

TEST_CASE("JSON-LD block count, block size and nesting are capped") {
  ExtractOptions opt;
  opt.max_jsonld_blocks = 3;
  opt.max_jsonld_block_bytes = 100;
  std::string html;
  html += "<script type=application/ld+json>{\"@type\":\"Course\",\"name\":\"" +
          std::string(200, 'n') + "\"}</script>";
  html += "<script type=application/ld+json>" + std::string(50, '[') + "</script>";
  for (int i = 0; i < 5; ++i) {
    html += "<script type=application/ld+json>{\"@type\":\"Course\",\"name\":\"C" +
            std::to_string(i) + "\"}</script>";
  }
  opt.max_json_depth = 20;
  PageExtraction px = ExtractPage(html, "https://ld.example/", opt);
  CHECK(HasDiag(px, "jsonld", "more than 3 JSON-LD blocks"));
  CHECK(HasDiag(px, "jsonld[0]", "limit 100"));
  CHECK(HasDiag(px, "jsonld[1]", "nested deeper than 20"));
  REQUIRE(px.records.size() == 1);
  CHECK(px.records[0].fields["title"] == "C0");
}

TEST_CASE("Records and links per page are capped") {
  std::string html;
  for (int i = 0; i < 300; ++i)
    html += "<div class=c><h2>T" + std::to_string(i) + "</h2><a href=/c/" + std::to_string(i) +
            ">x</a></div>";
  ExtractOptions opt;
  opt.max_records = 100;
  opt.max_links = 50;
  cecat::ExtractRule rule;
  rule.method = "rules";
  rule.item = "div.c";
  rule.fields = {{"title", "h2"}};
  opt.rules = {rule};
  PageExtraction px = ExtractPage(html, "https://many.example/", opt);
  CHECK(px.records.size() == 100);
  CHECK(px.links.size() == 50);
  CHECK(HasDiag(px, "rule[0].item", "more than 100 records"));
  CHECK(HasDiag(px, "links", "more than 50 links"));
}

TEST_CASE("Hostile markup never throws and always serialises") {
  const std::string cases[] = {
      "",
      "\xFF\xFE\x00\x01",
      std::string("<a href=\"\xC3\x28\">bad utf8</a><p title='\xF0\x28\x8C\x28'>x</p>", 44),
      "<script type=application/ld+json>{\"@type\":\"Course\",\"name\":\"unclosed",
      "<!-- never closed <script type=application/ld+json>{}</script>",
      "<div itemscope itemref=a id=a><span itemscope itemprop=x itemref=a id=b></span></div>",
      "<base href='javascript:alert(1)'><a href=x>x</a>",
      "<a href='http://[::1'>broken host</a><a href='http://exa mple.com/'>space</a>",
      "<table><tr><td><table><tr><td><form><select><option><option></table></table>",
      "<svg><script type=application/ld+json>{\"@type\":\"Course\",\"name\":\"in "
      "svg\"}</script></svg>",
      "<template><script "
      "type=application/ld+json>{\"@type\":\"Course\",\"name\":\"tpl\"}</script></template>",
      std::string(100000, '<'),
      std::string(50000, '{'),
  };
  for (const std::string& html : cases) {
    CAPTURE(html.substr(0, 80));
    PageExtraction px;
    REQUIRE_NOTHROW(px = ExtractPage(html, "https://hostile.example/", {}));
    CheckSerialisable(px);
  }
}

TEST_CASE("Randomly mutated fixture pages never throw and always serialise") {
  const std::string seeds[] = {Fixture("course_graph.html"), Fixture("broken_listing.html"),
                               Fixture("microdata_events.html"), Fixture("rules_reviews.html")};
  ExtractOptions opt;
  opt.follow = {"a", "nav a:nth-child(2n+1)"};
  cecat::ExtractRule auto_rule;
  cecat::ExtractRule rules;
  rules.method = "rules";
  rules.item = "article, div, li";
  rules.type = "review";
  rules.fields = {{"title", "h4"}, {"rating", ".stars"}, {"url", "a@href"}, {"approvals", "p"}};
  opt.rules = {auto_rule, rules};
  std::mt19937 rng(20261125);
  const char kBytes[] = "<>\"'{}[],:\\/&;#=@ \n\x00\xC3\xFF";
  auto start = std::chrono::steady_clock::now();
  for (int iteration = 0; iteration < 200; ++iteration) {
    std::string page = seeds[iteration % 4];
    int edits = 1 + static_cast<int>(rng() % 40);
    for (int e = 0; e < edits && !page.empty(); ++e) {
      std::size_t at = rng() % page.size();
      switch (rng() % 3) {
        case 0:
          page[at] = kBytes[rng() % (sizeof(kBytes) - 1)];
          break;
        case 1:
          page.erase(at, 1 + rng() % 20);
          break;
        default:
          page.insert(at, page.substr(rng() % page.size(), 1 + rng() % 200));
      }
    }
    CAPTURE(iteration);
    PageExtraction px;
    REQUIRE_NOTHROW(px = ExtractPage(page, "https://fuzz.example/p", opt));
    CheckSerialisable(px);
  }
  CHECK(Millis(start) < 20000);
}

// Measurements, not run by CTest: `parsers_tests "[perf]"`.
TEST_CASE("Extraction time on 8 MiB pages", "[.][perf]") {
  struct Page {
    const char* name;
    std::string html;
  };
  std::string listing, deep, links, jsonld;
  std::string item = Fixture("rules_reviews.html");
  while (listing.size() < 8 * 1024 * 1024 - item.size()) listing += item;
  while (deep.size() < 8 * 1024 * 1024) deep += "<div><span>";
  while (links.size() < 8 * 1024 * 1024) links += "<a href='/c/1?x=1'>course</a>\n";
  std::string block = Fixture("course_graph.html");
  while (jsonld.size() < 8 * 1024 * 1024 - block.size()) jsonld += block;
  Page pages[] = {{"reviews fixture x ~3400", listing},
                  {"nested div/span", deep},
                  {"links only", links},
                  {"course_graph x ~2700", jsonld}};
  ExtractOptions opt;
  opt.follow = {"a"};
  cecat::ExtractRule rules;
  rules.method = "rules";
  rules.item = "article.review";
  rules.type = "review";
  rules.fields = {{"title", "h4"}, {"rating", ".stars"}, {"text", "div.body"}};
  opt.rules = {cecat::ExtractRule{}, rules};
  for (const Page& p : pages) {
    auto start = std::chrono::steady_clock::now();
    PageExtraction px = ExtractPage(p.html, "https://perf.example/", opt);
    WARN(p.name << ": " << p.html.size() << " bytes, " << Millis(start) << " ms, "
                << px.records.size() << " records, " << px.links.size() << " links, "
                << px.diagnostics.size() << " diagnostics");
  }
}
