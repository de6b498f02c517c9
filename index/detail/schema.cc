#include "index/detail/schema.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "index/detail/facets.h"
#include "index/detail/ratings.h"
#include "index/detail/record_doc.h"
#include "index/index.h"

namespace cecat::index::detail {
namespace {

// Version 1: the catalogue. Never edit a shipped migration: databases in the field
// were made by it. Change the schema by adding the next one.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES('cursor', 0);

CREATE TABLE sources(
  id TEXT PRIMARY KEY,
  last_attempt INTEGER NOT NULL DEFAULT 0,
  last_success INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);

-- Response bodies, zlib-compressed, once per content hash (XXH3-128 of the raw body).
CREATE TABLE bodies(hash TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE responses(
  url TEXT PRIMARY KEY,
  source_id TEXT NOT NULL,
  final_url TEXT NOT NULL,
  status INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  charset TEXT NOT NULL,
  etag TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  body_hash TEXT NOT NULL REFERENCES bodies(hash),
  links TEXT NOT NULL,
  fetched_at INTEGER NOT NULL
);
CREATE INDEX responses_by_source ON responses(source_id);
CREATE INDEX responses_by_body ON responses(body_hash);

-- One row per record id, whatever its status. `doc` is the fields as the last
-- writing source gave them; the other columns are derived for filters and sorting.
CREATE TABLE records(
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  url TEXT NOT NULL,
  status TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  cursor INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  doc TEXT NOT NULL,
  sources TEXT NOT NULL,
  provenance TEXT NOT NULL,
  match_key TEXT,
  title TEXT NOT NULL DEFAULT '',
  price REAL,
  free INTEGER NOT NULL DEFAULT 0,
  hours REAL,
  format TEXT,
  rating REAL,
  rating_count INTEGER,
  deadline TEXT
);
CREATE INDEX records_by_type ON records(type, id);
CREATE INDEX records_by_cursor ON records(cursor);
CREATE INDEX records_by_match_key ON records(match_key) WHERE match_key IS NOT NULL;

-- Per (record, source) lifecycle: SPEC.md "Lifecycle" counts misses per source.
CREATE TABLE memberships(
  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,
  source_id TEXT NOT NULL REFERENCES sources(id),
  status TEXT NOT NULL,
  missed INTEGER NOT NULL DEFAULT 0,
  page TEXT NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY(rid, source_id)
) WITHOUT ROWID;
CREATE INDEX memberships_by_source ON memberships(source_id, status);
CREATE INDEX memberships_by_page ON memberships(source_id, page);

CREATE TABLE record_tags(
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,
  PRIMARY KEY(kind, value, rid)
) WITHOUT ROWID;
CREATE INDEX record_tags_by_rid ON record_tags(rid);

CREATE TABLE changes(
  cursor INTEGER PRIMARY KEY,
  record_id TEXT NOT NULL,
  type TEXT NOT NULL,
  op TEXT NOT NULL,
  status TEXT NOT NULL,
  at INTEGER NOT NULL
);

CREATE VIRTUAL TABLE records_fts USING fts5(
  title, description, presenters, provider, topics,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE source_runs(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  source_id TEXT NOT NULL,
  report TEXT NOT NULL,
  PRIMARY KEY(run_id, source_id)
);
CREATE TABLE rejects(
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  source_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  url TEXT NOT NULL,
  reason TEXT NOT NULL,
  raw TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX rejects_by_run ON rejects(run_id);
)sql";

// Version 2: rating aggregation. Reviews remember their target and a dedup key so
// the same review seen twice counts once (docs/index.md "Ratings").
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE records ADD COLUMN review_target TEXT;
ALTER TABLE records ADD COLUMN review_key TEXT;
ALTER TABLE records ADD COLUMN review_rating REAL;
CREATE INDEX records_by_review_target ON records(review_target) WHERE review_target IS NOT NULL;
)sql";

// Version 3: the large JSON (doc, provenance) moves out of `records`, so scans and
// joins over the filter columns no longer walk overflow pages (measured: a common
// word over 100k courses took seconds with the JSON inline).
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE record_docs(
  rid INTEGER PRIMARY KEY REFERENCES records(rid) ON DELETE CASCADE,
  doc TEXT NOT NULL,
  provenance TEXT NOT NULL
);
INSERT INTO record_docs(rid, doc, provenance) SELECT rid, doc, provenance FROM records;
ALTER TABLE records DROP COLUMN doc;
ALTER TABLE records DROP COLUMN provenance;
CREATE INDEX records_by_type_rating ON records(type, rating DESC);
)sql";

// Version 4: a merged record keeps each source's own part, so one source's re-crawl
// re-composes the record instead of dropping the other's fields (issue 17).
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE contributions(
  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,
  source_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  url TEXT NOT NULL,
  doc TEXT NOT NULL,
  provenance TEXT NOT NULL,
  match_key TEXT,
  PRIMARY KEY(rid, source_id)
);
CREATE INDEX contributions_by_match_key ON contributions(match_key) WHERE match_key IS NOT NULL;
)sql";

// Version 5: which stored pages the source's latest successful crawl reached, so a
// reparse replays only those (SPEC.md, Lifecycle; issue 17). Existing rows count as
// reached until their source's next crawl says otherwise: a reparse right after
// the upgrade replays what it replayed before.
constexpr const char* kSchemaV5 = R"sql(
ALTER TABLE responses ADD COLUMN in_crawl INTEGER NOT NULL DEFAULT 1;
)sql";

