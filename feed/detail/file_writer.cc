#include "feed/detail/file_writer.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <random>
#include <system_error>
#include <utility>

#include "common/stale_files.h"

namespace cecat::feed::detail {
namespace {

constexpr size_t kBufferSize = 1 << 20;
// Written bytes after which a file that will be fsynced starts its writeback, so the
// disk works while the producer does and the final fsync has little left to do
// (RocksDB's bytes_per_sync does the same). Linux-specific; elsewhere a no-op.
constexpr int64_t kWritebackEvery = 8 << 20;

std::string ErrnoText(int err) { return std::strerror(err); }

// A name no other writer (in this or another process) picks: prefix, pid, a
// per-process counter and random bits.
std::string UniqueName(std::string_view hint) {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string name(kTempPrefix);
  name += std::to_string(::getpid());
  name += '-';
  name += std::to_string(counter.fetch_add(1));
  name += '-';
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(rng()));
  name += hex;
  name += '-';
  name += hint;
  return name;
}

Result<UniqueFd> OpenExclusive(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(file.string() + ": " + ErrnoText(errno));
  return UniqueFd(fd);
}

}  // namespace

void RemoveStaleTempFiles(const std::filesystem::path& dir) {
  RemoveDeadWritersFiles(dir, kTempPrefix);
}

Status SyncDir(const std::filesystem::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return Status::IoError(dir.string() + ": " + ErrnoText(errno));
  if (::fsync(fd.get()) != 0) {
    return Status::IoError(dir.string() + ": fsync: " + ErrnoText(errno));
  }
  return Status::Ok();
}

FileWriter::FileWriter(UniqueFd fd, std::filesystem::path path, bool named)
    : fd_(std::move(fd)), path_(std::move(path)), named_(named), buffer_(kBufferSize) {}

FileWriter::FileWriter(FileWriter&& other) noexcept
    : fd_(std::move(other.fd_)),
      path_(std::move(other.path_)),
      named_(std::exchange(other.named_, false)),
      buffer_(std::move(other.buffer_)),
      used_(std::exchange(other.used_, 0)),
      size_(other.size_),
      flushed_(other.flushed_),
      writeback_from_(other.writeback_from_),
      status_(std::move(other.status_)) {}

FileWriter::~FileWriter() {
  fd_.Reset();
  if (named_) ::unlink(path_.c_str());
}

Result<FileWriter> FileWriter::CreateTemp(const std::filesystem::path& dir, std::string_view hint) {
  std::filesystem::path file = dir / UniqueName(hint);
  CECAT_ASSIGN_OR_RETURN(UniqueFd fd, OpenExclusive(file));
  return FileWriter(std::move(fd), file, /*named=*/true);
}

Result<FileWriter> FileWriter::CreateAnonymous(const std::filesystem::path& dir) {
  std::filesystem::path file = dir / UniqueName("spill");
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError(file.string() + ": " + ErrnoText(errno));
  UniqueFd owned(fd);
  if (::unlink(file.c_str()) != 0) {
    return Status::IoError(file.string() + ": unlink: " + ErrnoText(errno));
  }
  return FileWriter(std::move(owned), dir, /*named=*/false);
}

Status FileWriter::Fail(const std::string& what) {
  if (status_.ok()) status_ = Status::IoError(path_.string() + ": " + what);
  return status_;
}

Status FileWriter::Append(std::string_view data) {
  if (!status_.ok()) return status_;
  size_ += static_cast<int64_t>(data.size());
  while (!data.empty()) {
    if (used_ == buffer_.size()) CECAT_RETURN_IF_ERROR(Flush());
    size_t n = std::min(data.size(), buffer_.size() - used_);
    std::memcpy(buffer_.data() + used_, data.data(), n);
    used_ += n;
    data.remove_prefix(n);
  }
  return Status::Ok();
}

Status FileWriter::Flush() {
  if (!status_.ok()) return status_;
  size_t done = 0;
  while (done < used_) {
    ssize_t n = ::write(fd_.get(), buffer_.data() + done, used_ - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail("write: " + ErrnoText(errno));
    }
    done += static_cast<size_t>(n);
  }
  flushed_ += static_cast<int64_t>(used_);
  used_ = 0;
  if (named_ && flushed_ - writeback_from_ >= kWritebackEvery) {
#ifdef SYNC_FILE_RANGE_WRITE
    // Only starts the writeback and never waits; a failure here changes nothing,
    // since the fsync in CommitAs is what makes the data durable.
    ::sync_file_range(fd_.get(), writeback_from_, flushed_ - writeback_from_,
                      SYNC_FILE_RANGE_WRITE);
#endif
    writeback_from_ = flushed_;
  }
  return Status::Ok();
}

Status FileWriter::CommitAs(const std::filesystem::path& target) {
  CECAT_RETURN_IF_ERROR(Flush());
  if (!named_) return Fail("an anonymous file cannot be committed");
  if (::fsync(fd_.get()) != 0) return Fail("fsync: " + ErrnoText(errno));
  if (int err = fd_.Reset(); err != 0) return Fail("close: " + ErrnoText(err));
  if (::rename(path_.c_str(), target.c_str()) != 0) {
    return Fail("rename to " + target.string() + ": " + ErrnoText(errno));
  }
  named_ = false;  // the name now belongs to the real file
  return Status::Ok();
}

Status FileWriter::ReadBack(const std::function<Status(std::string_view)>& sink) {
  CECAT_RETURN_IF_ERROR(Flush());
  off_t offset = 0;
  for (;;) {
    ssize_t n = ::pread(fd_.get(), buffer_.data(), buffer_.size(), offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail("read: " + ErrnoText(errno));
    }
    if (n == 0) break;
    offset += n;
    CECAT_RETURN_IF_ERROR(sink(std::string_view(buffer_.data(), static_cast<size_t>(n))));
  }
  return Status::Ok();
}

}  // namespace cecat::feed::detail
