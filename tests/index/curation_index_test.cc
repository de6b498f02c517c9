// Curation in the index (index/curation.h, docs/curation.md): edits checked and
// applied in one transaction, re-applied by every ApplySource.
#include <catch2/catch.hpp>

#include "index/index.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

namespace {

using cecat::Json;
using cecat::index::CurationEdit;
using cecat::index::Index;
using namespace cecat::index::testing;

CurationEdit Edit(std::string action, std::string target, std::string key = "",
                  std::optional<Json> value = std::nullopt) {
  CurationEdit e;
  e.action = std::move(action);
  e.target = std::move(target);
  e.key = std::move(key);
  e.value = std::move(value);
  e.by = "ana";
  e.reason = "checked against the provider's flyer";
  return e;
}

Json Rated(Index& idx, const std::string& id) {
  auto shown = idx.Show(id);
  REQUIRE(shown.ok());
  REQUIRE(shown->has_value());
  return (**shown).value("rating", Json());
}

TEST_CASE("Curate: a hidden review counts in no rating, at once and after re-crawls") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "c.db");
  REQUIRE(opened.ok());
  Index& idx = **opened;
  auto course = Course("c1", "Ethics");
  auto good = Review("r1", course.id, 5, "Ana", "Great");
  auto spam = Review("r2", course.id, 1, "Bot", "Buy pills");
  REQUIRE(idx.ApplySource(Outcome("a", {course, good, spam}), 100).ok());
  CHECK(Rated(idx, course.id)["average"] == 3.0);
  auto hidden = idx.Curate(Edit("hide", spam.id), 110);
  REQUIRE(hidden.ok());
  CHECK(hidden->records == std::vector<std::string>{spam.id});
  CHECK(Rated(idx, course.id)["average"] == 5.0);
  REQUIRE(idx.ApplySource(Outcome("a", {course, good, spam}), 200).ok());
  CHECK(Rated(idx, course.id)["average"] == 5.0);
  REQUIRE(idx.Curate(Edit("unhide", spam.id), 210).ok());
  CHECK(Rated(idx, course.id)["average"] == 3.0);
}

TEST_CASE("Curate: pins are applied by ApplySource, edits are checked, an import is all or none") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "c.db");
  REQUIRE(opened.ok());
  Index& idx = **opened;
  auto c1 = Course("c1", "Ethics for counselors", {{"ce_hours", 3}});
  auto c2 = Course("c2", "Grief work");
  REQUIRE(idx.ApplySource(Outcome("a", {c1, c2}), 100).ok());
  REQUIRE(idx.Curate(Edit("pin", c1.id, "ce_hours", Json(6)), 110).ok());
  auto again = c1;
  again.fields["ce_hours"] = 4;  // the page changes the pinned field
  auto stats = idx.ApplySource(Outcome("a", {again, c2}), 200);
  REQUIRE(stats.ok());
  CHECK(stats->updated == 0);
  auto shown = idx.Show(c1.id);
  REQUIRE(shown.ok());
  CHECK((**shown)["ce_hours"] == 6);
  CHECK((**shown)["provenance"]["ce_hours"]["producer"] == "curated");

  // The search's facet columns follow a curation at once (fast path and SQL agree).
  cecat::index::SearchQuery hours;
  hours.min_hours = 5;
  auto fast = idx.Search(hours);
  auto by_sql = idx.SearchBySql(hours);
  REQUIRE(fast.ok());
  REQUIRE(by_sql.ok());
  CHECK(fast->total == 1);
  CHECK(by_sql->total == 1);
  REQUIRE(idx.Curate(Edit("pin", c2.id, "ce_hours", Json(8)), 120).ok());
  REQUIRE(idx.Curate(Edit("hide", c1.id), 120).ok());
  fast = idx.Search(hours);
  by_sql = idx.SearchBySql(hours);
  REQUIRE(fast.ok());
  REQUIRE(by_sql.ok());
  REQUIRE(fast->total == 1);
  CHECK(fast->results[0]["id"] == c2.id);
  CHECK(by_sql->total == 1);
  REQUIRE(idx.Curate(Edit("unhide", c1.id), 130).ok());
  REQUIRE(idx.Curate(Edit("unpin", c2.id, "ce_hours"), 130).ok());
  CHECK(idx.Search(hours)->total == 1);

  auto fails = [&](const CurationEdit& e, const std::string& message) {
    auto r = idx.Curate(e, 300);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == message);
  };
  CurationEdit unexplained = Edit("hide", c2.id);
  unexplained.reason.clear();
  fails(unexplained, "--reason is required: say why");
  fails(Edit("hide", "c-nothing"), "unknown record id 'c-nothing'");
  fails(Edit("unpin", c2.id, "title"), "field 'title' of " + c2.id + " is not pinned");
  fails(Edit("merge", c2.id, c2.id), "cannot merge " + c2.id + " into itself");
  fails(Edit("split", c2.id, c1.id), c2.id + " is not merged into " + c1.id);
  fails(Edit("bury", c2.id), "unknown curation action 'bury'");

  // The second entry fails: the first is not kept either.
  auto all = idx.CurateAll({Edit("hide", c2.id), Edit("hide", "c-nothing")}, 400);
  REQUIRE_FALSE(all.ok());
  CHECK(all.status().message() == "entry 2: unknown record id 'c-nothing'");
  auto overrides = idx.Overrides();
  REQUIRE(overrides.ok());
  CHECK(overrides->size() == 1);  // the pin only
  auto log = idx.CurationLog();
  REQUIRE(log.ok());
  CHECK(log->size() == 5);  // the pin, and the four edits of the search check
}

}  // namespace
