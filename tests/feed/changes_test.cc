// The incremental feed: WriteChanges and ApplyChanges, and the docs' promise that
// the snapshot at CURSOR plus the changes after CURSOR is the current snapshot.
#include <regex>
#include <sstream>

#include "tests/feed/feed_fixtures.h"

namespace cecat::feed {
namespace {

using cecat::testing::ReadFile;
using cecat::testing::TempDir;
using testing::FakeIndex;
using testing::MakeCourse;
using testing::MakeProvider;
using testing::MakeReview;
using testing::MakeScholarship;
using testing::SchemaFile;

ChangeProducer FromVector(std::vector<Json> changes) {
  return [changes = std::move(changes)](const Emit& emit) -> Status {
    for (const Json& c : changes) CECAT_RETURN_IF_ERROR(emit(c));
    return Status::Ok();
  };
}

std::string Snapshot(const FakeIndex& index, const std::filesystem::path& dir) {
  Status st = WriteSnapshot(dir, SchemaFile(),
                            testing::Info(index.cursor(), "2026-02-01T02:00:00Z"), index.Records());
  REQUIRE(st.ok());
  return ReadFile(dir / "feed.json");
}

std::string Changes(const FakeIndex& index, int64_t since) {
  std::ostringstream out;
  Status st = WriteChanges(out, index.ChangesSince(since));
  REQUIRE(st.ok());
  return out.str();
}

TEST_CASE("WriteChanges writes one compact JSON object per line, in the order given") {
  FakeIndex index;
  index.Upsert(MakeCourse(1));
  index.Upsert(MakeProvider(1));
  index.SetStatus("course", MakeCourse(1)["id"], "removed");
  std::string text = Changes(index, 0);
  std::istringstream lines(text);
  std::string line;
  std::vector<Json> parsed;
  while (std::getline(lines, line)) parsed.push_back(Json::parse(line));
  REQUIRE(parsed.size() == 3);
  CHECK(parsed[0]["op"] == "upsert");
  CHECK(parsed[0]["cursor"] == 1);
  CHECK(parsed[0]["record"]["title"] == MakeCourse(1)["title"]);
  CHECK(parsed[1]["type"] == "provider");
  CHECK(parsed[2] ==
        Json{{"cursor", 3}, {"op", "delete"}, {"type", "course"}, {"id", MakeCourse(1)["id"]}});
  CHECK(text.back() == '\n');
  CHECK(Changes(index, 3).empty());
  CHECK(Changes(index, 2).find("\"op\":\"delete\"") != std::string::npos);
}

TEST_CASE("WriteChanges rejects malformed or out-of-order changes with a message naming them") {
  Json upsert = {{"cursor", 5},
                 {"op", "upsert"},
                 {"type", "course"},
                 {"id", MakeCourse(1)["id"]},
                 {"record", MakeCourse(1)}};
  std::string id = MakeCourse(1)["id"];
  struct Case {
    const char* name;
    std::function<void(Json&)> mutate;
    std::string message;
  };
  std::vector<Case> cases = {
      {"no cursor", [](Json& c) { c.erase("cursor"); }, "change without an integer \"cursor\""},
      {"string cursor", [](Json& c) { c["cursor"] = "5"; }, "change without an integer \"cursor\""},
      {"no id", [](Json& c) { c.erase("id"); }, "change without an \"id\" string"},
      {"bad op", [](Json& c) { c["op"] = "insert"; },
       "change " + id + ": \"op\" must be upsert or delete"},
      {"bad type", [](Json& c) { c["type"] = "event"; },
       "change " + id + ": unknown or missing type"},
      {"upsert without record", [](Json& c) { c.erase("record"); },
       "change " + id + ": upsert without a \"record\" object"},
      {"record of another id", [](Json& c) { c["record"]["id"] = "c-ffffffffffffffff"; },
       "change " + id + ": the record's id and type differ from the change's"},
      {"delete with record", [](Json& c) { c["op"] = "delete"; },
       "change " + id + ": a delete carries no record"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    Json change = upsert;
    c.mutate(change);
    std::ostringstream out;
    Status st = WriteChanges(out, FromVector({change}));
    CHECK(st.code() == Status::Code::kInvalidArgument);
    CHECK(st.message() == c.message);
    CHECK(out.str().empty());
  }

  // A consumer resumes after the last cursor it applied, so a cursor that repeats
  // (or goes back) would make it skip a change; the lines before stay written.
  for (int64_t next : {5, 4}) {
    INFO(next);
    Json again = upsert;
    again["cursor"] = next;
    std::ostringstream out;
    Status st = WriteChanges(out, FromVector({upsert, again}));
    CHECK(st.code() == Status::Code::kInvalidArgument);
    CHECK(st.message() == "change " + id + " has cursor " + std::to_string(next) +
                              " after cursor 5: cursors must strictly increase");
    std::string written = out.str();
    CHECK(std::count(written.begin(), written.end(), '\n') == 1);
  }
}

TEST_CASE("WriteChanges reports a failing stream as an IoError") {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  Json change = {{"cursor", 1}, {"op", "delete"}, {"type", "course"}, {"id", "c-0000000000000001"}};
  Status st = WriteChanges(out, FromVector({change}));
  CHECK(st.code() == Status::Code::kIoError);
  CHECK(st.message() == "writing changes failed");
}

// The docs' promise: snapshot at CURSOR + changes after CURSOR == current snapshot,
// across new records, updates, records turning stale, coming back, and removal.
TEST_CASE("Snapshot plus replayed changes equals the new snapshot") {
  TempDir old_dir, new_dir;
  FakeIndex index;
  for (int i = 0; i < 20; ++i) index.Upsert(MakeCourse(i));
  for (int i = 0; i < 4; ++i) index.Upsert(MakeProvider(i));
  for (int i = 0; i < 3; ++i) index.Upsert(MakeScholarship(i));
  for (int i = 0; i < 5; ++i) index.Upsert(MakeReview(i));
  index.SetStatus("course", MakeCourse(19)["id"], "removed");
  int64_t since = index.cursor();
  Json old_snapshot = Json::parse(Snapshot(index, old_dir.path()));

  // After the snapshot: updates, new records, stale ones, a stale one back, removals
  // (one of a record that was stale, one of a record added after the snapshot).
  Json changed = MakeCourse(3);
  changed["title"] = "Renamed course";
  changed["ce_hours"] = 3;
  index.Upsert(changed);
  for (int i = 20; i < 25; ++i) index.Upsert(MakeCourse(i));
  index.Upsert(MakeProvider(9));
  index.SetStatus("course", MakeCourse(4)["id"], "stale");
  index.SetStatus("course", MakeCourse(5)["id"], "stale");
  index.SetStatus("course", MakeCourse(5)["id"], "active");
  index.SetStatus("provider", MakeProvider(1)["id"], "stale");
  index.SetStatus("provider", MakeProvider(1)["id"], "removed");
  index.SetStatus("course", MakeCourse(22)["id"], "removed");
  index.SetStatus("scholarship", MakeScholarship(0)["id"], "removed");
  index.SetStatus("review", MakeReview(4)["id"], "removed");
  index.Upsert(MakeReview(9));

  std::string new_text = Snapshot(index, new_dir.path());
  Json new_snapshot = Json::parse(new_text);
  std::istringstream changes(Changes(index, since));
  Result<Json> replayed = ApplyChanges(old_snapshot, changes);
  REQUIRE(replayed.ok());
  CHECK(*replayed == new_snapshot);
  CHECK((*replayed)["cursor"] == index.cursor());
  CHECK(new_snapshot["courses"].size() == 23);
  CHECK(new_snapshot["providers"].size() == 4);
  testing::CheckFeedsValidate({old_dir / "feed.json", new_dir / "feed.json"});

  // Replaying everything from the start onto an empty feed gives the same; changes
  // already in a snapshot (cursor <= its cursor) are skipped.
  Json empty = {{"schema_version", kSchemaVersion},
                {"generated_at", "2026-02-01T02:00:00Z"},
                {"cursor", 0},
                {"sources", Json::array()},
                {"courses", Json::array()},
                {"providers", Json::array()},
                {"scholarships", Json::array()},
                {"reviews", Json::array()}};
  std::istringstream all(Changes(index, 0));
  Result<Json> from_scratch = ApplyChanges(empty, all);
  REQUIRE(from_scratch.ok());
  CHECK(*from_scratch == new_snapshot);
  std::istringstream again(Changes(index, 0));
  Result<Json> twice = ApplyChanges(new_snapshot, again);
  REQUIRE(twice.ok());
  CHECK(*twice == new_snapshot);
}

// SPEC "Feed": snapshot + changes equals the next snapshot "apart from
// generated_at and sources": the change stream carries neither, so a consumer keeps
// the ones it has until it reads a snapshot again.
TEST_CASE("ApplyChanges keeps the snapshot's generated_at and sources") {
  TempDir old_dir, new_dir;
  FakeIndex index;
  index.Upsert(MakeCourse(1));
  int64_t since = index.cursor();
  REQUIRE(WriteSnapshot(old_dir.path(), SchemaFile(),
                        testing::InfoWithSources(since, "2026-02-01T02:00:00Z"), index.Records())
              .ok());
  index.Upsert(MakeCourse(2));
  SnapshotInfo next = testing::InfoWithSources(index.cursor(), "2026-02-02T02:00:00Z");
  next.sources[0].last_success = 1769997600;  // grants succeeded since
  REQUIRE(WriteSnapshot(new_dir.path(), SchemaFile(), next, index.Records()).ok());
  Json old_snapshot = testing::ParseFile(old_dir / "feed.json");
  Json new_snapshot = testing::ParseFile(new_dir / "feed.json");
  std::istringstream changes(Changes(index, since));
  Result<Json> replayed = ApplyChanges(old_snapshot, changes);
  REQUIRE(replayed.ok());
  CHECK((*replayed)["sources"] == old_snapshot["sources"]);
  CHECK((*replayed)["generated_at"] == "2026-02-01T02:00:00Z");
  CHECK((*replayed)["sources"] != new_snapshot["sources"]);
  (*replayed)["sources"] = new_snapshot["sources"];
  (*replayed)["generated_at"] = new_snapshot["generated_at"];
  CHECK(*replayed == new_snapshot);
}

TEST_CASE("ApplyChanges names the line that is not a change") {
  Json snapshot = {{"schema_version", kSchemaVersion}, {"cursor", 0}, {"courses", Json::array()}};
  struct Case {
    std::string input;
    Status::Code code;
    std::string message;
  };
  std::vector<Case> cases = {
      {"\n{\"cursor\":1,\n", Status::Code::kParseError, "changes line 2: not valid JSON"},
      {"{\"cursor\":1,\"op\":\"delete\",\"type\":\"course\",\"id\":\"c-0000000000000001\"}\n[]\n",
       Status::Code::kParseError, "changes line 2: change is not an object"},
      {"{\"cursor\":1,\"op\":\"upsert\",\"type\":\"course\",\"id\":\"c-0000000000000001\"}",
       Status::Code::kParseError,
       "changes line 1: change c-0000000000000001: upsert without a \"record\" object"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    std::istringstream in(c.input);
    Result<Json> result = ApplyChanges(snapshot, in);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == c.code);
    CHECK(result.status().message() == c.message);
  }
  std::istringstream in("");
  Result<Json> not_feed = ApplyChanges(Json::array(), in);
  REQUIRE_FALSE(not_feed.ok());
  CHECK(not_feed.status().message() == "not a feed snapshot: no integer \"cursor\"");
}

TEST_CASE("ApplyChanges treats an upsert of a removed record as its deletion") {
  Json course = MakeCourse(1);
  Json snapshot = {{"schema_version", kSchemaVersion},
                   {"cursor", 1},
                   {"courses", {course}},
                   {"providers", Json::array()},
                   {"scholarships", Json::array()},
                   {"reviews", Json::array()}};
  course["status"] = "removed";
  Json change = {{"cursor", 2},
                 {"op", "upsert"},
                 {"type", "course"},
                 {"id", course["id"]},
                 {"record", course}};
  std::istringstream in(change.dump() + "\n");
  Result<Json> result = ApplyChanges(snapshot, in);
  REQUIRE(result.ok());
  CHECK((*result)["courses"] == Json::array());
  CHECK((*result)["cursor"] == 2);
}

}  // namespace
}  // namespace cecat::feed