// Version 6: a response remembers the run that stored it until that run applies its
// source (StoredResponse::pending_run, issue 17). A run killed between storing pages
// and applying them left responses whose records the index never got, and the next
// run's conditional requests (304) then trusted them: those records were lost, or
// kept their old titles. Whether a response stored before this version was applied
// is unknown, so every one counts as pending (0: no run): each page is fetched in
// full once more instead of being vouched for by a 304.
constexpr const char* kSchemaV6 = R"sql(
ALTER TABLE responses ADD COLUMN pending_run INTEGER;
UPDATE responses SET pending_run = 0;
)sql";

// Version 7: an admin's acceptance of a source's new, smaller size (`cecat sources
// accept`, issue 21): recorded with its time and reason, and the last run before it
// (runs are ordered by id; seconds are too coarse: a refresh and an acceptance can
// share one); `pending` until the next crawl's apply, which then judges missing
// records despite the removal guard.
constexpr const char* kSchemaV7 = R"sql(
CREATE TABLE acceptances(
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL,
  accepted_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  active_records INTEGER NOT NULL,
  after_run INTEGER NOT NULL,
  pending INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX acceptances_by_source ON acceptances(source_id, id);
)sql";

// Version 8: the search's facet columns, compact by rid (index/detail/facets.h,
// issue 22). The code that writes a record's filter, facet or ordering values marks
// its rid in facet_dirty (MarkFacetsDirty: the apply's insert and update, Settle,
// the rating update, WriteTags, WriteFts). Not triggers: a trigger on `records`
// makes every INSERT and UPDATE of it open a statement savepoint, and FTS5 flushes
// its pending terms into a new segment at each savepoint, so a first load wrote one
// segment per record and ran at half its speed. Every existing record starts
// marked and is folded in by the migration's own transaction.
constexpr const char* kSchemaV8 = R"sql(
CREATE TABLE facet_chunks(chunk INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE facet_dirty(rid INTEGER PRIMARY KEY);
INSERT INTO meta(key, value) VALUES('facet_generation', 0);
INSERT INTO facet_dirty(rid) SELECT rid FROM records;
)sql";

