// Locations as written ("Austin, TX", "In-Person - Austin, Texas 78701",
// schema.org Place/PostalAddress objects) to {city, state (US 2-letter), country
// (ISO 3166-1 alpha-2)}.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/record.h"

namespace cecat::normalise {

struct Location {
  std::string city;
  std::string state;    // US postal code, only for US locations
  std::string country;  // ISO 3166-1 alpha-2
  std::string understood;
};

// Text must name a US state (code or name) or a country to count; "Online",
// "Virtual", "Zoom" and a bare word give nullopt. A state without a country means US.
std::optional<Location> ParseLocation(const Json& value);

// "TX", "Texas", "tex." -> "TX" (50 states, DC, PR and territories); nullopt otherwise.
std::optional<std::string> UsStateCode(std::string_view name_or_code);
// "USA", "United States", "U.S.", "Canada", "UK", "GB", ... -> ISO alpha-2.
std::optional<std::string> CountryCode(std::string_view name_or_code);
// The full state name for a code ("TX" -> "Texas"), empty if unknown.
std::string UsStateName(std::string_view code);

// True when the text says the course has no place ("Online", "Virtual", "Zoom").
bool IsOnlineLocation(const Json& value);

// Feed JSON of a location: only the parts that are known.
Json LocationToJson(const Location& location);

}  // namespace cecat::normalise
