// The SQLite catalogue: sources, raw responses, normalised records with their
// lifecycle (../shared/SPEC.md "Lifecycle"), provenance, runs and rejects, and the
// searches over them. Knows nothing of HTML, HTTP, the crawler or the parsers.
//
// One Index is one connection; use it from one thread at a time. Several Index
// objects (threads or processes) may open the same file: WAL lets readers see a
// consistent snapshot while one writer applies a refresh. Nothing here throws;
// every failure is a Status naming the database and what went wrong.
//
// Timestamps are unix seconds in the API and the database, and RFC 3339 UTC
// strings ("2026-11-25T13:00:00Z") in record JSON. docs/index.md has the schema.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/course_summary.h"
#include "common/record.h"
#include "common/result.h"
#include "index/curation.h"

namespace cecat::index {

// The schema version this build creates and understands (PRAGMA user_version).
inline constexpr int kSchemaVersion = 13;

// A fetched page as the crawler saw it. `url` is the canonical URL (the key).
struct StoredResponse {
  std::string source_id;
  std::string url;  // canonical
  std::string final_url;
  int status = 0;
  std::string content_type, charset, etag, last_modified, body;
  std::vector<std::string> links;  // outlinks to follow, so a 304 page need not be parsed
  int64_t fetched_at = 0;          // unix seconds
  // Reached by the source's latest successful crawl (Index::RecordCrawlPages); only
  // such pages are replayed by `reparse` (SPEC.md, Lifecycle). Read, never written:
  // a stored response starts in the crawl that fetched it.
  bool in_crawl = true;
  // Set while the records of this response are not in the index: the run whose
  // crawl stored it, until that run applies its source (ApplySource clears it).
  // A run killed, interrupted or failed in between, or a fetch-only crawl, leaves
  // it set. The crawler must not send a pending response's validators: a 304
  // would vouch for a body whose records the index never got. 0: stored before
  // schema version 6, when this was not known.
  std::optional<int64_t> pending_run;
  // Optional, for PrepareResponse: `body` as one gzip (RFC 1952) or zlib (RFC 1950)
  // stream that inflates to exactly `body`, e.g. the bytes a server sent with
  // Content-Encoding gzip. Stored as it is instead of compressing `body` again;
  // never read back (ReadResponse returns `body`).
  std::string compressed_body;
};

// A response hashed and compressed for storage. PrepareResponse is thread-safe and
// needs no database, so a refresh's workers do this CPU-heavy part and the one
// writing thread only runs SQL.
struct PreparedResponse {
  StoredResponse response;  // body moved out
  std::string body_hash;
  int64_t body_size = 0;
  std::string packed;  // zlib or gzip: StoredResponse::compressed_body, else body compressed
};
Result<PreparedResponse> PrepareResponse(StoredResponse r);

// Something a parser or normaliser could not use, kept for admins.
struct Rejected {
  std::string kind, url, reason;
  Json raw;
};

// Everything one source's crawl produced, applied in one transaction.
struct SourceOutcome {
  std::string source_id;
  // false: none of this source's records change (SPEC lifecycle); only the source's
  // last error is recorded.
  bool crawl_ok = true;
  std::string error;  // why the crawl failed, when !crawl_ok
  // Everything this source's crawl yielded, normalised. Records of the same id
  // later in the list win.
  std::vector<Record> records;
  // Canonical URLs that answered 304: the records last seen on them count as seen.
  std::vector<std::string> unchanged_pages;
  // The first `revalidated` of unchanged_pages were confirmed by their servers (a
  // 304) no earlier than `revalidated_at` (unix seconds): their stored responses'
  // fetched_at moves there, which a sitemap's <lastmod> is compared with. The
  // others (a transient failure keeps its page's records alive too) were not.
  size_t revalidated = 0;
  int64_t revalidated_at = 0;
  std::vector<Rejected> rejects;
  // Optional extras, keyed by record id:
  // the canonical URL of the page the record was found on (default: its url);
  std::map<std::string, std::string> pages;
  // the dedup key the caller computed, for FindByMatchKey.
  std::map<std::string, std::string> match_keys;
  // The run this outcome belongs to (BeginRun), for the rejects table; 0 = none.
  int64_t run_id = 0;
  // false for a reparse: it does not count as a crawl, so the source's last
  // success (and with it due-ness) stays as it was, no record counts a miss or
  // changes its last_seen (SPEC, lifecycle).
  bool is_crawl = true;
  // Every canonical URL the crawl reached (fetched, 304, failed or gone). Set on a
  // successful crawl, it becomes the source's crawl (RecordCrawlPages).
  std::optional<std::vector<std::string>> crawl_pages;
  // The crawl ran out of time before it was done (SPEC max_duration): its records
  // are applied, but what it did not reach was not missed, so nothing goes stale
  // or is removed, last_success stays (the source stays due), and `error` is
  // kept as the source's last error for `sources list`.
  bool partial = false;
};

// One source's part of a merged record.
struct Contribution {
  Record record;  // its own fields, url and provenance; sources = {that source}
  std::string match_key;
};

// One record of a streamed ApplySource: the record, the canonical URL of the page
// it was found on (empty: its url) and its dedup key (empty: none).
struct ApplyItem {
  Record record;
  std::string page;
  std::string match_key;
  // A record composed from several sources (cross-source dedup): what each source
  // gave on its own, `sources[0]` naming it, with its own dedup key, in the order
  // they compose (the part whose values win first). Stored so that
  // a later crawl of one source re-composes the record from its fresh part and the
  // others' stored parts, instead of dropping them (docs/index.md "Merged records").
  // Empty: stored parts are left as they are (Contributions skips the parts of
  // sources whose membership was removed).
  std::vector<Contribution> contributions;
  // Ids this record replaces: the same record under the id an older cecat gave it
  // (docs/normalisation.md, "Upgrading an index"). Unless one is applied itself
  // in the same apply, its membership for the source is removed at once (one
  // `delete` in the change stream) instead of going stale for three crawls beside
  // its successor.
  std::vector<std::string> replaces;
};
// Fills *item with the next record and returns true, or returns false at the end.
// An error aborts the apply; nothing of it is kept.
using ApplyRecordSource = std::function<Result<bool>(ApplyItem* item)>;
using ApplyRejectSource = std::function<Result<bool>(Rejected* reject)>;

// The records one crawl of a source saw (ApplyStats::seen; source health).
struct SeenRecords {
  std::map<std::string, int64_t> by_type;  // "course" -> 80
  int64_t courses = 0;
  // Courses having each of: title, ce_hours, price, format, start_date (dates),
  // approvals, provider, audiences.
  std::map<std::string, int64_t> course_fields;
};

// Per-source counts of one ApplySource. `stale` and `removed` count this source's
// memberships that became stale / were dropped (a record shared with another
// source may stay active).
struct ApplyStats {
  int added = 0, updated = 0, unchanged = 0, stale = 0, removed = 0, rejected = 0;
  // The crawl yielded under half of the source's previously active records and no
  // acceptance was pending: nothing was marked stale or removed. An admin's `sources accept` lets
  // the next crawl judge anyway.
  bool suspicious = false;
  // A crawl's: what it yielded, counted from its own records (not what the removal
  // guard kept active), by type and health field.
  SeenRecords seen;
};

// One of a source's stored run reports (Index::SourceHistory).
struct SourceRunEntry {
  int64_t run_id = 0;
  std::string command;     // refresh, crawl, reparse
  int64_t started_at = 0;  // unix seconds
  Json report;
};

// `cecat sources accept ID`: the admin accepted the source's new size.
struct Acceptance {
  int64_t accepted_at = 0;
  std::string reason;
  int64_t active_records = 0;
  bool pending = false;   // not yet used by a crawl's apply
  int64_t after_run = 0;  // the newest run when it was accepted: later runs follow it
};

// `cecat search` (SPEC.md "Search filters"). Every optional filter narrows the
// result; all combine with each other and with `text`.
struct SearchQuery {
  std::string text;  // words, "quoted phrases", prefix*; anything else is plain words
  RecordType type = RecordType::kCourse;
  bool free_only = false;
  std::optional<double> max_price, min_hours, max_hours, min_rating;
  // format: on_demand|live_online|in_person|hybrid; approved_by: a body (APA,
  // NY-SW, ...); audience: a slug; state: two letters, matching the location's state
  // or a state-board approval ("NY" matches NY-SW); topic: a slug; deadline_after:
  // YYYY-MM-DD, scholarships whose deadline is on or after it.
  std::optional<std::string> format, approved_by, audience, state, topic, deadline_after;
  int limit = 20;  // clamped to 0..1000
};

struct SearchResults {
  Json results = Json::array();  // feed-shaped records + "score" (higher is better)
  int64_t total = 0;             // matches before `limit`
  // {"format": {"on_demand": 3, ...}, "approval": {...}, "audience": {...},
  //  "topic": {...}} over all matches.
  Json facets = Json::object();
};

// An active course as a learning plan needs it (common/course_summary.h).
using cecat::CourseSummary;

// A source's health, for due-ness and `cecat sources list`.
struct SourceState {
  std::string id;
  int64_t last_attempt = 0;  // unix seconds, 0 = never
  int64_t last_success = 0;
  std::string last_error;  // of the last attempt; empty when it succeeded
  int64_t active_records = 0, stale_records = 0;
};

class Index {
 public:
  // Opens `file`, creating it and migrating an older schema to kSchemaVersion
  // (read_only: never creates nor migrates). Refuses a newer schema:
  // "database X has schema version 7, this cecat supports up to 2; upgrade cecat";
  // and a file that is not cecat's, unchanged: "database X is not a cecat
  // database: not an SQLite file" (CheckFile), or an SQLite file with tables of
  // its own and no cecat schema version, or a version but no cecat tables. An
  // empty file becomes a new index (read-only: "database X is empty: ...").
  static Result<std::unique_ptr<Index>> Open(const std::filesystem::path& file,
                                             bool read_only = false);
  // The check Open makes before SQLite reads `file`, for callers that create
  // files beside it first (the lock): Ok for a missing or empty file and an
  // SQLite file; InvalidArgument naming the file for anything else.
  static Status CheckFile(const std::filesystem::path& file);
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // The connection's page cache, at most `bytes` (at least 1 KiB). Open gives
  // kDefaultCacheBytes, which a search or an apply over a large catalogue reads
  // back; a crawl's writer only passes bodies through it, so the refresh keeps it
  // small while it crawls (refresh/engine.cc). Shrinking frees the pages beyond
  // the new size at once. SQLite's sorter (ORDER BY, index builds) keeps in memory
  // up to the same size before it spills to a temporary file.
  static constexpr int64_t kDefaultCacheBytes = int64_t{64} << 20;
  Status SetCacheBytes(int64_t bytes);
  // Reads through SQLite's page cache instead of a memory map (a read-only Open
  // maps the file). For a connection that looks up one row at a time while
  // another connection writes: each lookup otherwise page-faults the map in,
  // and the map is remade as the file grows (issue 25: the crawl's validator
  // lookups spent half their time in page faults and unmapping).
  Status DisableMmap();
  // Lookups between BeginReadSnapshot and EndReadSnapshot share one read
  // transaction: one lock and one check of the write-ahead log for many lookups,
  // and SQLite's page cache stays valid while another connection commits (each
  // commit otherwise empties it). They see nothing committed after the first
  // lookup, and while the snapshot is held the writer's checkpoints cannot pass
  // it: a holder ends it often (the crawl: every few hundred lookups).
  Status BeginReadSnapshot();
  Status EndReadSnapshot();

