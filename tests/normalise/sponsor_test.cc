// SponsorName: a scholarship's sponsor from the line a page writes it in
// (docs/normalisation.md "Scholarships"). Wording from scholarship pages.
#include <catch2/catch.hpp>

#include <string>

#include "normalise/sponsor.h"

using cecat::normalise::SponsorName;

TEST_CASE("SponsorName reads the organisation after a sponsor lead-in") {
  struct Case {
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      {"Sponsor: Social Work Student Aid Network", "Social Work Student Aid Network"},
      {"Funded by the Counselor Foundation with a federal grant", "Counselor Foundation"},
      {"Administered by the Family Therapy Education Foundation.",
       "Family Therapy Education Foundation"},
      {"Sponsored by Rural Health Service Corps through a state contract",
       "Rural Health Service Corps"},
      {"SPONSOR - Ohio Child Welfare Training Consortium",
       "Ohio Child Welfare Training Consortium"},
      {"Offered by the Heartland Chapter in partnership with two universities",
       "Heartland Chapter"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(SponsorName(c.in) == c.want);
  }
}

TEST_CASE("SponsorName leaves a bare name as written") {
  CHECK(SponsorName("Friends with Purpose Fund") == "Friends with Purpose Fund");
  CHECK(SponsorName("The Counselor Foundation") == "The Counselor Foundation");
  CHECK(SponsorName("Sponsor:") == "Sponsor:");
}