// Version 9: curation (issue 23, docs/curation.md). `curation` holds the overrides
// in force, one row per (kind, target, key): hide (target: record id), pin
// (target: record id, key: the field, value: its JSON, NULL = absent), merge
// (target: the merged id that became an alias, key: the id it was merged into,
// value: what split needs to restore), suppress (target: source id, key: the URL
// regex). `curation_log` keeps every change made to them, never edited.
constexpr const char* kSchemaV9 = R"sql(
CREATE TABLE curation(
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  key TEXT NOT NULL DEFAULT '',
  value TEXT,
  by TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY(kind, target, key)
) WITHOUT ROWID;
CREATE INDEX curation_by_target ON curation(target);
CREATE INDEX curation_by_key ON curation(key) WHERE kind = 'merge';
CREATE TABLE curation_log(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  by TEXT NOT NULL,
  reason TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  key TEXT NOT NULL DEFAULT '',
  value TEXT,
  effect TEXT NOT NULL DEFAULT ''
);
)sql";

// Version 10: a course's dates and currency as columns, so `cecat plan` filters
// 100,000 courses without reading their documents (docs/plan.md).
constexpr const char* kSchemaV10 = R"sql(
ALTER TABLE records ADD COLUMN start_date TEXT;
ALTER TABLE records ADD COLUMN end_date TEXT;
ALTER TABLE records ADD COLUMN currency TEXT;
UPDATE records SET
  start_date = CASE WHEN json_type(d.doc, '$.start_date') = 'text'
                    THEN json_extract(d.doc, '$.start_date') END,
  end_date = CASE WHEN json_type(d.doc, '$.end_date') = 'text'
                  THEN json_extract(d.doc, '$.end_date') END,
  currency = CASE WHEN json_type(d.doc, '$.price.currency') = 'text'
                  THEN json_extract(d.doc, '$.price.currency') END
FROM record_docs d WHERE d.rid = records.rid;
)sql";

// Files that the first version-8 code (before 2026-12-06) migrated carry marking
// triggers; the code marks now, and the triggers would slow every write (above).
constexpr const char* kEarlyV8Triggers[] = {"records_facets_insert", "records_facets_delete",
                                            "records_facets_update"};

// Fills the v2 columns of reviews stored by v1. (The ratings they change are
// aggregated once every migration has run: that code speaks the newest schema.)
Status BackfillReviews(Db& db) {
  CECAT_RETURN_IF_ERROR(db.Exec(
      "CREATE TEMP TABLE IF NOT EXISTS review_backfill(rid INTEGER PRIMARY KEY, target TEXT, "
      "key TEXT, rating REAL)"));
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement scan,
        db.PrepareUncached("SELECT rid, id, doc FROM records WHERE type = 'review'"));
    CECAT_ASSIGN_OR_RETURN(
        Statement put,
        db.PrepareUncached(
            "INSERT INTO review_backfill(rid, target, key, rating) VALUES(?, ?, ?, ?)"));
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, scan.Step());
      if (!row) break;
      ReviewFacts f = ExtractReview(ParseStored(scan.Text(2)));
      put.Bind(1, scan.Int(0))
          .Bind(2, f.target)
          .Bind(3, f.key.empty() ? scan.Text(1) : f.key)
          .Bind(4, f.rating);
      CECAT_RETURN_IF_ERROR(put.Run());
      put.Reset();
    }
  }
  return db.Exec(
      "UPDATE records SET review_target = b.target, review_key = b.key, review_rating = "
      "b.rating FROM review_backfill b WHERE records.rid = b.rid;"
      "DROP TABLE review_backfill;");
}

// v11 changes no table: bodies.data may now hold a gzip stream as a server sent it
// (StoredResponse::compressed_body) beside cecat's own zlib ones. The version
// keeps an older cecat, which reads only zlib, from misreading such a body.
constexpr const char* kSchemaV11 = "SELECT 1";