  // --- raw responses (crawl, reparse) ---
  // Without the body (with_body false) the lookup reads no blob: what the crawler
  // needs for a conditional GET and a 304's links.
  Result<std::optional<StoredResponse>> GetResponse(const std::string& url, bool with_body = true);
  // Bodies are stored zlib-compressed, once per content hash.
  Status PutResponse(const StoredResponse& r);
  // A 304: keeps the body (and whether it is pending), updates the fetch time.
  // NotFound if never stored.
  Status TouchResponse(const std::string& url, int64_t fetched_at);
  // Many puts in ONE transaction: the refresh's batched writes. (A 304 writes
  // nothing while the crawl runs: the apply confirms the stored copies,
  // SourceOutcome::revalidated.)
  Status WriteResponses(const std::vector<PreparedResponse>& puts);
  Status ForEachResponse(const std::string& source_id,
                         const std::function<void(const StoredResponse&)>& fn);
  // The source's stored responses without their bodies (as GetResponse with_body
  // false), in one scan: a crawl's validators and links read up front instead of
  // one lookup per page. Stops early when `fn` returns false.
  Status ForEachResponseMeta(const std::string& source_id,
                             const std::function<bool(StoredResponse&&)>& fn);

  // Records that a fetch-only crawl of the source succeeded at `now_unix`: its
  // last attempt, and no error. Records and due-ness (last success) are unchanged.
  Status RecordAttempt(const std::string& source_id, int64_t now_unix);
  // The pages the source's latest successful crawl reached: its stored responses
  // not among `urls` are no longer in its crawl (StoredResponse::in_crawl), so a
  // reparse does not replay them. ApplySource does the same for a refresh's crawl.
  Status RecordCrawlPages(const std::string& source_id, const std::vector<std::string>& urls);

