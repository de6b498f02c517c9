// Sitemaps: the streaming parser, W3C datetimes, then sitemaps seeding a crawl.
#include "crawler/sitemap.h"

#include <zlib.h>

#include <catch2/catch.hpp>

#include "crawler/crawler.h"
#include "tests/crawler/crawler_test_util.h"
#include "tests/support/test_support.h"

namespace cecat::crawler {
namespace {

using testing::LoopbackServer;
using testutil::kNoValidators;
using testutil::LoopbackSpec;
using testutil::RecordingHandler;

std::string GzipBytes(const std::string& data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

const char* kUrlset = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc> https://h.example/courses/ethics?a=1&amp;b=2 </loc>
    <lastmod>2026-10-01</lastmod>
    <image:image><image:loc>https://h.example/img.png</image:loc></image:image>
  </url>
  <url><loc>https://h.example/courses/trauma</loc></url>
  <url><lastmod>2026-01-01</lastmod></url>
</urlset>
)";

TEST_CASE("sitemap: a urlset yields locs and lastmods; extensions are ignored") {
  Sitemap s = ParseSitemap(kUrlset);
  CHECK_FALSE(s.is_index);
  REQUIRE(s.urls.size() == 2);
  CHECK(s.urls[0].loc == "https://h.example/courses/ethics?a=1&b=2");
  CHECK(s.urls[0].lastmod == "2026-10-01");
  CHECK(s.urls[1].loc == "https://h.example/courses/trauma");
  CHECK(s.urls[1].lastmod.empty());
  REQUIRE(s.diagnostics.size() == 1);
  CHECK(s.diagnostics[0].line == 10);
  CHECK(s.diagnostics[0].message == "entry without <loc> ignored");
}

TEST_CASE("sitemap: fed one byte at a time it parses the same") {
  SitemapParser parser;
  std::string xml = kUrlset;
  for (char c : xml) parser.Feed(std::string_view(&c, 1));
  Sitemap s = parser.Finish();
  REQUIRE(s.urls.size() == 2);
  CHECK(s.urls[0].loc == "https://h.example/courses/ethics?a=1&b=2");
}

TEST_CASE("sitemap: an index lists child sitemaps; gzip is inflated") {
  std::string index =
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<sitemap><loc>https://h.example/s1.xml.gz</loc><lastmod>2026-11-01T10:00:00Z</lastmod>"
      "</sitemap><sitemap><loc>https://h.example/s2.xml</loc></sitemap></sitemapindex>";
  Sitemap s = ParseSitemap(GzipBytes(index));
  CHECK(s.is_index);
  REQUIRE(s.sitemaps.size() == 2);
  CHECK(s.sitemaps[0].loc == "https://h.example/s1.xml.gz");
  CHECK(s.sitemaps[0].lastmod == "2026-11-01T10:00:00Z");
  CHECK(s.diagnostics.empty());
}

TEST_CASE("sitemap: the plain-text form is one URL per line") {
  Sitemap s = ParseSitemap("\xEF\xBB\xBFhttps://h.example/a\r\n\nnot a url\nhttps://h.example/b");
  REQUIRE(s.urls.size() == 2);
  CHECK(s.urls[0].loc == "https://h.example/a");
  CHECK(s.urls[1].loc == "https://h.example/b");
  REQUIRE(s.diagnostics.size() == 1);
  CHECK(s.diagnostics[0].line == 3);
  CHECK(s.diagnostics[0].message == "not a URL: \"not a url\"");
}

TEST_CASE("sitemap: broken input is reported and what parsed is kept") {
  struct Case {
    const char* name;
    std::string body;
    size_t urls;
    const char* diagnostic;
  } cases[] = {
      {"truncated XML",
       "<urlset><url><loc>https://h/a</loc></url>\n<url><loc>https://h/b</loc></url><url><lo", 2,
       "XML error: unclosed token; entries before it are kept"},
      {"wrong root", "<html><body>not a sitemap</body></html>", 0,
       "root element <html> is neither <urlset> nor <sitemapindex>"},
      {"empty", "  \n ", 0, "empty sitemap"},
      {"truncated gzip", std::string("\x1f\x8b\x08\x00garbage", 12), 0,
       "gzip: gzip data is truncated"},
      {"corrupt gzip", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff", 12), 0,
       "gzip: gzip data is corrupt: invalid block type"},
      {"entity expansion bomb",
       "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
       "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d "
       "\"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
       "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f "
       "\"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
       "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h "
       "\"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">"
       "]><urlset><url><loc>&h;</loc></url></urlset>",
       0, nullptr},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Sitemap s = ParseSitemap(c.body);
    CHECK(s.urls.size() == c.urls);
    REQUIRE_FALSE(s.diagnostics.empty());
    if (c.diagnostic) CHECK(s.diagnostics.back().message == c.diagnostic);
  }
}

TEST_CASE("sitemap: diagnostics name the sitemap, expat's line and how bad it is") {
  using Severity = cecat::Diagnostic::Severity;
  Sitemap s = ParseSitemap(
      "<urlset>\n"                           // 1
      "<url><loc>https://h/a</loc></url>\n"  // 2
      "<url></url>\n"                        // 3
      "<url><loc>https://h/b</loc></url>\n"  // 4
      "<url><loc>https://h/c</lo");          // 5
  CHECK(s.urls.size() == 2);
  REQUIRE(s.diagnostics.size() == 2);
  CHECK(s.diagnostics[0].ToString() == "line 3: sitemap: entry without <loc> ignored");
  CHECK(s.diagnostics[0].severity == Severity::kWarning);
  CHECK(s.diagnostics[1].where == "sitemap");
  CHECK(s.diagnostics[1].line == 5);
  CHECK(s.diagnostics[1].severity == Severity::kError);
  CHECK(s.diagnostics[1].message.rfind("XML error: ", 0) == 0);
}

TEST_CASE("sitemap: past kSitemapMaxDiagnostics one more diagnostic counts the rest") {
  std::string body = "<urlset>\n";
  for (size_t i = 0; i < kSitemapMaxDiagnostics + 5; ++i) body += "<url></url>\n";
  body += "</urlset>\n";
  Sitemap s = ParseSitemap(body);
  REQUIRE(s.diagnostics.size() == kSitemapMaxDiagnostics + 1);
  CHECK(s.diagnostics[kSitemapMaxDiagnostics - 1].line ==
        static_cast<int>(kSitemapMaxDiagnostics) + 1);
  CHECK(s.diagnostics.back().ToString() == "line " + std::to_string(kSitemapMaxDiagnostics + 2) +
                                               ": sitemap: 5 more problems; only the first " +
                                               std::to_string(kSitemapMaxDiagnostics) +
                                               " are listed");
}

TEST_CASE("sitemap: W3C datetimes; a date alone means the end of that day") {
  using std::chrono::system_clock;
  auto at = [](const char* iso) {
    std::tm tm{};
    REQUIRE(strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) != nullptr);
    return system_clock::from_time_t(timegm(&tm));
  };
  struct Case {
    const char* text;
    const char* utc;  // nullptr = does not parse
  } cases[] = {
      {"2026-10-01", "2026-10-02T00:00:00"},
      {"2026-10", "2026-11-01T00:00:00"},
      {"2026-12", "2027-01-01T00:00:00"},
      {"2026", "2027-01-01T00:00:00"},
      {"2026-10-01T10:20:30Z", "2026-10-01T10:20:30"},
      {"2026-10-01T10:20:30.123+02:00", "2026-10-01T08:20:30"},
      {"2026-10-01T10:20-05:00", "2026-10-01T15:20:00"},
      {" 2026-10-01T10:20:30 ", "2026-10-01T10:20:30"},
      {"2026-13-01", nullptr},
      {"yesterday", nullptr},
      {"2026-10-01T25:00Z", nullptr},
      {"2026-10-01 10:00", nullptr},
      {"", nullptr},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    auto parsed = ParseW3cDatetime(c.text);
    if (c.utc == nullptr) {
      CHECK_FALSE(parsed);
    } else {
      REQUIRE(parsed);
      CHECK(*parsed == at(c.utc));
    }
  }
}

// A site whose pages are listed only in sitemaps: an index, a gzip child.
struct SitemapSite {
  LoopbackServer server;
  std::string child_gz;
  SitemapSite(const std::string& robots) {
    server.server().Get("/robots.txt", [robots](const httplib::Request&, httplib::Response& res) {
      res.set_content(robots, "text/plain");
    });
    server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("home, no links", "text/html");
    });
    server.server().Get("/sitemap_index.xml",
                        [this](const httplib::Request&, httplib::Response& res) {
                          res.set_content(
                              "<sitemapindex><sitemap><loc>/sitemaps/courses.xml.gz</loc></sitemap>"
                              "<sitemap><loc>" +
                                  server.Url("/sitemap_index.xml") +
                                  "</loc></sitemap>"
                                  "</sitemapindex>",
                              "application/xml");
                        });
    server.server().Get("/sitemaps/courses.xml.gz",
                        [this](const httplib::Request&, httplib::Response& res) {
                          res.set_content(child_gz, "application/gzip");
                        });
    server.server().Get(R"(/c/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("course " + req.matches[1].str(), "text/html");
    });
  }
  void Start() {
    server.Start();
    child_gz = GzipBytes(
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        "<url><loc>" +
        server.Url("/c/1") +
        "</loc><lastmod>2026-01-01</lastmod></url>"
        "<url><loc>" +
        server.Url("/c/2") +
        "</loc><lastmod>2026-09-01T12:00:00Z</lastmod></url>"
        "<url><loc>" +
        server.Url("/c/3") +
        "</loc></url>"
        "<url><loc>http://elsewhere.invalid/c/4</loc></url>"
        "</urlset>");
  }
};

