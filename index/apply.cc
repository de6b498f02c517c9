// ApplySource: one source's crawl applied in one transaction, with SPEC.md's
// lifecycle (docs/index.md "Lifecycle").
#include <functional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "index/detail/curation.h"
#include "index/detail/facets.h"
#include "index/detail/health.h"
#include "index/detail/impl.h"
#include "index/detail/ratings.h"
#include "index/detail/record_doc.h"
#include "index/detail/store.h"
#include "index/index.h"

namespace cecat::index {

using detail::Db;
using detail::Dump;
using detail::Statement;

namespace {

// Misses in a row after which a source drops a record (SPEC.md "Lifecycle").
constexpr int kMissesBeforeRemoval = 3;

enum class UpsertKind { kAdded, kUpdated, kUnchanged };

struct Upserted {
  int64_t rid = 0;
  UpsertKind kind = UpsertKind::kUnchanged;
  std::string old_review_target;  // a review that changed target re-rates both
};

// The statements an apply runs for every record, prepared (or taken from the
// connection's cache) once per apply instead of looked up per record.
struct UpsertStatements {
  // The stored row, its doc and the source's membership, in one lookup.
  Statement find;
  Statement insert_record;
  Statement insert_doc;
  Statement update_record;
  Statement update_doc;
  Statement touch_record;
  Statement membership;
  Statement touch_membership;