  // --- records ---
  // Applies one source's crawl in ONE transaction (docs/index.md "Lifecycle"). A
  // successful one also clears pending_run on the source's responses it took in:
  // those its run stored (outcome.run_id) through this Index, or for a reparse
  // those in_crawl. (A crawl's own responses are written by the connection that
  // applies them; one that stored none of the source's skips the scan for them.)
  Result<ApplyStats> ApplySource(const SourceOutcome& outcome, int64_t now_unix);
  // The same with the records and rejects pulled one at a time (outcome.records,
  // pages, match_keys and rejects are not read), so a source of any size is applied
  // in one transaction without being held in memory (cli/pipeline.cc). Each record
  // id comes at most once. The sources may call this Index (FindByMatchKey): they
  // run inside the apply's transaction.
  Result<ApplyStats> ApplySourceStream(const SourceOutcome& outcome,
                                       const ApplyRecordSource& records,
                                       const ApplyRejectSource& rejects, int64_t now_unix);
  // Records (any status but removed) stored with this dedup key, or holding a
  // source's part (Contribution) with it.
  Result<std::vector<Record>> FindByMatchKey(const std::string& match_key);
  // The record of this id unless removed, with its fields, sources and provenance.
  Result<std::optional<Record>> FindById(const std::string& id);
  // The records (not removed) whose membership for the source was last seen on
  // `page` (canonical URL), by id.
  Result<std::vector<Record>> RecordsOnPage(const std::string& source_id, const std::string& page);
  // The stored parts of a merged record, in the order they compose, leaving out
  // sources whose membership was removed; empty for a record of one source.
  Result<std::vector<Contribution>> Contributions(const std::string& id);
  // Fields of a course that derive from another record: the approvals it inherits
  // from its provider (docs/normalisation.md "Approvals"). Calls `revise` on every
  // course not removed, with the record its `provider.id` names (nullptr when none,
  // unknown or removed); a course that `revise` reports changed is rewritten (doc,
  // tags, the changed fields' producers) and settled, so the change stream carries
  // it only when its feed content changed. The index knows nothing of the rule: the
  // caller's `revise` holds it. One transaction; returns how many courses changed.
  using CourseReviser = std::function<bool(Record& course, const Record* provider)>;
  Result<int> ReviseCourses(const CourseReviser& revise, int64_t now_unix);
  // Results are feed-shaped records plus "last_seen" and "score".
  // Search, Show, ForEachRecord and ForEachChange hand records out as the public
  // sees them: every URL in them (memberships' and provenance's pages too) passed
  // through RedactUrl (common/redact.h), whatever the stored text holds.
  Result<SearchResults> Search(const SearchQuery& q);
  // The same search answered by SQL alone (bm25() in ORDER BY, facet counts by
  // GROUP BY): what Search falls back to when the facet columns are not current,
  // and the reference its fast path is tested against.
  Result<SearchResults> SearchBySql(const SearchQuery& q);
  // The record (any status) with "last_seen" + "lifecycle" + "memberships" +
  // "provenance" (field -> {producer, source, page, time}) + "reviews"; nullopt if
  // unknown.
  Result<std::optional<Json>> Show(const std::string& id);
  // --- learning plans (cecat plan) ---
  // Active courses (not stale: a plan needs courses still listed), by id.
  Result<std::vector<CourseSummary>> ActiveCourses();
  // The provider's name of each course id found (for the few courses of a plan:
  // it lives in the document, which ActiveCourses does not read).
  Result<std::map<std::string, std::string>> ProviderNames(
      const std::vector<std::string>& course_ids);
  // Active records of one type, feed-shaped as in ForEachRecord, by id.
  Result<std::vector<Json>> ActiveRecords(RecordType type);
  // The highest cursor handed out so far (0 for an empty index).
  Result<int64_t> Cursor();
  // Integers the feed's writer keeps between runs (refresh/publish.cc: what its
  // last snapshot's records part was), by name; the index does not interpret
  // them. Empty when none were kept. Set replaces them all.
  Result<std::map<std::string, int64_t>> FeedNotes();
  Status SetFeedNotes(const std::map<std::string, int64_t>& notes);
  // Active and stale records, feed-shaped ({"id","type","url","sources",
  // "first_seen","updated_at","status", ...fields}; no "last_seen", which moves
  // without a change: SPEC "Feed"), ordered by type then id, one at a time. A
  // non-ok Status from fn stops the scan and is returned.
  Status ForEachRecord(const std::function<Status(const Json& record)>& fn);
  // Changes after `since`, in cursor order: {"cursor","op":"upsert"|"delete","type",
  // "id","record"} (record omitted for delete; feed-shaped as in ForEachRecord).
  // Each record appears once, with its latest state, so applying them to the
  // snapshot at `since` gives the current one exactly.
  Status ForEachChange(int64_t since, const std::function<Status(const Json& change)>& fn);

