// Searches keep working while a refresh writes (WAL, busy timeout), and see either
// the state before a source's transaction or after it, never half of it.
#include <atomic>
#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>

#include "index/checkpoint.h"
#include "index/index.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

using cecat::Json;
using cecat::index::Index;
using namespace cecat::index::testing;

namespace {
std::vector<cecat::Record> Many(int n, const std::string& title) {
  std::vector<cecat::Record> out;
  for (int i = 0; i < n; ++i)
    out.push_back(Course("k" + std::to_string(i), title + " " + std::to_string(i),
                         {{"format", "on_demand"}}));
  return out;
}
}  // namespace

TEST_CASE("A reader searches while a writer applies a source") {
  cecat::testing::TempDir dir;
  const auto file = dir / "cecat.db";
  {
    auto index = Index::Open(file);
    REQUIRE(index.ok());
    REQUIRE((*index)->ApplySource(Outcome("acme", Many(300, "alpha")), 100).ok());
  }
  std::atomic<bool> done{false};
  std::atomic<int> searches{0}, bad{0}, errors{0};
  std::thread reader([&] {
    auto index = Index::Open(file, /*read_only=*/true);
    if (!index.ok()) {
      ++errors;
      return;
    }
    while (!done.load()) {
      cecat::index::SearchQuery q;
      q.text = "alpha";
      auto r = (*index)->Search(q);
      if (!r.ok()) {
        ++errors;
        continue;
      }
      // Before the write: 300 "alpha". After the first: 1200. After the second: 0.
      if (r->total != 300 && r->total != 1200 && r->total != 0) ++bad;
      // Facets come from the same snapshot as the total.
      if (r->total > 0 && r->facets["format"].value("on_demand", -1) != r->total) ++bad;
      ++searches;
    }
  });
  {
    auto writer = Index::Open(file);
    REQUIRE(writer.ok());
    REQUIRE((*writer)->ApplySource(Outcome("acme", Many(1200, "alpha")), 200).ok());
    REQUIRE((*writer)->ApplySource(Outcome("acme", Many(1200, "beta")), 300).ok());
  }
  // Let the reader see the final state at least once.
  int before = searches.load();
  while (searches.load() < before + 3 && errors.load() == 0) std::this_thread::yield();
  done = true;
  reader.join();
  CHECK(errors.load() == 0);
  CHECK(bad.load() == 0);
  CHECK(searches.load() > 0);
}

TEST_CASE("Two writers on one file take turns instead of failing") {
  cecat::testing::TempDir dir;
  const auto file = dir / "cecat.db";
  { REQUIRE(Index::Open(file).ok()); }
  std::atomic<int> failures{0};
  auto write = [&](const std::string& source) {
    auto index = Index::Open(file);
    if (!index.ok()) {
      ++failures;
      return;
    }
    for (int round = 0; round < 5; ++round) {
      std::vector<cecat::Record> recs;
      for (int i = 0; i < 200; ++i)
        recs.push_back(Course(source + std::to_string(i), source + " r" + std::to_string(round)));
      if (!(*index)->ApplySource(Outcome(source, recs), 100 + round).ok()) ++failures;
    }
  };
  std::thread a(write, "a"), b(write, "b");
  a.join();
  b.join();
  CHECK(failures.load() == 0);
  auto index = Index::Open(file);
  REQUIRE(index.ok());
  CHECK((*index)->Search(cecat::index::SearchQuery{})->total == 400);
  // 2 sources x 200 records x 5 versions: every version one cursor step.
  CHECK(*(*index)->Cursor() == 2000);
}

// refresh::Run checkpoints in the background while the feed is written: the
// committed pages reach the database file itself while the writer stays open.
TEST_CASE("A background checkpoint copies the log into the database file") {
  cecat::testing::TempDir dir;
  const auto file = dir / "cecat.db";
  auto index = Index::Open(file);
  REQUIRE(index.ok());
  REQUIRE((*index)->ApplySource(Outcome("acme", Many(200, "alpha")), 100).ok());
  // The file alone, without its log, does not hold the records yet.
  auto copy_without_log = [&](const std::string& name) {
    std::filesystem::copy_file(file, dir / name);
    return Index::Open(dir / name, /*read_only=*/true);
  };
  auto search_alpha = [](Index& copy) {
    cecat::index::SearchQuery q;
    q.text = "alpha";
    return copy.Search(q);
  };
  {
    auto before = copy_without_log("before.db");
    if (before.ok()) {
      auto r = search_alpha(**before);
      CHECK((!r.ok() || r->total == 0));
    }
  }
  cecat::index::BackgroundCheckpoint checkpoint(file);
  REQUIRE(checkpoint.Wait().ok());
  auto after = copy_without_log("after.db");
  REQUIRE(after.ok());
  auto r = search_alpha(**after);
  REQUIRE(r.ok());
  CHECK(r->total == 200);
  // The writer goes on as before.
  CHECK((*index)->ApplySource(Outcome("acme", Many(200, "beta")), 200).ok());
}
