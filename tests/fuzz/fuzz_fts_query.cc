// The search query parser: any bytes give an FTS5 expression that SQLite's FTS5
// accepts (the SPEC promises no syntax error for any query), checked against an
// in-memory FTS5 table.
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "index/detail/fts_query.h"

namespace {
sqlite3* Db() {
  static sqlite3* db = [] {
    sqlite3* d = nullptr;
    if (sqlite3_open(":memory:", &d) != SQLITE_OK) std::abort();
    if (sqlite3_exec(d,
                     "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='unicode61 "
                     "remove_diacritics 2');"
                     "INSERT INTO t VALUES('Ethics and telehealth', 'trauma CBT 6 CE');",
                     nullptr, nullptr, nullptr) != SQLITE_OK) {
      std::abort();
    }
    return d;
  }();
  return db;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string query = cecat::index::detail::BuildFtsQuery(text);
  if (query.empty()) return 0;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(Db(), "SELECT rowid FROM t WHERE t MATCH ?1", -1, &stmt, nullptr) !=
      SQLITE_OK) {
    std::abort();
  }
  sqlite3_bind_text(stmt, 1, query.data(), static_cast<int>(query.size()), SQLITE_TRANSIENT);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) __builtin_trap();  // an FTS5 syntax error: the promise is broken
  return 0;
}
