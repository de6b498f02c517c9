// HTTP behaviour against a server on 127.0.0.1: size caps, encodings, redirects,
// timeouts, retries and conditional GET.

#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "crawler/crawler.h"
#include "crawler/robots.h"
#include "crawler/sitemap.h"
#include "tests/crawler/crawler_test_util.h"
#include "tests/support/test_support.h"

namespace cecat::crawler {
namespace {

using namespace std::chrono_literals;
using testing::LoopbackServer;
using testutil::kNoValidators;
using testutil::LoopbackSpec;
using testutil::RecordingHandler;

CrawlStats MustCrawl(const CrawlSpec& spec, RecordingHandler& handler) {
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  INFO(stats.status().ToString());
  REQUIRE(stats.ok());
  return *stats;
}

TEST_CASE("max_bytes stops a body that is too large") {
  LoopbackServer server;
  std::string big(200 * 1024, 'x');
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<a href=\"/declared\">d</a><a href=\"/chunked\">c</a>", "text/html");
  });
  // With a Content-Length libcurl refuses before the body; chunked, the write
  // callback stops it once it passes the cap.
  server.server().Get("/declared", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(big, "text/html");
  });
  server.server().Get("/chunked", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html", [&](size_t offset, httplib::DataSink& sink) {
      if (offset >= big.size()) {
        sink.done();
        return true;
      }
      return sink.write(big.data() + offset, std::min<size_t>(8192, big.size() - offset));
    });
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.max_bytes = 50 * 1024;
  RecordingHandler handler;
  CrawlStats stats = MustCrawl(spec, handler);
  CHECK(stats.fetched == 1);
  CHECK(stats.failed_by_reason["too large"] == 2);
  REQUIRE(handler.Failure(server.Url("/declared")) != nullptr);
  CHECK(handler.Failure(server.Url("/declared"))->Describe() == "too large");
  REQUIRE(handler.Failure(server.Url("/chunked")) != nullptr);
  CHECK(handler.Failure(server.Url("/chunked"))->Describe() == "too large");
}

TEST_CASE("gzip bodies are decoded, and max_bytes caps the decoded size (gzip bomb)") {
  LoopbackServer server;
  std::string page = "<p>" + std::string(1000, 'a') + "</p><a href=\"/bomb\">b</a>";
  std::string page_gz = testing::Deflated(page);
  std::string bomb_gz = testing::Deflated(std::string(20 * 1024 * 1024, '\0'));  // 20 MB of zeros
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(page_gz, "text/html");
  });
  server.server().Get("/bomb", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(bomb_gz, "text/html");
  });
  server.Start();
  CAPTURE(bomb_gz.size());
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.max_bytes = 1024 * 1024;
  REQUIRE(static_cast<int64_t>(bomb_gz.size()) < spec.max_bytes);  // only the output is big
  RecordingHandler handler;
  CrawlStats stats = MustCrawl(spec, handler);
  REQUIRE(handler.Page(server.Url("/")) != nullptr);
  CHECK(handler.Page(server.Url("/"))->body == page);
  REQUIRE(handler.Failure(server.Url("/bomb")) != nullptr);
  CHECK(handler.Failure(server.Url("/bomb"))->Describe() == "too large");
  CHECK(stats.bytes == static_cast<int64_t>(page.size()));
}

