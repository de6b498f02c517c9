// robots.txt parsing and matching, RFC 9309. Sections are cited above each case.
#include "crawler/robots.h"

#include <catch2/catch.hpp>

namespace cecat::crawler {
namespace {

struct Case {
  const char* robots;
  const char* agent;
  const char* url;
  bool allowed;
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO("robots.txt:\n" << c.robots << "\nagent: " << c.agent << "\nurl: " << c.url);
    CHECK(IsAllowed(c.robots, c.agent, c.url) == c.allowed);
  }
}

// 2.2.1: groups, user-agent matching by product token, case-insensitive, "*" fallback.
TEST_CASE("robots: the group for the product token applies, else the * group") {
  const char* robots =
      "User-agent: *\n"
      "Disallow: /\n"
      "\n"
      "User-agent: CeCat\n"
      "Disallow: /private\n";
  RunCases({
      {robots, "cecat/0.1 (+https://example.org/bot)", "http://h/courses", true},
      {robots, "cecat", "http://h/private/x", false},
      {robots, "otherbot/2.0", "http://h/courses", false},
      {"User-agent: cecat/1.0\nDisallow: /x\n", "cecat/2.0", "http://h/x", false},
      {"User-agent: cecatextra\nDisallow: /\n", "cecat/2.0", "http://h/x", true},
      {"User-agent: otherbot\nDisallow: /\n", "cecat", "http://h/x", true},
      {"", "cecat", "http://h/x", true},
  });
}

// 2.2.1: several groups for the same agent are combined; consecutive user-agent
// lines share one group.
TEST_CASE("robots: groups naming the same agent are merged") {
  const char* robots =
      "User-agent: a\n"
      "User-agent: cecat\n"
      "Disallow: /one\n"
      "User-agent: b\n"
      "Disallow: /b\n"
      "User-agent: cecat\n"
      "Disallow: /two\n";
  RunCases({
      {robots, "cecat", "http://h/one", false},
      {robots, "cecat", "http://h/two", false},
      {robots, "cecat", "http://h/b", true},
      {robots, "a", "http://h/one", false},
      {robots, "a", "http://h/two", true},
  });
}

// 2.2.2: the longest match wins; on equal length Allow wins.
TEST_CASE("robots: longest match decides, Allow wins ties") {
  const char* robots =
      "User-agent: *\n"
      "Disallow: /courses\n"
      "Allow: /courses/free\n"
      "Allow: /page\n"
      "Disallow: /page\n"
      "Disallow: /*.pdf$\n"
      "Allow: /docs/*.pdf$\n";
  RunCases({
      {robots, "cecat", "http://h/courses/paid", false},
      {robots, "cecat", "http://h/courses/free/1", true},
      {robots, "cecat", "http://h/page", true},
      {robots, "cecat", "http://h/a/b.pdf", false},
      {robots, "cecat", "http://h/a/b.pdf?x=1", true},
      {robots, "cecat", "http://h/docs/b.pdf", true},
      {robots, "cecat", "http://h/", true},
      {robots, "cecat", "http://h", true},
  });
}

// 2.2.3: `*` matches any sequence, `$` anchors the end; elsewhere `$` is literal.
TEST_CASE("robots: wildcards") {
  struct P {
    const char* pattern;
    const char* path;
    bool match;
  } cases[] = {
      {"/", "/anything", true},
      {"/fish", "/fish.html", true},
      {"/fish", "/Fish", false},
      {"/fish$", "/fish", true},
      {"/fish$", "/fish/", false},
      {"/*.php", "/index.php", true},
      {"/*.php", "/a/b.php?x", true},
      {"/*.php$", "/a.php?x", false},
      {"/fish*", "/fish", true},
      {"*/x", "/a/b/x", true},
      {"/a*b*c", "/aXbYc", true},
      {"/a*b*c", "/aXcYb", false},
      {"/a$b", "/a$b", true},
      {"/**", "/", true},
      {"/*/*/*/*/*/*/*/*/*/z", "/a/b/c/d/e/f/g/h/i/j/k", false},
  };
  for (const P& c : cases) {
    CAPTURE(c.pattern, c.path);
    CHECK(RobotsPatternMatches(c.pattern, c.path) == c.match);
  }
}

// 2.2.2: percent-encoding is normalised on both sides before comparing.
TEST_CASE("robots: percent-encoding and non-ASCII are normalised") {
  RunCases({
      {"User-agent: *\nDisallow: /%7Euser\n", "cecat", "http://h/~user/page", false},
      {"User-agent: *\nDisallow: /~user\n", "cecat", "http://h/%7euser/page", false},
      {"User-agent: *\nDisallow: /caf\xC3\xA9\n", "cecat", "http://h/caf%C3%A9", false},
      {"User-agent: *\nDisallow: /caf%c3%a9\n", "cecat", "http://h/caf\xC3\xA9/menu", false},
      {"User-agent: *\nDisallow: /a%2Fb\n", "cecat", "http://h/a/b", true},
  });
  CHECK(NormaliseRobotsPath("/%7e%2f%41 x\xC3\xA9") == "/~%2FA%20x%C3%A9");
}

// 2.2.2: /robots.txt is always allowed; 2.3.1: fetch outcomes.
TEST_CASE("robots: fetch outcomes map to allow or disallow all") {
  struct O {
    RobotsFetch fetch;
    const char* body;
    bool allowed;
  } cases[] = {
      {RobotsFetch::Response(200), "User-agent: *\nDisallow: /x\n", true},  // /y not covered
      {RobotsFetch::Response(404), "", true},
      // 4xx incl. 401/403: unavailable, allow (RFC 9309 2.3.1.3)
      {RobotsFetch::Response(403), "", true},
      {RobotsFetch::TooManyRedirects(), "", true},  // unavailable (2.3.1.2)
      {RobotsFetch::Response(500), "", false},      // unreachable: disallow all (2.3.1.4)
      {RobotsFetch::Response(503), "", false},
      {RobotsFetch{}, "", false},  // no response
  };
  for (const O& c : cases) {
    CAPTURE(static_cast<int>(c.fetch.kind), c.fetch.status);
    RobotsMatcher m = RobotsForFetchOutcome(c.fetch, c.body, "cecat");
    CHECK(m.Allowed("http://h/y") == c.allowed);
    CHECK(m.Allowed("http://h/robots.txt"));
  }
}

// Crawl-delay: an extension, per group; merged groups take the largest.
TEST_CASE("robots: crawl-delay belongs to the matching group") {
  const char* robots =
      "User-agent: *\nCrawl-delay: 10\n\n"
      "User-agent: cecat\nCrawl-delay: 2.5\nDisallow: /tmp\n\n"
      "User-agent: cecat\nCrawl-delay: 1\n";
  RobotsTxt parsed = ParseRobotsTxt(robots);
  CHECK(RobotsMatcher(parsed, "cecat/1").crawl_delay() == Approx(2.5));
  CHECK(RobotsMatcher(parsed, "other").crawl_delay() == Approx(10));
  CHECK_FALSE(RobotsMatcher(ParseRobotsTxt("User-agent: *\nDisallow:\n"), "x").crawl_delay());
}

TEST_CASE("robots: sitemaps are collected from anywhere in the file") {
  RobotsTxt parsed = ParseRobotsTxt(
      "Sitemap: https://h/s1.xml\nUser-agent: *\nSitemap: https://h/s2.xml\nDisallow: /x\n");
  REQUIRE(parsed.sitemaps.size() == 2);
  CHECK(parsed.sitemaps[0] == "https://h/s1.xml");
  CHECK(parsed.sitemaps[1] == "https://h/s2.xml");
  // The Sitemap line inside the group does not split it.
  REQUIRE(parsed.groups.size() == 1);
  CHECK(RobotsMatcher(parsed, "cecat").sitemaps().size() == 2);
}

// "Parsers never fail; they report": every odd line has a diagnostic with its number.
TEST_CASE("robots: malformed lines are reported, not fatal") {
  RobotsTxt parsed = ParseRobotsTxt(
      "\xEF\xBB\xBF"
      "Disallow: /before\n"   // 1
      "User-agent: *\r\n"     // 2
      "Dissallow: /typo\r"    // 3
      "nonsense\n"            // 4
      "Crawl-delay: soon\n"   // 5
      "Disallow /nocolon\n"   // 6
      "Host: example.org\n"   // 7
      "Disallow: relative\n"  // 8
      "\n"                    // 9
      "# comment only\n");    // 10
  std::vector<std::pair<int, std::string>> expected = {
      {1, "rule before any user-agent line is ignored"},
      {3, "\"Dissallow\" read as a misspelt directive"},
      {4, "not a directive (no colon): \"nonsense\""},
      {5, "crawl-delay is not a number of seconds: \"soon\""},
      {6, "missing colon after \"Disallow\""},
      {7, "unknown directive \"Host\" ignored"},
      {8, "pattern does not start with / or *: \"relative\""},
  };
  REQUIRE(parsed.diagnostics.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(parsed.diagnostics[i].line == expected[i].first);
    CHECK(parsed.diagnostics[i].message == expected[i].second);
  }
  RobotsMatcher m(parsed, "cecat");
  CHECK_FALSE(m.Allowed("/typo"));
  CHECK_FALSE(m.Allowed("/nocolon"));
  CHECK(m.Allowed("/before"));
  CHECK_FALSE(m.Allowed("/relative"));
}

// In the spirit of google/robotstxt's LineMetadata: each problem knows its line
// (LF, CR LF and a lone CR all end one), the byte offset where the line starts, and
// whether the line was read anyway (info) or ignored (warning).
TEST_CASE("robots: diagnostics carry line, offset and severity") {
  using Severity = cecat::Diagnostic::Severity;
  std::string body =
      "User-agent: *\r\n"   // 1, offset 0
      "useragent: cecat\r"  // 2, offset 15
      "Crawl-delay: -1\n"   // 3, offset 32
      "Clean-param: a\n";   // 4, offset 48
  RobotsTxt parsed = ParseRobotsTxt(body);
  REQUIRE(parsed.diagnostics.size() == 3);
  CHECK(parsed.diagnostics[0] == cecat::Diagnostic{.severity = Severity::kInfo,
                                                   .where = "robots.txt",
                                                   .line = 2,
                                                   .offset = 15,
                                                   .message = "\"useragent\" read as a "
                                                              "misspelt directive"});
  CHECK(parsed.diagnostics[1].ToString() ==
        "line 3: robots.txt: crawl-delay is not a number of seconds: \"-1\"");
  CHECK(parsed.diagnostics[1].severity == Severity::kWarning);
  CHECK(parsed.diagnostics[1].offset == 32);
  CHECK(parsed.diagnostics[2].line == 4);
  CHECK(parsed.diagnostics[2].offset == 48);
  CHECK(parsed.diagnostics[2].severity == Severity::kInfo);
  // The parser does not know where the file came from; the caller fills in url.
  for (const auto& d : parsed.diagnostics) CHECK(d.url.empty());
}

// google/robotstxt keeps only kMaxLineLen (2083 * 8) bytes of a line; we read it
// all but say that Google would not.
TEST_CASE("robots: a line longer than Google reads is reported and still applied") {
  std::string pattern = "/" + std::string(kRobotsLongLineBytes, 'a');
  std::string body = "User-agent: *\nDisallow: " + pattern + "b\n";
  RobotsTxt parsed = ParseRobotsTxt(body);
  REQUIRE(parsed.diagnostics.size() == 1);
  CHECK(parsed.diagnostics[0].line == 2);
  CHECK(parsed.diagnostics[0].offset == 14);
  CHECK(parsed.diagnostics[0].message == "line is " + std::to_string(kRobotsLongLineBytes + 12) +
                                             " bytes; Google reads only the "
                                             "first " +
                                             std::to_string(kRobotsLongLineBytes));
  CHECK_FALSE(IsAllowed(body, "cecat", pattern + "b"));
  CHECK(IsAllowed(body, "cecat", pattern + "c"));
}

TEST_CASE("robots: an empty Disallow allows everything") {
  RunCases({
      {"User-agent: *\nDisallow:\n", "cecat", "http://h/anything", true},
      {"User-agent: *\nDisallow: /\nAllow:\n", "cecat", "http://h/anything", false},
  });
}

TEST_CASE("robots: the product token is the leading name of the User-Agent") {
  CHECK(RobotsProductToken("cecat/0.1 (+https://x)") == "cecat");
  CHECK(RobotsProductToken("Mozilla/5.0 (compatible; cecat-bot/1.0)") == "Mozilla");
  CHECK(RobotsProductToken("cecat_bot") == "cecat_bot");
  CHECK(RobotsProductToken("") == "");
}

// RFC 9309 section 2.5 lets a crawler stop at 500 KiB; a rule cut in two by the
// limit is not the rule the site wrote ("Disallow: /private-area" would become
// "Disallow: /pri"), so the line the cut goes through is dropped.
TEST_CASE("robots: a file past the cap is read up to the last line break before it") {
  std::string body = "User-agent: *\nDisallow: /first\n";
  std::string cut_line = "Disallow: /private-area\n";
  // Comment lines up to 10 bytes before the cap, so the cap falls inside cut_line.
  while (body.size() + 40 < kRobotsMaxBytes - 10) body += "# " + std::string(37, 'x') + "\n";
  body += std::string(kRobotsMaxBytes - 10 - body.size() - 1, '#') + "\n";
  size_t cut_line_at = body.size();
  body += cut_line + "Disallow: /\n";
  REQUIRE(cut_line_at < kRobotsMaxBytes);
  REQUIRE(cut_line_at + cut_line.size() > kRobotsMaxBytes);
  RobotsTxt parsed = ParseRobotsTxt(body);
  REQUIRE(parsed.diagnostics.size() == 1);
  CHECK(parsed.diagnostics[0].message == "file is larger than 524288 bytes; the rest is ignored");
  CHECK(parsed.diagnostics[0].offset == static_cast<int64_t>(cut_line_at));
  RobotsMatcher matcher(parsed, "cecat");
  CHECK_FALSE(matcher.Allowed("/first"));
  CHECK(matcher.Allowed("/pri"));  // not "Disallow: /pri"
  CHECK(matcher.Allowed("/private-area"));
  // Cut right at a line break: every line before it is whole and kept.
  std::string exact = "User-agent: *\nDisallow: /kept\n";
  exact += std::string(kRobotsMaxBytes - exact.size() - 1, '#') + "\nDisallow: /\n";
  RobotsTxt at_break = ParseRobotsTxt(exact);
  RobotsMatcher kept(at_break, "cecat");
  CHECK_FALSE(kept.Allowed("/kept"));
  CHECK(kept.Allowed("/other"));
}

TEST_CASE("robots: huge and binary input does not crash") {
  std::string huge = "User-agent: *\n";
  while (huge.size() < kRobotsMaxBytes + 1000) huge += "Disallow: /a*b*c*d*e*f*g\n";
  RobotsTxt parsed = ParseRobotsTxt(huge);
  REQUIRE_FALSE(parsed.diagnostics.empty());
  CHECK(parsed.diagnostics[0].message.find("larger than") != std::string::npos);
  CHECK(RobotsMatcher(parsed, "x").Allowed("/zzz"));
  std::string binary(4096, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 7);
  CHECK(IsAllowed(binary, "x", "/y"));
}

}  // namespace
}  // namespace cecat::crawler
