#include <sqlite3.h>

#include <map>
#include <memory>

#include <catch2/catch.hpp>

#include "index/index.h"
#include "tests/support/test_support.h"

using cecat::index::Index;
using cecat::testing::TempDir;

namespace {
void SetUserVersion(const std::filesystem::path& file, int version) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
  std::string sql = "PRAGMA user_version = " + std::to_string(version);
  CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

// A page's 200 response as a crawl of source "acme" stores it.
cecat::index::StoredResponse Page(const std::string& url, const std::string& etag = "") {
  cecat::index::StoredResponse r;
  r.source_id = "acme";
  r.url = r.final_url = url;
  r.status = 200;
  r.etag = etag;
  r.body = "<html></html>";
  return r;
}

// The refresh's two connections to one file: the writer, and the crawl's
// read-only validator reader.
struct WriterAndReader {
  std::unique_ptr<Index> writer, reader;
};
WriterAndReader OpenWriterAndReader(const std::filesystem::path& file) {
  auto writer = Index::Open(file);
  REQUIRE(writer.ok());
  auto reader = Index::Open(file, /*read_only=*/true);
  REQUIRE(reader.ok());
  return {std::move(*writer), std::move(*reader)};
}
}  // namespace

TEST_CASE("Open creates a database at the current schema version, in WAL mode") {
  TempDir dir;
  auto index = Index::Open(dir / "cecat.db");
  REQUIRE(index.ok());
  auto cursor = (*index)->Cursor();
  REQUIRE(cursor.ok());
  CHECK(*cursor == 0);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir / "cecat.db").string().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "wal");
  sqlite3_finalize(st);
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == cecat::index::kSchemaVersion);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_CASE("Open refuses a database made by a newer cecat, naming both versions") {
  TempDir dir;
  { REQUIRE(Index::Open(dir / "new.db").ok()); }
  const int newer = cecat::index::kSchemaVersion + 1;
  SetUserVersion(dir / "new.db", newer);
  auto index = Index::Open(dir / "new.db");
  REQUIRE_FALSE(index.ok());
  CHECK(index.status().message() ==
        "database " + (dir / "new.db").string() + " has schema version " + std::to_string(newer) +
            ", this cecat supports up to " + std::to_string(cecat::index::kSchemaVersion) +
            "; upgrade cecat");
}

TEST_CASE("Open read-only refuses a missing file and never creates it") {
  TempDir dir;
  auto index = Index::Open(dir / "missing.db", /*read_only=*/true);
  REQUIRE_FALSE(index.ok());
  CHECK(index.status().code() == cecat::Status::Code::kNotFound);
  CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));
}

TEST_CASE("Open reports a file that is not a database") {
  TempDir dir;
  cecat::testing::WriteFile(dir / "junk.db", std::string(4096, 'x'));
  for (bool read_only : {false, true}) {
    CAPTURE(read_only);
    auto index = Index::Open(dir / "junk.db", read_only);
    REQUIRE_FALSE(index.ok());
    CHECK(index.status().message() == "database " + (dir / "junk.db").string() +
                                          " is not a cecat database: not an SQLite file");
  }
  CHECK(cecat::testing::ReadFile(dir / "junk.db") == std::string(4096, 'x'));
}

// Issue 18, item 7: SQLite reads /proc/version as an empty file (its size is 0),
// so it was taken for a new database that "needs an upgrade".
TEST_CASE("Open refuses a file the kernel reports as empty but that has content") {
  const std::filesystem::path file = "/proc/version";
  if (!std::filesystem::exists(file)) {
    WARN("no /proc/version; skipping");
    return;
  }
  for (bool read_only : {false, true}) {
    CAPTURE(read_only);
    auto index = Index::Open(file, read_only);
    REQUIRE_FALSE(index.ok());
    CHECK(index.status().message() ==
          "database /proc/version is not a cecat database: not an SQLite file");
  }
}