// The crawler decodes bodies itself (crawler/detail/content_decoding.h) so that
// a gzip body can be stored as it arrived: FetchedPage::received_body.
TEST_CASE("a gzip body is kept as it arrived when it inflates to the page") {
  LoopbackServer server;
  std::string page = "<p>caf\xC3\xA9 " + std::string(3000, 'a') + "</p><a href=\"/1252\">b</a>" +
                     "<a href=\"/two\">c</a><a href=\"/data\">d</a>";
  std::string latin = "<p>caf\xE9</p>";  // windows-1252: converted, so not as received
  std::string page_gz = testing::Deflated(page);
  std::string two_members = testing::Deflated("<p>one</p>") + testing::Deflated("<p>two</p>");
  std::string data = std::string(5000, 'x');
  std::string data_gz = testing::Deflated(data);
  // application/octet-stream: a type cpp-httplib does not compress again (it does
  // text/*, adding its own coding after ours).
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(page_gz, "text/html");
  });
  server.server().Get("/1252", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(testing::Deflated(latin), "text/html; charset=windows-1252");
  });
  server.server().Get("/two", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(two_members, "application/octet-stream");
  });
  server.server().Get("/data", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(data_gz, "application/octet-stream");
  });
  server.Start();
  RecordingHandler handler;
  CrawlStats stats = MustCrawl(LoopbackSpec(server.Url("/")), handler);
  CHECK(stats.fetched == 4);
  const FetchedPage* home = handler.Page(server.Url("/"));
  REQUIRE(home != nullptr);
  CHECK(home->body == page);
  // Whatever codings the server stacked on ours, what is kept inflates to the page.
  if (!home->received_body.empty()) CHECK(Gunzip(home->received_body, 1 << 20).value() == page);
  const FetchedPage* converted = handler.Page(server.Url("/1252"));
  REQUIRE(converted != nullptr);
  CHECK(converted->body == "<p>caf\xC3\xA9</p>");
  CHECK(converted->received_body.empty());
  const FetchedPage* two = handler.Page(server.Url("/two"));
  REQUIRE(two != nullptr);
  CHECK(two->body == "<p>one</p><p>two</p>");  // every member decoded
  CHECK(two->received_body.empty());           // inflate would stop after the first
  const FetchedPage* raw = handler.Page(server.Url("/data"));
  REQUIRE(raw != nullptr);
  CHECK(raw->body == data);
  CHECK(raw->received_body == data_gz);
}

// What arrived is kept only within max_bytes, like the decoded body: an
// incompressible page gains a few bytes of gzip framing, so it can decode within
// the cap while what arrived is past it (sent chunked: a declared Content-Length
// over the cap is refused before the body comes).
TEST_CASE("a gzip body past max_bytes as it arrived is decoded but not kept as received") {
  LoopbackServer server;
  std::string noise;
  std::mt19937 rng(25);
  for (int i = 0; i < 9990; ++i) noise.push_back(static_cast<char>(rng() & 0xff));
  std::string noise_gz = testing::Deflated(noise);
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_chunked_content_provider("application/octet-stream",
                                     [&](size_t, httplib::DataSink& sink) {
                                       sink.write(noise_gz.data(), noise_gz.size());
                                       sink.done();
                                       return true;
                                     });
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.max_bytes = 10000;
  REQUIRE(static_cast<int64_t>(noise.size()) <= spec.max_bytes);
  REQUIRE(static_cast<int64_t>(noise_gz.size()) > spec.max_bytes);
  RecordingHandler handler;
  MustCrawl(spec, handler);
  const FetchedPage* page = handler.Page(server.Url("/"));
  REQUIRE(page != nullptr);
  CHECK(page->body == noise);
  CHECK(page->received_body.empty());
}

TEST_CASE("a body in a coding the crawler does not decode fails, named") {
  LoopbackServer server;
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("<a href=\"/compress\">a</a><a href=\"/corrupt\">b</a>", "text/html");
  });
  server.server().Get("/compress", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "compress");
    res.set_content(
        "\x1f\x9d\x90"
        "abc",
        "application/octet-stream");
  });
  server.server().Get("/corrupt", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    // A gzip header, then a deflate block of the reserved type 3.
    res.set_content(std::string("\x1f\x8b\x08\0\0\0\0\0\0\x03\xff\xff\xff\xff", 14),
                    "application/octet-stream");
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.retries = 0;
  RecordingHandler handler;
  MustCrawl(spec, handler);
  CHECK(handler.pages.size() == 1);
  REQUIRE(handler.Failure(server.Url("/compress")) != nullptr);
  CHECK(handler.Failure(server.Url("/compress"))->reason == FailureReason::kNetwork);
  REQUIRE(handler.Failure(server.Url("/corrupt")) != nullptr);
  CHECK(handler.Failure(server.Url("/corrupt"))->reason == FailureReason::kNetwork);
  // Each says why, for the run's report.
  std::map<std::string, std::string> why;
  for (const Diagnostic& d : handler.diagnostics) {
    if (d.where == "content-encoding") why[d.url] = d.message;
  }
  CHECK(why[server.Url("/compress")] ==
        "body not decoded: unsupported Content-Encoding \"compress\"");
  CHECK(why[server.Url("/corrupt")].rfind("body not decoded: gzip body is corrupt", 0) == 0);
  CHECK(why.size() == 2);
}

