// Loading valid sources files: every key read, defaults applied, paths resolved.
#include <catch2/catch.hpp>

#include "common/version.h"
#include "config/config.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using cecat::Result;
using cecat::config::Config;
using cecat::config::LoadConfig;
using cecat::config::LoadConfigWithProblems;
using cecat::config::LoadOutcome;
using cecat::config::SourceConfig;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;

namespace {

fs::path LoadFixture(const std::string& name) {
  return fs::path(CECAT_TEST_DATA_DIR) / "config" / name;
}

std::string AllProblems(const LoadOutcome& outcome) {
  std::string out;
  for (const auto& p : outcome.problems) out += p.ToString() + "\n";
  return out;
}

}  // namespace

TEST_CASE("a full sources file round-trips every key") {
  LoadOutcome outcome = LoadConfigWithProblems(LoadFixture("full.json"));
  INFO(AllProblems(outcome));
  REQUIRE(outcome.problems.empty());
  REQUIRE(outcome.config);
  const Config& c = *outcome.config;
  fs::path folder = LoadFixture("full.json").parent_path();
  CHECK(c.file == LoadFixture("full.json"));
  CHECK(c.user_agent == "cecat-test/1.0 (+https://example.org/bot)");
  CHECK(c.database == (folder / "data/index.db").lexically_normal());
  CHECK(c.feed_dir == "/srv/cecat/feed");
  CHECK(c.log_file == (folder / "logs/cecat.log").lexically_normal());
  REQUIRE(c.sources.size() == 2);

  const SourceConfig& a = c.sources[0];
  CHECK(a.id == "acme-ce");
  CHECK(a.name == "Acme Continuing Education");
  CHECK(a.kinds == std::vector<std::string>{"courses", "providers", "accreditations"});
  CHECK(a.start_urls == std::vector<std::string>{"https://ce.acme.example/catalog",
                                                 "https://ce.acme.example/live"});
  CHECK(a.allow == std::vector<std::string>{"^https://ce\\.acme\\.example/(catalog|course)/"});
  CHECK(a.deny == std::vector<std::string>{"\\?sort=", "/cart"});
  CHECK(a.follow == std::vector<std::string>{"a.next", ".course-card a.title"});
  CHECK(a.sitemaps == std::vector<std::string>{"robots", "https://ce.acme.example/sitemap.xml"});
  CHECK(a.max_depth == 4);
  CHECK(a.max_pages == 1200);
  CHECK(a.max_bytes == 2 * 1024 * 1024);
  CHECK(a.delay_ms == 2500);
  CHECK(a.concurrency_per_host == 3);
  CHECK(a.timeout_s == 12.5);
  CHECK(a.retries == 4);
  CHECK(a.refresh_hours == 12);
  CHECK(a.respect_robots == false);
  CHECK(a.allow_addresses == std::vector<std::string>{"127.0.0.0/8", "::1/128"});
  CHECK(a.enabled == false);
  REQUIRE(a.extract.size() == 2);
  CHECK(a.extract[0].method == "rules");
  CHECK(a.extract[0].url == "/catalog");
  CHECK(a.extract[0].item == ".course-card");
  CHECK(a.extract[0].type == "course");
  using Fields = std::vector<std::pair<std::string, std::string>>;
  auto specs = [](const std::vector<cecat::RuleField>& fields) {
    Fields out;
    for (const cecat::RuleField& f : fields) out.emplace_back(f.name, f.spec);
    return out;
  };
  // File order is kept: a rule's fields are applied in the order written.
  CHECK(specs(a.extract[0].fields) ==
        Fields{
            {"title", "h2"}, {"url", "a.title@href"}, {"ce_hours", ".hours"}, {"price", ".price"}});
  CHECK(a.extract[1].method == "auto");
  CHECK(a.extract[1].url == "/course/");
  CHECK(a.extract[1].fields.empty());

  // The second source takes single strings for lists, and the file's defaults.
  const SourceConfig& f = c.sources[1];
  CHECK(f.id == "fellowships");
  CHECK(f.name == "fellowships");
  CHECK(f.kinds == std::vector<std::string>{"scholarships"});
  CHECK(f.start_urls == std::vector<std::string>{"file:///srv/catalogues/fellowships/index.html"});
  CHECK(f.delay_ms == 1500);
  CHECK(f.refresh_hours == 168);
  CHECK(f.enabled == true);
  REQUIRE(f.extract.size() == 1);
  CHECK(f.extract[0].method == "rules");
  CHECK(f.extract[0].type == "scholarship");
  CHECK(specs(f.extract[0].fields) ==
        Fields{{"name", "h3"}, {"deadline", "time@datetime"}, {"amount_max", ".amount"}});

  CHECK(c.FindSource("fellowships") == &c.sources[1]);
  CHECK(c.FindSource("nope") == nullptr);
}

