// Star ratings written as text (parsers/rating.h).
#include <catch2/catch.hpp>

#include "parsers/rating.h"

using cecat::Json;
using cecat::parsers::RatingFromText;

TEST_CASE("Ratings written as text are recognised with their scale") {
  struct Case {
    const char* text;
    double value;
    double best;   // 0: no scale stated
    double count;  // 0: none stated
  };
  const Case cases[] = {
      {"4.5 out of 5", 4.5, 5, 0},
      {"Rated 4.7 out of 5 stars (120 reviews)", 4.7, 5, 120},
      {"4/5", 4, 5, 0},
      {"9 / 10", 9, 10, 0},
      {"4,5 von 5", 4.5, 5, 0},
      {"\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x86", 4, 5, 0},
      {"\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85", 3, 5, 0},
      {"\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xC2\xBD", 4.5, 5, 0},
      {"90%", 90, 100, 0},
      {"96% recommend (1,204 ratings)", 96, 100, 1204},
      {"4.5 stars", 4.5, 5, 0},
      {"Rating: 4.2", 4.2, 0, 0},
      {"4.9", 4.9, 0, 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    auto r = RatingFromText(c.text);
    REQUIRE(r.has_value());
    CHECK((*r)["value"].get<double>() == Approx(c.value));
    if (c.best > 0) {
      CHECK((*r)["best"].get<double>() == Approx(c.best));
    } else {
      CHECK_FALSE(r->contains("best"));
    }
    if (c.count > 0) {
      CHECK((*r)["count"].get<double>() == Approx(c.count));
    } else {
      CHECK_FALSE(r->contains("count"));
    }
    CHECK((*r)["text"] == c.text);
  }
}

TEST_CASE("Text without a rating is not a rating") {
  const char* texts[] = {"", "Excellent course", "120 reviews", "6 out of 5", "150%"};
  for (const char* t : texts) {
    CAPTURE(t);
    CHECK_FALSE(RatingFromText(t).has_value());
  }
}
