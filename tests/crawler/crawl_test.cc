// End-to-end crawls against a server on 127.0.0.1: frontier, scope, limits.
#include <catch2/catch.hpp>

#include <atomic>

#include "crawler/crawler.h"
#include "tests/crawler/crawler_test_util.h"
#include "tests/support/fake_clock.h"
#include "tests/support/test_support.h"

namespace cecat::crawler {
namespace {

using testing::LoopbackServer;
using testutil::kNoValidators;
using testutil::LoopbackSpec;
using testutil::RecordingHandler;

void Html(httplib::Server& server, const std::string& path, const std::string& body) {
  server.Get(path, [body](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "text/html; charset=utf-8");
  });
}

TEST_CASE("links are canonicalised, deduplicated and kept in scope") {
  LoopbackServer server;
  Html(server.server(), "/",
       "<a href=\"/a\">a</a> <a href=\"/a?utm_source=news\">same a</a>"
       "<a href=\"b#section\">b</a> <a href=\"./b\">same b</a>"
       "<a href=\"/c?y=2&x=1\">c</a> <a href=\"/c?x=1&y=2\">same c</a>"
       "<a href=\"/private/x\">denied</a>"
       "<a href=\"http://elsewhere.invalid/\">other host</a>"
       "<a href=\"mailto:someone@example.org\">mail</a>");
  Html(server.server(), "/a", "<a href=\"/\">home</a>");
  Html(server.server(), "/b", "<a href=\"/A\">case matters in paths</a>");
  Html(server.server(), "/A", "upper");
  Html(server.server(), "/c", "c");
  Html(server.server(), "/private/x", "secret");
  server.Start();

  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.deny = {"/private/"};
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  for (const auto& r : server.Requests()) INFO(r.path);

  CHECK(server.CountRequests("/") == 1);
  CHECK(server.CountRequests("/a") == 1);
  CHECK(server.CountRequests("/b") == 1);
  CHECK(server.CountRequests("/A") == 1);
  CHECK(server.CountRequests("/c?x=1&y=2") == 1);
  CHECK(server.CountRequests("/private/x") == 0);
  CHECK(server.Requests().size() == 5);
  CHECK(stats->fetched == 5);
  CHECK(stats->requested == 5);
  CHECK(stats->failed == 0);
  CHECK(stats->out_of_scope == 3);  // /private/x, elsewhere.invalid, mailto:
  REQUIRE(handler.Page(server.Url("/c?x=1&y=2")) != nullptr);
  const FetchedPage* home = handler.Page(server.Url("/"));
  REQUIRE(home != nullptr);
  CHECK(home->status == 200);
  CHECK(home->content_type == "text/html");
  CHECK(home->depth == 0);
  CHECK(handler.Page(server.Url("/a"))->depth == 1);
  CHECK(handler.Page(server.Url("/A"))->depth == 2);
}

// Issue 18, item 5: with a deny rule for 127.0.0.1/secret, redirects to
// 2130706433/secret and 0x7f.1/secret were fetched. Redirect targets and links
// are judged with the host as the URL Standard writes it.
TEST_CASE("a deny rule for 127.0.0.1 holds for every spelling of the address, redirects too") {
  LoopbackServer server;
  const std::vector<std::pair<std::string, std::string>> jumps = {
      {"/go1", "2130706433"},
      {"/go2", "0x7f.1"},
      {"/go3", "0177.0.0.1"},
      {"/go4", "127.0.0.1."},
  };
  // The port is known once the server runs: links and targets are written then.
  auto spelt = [&server](const std::string& host, const std::string& path) {
    return "http://" + host + ":" + std::to_string(server.port()) + path;
  };
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& res) {
    std::string home = "<a href=\"" + spelt("127.1", "/secret/0") + "\">direct</a>";
    for (const auto& jump : jumps) home += "<a href=\"" + jump.first + "\">j</a>";
    res.set_content(home, "text/html");
  });
  for (size_t i = 0; i < jumps.size(); ++i) {
    server.server().Get(jumps[i].first, [&, i](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", spelt(jumps[i].second, "/secret/" + std::to_string(i + 1)));
    });
  }
  Html(server.server(), R"(/secret/\d)", "secret");
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.deny = {R"(^https?://127\.0\.0\.1(:\d+)?/secret)"};
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  for (const auto& r : server.Requests()) {
    INFO(r.path);
    CHECK(r.path.rfind("/secret", 0) != 0);
  }
  for (const auto& jump : jumps) {
    INFO(jump.second);
    REQUIRE(handler.Failure(server.Url(jump.first)) != nullptr);
    CHECK(handler.Failure(server.Url(jump.first))->Describe() == "redirect out of scope");
  }
  CHECK(stats->out_of_scope == 5);  // four redirects, one direct link
}

