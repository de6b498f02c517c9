#include "normalise/format.h"
#include "normalise/location.h"

#include <catch2/catch.hpp>

#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

TEST_CASE("delivery formats map to on_demand, live_online, in_person, hybrid") {
  const auto& vocab = testing::RepoVocabulary();
  struct Case {
    Json input;
    std::string format;
  };
  const Case kCases[] = {
      {"Live Webinar", "live_online"},
      {"Live Online", "live_online"},
      {"Virtual workshop", "live_online"},
      {"Zoom", "live_online"},
      {"https://schema.org/OnlineEventAttendanceMode", "live_online"},
      {"Interactive webinar (live)", "live_online"},
      {"Webinar", "live_online"},
      {"Live webinar - recording available afterwards", "live_online"},
      {"On-Demand", "on_demand"},
      {"Self-paced online course", "on_demand"},
      {"Home Study", "on_demand"},
      {"Recorded webinar", "on_demand"},
      {"Pre-recorded video", "on_demand"},
      {"Anytime", "on_demand"},
      {"online", "on_demand"},
      {"Text-based course", "on_demand"},
      {"In-Person", "in_person"},
      {"In-Person \xE2\x80\x94 Austin, TX", "in_person"},
      {"onsite", "in_person"},
      {"https://schema.org/OfflineEventAttendanceMode", "in_person"},
      {"Face-to-face seminar", "in_person"},
      {"Workshop", "in_person"},
      {"Two-day conference", "in_person"},
      {"Hybrid", "hybrid"},
      {"blended", "hybrid"},
      {"https://schema.org/MixedEventAttendanceMode", "hybrid"},
      {"Attend in person or online", "hybrid"},
      {"In-person (also live-streamed)", "hybrid"},
      {Json::array({"Course", "Live Webinar"}), "live_online"},
      {"Webinar Replay", "on_demand"},
      {"Live Virtual Training", "live_online"},
      {"Online (Self-Paced)", "on_demand"},
      {"On-site at Hilton", "in_person"},
      {"Livestream + in-person", "hybrid"},
      {"Home-study book", "on_demand"},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input.dump());
    auto f = ParseFormat(c.input, vocab);
    REQUIRE(f.has_value());
    CHECK(f->format == c.format);
  }
  for (const Json& none : {Json("Ethics"), Json(""), Json(nullptr), Json(42)}) {
    INFO("input: " << none.dump());
    CHECK_FALSE(ParseFormat(none, vocab).has_value());
  }
}