  static Result<UpsertStatements> Prepare(Db& db) {
    UpsertStatements s;
    CECAT_ASSIGN_OR_RETURN(
        s.find, db.Prepare("SELECT r.rid, r.status, d.doc, r.url, r.review_target, r.type, "
                           "r.match_key, r.rating, r.rating_count, m.status, m.missed, m.page "
                           "FROM records r JOIN record_docs d ON d.rid = r.rid LEFT JOIN "
                           "memberships m ON m.rid = r.rid AND m.source_id = ?2 WHERE r.id = ?1"));
    // Status and hash are placeholders that Settle replaces.
    CECAT_ASSIGN_OR_RETURN(
        s.insert_record,
        db.Prepare("INSERT INTO records(id, type, url, status, first_seen, last_seen, updated_at, "
                   "cursor, content_hash, sources, title, price, free, hours, format, deadline, "
                   "review_target, review_key, review_rating, match_key, start_date, end_date, "
                   "currency, health_fields) VALUES(?1, ?2, ?3, 'removed', ?4, ?4, ?4, 0, '', "
                   "'[]', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"));
    CECAT_ASSIGN_OR_RETURN(
        s.insert_doc, db.Prepare("INSERT INTO record_docs(rid, doc, provenance) VALUES(?, ?, ?)"));
    CECAT_ASSIGN_OR_RETURN(
        s.update_record,
        db.Prepare("UPDATE records SET url = ?3, title = ?5, price = ?6, free = ?7, hours = ?8, "
                   "format = ?9, deadline = ?10, review_target = ?11, review_key = ?12, "
                   "review_rating = ?13, match_key = ?14, start_date = ?15, end_date = ?16, "
                   "currency = ?17, health_fields = ?18, last_seen = coalesce(?4, last_seen) WHERE "
                   "rid = ?1"));
    CECAT_ASSIGN_OR_RETURN(
        s.update_doc, db.Prepare("UPDATE record_docs SET doc = ?, provenance = ? WHERE rid = ?"));
    CECAT_ASSIGN_OR_RETURN(
        s.touch_record,
        db.Prepare("UPDATE records SET last_seen = coalesce(?, last_seen), match_key = ? WHERE "
                   "rid = ?"));
    CECAT_ASSIGN_OR_RETURN(
        s.membership,
        db.Prepare(
            "INSERT INTO memberships(rid, source_id, status, missed, page, last_seen) "
            "VALUES(?, ?, 'active', 0, ?, ?) ON CONFLICT(rid, source_id) DO UPDATE SET "
            "status = 'active', missed = 0, page = excluded.page, last_seen = CASE WHEN ?5 THEN "
            "excluded.last_seen ELSE memberships.last_seen END"));
    CECAT_ASSIGN_OR_RETURN(
        s.touch_membership,
        db.Prepare("UPDATE memberships SET last_seen = ? WHERE rid = ? AND source_id = ?"));
    return s;
  }
};

// Runs a statement of UpsertStatements and rewinds it for the next record.
Status RunAndReset(Statement& st) {
  Status status = st.Run();
  st.Reset();
  return status;
}

Result<int> InsertRejects(Db& db, const SourceOutcome& o, const ApplyRejectSource& rejects,
                          int64_t now) {
  int n = 0;
  for (;;) {
    Rejected r;
    CECAT_ASSIGN_OR_RETURN(bool more, rejects(&r));
    if (!more) return n;
    ++n;
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("INSERT INTO rejects(run_id, source_id, kind, url, reason, raw, at) "
                   "VALUES(?, ?, ?, ?, ?, ?, ?)"));
    if (o.run_id > 0) {
      st.Bind(1, o.run_id);
    } else {
      st.BindNull(1);
    }
    CECAT_RETURN_IF_ERROR(st.Bind(2, o.source_id)
                              .Bind(3, r.kind)
                              .Bind(4, r.url)
                              .Bind(5, r.reason)
                              .Bind(6, Dump(r.raw))
                              .Bind(7, now)
                              .Run());
  }
}

// The source whose part gave a merged record's field: the one its producer names
// ("hub:jsonld:..."; normalise::MergeRecords prefixes what it takes from another
// source), else the part that composes first. Empty when `parts` is.
const Contribution* FieldPart(const std::vector<Contribution>& parts, const std::string& producer) {
  if (parts.empty()) return nullptr;
  for (const Contribution& part : parts) {
    if (part.record.sources.empty()) continue;
    const std::string& s = part.record.sources.front();
    if (producer.size() > s.size() && producer.compare(0, s.size(), s) == 0 &&
        producer[s.size()] == ':')
      return &part;
  }
  return &parts.front();
}

// Stored compactly (docs/index.md "Show"): every field of one write shares its
// source, page and time, except the fields of a merged record that another
// source's part gave (`parts`, ApplyItem::contributions): "from" names their
// source and page.
Json BuildProvenance(const Record& rec, const std::string& source, const std::string& page,
                     int64_t now, const std::vector<Contribution>& parts = {}) {
  Json producers = Json::object();
  Json from = Json::object();
  if (rec.fields.is_object()) {
    for (const auto& [field, value] : rec.fields.items()) {
      auto it = rec.provenance.find(field);
      producers[field] = it == rec.provenance.end() ? "" : it->second;
      const Contribution* part = FieldPart(parts, producers[field].get<std::string>());
      if (part == nullptr || part->record.sources.empty()) continue;
      const std::string& part_source = part->record.sources.front();
      if (part_source == source) continue;
      const std::string& part_page =
          part->record.page_url.empty() ? part->record.url : part->record.page_url;
      from[field] = {{"source", part_source}, {"page", part_page}};
    }
  }
  Json out = {{"source", source}, {"page", page}, {"time", now}, {"fields", std::move(producers)}};
  if (!from.empty()) out["from"] = std::move(from);
  return out;
}

// `crawl` false (a reparse): the record was extracted again, not seen again, so
// an existing record keeps its last_seen. Adds the record to *seen_counts (source
// health) from what it writes, so that the apply need not read it back.
Result<Upserted> Upsert(Db& db, UpsertStatements& sql, const Record& rec, const std::string& source,
                        const std::string& page, const std::optional<std::string>& match_key,
                        int64_t now, bool crawl, const std::vector<Contribution>& parts,
                        SeenRecords* seen_counts, const Json* curated = nullptr,
                        bool hidden = false) {
  static const Json kNoFields = Json::object();
  const Json& fields = rec.fields.is_object() ? rec.fields : kNoFields;
  // Strict first: fields with invalid UTF-8 are stored with U+FFFD (Dump), and
  // then only their stored, repaired text may feed the full-text row and hash.
  std::string doc;
  bool doc_is_fields = true;  // parsing `doc` back gives `fields`
  try {
    doc = fields.dump(-1, ' ', false, Json::error_handler_t::strict);
  } catch (const Json::type_error&) {
    doc = Dump(fields);
    doc_is_fields = false;
  }
  const detail::FilterColumns cols = detail::ExtractColumns(fields);
  detail::ReviewFacts review;
  if (rec.type == RecordType::kReview) {
    review = detail::ExtractReview(fields);
    if (review.key.empty()) review.key = rec.id;
  }
  std::string type = RecordTypeName(rec.type);
  std::optional<int64_t> seen_at;
  if (crawl) seen_at = now;

  Upserted out;
  bool exists = false, was_active = false, was_removed = false, doc_changed = true;
  bool key_changed = true;
  bool member_current = false;  // the source's membership is active, missed 0, this page
  bool member_active = false;   // ... or at least active
  detail::Aggregate old_rating;
  {
    Statement& st = sql.find;
    st.Bind(1, rec.id).Bind(2, source);
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (row) {
      exists = true;
      out.rid = st.Int(0);
      was_active = st.View(1) == "active";
      was_removed = st.View(1) == "removed";
      // The stored doc is compared as text: equal fields dump to equal text.
      doc_changed = st.View(2) != doc || st.View(3) != rec.url;
      out.old_review_target = st.Text(4);
      type = st.Text(5);
      key_changed = st.IsNull(6) ? match_key.has_value() : (!match_key || st.View(6) != *match_key);
      old_rating = {st.OptDouble(7), st.OptInt(8)};
      member_active = !st.IsNull(9) && st.View(9) == "active";
      member_current = member_active && st.Int(10) == 0 && st.View(11) == page;
    }
    st.Reset();
  }
  if (exists && !doc_changed && curated != nullptr) {
    // A pinned field hides what the crawl gave from the doc; the provenance keeps
    // it (docs/curation.md), and must follow it even when the doc stays the same.
    CECAT_ASSIGN_OR_RETURN(Statement st,
                           db.Prepare("SELECT provenance FROM record_docs WHERE rid = ?"));
    st.Bind(1, out.rid);
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    doc_changed = !row || detail::ParseStored(st.Text(0)).value("curated", Json()) != *curated;
  }
  auto bind_columns = [&](Statement& st) {
    st.Bind(3, rec.url)
        .Bind(4, exists ? seen_at : std::optional<int64_t>(now))
        .Bind(5, cols.title)
        .Bind(6, cols.price)
        .Bind(7, cols.free ? 1 : 0)
        .Bind(8, cols.hours)
        .Bind(9, cols.format)
        .Bind(10, cols.deadline)
        .Bind(14, match_key)
        .Bind(15, cols.start_date)
        .Bind(16, cols.end_date)
        .Bind(17, cols.currency)
        .Bind(18, static_cast<int64_t>(cols.health_fields));
    if (rec.type == RecordType::kReview) {
      st.Bind(11, review.target).Bind(12, review.key).Bind(13, review.rating);
    } else {
      st.BindNull(11).BindNull(12).BindNull(13);
    }
  };
  if (!exists) {
    sql.insert_record.Bind(1, rec.id).Bind(2, type);
    bind_columns(sql.insert_record);
    CECAT_RETURN_IF_ERROR(RunAndReset(sql.insert_record));
    out.rid = db.LastInsertRowid();
    CECAT_RETURN_IF_ERROR(MarkFacetsDirty(db, out.rid));
  } else if (doc_changed) {
    sql.update_record.Bind(1, out.rid);
    bind_columns(sql.update_record);
    CECAT_RETURN_IF_ERROR(RunAndReset(sql.update_record));
    CECAT_RETURN_IF_ERROR(MarkFacetsDirty(db, out.rid));
  } else if (crawl || key_changed) {
    // Seen again, unchanged: only its liveness time (and dedup key) move.
    sql.touch_record.Bind(1, seen_at).Bind(2, match_key).Bind(3, out.rid);
    CECAT_RETURN_IF_ERROR(RunAndReset(sql.touch_record));
  }
  if (doc_changed) {
    // Provenance is rewritten with the values it describes: its time is when the
    // current values were taken, and an unchanged re-crawl writes no JSON at all.
    Json built = BuildProvenance(rec, source, page, now, parts);
    if (curated != nullptr) built["curated"] = *curated;
    const std::string provenance = Dump(built);
    Statement& st = exists ? sql.update_doc : sql.insert_doc;
    if (exists) {
      st.Bind(1, doc).Bind(2, provenance).Bind(3, out.rid);
    } else {
      st.Bind(1, out.rid).Bind(2, doc).Bind(3, provenance);
    }
    CECAT_RETURN_IF_ERROR(RunAndReset(st));
    CECAT_RETURN_IF_ERROR(detail::WriteTags(db, out.rid, fields, /*fresh=*/!exists));
  }
  if (member_current) {
    if (crawl) {
      sql.touch_membership.Bind(1, now).Bind(2, out.rid).Bind(3, source);
      CECAT_RETURN_IF_ERROR(RunAndReset(sql.touch_membership));
    }
  } else {
    sql.membership.Bind(1, out.rid)
        .Bind(2, source)
        .Bind(3, page)
        .Bind(4, now)
        .Bind(5, crawl ? 1 : 0);
    CECAT_RETURN_IF_ERROR(RunAndReset(sql.membership));
  }
  if (doc_changed && rec.type != RecordType::kReview) {
    // Its own published rating may have changed: fold it with the reviews held.
    // What the stored provenance names as the rating's source is this one
    // whenever the fields have a rating (BuildProvenance).
    detail::RatedRecord rated;
    rated.rid = out.rid;
    rated.id = rec.id;
    rated.published = {cols.rating, cols.rating_count};
    if (fields.contains("rating")) rated.published_source = source;
    rated.old = old_rating;
    CECAT_RETURN_IF_ERROR(detail::RecomputeRating(db, rated, now, /*settle=*/false));
  }
  detail::CountSeenRecord(seen_counts, type, cols);
  // Unchanged fields and url, a membership that was and stays active, a record
  // that was and stays active: its status, sources, fields and rating are what
  // its stored feed hash was computed from, so Settle would find no change.
  if (exists && !doc_changed && member_active && was_active) {
    out.kind = UpsertKind::kUnchanged;
    return out;
  }
  CECAT_ASSIGN_OR_RETURN(bool changed, detail::Settle(db, out.rid, now, doc_changed,
                                                      doc_is_fields ? &fields : nullptr));
  // A hidden record stays out of the feed: what a crawl changes in it is no
  // change a consumer sees, and it is not "added" back.
  if (exists && hidden) {
    out.kind = UpsertKind::kUnchanged;
    return out;
  }
  out.kind = (!exists || was_removed) ? UpsertKind::kAdded
             : changed                ? UpsertKind::kUpdated
                                      : UpsertKind::kUnchanged;
  return out;
}

// Replaces the stored parts of a merged record (ApplyItem::contributions).
Status StoreContributions(Db& db, int64_t rid, const std::vector<Contribution>& parts,
                          int64_t now) {
  {
    CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare("DELETE FROM contributions WHERE rid = ?"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, rid).Run());
  }
  for (size_t seq = 0; seq < parts.size(); ++seq) {
    const Contribution& part = parts[seq];
    const Record& r = part.record;
    if (r.sources.empty()) return Status::InvalidArgument("a contribution without its source");
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("INSERT INTO contributions(rid, source_id, seq, url, doc, provenance, "
                   "match_key) VALUES(?, ?, ?, ?, ?, ?, ?)"));
    std::optional<std::string> key;
    if (!part.match_key.empty()) key = part.match_key;
    CECAT_RETURN_IF_ERROR(st.Bind(1, rid)
                              .Bind(2, r.sources.front())
                              .Bind(3, static_cast<int64_t>(seq))
                              .Bind(4, r.url)
                              .Bind(5, Dump(r.fields.is_object() ? r.fields : Json::object()))
                              .Bind(6, Dump(BuildProvenance(r, r.sources.front(), r.page_url, now)))
                              .Bind(7, key)
                              .Run());
  }
  return Status::Ok();
}