// The same spellings share one host record: one robots.txt, one politeness
// state, one dedup key per page.
TEST_CASE("every spelling of an IPv4 host is one host for scope, robots.txt and dedup") {
  LoopbackServer server;
  auto spelt = [&server](const std::string& host, const std::string& path) {
    return "http://" + host + ":" + std::to_string(server.port()) + path;
  };
  server.server().Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("User-agent: *\nDisallow: /private\n", "text/plain");
  });
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("<a href=\"" + spelt("2130706433", "/a") + "\">a</a>" + "<a href=\"" +
                        spelt("127.1", "/a") + "\">same a</a>" + "<a href=\"" +
                        spelt("0x7f.1", "/private/b") + "\">robots: no</a>" + "<a href=\"" +
                        spelt("0177.0.0.1", "/c") + "\">c</a>",
                    "text/html");
  });
  Html(server.server(), "/a", "a");
  Html(server.server(), "/c", "c");
  Html(server.server(), "/private/b", "b");
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.respect_robots = true;
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(server.CountRequests("/robots.txt") == 1);
  CHECK(stats->robots_fetched == 1);
  CHECK(server.CountRequests("/a") == 1);
  CHECK(server.CountRequests("/c") == 1);
  CHECK(server.CountRequests("/private/b") == 0);
  CHECK(stats->robots_denied == 1);
  CHECK(stats->out_of_scope == 0);
  CHECK(handler.Page(server.Url("/a")) != nullptr);
  CHECK(handler.Page(server.Url("/c")) != nullptr);
  REQUIRE(handler.Failure(server.Url("/private/b")) != nullptr);
  CHECK(handler.Failure(server.Url("/private/b"))->Describe() == "robots");
}

TEST_CASE("allow regexes replace the default host scope") {
  LoopbackServer server;
  Html(server.server(), "/list", "<a href=\"/course/1\">1</a><a href=\"/about\">about</a>");
  Html(server.server(), "/course/1", "one");
  Html(server.server(), "/about", "about");
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/list"));
  spec.allow = {"/list$", "/course/\\d+$"};
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(server.CountRequests("/course/1") == 1);
  CHECK(server.CountRequests("/about") == 0);
  CHECK(stats->out_of_scope == 1);
}

TEST_CASE("an invalid allow regex is a spec error naming the regex") {
  CrawlSpec spec = LoopbackSpec("http://127.0.0.1:1/");
  spec.allow = {"(unclosed"};
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE_FALSE(stats.ok());
  CHECK(stats.status().code() == Status::Code::kInvalidArgument);
  CHECK(stats.status().message().find("allow regex \"(unclosed\"") != std::string::npos);
}

// A crawler trap: every page links to deeper pages without end.
void Trap(httplib::Server& server, int fan_out) {
  server.Get(R"(/trap/(\d+)/(\d+))",
             [fan_out](const httplib::Request& req, httplib::Response& res) {
               int depth = std::stoi(req.matches[1]);
               std::string body;
               for (int i = 0; i < fan_out; ++i) {
                 body += "<a href=\"/trap/" + std::to_string(depth + 1) + "/" +
                         req.matches[2].str() + std::to_string(i) + "\">x</a>";
               }
               res.set_content(body, "text/html");
             });
}

TEST_CASE("a link trap is bounded by max_depth") {
  LoopbackServer server;
  Trap(server.server(), 1);
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/trap/0/0"));
  spec.max_depth = 3;
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(server.Requests().size() == 4);  // depths 0, 1, 2, 3
  CHECK(stats->fetched == 4);
  CHECK(stats->skipped_depth == 1);
}

TEST_CASE("a link trap is bounded by max_pages") {
  LoopbackServer server;
  Trap(server.server(), 10);
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/trap/0/0"));
  spec.max_depth = 100;
  spec.max_pages = 7;
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(server.Requests().size() == 7);
  CHECK(stats->fetched == 7);
  CHECK(stats->skipped_max_pages > 0);
}