TEST_CASE("a minimal source gets the documented defaults") {
  Result<Config> loaded = LoadConfig(LoadFixture("minimal.json"));
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  fs::path folder = LoadFixture("minimal.json").parent_path();
  CHECK(loaded->user_agent == "cecat/" + std::string(cecat::Version()));
  CHECK(loaded->contact_url.empty());
  CHECK(loaded->database == folder / "cecat.db");
  CHECK(loaded->feed_dir == folder / "feed");
  CHECK(loaded->log_file.empty());
  REQUIRE(loaded->sources.size() == 1);
  const SourceConfig& s = loaded->sources[0];
  SourceConfig want;  // the struct's defaults are the documented ones (docs_test checks)
  CHECK(s.name == "demo");
  CHECK(s.allow.empty());
  CHECK(s.deny.empty());
  CHECK(s.follow.empty());
  CHECK(s.sitemaps.empty());
  CHECK(s.max_depth == want.max_depth);
  CHECK(s.max_pages == want.max_pages);
  CHECK(s.max_bytes == want.max_bytes);
  CHECK(s.delay_ms == want.delay_ms);
  CHECK(s.concurrency_per_host == want.concurrency_per_host);
  CHECK(s.timeout_s == want.timeout_s);
  CHECK(s.retries == want.retries);
  CHECK(s.max_duration_s == 1800);
  CHECK(loaded->max_run_duration_s == 4 * 3600);
  CHECK(s.refresh_hours == 24);
  CHECK(s.respect_robots);
  CHECK(s.enabled);
  CHECK(s.allow_addresses.empty());
  REQUIRE(s.extract.size() == 1);
  CHECK(s.extract[0].method == "auto");
}

// The default User-Agent carries the build's version (CMake's PROJECT_VERSION) and
// the operator's contact URL in a comment, "+URL" as crawlers conventionally write it.
TEST_CASE("without user_agent, the User-Agent is cecat/<version> (+<contact_url>)") {
  const std::string version(cecat::Version());
  REQUIRE(!version.empty());
  CHECK(version.find_first_not_of("0123456789.") == std::string::npos);
  struct Case {
    std::string top_level;
    std::string user_agent;
  };
  const Case cases[] = {
      {"", "cecat/" + version},
      {R"("contact_url": "https://ce.example/crawler",)",
       "cecat/" + version + " (+https://ce.example/crawler)"},
      {R"("contact_url": "http://ce.example/bot?x=1",)",
       "cecat/" + version + " (+http://ce.example/bot?x=1)"},
      // An explicit user_agent wins; the contact URL is then only kept.
      {R"("contact_url": "https://ce.example/crawler", "user_agent": "acme-bot/2",)", "acme-bot/2"},
  };
  TempDir dir;
  for (const Case& c : cases) {
    CAPTURE(c.top_level);
    WriteFile(dir / "s.json", "{" + c.top_level + R"( "sources": []})");
    Result<Config> loaded = LoadConfig(dir / "s.json");
    INFO(loaded.status().ToString());
    REQUIRE(loaded.ok());
    CHECK(loaded->user_agent == c.user_agent);
  }
  CHECK(cecat::config::DefaultUserAgent("https://ce.example/") ==
        "cecat/" + version + " (+https://ce.example/)");
  CHECK(Config().user_agent == "cecat/" + version);
}

TEST_CASE("defaults apply under each source's own settings") {
  TempDir dir;
  WriteFile(dir / "sources.json", R"({
    "defaults": {"max_pages": 50, "kinds": "courses", "start_urls": "https://x.example/",
                 "extract": {"item": ".c", "fields": {"title": "h2"}}},
    "sources": [
      {"id": "a"},
      {"id": "b", "max_pages": 7, "kinds": ["reviews"], "extract": {"method": "auto"}}
    ]})");
  LoadOutcome outcome = LoadConfigWithProblems(dir / "sources.json");
  INFO(AllProblems(outcome));
  REQUIRE(outcome.config);
  const auto& s = outcome.config->sources;
  REQUIRE(s.size() == 2);
  CHECK(s[0].max_pages == 50);
  CHECK(s[0].kinds == std::vector<std::string>{"courses"});
  CHECK(s[0].start_urls == std::vector<std::string>{"https://x.example/"});
  REQUIRE(s[0].extract.size() == 1);
  CHECK(s[0].extract[0].method == "rules");
  CHECK(s[1].max_pages == 7);
  CHECK(s[1].kinds == std::vector<std::string>{"reviews"});
  // A source's own `extract` replaces the default's whole, it is not merged.
  REQUIRE(s[1].extract.size() == 1);
  CHECK(s[1].extract[0].method == "auto");
  CHECK(s[1].extract[0].fields.empty());
}

