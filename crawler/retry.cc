#include "crawler/retry.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include "common/ascii.h"
#include "crawler/detail/curl_api.h"

namespace cecat::crawler {

bool IsRetryableStatus(int status) {
  if (status == 429) return true;
  return status >= 500 && status <= 599 && status != 501 && status != 505;
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    int64_t seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    // A delta too large to represent is "a very long time"; a day is long enough.
    if (ec != std::errc() || seconds > 86400) seconds = 86400;
    return std::chrono::milliseconds(seconds * 1000);
  }
  // curl_getdate parses the three HTTP-date forms of RFC 9110 section 5.6.7.
  std::string text(value);
  auto curl = detail::LoadCurl();
  if (!curl.ok()) return std::nullopt;
  time_t when = (*curl)->getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  auto at = std::chrono::system_clock::from_time_t(when);
  if (at <= now) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
}

std::chrono::milliseconds Backoff(int attempt, std::chrono::milliseconds base,
                                  std::chrono::milliseconds cap, double random01) {
  attempt = std::clamp(attempt, 1, 30);
  double full = static_cast<double>(base.count());
  for (int i = 1; i < attempt && full < static_cast<double>(cap.count()); ++i) full *= 2;
  full = std::min(full, static_cast<double>(cap.count()));
  random01 = std::clamp(random01, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(full / 2 + full / 2 * random01));
}

}  // namespace cecat::crawler
