#include "common/time_format.h"

#include <catch2/catch.hpp>

#include <string>

namespace cecat {
namespace {

// RFC 3339 section 5.6 date-time in UTC ("Z"), whole seconds, zero-padded fields.
TEST_CASE("FormatRfc3339 writes UTC date-times with whole seconds") {
  struct Case {
    int64_t seconds;
    std::string text;
  };
  const Case cases[] = {
      {0, "1970-01-01T00:00:00Z"},          {1764075600, "2025-11-25T13:00:00Z"},
      {951782400, "2000-02-29T00:00:00Z"},   // leap day
      {1767225599, "2025-12-31T23:59:59Z"},  // last second of a year
      {-1, "1969-12-31T23:59:59Z"},         {4102444800, "2100-01-01T00:00:00Z"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.seconds);
    CHECK(FormatRfc3339(c.seconds) == c.text);
  }
}

TEST_CASE("NowRfc3339 has the same shape as FormatRfc3339") {
  std::string now = NowRfc3339();
  REQUIRE(now.size() == 20);
  CHECK(now[4] == '-');
  CHECK(now[10] == 'T');
  CHECK(now[19] == 'Z');
  CHECK(now >= "2025-01-01T00:00:00Z");
}

}  // namespace
}  // namespace cecat
