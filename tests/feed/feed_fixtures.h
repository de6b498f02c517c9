// Fixtures for the feed tests: realistic generated records, a small in-memory stand-in
// for the index's side of the feed API (records with a change log and a cursor), and
// the real JSON Schema validator (ajv) run on exported files.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/record.h"
#include "feed/feed.h"
#include "tests/support/test_support.h"

extern char** environ;

namespace cecat::feed::testing {

inline std::string Hex16(uint64_t n) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(n));
  return buf;
}

// A course with every field filled, about 1 KB serialised, as the normaliser makes.
inline Json MakeCourse(int64_t n) {
  static const char* const kFormats[] = {"on_demand", "live_online", "in_person", "hybrid"};
  static const char* const kTopics[] = {"ethics",     "trauma",       "cbt", "suicide-prevention",
                                        "telehealth", "substance-use"};
  Json c = {
      {"id", "c-" + Hex16(0x1000000000ull + static_cast<uint64_t>(n) * 7919)},
      {"type", "course"},
      {"url", "https://ce.example.org/courses/" + std::to_string(n) + "?utm=none"},
      {"sources", {"acme-ce"}},
      {"first_seen", "2026-01-02T03:04:05Z"},
      {"updated_at", "2026-01-15T02:00:00Z"},
      {"status", "active"},
      {"title", "Law and Ethics for California Clinicians, part " + std::to_string(n)},
      {"provider", {{"id", "p-00000000000000a1"}, {"name", "Acme Continuing Education"}}},
      {"description",
       "A six-hour review of the law and ethics requirements for LMFTs, LCSWs and LPCCs: "
       "confidentiality and its limits, mandated reporting, duty to protect, telehealth "
       "across state lines, record keeping, and the boundaries that keep clients safe. "
       "Includes case vignettes and a post-test; certificates are issued on completion."},
      {"presenters", {"Dana Rivera, PhD", "Sam Okafor, LCSW"}},
      {"ce_hours", 6},
      {"ce_hours_by_audience", {{"psychologist", 6}, {"counselor", 5.5}}},
      {"credit_note", "6 CE hours for psychologists; 5.5 contact hours for counselors"},
      {"approvals",
       {{{"body", "APA"}, {"number", nullptr}},
        {{"body", "ASWB-ACE"},
         {"number", "1234"},
         {"valid_from", "2024-03-09"},
         {"valid_until", "2027-03-09"}},
        {{"body", "CA-BOARD"}, {"number", "PCE 5678"}}}},
      {"audiences", {"psychologist", "counselor", "social_worker", "mft"}},
      {"format", kFormats[n % 4]},
      {"start_date", "2026-04-0" + std::to_string(1 + n % 9)},
      {"end_date", "2026-04-10T17:00:00Z"},
      {"location", {{"city", "Sacramento"}, {"state", "CA"}, {"country", "US"}}},
      {"price",
       {{"amount", 89.5 + static_cast<double>(n % 50)}, {"currency", "USD"}, {"free", false}}},
      {"topics", {kTopics[n % 6], "law-and-ethics"}},
      {"rating", {{"average", 4.5}, {"count", 12 + n % 100}}},
  };
  return c;
}

inline Json MakeProvider(int64_t n) {
  return {{"id", "p-" + Hex16(0x2000000000ull + static_cast<uint64_t>(n))},
          {"type", "provider"},
          {"url", "https://provider" + std::to_string(n) + ".example.com/"},
          {"sources", {"acme-ce", "aswb-directory"}},
          {"first_seen", "2026-01-02T03:04:05Z"},
          {"updated_at", "2026-01-15T02:00:00Z"},
          {"status", "active"},
          {"name", "Provider " + std::to_string(n)},
          {"approvals",
           {{{"body", "NBCC"}, {"number", "6999"}, {"scope", {"counselor"}}},
            {{"body", "NY-SW"}, {"number", "SW-0123"}, {"valid_until", "2027-12-31"}}}},
          {"rating", {{"average", 3.9}, {"count", 40}}}};
}

inline Json MakeScholarship(int64_t n) {
  return {{"id", "s-" + Hex16(0x3000000000ull + static_cast<uint64_t>(n))},
          {"type", "scholarship"},
          {"url", "https://foundation.example.org/fellowships/" + std::to_string(n)},
          {"sources", {"grants"}},
          {"first_seen", "2026-01-02T03:04:05Z"},
          {"updated_at", "2026-01-15T02:00:00Z"},
          {"status", "active"},
          {"name", "Minority Fellowship Program " + std::to_string(n)},
          {"sponsor", "Example Foundation"},
          {"amount_min", 15000},
          {"amount_max", 20000},
          {"currency", "USD"},
          {"deadline", n % 2 ? "rolling" : "2026-06-30"},
          {"disciplines", {"counseling", "addiction"}},
          {"degree_levels", {"masters", "doctoral"}},
          {"eligibility", "US citizens enrolled full-time in an accredited master's program."},
          {"open", true},
          {"apply_url", "https://foundation.example.org/apply"}};
}

inline Json MakeReview(int64_t n) {
  return {{"id", "r-" + Hex16(0x4000000000ull + static_cast<uint64_t>(n))},
          {"type", "review"},
          {"url", "https://ce.example.org/courses/1#review-" + std::to_string(n)},
          {"sources", {"acme-ce"}},
          {"first_seen", "2026-01-02T03:04:05Z"},
          {"updated_at", "2026-01-15T02:00:00Z"},
          {"status", "active"},
          {"target", "c-" + Hex16(0x1000000000ull)},
          {"rating", 4.5},
          {"title", "Practical"},
          {"text", "Clear, practical, and the post-test was fair."},
          {"author", "J. M."},
          {"date", "2026-01-20"}};
}

