// URLs: parsing, resolution against a base, and the crawler's canonical form.
//
// Pure functions, no I/O. Resolution follows RFC 3986 section 5 with the WHATWG
// URL Standard's leniencies for http(s) that browsers (and therefore links in the
// wild) rely on: leading/trailing C0 and space trimmed, tabs and newlines removed,
// backslashes read as slashes, scheme lower-cased, and the host parsed as the URL
// Standard parses it (common/host.h): "HTTP://0x7F.1/" and "http://2130706433/"
// are both http://127.0.0.1/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cecat {

struct Url {
  std::string scheme;    // lower case, without ':'
  std::string userinfo;  // as written, without '@'
  std::string host;      // as ParseHost gives it: lower case, IPv4 dotted decimal,
                         // IPv6 compressed in brackets; empty for "file:///".
  std::string port;      // digits, empty when absent
  std::string path;      // starts with '/' for hierarchical URLs with an authority
  std::string query;     // without '?'
  std::string fragment;  // without '#'
  bool has_authority = false;
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

// Parses an absolute URL. Fails with a message naming the input when it has no
// scheme, an empty or invalid host for http(s) (ParseHost), or a port that is not
// a number in 0..65535.
Result<Url> ParseUrl(std::string_view input);

// Resolves `reference` (as written in an href) against an absolute base URL.
// Fails when the result is not a valid absolute URL.
Result<Url> ResolveUrl(const Url& base, std::string_view reference);
Result<std::string> ResolveUrlString(std::string_view base, std::string_view reference);

// The crawler's dedup key: lower-case scheme, the host as ParseUrl normalised it
// (one spelling per IPv4 or IPv6 address) without a final dot, default port dropped,
// dot segments removed, empty path as "/", percent-escapes upper-cased and
// unreserved ones decoded, fragment dropped, tracking parameters (utm_*, gclid,
// fbclid, ...) removed and the remaining query parameters sorted by name
// (stable, so repeated names keep their order).
std::string CanonicalUrl(const Url& url);
Result<std::string> CanonicalUrlString(std::string_view input);

// True if `name` is a query parameter that only tracks clicks and never changes
// the page (utm_*, gclid, fbclid, msclkid, mc_cid, mc_eid, _ga, yclid, ...).
bool IsTrackingParameter(std::string_view name);

// Removes "." and ".." segments (RFC 3986 section 5.2.4).
std::string RemoveDotSegments(std::string_view path);

}  // namespace cecat
