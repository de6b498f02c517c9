// Every field of common/rule_fields.h reaches the record of its type, and every
// value the normaliser reads but cannot keep is a diagnostic saying why (issue 20:
// nothing dropped in silence).
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "common/rule_fields.h"
#include "normalise/normalise.h"
#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

using testing::RepoNormaliser;

const char* kPage = "https://ce.example.org/courses/ethics";

RawRecord Raw(const std::string& kind, Json fields) {
  RawRecord r;
  r.kind = kind;
  r.page_url = kPage;
  r.fields = std::move(fields);
  return r;
}

// One field of the table with a value a page would show, the fields the record
// needs besides, and where the value lands in the record.
struct Case {
  std::string type;
  std::string field;
  Json value;
  Json others;
  std::string out;  // JSON pointer into the record's fields; "url" is Record::url
  Json expected;
};

const Json kCourse = {{"title", "Ethics for Clinicians"}};
const Json kScholarship = {{"name", "Future Counselors Scholarship"}};
const Json kReview = {{"text", "Clear and practical."}};
const char* kNbcc =
    "Acme CE has been approved by NBCC as an Approved Continuing Education Provider, ACEP No. "
    "6999.";

std::vector<Case> Cases() {
  return {
      {"course", "title", "Ethics and Boundaries", Json::object(), "/title",
       "Ethics and Boundaries"},
      {"course", "url", "/courses/42", kCourse, "url", "https://ce.example.org/courses/42"},
      {"course", "description", "A day on ethics.", kCourse, "/description", "A day on ethics."},
      {"course", "provider", "Acme CE", kCourse, "/provider/name", "Acme CE"},
      {"course", "presenters", "Jane Roe, PhD and John Doe", kCourse, "/presenters/0",
       "Jane Roe, PhD"},
      {"course", "ce_hours", "0.6 CEU", kCourse, "/ce_hours", 6},
      {"course", "credit_note", "6 CE for psychologists", kCourse, "/credit_note",
       "6 CE for psychologists"},
      {"course", "approvals", kNbcc, kCourse, "/approvals/0/body", "NBCC"},
      {"course", "audiences", "LCSW", kCourse, "/audiences/0", "social_worker"},
      {"course", "format", "Live webinar", kCourse, "/format", "live_online"},
      {"course", "start_date", "March 15, 2027", kCourse, "/start_date", "2027-03-15"},
      {"course", "end_date", "March 16, 2027", kCourse, "/end_date", "2027-03-16"},
      {"course", "location", "Austin, TX", kCourse, "/location/city", "Austin"},
      {"course", "city", "Austin", kCourse, "/location/city", "Austin"},
      {"course", "state", "Texas", kCourse, "/location/state", "TX"},
      {"course", "country", "Canada", kCourse, "/location/country", "CA"},
      {"course", "price", "$29", kCourse, "/price/amount", 29},
      {"course",
       "currency",
       "CAD",
       {{"title", "Ethics"}, {"price", "$29"}},
       "/price/currency",
       "CAD"},
      {"course", "free", "Yes", kCourse, "/price/free", true},
      {"course", "topics", "telehealth", {{"title", "Spring Workshop"}}, "/topics/0", "telehealth"},
      {"course", "rating", "4.5 out of 5", kCourse, "/rating/average", 4.5},
      {"course",
       "rating_count",
       "(12 reviews)",
       {{"title", "Ethics"}, {"rating", "4.5 out of 5"}},
       "/rating/count",
       12},
      {"course", "name", "Ethics and Boundaries", Json::object(), "/title",
       "Ethics and Boundaries"},

      {"provider", "name", "Acme CE", Json::object(), "/name", "Acme CE"},
      {"provider", "url", "https://acme.example.com/about", Json::object(), "/url",
       "https://acme.example.com/"},
      {"provider", "approvals", kNbcc, {{"name", "Acme CE"}}, "/approvals/0/number", "6999"},
      {"provider", "rating", "4.5 out of 5", {{"name", "Acme CE"}}, "/rating/average", 4.5},
      {"provider",
       "rating_count",
       "31 ratings",
       {{"name", "Acme CE"}, {"rating", "4.5 out of 5"}},
       "/rating/count",
       31},
      {"provider", "title", "Acme CE", Json::object(), "/name", "Acme CE"},

      {"approval", "provider", "Acme CE", {{"text", kNbcc}}, "/name", "Acme CE"},
      {"approval", "text", kNbcc, {{"provider", "Acme CE"}}, "/approvals/0/body", "NBCC"},
      {"approval", "body", "NBCC", {{"provider", "Acme CE"}}, "/approvals/0/body", "NBCC"},
      {"approval",
       "number",
       "6999",
       {{"provider", "Acme CE"}, {"body", "NBCC"}},
       "/approvals/0/number",
       "6999"},
      {"approval",
       "valid_until",
       "3/9/2027",
       {{"provider", "Acme CE"}, {"body", "ASWB ACE"}},
       "/approvals/0/valid_until",
       "2027-03-09"},
      {"approval",
       "scope",
       "counselors",
       {{"provider", "Acme CE"}, {"body", "NBCC"}},
       "/approvals/0/scope/0",
       "counselor"},
      {"approval", "approvals", kNbcc, {{"provider", "Acme CE"}}, "/approvals/0/body", "NBCC"},

      {"scholarship", "name", "Future Counselors Scholarship", Json::object(), "/name",
       "Future Counselors Scholarship"},
      {"scholarship", "url", "/scholarships/future", kScholarship, "url",
       "https://ce.example.org/scholarships/future"},
      {"scholarship", "sponsor", "Acme Foundation", kScholarship, "/sponsor", "Acme Foundation"},
      {"scholarship", "amount", "$5,000", kScholarship, "/amount_max", 5000},
      {"scholarship",
       "amount_min",
       "$1,000",
       {{"name", "Future"}, {"amount_max", "$5,000"}},
       "/amount_min",
       1000},
      {"scholarship",
       "amount_max",
       "$5,000",
       {{"name", "Future"}, {"amount_min", "$1,000"}},
       "/amount_max",
       5000},
      {"scholarship",
       "currency",
       "CAD",
       {{"name", "Future"}, {"amount", "$5,000"}},
       "/currency",
       "CAD"},
      {"scholarship", "deadline", "March 1, 2027", kScholarship, "/deadline", "2027-03-01"},
      {"scholarship", "disciplines", "Social work", kScholarship, "/disciplines/0",
       "social_worker"},
      {"scholarship", "degree_levels", "Master's students", kScholarship, "/degree_levels/0",
       "masters"},
      {"scholarship", "eligibility", "Enrolled in a CACREP program.", kScholarship, "/eligibility",
       "Enrolled in a CACREP program."},
      {"scholarship", "open", "Accepting applications", kScholarship, "/open", true},
      {"scholarship", "apply_url", "/apply", kScholarship, "/apply_url",
       "https://ce.example.org/apply"},
      {"scholarship", "title", "Future Counselors Scholarship", Json::object(), "/name",
       "Future Counselors Scholarship"},

      {"review", "target", "https://ce.example.org/courses/other", kReview, "/target",
       MakeRecordId(RecordType::kCourse, "https://ce.example.org/courses/other")},
      {"review", "rating", "4 out of 5", Json::object(), "/rating", 4},
      {"review", "title", "Worth it", kReview, "/title", "Worth it"},
      {"review", "text", "Clear and practical.", Json::object(), "/text", "Clear and practical."},
      {"review", "author", "J. R.", kReview, "/author", "J. R."},
      {"review", "date", "2026-11-02", kReview, "/date", "2026-11-02"},
      {"review", "url", "https://ce.example.org/reviews/7", kReview, "url",
       "https://ce.example.org/reviews/7"},
      {"review", "name", "Worth it", kReview, "/title", "Worth it"},
  };
}