TEST_CASE("Open refuses an SQLite file of another program instead of migrating over it") {
  TempDir dir;
  const auto file = dir / "other.db";
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES('mine');",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  for (bool read_only : {false, true}) {
    CAPTURE(read_only);
    auto index = Index::Open(file, read_only);
    REQUIRE_FALSE(index.ok());
    CHECK(index.status().message() ==
          "database " + file.string() +
              " is not a cecat database: an SQLite file with tables of its own and no cecat "
              "schema version; cecat leaves it as it is");
  }
  // Untouched: no cecat table was added, the version is still 0.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT group_concat(name) FROM sqlite_master", -1, &st,
                             nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "notes");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_CASE("Open refuses an SQLite file with a schema version but no cecat tables") {
  TempDir dir;
  const auto file = dir / "other.db";
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE notes(body TEXT)", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_close(db);
  }
  SetUserVersion(file, 3);
  auto index = Index::Open(file);
  REQUIRE_FALSE(index.ok());
  CHECK(index.status().message() == "database " + file.string() +
                                        " is not a cecat database: schema version 3 but no "
                                        "cecat tables; cecat leaves it as it is");
}

TEST_CASE("Open makes an empty file, or an SQLite file with nothing in it, a new index") {
  TempDir dir;
  cecat::testing::WriteFile(dir / "empty.db", "");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "blank.db").string().c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA journal_mode=WAL; VACUUM", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_close(db);
  }
  for (const char* name : {"empty.db", "blank.db"}) {
    CAPTURE(name);
    SECTION(std::string("read-only: ") + name) {
      auto ro = Index::Open(dir / name, /*read_only=*/true);
      REQUIRE_FALSE(ro.ok());
      CHECK(ro.status().message() == "database " + (dir / name).string() +
                                         " is empty: not a cecat database yet (any refresh "
                                         "makes it one)");
    }
    SECTION(std::string("read-write: ") + name) {
      auto index = Index::Open(dir / name);
      REQUIRE(index.ok());
      CHECK(*(*index)->Cursor() == 0);
    }
  }
}

// The refresh's validator reader (refresh/engine.cc) reads without a memory map
// while the writer grows the file: it still sees every commit.
TEST_CASE("a reader without a memory map sees what a writer commits after it opened") {
  TempDir dir;
  WriterAndReader db = OpenWriterAndReader(dir / "cecat.db");
  Index* writer = db.writer.get();
  Index* reader = db.reader.get();
  REQUIRE(reader->DisableMmap().ok());
  for (int i = 0; i < 300; ++i) {
    cecat::index::StoredResponse r =
        Page("https://ce.example/p" + std::to_string(i), "\"e" + std::to_string(i) + "\"");
    r.body = "<p>" + std::string(4000, static_cast<char>('a' + i % 26)) + std::to_string(i);
    REQUIRE(writer->PutResponse(r).ok());
    auto got = reader->GetResponse(r.url, /*with_body=*/i % 50 == 0);
    REQUIRE(got.ok());
    REQUIRE(got->has_value());
    CHECK((*got)->etag == r.etag);
    if (i % 50 == 0) CHECK((*got)->body == r.body);
  }
}

TEST_CASE("a read snapshot sees what was committed before it, and the next one the rest") {
  TempDir dir;
  WriterAndReader db = OpenWriterAndReader(dir / "cecat.db");
  Index* writer = db.writer.get();
  Index* reader = db.reader.get();
  auto put = [&](const std::string& url, const std::string& etag) {
    REQUIRE(writer->PutResponse(Page(url, etag)).ok());
  };
  auto etag = [&](const std::string& url) -> std::string {
    auto got = reader->GetResponse(url, /*with_body=*/false);
    REQUIRE(got.ok());
    return got->has_value() ? (*got)->etag : "none";
  };
  put("https://ce.example/a", "\"a1\"");
  REQUIRE(reader->BeginReadSnapshot().ok());
  CHECK(etag("https://ce.example/a") == "\"a1\"");
  // Committed while the snapshot is held: not seen in it, and the writer is not
  // blocked.
  put("https://ce.example/a", "\"a2\"");
  put("https://ce.example/b", "\"b1\"");
  CHECK(etag("https://ce.example/a") == "\"a1\"");
  CHECK(etag("https://ce.example/b") == "none");
  REQUIRE(reader->EndReadSnapshot().ok());
  REQUIRE(reader->BeginReadSnapshot().ok());
  CHECK(etag("https://ce.example/a") == "\"a2\"");
  CHECK(etag("https://ce.example/b") == "\"b1\"");
  REQUIRE(reader->EndReadSnapshot().ok());
  // Without one, every lookup sees the latest commit.
  put("https://ce.example/b", "\"b2\"");
  CHECK(etag("https://ce.example/b") == "\"b2\"");
}

