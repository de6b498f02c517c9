// End to end: the admin's dry-run tools print their inputs' diagnostics (STYLE.md
// "Parsers never fail; they report").
#include <catch2/catch.hpp>

#include "tests/support/test_support.h"

using cecat::testing::RunCecat;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;

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
