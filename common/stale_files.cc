#include "common/stale_files.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>
#include <system_error>

namespace cecat {

void RemoveDeadWritersFiles(const std::filesystem::path& dir, std::string_view prefix) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    const char* first = name.data() + prefix.size();
    const char* last = name.data() + name.size();
    long pid = 0;
    auto [ptr, err] = std::from_chars(first, last, pid);
    if (err != std::errc() || ptr == first || pid <= 0) continue;
    // Only a writer that no longer exists is done with its file. ESRCH is the one
    // definite answer; EPERM means the process exists (as another user).
    if (pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    std::error_code remove_ec;
    std::filesystem::remove(it->path(), remove_ec);
  }
}

}  // namespace cecat
