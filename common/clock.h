// The one seam for time (STYLE.md, "Seams for time, files and the network"): the
// crawler and the refresh engine read the clock through this interface, so tests
// drive due-ness, retries and timestamps with a fake clock in milliseconds, as
// leveldb's Env does.
#pragma once

#include <chrono>
#include <cstdint>

namespace cecat {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall time: what records, stored responses and runs are stamped with, and what
  // HTTP dates (Retry-After, Last-Modified) are compared with.
  virtual std::chrono::system_clock::time_point Now() const = 0;
  // Monotonic time: intervals, politeness delays and deadlines.
  virtual std::chrono::steady_clock::time_point Steady() const = 0;

  // Now() as whole seconds since the Unix epoch.
  int64_t NowUnix() const;
};

// The process's real clocks. Never null; lives for the whole process.
const Clock& SystemClock();

// Seconds since the Unix epoch of a wall-clock time point (truncated).
int64_t UnixSeconds(std::chrono::system_clock::time_point t);

}  // namespace cecat
