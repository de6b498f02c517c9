// Brotli (Content-Encoding: br): advertised in Accept-Encoding, so it must decode,
// and a brotli bomb must stop at max_bytes of output like a gzip one.
#include <catch2/catch.hpp>

#include "crawler/crawler.h"
#include "tests/crawler/crawler_test_util.h"
#include "tests/support/test_support.h"

namespace cecat::crawler {
namespace {

using testing::LoopbackServer;
using testutil::Brotli;
using testutil::kNoValidators;
using testutil::LoopbackSpec;
using testutil::RecordingHandler;

TEST_CASE("brotli bodies are decoded, and max_bytes caps the decoded size (brotli bomb)") {
  LoopbackServer server;
  std::string page = "<p>" + std::string(2000, 'b') + "</p><a href=\"/bomb\">b</a>";
  std::string page_br = Brotli(page);
  std::string bomb_br = Brotli(std::string(20 * 1024 * 1024, '\0'));  // 20 MB of zeros
  std::string accepted;
  server.server().Get("/", [&](const httplib::Request& req, httplib::Response& res) {
    accepted = req.get_header_value("Accept-Encoding");
    res.set_header("Content-Encoding", "br");
    res.set_content(page_br, "text/html");
  });
  server.server().Get("/bomb", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "br");
    res.set_content(bomb_br, "text/html");
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/"));
  spec.max_bytes = 1024 * 1024;
  REQUIRE(static_cast<int64_t>(bomb_br.size()) < spec.max_bytes);  // only the output is big
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(accepted.find("br") != std::string::npos);
  REQUIRE(handler.Page(server.Url("/")) != nullptr);
  CHECK(handler.Page(server.Url("/"))->body == page);
  REQUIRE(handler.Failure(server.Url("/bomb")) != nullptr);
  CHECK(handler.Failure(server.Url("/bomb"))->Describe() == "too large");
  CHECK(stats->bytes == static_cast<int64_t>(page.size()));
}

}  // namespace
}  // namespace cecat::crawler
