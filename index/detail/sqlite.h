// Owners for SQLite's C handles: a connection (Db), a prepared statement
// (Statement) and a cache that hands statements out and takes them back.
//
// Every call reports failure as a Status carrying sqlite3_errmsg. Nothing here
// throws. A Statement borrowed from the cache is reset and its bindings cleared
// when it goes out of scope, so a half-stepped query never leaks into the next use.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "common/result.h"

namespace cecat::index::detail {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbHandle = std::unique_ptr<sqlite3, SqliteCloser>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

class StatementCache;

// One prepared statement in use. Move-only. On destruction it is reset, its
// bindings cleared, and (if it came from a cache) returned for reuse.
class Statement {
 public:
  Statement() = default;
  Statement(StmtHandle stmt, sqlite3* db, StatementCache* cache, std::string sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by 1-based index. A failed bind is remembered and reported by the next
  // Step/Run, so call sites can bind a chain without checking each one.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  // sqlite3_bind_pointer: hands `p` to an SQL function that asks for `type`
  // (https://sqlite.org/bindptr.html); SQL text cannot forge it.
  Statement& BindPointer(int index, void* p, const char* type);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }
  // Binds by name (":name", "@name" or "$name" as written in the SQL).
  template <typename T>
  Statement& BindName(const char* name, const T& value) {
    int index = sqlite3_bind_parameter_index(stmt_.get(), name);
    if (index == 0) {
      if (bind_error_.ok()) bind_error_ = Status::Internal(std::string("no parameter ") + name);
      return *this;
    }
    return Bind(index, value);
  }

  // Advances: true when a row is ready, false when done.
  Result<bool> Step();
  // Steps to completion, for statements that return no rows.
  Status Run();
  // Rewinds and clears bindings, to run the statement again.
  void Reset();

  bool IsNull(int col) const { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
  double Double(int col) const { return sqlite3_column_double(stmt_.get(), col); }
  std::string Text(int col) const;
  // The column's bytes without a copy: valid until the next Step, Reset or
  // column read of another type.
  std::string_view View(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_.get(), col));
    return p == nullptr
               ? std::string_view()
               : std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), col)));
  }
  std::optional<int64_t> OptInt(int col) const;
  std::optional<double> OptDouble(int col) const;

  const std::string& sql() const { return sql_; }

 private:
  void Release();
  Status Error(const char* what) const;

  StmtHandle stmt_;
  sqlite3* db_ = nullptr;
  StatementCache* cache_ = nullptr;
  std::string sql_;
  Status bind_error_;
};

// Prepared statements keyed by SQL text. A statement in use is checked out, so
// nested use of the same SQL (a callback that queries while a scan is stepping)
// gets a second, freshly prepared statement instead of clobbering the first.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  Result<Statement> Prepare(const std::string& sql);
  void Return(std::string sql, StmtHandle stmt);
  void Clear() { idle_.clear(); }

 private:
  sqlite3* db_;
  std::map<std::string, std::vector<StmtHandle>> idle_;
};

// A connection with its statement cache.
class Db {
 public:
  // Opens (creating it unless read_only) and applies the connection settings:
  // WAL (read-write only), foreign_keys=ON, busy_timeout.
  static Result<std::unique_ptr<Db>> Open(const std::filesystem::path& file, bool read_only,
                                          int busy_timeout_ms);
  ~Db();

  sqlite3* handle() const { return db_.get(); }
  const std::filesystem::path& file() const { return file_; }
  bool read_only() const { return read_only_; }

  // Runs one or more statements without parameters (schema, pragmas).
  Status Exec(const std::string& sql);
  // A cached prepared statement.
  Result<Statement> Prepare(const std::string& sql) { return cache_->Prepare(sql); }
  // A statement that is not cached (SQL built per call, e.g. a search).
  Result<Statement> PrepareUncached(const std::string& sql);
  int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_.get()); }
  int Changes() const { return sqlite3_changes(db_.get()); }
  Status Error(const std::string& what) const;
  // Run by Transaction::Commit before COMMIT, inside the transaction: an error
  // leaves it uncommitted (rolled back). Used to fold derived state (facets.h).
  void SetBeforeCommit(std::function<Status(Db&)> hook) { before_commit_ = std::move(hook); }
  Status BeforeCommit() { return before_commit_ ? before_commit_(*this) : Status::Ok(); }

 private:
  Db() = default;
  DbHandle db_;
  std::unique_ptr<StatementCache> cache_;
  std::filesystem::path file_;
  bool read_only_ = false;
  std::function<Status(Db&)> before_commit_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back on scope exit unless committed. IMMEDIATE
// takes the write lock up front, so a writer waits (busy_timeout) at BEGIN rather
// than failing with SQLITE_BUSY halfway through.
class Transaction {
 public:
  static Result<Transaction> Begin(Db& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_;
};

// A read snapshot over several statements (BEGIN ... COMMIT, deferred: no lock
// until the first read). Joins the caller's transaction if one is open.
class ReadTransaction {
 public:
  static Result<ReadTransaction> Begin(Db& db);
  ReadTransaction(ReadTransaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  ReadTransaction& operator=(ReadTransaction&&) = delete;
  ~ReadTransaction();

 private:
  explicit ReadTransaction(Db* db) : db_(db) {}
  Db* db_;  // null when joined or moved from
};

}  // namespace cecat::index::detail
