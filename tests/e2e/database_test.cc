// End to end: a `database` that is not a cecat index is named as such, whichever
// command meets it (issue 18, item 7: /proc/version "needs an upgrade").
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

using cecat::testing::RunCecat;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

TEST_CASE("every command says a database that is not an SQLite file is not a cecat database") {
  TempDir dir;
  WriteFile(dir / "notes.txt", "these are my notes, not an index\n");
  for (std::string database : {std::string("/proc/version"), (dir / "notes.txt").string()}) {
    if (!std::filesystem::exists(database)) continue;
    Json config = {{"database", database},
                   {"sources",
                    {{{"id", "acme"},
                      {"kinds", {"courses"}},
                      {"start_urls", {"https://ce.acme.example/list"}}}}}};
    WriteFile(dir / "sources.json", config.dump());
    const std::string want = "cecat: cannot open index \"" + database + "\": database " + database +
                             " is not a cecat database: not an SQLite file\n";
    for (std::vector<std::string> args :
         std::vector<std::vector<std::string>>{{"search", "grief"},
                                               {"show", "c-0000000000000000"},
                                               {"runs"},
                                               {"export", "--since", "0"},
                                               {"refresh"},
                                               {"reparse"}}) {
      args.push_back("--config");
      args.push_back((dir / "sources.json").string());
      CAPTURE(database, args[0]);
      auto run = RunCecat(args);
      CHECK(run.exit_code == 4);
      CHECK(run.err == want);
      CHECK(run.out.empty());
    }
  }
  CHECK(cecat::testing::ReadFile(dir / "notes.txt") == "these are my notes, not an index\n");
  CHECK_FALSE(std::filesystem::exists(dir / "notes.txt.lock"));
}