TEST_CASE("sitemaps (an index with a gzip child) seed the frontier") {
  SitemapSite site("User-agent: *\nAllow: /\n");
  site.Start();
  CrawlSpec spec = LoopbackSpec(site.server.Url("/"));
  spec.sitemaps = {site.server.Url("/sitemap_index.xml")};
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  for (const char* path : {"/c/1", "/c/2", "/c/3", "/sitemap_index.xml"}) {
    CAPTURE(path);
    CHECK(site.server.CountRequests(path) == 1);
  }
  CHECK(stats->sitemaps_fetched == 2);  // the index listing itself is fetched once
  CHECK(stats->fetched == 4);
  CHECK(stats->out_of_scope == 1);
  const FetchedPage* page = handler.Page(site.server.Url("/c/2"));
  REQUIRE(page != nullptr);
  CHECK(page->depth == 0);
}

TEST_CASE("\"robots\" takes the Sitemap: lines of robots.txt") {
  SitemapSite site("User-agent: *\nDisallow: /c/3\n\nSitemap: /sitemap_index.xml\n");
  site.Start();
  CrawlSpec spec = LoopbackSpec(site.server.Url("/"));
  spec.sitemaps = {"robots"};
  spec.respect_robots = true;
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(site.server.CountRequests("/robots.txt") == 1);
  CHECK(site.server.CountRequests("/c/1") == 1);
  CHECK(site.server.CountRequests("/c/3") == 0);  // still obeys the rules
  CHECK(stats->robots_denied == 1);
}