Result<int64_t> CountActive(Db& db, const std::string& source) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("SELECT count(*) FROM memberships WHERE source_id = ? AND status = 'active'"));
  st.Bind(1, source);
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : int64_t{0};
}

struct MemberRow {
  int64_t rid;
  std::string status;  // the membership's
  int64_t missed;
  std::string review_target;
};

// Every row of `st` (bound), which is then reset for its next use.
Result<std::vector<MemberRow>> ReadMembers(Statement& st) {
  std::vector<MemberRow> rows;
  for (;;) {
    Result<bool> row = st.Step();
    if (!row.ok() || !*row) {
      st.Reset();
      if (!row.ok()) return row.status();
      return rows;
    }
    rows.push_back({st.Int(0), st.Text(1), st.Int(2), st.Text(3)});
  }
}

Result<std::vector<MemberRow>> Members(Db& db, const std::string& sql, const std::string& source,
                                       const std::string* page) {
  CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare(sql));
  st.Bind(1, source);
  if (page != nullptr) st.Bind(2, *page);
  return ReadMembers(st);
}

// Adds what record `rid` reviews, if it is a review, to `rate` (re-rated once the
// apply's statuses are settled). Read only for a record whose status changed: the
// join to the wide records rows cost every unchanged re-crawl a read of each
// (issue 25).
Status AddReviewTarget(Db& db, int64_t rid, std::set<std::string>& rate) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st, db.Prepare("SELECT coalesce(review_target, '') FROM records WHERE rid = ?"));
  st.Bind(1, rid);
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (row && !st.Text(0).empty()) rate.insert(st.Text(0));
  return Status::Ok();
}

