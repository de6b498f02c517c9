// The index's schema and its versioned migrations (PRAGMA user_version).
#pragma once

#include "common/result.h"
#include "index/detail/sqlite.h"

namespace cecat::index::detail {

// Brings the database to `target` (kSchemaVersion unless a test wants an older
// one), one migration per transaction, so a crash mid-upgrade leaves a consistent
// older version that the next open continues from. A database newer than this
// build is refused, named, with both versions.
Status Migrate(Db& db, int target);

// PRAGMA user_version.
Result<int> SchemaVersion(Db& db);

}  // namespace cecat::index::detail
