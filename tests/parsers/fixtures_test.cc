// Fixture pages (tests/data/pages/NAME.html) against their expected raw output
// (NAME.expected.json). NAME.input.json gives the page URL and the source's
// extract rules and follow selectors:
//   {"page_url": "...", "rules": [{"url", "method", "item", "type", "fields": {...}}],
//    "follow": ["..."]}
// To regenerate after an intended change, run with CECAT_UPDATE_FIXTURES=1 and
// review the diff of the .expected.json files before committing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "parsers/extract.h"

namespace fs = std::filesystem;
using cecat::Json;

namespace {

std::string ReadFixture(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

cecat::parsers::ExtractOptions OptionsFrom(const Json& input) {
  cecat::parsers::ExtractOptions opt;
  if (input.contains("rules")) {
    opt.rules.clear();
    for (const Json& r : input["rules"]) {
      cecat::ExtractRule rule;
      rule.url = r.value("url", "");
      rule.method = r.value("method", "auto");
      rule.item = r.value("item", "");
      rule.type = r.value("type", "course");
      if (r.contains("fields")) {
        for (auto it = r["fields"].begin(); it != r["fields"].end(); ++it) {
          // Not emplace_back(name, spec): clang 14 (the sanitizer build) has no C++20
          // parenthesised aggregate initialisation.
          cecat::RuleField field;
          field.name = it.key();
          field.spec = it.value().get<std::string>();
          rule.fields.push_back(std::move(field));
        }
      }
      opt.rules.push_back(rule);
    }
  }
  if (input.contains("follow")) opt.follow = input["follow"].get<std::vector<std::string>>();
  return opt;
}

}  // namespace

TEST_CASE("Fixture pages give their expected raw records, links and diagnostics") {
  fs::path dir = fs::path(CECAT_TEST_DATA_DIR) / "pages";
  bool update = std::getenv("CECAT_UPDATE_FIXTURES") != nullptr;
  int pages = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".html") continue;
    ++pages;
    std::string stem = entry.path().stem().string();
    CAPTURE(stem);
    Json input = Json::parse(ReadFixture(dir / (stem + ".input.json")));
    auto px = cecat::parsers::ExtractPage(
        ReadFixture(entry.path()), input.at("page_url").get<std::string>(), OptionsFrom(input));
    Json actual = cecat::parsers::ToJson(px);
    fs::path expected_file = dir / (stem + ".expected.json");
    if (update) {
      std::ofstream(expected_file) << actual.dump(2) << "\n";
      continue;
    }
    REQUIRE(fs::exists(expected_file));
    Json expected = Json::parse(ReadFixture(expected_file));
    // Compared part by part so a failure shows the part that differs.
    for (const char* part : {"base_url", "links", "diagnostics", "jsonld", "microdata"}) {
      CAPTURE(part);
      CHECK(actual[part].dump(2) == expected[part].dump(2));
    }
    REQUIRE(actual["records"].size() == expected["records"].size());
    for (std::size_t i = 0; i < expected["records"].size(); ++i) {
      CAPTURE(i);
      CHECK(actual["records"][i].dump(2) == expected["records"][i].dump(2));
    }
  }
  CHECK(pages >= 6);
}