TEST_CASE("every field a rule may supply reaches the record of its type") {
  for (const Case& c : Cases()) {
    CAPTURE(c.type, c.field, c.value.dump());
    Json fields = c.others;
    fields[c.field] = c.value;
    NormaliseResult res = RepoNormaliser().Normalise({Raw(c.type, fields)}, "acme");
    INFO(Json(res.diagnostics).dump());
    REQUIRE(res.rejects.empty());
    REQUIRE(!res.records.empty());
    const Record& r = res.records[0];
    if (c.out == "url") {
      CHECK(r.url == c.expected.get<std::string>());
    } else {
      Json::json_pointer at(c.out);
      INFO(r.fields.dump());
      REQUIRE(r.fields.contains(at));
      CHECK(r.fields[at] == c.expected);
    }
  }
}

TEST_CASE("the table of fields per record type has a case for every field and accepted alias") {
  std::set<std::pair<std::string, std::string>> tested;
  for (const Case& c : Cases()) tested.emplace(c.type, c.field);
  for (const RuleTypeFields& t : RuleFieldTable()) {
    for (std::string_view f : t.Accepted()) {
      CAPTURE(t.type, f);
      CHECK(tested.count({std::string(t.type), std::string(f)}) == 1);
    }
  }
}

// The diagnostics of normalising one raw record, as text.
std::string Diagnostics(const RawRecord& raw) {
  std::string out;
  for (const Diagnostic& d : RepoNormaliser().Normalise({raw}, "acme").diagnostics) {
    out += d.where + ": " + d.message + "\n";
  }
  return out;
}

