#include "common/time_format.h"

#include "common/clock.h"

#include <chrono>
#include <ctime>

namespace cecat {

std::string FormatRfc3339(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "";  // a year that does not fit in int
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

std::string NowRfc3339() { return FormatRfc3339(SystemClock().NowUnix()); }

}  // namespace cecat
