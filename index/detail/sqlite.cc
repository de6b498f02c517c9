#include "index/detail/sqlite.h"

#include "index/index.h"

namespace cecat::index::detail {

Statement::Statement(StmtHandle stmt, sqlite3* db, StatementCache* cache, std::string sql)
    : stmt_(std::move(stmt)), db_(db), cache_(cache), sql_(std::move(sql)) {}

Statement::~Statement() { Release(); }

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::move(other.stmt_)),
      db_(other.db_),
      cache_(other.cache_),
      sql_(std::move(other.sql_)),
      bind_error_(std::move(other.bind_error_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Release();
    stmt_ = std::move(other.stmt_);
    db_ = other.db_;
    cache_ = other.cache_;
    sql_ = std::move(other.sql_);
    bind_error_ = std::move(other.bind_error_);
  }
  return *this;
}

void Statement::Release() {
  if (!stmt_) return;
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  if (cache_ != nullptr) cache_->Return(std::move(sql_), std::move(stmt_));
  stmt_.reset();
}

Status Statement::Error(const char* what) const {
  return Status::IoError(std::string(what) + ": " + sqlite3_errmsg(db_) +
                         " (in: " + sql_.substr(0, 120) + ")");
}

Statement& Statement::Bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_.get(), index, value) != SQLITE_OK && bind_error_.ok())
    bind_error_ = Error("bind");
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  if (sqlite3_bind_double(stmt_.get(), index, value) != SQLITE_OK && bind_error_.ok())
    bind_error_ = Error("bind");
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  if (sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT,
                          SQLITE_UTF8) != SQLITE_OK &&
      bind_error_.ok())
    bind_error_ = Error("bind");
  return *this;
}

Statement& Statement::BindPointer(int index, void* p, const char* type) {
  if (sqlite3_bind_pointer(stmt_.get(), index, p, type, nullptr) != SQLITE_OK && bind_error_.ok())
    bind_error_ = Error("bind");
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob must still be a blob, not NULL: pass a non-null pointer.
  static const char kEmpty = 0;
  const void* data = bytes.empty() ? &kEmpty : bytes.data();
  if (sqlite3_bind_blob64(stmt_.get(), index, data, bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK &&
      bind_error_.ok())
    bind_error_ = Error("bind");
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (sqlite3_bind_null(stmt_.get(), index) != SQLITE_OK && bind_error_.ok())
    bind_error_ = Error("bind");
  return *this;
}

Result<bool> Statement::Step() {
  if (!bind_error_.ok()) return bind_error_;
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error("step");
}

Status Statement::Run() {
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bind_error_ = Status::Ok();
}

std::string Statement::Text(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_.get(), col));
  int n = sqlite3_column_bytes(stmt_.get(), col);
  return p == nullptr ? std::string() : std::string(p, static_cast<size_t>(n));
}

std::optional<int64_t> Statement::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

std::optional<double> Statement::OptDouble(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Double(col);
}

Result<Statement> StatementCache::Prepare(const std::string& sql) {
  auto it = idle_.find(sql);
  if (it != idle_.end() && !it->second.empty()) {
    StmtHandle stmt = std::move(it->second.back());
    it->second.pop_back();
    return Statement(std::move(stmt), db_, this, sql);
  }
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &raw, nullptr) != SQLITE_OK) {
    sqlite3_finalize(raw);
    return Status::IoError(std::string("prepare: ") + sqlite3_errmsg(db_) +
                           " (in: " + sql.substr(0, 120) + ")");
  }
  return Statement(StmtHandle(raw), db_, this, sql);
}

void StatementCache::Return(std::string sql, StmtHandle stmt) {
  auto& pool = idle_[std::move(sql)];
  // Two idle copies cover every nesting the index does; more would only hold memory.
  if (pool.size() < 2) pool.push_back(std::move(stmt));
}

Result<std::unique_ptr<Db>> Db::Open(const std::filesystem::path& file, bool read_only,
                                     int busy_timeout_ms) {
  std::unique_ptr<Db> db(new Db());
  db->file_ = file;
  db->read_only_ = read_only;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // one connection per thread; the index is not shared
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.string().c_str(), &raw, flags, nullptr);
  db->db_.reset(raw);
  if (rc != SQLITE_OK) {
    std::string msg = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return Status::IoError("cannot open database " + file.string() + ": " + msg);
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  db->cache_ = std::make_unique<StatementCache>(raw);
  CECAT_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys=ON"));
  // SQLite's default page cache is 2 MiB: over a catalogue of 100,000 courses (560
  // MiB) most page reads were pread calls, and the index bench spent 28% of its CPU
  // in the kernel. Up to 64 MiB of cache, allocated as pages are read
  // (docs/benchmarks.md, issue 22); a crawl's writer shrinks it (Index::SetCacheBytes).
  CECAT_RETURN_IF_ERROR(
      db->Exec("PRAGMA cache_size=-" + std::to_string(Index::kDefaultCacheBytes / 1024)));
  if (read_only) {
    // Readers (search, show, export, report) also read through a memory map: the OS
    // page cache, no copy. Not writers: the mapped pages a refresh touches would
    // count in its resident size, which the crawl's memory bounds are measured by.
    CECAT_RETURN_IF_ERROR(db->Exec("PRAGMA mmap_size=1073741824"));
  } else {
    // WAL lets `search` read a consistent snapshot while `refresh` writes.
    CECAT_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL"));
    // NORMAL is durable across application crashes in WAL mode; only a power loss
    // can drop the last transactions, never corrupt the file.
    CECAT_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=NORMAL"));
  }
  return db;
}

Db::~Db() {
  // Statements must be finalized before the connection closes.
  if (cache_) cache_->Clear();
}

Status Db::Error(const std::string& what) const {
  return Status::IoError(what + ": " + sqlite3_errmsg(db_.get()));
}

Status Db::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Status::IoError("database " + file_.string() + ": " + msg);
  }
  return Status::Ok();
}

Result<Statement> Db::PrepareUncached(const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) !=
      SQLITE_OK) {
    sqlite3_finalize(raw);
    return Error("prepare");
  }
  return Statement(StmtHandle(raw), db_.get(), nullptr, sql);
}

Result<Transaction> Transaction::Begin(Db& db) {
  CECAT_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  // Reached without Commit only on an error path, which already returns that
  // error; a destructor has no way to report a second one. Should ROLLBACK fail,
  // the transaction stays open and the connection's next Transaction::Begin
  // fails loudly ("cannot start a transaction within a transaction").
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Status::Internal("transaction already finished");
  CECAT_RETURN_IF_ERROR(db_->BeforeCommit());
  Status st = db_->Exec("COMMIT");
  if (st.ok()) db_ = nullptr;
  return st;
}

Result<ReadTransaction> ReadTransaction::Begin(Db& db) {
  if (sqlite3_get_autocommit(db.handle()) == 0) return ReadTransaction(nullptr);
  CECAT_RETURN_IF_ERROR(db.Exec("BEGIN"));
  return ReadTransaction(&db);
}

ReadTransaction::~ReadTransaction() {
  // Ends a read snapshot: nothing was written, so a failed COMMIT loses nothing,
  // and a destructor cannot report it; the connection's next Transaction::Begin
  // would, on the transaction left open.
  if (db_ != nullptr) (void)db_->Exec("COMMIT");
}

}  // namespace cecat::index::detail