TEST_CASE("a value read but dropped says which cap, vocabulary or format it missed") {
  // A 620-hour programme: over the cap, and the cap is named.
  CHECK(Diagnostics(
            Raw("course", {{"title", "Clinical Training Programme"}, {"ce_hours", "620 hours"}})) ==
        "normalise ce_hours: course 'Clinical Training Programme': ce_hours '620 hours' did not "
        "normalise (620 hours is over the 500-hour cap)\n");
  CHECK(Diagnostics(Raw("course", {{"title", "Ethics"}, {"format", "Blue room"}})) ==
        "normalise format: course 'Ethics': format 'Blue room' did not normalise (no format "
        "wording; expected on_demand (self-paced, on demand), live_online (live webinar), "
        "in_person (in person, onsite) or hybrid)\n");
  CHECK(Diagnostics(Raw("course", {{"title", "Ethics"}, {"start_date", "Spring"}})) ==
        "normalise start_date: course 'Ethics': start_date 'Spring' did not normalise (not a "
        "date; expected e.g. 03/15/2027, March 15, 2027 or 2027-03-15, a year from 1990 to "
        "2100)\n");
  CHECK(Diagnostics(Raw("course", {{"title", "Ethics"}, {"currency", "CAD"}})) ==
        "normalise currency: course 'Ethics': currency 'CAD' dropped (a currency needs a "
        "price)\n");
  CHECK(Diagnostics(Raw("course", {{"title", "Ethics"}, {"currency", "dollars"}, {"price", "$5"}}))
            .find("(expected an ISO 4217 code of 3 letters (USD, CAD))") != std::string::npos);
  CHECK(Diagnostics(Raw("course", {{"title", "Ethics"}, {"price", "$29"}, {"free", "yes"}})) ==
        "normalise free: course 'Ethics': free 'yes' dropped (the price field says 29 USD)\n");
  CHECK(Diagnostics(Raw("course", {{"title", "Ethics"}, {"rating_count", "12"}})) ==
        "normalise rating_count: course 'Ethics': rating_count '12' dropped (a count needs a "
        "rating)\n");
  CHECK(Diagnostics(Raw("course", {{"title", "Ethics"}, {"state", "Narnia"}}))
            .find("not a US state's name or code") != std::string::npos);
  CHECK(Diagnostics(Raw("scholarship", {{"name", "Future"}, {"amount", "five awards"}}))
            .find("amount 'five awards' did not normalise (no amount of money") !=
        std::string::npos);
  CHECK(Diagnostics(Raw("scholarship", {{"name", "Future"}, {"open", "See below"}}))
            .find("expected open wording") != std::string::npos);
  CHECK(Diagnostics(
            Raw("approval", {{"provider", "Acme CE"}, {"body", "APA"}, {"number", "12345"}})) ==
        "normalise number: approval on 'https://ce.example.org/courses/ethics': number '12345' "
        "dropped (APA issues no provider number (DOMAIN.md))\n");
}

TEST_CASE("every 'did not normalise' diagnostic carries its reason") {
  // One unusable value per field the builders parse.
  const std::vector<RawRecord> raws = {
      Raw("course", {{"title", "Ethics"},
                     {"ce_hours", "lots"},
                     {"format", "Blue room"},
                     {"start_date", "Spring"},
                     {"end_date", "Later"},
                     {"location", "Room 4"},
                     {"price", "Call us"},
                     {"rating", "great"},
                     {"audiences", "everyone"},
                     {"approvals", "accredited"},
                     {"topics", "zzz"}}),
      Raw("scholarship", {{"name", "Future"},
                          {"amount", "varies"},
                          {"deadline", "soon"},
                          {"open", "maybe"},
                          {"disciplines", "all"},
                          {"degree_levels", "any"}}),
      Raw("review", {{"rating", "great"}, {"text", "ok"}, {"date", "yesterday"}}),
  };
  NormaliseResult res = RepoNormaliser().Normalise(raws, "acme");
  REQUIRE(res.diagnostics.size() >= 17);
  for (const Diagnostic& d : res.diagnostics) {
    CAPTURE(d.message);
    CHECK(d.message.find("did not normalise (") != std::string::npos);
  }
}

TEST_CASE("a reject names its item and the field that decided") {
  RawRecord row = Raw("course", {{"ce_hours", "6"}, {"price", "$29"}});
  row.origin = "rule[1] item 3";
  NormaliseResult res = RepoNormaliser().Normalise({row}, "acme");
  REQUIRE(res.rejects.size() == 1);
  CHECK(res.rejects[0].item == "rule[1] item 3");
  CHECK(res.rejects[0].field == "title");
  CHECK(res.rejects[0].Describe() == "rule[1] item 3: missing title (field 'title')");
  Diagnostic d = res.rejects[0].ToDiagnostic();
  CHECK(d.ToString() ==
        "https://ce.example.org/courses/ethics: reject rule[1] item 3: course "
        "rejected: missing title (field 'title')");

  // Structured data names its item by where its fields came from.
  RawRecord jsonld = Raw("scholarship", {{"amount", "$5,000"}});
  jsonld.provenance["amount"] = "jsonld:[0].@graph[2].amount";
  res = RepoNormaliser().Normalise({jsonld}, "acme");
  REQUIRE(res.rejects.size() == 1);
  CHECK(res.rejects[0].Describe() == "jsonld:[0].@graph[2]: missing name (field 'name')");
}

}  // namespace
}  // namespace cecat::normalise
