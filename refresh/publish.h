// Publishing the feed from the index (the feed module writes files; the index
// produces records; this joins the two).
#pragma once

#include <filesystem>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "config/config.h"
#include "feed/feed.h"
#include "index/index.h"

namespace cecat::refresh {

// The feed's `sources`: one entry per configured source (disabled ones too: their
// records stay in the feed), with its name and its last successful crawl from
// `states` (0, "never", when the index has none). In config order; the feed sorts.
std::vector<feed::FeedSource> FeedSources(const std::vector<config::SourceConfig>& sources,
                                          const std::vector<index::SourceState>& states);

// Writes <feed_dir>/feed.json (and feed.json.gz with `gzip`) and a copy of
// `schema_file` as feed.schema.json, atomically, from the index's records at its
// current cursor, listing `sources` with their last success as the index has it.
// On failure the previous feed is untouched. `generated_at` is the clock's time.
// With `reuse_unchanged` (the refresh), the records part of the feed is copied
// from the previous feed.json when the cursor has not moved since the last such
// write and the file still holds what that write noted in the index
// (Index::FeedNotes, feed::SnapshotInfo::previous); after a successful write the
// notes are updated. A failure to keep the notes costs only the next copy.
Status WriteFeedSnapshot(index::Index& index, const std::vector<config::SourceConfig>& sources,
                         const std::filesystem::path& feed_dir,
                         const std::filesystem::path& schema_file, bool gzip,
                         const Clock& clock = SystemClock(), bool reuse_unchanged = false);

}  // namespace cecat::refresh
