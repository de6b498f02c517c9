// What `cecat plan` reads from the index (Index::ActiveCourses, ActiveRecords):
// the columns and tags of active courses only, read without their documents, and
// the same values the feed shows.
#include <catch2/catch.hpp>

#include <algorithm>

#include <sqlite3.h>

#include "index/index.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

using cecat::Json;
using cecat::index::CourseSummary;
using cecat::index::Index;
using namespace cecat::index::testing;

TEST_CASE("ActiveCourses gives each active course's plan fields and tags, stale ones left out") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& index = **opened;
  std::vector<cecat::Record> recs = {
      Course("ethics", "Ethics for Counselors",
             {{"format", "live_online"},
              {"ce_hours", 3},
              {"start_date", "2027-03-18T17:00:00-05:00"},
              {"end_date", "2027-03-18"},
              {"provider", {{"id", "p-1"}, {"name", "Riverside CE"}}},
              {"price", {{"amount", 49}, {"currency", "USD"}}},
              {"approvals", {{{"body", "NBCC"}, {"number", "6999"}}, {{"body", "NY-SW"}}}},
              {"audiences", {"counselor"}},
              {"topics", {"ethics", "law-and-ethics"}}}),
      Course("free", "Free Webinar", {{"ce_hours", 1.5}, {"price", {{"free", true}}}}),
      Course("gone", "Gone Next Crawl", {{"ce_hours", 2}}),
  };
  REQUIRE(index.ApplySource(Outcome("acme", recs), 100).ok());
  recs.pop_back();  // missing from the next crawl: stale
  REQUIRE(index.ApplySource(Outcome("acme", recs), 200).ok());

  auto courses = index.ActiveCourses();
  REQUIRE(courses.ok());
  REQUIRE(courses->size() == 2);
  auto find = [&](const std::string& title) {
    auto it = std::find_if(courses->begin(), courses->end(),
                           [&](const CourseSummary& c) { return c.title == title; });
    REQUIRE(it != courses->end());
    return *it;
  };
  const CourseSummary e = find("Ethics for Counselors");
  CHECK(e.id == recs[0].id);
  CHECK(e.url == "https://ce.example/ethics");
  CHECK(e.hours == 3);
  CHECK(e.price == 49);
  CHECK_FALSE(e.free);
  CHECK(e.currency == "USD");
  CHECK(e.format == "live_online");
  CHECK(e.start_date == "2027-03-18T17:00:00-05:00");
  CHECK(e.end_date == "2027-03-18");
  std::vector<std::string> approvals = e.approvals, topics = e.topics;
  std::sort(approvals.begin(), approvals.end());
  std::sort(topics.begin(), topics.end());
  CHECK(approvals == std::vector<std::string>{"NBCC", "NY-SW"});
  CHECK(e.audiences == std::vector<std::string>{"counselor"});
  CHECK(topics == std::vector<std::string>{"ethics", "law-and-ethics"});

  const CourseSummary f = find("Free Webinar");
  CHECK(f.free);
  CHECK(f.hours == 1.5);
  CHECK(f.format.empty());
  CHECK(f.start_date.empty());
  CHECK(f.approvals.empty());

  auto names = index.ProviderNames({e.id, f.id, "c-unknown"});
  REQUIRE(names.ok());
  CHECK(*names == std::map<std::string, std::string>{{e.id, "Riverside CE"}});
}

TEST_CASE("ActiveRecords gives active records of one type, feed-shaped") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  cecat::Record s;
  s.type = cecat::RecordType::kScholarship;
  s.url = "https://grants.example/a";
  s.id = cecat::MakeRecordId(s.type, s.url);
  s.fields = {
      {"name", "Counselor Grant"}, {"disciplines", {"counselor"}}, {"deadline", "2027-01-31"}};
  REQUIRE((*opened)->ApplySource(Outcome("grants", {s, Course("c", "A Course")}), 100).ok());
  auto got = (*opened)->ActiveRecords(cecat::RecordType::kScholarship);
  REQUIRE(got.ok());
  REQUIRE(got->size() == 1);
  CHECK((*got)[0]["name"] == "Counselor Grant");
  CHECK((*got)[0]["deadline"] == "2027-01-31");
  CHECK((*got)[0]["id"] == s.id);
}

// Version 10 moved a course's dates and currency into columns; a version-9 file's
// courses get them from their documents on upgrade.
TEST_CASE("A version-9 database's courses get their dates and currency on upgrade") {
  cecat::testing::TempDir dir;
  const auto file = dir / "v9.db";
  {
    auto index = Index::Open(file);
    REQUIRE(index.ok());
    REQUIRE((*index)
                ->ApplySource(
                    Outcome("acme", {Course("a", "Dated",
                                            {{"ce_hours", 2},
                                             {"start_date", "2027-01-05"},
                                             {"end_date", "2027-01-06"},
                                             {"price", {{"amount", 20}, {"currency", "USD"}}}}),
                                     Course("b", "Odd", {{"start_date", 20270105}})}),
                    100)
                .ok());
  }
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "ALTER TABLE records DROP COLUMN start_date; "
                       "ALTER TABLE records DROP COLUMN end_date; "
                       "ALTER TABLE records DROP COLUMN currency; "
                       "ALTER TABLE records DROP COLUMN health_fields; PRAGMA user_version = 9",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto index = Index::Open(file);
  REQUIRE(index.ok());
  auto courses = (*index)->ActiveCourses();
  REQUIRE(courses.ok());
  REQUIRE(courses->size() == 2);
  for (const CourseSummary& c : *courses) {
    if (c.title == "Dated") {
      CHECK(c.start_date == "2027-01-05");
      CHECK(c.end_date == "2027-01-06");
      CHECK(c.currency == "USD");
    } else {
      CHECK(c.start_date.empty());  // not text: not a date
    }
  }
}
