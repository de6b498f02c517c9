#include "config/detail/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace cecat::config::detail {
namespace {

std::string Errno(int err) { return std::strerror(err); }

}  // namespace

Result<std::string> ReadSmallFile(const std::filesystem::path& file, size_t max_bytes) {
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return Status::IoError("cannot read: " + Errno(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Status::IoError("cannot read: " + Errno(errno));
  if (!S_ISREG(st.st_mode)) return Status::IoError("cannot read: not a regular file");
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    return Status::LimitExceeded("file is larger than " + std::to_string(max_bytes) + " bytes");
  }
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError("cannot read: " + Errno(errno));
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
    // The file may grow after fstat; the limit holds for what we read.
    if (data.size() > max_bytes) {
      return Status::LimitExceeded("file is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  return data;
}

Status WriteFileAtomically(const std::filesystem::path& file, const std::string& contents) {
  std::error_code ec;
  std::filesystem::path target = file;
  if (std::filesystem::is_symlink(file, ec)) {
    target = std::filesystem::canonical(file, ec);
    if (ec) return Status::IoError("cannot resolve symlink " + file.string() + ": " + ec.message());
  }
  struct stat old {};
  if (::stat(target.c_str(), &old) != 0) {
    return Status::IoError("cannot stat " + target.string() + ": " + Errno(errno));
  }
  std::filesystem::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  // mkstemp wants a writable template; a dot name keeps editors' globs off it.
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  UniqueFd fd(::mkstemp(name.data()));
  if (!fd.valid())
    return Status::IoError("cannot create a temp file in " + dir.string() + ": " + Errno(errno));
  std::string tmp(name.data());
  auto fail = [&](const std::string& what, int err) {
    fd.Reset();
    ::unlink(tmp.c_str());
    return Status::IoError(what + ": " + Errno(err));
  };
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd.get(), contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("cannot write " + tmp, errno);
    done += static_cast<size_t>(n);
  }
  if (::fchmod(fd.get(), old.st_mode & 07777) != 0) return fail("cannot chmod " + tmp, errno);
  if (::fsync(fd.get()) != 0) return fail("cannot fsync " + tmp, errno);
  if (int err = fd.Reset(); err != 0) return fail("cannot close " + tmp, err);
  if (::rename(tmp.c_str(), target.c_str()) != 0)
    return fail("cannot rename " + tmp + " to " + target.string(), errno);
  // The rename is durable only once the folder's entry is on disk.
  UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.valid()) ::fsync(dir_fd.get());
  return Status::Ok();
}

}  // namespace cecat::config::detail
