// Ratings written out as star widgets' accessible labels say them (issue 19,
// "Field values written out"): number words, "and a half", half-star glyphs, a
// count in brackets beside the value. The wording is our own, modelled on pages.
#include <catch2/catch.hpp>

#include "parsers/rating.h"

using cecat::Json;
using cecat::parsers::RatingFromText;

TEST_CASE("Ratings written out in words are read with their scale and count") {
  struct Case {
    const char* text;
    double value;
    double best;   // 0: no scale stated
    double count;  // 0: none stated
  };
  const Case cases[] = {
      {"Four and a half out of five stars", 4.5, 5, 0},
      {"Rated 4.5 of 5", 4.5, 5, 0},
      {"4.5/5", 4.5, 5, 0},
      {"4.5 stars (120 reviews)", 4.5, 5, 120},
      {"Rating: 9/10", 9, 10, 0},
      {"Three out of five stars", 3, 5, 0},
      {"Rated five stars", 5, 5, 0},
      {"4 and a half stars", 4.5, 5, 0},
      {"Nine out of ten", 9, 10, 0},
      {"4.6 (212)", 4.6, 0, 212},
      {"Rated 4.5 stars out of 5", 4.5, 5, 0},
      {"\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x86 4.2 (96)", 4.2, 5, 96},
      {"One star out of five", 1, 5, 0},
  };
  int failed = 0;
  for (const Case& c : cases) {
    CAPTURE(c.text);
    auto r = RatingFromText(c.text);
    if (r) INFO("got " << r->dump());
    bool ok = r && (*r)["value"].get<double>() == Approx(c.value) &&
              (c.best > 0 ? r->contains("best") && (*r)["best"].get<double>() == Approx(c.best)
                          : !r->contains("best")) &&
              (c.count > 0 ? r->contains("count") && (*r)["count"].get<double>() == Approx(c.count)
                           : !r->contains("count"));
    CHECK(ok);
    failed += !ok;
  }
  WARN("written-out ratings failing in the parser: " << failed << " of " << std::size(cases));
}

TEST_CASE("Words about reviews without a rating are not a rating") {
  const char* texts[] = {"One review", "Be the first to review", "No ratings yet", "Top 10 courses",
                         "Six out of five"};
  for (const char* t : texts) {
    CAPTURE(t);
    CHECK_FALSE(RatingFromText(t).has_value());
  }
}
