// Retry policy: which failures are worth another try, and how long to wait.
//
// Pure functions; the crawler passes in the clock reading and the random draw.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace cecat::crawler {

// True for HTTP statuses that say "try again later": 429 and every 5xx except
// 501 Not Implemented and 505 HTTP Version Not Supported, which will not change.
bool IsRetryableStatus(int status);

// The delay a Retry-After header asks for (RFC 9110 section 10.2.3): delta-seconds
// or an HTTP-date (IMF-fixdate, and the obsolete RFC 850 and asctime forms), relative
// to `now`. A date in the past gives zero. nullopt when the value is neither.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

// Exponential backoff with jitter for retry number `attempt` (1 for the first
// retry): base * 2^(attempt-1), capped at `cap`, then scaled into [1/2, 1] of
// itself by `random01` in [0, 1) ("equal jitter"), so clients that failed together
// do not retry together.
std::chrono::milliseconds Backoff(int attempt, std::chrono::milliseconds base,
                                  std::chrono::milliseconds cap, double random01);

}  // namespace cecat::crawler
