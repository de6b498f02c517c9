// Publishing the feed from the index (the feed module writes files; the index
// produces records; this joins the two).
#pragma once

#include <filesystem>

#include "common/clock.h"
#include "common/result.h"
#include "index/index.h"

namespace cecat::refresh {

// Writes <feed_dir>/feed.json (and feed.json.gz with `gzip`) and a copy of
// `schema_file` as feed.schema.json, atomically, from the index's records at its
// current cursor. On failure the previous feed is untouched.
// `generated_at` is the clock's time.
Status WriteFeedSnapshot(index::Index& index, const std::filesystem::path& feed_dir,
                         const std::filesystem::path& schema_file, bool gzip,
                         const Clock& clock = SystemClock());

}  // namespace cecat::refresh
