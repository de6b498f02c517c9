// Index::ReviseCourses (index/derived.cc): every course not removed is offered to
// the reviser once, with its provider, also across the scan's chunks of rids; what
// it changes is written and settled.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "index/index.h"
#include "index/stage.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

namespace cecat::index {
namespace {

using cecat::testing::TempDir;

Record Provider(const std::string& name) {
  Record r;
  r.type = RecordType::kProvider;
  r.url = "https://provider.example/" + name;
  r.id = MakeRecordId(r.type, r.url);
  r.fields = {{"name", name}};
  return r;
}

TEST_CASE("ReviseCourses offers every course once, across its chunks, and writes the changes") {
  TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& idx = **opened;
  const Record provider = Provider("Acme CE");
  // More courses than a chunk (256) holds, twice over, and one removed on the way.
  constexpr int kCourses = 700;
  std::vector<Record> records = {provider};
  for (int i = 0; i < kCourses; ++i) {
    records.push_back(testing::Course(
        "c" + std::to_string(i), "Course " + std::to_string(i),
        i % 2 == 0 ? Json{{"provider", {{"id", provider.id}, {"name", "Acme CE"}}}} : Json()));
  }
  REQUIRE(idx.ApplySource(testing::Outcome("acme", records), 1000).ok());
  records.erase(records.begin() + 1 + 300);  // c300 goes stale, then removed
  for (int night = 1; night <= 3; ++night) {
    REQUIRE(idx.ApplySource(testing::Outcome("acme", records), 1000 + night * 86400).ok());
  }
  const int64_t cursor = idx.Cursor().value();

  std::multiset<std::string> offered;
  int with_provider = 0;
  auto revised = idx.ReviseCourses(
      [&](Record& course, const Record* p) {
        offered.insert(course.id);
        if (p == nullptr) return false;
        ++with_provider;
        CHECK(p->id == provider.id);
        course.fields["provider_name"] = p->fields["name"];
        course.provenance["provider_name"] = "inherited:" + p->id;
        return true;
      },
      2000000);
  REQUIRE(revised.ok());
  // 699 courses remain (c300 removed); the even ones name the provider.
  CHECK(offered.size() == kCourses - 1);
  CHECK(std::set<std::string>(offered.begin(), offered.end()).size() == offered.size());
  CHECK(offered.count(MakeRecordId(RecordType::kCourse, "https://ce.example/c300")) == 0);
  CHECK(with_provider == kCourses / 2 - 1);
  CHECK(*revised == with_provider);
  // Every change was written and settled: one cursor step each.
  CHECK(idx.Cursor().value() == cursor + *revised);
  for (int i : {0, 254, 256, 298, 512, 698}) {
    INFO(i);
    auto shown =
        idx.Show(MakeRecordId(RecordType::kCourse, "https://ce.example/c" + std::to_string(i)));
    REQUIRE(shown.ok());
    REQUIRE(shown->has_value());
    CHECK((**shown)["provider_name"] == "Acme CE");
  }
  // Nothing left to change: nothing written.
  auto again = idx.ReviseCourses(
      [&](Record& course, const Record* p) {
        if (p == nullptr || course.fields.value("provider_name", "") == "Acme CE") return false;
        course.fields["provider_name"] = p->fields["name"];
        return true;
      },
      2000001);
  REQUIRE(again.ok());
  CHECK(*again == 0);
  CHECK(idx.Cursor().value() == cursor + *revised);
}

TEST_CASE("A stage group is handed over one record at a time, in page order, however large") {
  auto stage = RecordStage::Open();
  REQUIRE(stage.ok());
  const Record provider = Provider("Acme CE");
  constexpr int kPages = 1500;
  for (int i = 0; i < kPages; ++i) {
    StagedPage page;
    page.page = "https://acme.example/p" + std::to_string(100000 + i);
    StagedOutput& out = page.outputs.emplace_back();
    Record copy = provider;
    copy.fields["seen_on"] = i;
    out.records = {copy, testing::Course("c" + std::to_string(i), "Course")};
    REQUIRE((*stage)->Add(page).ok());
  }
  int groups = 0, provider_records = 0, last_seen_on = -1;
  bool ordered = true;
  for (;;) {
    Result<bool> more = (*stage)->NextGroup([&](Record&& r) {
      if (r.type != RecordType::kProvider) return;
      ++provider_records;
      int seen_on = r.fields["seen_on"].get<int>();
      ordered = ordered && seen_on == last_seen_on + 1;
      last_seen_on = seen_on;
    });
    REQUIRE(more.ok());
    if (!*more) break;
    ++groups;
  }
  CHECK(groups == kPages + 1);  // each course, and the provider once
  CHECK(provider_records == kPages);
  CHECK(ordered);
}

}  // namespace
}  // namespace cecat::index
