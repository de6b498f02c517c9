// Reading and atomically replacing a small file, with POSIX calls so every
// failure says which call and why (errno). Private to the config module.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "common/result.h"

namespace cecat::config::detail {

// Owns a file descriptor; closes it once.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = other.Release();
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // Closes now; returns close()'s errno, or 0. (Errors from close matter after
  // writes: NFS reports write failures there.)
  int Reset();

 private:
  int fd_ = -1;
};

// The whole file, or IoError ("cannot read: No such file or directory") for a
// missing, unreadable or non-regular file, or LimitExceeded past `max_bytes`.
Result<std::string> ReadSmallFile(const std::filesystem::path& file, size_t max_bytes);

// Replaces `file` with `contents` so that readers see the old or the new bytes,
// never a mix: a temp file in the same folder, written, fsync'd, given the old
// file's permissions, renamed over the file, then the folder fsync'd. If `file`
// is a symlink, its target is replaced. On failure the temp file is removed and
// `file` is untouched.
Status WriteFileAtomically(const std::filesystem::path& file, const std::string& contents);

}  // namespace cecat::config::detail
