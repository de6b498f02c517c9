#include <catch2/catch.hpp>

#include "index/detail/fts_query.h"
#include "index/index.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

using cecat::Json;
using cecat::index::Index;
using cecat::index::SearchQuery;
using namespace cecat::index::testing;

namespace {

std::unique_ptr<Index> SeededIndex(const cecat::testing::TempDir& dir) {
  auto index = Index::Open(dir / "cecat.db");
  REQUIRE(index.ok());
  std::vector<cecat::Record> recs = {
      Course("ethics-title", "Ethics for Counselors",
             {{"description", "Boundaries in practice"},
              {"format", "on_demand"},
              {"ce_hours", 3},
              {"price", {{"amount", 49}, {"currency", "USD"}}},
              {"approvals", {{{"body", "NBCC"}, {"number", "6999"}}}},
              {"audiences", {"counselor"}},
              {"topics", {"ethics"}}}),
      Course("ethics-desc", "Boundaries Refresher",
             {{"description", "Covers ethics and law"},
              {"format", "live_online"},
              {"ce_hours", 6},
              {"price", {{"amount", 0}, {"free", true}}},
              {"approvals", {{{"body", "APA"}}, {{"body", "NY-SW"}, {"number", "SW-0123"}}}},
              {"audiences", {"psychologist", "social_worker"}},
              {"topics", {"ethics", "boundaries"}}}),
      Course("trauma", "Trauma-Informed Café Practice",
             {{"description", "EMDR basics"},
              {"format", "in_person"},
              {"ce_hours", 12},
              {"presenters", {"Dr. Jane Émile"}},
              {"location", {{"city", "Austin"}, {"state", "TX"}, {"country", "US"}}},
              {"price", {{"amount", 250}, {"currency", "USD"}}},
              {"topics", {"trauma"}}}),
  };
  REQUIRE((*index)->ApplySource(Outcome("acme", recs), 100).ok());
  return std::move(*index);
}

std::vector<std::string> Titles(const cecat::index::SearchResults& r) {
  std::vector<std::string> out;
  for (const Json& rec : r.results) out.push_back(rec["title"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("A title match ranks above a description match") {
  cecat::testing::TempDir dir;
  auto index = SeededIndex(dir);
  SearchQuery q;
  q.text = "ethics";
  auto r = index->Search(q);
  REQUIRE(r.ok());
  CHECK(r->total == 2);
  CHECK(Titles(*r) == std::vector<std::string>{"Ethics for Counselors", "Boundaries Refresher"});
  CHECK(r->results[0]["score"].get<double>() > r->results[1]["score"].get<double>());
  CHECK(r->facets["format"] == Json{{"on_demand", 1}, {"live_online", 1}});
  CHECK(r->facets["topic"] == Json{{"ethics", 2}, {"boundaries", 1}});
  CHECK(r->facets["approval"] == Json{{"NBCC", 1}, {"APA", 1}, {"NY-SW", 1}});
}

TEST_CASE("Search folds case and diacritics and supports prefixes and phrases") {
  cecat::testing::TempDir dir;
  auto index = SeededIndex(dir);
  struct Case {
    std::string text;
    std::vector<std::string> titles;
  };
  const std::vector<Case> cases = {
      {"CAFE", {"Trauma-Informed Café Practice"}},
      {"emile", {"Trauma-Informed Café Practice"}},
      {"traum*", {"Trauma-Informed Café Practice"}},
      {"\"ethics for\"", {"Ethics for Counselors"}},
      {"\"for ethics\"", {}},
      {"bound* ethics", {"Boundaries Refresher", "Ethics for Counselors"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    SearchQuery q;
    q.text = c.text;
    auto r = index->Search(q);
    REQUIRE(r.ok());
    auto titles = Titles(*r);
    std::sort(titles.begin(), titles.end());
    auto want = c.titles;
    std::sort(want.begin(), want.end());
    CHECK(titles == want);
  }
}

// Issue 17, item 7: titles keep their publisher's typography; search reads curly
// quotes, dashes and ellipses as the straight ones people type, both ways.
TEST_CASE("A query with straight quotes and hyphens finds a title with curly ones, and back") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& index = **opened;
  const std::string clients =
      "Clients\xE2\x80\x99 \xE2\x80\x9CStuck Points\xE2\x80\x9D: Ages 3\xE2\x80\x93"
      "8";
  const std::string trauma = "Trauma\xE2\x80\x94Informed Care\xE2\x80\xA6 for Teens";
  const std::string panic = "Don't Panic: \"Anxious\" Kids, Ages 5-12";
  REQUIRE(index
              .ApplySource(Outcome("acme", {Course("clients", clients), Course("trauma", trauma),
                                            Course("panic", panic)}),
                           100)
              .ok());
  struct Case {
    std::string text;
    std::vector<std::string> titles;
  };
  const std::vector<Case> cases = {
      {"clients'", {clients}},
      {"\"clients' stuck points\"", {clients}},
      {"\"stuck points\" ages 3-8", {clients}},
      {"\"ages 3-8\"", {clients}},
      {"trauma-informed", {trauma}},
      {"\"trauma-informed care...\"", {trauma}},
      {"\xE2\x80\x9CStuck Points\xE2\x80\x9D", {clients}},
      {"\xE2\x80\x9Cpoints stuck\xE2\x80\x9D", {}},
      {"don\xE2\x80\x99t", {panic}},
      {"\xE2\x80\x9C"
       "anxious\xE2\x80\x9D kids",
       {panic}},
      {"ages 5\xE2\x80\x93"
       "12",
       {panic}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    cecat::index::SearchQuery q;
    q.text = c.text;
    auto r = index.Search(q);
    REQUIRE(r.ok());
    CHECK(Titles(*r) == c.titles);
  }
}

TEST_CASE("Filters narrow the results") {
  cecat::testing::TempDir dir;
  auto index = SeededIndex(dir);
  SearchQuery q;
  q.free_only = true;
  CHECK(Titles(*index->Search(q)) == std::vector<std::string>{"Boundaries Refresher"});
  q = {};
  q.state = "ny";
  CHECK(Titles(*index->Search(q)) == std::vector<std::string>{"Boundaries Refresher"});
  q = {};
  q.state = "TX";
  CHECK(Titles(*index->Search(q)) == std::vector<std::string>{"Trauma-Informed Café Practice"});
  q = {};
  q.max_price = 50;
  q.min_hours = 4;
  CHECK(Titles(*index->Search(q)) == std::vector<std::string>{"Boundaries Refresher"});
  q = {};
  q.approved_by = "nbcc";
  q.text = "ethics";
  CHECK(Titles(*index->Search(q)) == std::vector<std::string>{"Ethics for Counselors"});
}

TEST_CASE("BuildFtsQuery quotes every token and drops what is not searchable") {
  using cecat::index::detail::BuildFtsQuery;
  struct Case {
    std::string in, out;
  };
  const std::vector<Case> cases = {
      {"ethics", "\"ethics\""},
      {"  ethics   law ", "\"ethics\" \"law\""},
      {"trau*", "\"trau\"*"},
      {"\"law and ethics\" cbt", "\"law and ethics\" \"cbt\""},
      {"\"unterminated phrase", "\"unterminated phrase\""},
      {"NEAR(a b)", "\"NEAR(a\" \"b)\""},
      {"a OR b NOT c", "\"a\" \"OR\" \"b\" \"NOT\" \"c\""},
      {"- * : ^ ( ) \"\" \"", ""},
      {"title:ethics", "\"title:ethics\""},
      {"x\"y", "\"x\" \"y\""},
      {"'; DROP TABLE records; --", "\"DROP\" \"TABLE\" \"records;\""},
      // Curly quotes typed or pasted around a phrase make a phrase too.
      {"\xE2\x80\x9Cstuck points\xE2\x80\x9D clients\xE2\x80\x99", "\"stuck points\" \"clients'\""},
      {"", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(BuildFtsQuery(c.in) == c.out);
  }
}

TEST_CASE("The full-text index follows edits, removals and revivals") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& index = **opened;
  auto count = [&](const std::string& text) {
    SearchQuery q;
    q.text = text;
    auto r = index.Search(q);
    REQUIRE(r.ok());
    return r->total;
  };
  auto a = Course("a", "Grief counselling basics");
  auto b = Course("b", "Anxiety toolkit");
  REQUIRE(index.ApplySource(Outcome("s", {a, b}), 100).ok());
  CHECK(count("grief") == 1);
  a.fields["title"] = "Bereavement counselling basics";
  REQUIRE(index.ApplySource(Outcome("s", {a, b}), 200).ok());
  CHECK(count("grief") == 0);
  CHECK(count("bereavement") == 1);
  // A rating change (from a review) keeps the text searchable.
  REQUIRE(index.ApplySource(Outcome("r", {Review("1", a.id, 5, "X", "y")}), 250).ok());
  CHECK(count("bereavement") == 1);
  // Stale: still found. Removed: gone. Seen again: back.
  for (int t = 3; t <= 5; ++t) {
    REQUIRE(index.ApplySource(Outcome("s", {b}), t * 100).ok());
    CHECK(count("bereavement") == (t < 5 ? 1 : 0));
  }
  REQUIRE(index.ApplySource(Outcome("s", {a, b}), 600).ok());
  CHECK(count("bereavement") == 1);
}
