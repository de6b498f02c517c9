// `cecat report --out DIR` (issue 21 parts 3 and 4), run in process on a seeded
// history of runs. The hidden test case at the end writes the same report for the
// browser test (tests/browser/report_test.mjs).
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/report_html.h"
#include "common/record.h"
#include "index/index.h"
#include "tests/cli/run_main.h"
#include "tests/support/test_support.h"

using cecat::testing::ReadFile;
using cecat::testing::RunMain;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kHostile = "<script>alert(\"pwned\")</script>";
constexpr const char* kHostileUrl = "https://lake.example/c?q=<img src=x onerror=alert(1)>";

Json Health(const std::string& status, double ce_hours, Json reasons = Json::array()) {
  return {{"records", {{"course", 80}, {"provider", 1}}},
          {"courses", 80},
          {"coverage",
           {{"title", 1.0},
            {"ce_hours", ce_hours},
            {"price", 0.9},
            {"format", 1.0},
            {"start_date", 0.5},
            {"approvals", 0.8},
            {"provider", 1.0},
            {"audiences", 0.7}}},
          {"rejects", {{"missing title", 1}}},
          {"failures", Json::object()},
          {"structured_data", {{"jsonld", 1}}},
          {"duration_s", 12.0},
          {"status", status},
          {"reasons", reasons}};
}

Json Report(bool ok, double duration_s, int added, int unchanged) {
  return {{"ok", ok},
          {"cancelled", false},
          {"error", ""},
          {"partial", false},
          {"duration_s", duration_s},
          {"pages", {{"fetched", 5}, {"failed", 0}}},
          {"records",
           {{"raw", added + unchanged},
            {"added", added},
            {"updated", 0},
            {"unchanged", unchanged},
            {"stale", 0},
            {"removed", 0},
            {"rejected", 0},
            {"suspicious", false}}},
          {"errors", Json::array()},
          {"diagnostics", Json::array()},
          {"diagnostics_total", 0}};
}

cecat::Record Course(const std::string& key) {
  cecat::Record r;
  r.type = cecat::RecordType::kCourse;
  r.url = "https://acme.example/c/" + key;
  r.id = cecat::MakeRecordId(r.type, r.url);
  r.fields = {{"title", "Course " + key}};
  return r;
}