void Redirect(httplib::Server& server, const std::string& from, const std::string& to,
              int status = 302) {
  server.Get(from, [to, status](const httplib::Request&, httplib::Response& res) {
    res.status = status;
    res.set_header("Location", to);
  });
}

TEST_CASE("a redirect chain is followed, the page keeps the requested and final URLs") {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<a href=\"/r1\">x</a>", "text/html");
  });
  Redirect(server.server(), "/r1", "/r2", 301);
  Redirect(server.server(), "/r2", "final?utm_campaign=x", 308);
  server.server().Get("/final", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("done", "text/html");
  });
  server.Start();
  RecordingHandler handler;
  CrawlStats stats = MustCrawl(LoopbackSpec(server.Url("/")), handler);
  const FetchedPage* page = handler.Page(server.Url("/r1"));
  REQUIRE(page != nullptr);
  CHECK(page->final_url == server.Url("/final"));
  CHECK(page->body == "done");
  CHECK(stats.redirects == 2);
}

TEST_CASE("a redirect to a URL already fetched in the run does not fetch it again") {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<a href=\"/final\">direct</a><a href=\"/old\">moved</a>", "text/html");
  });
  Redirect(server.server(), "/old", "/final", 301);
  server.server().Get("/final", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("done", "text/html");
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.concurrency_per_host = 1;  // /final is fetched before /old redirects to it
  RecordingHandler handler;
  CrawlStats stats = MustCrawl(spec, handler);
  CHECK(server.CountRequests("/final") == 1);
  CHECK(server.CountRequests("/old") == 1);
  CHECK(stats.duplicate_redirects == 1);
  CHECK(stats.fetched == 2);
  CHECK(stats.failed == 0);
}

TEST_CASE("redirect loops and overlong chains fail with their reason") {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<a href=\"/loop1\">l</a><a href=\"/self\">s</a><a href=\"/c1\">c</a>",
                    "text/html");
  });
  Redirect(server.server(), "/loop1", "/loop2");
  Redirect(server.server(), "/loop2", "/loop1");
  Redirect(server.server(), "/self", "/self");
  Redirect(server.server(), "/c1", "/c2");
  Redirect(server.server(), "/c2", "/c3");
  Redirect(server.server(), "/c3", "/c4");
  Redirect(server.server(), "/c4", "/c5");
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.max_redirects = 2;
  RecordingHandler handler;
  CrawlStats stats = MustCrawl(spec, handler);
  struct Case {
    const char* path;
    const char* reason;
  } cases[] = {
      {"/loop1", "redirect loop"}, {"/self", "redirect loop"}, {"/c1", "too many redirects"}};
  for (const Case& c : cases) {
    CAPTURE(c.path);
    const FetchFailure* failure = handler.Failure(server.Url(c.path));
    REQUIRE(failure != nullptr);
    CHECK(failure->Describe() == c.reason);
  }
  CHECK(server.CountRequests("/loop1") == 1);
  CHECK(server.CountRequests("/c4") == 0);
  CHECK(stats.failed == 3);
}

