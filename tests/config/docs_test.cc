// The key table is the single source of truth: docs/configuration.md carries its
// generated reference, the documented defaults are the loader's, and every key in
// the table is read by the loader.
#include <cstdlib>

#include <catch2/catch.hpp>

#include "common/rule_fields.h"
#include "config/config.h"
#include "config/keys.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using cecat::config::ConfigReferenceMarkdown;
using cecat::config::KeySpec;
using cecat::config::KnownRuleFields;
using cecat::config::LoadConfig;
using cecat::config::LoadConfigWithProblems;
using cecat::config::SourceConfigToJson;
using cecat::config::SourceKeys;
using cecat::config::TopLevelKeys;
using cecat::testing::ReadFile;
using cecat::testing::SourceDir;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;

namespace {

const std::string kBegin =
    "<!-- BEGIN GENERATED: config/keys.cc, regenerate with CECAT_UPDATE_DOCS=1 -->\n";
const std::string kEnd = "<!-- END GENERATED -->";

fs::path DocFile() { return SourceDir() / "docs" / "configuration.md"; }

// A file with one source: the required keys plus `extra`.
std::string OneSource(const std::string& extra) {
  return R"({"sources": [{"id": "s", "kinds": ["courses"], "start_urls": ["https://s.example/"])" +
         (extra.empty() ? "" : ", " + extra) + "}]}";
}

}  // namespace

TEST_CASE("docs/configuration.md holds the generated key reference verbatim") {
  std::string doc = ReadFile(DocFile());
  size_t begin = doc.find(kBegin);
  size_t end = doc.find(kEnd);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  REQUIRE(begin < end);
  begin += kBegin.size();
  std::string generated = ConfigReferenceMarkdown();
  const char* update = std::getenv("CECAT_UPDATE_DOCS");
  if (update && std::string(update) == "1" && doc.substr(begin, end - begin) != generated) {
    WriteFile(DocFile(), doc.substr(0, begin) + generated + doc.substr(end));
    doc = ReadFile(DocFile());
    end = doc.find(kEnd);
  }
  INFO("run the test with CECAT_UPDATE_DOCS=1 to regenerate the section");
  CHECK(doc.substr(begin, end - begin) == generated);
}

TEST_CASE("docs/configuration.md names every key and rule field of the table") {
  std::string doc = ReadFile(DocFile());
  for (const auto* table : {&TopLevelKeys(), &SourceKeys()}) {
    for (const KeySpec& k : *table) {
      CAPTURE(k.name);
      CHECK(doc.find("`" + std::string(k.name) + "`") != std::string::npos);
    }
  }
  // The rule fields are per record type, in docs/extraction.md (next test case).
  CHECK(doc.find("\"Fields per record type\"") != std::string::npos);
}

TEST_CASE("docs/extraction.md holds the generated fields per record type verbatim") {
  const fs::path file = SourceDir() / "docs" / "extraction.md";
  const std::string begin_marker =
      "<!-- BEGIN GENERATED: common/rule_fields.cc, regenerate with CECAT_UPDATE_DOCS=1 -->\n";
  std::string doc = ReadFile(file);
  size_t begin = doc.find(begin_marker);
  REQUIRE(begin != std::string::npos);
  begin += begin_marker.size();
  size_t end = doc.find(kEnd, begin);
  REQUIRE(end != std::string::npos);
  std::string generated = cecat::RuleFieldsMarkdown();
  const char* update = std::getenv("CECAT_UPDATE_DOCS");
  if (update && std::string(update) == "1" && doc.substr(begin, end - begin) != generated) {
    WriteFile(file, doc.substr(0, begin) + generated + doc.substr(end));
    doc = ReadFile(file);
    end = doc.find(kEnd, begin);
  }
  INFO("run the test with CECAT_UPDATE_DOCS=1 to regenerate the section");
  CHECK(doc.substr(begin, end - begin) == generated);
  for (const std::string& field : KnownRuleFields()) {
    CAPTURE(field);
    CHECK(doc.find("| `" + field + "` |") != std::string::npos);
  }
}

