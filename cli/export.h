// Writing the feed from the index (the feed module writes files; the index
// produces records; this joins the two).
#pragma once

#include <filesystem>

#include "common/result.h"
#include "index/index.h"

namespace cecat::cli {

// Writes <feed_dir>/feed.json and feed.schema.json atomically from the index.
Status WriteFeedSnapshot(index::Index& index, const std::filesystem::path& feed_dir, bool gzip);

}  // namespace cecat::cli
