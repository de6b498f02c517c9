// `cecat sources check` validates the renewal rules (data/rules/ beside
// data/taxonomy.json in the resource folder) after the sources file.
#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

#include "tests/cli/run_main.h"
#include "tests/support/test_support.h"

using cecat::testing::ReadFile;
using cecat::testing::RunMain;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

// A resource folder (CECAT_HOME) holding the shipped vocabulary and one rules file.
class RulesHome {
 public:
  explicit RulesHome(const std::string& tx_rules) {
    const fs::path data = fs::path(CECAT_SOURCE_DIR) / "data";
    WriteFile(dir_ / "data" / "taxonomy.json", ReadFile(data / "taxonomy.json"));
    WriteFile(dir_ / "data" / "synonyms.json", ReadFile(data / "synonyms.json"));
    WriteFile(dir_ / "data" / "rules" / "tx.json", tx_rules);
    WriteFile(dir_ / "sources.json",
              R"({"sources": [{"id": "acme", "kinds": ["courses"],
                  "start_urls": ["https://acme.example/"]}]})");
    const char* old = std::getenv("CECAT_HOME");
    if (old) old_home_ = old;
    had_home_ = old != nullptr;
    setenv("CECAT_HOME", dir_.path().c_str(), 1);
  }
  ~RulesHome() {
    if (had_home_) {
      setenv("CECAT_HOME", old_home_.c_str(), 1);
    } else {
      unsetenv("CECAT_HOME");
    }
  }
  fs::path operator/(const std::string& name) const { return dir_ / name; }

 private:
  TempDir dir_;
  std::string old_home_;
  bool had_home_ = false;
};

const char* kGoodTexas = R"json({"state": "TX", "licences": [{
  "licence": "lpc", "titles": ["LPC"], "board": "Board", "period_months": 24,
  "total_hours": 24,
  "subjects": [{"subject": "ethics", "hours": 6, "rule": "22 TAC §681.140(a)(1)", "source": 0}],
  "accepted_bodies": [],
  "sources": [{"url": "https://example.org/", "title": "T", "checked_on": "2026-12-06"}]}]})json";

}  // namespace

TEST_CASE("sources check validates the renewal rules and prints them ok") {
  RulesHome home(kGoodTexas);
  auto run = RunMain({"sources", "check", "--config", (home / "sources.json").string()});
  INFO(run.err);
  CHECK(run.code == 0);
  CHECK(run.out == (home / "sources.json").string() + ": ok, 1 source\n" +
                       (home / "data" / "rules").string() + ": ok, 1 state\n");
}

TEST_CASE("sources check exits 2 listing every problem of the renewal rules") {
  std::string bad = kGoodTexas;
  bad.replace(bad.find("\"hours\": 6"), 10, "\"hours\": -6");
  bad.replace(bad.find("2026-12-06"), 10, "2026-13-01");
  RulesHome home(bad);
  auto run = RunMain({"sources", "check", "--config", (home / "sources.json").string()});
  CHECK(run.code == 2);
  const std::string file = (home / "data" / "rules" / "tx.json").string();
  CHECK(run.err == "cecat: " + file +
                       ": key 'licences[0].subjects[0].hours': expected a number of hours > 0, "
                       "got -6\n"
                       "cecat: " +
                       file +
                       ": key 'licences[0].sources[0].checked_on': expected a date YYYY-MM-DD, "
                       "got \"2026-13-01\"\n");
  CHECK(run.out.empty());
}

TEST_CASE("sources check prints a warning for a subject no course can be tagged with") {
  std::string odd = kGoodTexas;
  odd.replace(odd.find("\"ethics\""), 8, "\"jurisprudence\"");
  RulesHome home(odd);
  auto run = RunMain({"sources", "check", "--config", (home / "sources.json").string()});
  CHECK(run.code == 0);
  CHECK(run.err == "cecat: warning: " + (home / "data" / "rules" / "tx.json").string() +
                       ": key 'licences[0].subjects[0].subject': \"jurisprudence\" is not a topic "
                       "of data/taxonomy.json: no course can be tagged with it yet\n");
}
