// Dates as written ("03/15/2027", "March 15-16, 2027", "2027-03-15T10:00:00-05:00",
// "Sat, Mar 15, 2027 10:00 AM ET", "Rolling") to ISO 8601: a date "2027-03-15", or a
// date-time with offset "2027-03-15T10:00:00-05:00" when a time zone is given.
#pragma once

#include <optional>
#include <string>

#include "common/record.h"

namespace cecat::normalise {

struct DateValue {
  std::string start;     // ISO 8601 date or date-time with offset; empty when rolling
  std::string end;       // the range's end, when the text states a range
  bool rolling = false;  // "Rolling", "ongoing", "open until filled", "no deadline"
  std::string understood;
};

// Accepts text, a schema.org object with startDate/endDate, or an array (first
// element that parses). US order (month/day/year) for numeric dates, day first only
// when the first number cannot be a month. Years outside 1990-2100 and impossible
// days (February 30) are rejected. Without a time zone the time is dropped, since
// the feed's date-times always carry an offset.
std::optional<DateValue> ParseDate(const Json& value);

// UTC offset of a US zone abbreviation on a date ("ET" is EST or EDT by the US
// daylight-saving rule: second Sunday of March to first Sunday of November).
// Returns nullopt for an unknown abbreviation. Minutes east of UTC.
std::optional<int> ZoneOffsetMinutes(const std::string& zone, int year, int month, int day);

}  // namespace cecat::normalise
