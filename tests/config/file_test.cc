// The file itself: missing, unreadable, not JSON. Each is one problem naming the
// file, with line:column for JSON syntax errors.
#include <catch2/catch.hpp>

#include "config/config.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using cecat::config::ConfigProblem;
using cecat::config::LoadConfig;
using cecat::config::LoadConfigWithProblems;
using cecat::config::LoadOutcome;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;

namespace {

fs::path Fixture(const std::string& name) {
  return fs::path(CECAT_TEST_DATA_DIR) / "config" / name;
}

// Every problem as the user reads it, with `dir` cut from the file name.
std::vector<std::string> Problems(const fs::path& file, const fs::path& dir) {
  LoadOutcome outcome = LoadConfigWithProblems(file);
  CHECK_FALSE(outcome.config);
  std::vector<std::string> out;
  for (const auto& p : outcome.problems) {
    std::string s = p.ToString();
    std::string prefix = dir.string() + "/";
    if (s.rfind(prefix, 0) == 0) s = s.substr(prefix.size());
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("a missing file is one problem naming it") {
  TempDir dir;
  CHECK(Problems(dir / "nope.json", dir.path()) ==
        std::vector<std::string>{"nope.json: cannot read: No such file or directory"});
}

TEST_CASE("a folder given as the sources file is one problem") {
  TempDir dir;
  fs::create_directories(dir / "conf.json");
  CHECK(Problems(dir / "conf.json", dir.path()) ==
        std::vector<std::string>{"conf.json: cannot read: not a regular file"});
}

TEST_CASE("JSON syntax errors give the line and column where parsing stopped") {
  struct Case {
    std::string contents;
    std::string want;
  };
  const Case cases[] = {
      {"", "s.json: invalid JSON: the file is empty"},
      {" \n\t\r\n", "s.json: invalid JSON: the file is empty"},
      {"{\n  \"sources\": [,]\n}\n",
       "s.json:2:15: invalid JSON: syntax error while parsing value - unexpected ','; expected "
       "'[', "
       "'{', or a literal"},
      {"{\"sources\": []}\n}",
       "s.json:2:1: invalid JSON: syntax error while parsing value - unexpected '}'; expected end "
       "of input"},
      {"{\"sources\": [\"\xff\"]}",
       "s.json:1:15: invalid JSON: syntax error while parsing value - invalid string: ill-formed "
       "UTF-8 byte; last read: '\"\\xff'"},
      {"{\n\"a\": tru }",
       "s.json:2:9: invalid JSON: syntax error while parsing value - invalid literal; last read: "
       "'\"a\": tru '"},
  };
  TempDir dir;
  for (const Case& c : cases) {
    CAPTURE(c.contents);
    WriteFile(dir / "s.json", c.contents);
    CHECK(Problems(dir / "s.json", dir.path()) == std::vector<std::string>{c.want});
  }
}

TEST_CASE("the broken fixture reports the missing comma's position") {
  LoadOutcome outcome = LoadConfigWithProblems(Fixture("broken.json"));
  REQUIRE(outcome.problems.size() == 1);
  const ConfigProblem& p = outcome.problems[0];
  CHECK(p.file == Fixture("broken.json").string());
  CHECK(p.source_id.empty());
  CHECK(p.key.empty());
  CHECK(p.line == 5);
  CHECK(p.column == 17);
  CHECK(
      p.message ==
      "invalid JSON: syntax error while parsing object - unexpected string literal; expected '}'");
}

TEST_CASE("LoadConfig lists every problem in one InvalidArgument status") {
  TempDir dir;
  WriteFile(dir / "s.json", R"({"user_agent": 1, "sources": [{"id": "a"}]})");
  auto loaded = LoadConfig(dir / "s.json");
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().code() == cecat::Status::Code::kInvalidArgument);
  std::string f = (dir / "s.json").string();
  CHECK(loaded.status().message() ==
        f + ": key 'user_agent': expected a non-empty string without control characters, got 1\n" +
            f +
            ": source 'a': key 'kinds': missing; expected one or more of courses, providers, "
            "accreditations, scholarships, reviews\n" +
            f +
            ": source 'a': key 'start_urls': missing; expected absolute http, https or file "
            "URLs (a string or an array)");
}

TEST_CASE("ConfigProblem::ToString leaves out the parts that are empty") {
  CHECK(ConfigProblem{"f.json", "", "", "m"}.ToString() == "f.json: m");
  CHECK(ConfigProblem{"f.json", "s", "", "m"}.ToString() == "f.json: source 's': m");
  CHECK(ConfigProblem{"f.json", "", "k", "m"}.ToString() == "f.json: key 'k': m");
  CHECK(ConfigProblem{"f.json", "s", "k.x[1]", "m"}.ToString() ==
        "f.json: source 's': key 'k.x[1]': m");
  CHECK(ConfigProblem{"f.json", "", "", "m", 3, 7}.ToString() == "f.json:3:7: m");
}