TEST_CASE("sitemap lastmod skips pages unchanged since the last visit") {
  SitemapSite site("");
  site.Start();
  CrawlSpec spec = LoopbackSpec(site.server.Url("/"));
  spec.sitemaps = {site.server.Url("/sitemap_index.xml")};
  // Everything was fetched on 2026-06-01: /c/1 (lastmod 2026-01-01) has not changed
  // since, /c/2 (2026-09-01) has, /c/3 has no lastmod.
  std::tm tm{};
  strptime("2026-06-01T00:00:00", "%Y-%m-%dT%H:%M:%S", &tm);
  auto visit = std::chrono::system_clock::from_time_t(timegm(&tm));
  ValidatorLookup lookup = [&](const std::string& url) -> std::optional<Validators> {
    if (url.find("/c/") == std::string::npos) return std::nullopt;
    return Validators{"\"e\"", "", visit};
  };
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, lookup, handler);
  REQUIRE(stats.ok());
  CHECK(site.server.CountRequests("/c/1") == 0);
  CHECK(site.server.CountRequests("/c/2") == 1);
  CHECK(site.server.CountRequests("/c/3") == 1);
  CHECK(stats->lastmod_skipped == 1);
  CHECK(stats->unchanged == 1);
  const FetchedPage* skipped = handler.Page(site.server.Url("/c/1"));
  REQUIRE(skipped != nullptr);
  CHECK(skipped->not_modified);
  CHECK(skipped->skipped_by_lastmod);
  CHECK(skipped->etag == "\"e\"");
}

}  // namespace
}  // namespace cecat::crawler
