// SPEC.md "Lifecycle": failed crawls change nothing; stale after one successful
// crawl without the record; removed after three; the half-count guard; every
// change bumps the cursor and nothing else does.
#include <catch2/catch.hpp>

#include <map>
#include <optional>

#include <sqlite3.h>

#include "index/index.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

using cecat::Json;
using cecat::Record;
using cecat::index::Index;
using cecat::index::SourceOutcome;
using namespace cecat::index::testing;

namespace {

std::unique_ptr<Index> OpenIndex(const cecat::testing::TempDir& dir) {
  auto index = Index::Open(dir / "cecat.db");
  REQUIRE(index.ok());
  return std::move(*index);
}

std::string StatusOf(Index& index, const std::string& id) {
  auto shown = index.Show(id);
  REQUIRE(shown.ok());
  if (!shown->has_value()) return "unknown";
  return (**shown)["status"].get<std::string>();
}

int64_t CursorOf(Index& index) {
  auto c = index.Cursor();
  REQUIRE(c.ok());
  return *c;
}

std::vector<Record> Courses(int n, const std::string& prefix = "c") {
  std::vector<Record> out;
  for (int i = 0; i < n; ++i)
    out.push_back(Course(prefix + std::to_string(i), "Course " + std::to_string(i)));
  return out;
}

}  // namespace

TEST_CASE("First crawl adds, a repeat changes nothing and does not bump the cursor") {
  cecat::testing::TempDir dir;
  auto index = OpenIndex(dir);
  auto stats = index->ApplySource(Outcome("acme", Courses(3)), 100);
  REQUIRE(stats.ok());
  CHECK(stats->added == 3);
  CHECK(stats->updated == 0);
  int64_t cursor = CursorOf(*index);
  CHECK(cursor == 3);

  stats = index->ApplySource(Outcome("acme", Courses(3)), 200);
  REQUIRE(stats.ok());
  CHECK(stats->added == 0);
  CHECK(stats->unchanged == 3);
  CHECK(CursorOf(*index) == cursor);

  auto changed = Courses(3);
  changed[1].fields["ce_hours"] = 3;
  stats = index->ApplySource(Outcome("acme", changed), 300);
  REQUIRE(stats.ok());
  CHECK(stats->updated == 1);
  CHECK(stats->unchanged == 2);
  CHECK(CursorOf(*index) == cursor + 1);

  auto shown = index->Show(changed[1].id);
  REQUIRE(shown.ok());
  REQUIRE(shown->has_value());
  const Json& rec = **shown;
  CHECK(rec["first_seen"] == "1970-01-01T00:01:40Z");
  CHECK(rec["last_seen"] == "1970-01-01T00:05:00Z");
  CHECK(rec["updated_at"] == "1970-01-01T00:05:00Z");
  CHECK(rec["ce_hours"] == 3);
  CHECK(rec["sources"] == Json::array({"acme"}));
  CHECK(rec["provenance"]["title"]["producer"] == "jsonld:name");
  CHECK(rec["provenance"]["title"]["source"] == "acme");
  CHECK(rec["provenance"]["title"]["page"] == changed[1].url);
}

TEST_CASE("A failed crawl changes none of the source's records") {
  cecat::testing::TempDir dir;
  auto index = OpenIndex(dir);
  REQUIRE(index->ApplySource(Outcome("acme", Courses(4)), 100).ok());
  int64_t cursor = CursorOf(*index);
  SourceOutcome failed = Outcome("acme", {});
  failed.crawl_ok = false;
  failed.error = "connection refused";
  for (int i = 0; i < 5; ++i) {
    auto stats = index->ApplySource(failed, 200 + i);
    REQUIRE(stats.ok());
    CHECK(stats->stale == 0);
    CHECK(stats->removed == 0);
  }
  CHECK(CursorOf(*index) == cursor);
  for (const auto& c : Courses(4)) CHECK(StatusOf(*index, c.id) == "active");
  auto state = index->GetSourceState("acme");
  REQUIRE(state.ok());
  REQUIRE(state->has_value());
  CHECK((*state)->last_error == "connection refused");
  CHECK((*state)->last_success == 100);
  CHECK((*state)->last_attempt == 204);
  CHECK((*state)->active_records == 4);
}

