#include "common/url.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "common/ascii.h"
#include "tests/support/test_support.h"

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
      {"https://x.org/a/b", "HTTPS://X.ORG:443/Z", "https://x.org/Z"},
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
      // Issue 19: the URL Standard's forms, which these keys follow since.
      {"https://psychoth\xC3\xA9rapie.fr/Formation", "https://xn--psychothrapie-ihb.fr/Formation"},
      {"https://example.com/s?q=o'brien", "https://example.com/s?q=o%27brien"},
      {"http:///example.com/x", "http://example.com/x"},
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
  CHECK(bad_port.status().message() ==
        "bad URL 'http://example.com:99999/': port out of range: 99999");
  CHECK_FALSE(cecat::ParseUrl("http://").ok());
  CHECK_FALSE(cecat::ParseUrl("https://user@/x").ok());
}

// URL Standard section 4.4 (basic URL parser): hrefs as CE provider and
// aggregator pages write them, parsed as a browser parses them. Each row is one
// rule: special-scheme slashes, default ports, each component's percent-encode
// set, IDNA, a trailing dot.
TEST_CASE("hrefs found on provider pages parse as the URL Standard says") {
  const Case cases[] = {
      // Special schemes ignore any number of slashes, and either slash, before the host.
      {"https://ce.example.org/", "http:///www.counselingce.example/courses/ethics",
       "http://www.counselingce.example/courses/ethics"},
      {"http://ce.example.org/", "https:/www.counselingce.example/catalog",
       "https://www.counselingce.example/catalog"},
      {"https://ce.example.org/", "https:\\\\www.counselingce.example\\live\\webinars",
       "https://www.counselingce.example/live/webinars"},
      {"https://ce.example.org/", "http:www.counselingce.example/home-study",
       "http://www.counselingce.example/home-study"},
      // ...but with the base's own scheme and no "//", the rest is a path on the base.
      {"https://ce.example.org/workshops/2026/", "https:trauma-informed-care.html",
       "https://ce.example.org/workshops/2026/trauma-informed-care.html"},
      {"https://ce.example.org/workshops/2026/", "https:/ethics/boundaries",
       "https://ce.example.org/ethics/boundaries"},
      // Default ports are dropped, leading zeros too.
      {"https://ce.example.org/", "https://ce.example.org:443/catalog",
       "https://ce.example.org/catalog"},
      {"https://ce.example.org/", "http://ce.example.org:00080/catalog",
       "http://ce.example.org/catalog"},
      {"https://ce.example.org/", "https://ce.example.org:0443/catalog",
       "https://ce.example.org/catalog"},
      // The query of a special URL encodes "'"; a backslash there is data, not a slash.
      {"https://ce.example.org/", "/search?q=children's grief&hours=6",
       "https://ce.example.org/search?q=children%27s%20grief&hours=6"},
      {"https://ce.example.org/", "/files?share=\\\\nas\\ce-handouts",
       "https://ce.example.org/files?share=\\\\nas\\ce-handouts"},
      // The path set has '^', '{', '}' and '`'; the fragment set keeps '{' and '}'.
      {"https://ce.example.org/", "/courses/{id}^2#section-{3}",
       "https://ce.example.org/courses/%7Bid%7D%5E2#section-{3}"},
      // Userinfo encodes what would end it ("@", ":", "/").
      {"https://ce.example.org/", "https://guest user:p@ss@ce.example.org/members",
       "https://guest%20user:p%40ss@ce.example.org/members"},
      // Internationalised hosts: IDNA (UTS #46) to Punycode, fullwidth forms to ASCII.
      {"https://ce.example.org/", "https://Fortbildung-M\xC3\xBCnchen.de/Kurse",
       "https://xn--fortbildung-mnchen-y6b.de/Kurse"},
      {"https://ce.example.org/", "https://psychoth\xC3\xA9rapie.fr/formation",
       "https://xn--psychothrapie-ihb.fr/formation"},
      {"https://ce.example.org/",
       "https://\xEF\xBC\xA3\xEF\xBC\xA5-courses.org/",  // fullwidth "ＣＥ"
       "https://ce-courses.org/"},
      // A trailing dot stays in the host, as the standard says (CanonicalUrl drops it).
      {"https://ce.example.org/", "https://www.counselingce.example./catalog",
       "https://www.counselingce.example./catalog"},
      // IPv4 in every number form, IPv6 compressed and with an embedded IPv4 address.
      {"https://ce.example.org/", "http://0300.0250.0x1.1/", "http://192.168.1.1/"},
      {"https://ce.example.org/", "http://3232235777/", "http://192.168.1.1/"},
      {"https://ce.example.org/", "http://[2001:DB8:0:0:0:0:192.0.2.1]:8080/",
       "http://[2001:db8::c000:201]:8080/"},
      // file URLs: the host "localhost" is none, a drive letter survives "..".
      {"file:///srv/catalogue/index.html", "file://localhost/srv/a.html", "file:///srv/a.html"},
      {"file:///C:/ce/index.html", "../../../handouts.pdf", "file:///C:/handouts.pdf"},
  };
  for (const Case& c : cases) {
    INFO("base " << c.base << " ref '" << c.ref << "'");
    auto got = ResolveUrlString(c.base, c.ref);
    if (!got.ok()) INFO(got.status().message());
    REQUIRE(got.ok());
    CHECK(*got == c.want);
  }
}

