// Record-level writes shared by ApplySource, rating aggregation and migrations.
// All of them run inside the caller's transaction.
#pragma once

#include <cstdint>
#include <string>

#include "common/record.h"
#include "common/result.h"
#include "index/detail/sqlite.h"

namespace cecat::index::detail {

// The record's status from its memberships: active if any source has it active,
// else stale if any has it stale, else removed.
Result<std::string> MembershipStatus(Db& db, int64_t rid);

// Recomputes the record's status, `sources` and feed hash from its memberships,
// doc and rating. If the feed-visible content changed, bumps the cursor, sets
// updated_at, logs the change (upsert, or delete when it became removed) and
// rewrites its full-text row when `doc_changed` or it entered or left `removed`
// (a rating or status change leaves the text as it was). Returns whether it
// changed. The one place that hands out cursors, so "no content change, no cursor
// bump" holds everywhere.
// `known_fields`: the record's fields as just written (its stored doc), so that
// they are not read and parsed back; nullptr reads them.
// `force`: a change is logged (cursor, updated_at, an upsert) even when the feed
// content is the same, for a record in the feed: a curator's merge tells consumers
// about the record that took the merged-away id in.
Result<bool> Settle(Db& db, int64_t rid, int64_t now, bool doc_changed = false,
                    const Json* known_fields = nullptr, bool force = false);

// Rewrites the tag rows (approval, audience, topic, state) of the record.
// `fresh`: the record was inserted in this transaction and has no tag rows yet.
Status WriteTags(Db& db, int64_t rid, const Json& fields, bool fresh = false);

// The feed-shaped record of the row selected by kFeedColumns (starting at column
// `first`) from `records r` joined with kDocJoin: fields + id, type, url, sources,
// first_seen, updated_at, status, with the aggregate rating. No last_seen: it moves
// on every sighting without a cursor bump, and a feed record carries nothing that
// changes without the record changing (SPEC "Feed"), or snapshot + changes would
// not give the next snapshot.
inline constexpr const char* kFeedColumns =
    "r.id, r.type, r.url, r.sources, r.status, d.doc, r.rating, r.rating_count, r.first_seen, "
    "r.last_seen, r.updated_at";
// kFeedColumns with the record's last sighting by any source: the row's last_seen
// (moved when a crawl extracts the record) or a later one of its memberships' (a
// 304 moves only the membership's: an unchanged re-crawl rewrites no record row,
// issue 25). For FeedRecordWithLastSeen.
inline constexpr const char* kShownColumns =
    "r.id, r.type, r.url, r.sources, r.status, d.doc, r.rating, r.rating_count, r.first_seen, "
    "max(r.last_seen, coalesce((SELECT max(m.last_seen) FROM memberships m WHERE m.rid = "
    "r.rid), 0)), r.updated_at";
inline constexpr const char* kDocJoin = " JOIN record_docs d ON d.rid = r.rid";
// The record of a kFeedColumns row starting at column `first`, as the feed shows
// it: lifecycle times in RFC 3339, every URL redacted (common/redact.h).
Json FeedRecord(const Statement& st, int first);
// FeedRecord plus `last_seen`: what `show` and `search` print, read by people
// judging whether a course is still listed, not replayed by feed consumers.
Json FeedRecordWithLastSeen(const Statement& st, int first);

}  // namespace cecat::index::detail
