// Offers in schema.org data: every offer reaches the price normaliser, which
// picks the lowest public price (docs/normalisation.md "Prices").
#include <catch2/catch.hpp>

#include "parsers/extract.h"

using cecat::Json;
using cecat::parsers::ExtractOptions;
using cecat::parsers::ExtractPage;

namespace {

Json CoursePrice(const char* offers) {
  std::string html = std::string(R"(<script type="application/ld+json">
{"@context":"https://schema.org","@type":"Course","name":"Supervision, Part 1","offers":)") +
                     offers + "}</script>";
  auto px = ExtractPage(html, "https://csw.example/ce/sup-1", ExtractOptions{});
  for (const auto& r : px.records) {
    if (r.kind == "course") return r.fields.value("price", Json());
  }
  return Json();
}

}  // namespace

// Seen on association sites: the member offer is listed first (corpus page
// pc19_member_pricing); taking only the first offer made the member rate the price.
TEST_CASE("Every offer of a JSON-LD course is kept, in order, not only the first") {
  Json price = CoursePrice(
      R"([{"@type":"Offer","name":"Member","price":"45","priceCurrency":"USD"},
          {"@type":"Offer","name":"Non-member","price":"75","priceCurrency":"USD"}])");
  REQUIRE(price.is_array());
  REQUIRE(price.size() == 2);
  CHECK(price[0]["name"] == "Member");
  CHECK(price[1]["name"] == "Non-member");
  CHECK(price[1]["price"] == "75");
}

TEST_CASE("A single offer, alone or in a one-element array, stays one object") {
  CHECK(CoursePrice(R"({"@type":"Offer","price":"24","priceCurrency":"USD"})").is_object());
  CHECK(CoursePrice(R"([{"@type":"Offer","price":"24","priceCurrency":"USD"}])").is_object());
}