TEST_CASE("Missing once makes stale, three times in a row removes, seen again revives") {
  cecat::testing::TempDir dir;
  auto index = OpenIndex(dir);
  auto all = Courses(4);
  REQUIRE(index->ApplySource(Outcome("acme", all), 100).ok());
  std::vector<Record> three(all.begin(), all.begin() + 3);
  const std::string gone = all[3].id;

  auto stats = index->ApplySource(Outcome("acme", three), 200);
  REQUIRE(stats.ok());
  CHECK(stats->stale == 1);
  CHECK(StatusOf(*index, gone) == "stale");
  stats = index->ApplySource(Outcome("acme", three), 300);
  REQUIRE(stats.ok());
  CHECK(stats->stale == 0);  // already stale
  CHECK(StatusOf(*index, gone) == "stale");

  SECTION("seen again before the third miss: active again") {
    stats = index->ApplySource(Outcome("acme", all), 400);
    REQUIRE(stats.ok());
    CHECK(stats->updated == 1);
    CHECK(StatusOf(*index, gone) == "active");
    // The miss count restarted: two more misses only make it stale.
    REQUIRE(index->ApplySource(Outcome("acme", three), 500).ok());
    REQUIRE(index->ApplySource(Outcome("acme", three), 600).ok());
    CHECK(StatusOf(*index, gone) == "stale");
  }
  SECTION("third miss: removed, and a failed crawl in between does not count") {
    SourceOutcome failed = Outcome("acme", {});
    failed.crawl_ok = false;
    REQUIRE(index->ApplySource(failed, 350).ok());
    CHECK(StatusOf(*index, gone) == "stale");
    stats = index->ApplySource(Outcome("acme", three), 400);
    REQUIRE(stats.ok());
    CHECK(stats->removed == 1);
    CHECK(StatusOf(*index, gone) == "removed");
    int n = 0;
    REQUIRE(index
                ->ForEachRecord([&](const Json& r) {
                  CHECK(r["id"] != gone);
                  ++n;
                  return cecat::Status::Ok();
                })
                .ok());
    CHECK(n == 3);
    // Seen again after removal: back as active, counted as added.
    stats = index->ApplySource(Outcome("acme", all), 500);
    REQUIRE(stats.ok());
    CHECK(stats->added == 1);
    CHECK(StatusOf(*index, gone) == "active");
  }
}

TEST_CASE("A crawl yielding under half the previous count stales nothing") {
  cecat::testing::TempDir dir;
  auto index = OpenIndex(dir);
  auto all = Courses(10);
  REQUIRE(index->ApplySource(Outcome("acme", all), 100).ok());
  std::vector<Record> four(all.begin(), all.begin() + 4);
  auto stats = index->ApplySource(Outcome("acme", four), 200);
  REQUIRE(stats.ok());
  CHECK(stats->suspicious);
  CHECK(stats->stale == 0);
  for (const auto& c : all) CHECK(StatusOf(*index, c.id) == "active");
  // Exactly half is not suspicious.
  std::vector<Record> five(all.begin(), all.begin() + 5);
  stats = index->ApplySource(Outcome("acme", five), 300);
  REQUIRE(stats.ok());
  CHECK_FALSE(stats->suspicious);
  CHECK(stats->stale == 5);
  // Suspicious still upserts what it found.
  auto fewer = std::vector<Record>(all.begin(), all.begin() + 1);
  fewer[0].fields["title"] = "Renamed";
  stats = index->ApplySource(Outcome("acme", fewer), 400);
  REQUIRE(stats.ok());
  CHECK(stats->suspicious);
  CHECK(stats->updated == 1);
}

