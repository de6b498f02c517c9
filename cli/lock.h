// One writer per database: `refresh`, `crawl`, `reparse` and a `curate` change
// hold an exclusive flock(2) on "<database>.lock". The kernel drops the lock when the process dies,
// however it dies, so a killed run never blocks the next one.
#pragma once

#include <filesystem>
#include <memory>
#include <utility>

#include "common/result.h"
#include "common/unique_fd.h"

namespace cecat::cli {

class DatabaseLock {
 public:
  // Takes the lock without waiting. Busy (exit 3) when another process holds it;
  // IoError when the lock file cannot be created.
  static Result<std::unique_ptr<DatabaseLock>> Acquire(const std::filesystem::path& database);
  ~DatabaseLock();
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

 private:
  explicit DatabaseLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace cecat::cli
