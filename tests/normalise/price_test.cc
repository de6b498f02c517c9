#include "normalise/price.h"

#include <catch2/catch.hpp>

namespace cecat::normalise {
namespace {

struct PriceCase {
  Json input;
  double amount;
  std::string currency;
  bool free;
  bool has_note;
};

TEST_CASE("prices as written become amount, currency, free and note") {
  const PriceCase kCases[] = {
      {"$29", 29, "USD", false, false},
      {"$29.00", 29, "USD", false, false},
      {"USD 1,299.00", 1299, "USD", false, false},
      {"1,299 USD", 1299, "USD", false, false},
      {"US$45", 45, "USD", false, false},
      {"CA$45", 45, "CAD", false, false},
      {"C$ 60", 60, "CAD", false, false},
      {"\xE2\x82\xAC"
       "49",
       49, "EUR", false, false},
      {"\xC2\xA3"
       "30.50",
       30.5, "GBP", false, false},
      {"49 EUR", 49, "EUR", false, false},
      {"Price: 25", 25, "USD", false, false},
      {"29", 29, "USD", false, false},
      {29, 29, "USD", false, false},
      {0, 0, "USD", true, false},
      {"Free", 0, "USD", true, false},
      {"FREE!", 0, "USD", true, false},
      {"No cost", 0, "USD", true, false},
      {"Complimentary", 0, "USD", true, false},
      {"$0.00", 0, "USD", true, false},
      {"FREE for members / $29 non-members", 29, "USD", false, true},
      {"Members $19 / Non-members $29", 29, "USD", false, true},
      {"$29 ($19 for NASW members)", 29, "USD", false, true},
      {"Early bird $99, Regular $129", 99, "USD", false, true},
      {"$29 - $49", 29, "USD", false, true},
      {"Free to watch; $15 for the CE certificate", 15, "USD", false, true},
      {"Students: $10 | General: $40", 40, "USD", false, true},
      {"Free for members", 0, "USD", false, true},
      // A session of a paid conference (corpus pc17): no extra cost, not free.
      {"Included with conference registration", 0, "USD", false, true},
      {{{"price", "0"},
        {"priceCurrency", "USD"},
        {"description", "Included with conference registration"}},
       0,
       "USD",
       false,
       true},
      {"CE certificate included", 0, "USD", true, false},
      {"Free &amp; open to all", 0, "USD", true, false},
      {"<span class=\"price\">$35</span>", 35, "USD", false, false},
      {{{"price", "29.00"}, {"priceCurrency", "USD"}}, 29, "USD", false, false},
      {{{"@type", "Offer"}, {"price", 0}, {"priceCurrency", "USD"}, {"category", "Free"}},
       0,
       "USD",
       true,
       false},
      {{{"@type", "Offer"}, {"price", "0"}}, 0, "USD", true, false},
      {{{"@type", "AggregateOffer"},
        {"lowPrice", "19"},
        {"highPrice", "49"},
        {"priceCurrency", "CAD"}},
       19,
       "CAD",
       false,
       false},
      {{{"@type", "Offer"}, {"category", "Free"}}, 0, "USD", true, false},
      {{{"@type", "Offer"}, {"priceSpecification", {{"price", 75}, {"priceCurrency", "EUR"}}}},
       75,
       "EUR",
       false,
       false},
      {Json::array({{{"name", "Member price"}, {"price", 19}, {"priceCurrency", "USD"}},
                    {{"name", "Non-member price"}, {"price", 39}, {"priceCurrency", "USD"}}}),
       39, "USD", false, true},
      {Json::array({{{"price", 60}}, {{"price", 45}}}), 45, "USD", false, true},
      {{{"amount", 120}, {"currency", "usd"}}, 120, "USD", false, false},
      {"Registration: $199 early bird until 2/1; $249 after", 199, "USD", false, true},
      {"Free webinar; CE certificate $10", 10, "USD", false, true},
      {"Member: $0 | Non-member: $45", 45, "USD", false, true},
      {"Cost: Free for NASW members, $20 for non-members", 20, "USD", false, true},
      {"$49 (includes CE certificate)", 49, "USD", false, false},
      {"Group rates available: $99", 99, "USD", false, true},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input.dump());
    auto p = ParsePrice(c.input);
    REQUIRE(p.has_value());
    CHECK(p->amount == Approx(c.amount));
    CHECK(p->currency == c.currency);
    CHECK(p->free == c.free);
    CHECK(p->note.empty() != c.has_note);
  }
}

TEST_CASE("text with no price and no free wording does not normalise") {
  const Json kCases[] = {"$abc",  "Call for pricing", "",   "TBD",
                         nullptr, Json::object(),     "-5", Json::array()};
  for (const auto& c : kCases) {
    INFO("input: " << c.dump());
    CHECK_FALSE(ParsePrice(c).has_value());
  }
}

TEST_CASE("price JSON keeps the note only when there is one") {
  CHECK(PriceToJson(Price{29, "USD", false, "", ""}) ==
        Json({{"amount", 29.0}, {"currency", "USD"}, {"free", false}}));
  CHECK(PriceToJson(Price{0, "USD", true, "Free for members", ""})["note"] == "Free for members");
}

}  // namespace
}  // namespace cecat::normalise