// docs/security.md, "Redirects": each kind of fetch has its own limit (issue 18,
// item 7: the docs said 5 per request while pages follow 10).
TEST_CASE("redirect limits: pages max_redirects (10 by default), robots.txt 5, sitemaps none") {
  CHECK(CrawlSpec{}.max_redirects == 10);
  // Two hosts: robots.txt reached after 5 hops on one (read and obeyed), after 6
  // on the other (RFC 9309 2.3.1.2: unavailable, so everything is allowed).
  LoopbackServer five;
  LoopbackServer six;
  auto chain = [](httplib::Server& server, const std::string& prefix, int hops,
                  const std::string& end) {
    for (int i = 0; i < hops; ++i) {
      std::string from = i == 0 ? (prefix == "/robots" ? "/robots.txt" : prefix + "0")
                                : prefix + std::to_string(i);
      Redirect(server, from, i + 1 == hops ? end : prefix + std::to_string(i + 1));
    }
  };
  for (LoopbackServer* server : {&five, &six}) {
    server->server().Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<a href=\"/private\">p</a><a href=\"/p0\">10</a><a href=\"/q0\">11</a>",
                      "text/html");
    });
    server->server().Get("/rules", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("User-agent: *\nDisallow: /private\n", "text/plain");
    });
    for (const char* path : {"/private", "/end", "/sitemap.xml"}) {
      server->server().Get(path, [](const httplib::Request&, httplib::Response& res) {
        res.set_content("<p>here</p>", "text/html");
      });
    }
  }
  chain(five.server(), "/robots", 5, "/rules");
  chain(six.server(), "/robots", 6, "/rules");
  chain(five.server(), "/p", 10, "/end");
  chain(five.server(), "/q", 11, "/end");
  Redirect(five.server(), "/sm", "/sitemap.xml");
  five.Start();
  six.Start();
  CrawlSpec spec = LoopbackSpec(five.Url("/"));
  spec.start_urls.push_back(six.Url("/"));
  spec.respect_robots = true;
  spec.sitemaps = {five.Url("/sm")};
  RecordingHandler handler;
  CrawlStats stats = MustCrawl(spec, handler);
  REQUIRE(handler.Failure(five.Url("/private")) != nullptr);
  CHECK(handler.Failure(five.Url("/private"))->Describe() == "robots");
  CHECK(handler.Page(six.Url("/private")) != nullptr);
  REQUIRE(handler.Page(five.Url("/p0")) != nullptr);
  CHECK(handler.Page(five.Url("/p0"))->final_url == five.Url("/end"));
  REQUIRE(handler.Failure(five.Url("/q0")) != nullptr);
  CHECK(handler.Failure(five.Url("/q0"))->Describe() == "too many redirects");
  // A sitemap's redirect is not followed: the sitemap fails.
  CHECK(stats.sitemap_errors == 1);
  CHECK(stats.sitemaps_fetched == 0);
  CHECK(five.CountRequests("/sitemap.xml") == 0);

  // And the resource table of docs/security.md says the same (it said "5
  // redirects" for every request).
  std::istringstream doc(testing::ReadFile(testing::SourceDir() / "docs/security.md"));
  std::string row;
  for (std::string line; std::getline(doc, line);) {
    if (line.rfind("| redirects |", 0) == 0) row = line;
  }
  INFO(row);
  CHECK(row.find("pages: `max_redirects` (" + std::to_string(CrawlSpec{}.max_redirects) + ")") !=
        std::string::npos);
  CHECK(row.find("robots.txt: " + std::to_string(kRobotsMaxRedirects) + " ") != std::string::npos);
  CHECK(row.find("sitemaps: none") != std::string::npos);
}

TEST_CASE("a slow response times out") {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(800ms);
    res.set_content("late", "text/html");
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.timeout_s = 0.2;
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE_FALSE(stats.ok());
  REQUIRE(handler.failures.size() == 1);
  CHECK(handler.failures[0].Describe() == "timeout");
}

