// Hostile input for the crawler's parsers (robots.txt, sitemaps, charsets), found by
// fuzzing or by the issue 10 review (docs/security.md), kept in the normal suite.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "crawler/charset.h"
#include "crawler/robots.h"
#include "crawler/sitemap.h"

using namespace cecat::crawler;

namespace {
long long MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}
}  // namespace

// The matcher tracked every position a pattern prefix could end at: O(pattern *
// path) per rule, about 50 ms for one "*a*a...b" rule against an 8 KB path, so a
// 240 KB robots.txt of such rules cost half a minute per URL check.
TEST_CASE("review: robots patterns full of '*' match in linear time") {
  std::string robots = "User-agent: *\n";
  for (int i = 0; i < 600; ++i) {
    robots += "Disallow: /";
    for (int k = 0; k < 400; ++k) robots += "*a";
    robots += "b\n";
  }
  std::string path = "/" + std::string(8000, 'a');
  auto start = std::chrono::steady_clock::now();
  CHECK(IsAllowed(robots, "cecat", path));
  CHECK(IsAllowed(robots, "cecat", path + "c"));
  CHECK_FALSE(IsAllowed(robots, "cecat", path + "b"));
  CHECK(MillisSince(start) < 3000);
}

TEST_CASE("review: greedy wildcard matching keeps RFC 9309 semantics") {
  CHECK(RobotsPatternMatches("/a*b*c", "/axxbyyc"));
  CHECK(RobotsPatternMatches("/a*b*c", "/abcabc"));
  CHECK_FALSE(RobotsPatternMatches("/a*b*c", "/acb"));
  CHECK(RobotsPatternMatches("/*.pdf$", "/x.pdf.pdf"));
  CHECK_FALSE(RobotsPatternMatches("/*.pdf$", "/x.pdf?x=1"));
  CHECK(RobotsPatternMatches("/a*$", "/abc"));
  CHECK(RobotsPatternMatches("/a$", "/a"));
  CHECK_FALSE(RobotsPatternMatches("/a$", "/ab"));
  CHECK(RobotsPatternMatches("/a$b", "/a$bc"));  // '$' inside a pattern is literal
  CHECK(RobotsPatternMatches("*", ""));
  CHECK(RobotsPatternMatches("$", ""));
  CHECK_FALSE(RobotsPatternMatches("$", "/"));
  CHECK(RobotsPatternMatches("/aab*ab$", "/aabab"));
  CHECK_FALSE(RobotsPatternMatches("/aab*aab$", "/aab"));
}

// fuzz_robots (crash-63ed92bb...): under "Disallow: /" the matcher allowed
// /robots.txt (RFC 9309 2.2.2) but reported the Disallow as the decisive rule.
TEST_CASE("fuzz: no rule is decisive for /robots.txt, which is always allowed") {
  RobotsMatcher matcher(ParseRobotsTxt("User-agent: *\nDisallow: /\n"), "cecat/0.1");
  CHECK(matcher.Allowed("http://h/robots.txt"));
  CHECK(matcher.Decisive("http://h/robots.txt") == nullptr);
  CHECK(matcher.Decisive("/robots.txt") == nullptr);
  // Anything else, including the same name elsewhere or with a query, is decided
  // by the rule.
  for (const char* url : {"http://h/a/robots.txt", "http://h/robots.txt?x=1", "/"}) {
    INFO(url);
    CHECK_FALSE(matcher.Allowed(url));
    const RobotsRule* rule = matcher.Decisive(url);
    REQUIRE(rule != nullptr);
    CHECK_FALSE(rule->allow);
  }
}

TEST_CASE("bounds: a robots.txt keeps at most kRobotsMaxRules rules, with a diagnostic") {
  std::string robots = "User-agent: *\n";
  for (size_t i = 0; i < kRobotsMaxRules; ++i) robots += "Disallow: /p" + std::to_string(i) + "/\n";
  for (int i = 0; i < 5; ++i) robots += "Disallow: /late" + std::to_string(i) + "\n";
  RobotsTxt parsed = ParseRobotsTxt(robots);
  REQUIRE(parsed.groups.size() == 1);
  CHECK(parsed.groups[0].rules.size() == kRobotsMaxRules);
  int noted = 0;
  for (const cecat::Diagnostic& d : parsed.diagnostics) {
    if (d.message.find("rules; this and later rules are ignored") != std::string::npos) ++noted;
  }
  CHECK(noted == 1);
  CHECK_FALSE(IsAllowed(robots, "cecat", "/p0/"));
  CHECK(IsAllowed(robots, "cecat", "/late0"));
}

// 50 MB of entries without <loc> gave one diagnostic each: millions of strings.
TEST_CASE("bounds: a sitemap lists at most kSitemapMaxDiagnostics problems") {
  std::string xml = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
  for (int i = 0; i < 1000; ++i) xml += "<url></url>";
  xml += "<url><loc>https://example.org/kept</loc></url></urlset>";
  Sitemap s = ParseSitemap(xml);
  REQUIRE(s.urls.size() == 1);
  CHECK(s.urls[0].loc == "https://example.org/kept");
  REQUIRE(s.diagnostics.size() == kSitemapMaxDiagnostics + 1);
  CHECK(s.diagnostics[0].message == "entry without <loc> ignored");
  CHECK(s.diagnostics.back().message.find("more problems") != std::string::npos);
}

// fuzz_charset: glibc's iconv UTF-8 decoder passed a 5-byte sequence (F8 BD 89 89 89)
// and code points above U+10FFFF through, so ConvertToUtf8's output was not UTF-8.
TEST_CASE("fuzz: ConvertToUtf8 output is valid UTF-8 even for invalid input") {
  std::string bytes = std::string("ok ") + "\xF8\xBD\x89\x89\x89" + "\xF4\x89\x89\x89" + " end";
  int replaced = 0;
  auto out = ConvertToUtf8(bytes, "utf-8", &replaced);
  REQUIRE(out.has_value());
  CHECK(RepairUtf8(*out, nullptr) == *out);
  CHECK(out->rfind("ok ", 0) == 0);
  CHECK(out->find(" end") != std::string::npos);
  CHECK(replaced > 0);
}

namespace cecat::crawler {
namespace {

// fuzz_sitemap: a <lastmod> in year 9999 overflowed system_clock's nanoseconds
// (undefined behaviour); dates outside 1900-2200 are now not dates.
TEST_CASE("fuzz: a lastmod far in the future or past is not a date") {
  CHECK_FALSE(ParseW3cDatetime("9999-12-31").has_value());
  CHECK_FALSE(ParseW3cDatetime("0001-01-01T00:00:00Z").has_value());
  CHECK(ParseW3cDatetime("2026-11-25").has_value());
  CHECK(ParseW3cDatetime("2199-01-01").has_value());
}

}  // namespace
}  // namespace cecat::crawler
