// Provider identity (SPEC.md "Records", Identity): one record per organisation,
// keyed by its website's host when known, else by its folded name; a name never
// carries approval wording or numbers. docs/normalisation.md "Providers".
#pragma once

#include <string>
#include <string_view>

namespace cecat::normalise {

// The organisation's name without the approval wording and numbers that pages
// write after it: "Acme CE, Provider #1234," -> "Acme CE"; "Acme CE (NBCC ACEP
// No. 6789)" -> "Acme CE"; "Acme CE is approved by the APA to ..." -> "Acme CE";
// "Acme CE, an NBCC Approved Continuing Education Provider" -> "Acme CE". A name
// that is nothing but such wording is returned trimmed, as written. A lead-in
// ("Provided by", "Offered by", "Presented by", "Hosted by", "Sponsored by",
// "Provider:", "Organizer:") and whatever follows a list separator (" · ", " • ",
// " | ") are not the name: "Provided by Acme CE · 8 CE hours · $120" -> "Acme CE".
std::string CleanProviderName(std::string_view name);

// The key names are compared by: the cleaned name folded (lower case, punctuation
// as spaces) without legal suffixes (Inc, LLC, Ltd, ...) or a leading "the".
// "The Acme CE, LLC" and "Acme CE Provider #12" give "acme ce".
std::string ProviderNameKey(std::string_view name);

// The website a provider is known by, from any URL of its site: the site's root
// ("https://www.acme.example/about" -> "https://www.acme.example/"), except on
// platforms that host many organisations (Eventbrite, Facebook, LinkedIn, ...),
// where the page's canonical URL is kept. "" when `url` is not an http(s) URL.
std::string ProviderSiteUrl(std::string_view url);

// The MakeRecordId key of a provider: "https://<host without www.>/" for a site
// of its own, the canonical URL on a shared platform, else
// "provider|<ProviderNameKey>". Empty when neither gives anything.
std::string ProviderIdKey(std::string_view name, std::string_view url);

}  // namespace cecat::normalise