TEST_CASE("relative paths resolve against the sources file's folder, absolute ones stay") {
  struct Case {
    const char* database;
    std::string want;  // relative to the temp dir, or absolute
  };
  const Case cases[] = {
      {"cecat.db", "cecat.db"},
      {"./var/../db/x.db", "db/x.db"},
      {"../up.db", "../up.db"},
      {"/abs/x.db", "/abs/x.db"},
  };
  TempDir dir;
  fs::create_directories(dir / "conf");
  for (const Case& c : cases) {
    CAPTURE(c.database);
    WriteFile(dir / "conf" / "sources.json",
              std::string(R"({"database": ")") + c.database + R"(", "sources": []})");
    Result<Config> loaded = LoadConfig(dir / "conf" / "sources.json");
    INFO(loaded.status().ToString());
    REQUIRE(loaded.ok());
    fs::path want =
        c.want[0] == '/' ? fs::path(c.want) : (dir / "conf" / c.want).lexically_normal();
    CHECK(loaded->database == want);
    CHECK(loaded->feed_dir == dir / "conf" / "feed");
  }
}

TEST_CASE("a sources file given without a folder resolves paths relative to the working dir") {
  // `--config sources.json`: the folder is empty, the paths stay relative.
  TempDir dir;
  WriteFile(dir / "sources.json", R"({"sources": []})");
  fs::path cwd = fs::current_path();
  fs::current_path(dir.path());
  Result<Config> loaded = LoadConfig("sources.json");
  fs::current_path(cwd);
  REQUIRE(loaded.ok());
  CHECK(loaded->database == "cecat.db");
  CHECK(loaded->feed_dir == "feed");
}

TEST_CASE("max_bytes accepts sizes with binary units") {
  struct Case {
    const char* value;  // JSON text
    int64_t want;
  };
  const Case cases[] = {
      {"1024", 1024},
      {"\"5MB\"", 5 << 20},
      {"\"5 mb\"", 5 << 20},
      {"\"512KiB\"", 512 << 10},
      {"\"1.5K\"", 1536},
      {"\"2048\"", 2048},
      {"\"1 GB\"", int64_t{1} << 30},
      {"4096.0", 4096},
      {"\" 8kb \"", 8192},
  };
  TempDir dir;
  for (const Case& c : cases) {
    CAPTURE(c.value);
    WriteFile(dir / "s.json", std::string(R"({"sources": [{"id": "a", "kinds": "courses",
      "start_urls": "https://a.example/", "max_bytes": )") +
                                  c.value + "}]}");
    Result<Config> loaded = LoadConfig(dir / "s.json");
    INFO(loaded.status().ToString());
    REQUIRE(loaded.ok());
    CHECK(loaded->sources[0].max_bytes == c.want);
  }
}

TEST_CASE("refresh is daily, weekly or a positive number of hours") {
  using cecat::Json;
  using cecat::config::ParseRefreshHours;
  CHECK(ParseRefreshHours(Json("daily")) == 24.0);
  CHECK(ParseRefreshHours(Json("weekly")) == 168.0);
  CHECK(ParseRefreshHours(Json(6)) == 6.0);
  CHECK(ParseRefreshHours(Json(0.5)) == 0.5);
  CHECK_FALSE(ParseRefreshHours(Json(0)));
  CHECK_FALSE(ParseRefreshHours(Json(-3)));
  CHECK_FALSE(ParseRefreshHours(Json("monthly")));
  CHECK_FALSE(ParseRefreshHours(Json("24")));
  CHECK_FALSE(ParseRefreshHours(Json(true)));
  CHECK_FALSE(ParseRefreshHours(Json(nullptr)));
  CHECK_FALSE(ParseRefreshHours(Json::array()));
}

TEST_CASE("max_duration and max_run_duration take seconds or a duration string") {
  using cecat::Json;
  using cecat::config::ParseDurationSeconds;
  CHECK(ParseDurationSeconds(Json(90)) == 90.0);
  CHECK(ParseDurationSeconds(Json(0.5)) == 0.5);
  CHECK(ParseDurationSeconds(Json("45")) == 45.0);
  CHECK(ParseDurationSeconds(Json("90s")) == 90.0);
  CHECK(ParseDurationSeconds(Json("30m")) == 1800.0);
  CHECK(ParseDurationSeconds(Json("4h")) == 14400.0);
  CHECK(ParseDurationSeconds(Json("1h30m")) == 5400.0);
  CHECK(ParseDurationSeconds(Json("1.5h")) == 5400.0);
  for (const Json& bad : {Json(0), Json(-1), Json(""), Json("30 m"), Json("1h30"), Json("5d"),
                          Json("m"), Json("1..2s"), Json(true), Json(nullptr)}) {
    CAPTURE(bad.dump());
    CHECK_FALSE(ParseDurationSeconds(bad));
  }
  TempDir dir;
  WriteFile(dir / "s.json", R"({"max_run_duration": "2h", "defaults": {"max_duration": "10m"},
    "sources": [{"id": "a", "kinds": ["courses"], "start_urls": ["https://a.example/"]},
                {"id": "b", "kinds": ["courses"], "start_urls": ["https://b.example/"],
                 "max_duration": 60}]})");
  Result<Config> loaded = LoadConfig(dir / "s.json");
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  CHECK(loaded->max_run_duration_s == 7200);
  CHECK(loaded->sources[0].max_duration_s == 600);
  CHECK(loaded->sources[1].max_duration_s == 60);
  WriteFile(dir / "bad.json", R"({"sources": [{"id": "a", "kinds": ["courses"],
    "start_urls": ["https://a.example/"], "max_duration": "soon"}]})");
  Result<Config> bad = LoadConfig(dir / "bad.json");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("key 'max_duration': expected seconds > 0 or a duration "
                                    "such as \"30m\", got \"soon\"") != std::string::npos);
}

TEST_CASE("the demo's sources file loads, relative file: URLs kept as written") {
  // examples/demo is what README's quick start runs; it must always load.
  Result<Config> loaded =
      LoadConfig(cecat::testing::SourceDir() / "examples" / "demo" / "sources.json");
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  REQUIRE_FALSE(loaded->sources.empty());
  for (const SourceConfig& s : loaded->sources) {
    CAPTURE(s.id);
    CHECK_FALSE(s.kinds.empty());
    CHECK_FALSE(s.start_urls.empty());
  }
}

TEST_CASE("relative file: URLs are accepted and left for the CLI to resolve") {
  TempDir dir;
  WriteFile(dir / "s.json", R"({"sources": [{"id": "a", "kinds": "courses",
    "start_urls": ["file:site/index.html", "file:///srv/x.html"]}]})");
  Result<Config> loaded = LoadConfig(dir / "s.json");
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  CHECK(loaded->sources[0].start_urls ==
        std::vector<std::string>{"file:site/index.html", "file:///srv/x.html"});
}
