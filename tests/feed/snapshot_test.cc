// WriteSnapshot: layout, determinism, gzip, atomic replacement and failure modes.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "tests/feed/feed_fixtures.h"

namespace cecat::feed {
namespace {

using cecat::testing::ReadFile;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using testing::FakeIndex;
using testing::MakeCourse;
using testing::MakeProvider;
using testing::MakeReview;
using testing::MakeScholarship;
using testing::SchemaFile;

RecordProducer FromRecords(std::vector<Json> records) {
  return [records = std::move(records)](const Emit& emit) -> Status {
    for (const Json& r : records) CECAT_RETURN_IF_ERROR(emit(r));
    return Status::Ok();
  };
}

std::vector<std::string> TempLitter(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(".feed-tmp-", 0) == 0) names.push_back(name);
  }
  return names;
}

std::string Gunzip(const std::filesystem::path& file) {
  gzFile gz = gzopen(file.c_str(), "rb");
  REQUIRE(gz != nullptr);
  std::string out;
  char buf[1 << 16];
  int n = 0;
  while ((n = gzread(gz, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(gz);
  REQUIRE(n == 0);
  return out;
}

FakeIndex SmallIndex() {
  FakeIndex index;
  for (int i = 0; i < 3; ++i) index.Upsert(MakeReview(i));
  for (int i = 0; i < 2; ++i) index.Upsert(MakeScholarship(i));
  for (int i = 0; i < 5; ++i) index.Upsert(MakeCourse(i));
  for (int i = 0; i < 2; ++i) index.Upsert(MakeProvider(i));
  return index;
}

TEST_CASE("A snapshot lists header fields, then the four arrays in feed order, sorted by id") {
  TempDir dir;
  FakeIndex index = SmallIndex();
  SnapshotStats stats;
  Status st = WriteSnapshot(dir.path(), SchemaFile(),
                            testing::InfoWithSources(index.cursor(), "2026-02-01T02:00:00Z"),
                            index.Records(), &stats);
  REQUIRE(st.ok());
  std::string text = ReadFile(dir / "feed.json");
  Json feed = Json::parse(text);
  CHECK(kSchemaVersion == 2);
  CHECK(feed["schema_version"] == kSchemaVersion);
  CHECK(feed["sources"].size() == 3);
  CHECK(feed["generated_at"] == "2026-02-01T02:00:00Z");
  CHECK(feed["cursor"] == index.cursor());
  CHECK(feed["courses"].size() == 5);
  CHECK(feed["providers"].size() == 2);
  CHECK(feed["scholarships"].size() == 2);
  CHECK(feed["reviews"].size() == 3);
  CHECK(stats.courses == 5);
  CHECK(stats.providers == 2);
  CHECK(stats.scholarships == 2);
  CHECK(stats.reviews == 3);
  CHECK(stats.bytes == static_cast<int64_t>(text.size()));
  // Key order on disk is the documented one (a JSON object has none, but readers
  // skimming the file, and `head`, rely on it).
  CHECK(text.rfind("{\"schema_version\":2,\"generated_at\":\"2026-02-01T02:00:00Z\",\"cursor\":" +
                       std::to_string(index.cursor()) + ",\n\"sources\":[\n",
                   0) == 0);
  size_t sources = text.find("\"sources\":");
  size_t courses = text.find("\"courses\":");
  CHECK(sources < courses);
  size_t providers = text.find("\"providers\":");
  size_t scholarships = text.find("\"scholarships\":");
  size_t reviews = text.find("\"reviews\":");
  CHECK(courses < providers);
  CHECK(providers < scholarships);
  CHECK(scholarships < reviews);
  for (const char* array : {"courses", "providers", "scholarships", "reviews"}) {
    INFO(array);
    const Json& records = feed[array];
    for (size_t i = 1; i < records.size(); ++i) {
      CHECK(records[i - 1]["id"].get<std::string>() < records[i]["id"].get<std::string>());
    }
  }
  // One record (and one source) per line, so the feed diffs and greps well: the
  // header line, then per array its opening line, its entries and its closing line
  // ("]" is on the opening line only for an empty array).
  CHECK(std::count(text.begin(), text.end(), '\n') == 1 + 5 + 3 + (5 + 2 + 2 + 3) + 5);
  CHECK(ReadFile(dir / "feed.schema.json") == ReadFile(SchemaFile()));
  CHECK(TempLitter(dir.path()).empty());
  CHECK_FALSE(std::filesystem::exists(dir / "feed.json.gz"));
  testing::CheckFeedsValidate({dir / "feed.json"});
}

TEST_CASE("An empty index without sources gives a feed with five empty arrays") {
  TempDir dir;
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), testing::Info(0), FromRecords({})).ok());
  Json feed = testing::ParseFile(dir / "feed.json");
  for (const char* array : {"sources", "courses", "providers", "scholarships", "reviews"}) {
    INFO(array);
    CHECK(feed[array] == Json::array());
  }
  // generated_at defaults to now, in RFC 3339 UTC.
  CHECK(std::regex_match(feed["generated_at"].get<std::string>(),
                         std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  testing::CheckFeedsValidate({dir / "feed.json"});
}

// The sources come in whatever order the caller has them (config order); the
// writer sorts them, so the bytes depend only on the index and the sources file.
TEST_CASE("Two exports of the same index differ only in generated_at") {
  TempDir a, b;
  FakeIndex index = SmallIndex();
  index.SetStatus("course", MakeCourse(1)["id"], "stale");
  SnapshotInfo first_info = testing::InfoWithSources(index.cursor(), "2026-02-01T02:00:00Z");
  SnapshotInfo second_info = testing::InfoWithSources(index.cursor(), "2026-02-02T02:00:07Z");
  std::reverse(second_info.sources.begin(), second_info.sources.end());
  REQUIRE(WriteSnapshot(a.path(), SchemaFile(), first_info, index.Records()).ok());
  REQUIRE(WriteSnapshot(b.path(), SchemaFile(), second_info, index.Records()).ok());
  std::string first = ReadFile(a / "feed.json");
  std::string second = ReadFile(b / "feed.json");
  CHECK(first != second);
  std::regex stamp("\"generated_at\":\"[^\"]*\"");
  CHECK(std::regex_replace(first, stamp, "") == std::regex_replace(second, stamp, ""));
  testing::CheckFeedsValidate({a / "feed.json", b / "feed.json"});
}

// SPEC "Feed": at one cursor the records are the same, so the refresh copies the
// records part of the previous feed.json instead of producing it again (issue 25).
TEST_CASE("An unchanged cursor copies the previous records part, byte for byte") {
  TempDir dir;
  FakeIndex index = SmallIndex();
  SnapshotStats first;
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(),
                        testing::InfoWithSources(index.cursor(), "2026-02-01T02:00:00Z"),
                        index.Records(), &first)
              .ok());
  CHECK_FALSE(first.reused);
  CHECK(first.records.cursor == index.cursor());
  CHECK(first.records.courses == 5);
  CHECK(first.records.reviews == 3);
  const std::string before = ReadFile(dir / "feed.json");
  // The part runs from the courses array to the end of the file.
  CHECK(first.records.bytes == static_cast<int64_t>(before.size() - before.find("\"courses\":[")));
  CHECK(first.records.hash ==
        Hash64(std::string_view(before).substr(before.size() - first.records.bytes)));

  // The sources' last success moved on; the records did not.
  SnapshotInfo again = testing::InfoWithSources(index.cursor(), "2026-02-02T02:00:00Z");
  again.sources[0].last_success += 86400;
  again.previous = first.records;
  bool produced = false;
  RecordProducer fail = [&produced](const Emit&) -> Status {
    produced = true;
    return Status::Internal("the records part should have been copied");
  };
  SnapshotStats second;
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), again, fail, &second).ok());
  CHECK_FALSE(produced);
  CHECK(second.reused);
  CHECK(second.courses == 5);
  CHECK(second.providers == 2);
  CHECK(second.records.hash == first.records.hash);
  CHECK(second.records.bytes == first.records.bytes);
  // Exactly what producing the records would have written.
  TempDir fresh;
  SnapshotInfo same = again;
  same.previous.reset();
  REQUIRE(WriteSnapshot(fresh.path(), SchemaFile(), same, index.Records()).ok());
  CHECK(ReadFile(dir / "feed.json") == ReadFile(fresh / "feed.json"));
  CHECK(ReadFile(dir / "feed.json") != before);
  CHECK(TempLitter(dir.path()).empty());
  testing::CheckFeedsValidate({dir / "feed.json"});
}

