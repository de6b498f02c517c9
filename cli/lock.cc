#include "cli/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace cecat::cli {

Result<std::unique_ptr<DatabaseLock>> DatabaseLock::Acquire(const std::filesystem::path& database) {
  std::filesystem::path lock_file = database;
  lock_file += ".lock";
  UniqueFd fd(open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!fd.valid()) {
    return Status::IoError("cannot open lock file " + lock_file.string() + ": " +
                           std::strerror(errno));
  }
  if (flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    int e = errno;
    if (e == EWOULDBLOCK) {
      return Status::Busy("another cecat refresh, crawl or reparse holds " + lock_file.string());
    }
    return Status::IoError("cannot lock " + lock_file.string() + ": " + std::strerror(e));
  }
  // Record the holder's pid for humans; the flock, not the content, is the lock.
  std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd.get(), 0) == 0) {
    ssize_t ignored = pwrite(fd.get(), pid.data(), pid.size(), 0);
    (void)ignored;
  }
  return std::unique_ptr<DatabaseLock>(new DatabaseLock(std::move(fd)));
}

// Unlocks before fd_ closes: a child forked while the lock was held shares the open
// file description, and closing only our descriptor would leave the lock held.
DatabaseLock::~DatabaseLock() { flock(fd_.get(), LOCK_UN); }

}  // namespace cecat::cli
