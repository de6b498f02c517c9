// SPEC.md "Search": any query is searched as plain words and never produces an SQL
// or FTS syntax error.
#include <random>

#include <catch2/catch.hpp>

#include "index/index.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

using cecat::Json;
using cecat::index::Index;
using cecat::index::SearchQuery;
using namespace cecat::index::testing;

namespace {
std::unique_ptr<Index> Seeded(const cecat::testing::TempDir& dir) {
  auto index = Index::Open(dir / "cecat.db");
  REQUIRE(index.ok());
  REQUIRE((*index)
              ->ApplySource(Outcome("acme", {Course("1", "NEAR the OR gate: AND/NOT logic"),
                                             Course("2", "Ethics \"in quotes\" and -minus"),
                                             Course("3", "records; DROP TABLE records")}),
                            100)
              .ok());
  return std::move(*index);
}
}  // namespace

TEST_CASE("Hostile queries are plain words and never an error") {
  cecat::testing::TempDir dir;
  auto index = Seeded(dir);
  struct Case {
    std::string text;
    int64_t total;  // -1: any
  };
  const std::vector<Case> cases = {
      {"\"", 3},  // nothing searchable: no text filter
      {"\"\"", 3},
      {"*", 3},
      {"-", 3},
      {":", 3},
      {"^", 3},
      {"()", 3},
      {"NEAR(", 1},
      {"NEAR(ethics records, 2)", 0},
      {"near", 1},
      {"OR", 1},
      {"AND", 2},  // "and" is also a word of record 2
      {"NOT", 1},
      {"ethics OR gate", 0},  // OR is a word, all words must match
      {"ethics NOT quotes", 0},
      {"-minus", 1},
      {"title:ethics", 0},    // not a column filter: the phrase "title ethics"
      {"title : ethics", 0},  // the words "title" and "ethics"
      {"records; DROP TABLE records; --", 1},
      {"' OR 1=1 --", 0},
      {"\"in quotes", 1},
      {"ethic* \"in quotes\"", 1},
      {"e*", 1},
      {"**", 3},
      {"{title}: ethics", 0},
      {"ethics: title", 0},
      {"ethics:", 1},
      {"^ethics", 1},
      {"ethics + - * / ( ) [ ] { }", 1},
      {std::string("eth\0ics", 7), 1},  // NUL dropped
      {"\xff\xfe invalid utf8 \xc3", 0},
      {std::string(10000, 'a'), 0},
      {std::string(5000, '"'), 3},
      {std::string(3000, '('), 3},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    SearchQuery q;
    q.text = c.text;
    auto r = index->Search(q);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    if (c.total >= 0) CHECK(r->total == c.total);
  }
}

TEST_CASE("Hostile filter values are compared as values") {
  cecat::testing::TempDir dir;
  auto index = Seeded(dir);
  SearchQuery q;
  q.format = "on_demand' OR '1'='1";
  q.approved_by = "APA\" --";
  q.state = "'; DROP TABLE records; --";
  q.topic = "%";
  q.audience = "*";
  q.deadline_after = "') OR 1=1";
  auto r = index->Search(q);
  REQUIRE(r.ok());
  CHECK(r->total == 0);
  CHECK(index->Search(SearchQuery{})->total == 3);
}

TEST_CASE("Random bytes never make a search fail") {
  cecat::testing::TempDir dir;
  auto index = Seeded(dir);
  std::mt19937 rng(42);
  const std::string alphabet = "ab \"*-:^()NEAR,ORANDNOT{}+'\\;%_\t\n\x01\xc3\xa9\xff";
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    int len = std::uniform_int_distribution<int>(0, 24)(rng);
    for (int k = 0; k < len; ++k)
      text += alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)];
    CAPTURE(text);
    SearchQuery q;
    q.text = text;
    auto r = index->Search(q);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
  }
}
