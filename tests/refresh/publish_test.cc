// Publishing the feed (refresh/publish.h): the snapshot's `sources` joins the
// sources file (which sources, their names) with the index (their last success),
// SPEC "Feed"; its records come from the index without last_seen.
#include <catch2/catch.hpp>

#include <regex>

#include "common/time_format.h"
#include "config/config.h"
#include "feed/feed.h"
#include "index/index.h"
#include "refresh/publish.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/fake_clock.h"
#include "tests/support/test_support.h"

namespace cecat::refresh {
namespace {

using cecat::testing::FakeClock;
using cecat::testing::ReadFile;
using cecat::testing::SourceDir;
using cecat::testing::TempDir;

config::SourceConfig PublishSource(const std::string& id, const std::string& name,
                                   bool enabled = true) {
  config::SourceConfig s;
  s.id = id;
  s.name = name;
  s.enabled = enabled;
  return s;
}

std::filesystem::path SchemaFile() { return SourceDir() / "schema" / "feed.schema.json"; }

TEST_CASE("FeedSources lists every configured source with the index's last success") {
  std::vector<config::SourceConfig> sources = {
      PublishSource("zeta", "Zeta CE"), PublishSource("acme", ""),
      PublishSource("paused", "Paused", /*enabled=*/false)};
  std::vector<index::SourceState> states(3);
  states[0].id = "acme";
  states[0].last_success = 1769911200;
  states[1].id = "zeta";  // attempted, never succeeded
  states[1].last_attempt = 1769911200;
  states[2].id = "gone";  // in the index, no longer configured
  states[2].last_success = 1769911200;
  std::vector<feed::FeedSource> listed = FeedSources(sources, states);
  REQUIRE(listed.size() == 3);
  CHECK(listed[0].id == "zeta");
  CHECK(listed[0].name == "Zeta CE");
  CHECK(listed[0].last_success == 0);
  CHECK(listed[1].id == "acme");
  CHECK(listed[1].name.empty());
  CHECK(listed[1].last_success == 1769911200);
  CHECK(listed[2].id == "paused");  // disabled, but its records are still in the feed
  CHECK(listed[2].last_success == 0);
}

TEST_CASE("The published feed lists sources sorted by id, last_success once one succeeded") {
  TempDir dir;
  auto opened = index::Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  index::Index& idx = **opened;
  std::vector<config::SourceConfig> sources = {PublishSource("zeta", "Zeta CE"),
                                               PublishSource("acme", "Acme CE")};
  FakeClock clock;

  // Nothing crawled yet: both listed, neither with a last success.
  REQUIRE(WriteFeedSnapshot(idx, sources, dir / "feed", SchemaFile(), false, clock).ok());
  Json feed = Json::parse(ReadFile(dir / "feed" / "feed.json"));
  CHECK(feed["sources"] == Json::array({{{"id", "acme"}, {"name", "Acme CE"}},
                                        {{"id", "zeta"}, {"name", "Zeta CE"}}}));

  // acme succeeds; zeta fails (an attempt is not a success).
  const int64_t night = clock.NowUnix();
  REQUIRE(
      idx.ApplySource(index::testing::Outcome("acme", {index::testing::Course("c1", "One")}), night)
          .ok());
  index::SourceOutcome failed = index::testing::Outcome("zeta", {});
  failed.crawl_ok = false;
  failed.error = "connection refused";
  REQUIRE(idx.ApplySource(failed, night).ok());
  clock.Advance(std::chrono::minutes(5));
  REQUIRE(WriteFeedSnapshot(idx, sources, dir / "feed", SchemaFile(), false, clock).ok());
  std::string text = ReadFile(dir / "feed" / "feed.json");
  feed = Json::parse(text);
  REQUIRE(feed["sources"].size() == 2);
  CHECK(feed["sources"][0] ==
        Json{{"id", "acme"}, {"name", "Acme CE"}, {"last_success", FormatRfc3339(night)}});
  CHECK(feed["sources"][1] == Json{{"id", "zeta"}, {"name", "Zeta CE"}});
  CHECK(std::regex_match(feed["sources"][0]["last_success"].get<std::string>(),
                         std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  CHECK(feed["generated_at"] == FormatRfc3339(night + 300));
  REQUIRE(feed["courses"].size() == 1);
  CHECK_FALSE(feed["courses"][0].contains("last_seen"));
  CHECK(text.find("last_seen") == std::string::npos);

  // The same index and sources file, exported again later: the same bytes apart from
  // generated_at.
  clock.Advance(std::chrono::hours(1));
  REQUIRE(WriteFeedSnapshot(idx, sources, dir / "again", SchemaFile(), false, clock).ok());
  std::regex stamp("\"generated_at\":\"[^\"]*\"");
  CHECK(std::regex_replace(ReadFile(dir / "again" / "feed.json"), stamp, "") ==
        std::regex_replace(text, stamp, ""));
}

// The refresh keeps notes on the records part it wrote (Index::FeedNotes): a run in
// which no record changed copies that part from the previous feed.json.
TEST_CASE("A refresh without record changes copies the feed's records, noted in the index") {
  TempDir dir;
  auto opened = index::Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  index::Index& idx = **opened;
  std::vector<config::SourceConfig> sources = {PublishSource("acme", "Acme CE")};
  FakeClock clock;
  const std::filesystem::path feed_dir = dir / "feed";
  REQUIRE(idx.ApplySource(index::testing::Outcome("acme", {index::testing::Course("c1", "One"),
                                                           index::testing::Course("c2", "Two")}),
                          clock.NowUnix())
              .ok());
  REQUIRE(WriteFeedSnapshot(idx, sources, feed_dir, SchemaFile(), false, clock, true).ok());
  auto notes = idx.FeedNotes();
  REQUIRE(notes.ok());
  CHECK(notes->at("cursor") == idx.Cursor().value());
  CHECK(notes->at("courses") == 2);
  const std::string first = ReadFile(feed_dir / "feed.json");
  CHECK(notes->at("bytes") == static_cast<int64_t>(first.size() - first.find("\"courses\":[")));

  // The next night succeeds without a change: last_success moves, the records
  // are copied. A feed written without the notes shows they are the same bytes.
  clock.Advance(std::chrono::hours(24));
  REQUIRE(idx.ApplySource(index::testing::Outcome("acme", {index::testing::Course("c1", "One"),
                                                           index::testing::Course("c2", "Two")}),
                          clock.NowUnix())
              .ok());
  REQUIRE(idx.Cursor().value() == notes->at("cursor"));
  REQUIRE(WriteFeedSnapshot(idx, sources, feed_dir, SchemaFile(), false, clock, true).ok());
  REQUIRE(WriteFeedSnapshot(idx, sources, dir / "fresh", SchemaFile(), false, clock).ok());
  const std::string second = ReadFile(feed_dir / "feed.json");
  CHECK(second == ReadFile(dir / "fresh" / "feed.json"));
  CHECK(second != first);
  CHECK(Json::parse(second)["sources"][0]["last_success"] == FormatRfc3339(clock.NowUnix()));
  CHECK(idx.FeedNotes().value() == *notes);

  // A change moves the cursor: the records are produced again and noted anew.
  REQUIRE(idx.ApplySource(index::testing::Outcome("acme", {index::testing::Course("c1", "One"),
                                                           index::testing::Course("c2", "Deux")}),
                          clock.NowUnix())
              .ok());
  REQUIRE(WriteFeedSnapshot(idx, sources, feed_dir, SchemaFile(), false, clock, true).ok());
  Json feed = Json::parse(ReadFile(feed_dir / "feed.json"));
  CHECK(feed["courses"][1]["title"] == "Deux");
  CHECK(idx.FeedNotes().value().at("cursor") == idx.Cursor().value());
  CHECK(idx.FeedNotes().value().at("cursor") != notes->at("cursor"));

  // A feed.json edited behind the refresh's back is not trusted: produced again.
  std::string edited = ReadFile(feed_dir / "feed.json");
  const std::string produced = edited;
  edited.replace(edited.find("Deux"), 4, "Dos!");
  cecat::testing::WriteFile(feed_dir / "feed.json", edited);
  REQUIRE(WriteFeedSnapshot(idx, sources, feed_dir, SchemaFile(), false, clock, true).ok());
  CHECK(ReadFile(feed_dir / "feed.json") == produced);
}

}  // namespace
}  // namespace cecat::refresh
