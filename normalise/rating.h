// Ratings as written (schema.org AggregateRating {ratingValue, bestRating,
// worstRating, ratingCount/reviewCount}, "4.5 out of 5", "9/10", "90%", star
// glyphs) to the feed's rating {average on 0-5, count}.
#pragma once

#include <optional>
#include <string>

#include "common/record.h"

namespace cecat::normalise {

struct Rating {
  double average = 0;  // 0..5, rounded to 2 decimals
  long count = -1;     // -1 when not stated
  std::string understood;
};

// bestRating defaults to 5 (schema.org); a percentage maps 100% to 5; a bare number
// above 5 without a scale is rejected. Returns nullopt when nothing parses or the
// value lies outside its scale.
std::optional<Rating> ParseRating(const Json& value);

// Feed JSON: {"average": 4.5, "count": 12} (count only when known).
Json RatingToJson(const Rating& rating);

}  // namespace cecat::normalise
