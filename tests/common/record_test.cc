#include "common/record.h"

#include <catch2/catch.hpp>

TEST_CASE("record ids are stable, typed and differ by key") {
  using cecat::MakeRecordId;
  using cecat::RecordType;
  std::string a = MakeRecordId(RecordType::kCourse, "https://example.com/c/1");
  CHECK(a == MakeRecordId(RecordType::kCourse, "https://example.com/c/1"));
  CHECK(a.size() == 18);
  CHECK(a.rfind("c-", 0) == 0);
  CHECK(a != MakeRecordId(RecordType::kCourse, "https://example.com/c/2"));
  CHECK(MakeRecordId(RecordType::kProvider, "x").rfind("p-", 0) == 0);
  // Pinned: ids must never change between versions, or consumers lose their state.
  CHECK(cecat::Hash64Hex("") == "2d06800538d394c2");
}

TEST_CASE("record type names round-trip") {
  for (auto t : {cecat::RecordType::kCourse, cecat::RecordType::kProvider,
                 cecat::RecordType::kScholarship, cecat::RecordType::kReview}) {
    CHECK(cecat::ParseRecordType(cecat::RecordTypeName(t)) == t);
  }
  CHECK_FALSE(cecat::ParseRecordType("courses").has_value());
}
