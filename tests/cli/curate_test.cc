// `cecat curate` end to end in process (issue 23, docs/curation.md): a local
// file: catalogue refreshed for real, then curated through the command line.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/lock.h"
#include "tests/cli/run_main.h"
#include "tests/support/test_support.h"

namespace {

using cecat::testing::MainRun;
using cecat::testing::ReadFile;
using cecat::testing::RunMain;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

std::string CuratePage(const std::string& title, double hours) {
  return R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Course", "name": ")" +
         title + R"(", "description": "A course for counselors.", "numberOfCredits": )" +
         std::to_string(hours) + R"(,
     "provider": {"@type": "Organization", "name": "Riverside CE", "url": "https://riverside.example/"}}
    </script></head><body><h1>)" +
         title + "</h1></body></html>";
}

// A catalogue of three course pages under `dir`/site, refreshed into `db`.
class CurateSite {
 public:
  CurateSite() {
    WriteFile(dir_ / "site" / "index.html",
              "<html><body><a href=\"a.html\">a</a> <a href=\"b.html\">b</a> "
              "<a href=\"test-c.html\">c</a></body></html>");
    WriteFile(dir_ / "site" / "a.html", CuratePage("Grief Counseling Basics", 3));
    WriteFile(dir_ / "site" / "b.html", CuratePage("Motivational Interviewing", 6));
    WriteFile(dir_ / "site" / "test-c.html", CuratePage("Test Page Do Not Publish", 1));
    WriteFile(dir_ / "sources.json", R"({"database": "cecat.db", "feed_dir": "feed",
      "defaults": {"delay_ms": 0},
      "sources": [{"id": "riverside", "kinds": ["courses", "providers"],
                   "start_urls": ["file:site/index.html"], "max_depth": 1}]})");
  }

  std::string Config() const { return (dir_ / "sources.json").string(); }
  std::filesystem::path Path(const std::string& name) const { return dir_ / name; }

  MainRun Cecat(std::vector<std::string> args) {
    args.push_back("--config");
    args.push_back(Config());
    return RunMain(std::move(args));
  }

  // Title -> id, of the courses a search finds.
  std::map<std::string, std::string> Ids() {
    MainRun r = Cecat({"search", "--json", "--limit", "100"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    std::map<std::string, std::string> out;
    const Json found = Json::parse(r.out);
    for (const Json& c : found["results"])
      out[c["title"].get<std::string>()] = c["id"].get<std::string>();
    INFO(r.out);
    CHECK(out.size() >= 2);
    return out;
  }

  TempDir dir_;
};

TEST_CASE("curate changes need --reason, and bad input is a usage error naming it") {
  CurateSite site;
  REQUIRE(site.Cecat({"refresh"}).code == 0);
  const std::string id = site.Ids().at("Grief Counseling Basics");

  MainRun no_reason = site.Cecat({"curate", "hide", id});
  CHECK(no_reason.code == 2);
  CHECK(no_reason.err ==
        "cecat curate hide: --reason TEXT is required (1 to 500 characters): say why\n");

  MainRun unknown = site.Cecat({"curate", "hide", "c-0000000000000000", "--reason", "x"});
  CHECK(unknown.code == 2);
  CHECK(unknown.err == "cecat curate: unknown record id 'c-0000000000000000'\n");

  MainRun field = site.Cecat({"curate", "pin", id, "colour", "red", "--reason", "x"});
  CHECK(field.code == 2);
  CHECK(field.err.rfind("cecat curate: pin: unknown field 'colour' for a course (its fields: ",
                        0) == 0);

  MainRun value = site.Cecat({"curate", "pin", id, "ce_hours", "lots", "--reason", "x"});
  CHECK(value.code == 2);
  CHECK(value.err.find("value \"lots\" for ce_hours did not normalise") != std::string::npos);

  MainRun regex = site.Cecat({"curate", "suppress", "riverside", "(", "--reason", "x"});
  CHECK(regex.code == 2);
  CHECK(regex.err.rfind("cecat curate: suppress: invalid URL regex '(': ", 0) == 0);

  MainRun source = site.Cecat({"curate", "suppress", "nowhere", "x", "--reason", "x"});
  CHECK(source.code == 2);
  CHECK(source.err.find("no source with id 'nowhere'") != std::string::npos);

  MainRun bytes = site.Cecat({"curate", "pin", id, "title", "caf\xe9", "--reason", "x"});
  CHECK(bytes.code == 2);
  CHECK(bytes.err.rfind("cecat curate: argument is not UTF-8 text: ", 0) == 0);

  MainRun action = site.Cecat({"curate", "bury", id});
  CHECK(action.code == 2);
  MainRun args = site.Cecat({"curate", "merge", id, "--reason", "x"});
  CHECK(args.code == 2);
  CHECK(args.err.find("usage: cecat curate merge INTO_ID FROM_ID") != std::string::npos);
  MainRun self = site.Cecat({"curate", "merge", id, id, "--reason", "x"});
  CHECK(self.code == 2);
  CHECK(self.err == "cecat curate: cannot merge " + id + " into itself\n");

  // None of it changed anything.
  MainRun log = site.Cecat({"curate", "log", "--json"});
  REQUIRE(log.code == 0);
  CHECK(Json::parse(log.out).empty());
  CHECK(site.Ids().size() == 3);
}

TEST_CASE("curate takes effect at once: search, show, the change stream and the feed") {
  CurateSite site;
  REQUIRE(site.Cecat({"refresh"}).code == 0);
  auto ids = site.Ids();
  const std::string a = ids.at("Grief Counseling Basics");
  const std::string b = ids.at("Motivational Interviewing");
  const Json feed_before = Json::parse(ReadFile(site.Path("feed") / "feed.json"));
  const int64_t cursor = feed_before["cursor"];

  MainRun hide =
      site.Cecat({"curate", "hide", a, "--reason", "provider withdrew it", "--by", "ana"});
  INFO(hide.err);
  REQUIRE(hide.code == 0);
  CHECK(hide.out.find(a + " leaves the feed and search") != std::string::npos);
  CHECK(site.Ids().count("Grief Counseling Basics") == 0);
  MainRun since = site.Cecat({"export", "--since", std::to_string(cursor)});
  REQUIRE(since.code == 0);
  Json change = Json::parse(since.out);
  CHECK(change["op"] == "delete");
  CHECK(change["id"] == a);
  Json feed = Json::parse(ReadFile(site.Path("feed") / "feed.json"));
  CHECK(feed["courses"].size() == feed_before["courses"].size() - 1);

  MainRun show = site.Cecat({"show", a, "--json"});
  REQUIRE(show.code == 0);
  Json shown = Json::parse(show.out);
  CHECK(shown["hidden"] == true);
  CHECK(shown["curation"]["overrides"][0]["by"] == "ana");
  CHECK(shown["curation"]["overrides"][0]["reason"] == "provider withdrew it");

  // A text value that a normaliser reads is normalised like an extracted one.
  MainRun pin = site.Cecat({"curate", "pin", b, "ce_hours", "1.5 hours", "--reason", "typo"});
  INFO(pin.err);
  REQUIRE(pin.code == 0);
  Json pinned = Json::parse(site.Cecat({"show", b, "--json"}).out);
  CHECK(pinned["ce_hours"] == 1.5);
  CHECK(pinned["provenance"]["ce_hours"]["producer"] == "curated");
  CHECK(pinned["curated_fields"] == Json::array({"ce_hours"}));
  // The refresh re-applies both.
  REQUIRE(site.Cecat({"refresh", "--force"}).code == 0);
  CHECK(site.Ids().count("Grief Counseling Basics") == 0);
  CHECK(Json::parse(site.Cecat({"show", b, "--json"}).out)["ce_hours"] == 1.5);

  // A refresh holds the lock: a curate change then exits 3 and changes nothing.
  {
    auto lock = cecat::cli::DatabaseLock::Acquire(site.Path("cecat.db"));
    REQUIRE(lock.ok());
    MainRun busy = site.Cecat({"curate", "unhide", a, "--reason", "back"});
    CHECK(busy.code == 3);
  }
  CHECK(site.Ids().count("Grief Counseling Basics") == 0);
  REQUIRE(site.Cecat({"curate", "unhide", a, "--reason", "back"}).code == 0);
  CHECK(site.Ids().count("Grief Counseling Basics") == 1);

  MainRun log = site.Cecat({"curate", "log"});
  REQUIRE(log.code == 0);
  CHECK(log.out.find("ana  hide " + a + ": provider withdrew it") != std::string::npos);
  CHECK(log.out.find("pin " + b + " ce_hours 1.5: typo") != std::string::npos);
  CHECK(log.out.find("unhide " + a + ": back") != std::string::npos);
}

TEST_CASE("curate export and import round-trip exactly, import is idempotent and all or nothing") {
  CurateSite site;
  REQUIRE(site.Cecat({"refresh"}).code == 0);
  auto ids = site.Ids();
  const std::string a = ids.at("Grief Counseling Basics");
  const std::string b = ids.at("Motivational Interviewing");
  for (std::vector<std::string> args : {std::vector<std::string>{"hide", a},
                                        {"pin", b, "title", "\"Motivational Interviewing I\""},
                                        {"pin", b, "description", "--absent"},
                                        {"merge", b, ids.at("Test Page Do Not Publish")},
                                        {"suppress", "riverside", "/test-[^/]*\\.html$"}}) {
    args.insert(args.begin(), "curate");
    args.insert(args.end(), {"--reason", "curated in review 12", "--by", "ana"});
    MainRun r = site.Cecat(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
  }
  MainRun listed = site.Cecat({"curate", "list"});
  REQUIRE(listed.code == 0);
  CHECK(listed.out.find("hide  " + a + "  by ana at ") != std::string::npos);
  CHECK(listed.out.find("pin  " + b + " description = (absent)  by ana") != std::string::npos);
  CHECK(listed.out.find("ORPHANED") == std::string::npos);
  MainRun orphans = site.Cecat({"curate", "list", "--orphaned"});
  REQUIRE(orphans.code == 0);
  CHECK(orphans.out == "no orphaned overrides\n");
  const std::string exported = site.Path("curation.json").string();
  REQUIRE(site.Cecat({"curate", "export", exported}).code == 0);
  const std::string text = ReadFile(exported);
  Json doc = Json::parse(text);
  CHECK(doc["cecat_curation"] == 1);
  REQUIRE(doc["overrides"].size() == 5);
  CHECK(doc["overrides"][0]["kind"] == "hide");

  // A fresh index of the same site takes the file and exports it byte for byte.
  const std::string db2 = site.Path("second.db").string();
  REQUIRE(site.Cecat({"refresh", "--db", db2}).code == 0);
  MainRun imported = site.Cecat({"curate", "import", exported, "--db", db2});
  INFO(imported.err);
  REQUIRE(imported.code == 0);
  CHECK(imported.out.rfind("imported " + exported + ": 5 change(s), 0 already so\n", 0) == 0);
  const std::string again = site.Path("again.json").string();
  REQUIRE(site.Cecat({"curate", "export", again, "--db", db2}).code == 0);
  CHECK(ReadFile(again) == text);
  // Twice is once.
  MainRun twice = site.Cecat({"curate", "import", exported, "--db", db2});
  REQUIRE(twice.code == 0);
  CHECK(twice.out == "imported " + exported + ": 0 change(s), 5 already so\n");
  CHECK(Json::parse(site.Cecat({"curate", "log", "--json", "--db", db2}).out).size() == 5);

  // A malformed file, or one bad entry among good ones: exit 2 naming it, nothing
  // imported.
  const std::string db3 = site.Path("third.db").string();
  REQUIRE(site.Cecat({"refresh", "--db", db3}).code == 0);
  WriteFile(site.Path("broken.json"), "{\"cecat_curation\": 1, \"overrides\": [");
  MainRun broken = site.Cecat({"curate", "import", site.Path("broken.json").string(), "--db", db3});
  CHECK(broken.code == 2);
  CHECK(broken.err.find("is not JSON") != std::string::npos);
  Json bad = doc;
  bad["overrides"][4]["pattern"] = "(";
  WriteFile(site.Path("bad.json"), bad.dump());
  MainRun refused = site.Cecat({"curate", "import", site.Path("bad.json").string(), "--db", db3});
  CHECK(refused.code == 2);
  CHECK(refused.err.find("entry 5: invalid URL regex '('") != std::string::npos);
  Json unknown = doc;
  unknown["overrides"][0]["id"] = "c-0000000000000000";
  WriteFile(site.Path("unknown.json"), unknown.dump());
  MainRun missing =
      site.Cecat({"curate", "import", site.Path("unknown.json").string(), "--db", db3});
  CHECK(missing.code == 2);
  CHECK(missing.err.find("unknown record id 'c-0000000000000000'") != std::string::npos);
  Json no_reason = doc;
  no_reason["overrides"][1].erase("reason");
  WriteFile(site.Path("noreason.json"), no_reason.dump());
  MainRun unexplained =
      site.Cecat({"curate", "import", site.Path("noreason.json").string(), "--db", db3});
  CHECK(unexplained.code == 2);
  CHECK(unexplained.err.find("entry 2: a merge needs \"reason\"") != std::string::npos);
  MainRun list = site.Cecat({"curate", "list", "--json", "--db", db3});
  REQUIRE(list.code == 0);
  CHECK(Json::parse(list.out).empty());
  CHECK(Json::parse(site.Cecat({"curate", "log", "--json", "--db", db3}).out).empty());
}

}  // namespace