TEST_CASE("max_duration_s stops starting transfers and ends the crawl") {
  LoopbackServer server;
  Trap(server.server(), 3);
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/trap/0/0"));
  spec.max_depth = 100;
  spec.delay_ms = 100;
  spec.concurrency_per_host = 1;
  spec.max_duration_s = 0.35;
  RecordingHandler handler;
  auto began = std::chrono::steady_clock::now();
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  auto took = std::chrono::steady_clock::now() - began;
  REQUIRE(stats.ok());
  CHECK(took < std::chrono::seconds(3));
  CAPTURE(server.Requests().size());
  CHECK(server.Requests().size() >= 2);
  CHECK(server.Requests().size() <= 6);
  CHECK(stats->not_started > 0);
}

// Issue 18 item 3: in-flight transfers do not outlive max_duration_s. A page
// dripping bytes (never slow enough for the low-speed abort, its timeout far off)
// held the crawl for the whole timeout before.
TEST_CASE("max_duration_s abandons transfers in flight and says the crawl ran out of time") {
  // Declared before the server, so it outlives the server's threads: a response
  // still being written when the test ends reads it while the server stops.
  std::atomic<bool> stop{false};
  LoopbackServer server;
  Html(server.server(), "/", R"(<a href="/drip">drip</a>)");
  server.server().Get("/drip", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html", [&](size_t, httplib::DataSink& sink) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (stop) return false;
      return sink.write("0123456789", 10);
    });
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.timeout_s = 60;
  spec.low_speed_limit = 1;
  spec.max_duration_s = 0.8;
  RecordingHandler handler;
  auto began = std::chrono::steady_clock::now();
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  auto took = std::chrono::steady_clock::now() - began;
  stop = true;
  REQUIRE(stats.ok());
  CHECK(took < std::chrono::seconds(5));
  CHECK(stats->out_of_time);
  CHECK(stats->fetched == 1);
  CHECK(stats->not_started >= 1);
  CHECK(handler.failures.empty());  // abandoned, not failed: its records stay as they were
}

TEST_CASE("a crawl that finishes in time is not out of time") {
  LoopbackServer server;
  Html(server.server(), "/", "hello");
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.max_duration_s = 30;
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK_FALSE(stats->out_of_time);
}

TEST_CASE("the User-Agent is the configured one and gzip is accepted") {
  LoopbackServer server;
  Html(server.server(), "/", "hello");
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.user_agent = "cecat/0.1 (+https://example.org/bot)";
  RecordingHandler handler;
  REQUIRE(CrawlSource(spec, kNoValidators, handler).ok());
  std::vector<testing::SeenRequest> requests = server.Requests();
  REQUIRE(requests.size() == 1);
  const auto& headers = requests[0].headers;
  CHECK(headers.find("User-Agent")->second == spec.user_agent);
  auto encoding = headers.find("Accept-Encoding");
  REQUIRE(encoding != headers.end());
  CHECK(encoding->second.find("gzip") != std::string::npos);
  CHECK(encoding->second.find("deflate") != std::string::npos);
}

