// Times as text for the feed, the index's JSON and the command line.
#pragma once

#include <cstdint>
#include <string>

namespace cecat {

// RFC 3339 in UTC with whole seconds: 1764075600 -> "2025-11-25T13:00:00Z"
// (RFC 3339 section 5.6, the profile the feed schema's "date-time" means).
std::string FormatRfc3339(int64_t unix_seconds);

// The current time, formatted the same way.
std::string NowRfc3339();

}  // namespace cecat