TEST_CASE("locations become city, US state code and country") {
  struct Case {
    Json input;
    std::string city, state, country;
  };
  const Case kCases[] = {
      {"Austin, TX", "Austin", "TX", "US"},
      {"Austin, Texas", "Austin", "TX", "US"},
      {"Austin, TX 78701", "Austin", "TX", "US"},
      {"Austin TX", "Austin", "TX", "US"},
      // A card's line of facts (corpus pc13): each segment is read on its own.
      {"Saturday, January 23, 2027 \xC2\xB7 Norfolk, VA \xC2\xB7 6 CE hours \xC2\xB7 $120",
       "Norfolk", "VA", "US"},
      {"March 5, 2027 \xE2\x80\xA2 Savannah, Ga. \xE2\x80\xA2 $150", "Savannah", "GA", "US"},
      {"Riverside Conference Center | Madison, WI", "Madison", "WI", "US"},
      {"In-Person \xE2\x80\x94 Austin, TX", "Austin", "TX", "US"},
      {"Hilton Downtown, 500 E 4th St, Austin, TX 78701, USA", "Austin", "TX", "US"},
      {"New York, NY", "New York", "NY", "US"},
      {"Washington, D.C.", "Washington", "DC", "US"},
      {"Portland, Ore.", "Portland", "OR", "US"},
      {"San Diego, California, United States", "San Diego", "CA", "US"},
      {"Toronto, ON, Canada", "Toronto", "", "CA"},
      {"Vancouver, British Columbia", "Vancouver", "", "CA"},
      {"London, UK", "London", "", "GB"},
      {"Dublin, Ireland", "Dublin", "", "IE"},
      {"Texas", "", "TX", "US"},
      {{{"@type", "Place"},
        {"name", "Convention Center"},
        {"address",
         {{"@type", "PostalAddress"},
          {"addressLocality", "Denver"},
          {"addressRegion", "CO"},
          {"postalCode", "80202"},
          {"addressCountry", "US"}}}},
       "Denver",
       "CO",
       "US"},
      {{{"addressLocality", "Seattle"}, {"addressRegion", "Washington"}}, "Seattle", "WA", "US"},
      {{{"addressLocality", "Sydney"},
        {"addressCountry", {{"@type", "Country"}, {"name", "Australia"}}}},
       "Sydney",
       "",
       "AU"},
      {{{"city", "Miami"}, {"state", "FL"}, {"country", "USA"}}, "Miami", "FL", "US"},
      {"Atlanta, GA (Downtown Marriott)", "Atlanta", "GA", "US"},
      {"Los Angeles, CA & Online", "Los Angeles", "CA", "US"},
      {"Conference (Austin, TX)", "Austin", "TX", "US"},
      {"Perth, WA, Australia", "Perth", "", "AU"},
      {"Suite 200, 123 Main St, Tampa, FL 33602", "Tampa", "FL", "US"},
      {"Ottawa, Canada", "Ottawa", "", "CA"},
      {"St. Louis, MO", "St. Louis", "MO", "US"},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input.dump());
    auto l = ParseLocation(c.input);
    REQUIRE(l.has_value());
    CHECK(l->city == c.city);
    CHECK(l->state == c.state);
    CHECK(l->country == c.country);
  }
  for (const Json& none : {Json("Online"), Json("Virtual (Zoom)"), Json("Convention Center"),
                           Json(""), Json(nullptr), Json::object()}) {
    INFO("input: " << none.dump());
    CHECK_FALSE(ParseLocation(none).has_value());
  }
}

TEST_CASE("state and country codes") {
  CHECK(UsStateCode("tx") == "TX");
  CHECK(UsStateCode("New Hampshire") == "NH");
  CHECK(UsStateCode("Calif.") == "CA");
  CHECK_FALSE(UsStateCode("Ontario").has_value());
  CHECK(CountryCode("U.S.A.") == "US");
  CHECK(CountryCode("England") == "GB");
  CHECK_FALSE(CountryCode("CA").has_value());  // California, not Canada
  CHECK(UsStateName("NY") == "new york");
  CHECK(LocationToJson(Location{"Austin", "TX", "US", ""}) ==
        Json({{"city", "Austin"}, {"state", "TX"}, {"country", "US"}}));
  CHECK(LocationToJson(Location{"", "", "GB", ""}) == Json({{"country", "GB"}}));
}

}  // namespace
}  // namespace cecat::normalise

namespace cecat::normalise {
namespace {

TEST_CASE("a schema.org VirtualLocation is online, not a place that failed to parse") {
  CHECK(IsOnlineLocation(Json::parse(R"({"@type": "VirtualLocation", "url": "/live"})")));
  CHECK(IsOnlineLocation(Json::parse(R"({"@type": ["VirtualLocation"], "url": "https://x/"})")));
  CHECK(IsOnlineLocation(
      Json::parse(R"([{"@type": "Place", "name": "Hall"}, {"@type": "VirtualLocation"}])")));
  CHECK(IsOnlineLocation(Json("Online via Zoom")));
  CHECK_FALSE(IsOnlineLocation(Json::parse(R"({"@type": "Place", "name": "Austin, TX"})")));
  CHECK_FALSE(ParseLocation(Json::parse(R"({"@type": "VirtualLocation", "url": "/live"})")));
}

}  // namespace
}  // namespace cecat::normalise