TEST_CASE("a start URL that cannot be fetched makes the crawl fail") {
  LoopbackServer server;
  server.server().Get("/",
                      [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  server.Start();
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(LoopbackSpec(server.Url("/")), kNoValidators, handler);
  REQUIRE_FALSE(stats.ok());
  CHECK(stats.status().code() == Status::Code::kIoError);
  CHECK(stats.status().message() ==
        "source test: no start URL could be fetched (" + server.Url("/") + ": http 404)");
  REQUIRE(handler.failures.size() == 1);
  CHECK(handler.failures[0].status == 404);
  CHECK(handler.failures[0].Describe() == "http 404");
}

// One definition of the start-URL rule (issue 16): any start URL that fails makes
// the crawl fail, since the records below it cannot be told apart from gone ones.
TEST_CASE("one failing start URL of two makes the crawl fail") {
  LoopbackServer server;
  Html(server.server(), "/a", "fine");
  server.server().Get("/b",
                      [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/a"));
  spec.start_urls.push_back(server.Url("/b"));
  spec.retries = 0;
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE_FALSE(stats.ok());
  CHECK(stats.status().code() == Status::Code::kIoError);
  CHECK(stats.status().message() ==
        "source test: 1 of 2 start URLs could not be fetched (" + server.Url("/b") + ": http 503)");
  CHECK(handler.pages.size() == 1);
}

// Host state as one record (wget2's host.c): a host that refuses connections is
// given up after max_host_failures in a row; its other URLs fail at once instead
// of each being tried and retried.
TEST_CASE("a dead host fails its remaining URLs at once, reported once") {
  // A port nothing listens on: bind a server, note its port, stop it.
  int dead_port = 0;
  {
    LoopbackServer gone;
    gone.Start();
    dead_port = gone.port();
  }
  LoopbackServer server;
  std::string links;
  for (int i = 0; i < 6; ++i) {
    links += "<a href=\"http://127.0.0.1:" + std::to_string(dead_port) + "/p" + std::to_string(i) +
             "\">p</a>";
  }
  Html(server.server(), "/", links);
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.allow = {".*"};
  spec.retries = 2;
  spec.concurrency_per_host = 1;
  spec.max_host_failures = 3;
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(stats->hosts_blocked == 1);
  REQUIRE(handler.failures.size() == 6);
  int unreachable = 0;
  for (const FetchFailure& f : handler.failures) {
    if (f.reason == FailureReason::kHostUnreachable) ++unreachable;
  }
  // Three attempts (one URL and its two retries) then the host is blocked: the
  // five others fail without a request.
  CHECK(unreachable == 5);
  CHECK(stats->requested == 1 + 3);
  CHECK(stats->failed_by_reason.at("host unreachable") == 5);
}

// The clock seam: a crawl stamps its pages with the spec's clock.
TEST_CASE("fetched pages carry the time of the crawl spec's clock") {
  LoopbackServer server;
  Html(server.server(), "/", "home");
  server.Start();
  testing::FakeClock clock(1'800'000'000);
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.clock = &clock;
  RecordingHandler handler;
  REQUIRE(CrawlSource(spec, kNoValidators, handler).ok());
  REQUIRE(handler.pages.size() == 1);
  CHECK(UnixSeconds(handler.pages[0].fetched_at) == 1'800'000'000);
}

TEST_CASE("a failing page is reported and the rest of the crawl goes on") {
  LoopbackServer server;
  Html(server.server(), "/", "<a href=\"/gone\">g</a><a href=\"/ok\">ok</a>");
  Html(server.server(), "/ok", "fine");
  server.Start();
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(LoopbackSpec(server.Url("/")), kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(stats->fetched == 2);
  CHECK(stats->failed == 1);
  CHECK(stats->failed_by_reason.at("http 404") == 1);
  REQUIRE(handler.Failure(server.Url("/gone")) != nullptr);
}

TEST_CASE("a handler that throws does not escape the crawler") {
  struct Throwing : PageHandler {
    std::vector<std::string> OnPage(const FetchedPage&) override {
      throw std::runtime_error("boom");
    }
  } handler;
  LoopbackServer server;
  Html(server.server(), "/", "x");
  server.Start();
  Result<CrawlStats> stats = CrawlSource(LoopbackSpec(server.Url("/")), kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(stats->fetched == 1);
}

TEST_CASE("file: URLs are crawled within the start URL's folder") {
  testing::TempDir dir;
  testing::WriteFile(dir / "site" / "index.html",
                     "<a href=\"courses/one.html\">1</a><a href=\"../outside.html\">out</a>"
                     "<a href=\"missing.html\">missing</a>");
  testing::WriteFile(dir / "site" / "courses" / "one.html", "<a href=\"../index.html\">up</a>");
  testing::WriteFile(dir / "outside.html", "never read");
  std::string start = "file://" + (dir / "site" / "index.html").string();
  CrawlSpec spec = LoopbackSpec(start);
  spec.allow_addresses.clear();  // no sockets for files
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(stats->fetched == 2);
  const FetchedPage* one =
      handler.Page("file://" + (dir / "site" / "courses" / "one.html").string());
  REQUIRE(one != nullptr);
  CHECK(one->status == 200);
  CHECK(one->content_type == "text/html");
  CHECK(stats->out_of_scope == 1);
  CHECK(stats->failed_by_reason.at("not found") == 1);
}

// Issue 18: a file: catalogue read a file outside its folder through "..%2F"
// (checked encoded, decoded by libcurl after). Every spelling stays inside, and
// so does a symlink pointing out; allow cannot widen it.
TEST_CASE("a file: source never reads outside its start folder, whatever the spelling") {
  testing::TempDir dir;
  testing::WriteFile(dir / "secret" / "data.html", "<p>secret</p>");
  std::filesystem::create_directories(dir / "cat" / "site");
  std::filesystem::create_symlink(dir / "secret" / "data.html", dir / "cat" / "site" / "link.html");
  testing::WriteFile(dir / "cat" / "site" / "index.html",
                     "<a href=\"..%2F..%2Fsecret%2Fdata.html\">a</a>"
                     "<a href=\"%2E%2E/%2E%2E/secret/data.html\">b</a>"
                     "<a href=\"..%2f..%2fsecret%2fdata.html\">c</a>"
                     "<a href=\"sub/%2e%2e/%2e%2e/%2e%2e/secret/data.html\">d</a>"
                     "<a href=\"link.html\">e</a><a href=\"ok.html\">ok</a>");
  testing::WriteFile(dir / "cat" / "site" / "ok.html", "fine");
  std::string start = "file://" + (dir / "cat" / "site" / "index.html").string();
  for (bool allow_all : {false, true}) {
    CAPTURE(allow_all);
    CrawlSpec spec = LoopbackSpec(start);
    spec.allow_addresses.clear();
    if (allow_all) spec.allow = {".*"};
    RecordingHandler handler;
    Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
    REQUIRE(stats.ok());
    CHECK(stats->fetched == 2);  // index.html and ok.html
    for (const FetchedPage& page : handler.pages) {
      CAPTURE(page.url);
      CHECK(page.body.find("<p>secret</p>") == std::string::npos);
    }
    // Refused before any request: nothing under secret/ was even tried.
    CHECK(stats->out_of_scope >= 3);  // five links, some equal once canonical
    for (const FetchFailure& f : handler.failures) {
      CAPTURE(f.url);
      CHECK(f.url.find("secret") == std::string::npos);
    }
  }
}

TEST_CASE("file: links from an http page are never followed") {
  LoopbackServer server;
  Html(server.server(), "/", "<a href=\"file:///etc/passwd\">x</a>");
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.allow = {".*"};
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(stats->fetched == 1);
  CHECK(stats->out_of_scope == 1);
}

}  // namespace
}  // namespace cecat::crawler

namespace cecat::crawler {
namespace {

TEST_CASE("a file: page unchanged since its stored mtime comes back as not modified") {
  testing::TempDir dir;
  testing::WriteFile(dir / "site" / "index.html", "<p>catalogue</p>");
  std::string start = "file://" + (dir / "site" / "index.html").string();
  CrawlSpec spec = LoopbackSpec(start);
  spec.allow_addresses.clear();

  RecordingHandler first;
  REQUIRE(CrawlSource(spec, kNoValidators, first).ok());
  REQUIRE(first.pages.size() == 1);
  std::string last_modified = first.pages[0].last_modified;
  CHECK(last_modified.find(" GMT") != std::string::npos);  // the file's mtime, HTTP date
  ValidatorLookup stored = [&](const std::string& url) -> std::optional<Validators> {
    if (url != start) return std::nullopt;
    Validators v;
    v.last_modified = last_modified;
    return v;
  };

  RecordingHandler second;
  Result<CrawlStats> again = CrawlSource(spec, stored, second);
  REQUIRE(again.ok());
  CHECK(again->unchanged == 1);
  CHECK(again->fetched == 0);
  REQUIRE(second.pages.size() == 1);
  CHECK(second.pages[0].not_modified);
  CHECK(second.pages[0].status == 304);

  // Edited later: fetched in full again.
  std::filesystem::last_write_time(
      dir / "site" / "index.html",
      std::filesystem::last_write_time(dir / "site" / "index.html") + std::chrono::seconds(5));
  RecordingHandler third;
  Result<CrawlStats> edited = CrawlSource(spec, stored, third);
  REQUIRE(edited.ok());
  CHECK(edited->fetched == 1);
  REQUIRE(third.pages.size() == 1);
  CHECK(third.pages[0].body == "<p>catalogue</p>");
}

}  // namespace
}  // namespace cecat::crawler
