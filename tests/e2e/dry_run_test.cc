// End to end: the admin's dry-run tools, `cecat robots` and `cecat extract`, print
// their inputs' diagnostics (STYLE.md "Parsers never fail; they report").
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

using cecat::testing::RunCecat;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

TEST_CASE("robots prints decisions on stdout and the file's problems on stderr as FILE:LINE") {
  TempDir dir;
  std::string file = (dir / "robots.txt").string();
  WriteFile(dir / "robots.txt",
            "Disallow: /early\n"        // 1: before any user-agent
            "User-agent: *\n"           // 2
            "Dissallow: /private\n"     // 3: misspelt, read anyway
            "Crawl-delay: soon\n"       // 4
            "Host: example.org\n"       // 5: not in RFC 9309
            "Allow: /private/open\n");  // 6
  auto run =
      RunCecat({"robots", "--robots", file, "--agent", "cecat/1.0", "https://example.org/private/x",
                "https://example.org/private/open", "https://example.org/early"});
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out ==
        "disallowed https://example.org/private/x\n"
        "allowed https://example.org/private/open\n"
        "allowed https://example.org/early\n");
  CHECK(run.err == file + ":1: rule before any user-agent line is ignored\n" + file +
                       ":3: \"Dissallow\" read as a misspelt directive\n" + file +
                       ":4: crawl-delay is not a number of seconds: \"soon\"\n" + file +
                       ":5: unknown directive \"Host\" ignored\n");
}

TEST_CASE("robots prints nothing on stderr for a clean file") {
  TempDir dir;
  WriteFile(dir / "robots.txt", "User-agent: *\nDisallow: /private\n");
  auto run = RunCecat({"robots", "--robots", (dir / "robots.txt").string(), "--agent", "cecat",
                       "https://example.org/private"});
  CHECK(run.exit_code == 0);
  CHECK(run.out == "disallowed https://example.org/private\n");
  CHECK(run.err.empty());
}

TEST_CASE("extract lists what could not be used, each with severity, where, url and message") {
  TempDir dir;
  WriteFile(dir / "page.html",
            "<html><head>\n"
            "<script type=\"application/ld+json\">{\"@type\": \"Course\" \"name\" ]]]</script>\n"
            "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\",\n"
            " \"@type\": \"Course\", \"name\": \"Grief Work\", \"numberOfCredits\": \"lots\"}"
            "</script>\n"
            "</head></html>\n");
  auto run = RunCecat(
      {"extract", "--url", "https://example.org/c/1", "--html", (dir / "page.html").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  Json out = Json::parse(run.out);
  INFO(out["diagnostics"].dump(2));
  REQUIRE(out["records"].size() == 1);
  REQUIRE(out["diagnostics"].size() == 2);
  Json block = out["diagnostics"][0];
  CHECK(block["severity"] == "error");
  CHECK(block["where"] == "jsonld[0]");
  CHECK(block["url"] == "https://example.org/c/1");
  CHECK(block["line"] == 2);  // the block's <script> tag
  CHECK(block["offset"] == 13);
  CHECK(block["message"].get<std::string>().rfind("skipped, not JSON even after repair: ", 0) == 0);
  CHECK(out["diagnostics"][1] ==
        Json{{"severity", "warning"},
             {"where", "normalise ce_hours"},
             {"url", "https://example.org/c/1"},
             {"message",
              "course 'Grief Work': ce_hours 'lots' did not normalise (no amount of hours; "
              "expected e.g. 6, 6 CE hours, 0.6 CEU, 90 minutes)"}});
}
