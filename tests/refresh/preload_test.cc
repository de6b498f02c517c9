// ResponsePreload: a source's stored validators and links read in one scan on a
// thread of its own, taken once per URL, bounded in size; anything it does not hold
// is left to the lookups one by one.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "index/index.h"
#include "refresh/detail/preload.h"
#include "tests/support/test_support.h"

namespace cecat::refresh::detail {
namespace {

using cecat::testing::TempDir;

index::StoredResponse Stored(const std::string& source, const std::string& url, int links) {
  index::StoredResponse r;
  r.source_id = source;
  r.url = url;
  r.final_url = url;
  r.status = 200;
  r.content_type = "text/html";
  r.charset = "utf-8";
  r.etag = "\"e-" + url + "\"";
  r.last_modified = "Sun, 01 Nov 2026 08:00:00 GMT";
  r.body = "<html>" + url + "</html>";
  for (int i = 0; i < links; ++i) r.links.push_back(url + "/link-" + std::to_string(i));
  r.fetched_at = 1700000000;
  return r;
}

// Stores `n` responses of source "acme" with `links` links each in `dir`'s index.
void StoreAcme(const TempDir& dir, int n, int links) {
  auto index = index::Index::Open(dir / "cecat.db");
  REQUIRE(index.ok());
  for (int i = 0; i < n; ++i)
    REQUIRE((*index)
                ->PutResponse(Stored("acme", "https://acme.example/c" + std::to_string(i), links))
                .ok());
}

void WaitReady(const ResponsePreload& preload) {
  for (int i = 0; i < 5000 && !preload.ready(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(preload.ready());
}

TEST_CASE("preload: a source's stored responses are taken once each, other sources' never") {
  TempDir dir;
  StoreAcme(dir, 50, 3);
  {
    auto index = index::Index::Open(dir / "cecat.db");
    REQUIRE(index.ok());
    REQUIRE((*index)->PutResponse(Stored("other", "https://other.example/x", 1)).ok());
  }
  ResponsePreload preload(dir / "cecat.db", "acme", std::size_t{1} << 20);
  WaitReady(preload);
  CHECK(preload.loaded() == 50);
  auto r = preload.Take("https://acme.example/c7");
  REQUIRE(r.has_value());
  CHECK(r->etag == "\"e-https://acme.example/c7\"");
  CHECK(r->last_modified == "Sun, 01 Nov 2026 08:00:00 GMT");
  CHECK(r->fetched_at == 1700000000);
  CHECK(r->body.empty());  // validators and links, never the body
  REQUIRE(r->links.size() == 3);
  CHECK(r->links[2] == "https://acme.example/c7/link-2");
  CHECK_FALSE(r->pending_run.has_value());
  // Taken: the next ask goes to the database.
  CHECK_FALSE(preload.Take("https://acme.example/c7").has_value());
  // Stored by another source, or never: not held.
  CHECK_FALSE(preload.Take("https://other.example/x").has_value());
  CHECK_FALSE(preload.Take("https://acme.example/unknown").has_value());
}

TEST_CASE("preload: past its size cap it holds part of the source, the rest is looked up") {
  TempDir dir;
  StoreAcme(dir, 200, 20);
  // About 2.5 KB a response with 20 links: 16 KB holds a handful.
  ResponsePreload preload(dir / "cecat.db", "acme", 16 * 1024);
  WaitReady(preload);
  CHECK(preload.loaded() > 0);
  CHECK(preload.loaded() < 20);
  int held = 0;
  for (int i = 0; i < 200; ++i)
    held += preload.Take("https://acme.example/c" + std::to_string(i)).has_value() ? 1 : 0;
  CHECK(held == static_cast<int>(preload.loaded()));
}

TEST_CASE("preload: a database it cannot open leaves every lookup to the database") {
  TempDir dir;
  ResponsePreload preload(dir / "missing.db", "acme", std::size_t{1} << 20);
  WaitReady(preload);
  CHECK(preload.loaded() == 0);
  CHECK_FALSE(preload.Take("https://acme.example/c1").has_value());
}

TEST_CASE("preload: destroyed before its scan ends, it stops and joins") {
  TempDir dir;
  StoreAcme(dir, 500, 2);
  for (int i = 0; i < 20; ++i) {
    ResponsePreload preload(dir / "cecat.db", "acme", std::size_t{1} << 20);
    (void)preload.Take("https://acme.example/c1");
  }
  SUCCEED("no hang, no race (the sanitizer build runs this too)");
}

}  // namespace
}  // namespace cecat::refresh::detail