TEST_CASE("a body that arrived gzipped is stored as it arrived and reads back decoded") {
  TempDir dir;
  auto index = Index::Open(dir / "cecat.db");
  REQUIRE(index.ok());
  cecat::index::StoredResponse r;
  r.source_id = "acme";
  r.url = "https://ce.example/gz";
  r.final_url = r.url;
  r.status = 200;
  r.content_type = "text/html";
  r.body = "<html>" + std::string(5000, 'g') + "</html>";
  r.compressed_body = cecat::testing::Deflated(r.body);
  auto prepared = cecat::index::PrepareResponse(r);
  REQUIRE(prepared.ok());
  CHECK(prepared->packed == r.compressed_body);  // not compressed again
  CHECK(prepared->body_size == static_cast<int64_t>(r.body.size()));
  REQUIRE((*index)->PutResponse(r).ok());
  // Beside it, a body cecat compressed itself (zlib).
  cecat::index::StoredResponse z = r;
  z.url = "https://ce.example/z";
  z.body = "<html>zlib</html>";
  z.compressed_body.clear();
  REQUIRE((*index)->PutResponse(z).ok());
  auto got = (*index)->GetResponse(r.url);
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK((*got)->body == r.body);
  CHECK((*got)->compressed_body.empty());
  CHECK((*(*index)->GetResponse(z.url))->body == z.body);

  // A stored stream that does not inflate to the recorded size is named, not read.
  r.url = "https://ce.example/short";
  r.body = "<html>" + std::string(5000, 's') + "</html>";
  r.compressed_body = cecat::testing::Deflated(r.body.substr(0, 100));
  REQUIRE((*index)->PutResponse(r).ok());
  auto broken = (*index)->GetResponse(r.url);
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.status().message() == "stored body of https://ce.example/short does not decompress");
}

TEST_CASE("Responses round-trip with bodies stored once per content") {
  TempDir dir;
  auto index = Index::Open(dir / "cecat.db");
  REQUIRE(index.ok());
  cecat::index::StoredResponse r;
  r.source_id = "acme";
  r.url = "https://ce.example/a";
  r.final_url = "https://ce.example/a/";
  r.status = 200;
  r.content_type = "text/html";
  r.charset = "utf-8";
  r.etag = "\"x1\"";
  r.last_modified = "Tue, 24 Nov 2026 10:00:00 GMT";
  r.body = std::string("<html>caf\xc3\xa9</html>") + std::string(1, '\0') + "tail";
  r.links = {"https://ce.example/b", "https://ce.example/c"};
  r.fetched_at = 1000;
  REQUIRE((*index)->PutResponse(r).ok());
  auto b = r;
  b.url = "https://ce.example/b";
  REQUIRE((*index)->PutResponse(b).ok());

  auto got = (*index)->GetResponse(r.url);
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  const auto& g = **got;
  CHECK(g.body == r.body);
  CHECK(g.final_url == r.final_url);
  CHECK(g.etag == r.etag);
  CHECK(g.last_modified == r.last_modified);
  CHECK(g.links == r.links);
  CHECK(g.status == 200);
  CHECK(g.fetched_at == 1000);
  CHECK(g.pending_run == std::nullopt);

  REQUIRE((*index)->TouchResponse(r.url, 2000).ok());
  CHECK((*(*index)->GetResponse(r.url))->fetched_at == 2000);
  CHECK((*index)->TouchResponse("https://ce.example/never", 1).code() ==
        cecat::Status::Code::kNotFound);
  CHECK_FALSE((*(*index)->GetResponse("https://ce.example/never")).has_value());

  std::vector<std::string> urls;
  REQUIRE((*index)->ForEachResponse("acme", [&](const auto& s) { urls.push_back(s.url); }).ok());
  CHECK(urls == std::vector<std::string>{"https://ce.example/a", "https://ce.example/b"});

  // A stored page is in its source's crawl until a crawl no longer reaches it.
  CHECK((*(*index)->GetResponse(b.url, /*with_body=*/false))->in_crawl);
  REQUIRE((*index)->RecordCrawlPages("acme", {r.url, "https://ce.example/not-stored"}).ok());
  std::map<std::string, bool> in_crawl;
  REQUIRE(
      (*index)->ForEachResponse("acme", [&](const auto& s) { in_crawl[s.url] = s.in_crawl; }).ok());
  CHECK(in_crawl == std::map<std::string, bool>{{r.url, true}, {b.url, false}});
  CHECK_FALSE((*(*index)->GetResponse(b.url))->in_crawl);
  // Another source's crawl says nothing of acme's pages.
  REQUIRE((*index)->RecordCrawlPages("other", {}).ok());
  CHECK((*(*index)->GetResponse(r.url))->in_crawl);
  REQUIRE((*index)->RecordCrawlPages("acme", {r.url, b.url}).ok());
  CHECK((*(*index)->GetResponse(b.url))->in_crawl);

  // Both pages share one body row; replacing one body keeps the other's.
  r.body = "changed";
  REQUIRE((*index)->PutResponse(r).ok());
  CHECK((*(*index)->GetResponse(b.url))->body == b.body);
  CHECK((*(*index)->GetResponse(r.url))->body == "changed");
}

