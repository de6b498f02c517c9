// schema/feed.schema.json checked by the real validator (ajv-cli, draft 2020-12,
// strict mode, with formats): exported feeds and change lines validate, and each
// kind of mistake the schema is meant to catch is caught.
#include <sstream>

#include "tests/feed/feed_fixtures.h"

namespace cecat::feed {
namespace {

using cecat::testing::ReadFile;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using testing::AjvSaysValid;
using testing::FakeIndex;
using testing::MakeCourse;
using testing::MakeProvider;
using testing::MakeReview;
using testing::MakeScholarship;
using testing::RunAjv;
using testing::SchemaFile;

// A course with only the required fields, and every type's minimal record.
Json MinimalCourse() {
  Json c = MakeCourse(42);
  Json minimal;
  for (const char* key :
       {"id", "type", "url", "sources", "first_seen", "updated_at", "status", "title"}) {
    minimal[key] = c[key];
  }
  return minimal;
}

TEST_CASE("Exported feeds validate against the schema") {
  FakeIndex index;
  for (int i = 0; i < 8; ++i) index.Upsert(MakeCourse(i));
  for (int i = 0; i < 3; ++i) index.Upsert(MakeProvider(i));
  for (int i = 0; i < 2; ++i) index.Upsert(MakeScholarship(i));
  for (int i = 0; i < 3; ++i) index.Upsert(MakeReview(i));
  Json minimal = MinimalCourse();
  minimal["id"] = "c-ffffffffffffff00";
  index.Upsert(minimal);
  // Optional fields in their other valid shapes: free course, date-time start, a
  // state board, no approval number, an upper-bound rating, "rolling" deadline.
  Json variant = MakeCourse(100);
  variant["id"] = "c-ffffffffffffff01";
  variant["price"] = {{"amount", 0}, {"currency", "USD"}, {"free", true}, {"note", "members"}};
  variant["start_date"] = "2026-05-01T09:00:00-07:00";
  variant["approvals"] = {{{"body", "TX-BOARD"}}, {{"body", "IC&RC"}, {"number", "5-08-151-0624"}}};
  variant["rating"] = {{"average", 5}};
  variant.erase("location");
  index.Upsert(variant);
  index.SetStatus("course", MakeCourse(2)["id"], "stale");
  index.SetStatus("course", MakeCourse(3)["id"], "removed");

  TempDir dir, empty_dir;
  SnapshotInfo info = testing::InfoWithSources(index.cursor());
  info.gzip = true;
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), info, index.Records()).ok());
  REQUIRE(WriteSnapshot(empty_dir.path(), SchemaFile(), testing::Info(0), index.Records()).ok());

  // The change stream, as an array, against the schema's change definition.
  std::ostringstream changes;
  REQUIRE(WriteChanges(changes, index.ChangesSince(0)).ok());
  Json change_array = Json::array();
  std::istringstream lines(changes.str());
  for (std::string line; std::getline(lines, line);) change_array.push_back(Json::parse(line));
  WriteFile(dir / "changes.json", change_array.dump());
  WriteFile(dir / "changes.schema.json",
            R"({"$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "array",
                "items": {"$ref": "https://cecat.example/schema/feed.schema.json#/$defs/change"}})");

  // The schema copied next to the feed is the one the feed is checked against.
  testing::AjvResult feeds =
      RunAjv(dir / "feed.schema.json", {dir / "feed.json", empty_dir / "feed.json"});
  INFO(feeds.output);
  CHECK(feeds.exit_code == 0);
  CHECK(AjvSaysValid(feeds.output, dir / "feed.json"));
  CHECK(AjvSaysValid(feeds.output, empty_dir / "feed.json"));

  testing::AjvResult change_result =
      RunAjv(dir / "changes.schema.json", {dir / "changes.json"}, {SchemaFile()});
  INFO(change_result.output);
  CHECK(change_result.exit_code == 0);
  CHECK(AjvSaysValid(change_result.output, dir / "changes.json"));
  CHECK(change_array.size() == static_cast<size_t>(index.cursor()));
}