  // --- runs (cecat runs) ---
  Result<int64_t> BeginRun(const std::string& command, int64_t now_unix);
  // report: pages fetched/unchanged/failed, records added/updated/..., errors
  // [{url, reason}], duration: stored as given.
  Status RecordSourceRun(int64_t run_id, const std::string& source_id, const Json& report);
  // status: "ok" | "failed" | "interrupted".
  Status FinishRun(int64_t run_id, const std::string& status, int64_t now_unix);
  // Runs still "running" belong to a process that died (SIGKILL, power loss): the
  // caller holds the database lock, so none can be alive. Marks them "killed" and
  // returns how many there were.
  Result<int> MarkKilledRuns();
  // The last n runs, newest first: [{"id","command","started_at","finished_at",
  // "status","sources": [{"source", ...report}]}].
  Result<Json> Runs(int last_n);
  // Rejects of a run (or of every run when run_id == 0), newest first.
  Result<Json> Rejects(int64_t run_id, int limit = 100);

  // --- source health (docs/operations.md "Source health") ---
  // The source's rejects in a run, by reason (the item's name cut off:
  // "missing title (field 'title')").
  Result<std::map<std::string, int64_t>> RejectReasons(int64_t run_id,
                                                       const std::string& source_id);
  // The source's stored reports of the last n runs that have one, newest first.
  Result<std::vector<SourceRunEntry>> SourceHistory(const std::string& source_id, int last_n);
  // `cecat sources accept`: records the acceptance (time, reason, active records).
  Status AcceptSource(const std::string& source_id, const std::string& reason, int64_t now_unix);
  // The source's latest acceptance, if any.
  Result<std::optional<Acceptance>> LatestAcceptance(const std::string& source_id);

