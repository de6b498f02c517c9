// The one owner of a POSIX file descriptor.
#pragma once

namespace cecat {

// Owns a file descriptor (or none, -1) and closes it once: on Reset() or on
// destruction. Movable, not copyable.
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
  // Gives up ownership: the caller closes the descriptor returned.
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // Closes now. Returns 0, or close(2)'s errno: after writes, close is where NFS
  // and some full disks first report that data was lost, so writers check it.
  // The descriptor is gone either way (Linux close(2): never retry).
  int Reset();

 private:
  int fd_ = -1;
};

}  // namespace cecat