Status SetMembership(Db& db, int64_t rid, const std::string& source, const std::string& status,
                     int64_t missed, std::optional<int64_t> seen_at) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare(
          "UPDATE memberships SET status = ?, missed = ?, last_seen = coalesce(?, last_seen) "
          "WHERE rid = ? AND source_id = ?"));
  return st.Bind(1, status).Bind(2, missed).Bind(3, seen_at).Bind(4, rid).Bind(5, source).Run();
}

// The pages an apply looks at by URL, in one temporary table filled once:
// `unchanged` (SourceOutcome::unchanged_pages), `revalidated` (the first
// `revalidated` of those) and `in_crawl` (crawl_pages). Two tables of the same
// URLs had been filled one after the other (issue 25). Filled in URL order, so
// each insert goes to the table's last page.
struct PageFlags {
  bool unchanged = false, revalidated = false, in_crawl = false;
};

Status FillPageSet(Db& db, const std::vector<std::string>& unchanged, size_t revalidated,
                   const std::vector<std::string>* crawl_pages) {
  std::vector<std::pair<std::string_view, PageFlags>> pages;
  pages.reserve(unchanged.size() + (crawl_pages ? crawl_pages->size() : 0));
  for (size_t i = 0; i < unchanged.size(); ++i)
    pages.push_back({unchanged[i], {.unchanged = true, .revalidated = i < revalidated}});
  if (crawl_pages) {
    for (const std::string& url : *crawl_pages) pages.push_back({url, {.in_crawl = true}});
  }
  std::stable_sort(pages.begin(), pages.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  CECAT_RETURN_IF_ERROR(
      db.Exec("CREATE TEMP TABLE IF NOT EXISTS page_set(url TEXT PRIMARY KEY, unchanged INTEGER "
              "NOT NULL, revalidated INTEGER NOT NULL, in_crawl INTEGER NOT NULL) WITHOUT ROWID;"
              "DELETE FROM temp.page_set;"));
  CECAT_ASSIGN_OR_RETURN(
      Statement st, db.Prepare("INSERT INTO temp.page_set(url, unchanged, revalidated, in_crawl) "
                               "VALUES(?, ?, ?, ?)"));
  for (size_t i = 0; i < pages.size();) {
    // One row per URL, its flags merged.
    PageFlags f;
    size_t j = i;
    for (; j < pages.size() && pages[j].first == pages[i].first; ++j) {
      f.unchanged = f.unchanged || pages[j].second.unchanged;
      f.revalidated = f.revalidated || pages[j].second.revalidated;
      f.in_crawl = f.in_crawl || pages[j].second.in_crawl;
    }
    st.Bind(1, pages[i].first)
        .Bind(2, int64_t{f.unchanged})
        .Bind(3, int64_t{f.revalidated})
        .Bind(4, int64_t{f.in_crawl});
    CECAT_RETURN_IF_ERROR(RunAndReset(st));
    i = j;
  }
  return Status::Ok();
}

// Marks which of the source's stored responses its crawl reached (in_crawl): the
// page set's in_crawl pages (FillPageSet).
Status MarkCrawlPages(Db& db, const std::string& source) {
  // A lookup by primary key per stored response: `url IN (SELECT url FROM
  // temp.page_set WHERE in_crawl)` would copy the set into a table of its own first.
  static const std::string kInCrawl =
      "EXISTS (SELECT 1 FROM temp.page_set p WHERE p.url = responses.url AND p.in_crawl)";
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         db.Prepare("UPDATE responses SET in_crawl = " + kInCrawl +
                                    " WHERE source_id = ? AND in_crawl != " + kInCrawl));
  return st.Bind(1, source).Run();
}