TEST_CASE("a transfer slower than the low-speed limit is aborted") {
  // Declared before the server, so it outlives the server's threads: a response
  // still being written when the test ends reads it while the server stops.
  std::atomic<bool> stop{false};
  LoopbackServer server;
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html", [&](size_t, httplib::DataSink& sink) {
      // 10 bytes every 200 ms: 50 B/s, under the 1000 B/s limit.
      for (int i = 0; i < 5 && !stop; ++i) std::this_thread::sleep_for(40ms);
      if (stop) return false;
      return sink.write("0123456789", 10);
    });
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.timeout_s = 10;
  spec.low_speed_limit = 1000;
  spec.low_speed_time_s = 1;
  RecordingHandler handler;
  auto began = std::chrono::steady_clock::now();
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  auto took = std::chrono::steady_clock::now() - began;
  stop = true;
  CHECK(took < 8s);  // the 10 s timeout did not fire first
  REQUIRE(handler.failures.size() == 1);
  CHECK(handler.failures[0].Describe() == "low speed");
}

// Issue 18 item 3: a page dripping its body just above the low-speed limit used
// to cost three whole timeouts (92 s at 150 B/s); it will drip again, so it is not
// retried. A page that never answers (connect or first-byte timeout) still is.
TEST_CASE("a page that answered but dripped past the timeout is not retried") {
  // Declared before the server, so they outlive its threads: a response still being
  // written when the test ends reads them while the server stops.
  std::atomic<bool> stop{false};
  std::atomic<int> calls{0};
  LoopbackServer server;
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.set_chunked_content_provider("text/html", [&](size_t, httplib::DataSink& sink) {
      for (int i = 0; i < 5 && !stop; ++i) std::this_thread::sleep_for(20ms);
      if (stop) return false;
      return sink.write("0123456789", 10);  // 100 B/s: above the limit below
    });
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.timeout_s = 0.6;
  spec.low_speed_limit = 1;
  spec.retries = 2;
  spec.retry_base_ms = 10;
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  stop = true;
  REQUIRE(handler.failures.size() == 1);
  CHECK(handler.failures[0].Describe() == "timeout");
  CHECK(calls.load() == 1);
}