// v12: which source health fields without a column of their own a record's doc
// holds (FilterColumns::health_fields), so that counting an unchanged crawl's
// records reads no doc. The same tests as the json_* reads it replaces.
constexpr const char* kSchemaV12 = R"sql(
ALTER TABLE records ADD COLUMN health_fields INTEGER NOT NULL DEFAULT 0;
UPDATE records SET health_fields =
  (json_extract(d.doc, '$.price') IS NOT NULL) * 1 +
  (json_extract(d.doc, '$.start_date') IS NOT NULL) * 2 +
  (coalesce(json_array_length(d.doc, '$.approvals'), 0) > 0) * 4 +
  (json_extract(d.doc, '$.provider') IS NOT NULL) * 8 +
  (coalesce(json_array_length(d.doc, '$.audiences'), 0) > 0) * 16
FROM record_docs d WHERE d.rid = records.rid;
)sql";
static_assert(kHealthPrice == 1 && kHealthStartDate == 2 && kHealthApprovals == 4 &&
                  kHealthProvider == 8 && kHealthAudiences == 16,
              "kSchemaV12 computes the bits of FilterColumns::health_fields");

// v13: two indexes an unchanged re-crawl's apply reads instead of the tables
// (issue 25). Marking the crawl's pages (`in_crawl`) reads the source's responses
// by (source_id, url, in_crawl) without their wide rows; the 304 pages'
// memberships are found by (source_id, page) with their status and misses.
constexpr const char* kSchemaV13 = R"sql(
CREATE INDEX IF NOT EXISTS responses_by_source_url ON responses(source_id, url, in_crawl);
DROP INDEX IF EXISTS responses_by_source;
CREATE INDEX IF NOT EXISTS memberships_by_page_status
  ON memberships(source_id, page, status, missed);
DROP INDEX IF EXISTS memberships_by_page;
)sql";

struct Migration {
  int version;
  const char* sql;
  Status (*after)(Db&);
};

constexpr Migration kMigrations[] = {
    {1, kSchemaV1, nullptr},   {2, kSchemaV2, BackfillReviews},  {3, kSchemaV3, nullptr},
    {4, kSchemaV4, nullptr},   {5, kSchemaV5, nullptr},          {6, kSchemaV6, nullptr},
    {7, kSchemaV7, nullptr},   {8, kSchemaV8, FoldFacetChanges}, {9, kSchemaV9, nullptr},
    {10, kSchemaV10, nullptr}, {11, kSchemaV11, nullptr},        {12, kSchemaV12, nullptr},
    {13, kSchemaV13, nullptr},
};

}  // namespace

Result<int> SchemaVersion(Db& db) {
  CECAT_ASSIGN_OR_RETURN(Statement st, db.PrepareUncached("PRAGMA user_version"));
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  return static_cast<int>(row ? st.Int(0) : 0);
}

namespace {

// What a file holds, read in one statement so the three agree (another process
// may be creating the schema at the same moment).
struct Contents {
  int version = 0;
  int64_t objects = 0;       // tables, indexes, views, triggers
  int64_t cecat_tables = 0;  // of `meta` and `records`, which every version has
};

Result<Contents> ReadContents(Db& db) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.PrepareUncached(
          "SELECT (SELECT user_version FROM pragma_user_version), "
          "(SELECT count(*) FROM sqlite_master), "
          "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', "
          "'records'))"));
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  Contents c;
  if (row) {
    c.version = static_cast<int>(st.Int(0));
    c.objects = st.Int(1);
    c.cecat_tables = st.Int(2);
  }
  return c;
}

}  // namespace

Status CheckSqliteFile(const std::filesystem::path& file) {
  std::error_code ec;
  auto status = std::filesystem::status(file, ec);
  if (ec || status.type() == std::filesystem::file_type::not_found) return Status::Ok();
  if (status.type() != std::filesystem::file_type::regular) {
    return Status::InvalidArgument("database " + file.string() +
                                   " is not a cecat database: not a regular file");
  }
  // The size stat(2) reports is not trusted: /proc files say 0 and have content,
  // and SQLite would take them for a new, empty database.
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::Ok();  // SQLite's open names the reason (permissions)
  char header[16] = {};
  in.read(header, sizeof header);
  std::streamsize got = in.gcount();
  // https://www.sqlite.org/fileformat.html 1.3.1: "SQLite format 3\0".
  static constexpr char kMagic[16] = "SQLite format 3";
  if (got == 0 || (got == 16 && std::memcmp(header, kMagic, 16) == 0)) return Status::Ok();
  return Status::InvalidArgument("database " + file.string() +
                                 " is not a cecat database: not an SQLite file");
}

