// Buffered, fsync-aware file output for the feed: temporary files that become the
// real file by rename (so a reader never sees a partial feed), and anonymous spill
// files. Private to the feed module.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/unique_fd.h"

namespace cecat::feed::detail {

// Every temporary file the feed creates starts with this, so the next export can
// recognise (and remove) what an export that was killed left behind.
inline constexpr std::string_view kTempPrefix = ".feed-tmp-";

// Removes temporary files in `dir` left by feed writers whose process no longer
// exists (the pid is part of the name). Best effort: errors are ignored, since a
// leftover file never affects a later export (names are unique).
void RemoveStaleTempFiles(const std::filesystem::path& dir);

// fsyncs a directory so a rename in it survives a crash (POSIX leaves the directory
// entry's durability to the directory's own fsync).
Status SyncDir(const std::filesystem::path& dir);

// A file written through a buffer. The first error sticks: later calls return it.
class FileWriter {
 public:
  // A new temporary file in `dir` whose name starts with kTempPrefix, the pid and
  // `hint`; CommitAs() turns it into the real file. Removed on destruction unless
  // committed.
  static Result<FileWriter> CreateTemp(const std::filesystem::path& dir, std::string_view hint);
  // A file in `dir` without a name (created, then unlinked at once): scratch space
  // that disappears with the process however it ends.
  static Result<FileWriter> CreateAnonymous(const std::filesystem::path& dir);

  FileWriter(FileWriter&& other) noexcept;
  FileWriter& operator=(FileWriter&&) = delete;
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;
  ~FileWriter();

  Status Append(std::string_view data);
  Status Flush();
  // Flushes, fsyncs, closes and renames the file to `target` (same directory).
  Status CommitAs(const std::filesystem::path& target);
  // Flushes, then calls `sink` with the whole content from the start, in chunks.
  Status ReadBack(const std::function<Status(std::string_view)>& sink);
  // Bytes appended so far.
  int64_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  FileWriter(UniqueFd fd, std::filesystem::path path, bool named);
  Status Fail(const std::string& what);

  UniqueFd fd_;
  std::filesystem::path path_;  // the temporary name, or the dir for anonymous files
  bool named_ = false;          // unlink path_ on destruction unless committed
  std::vector<char> buffer_;
  size_t used_ = 0;
  int64_t size_ = 0;
  int64_t flushed_ = 0;         // bytes handed to write(2)
  int64_t writeback_from_ = 0;  // start of the range not yet sent to writeback
  Status status_;
};

}  // namespace cecat::feed::detail