TEST_CASE("A moved cursor, another format or a changed file produces the records again") {
  TempDir dir;
  FakeIndex index = SmallIndex();
  SnapshotInfo info = testing::InfoWithSources(index.cursor(), "2026-02-01T02:00:00Z");
  SnapshotStats first;
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), info, index.Records(), &first).ok());
  const std::string written = ReadFile(dir / "feed.json");

  auto produced_again = [&](const RecordsPart& previous, int64_t cursor) {
    SnapshotInfo next = testing::InfoWithSources(cursor, "2026-02-01T02:00:00Z");
    next.previous = previous;
    SnapshotStats stats;
    REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), next, index.Records(), &stats).ok());
    return !stats.reused;
  };
  SECTION("the cursor moved") {
    index.SetStatus("course", MakeCourse(1)["id"], "stale");
    CHECK(produced_again(first.records, index.cursor()));
    Json feed = testing::ParseFile(dir / "feed.json");
    CHECK(feed["courses"][1]["status"] == "stale");
  }
  SECTION("another writer version or schema") {
    RecordsPart other = first.records;
    other.format ^= 1;
    CHECK(produced_again(other, index.cursor()));
  }
  SECTION("the records were edited in place, same size") {
    std::string edited = written;
    size_t at = edited.find("\"courses\":[") + 20;
    edited[at] = edited[at] == 'a' ? 'b' : 'a';
    WriteFile(dir / "feed.json", edited);
    CHECK(produced_again(first.records, index.cursor()));
    CHECK(ReadFile(dir / "feed.json") == written);
    // The copy that turned out not to be the part was thrown away.
    CHECK(TempLitter(dir.path()).empty());
  }
  SECTION("the file was cut short, or is gone") {
    WriteFile(dir / "feed.json", written.substr(0, written.size() / 2));
    CHECK(produced_again(first.records, index.cursor()));
    CHECK(ReadFile(dir / "feed.json") == written);
    std::filesystem::remove(dir / "feed.json");
    CHECK(produced_again(first.records, index.cursor()));
    CHECK(ReadFile(dir / "feed.json") == written);
  }
  SECTION("the header grew, so the part no longer starts a line with the courses array") {
    WriteFile(dir / "feed.json", "x" + written);
    RecordsPart shifted = first.records;
    shifted.bytes += 1;
    CHECK(produced_again(shifted, index.cursor()));
  }
  testing::CheckFeedsValidate({dir / "feed.json"});
}

