// A clock that moves only when told (the cecat::Clock seam, common/clock.h), for
// tests of due-ness, timestamps and retry dates.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

#include "common/clock.h"

namespace cecat::testing {

class FakeClock final : public Clock {
 public:
  // 2026-12-01T00:00:00Z
  explicit FakeClock(int64_t unix_seconds = 1796083200) { Set(unix_seconds); }
  std::chrono::system_clock::time_point Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  std::chrono::steady_clock::time_point Steady() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return steady_;
  }
  void Set(int64_t unix_seconds) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds));
  }
  void Advance(std::chrono::seconds d) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += d;
    steady_ += d;
  }

 private:
  mutable std::mutex mu_;
  std::chrono::system_clock::time_point now_;
  std::chrono::steady_clock::time_point steady_{};
};

}  // namespace cecat::testing
