// End to end: what reaches a terminal. Normalisation strips control and bidi
// characters (issue 18); an index written by an older cecat may still hold some,
// and `cecat search` and `cecat show` write them visibly instead of sending them raw.
#include <catch2/catch.hpp>

#include "index/index.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

using cecat::index::testing::Course;
using cecat::index::testing::Outcome;
using cecat::testing::RunCecat;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;

TEST_CASE("search and show write an old record's escape sequences and bidi overrides visibly") {
  TempDir dir;
  {
    auto index = cecat::index::Index::Open(dir / "cecat.db");
    REQUIRE(index.ok());
    auto rec = Course("evil",
                      "Ethics \x1b]0;pwned\x07 \x1b[2J\xC2\x9B"
                      "1m \xE2\x80\xAE"
                      "desrever");
    REQUIRE((*index)->ApplySource(Outcome("acme", {rec}), 100).ok());
  }
  WriteFile(dir / "sources.json", R"({"database": "cecat.db", "sources": [
    {"id": "acme", "kinds": ["courses"], "start_urls": ["https://acme.example/"]}]})");
  auto run = RunCecat({"search", "ethics", "--config", (dir / "sources.json").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  INFO(run.out);
  CHECK(run.out.find('\x1b') == std::string::npos);
  CHECK(run.out.find('\x07') == std::string::npos);
  CHECK(run.out.find("\xC2\x9B") == std::string::npos);
  CHECK(run.out.find("\xE2\x80\xAE") == std::string::npos);
  CHECK(run.out.find("Ethics \\x1b]0;pwned\\x07 \\x1b[2J\\u009b1m \\u202edesrever") !=
        std::string::npos);
  std::string id = cecat::MakeRecordId(cecat::RecordType::kCourse, "https://ce.example/evil");
  auto show = RunCecat({"show", id, "--config", (dir / "sources.json").string()});
  REQUIRE(show.exit_code == 0);
  INFO(show.out);
  CHECK(show.out.find("\xC2\x9B") == std::string::npos);
  CHECK(show.out.find("\xE2\x80\xAE") == std::string::npos);
  CHECK(show.out.find("\\u202edesrever") != std::string::npos);
  // Readable: one field a line, as JSON, and the same data as --json.
  CHECK(show.out.find("\\x0a") == std::string::npos);
  CHECK(show.out.find("\n  \"id\": ") != std::string::npos);
  auto parsed = cecat::Json::parse(show.out, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(parsed.is_discarded());
  auto json = RunCecat({"show", id, "--json", "--config", (dir / "sources.json").string()});
  REQUIRE(json.exit_code == 0);
  CHECK(parsed == cecat::Json::parse(json.out));
}
