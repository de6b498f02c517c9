// The address policy as a function (a table of addresses), then end to end: a
// loopback server the crawler must refuse to connect to, directly and by redirect.
// Only 127.0.0.0/8 is ever connected to.
#include "crawler/address_policy.h"

#include <catch2/catch.hpp>

#include <thread>

#include "common/url.h"
#include "crawler/crawler.h"
#include "tests/crawler/crawler_test_util.h"
#include "tests/support/test_support.h"

namespace cecat::crawler {
namespace {

using testing::LoopbackServer;
using testutil::kNoValidators;
using testutil::LoopbackSpec;
using testutil::RecordingHandler;

TEST_CASE("address policy: special-purpose addresses are refused by default") {
  struct Case {
    const char* ip;
    const char* reason;  // "" = allowed
  } cases[] = {
      {"127.0.0.1", "loopback"},
      {"127.255.255.254", "loopback"},
      {"10.1.2.3", "private"},
      {"172.16.0.1", "private"},
      {"172.31.255.255", "private"},
      {"172.32.0.1", ""},
      {"192.168.1.1", "private"},
      {"169.254.169.254", "link-local"},  // cloud metadata
      {"169.254.0.1", "link-local"},
      {"100.64.0.1", "cgnat"},
      {"100.127.255.255", "cgnat"},
      {"100.128.0.1", ""},
      {"0.0.0.0", "unspecified"},
      {"0.1.2.3", "unspecified"},
      {"224.0.0.1", "multicast"},
      {"255.255.255.255", "reserved"},
      {"8.8.8.8", ""},
      {"93.184.216.34", ""},
      {"::1", "loopback"},
      {"::", "unspecified"},
      {"fe80::1", "link-local"},
      {"fc00::1", "private"},
      {"fd12:3456::1", "private"},
      {"ff02::1", "multicast"},
      {"2606:4700::1111", ""},
      {"::ffff:127.0.0.1", "loopback"},  // IPv4-mapped
      {"::ffff:169.254.169.254", "link-local"},
      {"64:ff9b::a9fe:a9fe", "link-local"},  // NAT64 of 169.254.169.254
      {"2002:0a00:0001::1", "private"},      // 6to4 of 10.0.0.1
      {"::7f00:1", "reserved"},              // IPv4-compatible 127.0.0.1
      {"[::1]", "loopback"},
  };
  AddressPolicy policy;
  for (const Case& c : cases) {
    CAPTURE(c.ip);
    Result<IpBytes> ip = ParseIp(c.ip);
    REQUIRE(ip.ok());
    CHECK(RestrictedReason(*ip) == c.reason);
    CHECK(policy.Allows(*ip) == (std::string(c.reason).empty()));
  }
}

TEST_CASE("address policy: allow_addresses CIDRs let ranges through") {
  Result<AddressPolicy> policy = AddressPolicy::Make({"127.0.0.0/8", "10.20.0.0/16", "fd00::/8"});
  REQUIRE(policy.ok());
  struct Case {
    const char* ip;
    bool allowed;
  } cases[] = {
      {"127.0.0.1", true},        {"127.1.2.3", true},        {"10.20.5.5", true},
      {"10.21.0.1", false},       {"fd00::5", true},          {"fc00::5", false},
      {"::ffff:127.0.0.1", true}, {"169.254.169.254", false}, {"::1", false},
      {"8.8.8.8", true},          {"64:ff9b::7f00:1", true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.ip);
    CHECK(policy->Allows(ParseIp(c.ip).value()) == c.allowed);
  }
  CHECK(policy->Check(ParseIp("192.168.0.7").value()) == "192.168.0.7 is private");
}

TEST_CASE("address policy: bad CIDRs are errors naming the entry") {
  struct Case {
    const char* cidr;
    const char* message;
  } cases[] = {
      {"127.0.0.0/33", "allow_addresses: \"127.0.0.0/33\": prefix length must be 0-32"},
      {"::1/129", "allow_addresses: \"::1/129\": prefix length must be 0-128"},
      {"localhost", "allow_addresses: \"localhost\" is not a CIDR"},
      {"10.0.0.0/", "allow_addresses: \"10.0.0.0/\": prefix length must be 0-32"},
      {"10.0.0.0/8x", "allow_addresses: \"10.0.0.0/8x\": prefix length must be 0-32"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.cidr);
    Result<AddressPolicy> policy = AddressPolicy::Make({c.cidr});
    REQUIRE_FALSE(policy.ok());
    CHECK(policy.status().message() == c.message);
  }
  Result<Cidr> zero = ParseCidr("0.0.0.0/0");
  REQUIRE(zero.ok());
  CHECK(zero->Contains(ParseIp("203.0.113.9").value()));
  CHECK_FALSE(zero->Contains(ParseIp("2001:db8::1").value()));  // IPv4 /0 is IPv4 only
}

// Issue 18, item 5: the policy judges the host as the URL parser normalised it, so
// every spelling of an address is judged as that address (as a function: no
// connection is made).
TEST_CASE("address policy: every spelling of a refused address is refused as that address") {
  struct Case {
    const char* url;
    const char* host;
    const char* reason;
  } cases[] = {
      {"http://2130706433/secret", "127.0.0.1", "loopback"},
      {"http://0x7f.1/secret", "127.0.0.1", "loopback"},
      {"http://0177.0.0.1/", "127.0.0.1", "loopback"},
      {"http://127.1/", "127.0.0.1", "loopback"},
      {"http://%31%32%37.0.0.1/", "127.0.0.1", "loopback"},
      {"http://0/", "0.0.0.0", "unspecified"},
      {"http://2852039166/latest/meta-data/", "169.254.169.254", "link-local"},
      {"http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254", "link-local"},
      {"http://0xA00000a/", "10.0.0.10", "private"},
      {"http://[0:0:0:0:0:0:0:1]/", "[::1]", "loopback"},
      {"http://[::FFFF:7F00:1]/", "[::ffff:7f00:1]", "loopback"},
      {"http://[0:0:0:0:0:ffff:169.254.169.254]/", "[::ffff:a9fe:a9fe]", "link-local"},
      // Issue 19: the URL Standard's slashes, final dot and IDNA mapping.
      {"http:///127.0.0.1/admin", "127.0.0.1", "loopback"},
      {"http:\\\\0x7f.1\\admin", "127.0.0.1", "loopback"},
      {"http:0x7f.1/admin", "127.0.0.1", "loopback"},
      {"http://0x7f.1./admin", "127.0.0.1", "loopback"},
      {"http://user:pw@0x7f.0.0.1:00080/", "127.0.0.1", "loopback"},
      {"http://\xEF\xBC\x91\xEF\xBC\x90.0.0.1/", "10.0.0.1", "private"},  // fullwidth "１０"
      {"http://1\xC2\xAD"
       "0.0.0.1/",
       "10.0.0.1", "private"},  // a soft hyphen, which IDNA drops
  };
  AddressPolicy policy;
  for (const Case& c : cases) {
    CAPTURE(c.url);
    Result<Url> url = ParseUrl(c.url);
    REQUIRE(url.ok());
    CHECK(url->host == c.host);
    Result<IpBytes> ip = ParseIp(url->host);
    REQUIRE(ip.ok());
    CHECK(RestrictedReason(*ip) == c.reason);
    CHECK_FALSE(policy.Allows(*ip));
  }
}

TEST_CASE("the crawler refuses to connect to loopback unless allowed") {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("secret", "text/html");
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.allow_addresses.clear();
  spec.retries = 2;
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE_FALSE(stats.ok());
  CHECK(stats.status().code() == Status::Code::kPolicyDenied);
  CHECK(server.Requests().empty());
  REQUIRE(handler.failures.size() == 1);
  CHECK(handler.failures[0].Describe() == "address refused");
}

TEST_CASE("loopback written as a number is refused, and reported as 127.0.0.1") {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("secret", "text/html");
  });
  server.Start();
  std::string port = std::to_string(server.port());
  CrawlSpec spec = LoopbackSpec("http://2130706433:" + port + "/");
  spec.allow_addresses.clear();
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE_FALSE(stats.ok());
  CHECK(stats.status().code() == Status::Code::kPolicyDenied);
  CHECK(server.Requests().empty());
  REQUIRE(handler.failures.size() == 1);
  CHECK(handler.failures[0].url == "http://127.0.0.1:" + port + "/");
  CHECK(handler.failures[0].Describe() == "address refused");
}