// Each mistake below is one the schema exists to catch; a schema that accepted any
// of them would be too loose to be a contract.
TEST_CASE("The schema rejects malformed records and documents") {
  struct Case {
    const char* name;
    std::function<void(Json& feed)> mutate;
  };
  auto course = [](Json& feed) -> Json& { return feed["courses"][0]; };
  std::vector<Case> cases = {
      {"unknown record field", [&](Json& f) { course(f)["titel"] = "x"; }},
      {"missing title", [&](Json& f) { course(f).erase("title"); }},
      {"missing first_seen", [&](Json& f) { course(f).erase("first_seen"); }},
      {"id of the wrong type", [&](Json& f) { course(f)["id"] = "p-0123456789abcdef"; }},
      {"id not hex", [&](Json& f) { course(f)["id"] = "c-0123456789abcdeX"; }},
      {"type mismatch", [&](Json& f) { course(f)["type"] = "provider"; }},
      {"removed record in snapshot", [&](Json& f) { course(f)["status"] = "removed"; }},
      {"unknown status", [&](Json& f) { course(f)["status"] = "deleted"; }},
      {"relative url", [&](Json& f) { course(f)["url"] = "/courses/1"; }},
      {"timestamp without zone", [&](Json& f) { course(f)["updated_at"] = "2026-01-01T00:00:00"; }},
      {"impossible date", [&](Json& f) { course(f)["start_date"] = "2026-02-30"; }},
      {"ce_hours as string", [&](Json& f) { course(f)["ce_hours"] = "6"; }},
      {"negative ce_hours", [&](Json& f) { course(f)["ce_hours"] = -1; }},
      {"unknown audience", [&](Json& f) { course(f)["audiences"] = {"nurse"}; }},
      {"unknown audience key",
       [&](Json& f) {
         course(f)["ce_hours_by_audience"] = {{"nurse", 1}};
       }},
      {"unknown format", [&](Json& f) { course(f)["format"] = "webinar"; }},
      {"unknown approval body", [&](Json& f) { course(f)["approvals"][0]["body"] = "ACME"; }},
      {"lower-case state board", [&](Json& f) { course(f)["approvals"][0]["body"] = "ca-BOARD"; }},
      {"numeric approval number", [&](Json& f) { course(f)["approvals"][1]["number"] = 1234; }},
      {"approval without body", [&](Json& f) { course(f)["approvals"][0].erase("body"); }},
      {"currency not ISO 4217", [&](Json& f) { course(f)["price"]["currency"] = "$"; }},
      {"rating above 5", [&](Json& f) { course(f)["rating"]["average"] = 5.5; }},
      {"topic not a slug", [&](Json& f) { course(f)["topics"] = {"Law & Ethics"}; }},
      {"state spelled out", [&](Json& f) { course(f)["location"]["state"] = "California"; }},
      {"null optional field", [&](Json& f) { course(f)["description"] = nullptr; }},
      {"extra price field", [&](Json& f) { course(f)["price"]["tax"] = 1; }},
      {"empty sources", [&](Json& f) { course(f)["sources"] = Json::array(); }},
      {"course in providers", [&](Json& f) { f["providers"].push_back(course(f)); }},
      {"deadline not a date", [&](Json& f) { f["scholarships"][0]["deadline"] = "soon"; }},
      {"review without target", [&](Json& f) { f["reviews"][0].erase("target"); }},
      {"review of a review", [&](Json& f) { f["reviews"][0]["target"] = "r-0123456789abcdef"; }},
      {"approval scope as text",
       [&](Json& f) { f["providers"][0]["approvals"][0]["scope"] = "counselors"; }},
      {"approval scope not an audience",
       [&](Json& f) { f["providers"][0]["approvals"][0]["scope"] = {"nurse"}; }},
      {"provider approval unknown field",
       [&](Json& f) { f["providers"][0]["approvals"][0]["x"] = 1; }},
      {"schema_version 1", [&](Json& f) { f["schema_version"] = 1; }},
      // Version 2 took last_seen out of records: it moves without a change (SPEC "Feed").
      {"record with last_seen", [&](Json& f) { course(f)["last_seen"] = "2026-02-01T02:00:00Z"; }},
      {"missing sources", [&](Json& f) { f.erase("sources"); }},
      {"source without id", [&](Json& f) { f["sources"][0].erase("id"); }},
      {"source id not a slug", [&](Json& f) { f["sources"][0]["id"] = "Acme CE"; }},
      {"unknown source field", [&](Json& f) { f["sources"][0]["last_attempt"] = "x"; }},
      {"empty source name", [&](Json& f) { f["sources"][0]["name"] = ""; }},
      // The feed always writes a name (the id when the sources file gives none).
      {"source without name", [&](Json& f) { f["sources"][0].erase("name"); }},
      {"null last_success", [&](Json& f) { f["sources"][0]["last_success"] = nullptr; }},
      {"last_success as unix time", [&](Json& f) { f["sources"][0]["last_success"] = 1769911200; }},
      {"last_success not UTC",
       [&](Json& f) { f["sources"][0]["last_success"] = "2026-02-01T02:00:00+01:00"; }},
      {"sources as an object",
       [&](Json& f) {
         f["sources"] = {{"acme-ce", {}}};
       }},
      {"negative cursor", [&](Json& f) { f["cursor"] = -1; }},
      {"missing reviews array", [&](Json& f) { f.erase("reviews"); }},
      {"unknown top-level field", [&](Json& f) { f["extra"] = true; }},
  };

  TempDir dir;
  FakeIndex index;
  index.Upsert(MakeCourse(1));
  index.Upsert(MakeProvider(1));
  index.Upsert(MakeScholarship(1));
  index.Upsert(MakeReview(1));
  REQUIRE(
      WriteSnapshot(dir.path(), SchemaFile(), testing::InfoWithSources(4), index.Records()).ok());
  Json valid = testing::ParseFile(dir / "feed.json");

  // One validator run for all cases (node's start-up dominates), the valid feed first
  // so a broken fixture cannot make every case "pass".
  std::vector<std::filesystem::path> files = {dir / "valid.json"};
  WriteFile(files[0], valid.dump());
  for (size_t i = 0; i < cases.size(); ++i) {
    Json feed = valid;
    cases[i].mutate(feed);
    files.push_back(dir / ("case" + std::to_string(i) + ".json"));
    WriteFile(files.back(), feed.dump());
  }
  testing::AjvResult result = RunAjv(SchemaFile(), files);
  INFO(result.output);
  CHECK(result.exit_code != 0);
  CHECK(AjvSaysValid(result.output, files[0]));
  for (size_t i = 0; i < cases.size(); ++i) {
    INFO(cases[i].name);
    CHECK(result.output.find(files[i + 1].string() + " invalid") != std::string::npos);
  }
}

}  // namespace
}  // namespace cecat::feed