// One item of an apply, viewed where it lives (the outcome's records, or the
// stream's current item): ApplySource does not copy its records.
struct ItemView {
  const Record* record = nullptr;
  const std::string* page = nullptr;
  const std::string* match_key = nullptr;
  const std::vector<Contribution>* contributions = nullptr;
  const std::vector<std::string>* replaces = nullptr;
};
using ItemSource = std::function<Result<bool>(ItemView* item)>;

// ApplySourceStream's work (docs/index.md "Lifecycle"), in one transaction.
// `pending_sources`: the sources this connection stored responses of under a run
// (Index::Impl). A crawl's responses can be pending under its run only if their
// source is there; otherwise the clearing statement would read every stored
// response of the source for nothing.
Result<ApplyStats> Apply(Db& db, const SourceOutcome& o, const ItemSource& records,
                         const ApplyRejectSource& rejects, int64_t now,
                         std::unordered_set<std::string>& pending_sources) {
  if (o.source_id.empty()) return Status::InvalidArgument("ApplySource: empty source id");
  CECAT_ASSIGN_OR_RETURN(detail::Transaction tx, detail::Transaction::Begin(db));
  ApplyStats stats;
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare(
            "INSERT INTO sources(id, last_attempt) VALUES(?1, ?2) ON CONFLICT(id) DO UPDATE SET "
            "last_attempt = ?2"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, o.source_id).Bind(2, now).Run());
  }
  CECAT_ASSIGN_OR_RETURN(int rejected, InsertRejects(db, o, rejects, now));
  stats.rejected = rejected;
  if (!o.crawl_ok) {
    // SPEC.md: a failed crawl changes none of the source's records.
    CECAT_ASSIGN_OR_RETURN(Statement st,
                           db.Prepare("UPDATE sources SET last_error = ? WHERE id = ?"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, o.error.empty() ? std::string("crawl failed") : o.error)
                              .Bind(2, o.source_id)
                              .Run());
    CECAT_RETURN_IF_ERROR(tx.Commit());
    return stats;
  }

  CECAT_ASSIGN_OR_RETURN(int64_t prev_active, CountActive(db, o.source_id));

  std::unordered_set<int64_t> seen;
  SeenRecords seen_counts;            // the upserted records, for source health
  std::set<std::string> rate;         // records whose aggregate rating may have changed
  std::vector<std::string> replaced;  // ApplyItem::replaces
  CECAT_ASSIGN_OR_RETURN(UpsertStatements sql, UpsertStatements::Prepare(db));
  // Curation is applied here, where every refresh and reparse writes its records,
  // so no crawl undoes it (docs/curation.md).
  CECAT_ASSIGN_OR_RETURN(detail::CurationMap curation, detail::LoadCuration(db));
  Record curated_copy;
  for (;;) {
    ItemView item;
    CECAT_ASSIGN_OR_RETURN(bool more, records(&item));
    if (!more) break;
    if (item.record->id.empty()) {
      ++stats.rejected;
      continue;
    }
    const Record* recp = item.record;
    std::optional<Json> curated;
    bool hidden = false;
    if (!curation.empty()) {
      // An id merged into another is an alias: its pages update the other record
      // (the engine redirects before records of one id are merged; this catches
      // any other caller).
      auto alias = curation.alias_of.find(recp->id);
      auto pins = curation.pins.find(alias != curation.alias_of.end() ? alias->second : recp->id);
      if (alias != curation.alias_of.end() || pins != curation.pins.end()) {
        curated_copy = *recp;
        if (alias != curation.alias_of.end()) curated_copy.id = alias->second;
        if (pins != curation.pins.end()) curated = detail::ApplyPins(curated_copy, pins->second);
        recp = &curated_copy;
      }
      hidden = curation.hidden.count(recp->id) != 0;
    }
    const Record& rec = *recp;
    const std::string& page = !item.page->empty() ? *item.page : rec.url;
    std::optional<std::string> key;
    if (!item.match_key->empty()) key = *item.match_key;
    Result<Upserted> u =
        Upsert(db, sql, rec, o.source_id, page, key, now, o.is_crawl, *item.contributions,
               &seen_counts, curated ? &*curated : nullptr, hidden);
    if (!u.ok()) return u.status().WithContext("record " + rec.id);
    if (auto merged = curation.merged_in.find(rec.id); merged != curation.merged_in.end()) {
      // The records merged into this one keep this source's membership while it
      // lists their pages' record: a split brings them back as they were.
      for (const std::string& alias : merged->second) {
        CECAT_ASSIGN_OR_RETURN(
            Statement st,
            db.Prepare("SELECT m.rid FROM memberships m JOIN records r ON r.rid = m.rid WHERE "
                       "r.id = ? AND m.source_id = ? AND m.status != 'removed'"));
        st.Bind(1, alias).Bind(2, o.source_id);
        CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) continue;
        const int64_t alias_rid = st.Int(0);
        if (!seen.insert(alias_rid).second) continue;
        CECAT_RETURN_IF_ERROR(
            SetMembership(db, alias_rid, o.source_id, "active", 0,
                          o.is_crawl ? std::optional<int64_t>(now) : std::nullopt));
      }
    }
    if (!item.contributions->empty()) {
      CECAT_RETURN_IF_ERROR(
          StoreContributions(db, u->rid, *item.contributions, now).WithContext("record " + rec.id));
    }
    seen.insert(u->rid);
    for (const std::string& old : *item.replaces) {
      if (old != rec.id) replaced.push_back(old);
    }
    switch (u->kind) {
      case UpsertKind::kAdded:
        ++stats.added;
        break;
      case UpsertKind::kUpdated:
        ++stats.updated;
        break;
      case UpsertKind::kUnchanged:
        ++stats.unchanged;
        break;
    }
    if (rec.type == RecordType::kReview && u->kind != UpsertKind::kUnchanged) {
      rate.insert(detail::ExtractReview(rec.fields).target);
      if (!u->old_review_target.empty()) rate.insert(u->old_review_target);
    }
  }

  // Records replaced by their successor under a new id: gone from this source now.
  for (const std::string& id : replaced) {
    CECAT_ASSIGN_OR_RETURN(
        std::vector<MemberRow> rows,
        Members(db,
                "SELECT m.rid, m.status, m.missed, coalesce(r.review_target, '') FROM memberships "
                "m JOIN records r ON r.rid = m.rid WHERE m.source_id = ? AND r.id = ? AND "
                "m.status != 'removed'",
                o.source_id, &id));
    for (const MemberRow& m : rows) {
      if (seen.count(m.rid) != 0) continue;
      ++stats.removed;
      CECAT_RETURN_IF_ERROR(
          SetMembership(db, m.rid, o.source_id, "removed", kMissesBeforeRemoval, std::nullopt));
      CECAT_ASSIGN_OR_RETURN(bool changed, detail::Settle(db, m.rid, now));
      if (changed && !m.review_target.empty()) rate.insert(m.review_target);
    }
  }

  // 304 pages: whatever was last seen on them is seen again, unchanged. Set-based:
  // one join reads their memberships and one statement moves the sightings, not
  // two statements per page (issue 25: an unchanged re-crawl has as many pages as
  // records).
  // Filled once for the 304s here and the crawl's pages at the end.
  const std::vector<std::string>* crawl_pages =
      o.crawl_pages && o.is_crawl && !o.partial ? &*o.crawl_pages : nullptr;
  if (!o.unchanged_pages.empty() || crawl_pages) {
    CECAT_RETURN_IF_ERROR(FillPageSet(db, o.unchanged_pages, o.revalidated, crawl_pages));
  }
  if (!o.unchanged_pages.empty()) {
    if (o.revalidated > 0 && o.revalidated_at > 0) {
      // The stored copies the servers confirmed, in one statement: per page, as
      // each 304 came in, the writer rewrote a wide row and woke for every one
      // (issue 25).
      CECAT_ASSIGN_OR_RETURN(
          Statement st,
          db.Prepare("UPDATE responses SET fetched_at = ?1 WHERE url IN (SELECT url FROM "
                     "temp.page_set WHERE revalidated) AND fetched_at < ?1"));
      CECAT_RETURN_IF_ERROR(st.Bind(1, o.revalidated_at).Run());
    }
    // Source health counts these records from their rows, read by the same join:
    // a lookup per record afterwards had cost an unchanged re-crawl 3.5 ms (issue
    // 25). Their rows do not change in this apply (Settle moves only the status).
    static const std::string kPageMembers =
        std::string("SELECT m.rid, m.status, m.missed, ") + detail::kSeenColumns +
        " FROM temp.page_set u JOIN memberships m ON m.source_id = ? AND m.page = u.url JOIN "
        "records r ON r.rid = m.rid WHERE u.unchanged AND m.status != 'removed'";
    CECAT_ASSIGN_OR_RETURN(Statement page_members, db.Prepare(kPageMembers));
    page_members.Bind(1, o.source_id);
    std::vector<MemberRow> rows;
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, page_members.Step());
      if (!row) break;
      const int64_t rid = page_members.Int(0);
      if (seen.count(rid) != 0) continue;  // upserted: counted as it was written
      rows.push_back({rid, page_members.Text(1), page_members.Int(2), ""});
      if (o.is_crawl) detail::CountSeenRow(page_members, 3, &seen_counts);
    }
    page_members.Reset();
    for (const MemberRow& m : rows) {
      if (!seen.insert(m.rid).second) continue;
      // An active membership only has its time moved, below, with every other one
      // on these pages (those upserted above already have `now`).
      bool changed = false;
      if (m.status != "active" || m.missed != 0) {
        CECAT_RETURN_IF_ERROR(SetMembership(db, m.rid, o.source_id, "active", 0, now));
        // A membership that stays active changes nothing the feed shows.
        if (m.status != "active") {
          CECAT_ASSIGN_OR_RETURN(changed, detail::Settle(db, m.rid, now));
        }
      }
      ++(changed ? stats.updated : stats.unchanged);
      if (changed) CECAT_RETURN_IF_ERROR(AddReviewTarget(db, m.rid, rate));
    }
    // Only the time moves: no indexed column is written (memberships_by_source
    // holds the status). The record's own row is not rewritten: its last sighting
    // is read as the latest of its memberships' (detail::kShownColumns).
    CECAT_ASSIGN_OR_RETURN(
        Statement touch,
        db.Prepare("UPDATE memberships SET last_seen = ?1 WHERE source_id = ?2 AND status = "
                   "'active' AND missed = 0 AND last_seen != ?1 AND EXISTS (SELECT 1 FROM "
                   "temp.page_set u WHERE u.url = memberships.page AND u.unchanged)"));
    CECAT_RETURN_IF_ERROR(touch.Bind(1, now).Bind(2, o.source_id).Run());
  }

  // SPEC.md: a crawl yielding under half the previous count removes nothing.
  // A reparse is not a crawl: what it did not yield was not missed by one (the
  // next crawl judges it), so it marks nothing stale or removed.
  const bool judges_missing = o.is_crawl && !o.partial;
  // Unless an admin accepted the source's new, smaller size since the last
  // crawl (`cecat sources accept`): this crawl then judges as usual, once.
  bool accepted = false;
  if (judges_missing) {
    CECAT_ASSIGN_OR_RETURN(Statement acc,
                           db.Prepare("UPDATE acceptances SET pending = 0 WHERE source_id = ? AND "
                                      "pending = 1"));
    CECAT_RETURN_IF_ERROR(acc.Bind(1, o.source_id).Run());
    accepted = db.Changes() > 0;
  }
  stats.suspicious =
      judges_missing && !accepted && static_cast<int64_t>(seen.size()) * 2 < prev_active;
  if (judges_missing && !stats.suspicious) {
    CECAT_ASSIGN_OR_RETURN(
        std::vector<MemberRow> rows,
        Members(db,
                "SELECT m.rid, m.status, m.missed, '' FROM memberships m WHERE m.source_id = ? AND "
                "m.status != 'removed'",
                o.source_id, nullptr));
    for (const MemberRow& m : rows) {
      if (seen.count(m.rid) != 0) continue;
      int64_t missed = m.missed + 1;
      std::string status = missed >= kMissesBeforeRemoval ? "removed" : "stale";
      if (status == "removed") ++stats.removed;
      if (status == "stale" && m.status == "active") ++stats.stale;
      CECAT_RETURN_IF_ERROR(SetMembership(db, m.rid, o.source_id, status, missed, std::nullopt));
      // Stale staying stale (another miss) changes nothing the feed shows.
      bool changed = false;
      if (status != m.status) {
        CECAT_ASSIGN_OR_RETURN(changed, detail::Settle(db, m.rid, now));
      }
      if (changed) CECAT_RETURN_IF_ERROR(AddReviewTarget(db, m.rid, rate));
    }
  }

  for (const std::string& target : rate) {
    if (target.empty()) continue;
    CECAT_RETURN_IF_ERROR(detail::RecomputeRating(db, target, now, /*settle=*/true));
  }
  if (o.is_crawl) stats.seen = std::move(seen_counts);
  if (o.partial) {
    CECAT_ASSIGN_OR_RETURN(Statement st,
                           db.Prepare("UPDATE sources SET last_error = ? WHERE id = ?"));
    CECAT_RETURN_IF_ERROR(
        st.Bind(1, o.error.empty() ? std::string("partial") : o.error).Bind(2, o.source_id).Run());
  } else if (o.is_crawl) {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("UPDATE sources SET last_success = ?, last_error = '' WHERE id = ?"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, now).Bind(2, o.source_id).Run());
    if (crawl_pages) CECAT_RETURN_IF_ERROR(MarkCrawlPages(db, o.source_id));
  }
  // The responses whose records this apply took in are pending no more, in the same
  // transaction as the records: a crawl's own, stored under its run (a killed run's
  // stay pending, so the next crawl fetches them in full rather than trusting a
  // 304), or for a reparse those in the source's crawl, which it replayed.
  const bool clear_pending = !o.is_crawl || pending_sources.count(o.source_id) != 0;
  if (clear_pending) {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare(o.is_crawl ? "UPDATE responses SET pending_run = NULL WHERE source_id = ?1 "
                                "AND pending_run = ?2"
                              : "UPDATE responses SET pending_run = NULL WHERE source_id = ?1 "
                                "AND pending_run IS NOT NULL AND in_crawl = 1"));
    st.Bind(1, o.source_id);
    if (o.is_crawl) st.Bind(2, o.run_id);
    CECAT_RETURN_IF_ERROR(st.Run());
  }
  CECAT_RETURN_IF_ERROR(tx.Commit());
  if (o.is_crawl) pending_sources.erase(o.source_id);
  return stats;
}

}  // namespace

