// Provider identity: one key per organisation whatever page names it, names
// without their approval wording (docs/normalisation.md "Providers").
#include "normalise/provider.h"

#include <catch2/catch.hpp>

namespace cecat::normalise {
namespace {

TEST_CASE("A provider's name loses the approval wording written after it") {
  CHECK(CleanProviderName("Acme CE, Provider #1234") == "Acme CE");
  CHECK(CleanProviderName("Acme CE (NBCC ACEP No. 6789)") == "Acme CE");
  CHECK(CleanProviderName("Acme CE is approved by the American Psychological Association") ==
        "Acme CE");
  CHECK(CleanProviderName("Acme CE, an NBCC Approved Continuing Education Provider") == "Acme CE");
  CHECK(CleanProviderName("Acme CE – APA approved sponsor") == "Acme CE");
  CHECK(CleanProviderName("Acme CE #4471") == "Acme CE");
  CHECK(CleanProviderName("  Acme CE, Inc.  ") == "Acme CE, Inc.");
}

// The corpus's ag07: a rule read the provider from a listing's meta line, and the
// whole line became a provider record of its own.
TEST_CASE("A provider read from a meta line loses its lead-in and the rest of the list") {
  CHECK(CleanProviderName("Provided by Wellspring Counseling Institute \u00b7 8 CE hours \u00b7 "
                          "$120 \u00b7 Self-paced") == "Wellspring Counseling Institute");
  CHECK(CleanProviderName("Offered by Acme CE | Online | 3 hours") == "Acme CE");
  CHECK(CleanProviderName("Presented by Harbor Light \u2022 Live webinar") == "Harbor Light");
  CHECK(CleanProviderName("Provider: Acme CE, Provider #1234") == "Acme CE");
  CHECK(ProviderNameKey("Provided by Acme CE \u00b7 6 CE") == ProviderNameKey("Acme CE"));
  // Words that only start like a lead-in stay.
  CHECK(CleanProviderName("Providence Counseling Center") == "Providence Counseling Center");
  CHECK(CleanProviderName("Hosted Learning Co") == "Hosted Learning Co");
}

TEST_CASE("A provider's own words are not mistaken for approval wording") {
  // The name's own words stay: no number follows "Provider", nothing is approved.
  CHECK(CleanProviderName("Trauma Training Provider Network") ==
        "Trauma Training Provider Network");
  CHECK(CleanProviderName("Center for Licensed Counselors") == "Center for Licensed Counselors");
  CHECK(CleanProviderName("Number Nine Institute") == "Number Nine Institute");
  // A name that is nothing but wording is kept as written, not emptied.
  CHECK(CleanProviderName("Provider #12") == "Provider #12");
}

TEST_CASE("Provider name keys ignore case, punctuation, legal suffixes and a leading 'the'") {
  CHECK(ProviderNameKey("The Acme CE, LLC") == "acme ce");
  CHECK(ProviderNameKey("ACME CE Inc.") == "acme ce");
  CHECK(ProviderNameKey("Acme CE Provider #12") == "acme ce");
  CHECK(ProviderNameKey("Acme CE (NBCC ACEP No. 6789)") == "acme ce");
  CHECK(ProviderNameKey("Acme Counseling") != ProviderNameKey("Acme CE"));
  CHECK(ProviderNameKey("") == "");
}

TEST_CASE("A provider's site is its host's root, except on shared platforms") {
  CHECK(ProviderSiteUrl("https://www.acme.example/about?x=1#team") == "https://www.acme.example/");
  CHECK(ProviderSiteUrl("http://acme.example:8080/workshops/") == "http://acme.example:8080/");
  CHECK(ProviderSiteUrl("https://www.eventbrite.com/o/acme-ce-123") ==
        "https://www.eventbrite.com/o/acme-ce-123");
  CHECK(ProviderSiteUrl("https://www.facebook.com/AcmeCE/") == "https://www.facebook.com/AcmeCE/");
  CHECK(ProviderSiteUrl("mailto:info@acme.example") == "");
  CHECK(ProviderSiteUrl("not a url") == "");
}

TEST_CASE("One provider key per site: scheme, www, page and default port do not matter") {
  const std::string key = ProviderIdKey("Acme CE", "https://acme.example/");
  CHECK(key == "https://acme.example/");
  CHECK(ProviderIdKey("Acme CE, Inc.", "http://www.acme.example/about") == key);
  CHECK(ProviderIdKey("Acme Continuing Education", "https://acme.example:443/workshops") == key);
  // Another port is another site (a test server, a second service).
  CHECK(ProviderIdKey("Acme CE", "http://acme.example:8080/") == "https://acme.example:8080/");
  // On a shared platform the page is the organisation's.
  CHECK(ProviderIdKey("Acme CE", "https://www.eventbrite.com/o/acme-ce-123") ==
        "https://www.eventbrite.com/o/acme-ce-123");
  CHECK(ProviderIdKey("Beta CE", "https://www.eventbrite.com/o/beta-ce-9") !=
        ProviderIdKey("Acme CE", "https://www.eventbrite.com/o/acme-ce-123"));
  // Without a site, the name is the key.
  CHECK(ProviderIdKey("The Acme CE, LLC (Provider #12)", "") == "provider|acme ce");
  CHECK(ProviderIdKey("", "") == "");
}

}  // namespace
}  // namespace cecat::normalise