TEST_CASE("file URLs keep their path") {
  auto u = cecat::ParseUrl("file:///srv/catalogue/index.html");
  REQUIRE(u.ok());
  CHECK(u->host.empty());
  CHECK(u->path == "/srv/catalogue/index.html");
  CHECK(*ResolveUrlString("file:///srv/catalogue/index.html", "c/1.html") ==
        "file:///srv/catalogue/c/1.html");
}

// Issue 18, item 5: a deny rule for 127.0.0.1 was bypassed by a redirect to
// 0x7f.1 or 2130706433, and each spelling had its own robots.txt and politeness.
// Every spelling the URL Standard accepts is one host, written as browsers do.
TEST_CASE("hosts are normalised as the URL Standard does: every spelling of an address is one") {
  const std::pair<const char*, const char*> cases[] = {
      {"http://127.0.0.1/secret", "http://127.0.0.1/secret"},
      {"http://2130706433/secret", "http://127.0.0.1/secret"},
      {"http://0x7f.1/secret", "http://127.0.0.1/secret"},
      {"http://0X7F000001/secret", "http://127.0.0.1/secret"},
      {"http://0177.0.0.1/secret", "http://127.0.0.1/secret"},
      {"http://0177.1/secret", "http://127.0.0.1/secret"},
      {"http://127.1/secret", "http://127.0.0.1/secret"},
      {"http://127.0.1/secret", "http://127.0.0.1/secret"},
      {"http://0x7f.0x0.0x0.0x1/secret", "http://127.0.0.1/secret"},
      {"http://127.0.0.1./secret", "http://127.0.0.1/secret"},
      {"http://%31%32%37.0.0.1/secret", "http://127.0.0.1/secret"},
      {"http://\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x97\xE3\x80\x82\xEF\xBC\x90\xEF\xBC\x8E\xEF\xBC\x90"
       "\xEF\xBD\xA1\xEF\xBC\x91/secret",  // fullwidth "１２７。０．０｡１"
       "http://127.0.0.1/secret"},
      {"http://user@0x7f.1:8080/secret", "http://user@127.0.0.1:8080/secret"},
      {"http://2852039166/latest/meta-data/", "http://169.254.169.254/latest/meta-data/"},
      {"http://0251.0376.0251.0376/", "http://169.254.169.254/"},
      {"http://0.0.0.0/", "http://0.0.0.0/"},
      {"http://0/", "http://0.0.0.0/"},
      {"http://[0:0:0:0:0:0:0:1]:8080/x", "http://[::1]:8080/x"},
      {"http://[::FFFF:127.0.0.1]/", "http://[::ffff:7f00:1]/"},
      {"http://[2001:DB8:0:0:1:0:0:1]/", "http://[2001:db8::1:0:0:1]/"},
      {"http://[2001:db8:0:1:0:0:0:1]/", "http://[2001:db8:0:1::1]/"},
      {"http://[0:0:1:0:0:0:0:0]/", "http://[0:0:1::]/"},
      {"HTTPS://WWW.Example.COM/Path", "https://www.example.com/Path"},
      {"http://exa%4Dple.com/", "http://example.com/"},
      {"http://1.2.3.x/", "http://1.2.3.x/"},  // last label not a number: a domain
      {"http://x.0z/", "http://x.0z/"},
  };
  for (const auto& [in, want] : cases) {
    INFO(in);
    auto got = CanonicalUrlString(in);
    REQUIRE(got.ok());
    CHECK(*got == want);
  }
  auto resolved = ResolveUrlString("http://127.0.0.1:8080/a/b", "//0x7f.1:8080/secret");
  REQUIRE(resolved.ok());
  CHECK(*resolved == "http://127.0.0.1:8080/secret");
  auto opaque = cecat::ParseUrl("foo://ExAmple.COM/x");  // not special: the host is opaque
  REQUIRE(opaque.ok());
  CHECK(opaque->host == "ExAmple.COM");
  auto local = cecat::ParseUrl("file://localhost/srv/a.html");
  REQUIRE(local.ok());
  CHECK(local->Serialize() == "file:///srv/a.html");
}