Status Index::RecordCrawlPages(const std::string& source_id, const std::vector<std::string>& urls) {
  if (source_id.empty()) return Status::InvalidArgument("RecordCrawlPages: empty source id");
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::Transaction tx, detail::Transaction::Begin(db));
  CECAT_RETURN_IF_ERROR(FillPageSet(db, {}, 0, &urls));
  CECAT_RETURN_IF_ERROR(MarkCrawlPages(db, source_id));
  return tx.Commit();
}

Status Index::RecordAttempt(const std::string& source_id, int64_t now) {
  if (source_id.empty()) return Status::InvalidArgument("RecordAttempt: empty source id");
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      impl_->db().Prepare("INSERT INTO sources(id, last_attempt) VALUES(?1, ?2) ON CONFLICT(id) "
                          "DO UPDATE SET last_attempt = ?2, last_error = ''"));
  return st.Bind(1, source_id).Bind(2, now).Run();
}

Result<ApplyStats> Index::ApplySource(const SourceOutcome& o, int64_t now) {
  // Records of the same id later in the list win.
  std::unordered_map<std::string_view, size_t> last_of;
  last_of.reserve(o.records.size());
  for (size_t i = 0; i < o.records.size(); ++i) last_of[o.records[i].id] = i;
  static const std::string kNoText;
  static const std::vector<Contribution> kNoParts;
  static const std::vector<std::string> kNoIds;
  size_t next = 0;
  ItemSource items = [&](ItemView* item) -> Result<bool> {
    for (; next < o.records.size(); ++next) {
      const Record& rec = o.records[next];
      if (last_of[rec.id] != next) continue;
      // Views into the outcome: the record is not copied.
      item->record = &rec;
      auto page_it = o.pages.find(rec.id);
      item->page = page_it != o.pages.end() ? &page_it->second : &kNoText;
      auto key_it = o.match_keys.find(rec.id);
      item->match_key = key_it != o.match_keys.end() ? &key_it->second : &kNoText;
      item->contributions = &kNoParts;
      item->replaces = &kNoIds;
      ++next;
      return true;
    }
    return false;
  };
  size_t next_reject = 0;
  ApplyRejectSource rejects = [&](Rejected* r) -> Result<bool> {
    if (next_reject >= o.rejects.size()) return false;
    *r = o.rejects[next_reject++];
    return true;
  };
  return Apply(impl_->db(), o, items, rejects, now, impl_->pending_sources);
}

Result<ApplyStats> Index::ApplySourceStream(const SourceOutcome& o,
                                            const ApplyRecordSource& records,
                                            const ApplyRejectSource& rejects, int64_t now) {
  ApplyItem current;
  ItemSource items = [&](ItemView* item) -> Result<bool> {
    current = ApplyItem();
    CECAT_ASSIGN_OR_RETURN(bool more, records(&current));
    if (!more) return false;
    item->record = &current.record;
    item->page = &current.page;
    item->match_key = &current.match_key;
    item->contributions = &current.contributions;
    item->replaces = &current.replaces;
    return true;
  };
  return Apply(impl_->db(), o, items, rejects, now, impl_->pending_sources);
}

}  // namespace cecat::index