// The index's side of the feed API, in memory: the current records and a log of
// changes, each with the cursor it got. Emits records sorted by type NAME then id
// (course, provider, review, scholarship), as `ORDER BY type, id` in SQLite would, so
// the writer's routing into the feed's own array order is exercised.
class FakeIndex {
 public:
  void Upsert(Json record) {
    ++cursor_;
    record["updated_at"] = Stamp();
    std::string key = Key(record);
    records_[key] = record;
    log_.push_back({{"cursor", cursor_},
                    {"op", "upsert"},
                    {"type", record["type"]},
                    {"id", record["id"]},
                    {"record", record}});
  }
  void SetStatus(const std::string& type, const std::string& id, const std::string& status) {
    Json record = records_.at(type + "|" + id);
    record["status"] = status;
    if (status == "removed") {
      ++cursor_;
      records_[type + "|" + id] = record;
      log_.push_back({{"cursor", cursor_}, {"op", "delete"}, {"type", type}, {"id", id}});
    } else {
      Upsert(record);
    }
  }
  int64_t cursor() const { return cursor_; }

  RecordProducer Records() const {
    return [this](const Emit& emit) -> Status {
      for (const auto& [key, record] : records_) CECAT_RETURN_IF_ERROR(emit(record));
      return Status::Ok();
    };
  }
  ChangeProducer ChangesSince(int64_t since) const {
    return [this, since](const Emit& emit) -> Status {
      for (const Json& change : log_) {
        if (change["cursor"].get<int64_t>() > since) CECAT_RETURN_IF_ERROR(emit(change));
      }
      return Status::Ok();
    };
  }

 private:
  static std::string Key(const Json& record) {
    return record["type"].get<std::string>() + "|" + record["id"].get<std::string>();
  }
  std::string Stamp() const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "2026-03-01T00:%02d:%02dZ", static_cast<int>(cursor_ / 60 % 60),
                  static_cast<int>(cursor_ % 60));
    return buf;
  }
  std::map<std::string, Json> records_;  // "type|id", so sorted by type name then id
  std::vector<Json> log_;
  int64_t cursor_ = 0;
};

// SnapshotInfo without designated initialisers (which -Wextra flags when a member
// is left out).
inline SnapshotInfo Info(int64_t cursor, std::string generated_at = "", bool gzip = false) {
  SnapshotInfo info;
  info.cursor = cursor;
  info.generated_at = std::move(generated_at);
  info.gzip = gzip;
  return info;
}

// Configured sources as a refresh lists them, deliberately out of id order: one
// that has succeeded, one named but never successful, one with neither name nor
// success.
inline std::vector<FeedSource> SomeSources() {
  std::vector<FeedSource> sources(3);
  sources[0].id = "grants";
  sources[0].name = "Example Foundation grants";
  sources[1].id = "acme-ce";
  sources[1].name = "Acme Continuing Education";
  sources[1].last_success = 1769911200;  // 2026-02-01T02:00:00Z
  sources[2].id = "aswb-directory";
  return sources;
}

inline SnapshotInfo InfoWithSources(int64_t cursor, std::string generated_at = "") {
  SnapshotInfo info = Info(cursor, std::move(generated_at));
  info.sources = SomeSources();
  return info;
}

inline Json ParseFile(const std::filesystem::path& file) {
  return Json::parse(cecat::testing::ReadFile(file));
}

inline std::filesystem::path SchemaFile() {
  return cecat::testing::SourceDir() / "schema" / "feed.schema.json";
}

struct AjvResult {
  int exit_code = -1;
  std::string output;
};

// Runs the real validator: ajv-cli (draft 2020-12, strict mode, ajv-formats) on
// `data_files` against `schema`, with `refs` as extra schemas. Fails the test when
// the validator is not installed: the schema is part of the contract and must be
// checked, never skipped.
inline AjvResult RunAjv(const std::filesystem::path& schema,
                        const std::vector<std::filesystem::path>& data_files,
                        const std::vector<std::filesystem::path>& refs = {}) {
  std::filesystem::path ajv =
      cecat::testing::SourceDir() / "tests" / "node_modules" / ".bin" / "ajv";
  if (!std::filesystem::exists(ajv)) {
    FAIL("the JSON Schema validator is missing (" << ajv.string()
                                                  << "): run scripts/setup.sh --test");
  }
  std::vector<std::string> args = {ajv.string(),    "validate",     "--spec=draft2020",
                                   "--strict=true", "--all-errors", "-c",
                                   "ajv-formats",   "-s",           schema.string()};
  for (const auto& ref : refs) {
    args.push_back("-r");
    args.push_back(ref.string());
  }
  for (const auto& data : data_files) {
    args.push_back("-d");
    args.push_back(data.string());
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  cecat::testing::TempDir out_dir;
  std::filesystem::path out_file = out_dir / "ajv.out";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  int wstatus = 0;
  REQUIRE(waitpid(pid, &wstatus, 0) == pid);
  AjvResult result;
  result.exit_code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
  result.output = cecat::testing::ReadFile(out_file);
  return result;
}

// ajv prints "<file> valid" or "<file> invalid" for each data file.
inline bool AjvSaysValid(const std::string& output, const std::filesystem::path& file) {
  return output.find(file.string() + " valid") != std::string::npos;
}

// Every feed the tests export must validate against the schema (issue 7): one
// validator run for all of `feeds`.
inline void CheckFeedsValidate(const std::vector<std::filesystem::path>& feeds) {
  AjvResult result = RunAjv(SchemaFile(), feeds);
  INFO(result.output);
  CHECK(result.exit_code == 0);
  for (const auto& feed : feeds) {
    INFO(feed.string());
    CHECK(AjvSaysValid(result.output, feed));
  }
}

}  // namespace cecat::feed::testing
