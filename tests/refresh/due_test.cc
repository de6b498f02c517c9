// Due-ness as a pure rule: never succeeded, or `refresh` hours since the last
// success (SPEC: `cecat refresh` crawls every enabled source that is due).
#include <catch2/catch.hpp>

#include "refresh/due.h"

namespace cecat::refresh {
namespace {

index::SourceState Succeeded(int64_t at) {
  index::SourceState s;
  s.id = "s";
  s.last_success = at;
  s.last_attempt = at;
  return s;
}

TEST_CASE("due-ness: never crawled, interval passed, or not yet") {
  constexpr int64_t kDay = 24 * 3600;
  struct Case {
    const char* what;
    std::optional<index::SourceState> state;
    double refresh_hours;
    int64_t now;
    bool due;
  } cases[] = {
      {"no state at all", std::nullopt, 24, 1000, true},
      {"attempted, never succeeded", Succeeded(0), 24, 1000, true},
      {"an hour short of daily", Succeeded(kDay), 24, 2 * kDay - 3600, false},
      {"exactly a day later", Succeeded(kDay), 24, 2 * kDay, true},
      {"weekly, six days later", Succeeded(kDay), 168, 7 * kDay, false},
      {"weekly, seven days later", Succeeded(kDay), 168, 8 * kDay, true},
      {"every 1.5 hours, 90 minutes later", Succeeded(kDay), 1.5, kDay + 5400, true},
      {"clock set back before the last success", Succeeded(kDay), 24, kDay - 60, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    CHECK(IsDue(c.state, c.refresh_hours, c.now) == c.due);
  }
}

}  // namespace
}  // namespace cecat::refresh
