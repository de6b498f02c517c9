// The JSON feed (../shared/SPEC.md "Feed", docs/feed.md): the contract other
// services build on.
//
// The feed module writes files and streams; it knows nothing of SQLite. The index
// hands records and changes over as JSON through producer callbacks, one at a time,
// so memory stays flat however many records there are.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/record.h"
#include "common/result.h"

namespace cecat::feed {

// The feed's major version. It changes only for an incompatible change (a field
// removed, renamed or retyped, a vocabulary value removed); docs/feed.md. 2: records
// lost `last_seen`, the snapshot gained `sources`.
inline constexpr int kSchemaVersion = 2;

// Calls `emit` once per record, in order, and returns the first error (its own, or
// the first non-ok Status that `emit` returned, which it must pass on).
using Emit = std::function<Status(const Json& item)>;

// Produces records one at a time by calling `emit` for each: active and stale
// records, feed-shaped (docs/feed.md), sorted by type then id. Records whose status
// is "removed" are skipped by the writer (the snapshot holds active and stale ones).
using RecordProducer = std::function<Status(const Emit& emit)>;

// One configured source as the snapshot's `sources` lists it, so consumers can
// judge how fresh each source's records are (SPEC "Feed").
struct FeedSource {
  std::string id;            // required, unique
  std::string name;          // empty: the id is written (as a loaded config defaults it)
  int64_t last_success = 0;  // unix seconds of its last successful crawl; 0: never, left out
};

// The records part of a feed.json: its bytes from the "courses" array to the end.
// At one cursor the records are the same (SPEC "Feed": the snapshot at C plus the
// changes after C is the next snapshot, apart from generated_at and sources), so a
// writer that kept this from its last snapshot may copy the part from that file
// instead of producing every record again. The unchanged nightly refresh spent 40%
// of its CPU re-serialising an unchanged feed (issue 25).
struct RecordsPart {
  int64_t cursor = -1;
  uint64_t hash = 0;  // Hash64 (XXH3) of the bytes
  int64_t bytes = 0;
  uint64_t format = 0;  // of the writer: its version and the schema (RecordsFormat)
  int64_t courses = 0, providers = 0, scholarships = 0, reviews = 0;
};

struct SnapshotInfo {
  // The index's change cursor the snapshot reflects.
  int64_t cursor = 0;
  // RFC 3339 UTC, e.g. "2026-01-31T02:00:00Z"; empty = now.
  std::string generated_at;
  // Also write feed.json.gz beside feed.json (same content, gzip).
  bool gzip = false;
  // The configured sources, in any order: written sorted by id, so two exports of
  // the same index and sources file stay byte-identical apart from generated_at.
  std::vector<FeedSource> sources;
  // The records part of the feed.json now in feed_dir, as the WriteSnapshot that
  // wrote it reported (SnapshotStats::records). When its cursor and format are
  // this snapshot's and the file still holds exactly those bytes (size and hash),
  // they are copied and `produce` is not called; otherwise, or when the file
  // cannot be read, the records are produced as without it.
  std::optional<RecordsPart> previous;
};

// What a successful WriteSnapshot wrote, for logs and `cecat runs`.
struct SnapshotStats {
  int64_t courses = 0;
  int64_t providers = 0;
  int64_t scholarships = 0;
  int64_t reviews = 0;
  // Records with status "removed" that the producer emitted and the feed left out.
  int64_t skipped_removed = 0;
  // Size of feed.json in bytes.
  int64_t bytes = 0;
  // The records part written, for the next snapshot's SnapshotInfo::previous.
  RecordsPart records;
  // True when the records part was copied from the previous feed.json.
  bool reused = false;
};

// Writes <feed_dir>/feed.json: schema_version, generated_at, cursor, sources
// ({"id", "name", "last_success"} per FeedSource, sorted by id, one per line), then
// the arrays courses, providers, scholarships, reviews (records routed by their
// "type"), one record per line. Records are serialised one by one as the producer
// emits them, so memory does not grow with the count. The file is written to a
// temporary file in feed_dir, fsynced, renamed over feed.json, and the directory
// fsynced; the schema file is copied to <feed_dir>/feed.schema.json the same atomic
// way (and feed.json.gz written when info.gzip). An empty `schema_file` means
// DefaultSchemaFile().
//
// Fails, leaving the previous feed.json (and .gz, schema) untouched and no temporary
// file behind, when: a source has an empty or repeated id (InvalidArgument naming
// it); the producer returns an error (passed on); a record is not an object with a
// known "type" and an "id" string (InvalidArgument naming the id);
// records of one type are not in strictly increasing id order (InvalidArgument: a
// duplicate or unsorted producer would break byte-identical exports); feed_dir cannot
// be created or written, or the schema file cannot be read (IoError naming the path).
// Temporary files left by an export that was killed are removed by the next one.
// Never throws. When `stats` is given, it receives the counts of a successful write.
Status WriteSnapshot(const std::filesystem::path& feed_dir,
                     const std::filesystem::path& schema_file, const SnapshotInfo& info,
                     const RecordProducer& produce, SnapshotStats* stats = nullptr);

// Produces change objects in strictly increasing cursor order by calling `emit` for each:
// {"cursor": N, "op": "upsert"|"delete", "type": T, "id": ID, "record": {...}}
// ("record" only on upsert).
using ChangeProducer = std::function<Status(const Emit& emit)>;

// Writes change objects as NDJSON, one per line, to `out` (stdout in the CLI), and
// flushes it. Fails with InvalidArgument (naming the change) when a change is not
// shaped as above or its cursor is not greater than the previous one's, and with IoError
// when `out` fails; lines already written stay written. Never throws.
Status WriteChanges(std::ostream& out, const ChangeProducer& produce);

// Applies NDJSON changes to a snapshot document in memory and returns the new
// snapshot: what a consumer does with `cecat export --since CURSOR`. Changes whose
// cursor is not greater than the snapshot's are already in it and are skipped; an
// upsert replaces (or adds) the record with that id, a delete removes it; arrays stay
// sorted by id and "cursor" becomes the last change's; "generated_at" and "sources"
// stay the snapshot's (the change stream carries neither, so they are the only
// parts in which the result may differ from the next snapshot). Empty lines are
// ignored.
// Fails with ParseError naming the line for a line that is not a change object, and
// InvalidArgument when the snapshot is not a feed document. Never throws.
Result<Json> ApplyChanges(const Json& snapshot, std::istream& ndjson);

// Where the schema lives in the source tree: <repo>/schema/feed.schema.json.
std::filesystem::path DefaultSchemaFile();

}  // namespace cecat::feed
