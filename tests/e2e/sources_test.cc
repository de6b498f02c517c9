// `cecat sources show`: the source as config renders it (config::SourceConfigToJson),
// redacted, plus the index's state when there is an index.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "tests/support/test_support.h"

using cecat::testing::RunCecat;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

TEST_CASE("sources show prints every key of the source as the sources file spells it") {
  TempDir dir;
  Json config = {{"database", "cecat.db"},
                 {"defaults", {{"delay_ms", 0}, {"refresh", "weekly"}}},
                 {"sources",
                  {{{"id", "acme"},
                    {"name", "Acme CE"},
                    {"kinds", {"courses"}},
                    {"start_urls", {"https://ce.acme.example/catalog"}},
                    {"max_bytes", "2MB"},
                    {"extract",
                     {{{"url", "/catalog"},
                       {"item", ".course-card"},
                       {"type", "course"},
                       {"fields", {{"title", "h2"}, {"url", "a@href"}}}}}}}}}};
  WriteFile(dir / "sources.json", config.dump());
  std::string file = (dir / "sources.json").string();

  auto shown = RunCecat({"sources", "show", "acme", "--config", file});
  INFO(shown.out << shown.err);
  REQUIRE(shown.exit_code == 0);
  Json printed = Json::parse(shown.out);
  auto loaded = cecat::config::LoadConfig(file);
  REQUIRE(loaded.ok());
  // No database yet: the settings alone, exactly config's rendering of them.
  CHECK(printed == Json(cecat::config::SourceConfigToJson(loaded->sources[0])));
  CHECK(printed["refresh"] == 168);
  CHECK(printed["max_bytes"] == 2 * 1024 * 1024);
  CHECK(printed["delay_ms"] == 0);
  CHECK(printed["extract"][0]["fields"]["url"] == "a@href");
  CHECK(!printed.contains("refresh_hours"));
  CHECK(!printed.contains("last_success"));
}

TEST_CASE("sources show redacts credentials and tokens in the source's URLs") {
  TempDir dir;
  Json config = {{"sources",
                  {{{"id", "acme"},
                    {"kinds", {"courses"}},
                    {"start_urls", {"https://bob:hunter2@ce.acme.example/list?token=s3cret"}}}}}};
  WriteFile(dir / "sources.json", config.dump());
  auto shown = RunCecat({"sources", "show", "acme", "--config", (dir / "sources.json").string()});
  INFO(shown.out << shown.err);
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out.find("ce.acme.example/list") != std::string::npos);
  CHECK(shown.out.find("hunter2") == std::string::npos);
  CHECK(shown.out.find("s3cret") == std::string::npos);
}