TEST_CASE("feed.json.gz holds the same bytes, identically compressed on every run") {
  TempDir a, b;
  FakeIndex index = SmallIndex();
  SnapshotInfo info = testing::Info(index.cursor(), "2026-02-01T02:00:00Z", true);
  REQUIRE(WriteSnapshot(a.path(), SchemaFile(), info, index.Records()).ok());
  REQUIRE(WriteSnapshot(b.path(), SchemaFile(), info, index.Records()).ok());
  CHECK(Gunzip(a / "feed.json.gz") == ReadFile(a / "feed.json"));
  CHECK(ReadFile(a / "feed.json.gz") == ReadFile(b / "feed.json.gz"));
  CHECK(ReadFile(a / "feed.json") == ReadFile(b / "feed.json"));
  testing::CheckFeedsValidate({a / "feed.json"});
}

// SPEC "Feed": `sources`, per source `id`, `name`, `last_success`; consumers read
// last_success to judge how fresh a source's records are.
TEST_CASE("The snapshot lists every source sorted by id, last_success absent until a success") {
  TempDir dir;
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(),
                        testing::InfoWithSources(0, "2026-02-01T03:00:00Z"), FromRecords({}))
              .ok());
  std::string text = ReadFile(dir / "feed.json");
  Json feed = Json::parse(text);
  Json want = Json::array({
      {{"id", "acme-ce"},
       {"name", "Acme Continuing Education"},
       {"last_success", "2026-02-01T02:00:00Z"}},
      {{"id", "aswb-directory"}, {"name", "aswb-directory"}},  // no name given: the id
      {{"id", "grants"}, {"name", "Example Foundation grants"}},
  });
  CHECK(feed["sources"] == want);
  for (const Json& source : feed["sources"]) {
    if (!source.contains("last_success")) continue;
    CHECK(std::regex_match(source["last_success"].get<std::string>(),
                           std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  }
  // One source per line, keys in a record's (alphabetical) order.
  CHECK(text.find("\n{\"id\":\"acme-ce\",\"last_success\":\"2026-02-01T02:00:00Z\","
                  "\"name\":\"Acme Continuing Education\"},\n") != std::string::npos);
  CHECK(text.find("\n{\"id\":\"aswb-directory\",\"name\":\"aswb-directory\"},\n") !=
        std::string::npos);
  testing::CheckFeedsValidate({dir / "feed.json"});
}

TEST_CASE("A source with an empty or repeated id fails the export, keeping the previous feed") {
  TempDir dir;
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), testing::InfoWithSources(1),
                        FromRecords({MakeCourse(1)}))
              .ok());
  std::string before = ReadFile(dir / "feed.json");
  SnapshotInfo repeated = testing::InfoWithSources(2);
  repeated.sources.push_back(repeated.sources[1]);
  Status st = WriteSnapshot(dir.path(), SchemaFile(), repeated, FromRecords({MakeCourse(2)}));
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message() == "feed source acme-ce is listed twice");
  SnapshotInfo unnamed = testing::InfoWithSources(2);
  unnamed.sources[0].id.clear();
  st = WriteSnapshot(dir.path(), SchemaFile(), unnamed, FromRecords({MakeCourse(2)}));
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message() == "feed source without an id");
  CHECK(ReadFile(dir / "feed.json") == before);
  CHECK(TempLitter(dir.path()).empty());
}

