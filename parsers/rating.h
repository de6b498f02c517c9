// Star ratings written as text: "4.5 out of 5", "4/5", "4.5 stars", "★★★★☆",
// "90%", "Rated 4.7 (120 reviews)" (DOMAIN.md "Reviews").
#pragma once

#include <optional>
#include <string_view>

#include "common/record.h"

namespace cecat::parsers {

// {"value": number, "best": number, "count": number, "text": as written}; "best"
// only when the text states the scale (out of N, N stars of M glyphs, percent ->
// 100) and "count" only when it states one. nullopt when no rating is recognised.
std::optional<Json> RatingFromText(std::string_view text);

}  // namespace cecat::parsers
