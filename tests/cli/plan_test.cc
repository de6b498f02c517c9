// `cecat plan` end to end in process (issue 24, docs/plan.md "cecat plan"): the
// bundled demo catalogue refreshed for real from file: URLs, then planned against
// the shipped rules. The rules themselves are checked per state in
// tests/plan/; here: the command line, the output's shape (SPEC "cecat plan
// --json"), exit codes, and errors that name what was wrong.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/cli/run_main.h"
#include "tests/support/test_support.h"

namespace {

using cecat::testing::MainRun;
using cecat::testing::RunMain;
using cecat::testing::SourceDir;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

class Demo {
 public:
  Demo() {
    std::filesystem::copy(SourceDir() / "examples/demo", dir_.path() / "demo",
                          std::filesystem::copy_options::recursive);
    std::filesystem::remove_all(dir_.path() / "demo" / "out");
  }
  std::filesystem::path Path(const std::string& name) const { return dir_.path() / name; }
  MainRun Cecat(std::vector<std::string> args) {
    args.push_back("--config");
    args.push_back((dir_.path() / "demo" / "sources.json").string());
    return RunMain(std::move(args));
  }
  // cecat plan ARGS --json --today 2026-12-06, parsed.
  Json Plan(std::vector<std::string> args, int expected_code) {
    args.insert(args.begin(), "plan");
    for (const char* a : {"--json", "--today", "2026-12-06"}) args.push_back(a);
    MainRun r = Cecat(args);
    INFO(r.err);
    REQUIRE(r.code == expected_code);
    return Json::parse(r.out);
  }

