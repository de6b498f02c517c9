#include "normalise/dates.h"

#include <catch2/catch.hpp>

namespace cecat::normalise {
namespace {

struct DateCase {
  Json input;
  std::string start;
  std::string end;
};

TEST_CASE("dates as written become ISO 8601") {
  const DateCase kCases[] = {
      {"03/15/2027", "2027-03-15", ""},
      {"3/15/27", "2027-03-15", ""},
      {"3-15-2027", "2027-03-15", ""},
      {"15/03/2027", "2027-03-15", ""},  // day first only when it cannot be a month
      {"2027-03-15", "2027-03-15", ""},
      {"2027-3-5", "2027-03-05", ""},
      {"March 15, 2027", "2027-03-15", ""},
      {"Mar 15 2027", "2027-03-15", ""},
      {"Sept. 5th, 2027", "2027-09-05", ""},
      {"Saturday, March 15, 2027", "2027-03-15", ""},
      {"15 March 2027", "2027-03-15", ""},
      {"15th of March, 2027", "2027-03-15", ""},
      {"March 15-16, 2027", "2027-03-15", "2027-03-16"},
      {"Mar 15 \xE2\x80\x93 16, 2027", "2027-03-15", "2027-03-16"},
      {"March 30 - April 2, 2027", "2027-03-30", "2027-04-02"},
      {"December 30 - January 2, 2027", "2026-12-30", "2027-01-02"},
      {"15-16 March 2027", "2027-03-15", "2027-03-16"},
      {"03/15/2027 - 03/16/2027", "2027-03-15", "2027-03-16"},
      {"2027-03-15/2027-03-17", "2027-03-15", "2027-03-17"},
      {"2027-03-15T10:00:00-05:00", "2027-03-15T10:00:00-05:00", ""},
      {"2027-03-15T15:00:00Z", "2027-03-15T15:00:00Z", ""},
      {"2027-03-15T10:00:00-0500", "2027-03-15T10:00:00-05:00", ""},
      {"2027-03-15T10:00:00", "2027-03-15", ""},  // no zone: the time is dropped
      {"March 15, 2027 10:00 AM ET", "2027-03-15T10:00:00-04:00", ""},  // EDT in March 15
      {"January 10, 2027 7pm ET", "2027-01-10T19:00:00-05:00", ""},
      {"Jan 10, 2027, 1:00 PM - 4:00 PM EST", "2027-01-10T13:00:00-05:00",
       "2027-01-10T16:00:00-05:00"},
      {"06/01/2027 9:30 am PDT", "2027-06-01T09:30:00-07:00", ""},
      {"June 1, 2027 at 12:00 PM Central", "2027-06-01T12:00:00-05:00", ""},
      {"Nov 20, 2027 10-11:30 am PT", "2027-11-20T10:00:00-08:00", "2027-11-20T11:30:00-08:00"},
      {"Deadline: February 1, 2027", "2027-02-01", ""},
      {"Applications due 2/1/2027 by midnight", "2027-02-01", ""},
      {{{"startDate", "2027-03-15"}, {"endDate", "2027-03-16"}}, "2027-03-15", "2027-03-16"},
      {Json::array({"TBA", "April 2, 2027"}), "2027-04-02", ""},
      {"&lt;b&gt;May 1, 2027&lt;/b&gt;", "2027-05-01", ""},
      {"2027/04/08", "2027-04-08", ""},
      {"Thursday, April 8, 2027 | 12:00 PM - 1:30 PM ET", "2027-04-08T12:00:00-04:00",
       "2027-04-08T13:30:00-04:00"},
      {"April 8 2027 @ 7:00pm EDT", "2027-04-08T19:00:00-04:00", ""},
      {"Mon, Jan 4 2027 - Fri, Jan 8 2027", "2027-01-04", "2027-01-08"},
      {"Available through 12/31/2027", "2027-12-31", ""},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input.dump());
    auto d = ParseDate(c.input);
    REQUIRE(d.has_value());
    CHECK_FALSE(d->rolling);
    CHECK(d->start == c.start);
    CHECK(d->end == c.end);
  }
}

TEST_CASE("rolling deadlines are recognised") {
  const char* kCases[] = {"Rolling",           "rolling basis", "Ongoing",
                          "Open until filled", "No deadline",   "Applications accepted year-round"};
  for (const char* c : kCases) {
    INFO("input: " << c);
    auto d = ParseDate(Json(c));
    REQUIRE(d.has_value());
    CHECK(d->rolling);
    CHECK(d->start.empty());
  }
}

TEST_CASE("impossible or missing dates do not normalise") {
  const Json kCases[] = {"February 30, 2027", "13/13/2027", "2027-02-29", "TBA",  "",
                         "March 2027",        "1850-01-01", 20270315,     nullptr};
  for (const auto& c : kCases) {
    INFO("input: " << c.dump());
    CHECK_FALSE(ParseDate(c).has_value());
  }
}

TEST_CASE("US zone abbreviations follow daylight saving time") {
  // 2027: DST from March 14 to November 7.
  CHECK(ZoneOffsetMinutes("ET", 2027, 3, 13) == -300);
  CHECK(ZoneOffsetMinutes("ET", 2027, 3, 14) == -240);
  CHECK(ZoneOffsetMinutes("PT", 2027, 11, 6) == -420);
  CHECK(ZoneOffsetMinutes("PT", 2027, 11, 7) == -480);
  CHECK(ZoneOffsetMinutes("EST", 2027, 7, 1) == -300);
  CHECK(ZoneOffsetMinutes("UTC", 2027, 7, 1) == 0);
  CHECK_FALSE(ZoneOffsetMinutes("CET", 2027, 7, 1).has_value());
}

}  // namespace
}  // namespace cecat::normalise
