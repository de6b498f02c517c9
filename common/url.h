// URLs: parsing, resolution against a base, and the crawler's canonical form.
//
// Pure functions, no I/O. Parsing and resolution are the WHATWG URL Standard's
// (common/whatwg_url.h), as browsers, and therefore links in the wild, read
// them: C0 controls and spaces trimmed, tabs and newlines removed, backslashes
// read as slashes and any number of slashes before the host of a special URL,
// the host IDNA-mapped and parsed as an IPv4 or IPv6 address when it is one
// (common/host.h: "HTTP://0x7F.1/" and "http://2130706433/" are both
// http://127.0.0.1/), the default port dropped, each component percent-encoded
// with its own set. CanonicalUrl is cecat's dedup key on top of that.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cecat {

// The URL Standard's URL record in the shape cecat uses: Serialize() is its href.
struct Url {
  std::string scheme;          // lower case, without ':'
  std::string userinfo;        // "username[:password]", percent-encoded, without '@'
  std::string host;            // as ParseHost gives it: lower case, IDNA to Punycode, IPv4
                               // dotted decimal, IPv6 compressed in brackets; empty for
                               // "file:///" and URLs without a host ("mailto:x").
  std::string port;            // digits, empty when absent or the scheme's default
  std::string path;            // "/a/b", or an opaque path ("mailto:x" has "x")
  std::string query;           // without '?'
  std::string fragment;        // without '#'
  bool has_authority = false;  // the URL has a host (possibly empty: "file:///x")
  bool has_query = false;
  bool has_fragment = false;

  // The URL as a string, every component as stored.
  std::string Serialize() const;
  // host[:port] with the port omitted when it is the scheme's default.
  std::string Authority() const;
  // Port number, defaulted from the scheme (80/443/21); 0 when unknown.
  int EffectivePort() const;
  // "scheme://host[:port]": the unit of politeness and robots.txt.
  std::string Origin() const;
};

// Parses an absolute URL (the URL Standard's basic URL parser without a base).
// Fails where the standard fails, with a message naming the input: "not an
// absolute URL (no scheme): 'x'", "bad URL 'x': <why>" for an empty or invalid host
// (ParseHost) or a port that is not a number in 0..65535.
Result<Url> ParseUrl(std::string_view input);

// Resolves `reference` (as written in an href) against an absolute base URL, as
// the URL Standard's parser does with a base. Fails where the standard fails.
Result<Url> ResolveUrl(const Url& base, std::string_view reference);
Result<std::string> ResolveUrlString(std::string_view base, std::string_view reference);

// The crawler's dedup key and the source of record ids (not the standard's href):
// the URL as ParseUrl gives it (lower-case scheme, one spelling per host, default
// port dropped, dot segments removed), then the host without a final dot, empty
// path as "/", percent-escapes upper-cased and unreserved ones decoded, fragment
// dropped, tracking parameters (utm_*, gclid, fbclid, ...) removed and the
// remaining query parameters sorted by name (stable, so repeated names keep their
// order).
std::string CanonicalUrl(const Url& url);
Result<std::string> CanonicalUrlString(std::string_view input);

// True if `name` is a query parameter that only tracks clicks and never changes
// the page (utm_*, gclid, fbclid, msclkid, mc_cid, mc_eid, _ga, yclid, ...).
bool IsTrackingParameter(std::string_view name);

// Removes "." and ".." segments (RFC 3986 section 5.2.4).
std::string RemoveDotSegments(std::string_view path);

}  // namespace cecat