TEST_CASE("Records on a page that answered 304 count as seen") {
  cecat::testing::TempDir dir;
  auto index = OpenIndex(dir);
  auto all = Courses(4);
  SourceOutcome first = Outcome("acme", all);
  for (int i = 0; i < 4; ++i)
    first.pages[all[i].id] = i < 2 ? "https://ce.example/list1" : "https://ce.example/list2";
  REQUIRE(index->ApplySource(first, 100).ok());
  // list2 answered 304: its records are not re-parsed but are still there.
  SourceOutcome second = Outcome("acme", {all[0], all[1]});
  for (int i = 0; i < 2; ++i) second.pages[all[i].id] = "https://ce.example/list1";
  second.unchanged_pages = {"https://ce.example/list2"};
  auto stats = index->ApplySource(second, 200);
  REQUIRE(stats.ok());
  CHECK(stats->stale == 0);
  CHECK(stats->unchanged == 4);
  for (const auto& c : all) CHECK(StatusOf(*index, c.id) == "active");
  // A 304 moves the membership's sighting, not the record's row (issue 25): show,
  // its lifecycle and search all read the latest sighting.
  auto shown = index->Show(all[3].id);
  CHECK((**shown)["last_seen"] == "1970-01-01T00:03:20Z");
  CHECK((**shown)["lifecycle"]["last_seen"] == "1970-01-01T00:03:20Z");
  CHECK((**shown)["first_seen"] == "1970-01-01T00:01:40Z");
  cecat::index::SearchQuery query;
  query.text = all[3].fields.value("title", "");
  auto found = index->Search(query);
  REQUIRE(found.ok());
  REQUIRE_FALSE(found->results.empty());
  for (const Json& r : found->results)
    if (r["id"] == all[3].id) CHECK(r["last_seen"] == "1970-01-01T00:03:20Z");
  cecat::index::SearchQuery by_sql;
  by_sql.limit = 10;
  auto listed = index->Search(by_sql);
  REQUIRE(listed.ok());
  CHECK(listed->results.size() == 4);
  for (const Json& r : listed->results) CHECK(r["last_seen"] == "1970-01-01T00:03:20Z");
}

// Source health counts a crawl's courses by field: those on a 304 page are read
// back from their rows (health_fields), and must count as when they were parsed.
TEST_CASE("A 304 page's records count toward source health as when they were parsed") {
  cecat::testing::TempDir dir;
  const auto file = dir / "cecat.db";
  std::vector<Record> records = {
      Course("full", "Full",
             {{"ce_hours", 2},
              {"price", {{"amount", 20}}},
              {"format", "online"},
              {"start_date", "2027-01-05"},
              {"approvals", Json::array({{{"body", "APA"}}})},
              {"provider", {{"name", "Acme"}}},
              {"audiences", Json::array({"psychologist"})}}),
      // Present but empty or null: a null is no value, an empty list no approval.
      Course("empty", "Empty",
             {{"price", nullptr},
              {"start_date", nullptr},
              {"approvals", Json::array()},
              {"audiences", Json::object()},
              {"provider", ""}}),
      Course("bare", "Bare", {{"price", {{"free", true}}}})};
  Record provider;
  provider.type = cecat::RecordType::kProvider;
  provider.url = "https://ce.example/about";
  provider.id = cecat::MakeRecordId(provider.type, provider.url);
  provider.fields = {{"name", "Acme"}};
  records.push_back(provider);
  SourceOutcome first = Outcome("acme", records);
  for (const Record& r : records) first.pages[r.id] = "https://ce.example/list";
  cecat::index::SeenRecords parsed;
  {
    auto index = Index::Open(file);
    REQUIRE(index.ok());
    auto stats = (*index)->ApplySource(first, 100);
    REQUIRE(stats.ok());
    parsed = stats->seen;
  }
  CHECK(parsed.courses == 3);
  CHECK(parsed.by_type == std::map<std::string, int64_t>{{"course", 3}, {"provider", 1}});
  CHECK(parsed.course_fields == std::map<std::string, int64_t>{{"title", 3},
                                                               {"ce_hours", 1},
                                                               {"price", 2},
                                                               {"format", 1},
                                                               {"start_date", 1},
                                                               {"approvals", 1},
                                                               {"provider", 2},
                                                               {"audiences", 1}});
  SourceOutcome again = Outcome("acme", {});
  again.unchanged_pages = {"https://ce.example/list"};
  auto recount = [&](int64_t now) {
    auto index = Index::Open(file);
    REQUIRE(index.ok());
    auto stats = (*index)->ApplySource(again, now);
    REQUIRE(stats.ok());
    CHECK(stats->unchanged == 4);
    CHECK(stats->seen.by_type == parsed.by_type);
    CHECK(stats->seen.courses == parsed.courses);
    CHECK(stats->seen.course_fields == parsed.course_fields);
  };
  recount(200);
  SECTION("also in a file from before the rows held them (schema 11), once upgraded") {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "ALTER TABLE records DROP COLUMN health_fields; PRAGMA user_version = 11",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    recount(300);
  }
}