TEST_CASE("Records with status removed are left out of the snapshot") {
  TempDir dir;
  FakeIndex index = SmallIndex();
  std::string removed = MakeCourse(2)["id"];
  index.SetStatus("course", removed, "removed");
  SnapshotStats stats;
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), testing::Info(index.cursor()), index.Records(),
                        &stats)
              .ok());
  Json feed = testing::ParseFile(dir / "feed.json");
  CHECK(feed["courses"].size() == 4);
  CHECK(stats.skipped_removed == 1);
  for (const Json& course : feed["courses"]) CHECK(course["id"] != removed);
  testing::CheckFeedsValidate({dir / "feed.json"});
}

// Every failure leaves the previous feed as it was and no temporary file behind.
TEST_CASE("A failed export keeps the previous feed and leaves no temporary files") {
  struct Case {
    const char* name;
    std::vector<Json> records;
    Status producer_error;
    Status::Code code;
    std::string message;
  };
  Json unsorted_a = MakeCourse(2), unsorted_b = MakeCourse(1);
  Json no_type = MakeCourse(1);
  no_type.erase("type");
  Json bad_type = MakeCourse(1);
  bad_type["type"] = "event";
  std::vector<Case> cases = {
      {"producer error after some records",
       {MakeCourse(0), MakeCourse(1)},
       Status::IoError("index.db: disk I/O error"),
       Status::Code::kIoError,
       "index.db: disk I/O error"},
      {"unsorted ids",
       {unsorted_a, unsorted_b},
       Status::Ok(),
       Status::Code::kInvalidArgument,
       "feed record " + unsorted_b["id"].get<std::string>() + " (course) is not after " +
           unsorted_a["id"].get<std::string>() +
           ": records must come sorted by id, without duplicates"},
      {"duplicate id",
       {MakeCourse(1), MakeCourse(1)},
       Status::Ok(),
       Status::Code::kInvalidArgument,
       "feed record " + MakeCourse(1)["id"].get<std::string>() + " (course) is not after " +
           MakeCourse(1)["id"].get<std::string>() +
           ": records must come sorted by id, without duplicates"},
      {"record without type",
       {no_type},
       Status::Ok(),
       Status::Code::kInvalidArgument,
       "feed record " + no_type["id"].get<std::string>() + ": unknown or missing type"},
      {"record of unknown type",
       {bad_type},
       Status::Ok(),
       Status::Code::kInvalidArgument,
       "feed record " + bad_type["id"].get<std::string>() + ": unknown or missing type"},
      {"record that is not an object",
       {Json::array({1, 2})},
       Status::Ok(),
       Status::Code::kInvalidArgument,
       "feed record is not an object"},
      {"record without id",
       {Json{{"type", "course"}}},
       Status::Ok(),
       Status::Code::kInvalidArgument,
       "feed record without an \"id\" string"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    TempDir dir;
    REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), testing::Info(1, "", true),
                          FromRecords({MakeProvider(7)}))
                .ok());
    std::string before = ReadFile(dir / "feed.json");
    std::string before_gz = ReadFile(dir / "feed.json.gz");
    RecordProducer produce = [&](const Emit& emit) -> Status {
      for (const Json& r : c.records) CECAT_RETURN_IF_ERROR(emit(r));
      return c.producer_error;
    };
    Status st = WriteSnapshot(dir.path(), SchemaFile(), testing::Info(2, "", true), produce);
    CHECK(st.code() == c.code);
    CHECK(st.message() == c.message);
    CHECK(ReadFile(dir / "feed.json") == before);
    CHECK(ReadFile(dir / "feed.json.gz") == before_gz);
    CHECK(TempLitter(dir.path()).empty());
  }
}

