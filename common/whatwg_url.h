// The WHATWG URL Standard's URL record, basic URL parser and serialiser
// (https://url.spec.whatwg.org/, sections 4.1 to 4.5), without state overrides
// (cecat never edits a URL in place, as the setters of JavaScript's URL do).
//
// This is the parse a browser makes of an href, and what web-platform-tests'
// urltestdata.json checks (tests/common/url_test.cc). cecat's own URL type and
// its dedup key (common/url.h: Url, CanonicalUrl) are built on top of it.
//
// Pure functions, no I/O. Input and output are UTF-8.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace cecat {

struct UrlRecord {
  std::string scheme;  // ASCII lower case, without ':'
  std::string username;
  std::string password;
  std::optional<std::string> host;  // serialised (ParseHost); null for "mailto:x"
  std::optional<uint16_t> port;     // null when absent or the scheme's default
  // A URL has either a list of path segments ("/a/b" is {"a", "b"}) or, for
  // non-special URLs without "//" or "/" after the scheme ("mailto:x"), one
  // opaque path string.
  std::vector<std::string> path;
  std::optional<std::string> opaque_path;
  std::optional<std::string> query;     // without '?'
  std::optional<std::string> fragment;  // without '#'

  bool IsSpecial() const;
  // The URL serializer's output (JavaScript's URL.href).
  std::string Href() const;
  // JavaScript's URL getters, as urltestdata.json gives them.
  std::string Protocol() const { return scheme + ":"; }
  std::string Host() const;      // hostname[:port]
  std::string Hostname() const;  // host or ""
  std::string Port() const;      // digits or ""
  std::string Pathname() const;  // the URL path serializer
  std::string Search() const;    // "" when the query is null or empty, else "?query"
  std::string Hash() const;      // "" when the fragment is null or empty, else "#fragment"
};

// True for http, https, ws, wss, ftp and file (URL Standard, "special scheme").
bool IsSpecialScheme(std::string_view scheme);
// 80, 443, 21 for the special schemes that have one; nullopt otherwise.
std::optional<uint16_t> DefaultPort(std::string_view scheme);

// The basic URL parser: `input` resolved against `base` (nullptr for none).
// Fails where the standard returns failure, with a message saying why (the
// caller adds the input): "no scheme", a host error from ParseHost, "port out of
// range: 99999", ...
Result<UrlRecord> ParseUrlRecord(std::string_view input, const UrlRecord* base = nullptr);

}  // namespace cecat