TEST_CASE("A record shared by two sources is stale only when neither has it active") {
  cecat::testing::TempDir dir;
  auto index = OpenIndex(dir);
  auto shared = Course("shared", "Shared");
  auto a_only = Course("a1", "A only");
  auto b_only = Course("b1", "B only");
  REQUIRE(index->ApplySource(Outcome("a", {shared, a_only}), 100).ok());
  REQUIRE(index->ApplySource(Outcome("b", {shared, b_only}), 100).ok());
  CHECK((**index->Show(shared.id))["sources"] == Json::array({"a", "b"}));
  auto stats = index->ApplySource(Outcome("a", {a_only}), 200);
  REQUIRE(stats.ok());
  CHECK(stats->stale == 1);  // a's membership
  CHECK(StatusOf(*index, shared.id) == "active");
  REQUIRE(index->ApplySource(Outcome("b", {b_only}), 200).ok());
  CHECK(StatusOf(*index, shared.id) == "stale");
  // Three misses from each source: removed and gone from the sources list.
  for (int t = 3; t <= 4; ++t) {
    REQUIRE(index->ApplySource(Outcome("a", {a_only}), t * 100).ok());
    REQUIRE(index->ApplySource(Outcome("b", {b_only}), t * 100).ok());
  }
  CHECK(StatusOf(*index, shared.id) == "removed");
  CHECK((**index->Show(shared.id))["sources"] == Json::array());
}

TEST_CASE("Replaying the changes after a cursor reproduces the current snapshot") {
  cecat::testing::TempDir dir;
  auto index = OpenIndex(dir);
  auto snapshot = [&] {
    std::map<std::string, Json> snap;
    REQUIRE(index
                ->ForEachRecord([&](const Json& r) {
                  snap[r["id"].get<std::string>()] = r;
                  return cecat::Status::Ok();
                })
                .ok());
    return snap;
  };
  auto all = Courses(6);
  REQUIRE(index->ApplySource(Outcome("acme", all), 100).ok());
  std::vector<int64_t> cursors = {0, CursorOf(*index)};
  std::vector<std::map<std::string, Json>> snaps = {{}, snapshot()};
  // A sequence of edits, drops, revivals and removals.
  std::vector<std::vector<Record>> crawls;
  auto edited = all;
  edited[0].fields["title"] = "Edited";
  crawls.push_back({edited.begin(), edited.begin() + 5});
  crawls.push_back({edited.begin() + 1, edited.begin() + 5});
  crawls.push_back({edited.begin() + 2, edited.end()});
  crawls.push_back({edited.begin() + 2, edited.end()});
  crawls.push_back({edited.begin() + 2, edited.end()});
  int64_t t = 200;
  for (const auto& crawl : crawls) {
    REQUIRE(index->ApplySource(Outcome("acme", crawl), t += 100).ok());
    cursors.push_back(CursorOf(*index));
    snaps.push_back(snapshot());
  }
  for (size_t from = 0; from < cursors.size(); ++from) {
    CAPTURE(from, cursors[from]);
    auto replay = snaps[from];
    int64_t last = cursors[from];
    REQUIRE(index
                ->ForEachChange(cursors[from],
                                [&](const Json& c) {
                                  CHECK(c["cursor"].get<int64_t>() > last);
                                  last = c["cursor"].get<int64_t>();
                                  if (c["op"] == "delete") {
                                    CHECK_FALSE(c.contains("record"));
                                    replay.erase(c["id"].get<std::string>());
                                  } else {
                                    replay[c["id"].get<std::string>()] = c["record"];
                                  }
                                  return cecat::Status::Ok();
                                })
                .ok());
    // Exactly: feed records carry no last_seen, the one field that moves without a
    // change (SPEC "Feed").
    CHECK(replay == snaps.back());
  }
}

