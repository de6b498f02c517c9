// Retry policy: which statuses are retried, Retry-After, backoff with jitter.
#include "crawler/retry.h"
#include "crawler/detail/curl_api.h"

#include <catch2/catch.hpp>

#include <ctime>
#include <string>

namespace cecat::crawler {
namespace {

using namespace std::chrono_literals;

TEST_CASE("retry: 429 and transient 5xx are retried, the rest are not") {
  struct Case {
    int status;
    bool retry;
  } cases[] = {{429, true},  {500, true},  {502, true},  {503, true},  {504, true},  {501, false},
               {505, false}, {404, false}, {403, false}, {200, false}, {408, false}, {599, true}};
  for (const Case& c : cases) {
    CAPTURE(c.status);
    CHECK(IsRetryableStatus(c.status) == c.retry);
  }
}

// RFC 9110 section 10.2.3: delay-seconds or an HTTP-date.
TEST_CASE("retry: Retry-After as seconds or as an HTTP date") {
  std::tm tm{};
  strptime("2026-11-25 12:00:00", "%Y-%m-%d %H:%M:%S", &tm);
  auto now = std::chrono::system_clock::from_time_t(timegm(&tm));
  struct Case {
    const char* value;
    std::optional<std::chrono::milliseconds> wait;
  } cases[] = {
      {"120", 120s},
      {" 0 ", 0s},
      {"Wed, 25 Nov 2026 12:00:30 GMT", 30s},      // IMF-fixdate
      {"Wednesday, 25-Nov-26 12:01:00 GMT", 60s},  // obsolete RFC 850
      {"Wed Nov 25 12:00:05 2026", 5s},            // asctime
      {"Wed, 25 Nov 2026 11:00:00 GMT", 0s},       // in the past: at once
      {"99999999999999999999", 86400s},            // absurd: capped at a day
      {"soon", std::nullopt},
      {"", std::nullopt},
      {"-5", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.value);
    auto wait = ParseRetryAfter(c.value, now);
    REQUIRE(wait.has_value() == c.wait.has_value());
    if (wait) CHECK(*wait == *c.wait);
  }
}

TEST_CASE("retry: backoff doubles per attempt, is capped, and jitters within [1/2, 1]") {
  struct Case {
    int attempt;
    double random;
    std::chrono::milliseconds wait;
  } cases[] =
      {
          {1, 0.0, 50ms},  {1, 1.0, 100ms},   {2, 0.0, 100ms},   {3, 0.5, 300ms},
          {4, 1.0, 800ms}, {10, 1.0, 5000ms}, {10, 0.0, 2500ms}, {1000, 1.0, 5000ms},
          {0, 1.0, 100ms},  // attempts below 1 count as the first
      };
  for (const Case& c : cases) {
    CAPTURE(c.attempt, c.random);
    CHECK(Backoff(c.attempt, 100ms, 5000ms, c.random) == c.wait);
  }
}

}  // namespace
}  // namespace cecat::crawler

TEST_CASE("libcurl is loaded on demand, once, with every function the crawler calls") {
  // cecat does not link libcurl (tests/CMakeLists.txt checks the binary): a crawl
  // loads it first. Every member resolved means the crawler never calls a null.
  auto api = cecat::crawler::detail::LoadCurl();
  REQUIRE(api.ok());
  const cecat::crawler::detail::CurlApi& a = **api;
  CHECK(a.global_init != nullptr);
  CHECK(a.easy_init != nullptr);
  CHECK(a.easy_setopt != nullptr);
  CHECK(a.multi_poll != nullptr);
  CHECK(a.getdate != nullptr);
  CHECK(&cecat::crawler::detail::Curl() == *api);
  auto again = cecat::crawler::detail::LoadCurl();
  REQUIRE(again.ok());
  CHECK(*again == *api);
  // A call through the table is a call into libcurl.
  CHECK(a.getdate("Sun, 06 Nov 1994 08:49:37 GMT", nullptr) == 784111777);
  CHECK(std::string(a.easy_strerror(CURLE_OK)) == "No error");
}