TEST_CASE("hosts that end in a number but are no IPv4 address, and bad IPv6, are errors") {
  const std::pair<const char*, const char*> cases[] = {
      {"http://256.0.0.1/",
       "bad URL 'http://256.0.0.1/': invalid IPv4 address '256.0.0.1': part "
       "1 is over 255"},
      {"http://1.2.3.256/",
       "bad URL 'http://1.2.3.256/': invalid IPv4 address '1.2.3.256': out "
       "of range"},
      {"http://0x100000000/",
       "bad URL 'http://0x100000000/': invalid IPv4 address "
       "'0x100000000': out of range"},
      {"http://1.2.3.4.5/",
       "bad URL 'http://1.2.3.4.5/': invalid IPv4 address '1.2.3.4.5': more "
       "than four parts"},
      {"http://foo.09/",
       "bad URL 'http://foo.09/': invalid IPv4 address 'foo.09': 'foo' is not a "
       "number"},
      {"http://1.2.3.08/",
       "bad URL 'http://1.2.3.08/': invalid IPv4 address '1.2.3.08': '08' is "
       "not a number"},
      {"http://[::1/", "bad URL 'http://[::1/': unterminated IPv6 address"},
      {"http://[1:2:3:4:5:6:7:8:9]/",
       "bad URL 'http://[1:2:3:4:5:6:7:8:9]/': invalid IPv6 "
       "address '[1:2:3:4:5:6:7:8:9]'"},
      {"http://[::127.0.0.01]/",
       "bad URL 'http://[::127.0.0.01]/': invalid IPv6 address "
       "'[::127.0.0.01]'"},
      {"http://ex%20ample.com/", "bad URL 'http://ex%20ample.com/': invalid character in host"},
      {"http://ex%25ample.com/", "bad URL 'http://ex%25ample.com/': invalid character in host"},
      {"http://%FF.com/", "bad URL 'http://%FF.com/': host is not valid UTF-8"},
  };
  for (const auto& [in, message] : cases) {
    INFO(in);
    auto got = cecat::ParseUrl(in);
    REQUIRE_FALSE(got.ok());
    CHECK(got.status().message() == message);
  }
}

// The web-platform-tests URL cases (tests/data/wpt-url, BSD-3-Clause) that are
// about IP hosts with an http(s) URL: those whose expected host is an IPv4 or
// IPv6 address, and those that must fail and whose host is bracketed or has a
// last label starting with a digit (so the IPv4 and IPv6 parsers decide).
TEST_CASE("web-platform-tests: IPv4 and IPv6 hosts of http(s) URLs parse as browsers do") {
  std::ifstream file(cecat::testing::SourceDir() / "tests/data/wpt-url/urltestdata.json");
  REQUIRE(file);
  nlohmann::json cases = nlohmann::json::parse(file);
  auto is_http = [](std::string_view s) {
    std::string lower = cecat::Lower(cecat::Trim(s, std::string_view(" \t\n\r\f\v", 6)));
    return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
  };
  static const std::regex kIpv4(R"(^\d+\.\d+\.\d+\.\d+$)");
  // The host as written: after "//", before the path, after the last '@', without
  // a port (outside brackets).
  auto raw_host = [](const std::string& input) {
    std::string rest = input.substr(input.find("//") + 2);
    rest = rest.substr(0, rest.find_first_of("/?#\\"));
    if (size_t at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
    if (!rest.empty() && rest[0] != '[') rest = rest.substr(0, rest.find(':'));
    return rest;
  };
  int checked = 0, failures_checked = 0;
  for (const nlohmann::json& c : cases) {
    if (!c.is_object()) continue;
    std::string input = c["input"];
    if (!is_http(input)) continue;
    std::string base = c["base"].is_string() ? c["base"].get<std::string>() : "";
    bool failure = c.value("failure", false);
    if (failure) {
      std::string host = raw_host(input);
      std::string last = host;
      if (!last.empty() && last.back() == '.') last.pop_back();
      last = last.substr(last.rfind('.') == std::string::npos ? 0 : last.rfind('.') + 1);
      bool ip_like =
          (!host.empty() && host[0] == '[') || (!last.empty() && last[0] >= '0' && last[0] <= '9');
      if (!ip_like) continue;
    } else {
      std::string hostname = c["hostname"];
      if (!std::regex_match(hostname, kIpv4) && (hostname.empty() || hostname[0] != '[')) continue;
    }
    INFO("input '" << input << "' base '" << base << "'");
    cecat::Result<std::string> got =
        base.empty() ? cecat::CanonicalUrlString(input) : ResolveUrlString(base, input);
    if (failure) {
      CHECK_FALSE(got.ok());
      ++failures_checked;
      continue;
    }
    REQUIRE(got.ok());
    auto url = cecat::ParseUrl(*got);
    REQUIRE(url.ok());
    CHECK(url->host == c["hostname"].get<std::string>());
    CHECK(cecat::CanonicalUrl(*url) == c["href"].get<std::string>());
    ++checked;
  }
  // The file's counts at the vendored commit: if these change, the selection did.
  CHECK(checked == 25);
  CHECK(failures_checked == 65);
}
