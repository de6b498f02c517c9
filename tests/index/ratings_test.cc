// Ratings (docs/index.md "Ratings"): published aggregates and individual reviews
// combine without counting a review twice.
#include <catch2/catch.hpp>

#include "index/detail/ratings.h"
#include "index/index.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

using cecat::Json;
using cecat::index::Index;
using cecat::index::detail::Aggregate;
using cecat::index::detail::AggregateRating;
using cecat::index::detail::ReviewVote;
using namespace cecat::index::testing;

TEST_CASE("AggregateRating folds published aggregates and distinct reviews") {
  struct Case {
    const char* name;
    Aggregate published;
    std::string published_source;
    std::vector<ReviewVote> reviews;
    std::optional<double> average;
    std::optional<int64_t> count;
  };
  const std::vector<Case> cases = {
      {"nothing", {}, "", {}, std::nullopt, std::nullopt},
      {"published only", {4.5, 10}, "a", {}, 4.5, 10},
      {"reviews only", {}, "", {{"k1", 4, {"a"}}, {"k2", 2, {"a"}}}, 3.0, 2},
      {"same review twice counts once",
       {},
       "",
       {{"k1", 5, {"a"}}, {"k1", 5, {"b"}}, {"k2", 2, {"b"}}},
       3.5,
       2},
      {"reviews of the publishing source are inside its aggregate",
       {4.0, 10},
       "a",
       {{"k1", 1, {"a"}}, {"k2", 5, {"a"}}},
       4.0,
       10},
      {"reviews only another source lists are added",
       {4.0, 3},
       "a",
       {{"k1", 0, {"b"}}, {"k2", 5, {"a"}}},
       3.0,
       4},
      {"a review listed by both is covered",
       {4.0, 3},
       "a",
       {{"k1", 0, {"b"}}, {"k1", 0, {"a"}}},
       4.0,
       3},
      {"a published average without count is kept", {4.2, 0}, "a", {}, 4.2, 0},
      {"reviews without a rating do not count",
       {},
       "",
       {{"k1", std::nullopt, {"a"}}},
       std::nullopt,
       std::nullopt},
      {"out-of-range ratings are clamped", {}, "", {{"k1", 9, {"a"}}}, 5.0, 1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Aggregate got = AggregateRating(c.published, c.published_source, c.reviews);
    CHECK(got.count == c.count);
    REQUIRE(got.average.has_value() == c.average.has_value());
    if (c.average) CHECK(*got.average == Approx(*c.average));
  }
}

TEST_CASE("A course's rating aggregates its reviews from every source, once each") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& index = **opened;
  auto course = Course("c1", "CBT Skills", {{"rating", {{"average", 4.0}, {"count", 2}}}});
  // The provider's page publishes 4.0 from 2 reviews and lists one of them.
  auto listed = Review("p1", course.id, 5, "Ana", "Great  course");
  REQUIRE(index.ApplySource(Outcome("provider", {course, listed}), 100).ok());
  auto shown = index.Show(course.id);
  CHECK((**shown)["rating"] == Json{{"average", 4.0}, {"count", 2}});
  CHECK((**shown)["reviews"].size() == 1);

  // A review site shows the same review (other URL, other spacing/case) and a new one.
  auto same = Review("site/1", course.id, 5, "ana", "great course");
  auto other = Review("site/2", course.id, 1, "Bo", "Too long");
  int64_t before = *index.Cursor();
  REQUIRE(index.ApplySource(Outcome("reviews", {same, other}), 200).ok());
  shown = index.Show(course.id);
  CHECK((**shown)["rating"] == Json{{"average", 3.0}, {"count", 3}});
  CHECK(*index.Cursor() > before);

  // Filters and sorting see the aggregate.
  cecat::index::SearchQuery q;
  q.min_rating = 3.5;
  CHECK(index.Search(q)->total == 0);
  q.min_rating = 3.0;
  CHECK(index.Search(q)->total == 1);

  // The same crawl again: nothing changes, the cursor stays.
  before = *index.Cursor();
  REQUIRE(index.ApplySource(Outcome("reviews", {same, other}), 300).ok());
  CHECK(*index.Cursor() == before);

  // The review site drops the new review (stale still counts), then removes it.
  for (int t = 4; t <= 6; ++t) REQUIRE(index.ApplySource(Outcome("reviews", {same}), t * 100).ok());
  shown = index.Show(course.id);
  CHECK((**shown)["rating"] == Json{{"average", 4.0}, {"count", 2}});
}

TEST_CASE("Reviews that arrive before their course are counted when it arrives") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& index = **opened;
  auto course = Course("c1", "DBT");
  REQUIRE(index
              .ApplySource(Outcome("reviews", {Review("r1", course.id, 4, "A", "x"),
                                               Review("r2", course.id, 2, "B", "y")}),
                           100)
              .ok());
  REQUIRE(index.ApplySource(Outcome("provider", {course}), 200).ok());
  CHECK((**index.Show(course.id))["rating"] == Json{{"average", 3.0}, {"count", 2}});
}

// Issue 17, item 7: reviews keep their typography, and one review published with
// curly quotes on one site and straight ones on another is still one review.
TEST_CASE(
    "A review written with curly quotes on one source and straight ones on another counts once") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& index = **opened;
  auto course = Course("c1", "CBT Skills", {{"rating", {{"average", 5.0}, {"count", 1}}}});
  auto curly =
      Review("p1", course.id, 5,
             "Pat O\xE2\x80\x99"
             "Brien",
             "Worth it\xE2\x80\xA6 the \xE2\x80\x98homework\xE2\x80\x99 too \xE2\x80\x93 really.");
  REQUIRE(index.ApplySource(Outcome("provider", {course, curly}), 100).ok());
  auto straight =
      Review("site/1", course.id, 5, "Pat O'Brien", "Worth it... the 'homework' too - really.");
  REQUIRE(index.ApplySource(Outcome("reviews", {straight}), 200).ok());
  auto shown = index.Show(course.id);
  CHECK((**shown)["rating"] == Json{{"average", 5.0}, {"count", 1}});
  CHECK((**shown)["reviews"].size() == 2);
}
