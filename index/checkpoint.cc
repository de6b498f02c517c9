#include "index/checkpoint.h"

#include <utility>

#include "index/detail/sqlite.h"

namespace cecat::index {

namespace {

// The checkpoint takes no lock a writer waits for; the timeout only covers
// opening the connection while a writer holds the database's write lock.
constexpr int kBusyTimeoutMs = 1000;

}  // namespace

BackgroundCheckpoint::BackgroundCheckpoint(std::filesystem::path database) {
  thread_ = std::thread([this, database = std::move(database)] {
    auto db = detail::Db::Open(database, /*read_only=*/false, kBusyTimeoutMs);
    status_ = db.ok() ? (*db)->Exec("PRAGMA wal_checkpoint(PASSIVE)") : db.status();
  });
}

BackgroundCheckpoint::~BackgroundCheckpoint() { Wait(); }

Status BackgroundCheckpoint::Wait() {
  if (thread_.joinable()) thread_.join();
  return status_;
}

}  // namespace cecat::index