// SPEC "Feed": last_seen stays in the index and `cecat show`, not in the feed. It
// moves on every sighting without a cursor bump, so a feed record holding it would
// differ from the same record replayed from the change stream.
TEST_CASE("Feed records and changes leave last_seen out, show and search keep it") {
  cecat::testing::TempDir dir;
  auto index = OpenIndex(dir);
  auto courses = Courses(2);
  REQUIRE(index->ApplySource(Outcome("acme", courses), 100).ok());
  REQUIRE(index->ApplySource(Outcome("acme", courses), 200).ok());  // seen again, unchanged

  int records = 0;
  REQUIRE(index
              ->ForEachRecord([&](const Json& r) {
                INFO(r.dump());
                ++records;
                CHECK_FALSE(r.contains("last_seen"));
                CHECK(r["first_seen"] == "1970-01-01T00:01:40Z");
                CHECK(r["updated_at"] == "1970-01-01T00:01:40Z");
                return cecat::Status::Ok();
              })
              .ok());
  CHECK(records == 2);
  int changes = 0;
  REQUIRE(index
              ->ForEachChange(0,
                              [&](const Json& c) {
                                INFO(c.dump());
                                ++changes;
                                REQUIRE(c.contains("record"));
                                CHECK_FALSE(c["record"].contains("last_seen"));
                                CHECK_FALSE(c.contains("last_seen"));
                                return cecat::Status::Ok();
                              })
              .ok());
  CHECK(changes == 2);

  auto shown = index->Show(courses[0].id);
  REQUIRE(shown.ok());
  REQUIRE(shown->has_value());
  const Json& rec = **shown;
  CHECK(rec["last_seen"] == "1970-01-01T00:03:20Z");
  CHECK(rec["lifecycle"]["last_seen"] == "1970-01-01T00:03:20Z");
  CHECK(rec["memberships"][0]["last_seen"] == "1970-01-01T00:03:20Z");

  cecat::index::SearchQuery query;
  query.text = "Course";
  auto found = index->Search(query);
  REQUIRE(found.ok());
  REQUIRE(found->results.size() == 2);
  for (const Json& r : found->results) CHECK(r["last_seen"] == "1970-01-01T00:03:20Z");
}

// Issue 17: a response stays pending (its records not yet in the index) until the
// run that stored it applies its source (or a reparse replays it), so the crawler never revalidates
// a copy whose records were lost with a killed, interrupted or failed run.
TEST_CASE("A response is pending until its own run's successful apply or a reparse of it") {
  cecat::testing::TempDir dir;
  auto index = OpenIndex(dir);
  auto put = [&](const std::string& url, const std::string& source, std::optional<int64_t> run) {
    cecat::index::StoredResponse r;
    r.source_id = source;
    r.url = r.final_url = url;
    r.status = 200;
    r.etag = "\"v1\"";
    r.body = "<html></html>";
    r.fetched_at = 100;
    r.pending_run = run;
    REQUIRE(index->PutResponse(r).ok());
  };
  auto pending = [&](const std::string& url) {
    auto got = index->GetResponse(url, /*with_body=*/false);
    REQUIRE(got.ok());
    REQUIRE(got->has_value());
    return (*got)->pending_run;
  };
  put("https://ce.example/killed", "acme", 7);  // run 7 died before its apply
  put("https://ce.example/a", "acme", 8);
  put("https://ce.example/other", "other", 8);
  put("https://ce.example/old", "acme", std::nullopt);
  CHECK(pending("https://ce.example/killed") == 7);

  SourceOutcome failed = Outcome("acme", {});
  failed.crawl_ok = false;
  failed.run_id = 8;
  REQUIRE(index->ApplySource(failed, 200).ok());
  CHECK(pending("https://ce.example/a") == 8);  // a failed crawl applied nothing

  SourceOutcome applied = Outcome("acme", Courses(1));
  applied.run_id = 8;
  REQUIRE(index->ApplySource(applied, 300).ok());
  CHECK(pending("https://ce.example/a") == std::nullopt);
  CHECK(pending("https://ce.example/killed") == 7);  // not this run's: still pending
  CHECK(pending("https://ce.example/other") == 8);   // not this source's
  CHECK(pending("https://ce.example/old") == std::nullopt);
  // A touch (304) keeps the state.
  REQUIRE(index->TouchResponse("https://ce.example/killed", 400).ok());
  CHECK(pending("https://ce.example/killed") == 7);

  // A reparse replays the stored responses in the source's crawl: those are applied
  // now; one out of the crawl stays pending.
  put("https://ce.example/unlinked", "acme", 7);
  REQUIRE(index
              ->RecordCrawlPages("acme", {"https://ce.example/killed", "https://ce.example/a",
                                          "https://ce.example/old"})
              .ok());
  SourceOutcome reparse = Outcome("acme", Courses(1));
  reparse.is_crawl = false;
  reparse.run_id = 9;
  REQUIRE(index->ApplySource(reparse, 500).ok());
  CHECK(pending("https://ce.example/killed") == std::nullopt);
  CHECK(pending("https://ce.example/unlinked") == 7);
  CHECK(pending("https://ce.example/other") == 8);
}
