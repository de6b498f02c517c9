#include "common/url.h"

#include <catch2/catch.hpp>

using cecat::CanonicalUrlString;
using cecat::ResolveUrlString;

namespace {

struct Case {
  const char* base;
  const char* ref;
  const char* want;
};

}  // namespace

// RFC 3986 section 5.4.1 "Normal Examples" and 5.4.2 "Abnormal Examples".
TEST_CASE("relative references resolve as RFC 3986 section 5.4 says") {
  const char* base = "http://a/b/c/d;p?q";
  const Case cases[] = {
      {base, "g:h", "g:h"},
      {base, "g", "http://a/b/c/g"},
      {base, "./g", "http://a/b/c/g"},
      {base, "g/", "http://a/b/c/g/"},
      {base, "/g", "http://a/g"},
      {base, "//g", "http://g/"},
      {base, "?y", "http://a/b/c/d;p?y"},
      {base, "g?y", "http://a/b/c/g?y"},
      {base, "#s", "http://a/b/c/d;p?q#s"},
      {base, "g#s", "http://a/b/c/g#s"},
      {base, "g?y#s", "http://a/b/c/g?y#s"},
      {base, ";x", "http://a/b/c/;x"},
      {base, "g;x", "http://a/b/c/g;x"},
      {base, "", "http://a/b/c/d;p?q"},
      {base, ".", "http://a/b/c/"},
      {base, "./", "http://a/b/c/"},
      {base, "..", "http://a/b/"},
      {base, "../", "http://a/b/"},
      {base, "../g", "http://a/b/g"},
      {base, "../..", "http://a/"},
      {base, "../../g", "http://a/g"},
      {base, "../../../g", "http://a/g"},
      {base, "/./g", "http://a/g"},
      {base, "/../g", "http://a/g"},
      {base, "g.", "http://a/b/c/g."},
      {base, "..g", "http://a/b/c/..g"},
      {base, "./../g", "http://a/b/g"},
      {base, "g/./h", "http://a/b/c/g/h"},
      {base, "g/../h", "http://a/b/c/h"},
      // WHATWG leniencies browsers apply to hrefs in the wild.
      {"https://x.org/a/b", "  /c\n/d ", "https://x.org/c/d"},
      {"https://x.org/a/b", "\\c\\d", "https://x.org/c/d"},
      {"https://x.org/a/b", "HTTPS://X.ORG:443/Z", "https://x.org:443/Z"},
      {"https://x.org/a/b", "course 1.html", "https://x.org/a/course%201.html"},
      {"https://x.org/a/b", "https:c", "https://x.org/a/c"},
  };
  for (const Case& c : cases) {
    INFO("base " << c.base << " ref '" << c.ref << "'");
    auto got = ResolveUrlString(c.base, c.ref);
    REQUIRE(got.ok());
    CHECK(*got == c.want);
  }
}

TEST_CASE("canonical URLs drop what never changes the page") {
  const std::pair<const char*, const char*> cases[] = {
      {"HTTP://Example.COM:80/a/./b/../c#frag", "http://example.com/a/c"},
      {"https://example.com:443", "https://example.com/"},
      {"https://example.com:8443/x", "https://example.com:8443/x"},
      {"https://example.com/c?utm_source=x&b=2&a=1&gclid=9", "https://example.com/c?a=1&b=2"},
      {"https://example.com/c?fbclid=1", "https://example.com/c"},
      {"https://example.com/%7euser/%2f", "https://example.com/~user/%2F"},
      {"https://example.com./x", "https://example.com/x"},
      {"https://example.com/x?b=1&a=2&b=0", "https://example.com/x?a=2&b=1&b=0"},
  };
  for (const auto& [in, want] : cases) {
    INFO(in);
    auto got = CanonicalUrlString(in);
    REQUIRE(got.ok());
    CHECK(*got == want);
  }
}

TEST_CASE("unparseable URLs are errors that name the input") {
  auto no_scheme = cecat::ParseUrl("example.com/x");
  REQUIRE_FALSE(no_scheme.ok());
  CHECK(no_scheme.status().message() == "not an absolute URL (no scheme): 'example.com/x'");
  auto bad_port = cecat::ParseUrl("http://example.com:99999/");
  REQUIRE_FALSE(bad_port.ok());
  CHECK(bad_port.status().message() == "bad URL 'http://example.com:99999/': port out of range: 99999");
  CHECK_FALSE(cecat::ParseUrl("http:///nohost").ok());
}

TEST_CASE("file URLs keep their path") {
  auto u = cecat::ParseUrl("file:///srv/catalogue/index.html");
  REQUIRE(u.ok());
  CHECK(u->host.empty());
  CHECK(u->path == "/srv/catalogue/index.html");
  CHECK(*ResolveUrlString("file:///srv/catalogue/index.html", "c/1.html") ==
        "file:///srv/catalogue/c/1.html");
}