// The seeded history, four runs (unix times from 1780000000, an hour apart):
//   acme  (in the sources file): runs 1-4; run 1 without "health" (80 added),
//         runs 2-3 healthy, run 4 degraded (ce_hours 96% -> 10%) with a JSON-LD
//         block that does not parse, an hours value that did not normalise, a
//         robots.txt and a sitemap diagnostic, and a reject; 3 active records.
//   lake  (in the sources file): runs 3-4; run 4 failed, a page 404 with a hostile URL.
//   ghost (only in history): run 1, a hostile health reason.
//   quiet (in the sources file): no runs.
// Returns what the pages must show, for the browser test.
Json SeedHistory(const fs::path& dir) {
  Json config = {{"database", (dir / "cecat.db").string()},
                 {"sources",
                  {{{"id", "acme"},
                    {"name", "Acme CE Institute"},
                    {"kinds", {"courses"}},
                    {"start_urls", {"https://acme.example/courses"}}},
                   {{"id", "lake"},
                    {"name", "Lakeshore Workshops"},
                    {"kinds", {"courses"}},
                    {"start_urls", {"https://lake.example/workshops"}}},
                   {{"id", "quiet"},
                    {"name", "Quiet Source"},
                    {"kinds", {"courses"}},
                    {"start_urls", {"https://quiet.example/"}}}}}};
  WriteFile(dir / "sources.json", config.dump(2));
  auto opened = cecat::index::Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  cecat::index::Index& idx = **opened;
  const int64_t t0 = 1780000000;
  std::vector<int64_t> runs;
  for (int i = 0; i < 4; ++i) {
    auto id = idx.BeginRun("refresh", t0 + i * 3600);
    REQUIRE(id.ok());
    runs.push_back(*id);
  }
  // acme
  REQUIRE(idx.RecordSourceRun(runs[0], "acme", Report(true, 10.0, 80, 0)).ok());
  Json r2 = Report(true, 12.5, 0, 80);
  r2["health"] = Health("healthy", 0.96);
  REQUIRE(idx.RecordSourceRun(runs[1], "acme", r2).ok());
  Json r3 = Report(true, 11.0, 0, 80);
  r3["health"] = Health("healthy", 0.96);
  REQUIRE(idx.RecordSourceRun(runs[2], "acme", r3).ok());
  Json r4 = Report(true, 14.0, 0, 80);
  r4["health"] = Health("degraded", 0.10, {"ce_hours coverage 96% -> 10%"});
  r4["diagnostics"] = {{{"severity", "error"},
                        {"where", "jsonld[0]"},
                        {"url", "https://acme.example/c/5"},
                        {"message", "skipped, not JSON even after repair: unexpected '}'"}},
                       {{"severity", "warning"},
                        {"where", "normalise ce_hours"},
                        {"url", "https://acme.example/c/7"},
                        {"message", std::string("course 'Grief ") + kHostile +
                                        "': ce_hours 'a full day' did not "
                                        "normalise (no number)"}},
                       {{"severity", "warning"},
                        {"where", "robots.txt"},
                        {"url", "https://acme.example/robots.txt"},
                        {"message", "line 3: no colon"}},
                       {{"severity", "warning"},
                        {"where", "sitemap"},
                        {"url", "https://acme.example/sitemap.xml"},
                        {"message", "XML error: mismatched tag"}}};
  REQUIRE(idx.RecordSourceRun(runs[3], "acme", r4).ok());
  cecat::index::SourceOutcome outcome;
  outcome.source_id = "acme";
  outcome.run_id = runs[3];
  outcome.records = {Course("1"), Course("2"), Course("3")};
  outcome.rejects.push_back(
      {"course", "https://acme.example/c/9", std::string("missing title ") + kHostile, Json()});
  REQUIRE(idx.ApplySource(outcome, t0 + 3 * 3600 + 60).ok());
  // lake
  REQUIRE(idx.RecordSourceRun(runs[2], "lake", Report(true, 3.0, 12, 0)).ok());
  Json l4 = Report(false, 2.0, 0, 0);
  l4["error"] = "every start URL failed";
  l4["errors"] = {{{"url", kHostileUrl}, {"reason", "http 404"}, {"status", 404}}};
  REQUIRE(idx.RecordSourceRun(runs[3], "lake", l4).ok());
  // ghost
  Json g1 = Report(true, 1.5, 4, 0);
  g1["health"] = Health("no history", 1.0, {std::string("title ") + kHostile});
  g1["health"]["records"] = {{"course", 4}};
  REQUIRE(idx.RecordSourceRun(runs[0], "ghost", g1).ok());
  for (size_t i = 0; i < runs.size(); ++i) {
    REQUIRE(idx.FinishRun(runs[i], "ok", t0 + static_cast<int64_t>(i) * 3600 + 120).ok());
  }
  return {{"sources",
           {{{"id", "acme"},
             {"status", "ok"},
             {"health", "degraded"},
             {"records", 3},
             {"points", 4},
             {"record_counts", {80, 81, 81, 81}},
             {"coverage_ce_hours", {"—", "96%", "96%", "10%"}},
             {"reason", "ce_hours coverage 96% -> 10%"}},
            {{"id", "lake"},
             {"status", "failed"},
             {"health", "—"},
             {"records", 0},
             {"points", 2},
             {"record_counts", {12, 0}}},
            {{"id", "quiet"},
             {"status", "no runs"},
             {"health", "—"},
             {"records", 0},
             {"points", 0},
             {"record_counts", Json::array()}},
            {{"id", "ghost"},
             {"status", "ok"},
             {"health", "no history"},
             {"records", 0},
             {"points", 1},
             {"record_counts", {4}}}}},
          {"hostile", kHostile}};
}