TEST_CASE("every documented source default is what the loader uses when the key is absent") {
  TempDir dir;
  WriteFile(dir / "base.json", OneSource(""));
  auto base = LoadConfig(dir / "base.json");
  REQUIRE(base.ok());
  for (const KeySpec& k : SourceKeys()) {
    if (k.required || std::string(k.default_json).empty()) continue;
    CAPTURE(k.name, k.default_json);
    WriteFile(dir / "explicit.json",
              OneSource("\"" + std::string(k.name) + "\": " + k.default_json));
    auto explicit_default = LoadConfig(dir / "explicit.json");
    INFO(explicit_default.status().ToString());
    REQUIRE(explicit_default.ok());
    CHECK(SourceConfigToJson(explicit_default->sources[0]).dump() ==
          SourceConfigToJson(base->sources[0]).dump());
  }
}

TEST_CASE("every documented top-level default is what the loader uses when the key is absent") {
  TempDir dir;
  WriteFile(dir / "base.json", R"({"sources": []})");
  auto base = LoadConfig(dir / "base.json");
  REQUIRE(base.ok());
  for (const KeySpec& k : TopLevelKeys()) {
    if (k.required || std::string(k.default_json).empty()) continue;
    CAPTURE(k.name, k.default_json);
    WriteFile(dir / "explicit.json",
              "{\"" + std::string(k.name) + "\": " + k.default_json + ", \"sources\": []}");
    auto explicit_default = LoadConfig(dir / "explicit.json");
    INFO(explicit_default.status().ToString());
    REQUIRE(explicit_default.ok());
    CHECK(explicit_default->user_agent == base->user_agent);
    CHECK(explicit_default->database == base->database);
    CHECK(explicit_default->feed_dir == base->feed_dir);
    CHECK(explicit_default->log_file == base->log_file);
  }
}

TEST_CASE("every key in the table is read: a wrong value is reported under its name") {
  // `{}` is wrong for every source key (extract needs a method or a rule) but
  // `health`, an object of optional thresholds, for which a string is wrong.
  TempDir dir;
  for (const KeySpec& k : SourceKeys()) {
    CAPTURE(k.name);
    cecat::Json source = {{"id", "s"}, {"kinds", "courses"}, {"start_urls", "https://s.example/"}};
    source[k.name] =
        std::string(k.name) == "health" ? cecat::Json("strict") : cecat::Json::object();
    WriteFile(dir / "s.json", cecat::Json{{"sources", {source}}}.dump());
    auto outcome = LoadConfigWithProblems(dir / "s.json");
    REQUIRE(outcome.problems.size() == 1);
    std::string want_key = std::string(k.name) == "id" ? "sources[0].id" : k.name;
    CHECK(outcome.problems[0].key == want_key);
  }
  for (const KeySpec& k : TopLevelKeys()) {
    CAPTURE(k.name);
    cecat::Json root = {{"sources", cecat::Json::array()}};
    root[k.name] = true;  // wrong for every top-level key (5 is a valid parallel_sources)
    WriteFile(dir / "s.json", root.dump());
    auto outcome = LoadConfigWithProblems(dir / "s.json");
    REQUIRE(outcome.problems.size() == 1);
    CHECK(outcome.problems[0].key == k.name);
  }
}

TEST_CASE("SourceConfigToJson loads back to the same source") {
  auto full = LoadConfig(fs::path(CECAT_TEST_DATA_DIR) / "config" / "full.json");
  REQUIRE(full.ok());
  TempDir dir;
  for (const auto& source : full->sources) {
    CAPTURE(source.id);
    nlohmann::ordered_json shown = SourceConfigToJson(source);
    WriteFile(dir / "again.json", "{\"sources\": [" + shown.dump() + "]}");
    auto again = LoadConfig(dir / "again.json");
    INFO(again.status().ToString());
    REQUIRE(again.ok());
    CHECK(SourceConfigToJson(again->sources[0]).dump() == shown.dump());
  }
}