// Issue 18 item 3: "a host whose responses drip is given up on for the run". The
// count of failures in a row is reset by any response, so a host dripping on every
// other URL was never given up and cost a whole timeout per dripping page; drips
// are counted over the run, and max_host_failures of them give the host up.
TEST_CASE("a host whose pages drip past the timeout is given up, even between pages that answer") {
  // Declared before the server, so they outlive its threads.
  std::atomic<bool> stop{false};
  std::atomic<int> drip_calls{0};
  LoopbackServer server;
  std::string links;
  for (int i = 0; i < 5; ++i) {
    links += "<a href=\"/drip" + std::to_string(i) + "\">d</a><a href=\"/ok" + std::to_string(i) +
             "\">o</a>";
  }
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(links, "text/html");
  });
  server.server().Get(R"(/ok\d)", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<p>fine</p>", "text/html");
  });
  server.server().Get(R"(/drip\d)", [&](const httplib::Request&, httplib::Response& res) {
    ++drip_calls;
    res.set_chunked_content_provider("text/html", [&](size_t, httplib::DataSink& sink) {
      for (int i = 0; i < 5 && !stop; ++i) std::this_thread::sleep_for(20ms);
      if (stop) return false;
      return sink.write("0123456789", 10);  // 100 B/s: above the low-speed limit
    });
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.timeout_s = 0.3;
  spec.low_speed_limit = 1;
  spec.concurrency_per_host = 1;  // one URL at a time, in link order
  spec.max_host_failures = 3;
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  stop = true;
  REQUIRE(stats.ok());
  CHECK(stats->hosts_blocked == 1);
  // drip0, ok0, drip1, ok1, drip2: given up; ok2 ... ok4 are never asked for.
  CHECK(drip_calls.load() == 3);
  int timeouts = 0, unreachable = 0;
  for (const FetchFailure& f : handler.failures) {
    if (f.reason == FailureReason::kTimeout) ++timeouts;
    if (f.reason == FailureReason::kHostUnreachable) ++unreachable;
  }
  CHECK(timeouts == 3);
  CHECK(unreachable == 5);
  CHECK(handler.pages.size() == 3);  // the index, ok0 and ok1
}

TEST_CASE("503 with Retry-After is retried after the server's delay") {
  LoopbackServer server;
  std::atomic<int> calls{0};
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& res) {
    if (calls++ == 0) {
      res.status = 503;
      res.set_header("Retry-After", "1");
      return;
    }
    res.set_content("back", "text/html");
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.retries = 2;
  RecordingHandler handler;
  CrawlStats stats = MustCrawl(spec, handler);
  std::vector<testing::SeenRequest> requests = server.Requests();
  REQUIRE(requests.size() == 2);
  auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(requests[1].at - requests[0].at);
  CAPTURE(gap.count());
  CHECK(gap >= 950ms);
  CHECK(gap < 5000ms);
  CHECK(stats.fetched == 1);
  CHECK(stats.retries == 1);
  CHECK(stats.failed == 0);
}

TEST_CASE("retries back off exponentially and give up after `retries`") {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<a href=\"/busy\">b</a><a href=\"/limited\">l</a>", "text/html");
  });
  server.server().Get("/busy",
                      [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  server.server().Get("/limited",
                      [](const httplib::Request&, httplib::Response& res) { res.status = 429; });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.retries = 3;
  spec.retry_base_ms = 40;
  RecordingHandler handler;
  CrawlStats stats = MustCrawl(spec, handler);
  CHECK(server.CountRequests("/busy") == 4);
  CHECK(server.CountRequests("/limited") == 4);
  CHECK(stats.retries == 6);
  CHECK(handler.Failure(server.Url("/busy"))->Describe() == "http 503");
  CHECK(handler.Failure(server.Url("/limited"))->status == 429);
  // Waits of at least 20, 40 and 80 ms (half of 40 * 2^n with jitter).
  std::vector<std::chrono::steady_clock::time_point> busy;
  for (const auto& r : server.Requests()) {
    if (r.path == "/busy") busy.push_back(r.at);
  }
  REQUIRE(busy.size() == 4);
  for (size_t i = 1; i < busy.size(); ++i) {
    auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(busy[i] - busy[i - 1]);
    CAPTURE(i, gap.count());
    CHECK(gap.count() >= (20 << (i - 1)) - 2);
  }
}

TEST_CASE("a Retry-After beyond max_retry_after_s is not waited for") {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "3600");
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.retries = 2;
  RecordingHandler handler;
  CHECK_FALSE(CrawlSource(spec, kNoValidators, handler).ok());
  CHECK(server.Requests().size() == 1);
  REQUIRE(handler.failures.size() == 1);
  CHECK(handler.failures[0].Describe() == "http 503");
}

TEST_CASE("stored validators make a conditional GET, 304 is delivered as not modified") {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_header("Last-Modified", "Tue, 03 Nov 2026 10:00:00 GMT");
    res.set_content("course", "text/html");
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));

  RecordingHandler first;
  CrawlStats stats1 = MustCrawl(spec, first);
  REQUIRE(first.pages.size() == 1);
  CHECK(first.pages[0].etag == "\"v1\"");
  CHECK(first.pages[0].last_modified == "Tue, 03 Nov 2026 10:00:00 GMT");
  CHECK(stats1.fetched == 1);

  std::map<std::string, Validators> stored = {
      {first.pages[0].url, {first.pages[0].etag, first.pages[0].last_modified}}};
  ValidatorLookup lookup = [&](const std::string& url) -> std::optional<Validators> {
    auto it = stored.find(url);
    if (it == stored.end()) return std::nullopt;
    return it->second;
  };
  RecordingHandler second;
  Result<CrawlStats> stats2 = CrawlSource(spec, lookup, second);
  REQUIRE(stats2.ok());
  REQUIRE(second.pages.size() == 1);
  CHECK(second.pages[0].not_modified);
  CHECK(second.pages[0].status == 304);
  CHECK(second.pages[0].body.empty());
  CHECK(stats2->unchanged == 1);
  CHECK(stats2->fetched == 0);
  std::vector<testing::SeenRequest> requests = server.Requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].headers.find("If-Modified-Since")->second == "Tue, 03 Nov 2026 10:00:00 GMT");
}

}  // namespace
}  // namespace cecat::crawler