  // --- curation (index/curation.h, docs/curation.md) ---
  // One edit, checked and applied in ONE transaction, with its entry in the
  // curation log: the records it touches change at once (index, search, change
  // stream). InvalidArgument naming what is wrong: an unknown record id, a merge
  // of a record into itself or across types, a split of ids not merged, a missing
  // reason. Asking for what is already so changes and logs nothing.
  Result<CurationResult> Curate(const CurationEdit& edit, int64_t now_unix);
  // Many edits (an import) in ONE transaction: the first that fails rolls every
  // one back, and its error names its position ("entry 3: ...").
  Result<std::vector<CurationResult>> CurateAll(const std::vector<CurationEdit>& edits,
                                                int64_t now_unix);
  // The overrides in force, sorted by kind, target, key (a stable order for export).
  Result<std::vector<Override>> Overrides();
  // Why an override no longer finds its target ("record removed", "field not
  // extracted by the latest crawl", ...), or "" while it does.
  Result<std::string> OrphanReason(const Override& o);
  // The curation log, oldest first: [{"id","at","by","reason","action","target",
  // "key","value","effect"}].
  Result<Json> CurationLog();

  // --- sources ---
  Result<std::optional<SourceState>> GetSourceState(const std::string& source_id);
  Result<std::vector<SourceState>> SourceStates();

  class Impl;

 private:
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cecat::index