// The points of each sparkline of this class, in page order ("" when it has none).
std::vector<std::string> Points(const std::string& html, const std::string& css_class) {
  std::vector<std::string> all;
  const std::string open = "<svg class=\"spark " + css_class + "\"";
  for (size_t at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    std::string svg = html.substr(at, html.find("</svg>", at) - at);
    std::smatch m;
    all.push_back(
        std::regex_search(svg, m, std::regex("<polyline points=\"([^\"]*)\"/>")) ? m[1].str() : "");
  }
  return all;
}

size_t CountPoints(const std::string& points) {
  if (points.empty()) return 0;
  return static_cast<size_t>(std::count(points.begin(), points.end(), ' ')) + 1;
}

// The <tr data-source="ID"> row of the index page.
std::string Row(const std::string& html, const std::string& id) {
  size_t at = html.find("<tr data-source=\"" + id + "\">");
  REQUIRE(at != std::string::npos);
  return html.substr(at, html.find("</tr>", at) - at);
}

}  // namespace

TEST_CASE("report writes an index, a page and a validation page per source") {
  TempDir dir;
  Json expected = SeedHistory(dir.path());
  auto run = RunMain(
      {"report", "--config", (dir / "sources.json").string(), "--out", (dir / "site").string()});
  INFO(run.err);
  REQUIRE(run.code == 0);
  CHECK(run.out == "wrote 9 pages for 4 sources into " + (dir / "site").string() + "\n");
  for (const char* f : {"index.html", "source-acme.html", "validate-acme.html", "source-lake.html",
                        "validate-lake.html", "source-quiet.html", "validate-quiet.html",
                        "source-ghost.html", "validate-ghost.html"}) {
    CAPTURE(f);
    CHECK(fs::is_regular_file(dir / "site" / f));
  }
  std::string index = ReadFile(dir / "site" / "index.html");

  SECTION("every source in the file, then those only in history, with their status") {
    CHECK(index.find("data-source=\"acme\"") < index.find("data-source=\"lake\""));
    CHECK(index.find("data-source=\"quiet\"") < index.find("data-source=\"ghost\""));
    std::string acme = Row(index, "acme");
    CHECK(acme.find("<td class=\"status last-status st-ok\">ok<br>") != std::string::npos);
    CHECK(acme.find("<td class=\"status health st-degraded\">degraded</td>") != std::string::npos);
    CHECK(acme.find("<td class=\"num records\">3</td>") != std::string::npos);
    CHECK(acme.find("<li>ce_hours coverage 96% -&gt; 10%</li>") != std::string::npos);
    CHECK(acme.find("<td class=\"last-success\">2026-05-28T23:27:40Z<") != std::string::npos);
    std::string lake = Row(index, "lake");
    CHECK(lake.find("st-failed\">failed") != std::string::npos);
    CHECK(lake.find("<td class=\"last-success\">never</td>") != std::string::npos);
    CHECK(Row(index, "quiet").find("no runs") != std::string::npos);
    CHECK(Row(index, "ghost").find("not in the sources file") != std::string::npos);
  }

  SECTION("each sparkline has one point per run, its title lists the values") {
    std::vector<std::string> records = Points(index, "spark-records");
    std::vector<std::string> durations = Points(index, "spark-duration");
    REQUIRE(records.size() == 4);
    REQUIRE(durations.size() == 4);
    size_t i = 0;
    for (const Json& s : expected["sources"]) {
      CAPTURE(s["id"]);
      CHECK(CountPoints(records[i]) == s["points"].get<size_t>());
      CHECK(CountPoints(durations[i]) == s["points"].get<size_t>());
      ++i;
    }
    CHECK(index.find("<title>records per run, oldest first: 80, 81, 81, 81</title>") !=
          std::string::npos);
    CHECK(index.find("<title>seconds per run, oldest first: 10, 12.5, 11, 14</title>") !=
          std::string::npos);
  }

  SECTION("the source page: coverage heat table over runs, errors, rejects, crawl diagnostics") {
    std::string acme = ReadFile(dir / "site" / "source-acme.html");
    size_t row = acme.find("<tr data-field=\"ce_hours\">");
    REQUIRE(row != std::string::npos);
    std::string cells = acme.substr(row, acme.find("</tr>", row) - row);
    // Run 1 has no health record: its cell is a dash, not a guess.
    CHECK(std::regex_search(cells, std::regex("<td class=\"muted\">&mdash;</td>"
                                              "<td data-share=\"0.960\"[^>]*>96%</td>"
                                              "<td data-share=\"0.960\"[^>]*>96%</td>"
                                              "<td data-share=\"0.100\"[^>]*>10%</td>")));
    CHECK(acme.find("<td class=\"url\">https://acme.example/c/9</td>") != std::string::npos);
    CHECK(acme.find("missing title &lt;script&gt;") != std::string::npos);
    CHECK(acme.find("<code>robots.txt</code>") != std::string::npos);
    CHECK(acme.find("XML error: mismatched tag") != std::string::npos);
    CHECK(acme.find("<tr><td>rejects</td><td>missing title</td><td class=\"num\">1</td></tr>") !=
          std::string::npos);
    std::string lake = ReadFile(dir / "site" / "source-lake.html");
    CHECK(lake.find("The source failed: <span class=\"error\">every start URL failed") !=
          std::string::npos);
    CHECK(lake.find("https://lake.example/c?q=&lt;img src=x onerror=alert(1)&gt;</td><td>http "
                    "404</td>") != std::string::npos);
  }

  SECTION("the validation page: per URL, the problem and what to write instead") {
    std::string v = ReadFile(dir / "site" / "validate-acme.html");
    CHECK(v.find("<tr data-type=\"course\"><td>course</td><td class=\"num\">80</td>") !=
          std::string::npos);
    CHECK(v.find("<tr data-type=\"provider\"><td>provider</td><td class=\"num\">1</td>") !=
          std::string::npos);
    CHECK(std::regex_search(v, std::regex("https://acme.example/c/5</td><td>skipped, not JSON[^<]*"
                                          "<br><code class=\"muted\">jsonld\\[0\\]</code></td>"
                                          "<td class=\"advice\">Make each")));
    CHECK(v.find("<td class=\"advice\">State the CE hours as a number: <code>&quot;") ==
          std::string::npos);  // advice is our own markup, not escaped twice
    CHECK(v.find("<code>\"numberOfCredits\": 6</code>") != std::string::npos);
    CHECK(v.find("course rejected: missing title &lt;script&gt;") != std::string::npos);
    CHECK(v.find("Give every Course a name") != std::string::npos);
    // Crawl diagnostics are the admin's business, not the provider's.
    CHECK(v.find("mismatched tag") == std::string::npos);
    // Without a health record, a total stands in for the count by type.
    std::string lake = ReadFile(dir / "site" / "validate-lake.html");
    CHECK(lake.find("<tr data-type=\"all\"><td>all types</td><td class=\"num\">0</td>") !=
          std::string::npos);
  }

  SECTION("no page loads anything from outside, and hostile text stays text") {
    for (const auto& entry : fs::directory_iterator(dir / "site")) {
      std::string html = ReadFile(entry.path());
      CAPTURE(entry.path().filename().string());
      CHECK_FALSE(std::regex_search(
          html, std::regex(R"((src|href)\s*=\s*["']?\s*(https?:|//))", std::regex::icase)));
      CHECK(html.find("url(") == std::string::npos);
      CHECK(html.find("<script") == std::string::npos);
      CHECK(html.find("<img") == std::string::npos);
      const std::regex href(R"(href="([^"]*)\")");
      for (auto it = std::sregex_iterator(html.begin(), html.end(), href);
           it != std::sregex_iterator(); ++it) {
        CHECK(std::regex_match((*it)[1].str(),
                               std::regex(R"((index|source-[\w-]+|validate-[\w-]+)\.html)")));
      }
    }
    CHECK(ReadFile(dir / "site" / "index.html")
              .find("title &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;") !=
          std::string::npos);
  }
}

TEST_CASE("report --last N keeps the last N runs") {
  TempDir dir;
  SeedHistory(dir.path());
  auto run = RunMain({"report", "--config", (dir / "sources.json").string(), "--out",
                      (dir / "site").string(), "--last", "2"});
  REQUIRE(run.code == 0);
  std::string index = ReadFile(dir / "site" / "index.html");
  CHECK(index.find("<title>records per run, oldest first: 81, 81</title>") != std::string::npos);
  // ghost ran only in run 1: it is in no run kept, nor in the sources file.
  CHECK(index.find("data-source=\"ghost\"") == std::string::npos);
}

TEST_CASE("report usage errors exit 2 and say what is wrong") {
  TempDir dir;
  SeedHistory(dir.path());
  const std::string config = (dir / "sources.json").string();
  auto missing = RunMain({"report", "--config", config});
  CHECK(missing.code == 2);
  CHECK(missing.err ==
        "cecat report: --out DIR is required (the folder to write the pages into)\n");
  auto bad_last =
      RunMain({"report", "--config", config, "--out", (dir / "s").string(), "--last", "0"});
  CHECK(bad_last.code == 2);
  CHECK(bad_last.err ==
        "cecat report: option '--last' expects an integer from 1 to 1000, got '0'\n");
  // A file where the folder should be: root can write anywhere, but not into a file.
  WriteFile(dir / "taken", "x");
  auto unwritable =
      RunMain({"report", "--config", config, "--out", (dir / "taken" / "site").string()});
  CHECK(unwritable.code == 2);
  CHECK(unwritable.err.rfind(
            "cecat report: cannot create the folder " + (dir / "taken" / "site").string() + ": ",
            0) == 0);
  auto is_file = RunMain({"report", "--config", config, "--out", (dir / "taken").string()});
  CHECK(is_file.code == 2);
  CHECK(is_file.err.find("cannot create the folder") != std::string::npos);
}

TEST_CASE("source ids become safe, distinct file names") {
  using cecat::cli::report::SourceFileStem;
  CHECK(SourceFileStem("acme") == "acme");
  CHECK(SourceFileStem("a-b_C9") == "a-b_C9");
  CHECK(SourceFileStem("../x").rfind("___x-", 0) == 0);
  CHECK(SourceFileStem("a/b") != SourceFileStem("a_b"));
  CHECK(SourceFileStem("a/b") != SourceFileStem("a?b"));
  CHECK(cecat::cli::report::EscapeHtml("<a href='x'>&\"") ==
        "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
}

TEST_CASE("validation advice names what to write instead, by the problem's kind") {
  struct Case {
    const char* where;
    const char* message;
    const char* advice_starts;
  };
  const Case cases[] = {
      {"jsonld[0]", "skipped, not JSON even after repair: x", "Make each <code>&lt;script"},
      {"reject", "missing title", "Give every Course a name"},
      {"reject", "missing provider", "Name who offers the course"},
      {"normalise provider", "course 'x': provider '' did not normalise", "Name who offers"},
      {"normalise ce_hours", "course 'x': ce_hours 'a day' did not normalise",
       "State the CE hours"},
      {"normalise price", "course 'x': price 'call us' did not normalise", "Give the price"},
      {"normalise approvals", "no accrediting body recognised", "Name the approving body"},
      {"normalise start_date", "course 'x': start_date 'soon'", "Write dates in ISO 8601"},
      {"microdata", "something odd", "Check that the value"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.where, c.message);
    CHECK(cecat::cli::report::AdviceFor(c.where, c.message).rfind(c.advice_starts, 0) == 0);
  }
}

// Not run by default (hidden tag): tests/browser/report_test.mjs runs it with
// CECAT_REPORT_FIXTURE_DIR set, then opens the pages in Chromium. Writes the seeded
// history and sources file, the report under site/, and expected.json.
TEST_CASE("browser fixture: a seeded report for the browser test", "[.report-fixture]") {
  const char* out = std::getenv("CECAT_REPORT_FIXTURE_DIR");
  REQUIRE(out != nullptr);
  fs::path dir = out;
  fs::remove_all(dir);
  fs::create_directories(dir);
  Json expected = SeedHistory(dir);
  auto run = RunMain(
      {"report", "--config", (dir / "sources.json").string(), "--out", (dir / "site").string()});
  INFO(run.err);
  REQUIRE(run.code == 0);
  WriteFile(dir / "expected.json", expected.dump(2));
}
