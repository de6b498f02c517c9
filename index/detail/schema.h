// The index's schema and its versioned migrations (PRAGMA user_version).
#pragma once

#include <filesystem>

#include "common/result.h"
#include "index/detail/sqlite.h"

namespace cecat::index::detail {

// Refuses, before SQLite opens it, an existing file that is not an SQLite
// database: one that is not a regular file, or whose first bytes (read, not
// judged by its size: /proc files report 0) are not SQLite's header. A missing or
// empty file passes (it becomes a new index). The error names the file: "database
// F is not a cecat database: not an SQLite file".
Status CheckSqliteFile(const std::filesystem::path& file);

// Refuses an SQLite file that cecat did not make (schema version 0 with tables
// in it, or a version without cecat's tables), and, read-only, an empty one;
// each error names the file and says "not a cecat database". Otherwise brings the
// database to `target` (kSchemaVersion unless a test wants an older
// one), one migration per transaction, so a crash mid-upgrade leaves a consistent
// older version that the next open continues from. A database newer than this
// build is refused, named, with both versions.
Status Migrate(Db& db, int target);

// PRAGMA user_version.
Result<int> SchemaVersion(Db& db);

}  // namespace cecat::index::detail