TEST_CASE("An unusable feed directory or schema file is an IoError naming the path") {
  TempDir dir;
  WriteFile(dir / "plain-file", "x");
  Status st = WriteSnapshot(dir / "plain-file", SchemaFile(), {}, FromRecords({}));
  CHECK(st.code() == Status::Code::kIoError);
  CHECK(st.message() == "feed directory " + (dir / "plain-file").string() + ": Not a directory");

  st = WriteSnapshot(dir / "plain-file" / "sub", SchemaFile(), {}, FromRecords({}));
  CHECK(st.code() == Status::Code::kIoError);
  CHECK(st.message().find((dir / "plain-file" / "sub").string()) != std::string::npos);

  std::filesystem::path missing = dir / "nowhere.schema.json";
  st = WriteSnapshot(dir / "feed", missing, {}, FromRecords({}));
  CHECK(st.code() == Status::Code::kIoError);
  CHECK(st.message().rfind(missing.string() + ": cannot open", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(dir / "feed" / "feed.json"));

  WriteFile(dir / "not-a-schema.json", "[1, 2]");
  st = WriteSnapshot(dir / "feed", dir / "not-a-schema.json", {}, FromRecords({}));
  CHECK(st.code() == Status::Code::kIoError);
  CHECK(st.message() == (dir / "not-a-schema.json").string() + ": not a JSON Schema document");
}

TEST_CASE("The feed directory is created when missing") {
  TempDir dir;
  std::filesystem::path nested = dir / "a" / "b" / "feed";
  REQUIRE(WriteSnapshot(nested, SchemaFile(), {}, FromRecords({MakeCourse(1)})).ok());
  CHECK(std::filesystem::exists(nested / "feed.json"));
  CHECK(std::filesystem::exists(nested / "feed.schema.json"));
  testing::CheckFeedsValidate({nested / "feed.json"});
}

// SPEC "Lifecycle": a refresh killed at any moment leaves the previous feed whole.
TEST_CASE("An export killed midway leaves the old feed whole, and the next export cleans up") {
  TempDir dir;
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), testing::Info(1, "", true),
                        FromRecords({MakeCourse(1)}))
              .ok());
  std::string before = ReadFile(dir / "feed.json");

  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Writes records slowly and never finishes on its own.
    RecordProducer slow = [](const Emit& emit) -> Status {
      for (int64_t i = 0;; ++i) {
        CECAT_RETURN_IF_ERROR(emit(MakeCourse(i)));
        if (i % 1000 == 999) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    };
    Status st = WriteSnapshot(dir.path(), SchemaFile(), testing::Info(2, "", true), slow);
    _exit(st.ok() ? 0 : 1);
  }
  // Kill it once it has written well past the first buffer to its temporary file.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool writing = false;
  while (!writing && std::chrono::steady_clock::now() < deadline) {
    for (const auto& name : TempLitter(dir.path())) {
      std::error_code ec;
      if (std::filesystem::file_size(dir / name, ec) > (4u << 20)) writing = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(child, SIGKILL);
  int wstatus = 0;
  REQUIRE(waitpid(child, &wstatus, 0) == child);
  REQUIRE(writing);
  CHECK(WIFSIGNALED(wstatus));

  CHECK(ReadFile(dir / "feed.json") == before);
  CHECK_FALSE(TempLitter(dir.path()).empty());  // what the killed export left

  REQUIRE(
      WriteSnapshot(dir.path(), SchemaFile(), testing::Info(3), FromRecords({MakeCourse(5)})).ok());
  CHECK(testing::ParseFile(dir / "feed.json")["cursor"] == 3);
  CHECK(TempLitter(dir.path()).empty());
  testing::CheckFeedsValidate({dir / "feed.json"});
}

TEST_CASE("Temporary files of a live export are not removed by another") {
  TempDir dir;
  // A name with this process's pid belongs to a writer that is alive.
  std::string live = ".feed-tmp-" + std::to_string(getpid()) + "-0-feed.json";
  WriteFile(dir / live, "partial");
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), {}, FromRecords({})).ok());
  CHECK(std::filesystem::exists(dir / live));
}

long PeakRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// The issue's "memory must not grow with the number of records": 200,000 courses
// (about 300 MB of JSON) must not raise the peak RSS by more than a few buffers.
TEST_CASE("Exporting 200,000 records keeps memory flat") {
  TempDir dir;
  // Resets the peak RSS counter (Linux /proc/PID/clear_refs, value 5).
  {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
  }
  long before = PeakRssKb();
  REQUIRE(before > 0);
  constexpr int64_t kCount = 200000;
  // One template record with a new id each time: the producer's own allocations stay
  // out of the measurement, and the writer still serialises every record in full.
  RecordProducer produce = [](const Emit& emit) -> Status {
    Json course = MakeCourse(0);
    for (int64_t i = 0; i < kCount; ++i) {
      course["id"] = "c-" + testing::Hex16(static_cast<uint64_t>(i));
      CECAT_RETURN_IF_ERROR(emit(course));
    }
    for (int64_t i = 0; i < 1000; ++i) CECAT_RETURN_IF_ERROR(emit(MakeReview(i)));
    return Status::Ok();
  };
  SnapshotStats stats;
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), testing::Info(1), produce, &stats).ok());
  long growth_kb = PeakRssKb() - before;
  CAPTURE(stats.bytes, growth_kb);
  CHECK(stats.courses == kCount);
  CHECK(stats.bytes > 200'000'000);
  CHECK(growth_kb < 16 * 1024);
}

}  // namespace
// The schema beside the feed is rewritten only when it differs from the one there.
TEST_CASE("An export leaves an identical feed.schema.json alone and mends a changed one") {
  TempDir dir;
  FakeIndex index = SmallIndex();
  SnapshotInfo info = testing::InfoWithSources(index.cursor(), "2026-02-01T02:00:00Z");
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), info, index.Records(), nullptr).ok());
  const std::filesystem::path schema = dir / "feed.schema.json";
  const std::string text = ReadFile(schema);
  auto inode = [&] {
    struct stat st {};
    REQUIRE(::stat(schema.c_str(), &st) == 0);
    return st.st_ino;
  };
  const auto first = inode();
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), info, index.Records(), nullptr).ok());
  CHECK(inode() == first);
  WriteFile(schema, text + " ");
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), info, index.Records(), nullptr).ok());
  CHECK(ReadFile(schema) == text);
  std::filesystem::remove(schema);
  REQUIRE(WriteSnapshot(dir.path(), SchemaFile(), info, index.Records(), nullptr).ok());
  CHECK(ReadFile(schema) == text);
  CHECK(TempLitter(dir.path()).empty());
}

}  // namespace cecat::feed