 private:
  TempDir dir_;
};

Demo& RefreshedDemo() {
  static Demo demo;
  static bool refreshed = false;
  if (!refreshed) {
    MainRun r = demo.Cecat({"refresh"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    refreshed = true;
  }
  return demo;
}

double Sum(const Json& courses, const char* key) {
  double s = 0;
  for (const Json& c : courses) s += c[key].get<double>();
  return s;
}

}  // namespace

TEST_CASE("cecat plan --json: a feasible plan in SPEC's shape, with the rules and sources used") {
  Demo& demo = RefreshedDemo();
  const Json p = demo.Plan({"--licence", "lpc", "--state", "tx"}, 0);
  CHECK(p["feasible"] == true);
  REQUIRE(!p["courses"].empty());
  for (const char* key : {"id", "title", "ce_hours", "price", "format", "start_date", "counts_for"})
    for (const Json& c : p["courses"]) CHECK(c.contains(key));
  CHECK(Sum(p["courses"], "ce_hours") == Approx(p["total_hours"].get<double>()));
  CHECK(Sum(p["courses"], "price") == Approx(p["total_cost"].get<double>()));
  CHECK(p["total_hours"].get<double>() >= 24);
  // 22 TAC §681.140(a)(1): 6 ethics and 3 cultural competency hours among the 24.
  std::map<std::string, double> planned;
  for (const Json& q : p["requirements"]) {
    planned[q["subject"]] = q["hours_planned"];
    CHECK(q["hours_planned"].get<double>() >= q["hours_needed"].get<double>());
  }
  CHECK(planned.at("ethics") >= 6);
  CHECK(planned.at("cultural-competency") >= 3);
  CHECK(p["unmet"].empty());
  CHECK(p["rules"]["state"] == "TX");
  CHECK(p["rules"]["licence"] == "lpc");
  REQUIRE(!p["rules"]["sources"].empty());
  for (const Json& s : p["rules"]["sources"]) {
    CHECK(s["url"].get<std::string>().rfind("https://", 0) == 0);
    CHECK(s["checked_on"].get<std::string>().size() == 10);
  }
  CHECK(p["rules"]["reminder"].get<std::string>().find("board's own text governs") !=
        std::string::npos);
  CHECK(p["scholarships"].is_array());
}

TEST_CASE("cecat plan's table prints the plan, the rules' sources and the reminder") {
  Demo& demo = RefreshedDemo();
  MainRun r = demo.Cecat({"plan", "--licence", "LMHC", "--state", "TX", "--today", "2026-12-06"});
  INFO(r.err);
  REQUIRE(r.code == 0);  // LMHC is folded onto lpc
  CHECK(r.out.find("Plan for TX") != std::string::npos);
  CHECK(r.out.find("22 TAC §681.140(a)(1)") != std::string::npos);
  CHECK(r.out.find("(checked on 2026-12-06)") != std::string::npos);
  CHECK(r.out.find("the board's own text governs") != std::string::npos);
}

TEST_CASE("cecat plan exits 1 naming what cannot be met: over budget, with the closest plan") {
  Demo& demo = RefreshedDemo();
  const Json free_plan = demo.Plan({"--licence", "lpc", "--state", "TX"}, 0);
  const double cheapest = free_plan["total_cost"];
  REQUIRE(cheapest > 10);
  const Json p = demo.Plan({"--licence", "lpc", "--state", "TX", "--budget", "10"}, 1);
  CHECK(p["feasible"] == false);
  REQUIRE(p["unmet"].size() == 1);
  CHECK(p["unmet"][0]["requirement"] == "budget");
  CHECK(p["unmet"][0]["short_by"].get<double>() == Approx(cheapest - 10));
  CHECK(p["total_cost"].get<double>() == Approx(cheapest));  // the closest plan
}

TEST_CASE("cecat plan: hours missing from the catalogue are reported by requirement") {
  Demo& demo = RefreshedDemo();
  // NY LMSW accepts NY-SW approvals only; the demo has too few such hours for 36.
  const Json p = demo.Plan({"--licence", "lmsw", "--state", "NY"}, 1);
  REQUIRE(!p["unmet"].empty());
  CHECK(p["unmet"][0]["requirement"] == "total");
  CHECK(p["unmet"][0]["short_by"].get<double>() == Approx(36 - p["total_hours"].get<double>()));
  CHECK(p["considered"]["excluded"].contains("no approval the board accepts"));
  for (const Json& c : p["courses"]) {
    const auto& a = c["approvals"];
    CHECK(std::find(a.begin(), a.end(), "NY-SW") != a.end());
  }
}

TEST_CASE("cecat plan --done and --need reduce what is planned") {
  Demo& demo = RefreshedDemo();
  WriteFile(demo.Path("done.json"), R"({"total": 20, "subjects": {"ethics": 6}})");
  const Json p = demo.Plan(
      {"--licence", "lpc", "--state", "TX", "--done", demo.Path("done.json").string()}, 0);
  for (const Json& q : p["requirements"]) {
    if (q["subject"] == "total") CHECK(q["hours_needed"] == 4);
    if (q["subject"] == "ethics") CHECK(q["hours_needed"] == 0);
  }
  const Json n = demo.Plan({"--licence", "lpc", "--state", "TX", "--need", "3"}, 0);
  CHECK(n["requirements"][0]["hours_needed"] == 3);
}

TEST_CASE("cecat plan refuses bad input with exit 2, naming the option") {
  Demo& demo = RefreshedDemo();
  WriteFile(demo.Path("bad.json"), R"({"total": "lots"})");
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {{"--state", "TX"}, "--licence and --state are required"},
      {{"--licence", "lpc", "--state", "ZZ"},
       "--state: no renewal rules for \"ZZ\" (rules exist for CA"},
      {{"--licence", "psychologist", "--state", "TX"},
       "--licence: TX's rules have no licence \"psychologist\""},
      {{"--licence", "lpc", "--state", "TX", "--by", "2026-02-30"}, "--by: expected a date"},
      {{"--licence", "lpc", "--state", "TX", "--by", "2025-01-01"},
       "--by: 2025-01-01 is before today"},
      {{"--licence", "lpc", "--state", "TX", "--budget", "-5"}, "--budget"},
      {{"--licence", "lpc", "--state", "TX", "--max-courses", "0"}, "--max-courses"},
      {{"--licence", "lpc", "--state", "TX", "--format", "webinar"}, "--format: \"webinar\""},
      {{"--licence", "lpc", "--state", "TX", "--topics", "astrology"}, "--topics: \"astrology\""},
      {{"--licence", "lpc", "--state", "TX", "--done", demo.Path("bad.json").string()},
       "key 'total': expected hours"},
      {{"--licence", "lpc", "--state", "TX", "--done", demo.Path("missing.json").string()},
       "--done: cannot read"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    args.insert(args.begin(), "plan");
    for (const char* a : {"--today", "2026-12-06"}) args.push_back(a);
    MainRun r = demo.Cecat(args);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(c.expected) != std::string::npos);
  }
}