// Issue 18, item 7: under respect_robots the first connection is robots.txt's,
// and its refusal was reported as "robots.txt unreachable (Couldn't connect to
// server)", the pages as denied by robots.
TEST_CASE("an address refused for robots.txt is reported as refused, not as robots") {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<a href=\"/next\">n</a>", "text/html");
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.allow_addresses.clear();
  spec.respect_robots = true;
  spec.sitemaps = {server.Url("/sitemap.xml")};
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE_FALSE(stats.ok());
  CHECK(stats.status().code() == Status::Code::kPolicyDenied);
  CHECK(stats.status().message() ==
        "source test: no start URL could be fetched (" + server.Url("/") + ": address refused)");
  CHECK(server.Requests().empty());
  REQUIRE(handler.failures.size() == 1);
  CHECK(handler.failures[0].Describe() == "address refused");
  CHECK(handler.failures[0].url == server.Url("/"));
  CHECK(stats.status().message().find("robots") == std::string::npos);
}

TEST_CASE("a redirect to a refused address is not followed") {
  // 127.0.0.1 is allowed; 127.0.0.2 (also loopback, never anything else) is not.
  httplib::Server inner;
  std::atomic<int> inner_hits{0};
  inner.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    ++inner_hits;
    res.set_content("internal", "text/html");
  });
  int inner_port = inner.bind_to_any_port("127.0.0.2");
  if (inner_port <= 0) {
    WARN("cannot bind 127.0.0.2; skipping");
    return;
  }
  std::thread inner_thread([&] { inner.listen_after_bind(); });
  // stop() before the listen loop runs would be lost; wait until it does.
  for (int i = 0; i < 2000 && !inner.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(inner.is_running());
  std::string inner_url = "http://127.0.0.2:" + std::to_string(inner_port) + "/";

  LoopbackServer server;
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("<a href=\"/jump\">j</a>", "text/html");
  });
  server.server().Get("/jump", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 302;
    res.set_header("Location", inner_url);
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.allow_addresses = {"127.0.0.1/32"};
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  inner.stop();
  inner_thread.join();
  REQUIRE(stats.ok());
  CHECK(inner_hits == 0);
  REQUIRE(handler.Failure(server.Url("/jump")) != nullptr);
  CHECK(handler.Failure(server.Url("/jump"))->Describe() == "address refused");
  CHECK(stats->failed_by_reason["address refused"] == 1);
}

}  // namespace
}  // namespace cecat::crawler
