#include "common/unique_fd.h"

#include <unistd.h>

#include <cerrno>

namespace cecat {

int UniqueFd::Reset() {
  if (fd_ < 0) return 0;
  int rc = ::close(fd_);
  fd_ = -1;
  return rc == 0 ? 0 : errno;
}

}  // namespace cecat