TEST_CASE("A response's stored links read back as the strings of a JSON array, or none") {
  TempDir dir;
  const auto file = dir / "cecat.db";
  cecat::index::StoredResponse r = Page("https://ce.example/a");
  r.links = {"https://ce.example/\u00e9\"q\"", "https://ce.example/c"};
  {
    auto index = Index::Open(file);
    REQUIRE(index.ok());
    REQUIRE((*index)->PutResponse(r).ok());
    CHECK((*(*index)->GetResponse(r.url, /*with_body=*/false))->links == r.links);
  }
  // What cecat never writes reads as what the array's top level holds as strings.
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {R"(["https://a/", ["nested"], {"k": "in object"}, 1, null, "https://b/"])",
       {"https://a/", "https://b/"}},
      {R"({"links": ["https://a/"]})", {}},
      {R"("https://a/")", {}},
      {R"(["https://a/", )", {}},
      {R"(["https://a/"] trailing)", {}},
      {"", {}},
      {"[]", {}},
      {R"(["https://a/"])", {"https://a/"}},
      {R"([ "https://a/" , "https://b/" ] )", {"https://a/", "https://b/"}},
      {R"(["https://a/",])", {}},
      {R"(["https://a/"]])", {}},
      {R"(["https://a/\u0020b"])", {"https://a/ b"}},
      {"[\"https://a/\tb\"]", {}},  // a raw control character is no JSON
  };
  for (const auto& [stored, links] : cases) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "UPDATE responses SET links = ?", -1, &st, nullptr) ==
            SQLITE_OK);
    sqlite3_bind_text(st, 1, stored.c_str(), -1, SQLITE_TRANSIENT);
    CHECK(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
    auto index = Index::Open(file);
    REQUIRE(index.ok());
    INFO(stored);
    CHECK((*(*index)->GetResponse(r.url, /*with_body=*/false))->links == links);
  }
}

// Version 6 (issue 17): whether a response stored before it was applied is unknown,
// so each counts as pending and its page is fetched in full once more.
TEST_CASE("A version-5 database's responses count as pending after the upgrade") {
  TempDir dir;
  const auto file = dir / "v5.db";
  {
    auto index = Index::Open(file);
    REQUIRE(index.ok());
    REQUIRE((*index)->PutResponse(Page("https://ce.example/a", "\"x1\"")).ok());
  }
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "ALTER TABLE responses DROP COLUMN pending_run; DROP TABLE acceptances; "
                       "DROP TABLE facet_chunks; "
                       "DROP TABLE facet_dirty; DELETE FROM meta WHERE key = 'facet_generation'; "
                       "DROP TABLE curation; DROP TABLE curation_log; "
                       "ALTER TABLE records DROP COLUMN start_date; "
                       "ALTER TABLE records DROP COLUMN end_date; "
                       "ALTER TABLE records DROP COLUMN currency; "
                       "ALTER TABLE records DROP COLUMN health_fields; PRAGMA user_version = 5",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto index = Index::Open(file);
  REQUIRE(index.ok());
  auto got = (*index)->GetResponse("https://ce.example/a");
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK((*got)->pending_run == 0);
  CHECK((*got)->etag == "\"x1\"");
}

TEST_CASE("A writer drops the facet triggers that files of the first version-8 code carry") {
  TempDir dir;
  const auto file = dir / "cecat.db";
  REQUIRE(Index::Open(file).ok());
  auto triggers = [&] {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'", -1,
                               &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  };
  CHECK(triggers() == 0);
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "CREATE TRIGGER records_facets_insert AFTER INSERT ON records BEGIN "
                       "INSERT OR IGNORE INTO facet_dirty(rid) VALUES(NEW.rid); END; "
                       "CREATE TRIGGER records_facets_delete AFTER DELETE ON records BEGIN "
                       "INSERT OR IGNORE INTO facet_dirty(rid) VALUES(OLD.rid); END; "
                       "CREATE TRIGGER records_facets_update AFTER UPDATE ON records BEGIN "
                       "INSERT OR IGNORE INTO facet_dirty(rid) VALUES(NEW.rid); END;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  REQUIRE(triggers() == 3);
  // A reader leaves the file as it is; a writer drops them.
  REQUIRE(Index::Open(file, /*read_only=*/true).ok());
  CHECK(triggers() == 3);
  REQUIRE(Index::Open(file).ok());
  CHECK(triggers() == 0);
}

TEST_CASE("A version-1 database upgrades itself and keeps its records") {
  TempDir dir;
  const auto file = dir / "old.db";
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    std::string sql = cecat::testing::ReadFile(std::filesystem::path(CECAT_SOURCE_DIR) /
                                               "tests/index/data/v1.sql");
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
    sqlite3_close(db);
  }
  SECTION("read-only open asks for an upgrade first") {
    auto ro = Index::Open(file, /*read_only=*/true);
    REQUIRE_FALSE(ro.ok());
    CHECK(ro.status().message() == "database " + file.string() +
                                       " has schema version 1 and needs an upgrade to " +
                                       std::to_string(cecat::index::kSchemaVersion) +
                                       "; open it once read-write (any refresh does)");
  }
  SECTION("read-write open migrates") {
    auto index = Index::Open(file);
    REQUIRE(index.ok());
    // v2 aggregates ratings: the review from the other source joins the published 4.0/1.
    auto shown = (*index)->Show("c-1111111111111111");
    REQUIRE(shown.ok());
    REQUIRE(shown->has_value());
    CHECK((**shown)["rating"] == cecat::Json{{"average", 3.0}, {"count", 2}});
    CHECK((**shown)["reviews"].size() == 1);
    CHECK((**shown)["first_seen"] == "1970-01-01T00:01:40Z");
    // Provenance written in v1's per-field form still reads.
    CHECK((**shown)["provenance"]["title"] == cecat::Json{{"producer", "jsonld:name"},
                                                          {"source", "acme"},
                                                          {"page", "https://ce.example/legacy"},
                                                          {"time", "1970-01-01T00:01:40Z"}});
    // The rating change is a change: the feed hears of it.
    CHECK(*(*index)->Cursor() == 3);
    int changes = 0;
    REQUIRE((*index)
                ->ForEachChange(2,
                                [&](const cecat::Json& c) {
                                  CHECK(c["id"] == "c-1111111111111111");
                                  ++changes;
                                  return cecat::Status::Ok();
                                })
                .ok());
    CHECK(changes == 1);
    // Old full-text rows and tags still serve searches.
    cecat::index::SearchQuery q;
    q.text = "legacy";
    q.approved_by = "APA";
    auto r = (*index)->Search(q);
    REQUIRE(r.ok());
    CHECK(r->total == 1);
    // And the lifecycle continues from the old memberships.
    cecat::index::SourceOutcome o;
    o.source_id = "acme";
    cecat::Record other;
    other.url = "https://ce.example/new";
    other.id = cecat::MakeRecordId(cecat::RecordType::kCourse, other.url);
    other.fields = {{"title", "New"}};
    o.records.push_back(other);
    auto stats = (*index)->ApplySource(o, 200);
    REQUIRE(stats.ok());
    CHECK(stats->stale == 1);
    // Reopening does not migrate again.
    index->reset();
    auto again = Index::Open(file, /*read_only=*/true);
    REQUIRE(again.ok());
    CHECK((**(*again)->Show("c-1111111111111111"))["status"] == "stale");
  }
}