namespace {

Status DropEarlyV8Triggers(Db& db) {
  int64_t found = 0;
  {
    // The names come from kEarlyV8Triggers, so the check and the drop agree.
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.PrepareUncached("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN "
                           "(?, ?, ?)"));
    static_assert(std::size(kEarlyV8Triggers) == 3);
    for (int i = 0; i < 3; ++i) st.Bind(i + 1, std::string(kEarlyV8Triggers[i]));
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (row) found = st.Int(0);
  }
  if (found == 0) return Status::Ok();
  CECAT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  for (const char* name : kEarlyV8Triggers) {
    CECAT_RETURN_IF_ERROR(db.Exec(std::string("DROP TRIGGER IF EXISTS ") + name));
  }
  return tx.Commit();
}

}  // namespace

Status Migrate(Db& db, int target) {
  CECAT_ASSIGN_OR_RETURN(Contents contents, ReadContents(db));
  const int version = contents.version;
  if (version == 0 && contents.objects > 0) {
    // Another program's file (cecat sets the version in the transaction that
    // creates its tables): migrating would add cecat's tables to it.
    return Status::InvalidArgument(
        "database " + db.file().string() +
        " is not a cecat database: an SQLite file with tables of its own and no cecat schema "
        "version; cecat leaves it as it is");
  }
  if (version > 0 && contents.cecat_tables < 2) {
    return Status::InvalidArgument(
        "database " + db.file().string() + " is not a cecat database: schema version " +
        std::to_string(version) + " but no cecat tables; cecat leaves it as it is");
  }
  if (version == 0 && db.read_only()) {
    return Status::InvalidArgument("database " + db.file().string() +
                                   " is empty: not a cecat database yet (any refresh makes it "
                                   "one)");
  }
  if (version > kSchemaVersion) {
    return Status::InvalidArgument("database " + db.file().string() + " has schema version " +
                                   std::to_string(version) + ", this cecat supports up to " +
                                   std::to_string(kSchemaVersion) + "; upgrade cecat");
  }
  if (version >= 8 && !db.read_only()) CECAT_RETURN_IF_ERROR(DropEarlyV8Triggers(db));
  if (version >= target) return Status::Ok();
  if (db.read_only()) {
    return Status::InvalidArgument("database " + db.file().string() + " has schema version " +
                                   std::to_string(version) + " and needs an upgrade to " +
                                   std::to_string(target) +
                                   "; open it once read-write (any refresh does)");
  }
  const int from = version;
  for (const Migration& m : kMigrations) {
    if (m.version <= version || m.version > target) continue;
    CECAT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
    // Another process may have migrated while we waited for the write lock.
    CECAT_ASSIGN_OR_RETURN(int now, SchemaVersion(db));
    if (now >= m.version) continue;
    Status st = db.Exec(m.sql);
    if (st.ok() && m.after != nullptr) st = m.after(db);
    if (st.ok()) st = db.Exec("PRAGMA user_version = " + std::to_string(m.version));
    if (st.ok()) st = tx.Commit();
    if (!st.ok()) {
      return st.WithContext("migrating " + db.file().string() + " to schema version " +
                            std::to_string(m.version));
    }
  }
  if (from >= 1 && from < 2 && target >= kSchemaVersion) {
    // Ratings became aggregates in v2: fold the reviews a v1 file already holds.
    CECAT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
    CECAT_RETURN_IF_ERROR(RecomputeAllRatings(db));
    CECAT_RETURN_IF_ERROR(tx.Commit());
  }
  return Status::Ok();
}

}  // namespace cecat::index::detail
