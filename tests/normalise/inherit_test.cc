// Approvals a course inherits from its provider (docs/normalisation.md
// "Approvals", inheritance; issue 19).
#include "normalise/inherit.h"

#include <catch2/catch.hpp>

#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

Record Provider(Json approvals) {
  Record p;
  p.type = RecordType::kProvider;
  p.id = "p-00000000000000aa";
  p.fields = {{"name", "Harbor Light Training"}, {"approvals", std::move(approvals)}};
  return p;
}

Record InheritCourse(Json fields, std::string approvals_producer = "") {
  Record c;
  c.type = RecordType::kCourse;
  c.id = "c-00000000000000bb";
  c.fields = std::move(fields);
  c.fields["title"] = "Ethics for Supervisors";
  c.fields["provider"] = {{"id", "p-00000000000000aa"}};
  if (!approvals_producer.empty()) c.provenance["approvals"] = approvals_producer;
  return c;
}

const Json kProviderApprovals = Json::parse(R"([
  {"body": "APA", "number": null, "scope": ["psychologist"]},
  {"body": "NBCC", "number": "6842", "valid_until": "2026-12-31"},
  {"body": "ASWB-ACE", "number": "1377", "valid_from": "2024-04-15", "valid_until": "2027-04-15"},
  {"body": "TX-BOARD", "number": "BHEC-771"},
  {"body": "OH-BOARD", "number": null},
  {"body": "IC&RC", "number": null}])");

TEST_CASE("a course inherits the provider-level approvals it does not state or deny") {
  const auto levels = testing::RepoVocabulary().ProviderLevelBodies();
  const Record provider = Provider(kProviderApprovals);
  const std::string inherited = "inherited:" + provider.id;
  struct Case {
    const char* what;
    Json fields;
    std::string producer;
    std::vector<std::string> bodies;  // approvals after, in order
    std::string producer_after;
  };
  const Case kCases[] = {
      {"no approvals of its own: every provider-level one, and the state board that numbered "
       "the provider (not OH-BOARD without a number, not IC&RC)",
       Json::object(),
       "",
       {"APA", "NBCC", "ASWB-ACE", "TX-BOARD"},
       inherited},
      {"its own NBCC statement stays as stated",
       {{"approvals", {{{"body", "NBCC"}, {"number", nullptr}}}}},
       "text:approval statement",
       {"NBCC", "APA", "ASWB-ACE", "TX-BOARD"},
       "text:approval statement + " + inherited},
      {"\"not approved for NBCC credit\"",
       {{"not_approved_by", {"NBCC"}}},
       "",
       {"APA", "ASWB-ACE", "TX-BOARD"},
       inherited},
      {"a course-level body of its own is kept beside",
       {{"approvals", {{{"body", "CA-BOARD"}, {"number", nullptr}}}}},
       "jsonld:[0].accreditation",
       {"CA-BOARD", "APA", "NBCC", "ASWB-ACE", "TX-BOARD"},
       "jsonld:[0].accreditation + " + inherited},
  };
  for (const Case& c : kCases) {
    INFO(c.what);
    Record course = InheritCourse(c.fields, c.producer);
    CHECK(InheritApprovals(course, &provider, levels));
    std::vector<std::string> bodies;
    for (const Json& a : course.fields["approvals"]) bodies.push_back(a["body"]);
    CHECK(bodies == c.bodies);
    CHECK(course.provenance["approvals"] == c.producer_after);
    // Idempotent: again, nothing changes.
    Record again = course;
    CHECK_FALSE(InheritApprovals(again, &provider, levels));
    CHECK(again.fields == course.fields);
  }
}

TEST_CASE("an inherited approval carries the provider's number, dates and id, not its scope") {
  const auto levels = testing::RepoVocabulary().ProviderLevelBodies();
  const Record provider = Provider(kProviderApprovals);
  Record course = InheritCourse(Json::object());
  InheritApprovals(course, &provider, levels);
  CHECK(course.fields["approvals"][2] == Json({{"body", "ASWB-ACE"},
                                               {"number", "1377"},
                                               {"valid_from", "2024-04-15"},
                                               {"valid_until", "2027-04-15"},
                                               {"inherited_from", provider.id}}));
  CHECK(course.fields["approvals"][0] ==
        Json({{"body", "APA"}, {"number", nullptr}, {"inherited_from", provider.id}}));
}

TEST_CASE("a provider that loses an approval takes it from its courses") {
  const auto levels = testing::RepoVocabulary().ProviderLevelBodies();
  Record course = InheritCourse({{"approvals", {{{"body", "CA-BOARD"}, {"number", nullptr}}}}},
                                "rule:.ce-info");
  const Record before = Provider(kProviderApprovals);
  InheritApprovals(course, &before, levels);
  REQUIRE(course.fields["approvals"].size() == 5);

  Json fewer = kProviderApprovals;
  fewer.erase(1);  // NBCC
  const Record after = Provider(fewer);
  CHECK(InheritApprovals(course, &after, levels));
  CHECK(course.fields["approvals"].size() == 4);
  for (const Json& a : course.fields["approvals"]) CHECK(a["body"] != "NBCC");

  // The provider is gone (removed, or the course names another): only the
  // course's own approvals and producer remain.
  CHECK(InheritApprovals(course, nullptr, levels));
  CHECK(course.fields["approvals"] == Json::parse(R"([{"body": "CA-BOARD", "number": null}])"));
  CHECK(course.provenance["approvals"] == "rule:.ce-info");

  // A course with nothing of its own loses the field altogether.
  Record bare = InheritCourse(Json::object());
  InheritApprovals(bare, &before, levels);
  CHECK(InheritApprovals(bare, nullptr, levels));
  CHECK_FALSE(bare.fields.contains("approvals"));
  CHECK_FALSE(bare.provenance.count("approvals"));
}

}  // namespace
}  // namespace cecat::normalise
