// Providers, approval statements, scholarships and reviews through Normaliser.
#include <random>

#include <catch2/catch.hpp>

#include "normalise/normalise.h"
#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

using testing::RepoNormaliser;

RawRecord KindRaw(std::string kind, Json fields, std::string page = "https://site.example/page",
                  std::string item_url = "") {
  RawRecord r;
  r.kind = std::move(kind);
  r.page_url = std::move(page);
  r.item_url = std::move(item_url);
  r.fields = std::move(fields);
  return r;
}

TEST_CASE("a provider page yields a provider with approvals and scope") {
  auto res = RepoNormaliser().Normalise(
      {KindRaw(
          "provider",
          {{"name", "Acme CE"},
           {"url", "https://acme.example/"},
           {"approvals",
            Json::array({"Acme CE is approved by the American Psychological Association to sponsor "
                         "continuing education for psychologists.",
                         {{"body", "ASWB"}, {"number", "1234"}, {"valid_until", "3/9/2027"}}})},
           {"rating", "4.7 out of 5"}})},
      "acme");
  REQUIRE(res.rejects.empty());
  REQUIRE(res.records.size() == 1);
  const Record& p = res.records[0];
  CHECK(p.type == RecordType::kProvider);
  CHECK(p.id == MakeRecordId(RecordType::kProvider, "https://acme.example/"));
  CHECK(p.fields["name"] == "Acme CE");
  CHECK(p.fields["url"] == "https://acme.example/");
  CHECK(p.fields["approvals"] ==
        Json::array({{{"body", "APA"}, {"number", nullptr}, {"scope", {"psychologist"}}},
                     {{"body", "ASWB-ACE"}, {"number", "1234"}, {"valid_until", "2027-03-09"}}}));
  CHECK(p.fields["rating"] == Json({{"average", 4.7}}));
}

TEST_CASE("a provider named only on a course gets the same id from every source") {
  RawRecord a =
      KindRaw("course", {{"title", "Grief Work"}, {"provider", "Acme CE"}}, "https://a.example/1");
  RawRecord b = KindRaw("course", {{"title", "Grief 2"}, {"provider", {{"name", "ACME  CE"}}}},
                        "https://b.example/2");
  auto ra = RepoNormaliser().Normalise({a}, "a");
  auto rb = RepoNormaliser().Normalise({b}, "b");
  REQUIRE(ra.records.size() == 2);
  REQUIRE(rb.records.size() == 2);
  CHECK(ra.records[1].id == MakeRecordId(RecordType::kProvider, "provider|acme ce"));
  CHECK(ra.records[1].id == rb.records[1].id);
  CHECK(ra.records[0].fields["provider"]["id"] == ra.records[1].id);
  // Two courses of one provider in one call give one provider record.
  auto both = RepoNormaliser().Normalise(
      {a, KindRaw("course", {{"title", "Other"}, {"provider", "Acme CE"}}, "https://a.example/2")},
      "a");
  CHECK(both.records.size() == 3);
}

TEST_CASE("a provider named without URL links to the batch's provider record of that name") {
  auto res = RepoNormaliser().Normalise(
      {KindRaw("course", {{"title", "Law & Ethics"}, {"provider", {{"name", "Cedar Academy"}}}},
               "https://cedar.example/webinars"),
       KindRaw("provider", {{"name", "Cedar Academy"}, {"url", "/"}},
               "https://cedar.example/webinars"),
       KindRaw("approval",
               {{"provider_name", "Cedar Academy"}, {"body", "NBCC"}, {"number", "7001"}},
               "https://cedar.example/webinars")},
      "cedar");
  REQUIRE(res.records.size() == 2);  // the course and one provider
  std::string pid = MakeRecordId(RecordType::kProvider, "https://cedar.example/");
  CHECK(res.records[0].fields["provider"]["id"] == pid);
  CHECK(res.records[1].id == pid);
  CHECK(res.records[1].fields["url"] == "https://cedar.example/");
  CHECK(res.records[1].fields["approvals"] ==
        Json::array({{{"body", "NBCC"}, {"number", "7001"}}}));
}

TEST_CASE("an approval statement attaches to the named provider or to the site") {
  auto named = RepoNormaliser().Normalise(
      {KindRaw("approval", {{"provider", "Acme CE"},
                            {"body_text",
                             "Acme CE has been approved by NBCC as an Approved Continuing "
                             "Education Provider, ACEP No. 6999."}})},
      "acme");
  REQUIRE(named.records.size() == 1);
  CHECK(named.records[0].id == MakeRecordId(RecordType::kProvider, "provider|acme ce"));
  CHECK(named.records[0].fields["approvals"] ==
        Json::array({{{"body", "NBCC"}, {"number", "6999"}}}));

  auto site =
      RepoNormaliser().Normalise({KindRaw("approval", {{"body", "NAADAC"}, {"number", "123456"}},
                                          "https://acme.example/accreditation")},
                                 "acme");
  REQUIRE(site.records.size() == 1);
  CHECK(site.records[0].url == "https://acme.example/");
  CHECK(site.records[0].id == MakeRecordId(RecordType::kProvider, "https://acme.example/"));

  auto none =
      RepoNormaliser().Normalise({KindRaw("approval", {{"body_text", "We love CE."}})}, "acme");
  REQUIRE(none.rejects.size() == 1);
  CHECK(none.rejects[0].reason == "no accrediting body recognised");
}

TEST_CASE("a scholarship normalises amounts, deadline, disciplines and levels") {
  auto res = RepoNormaliser().Normalise(
      {KindRaw("scholarship",
               {{"name", "Minority Fellowship Program for Counselors"},
                {"sponsor", {{"@type", "Organization"}, {"name", "Example Foundation"}}},
                {"amount", "$15,000 - $20,000"},
                {"deadline", "Applications due February 1, 2027"},
                {"disciplines", "Counseling, Marriage and Family Therapy, Addiction"},
                {"degree_levels", "Master's and doctoral students"},
                {"eligibility", "<p>U.S. citizens enrolled full-time.</p>"},
                {"status", "Now accepting applications"},
                {"apply_url", "/apply"}},
               "https://fund.example/mfp")},
      "fund");
  INFO(Json(res.diagnostics).dump());
  REQUIRE(res.records.size() == 1);
  const Json& f = res.records[0].fields;
  INFO(f.dump(2));
  CHECK(res.records[0].type == RecordType::kScholarship);
  CHECK(f["sponsor"] == "Example Foundation");
  CHECK(f["amount_min"] == 15000);
  CHECK(f["amount_max"] == 20000);
  CHECK(f["currency"] == "USD");
  CHECK(f["deadline"] == "2027-02-01");
  CHECK(f["disciplines"] == Json::array({"counselor", "mft", "addiction"}));
  CHECK(f["degree_levels"] == Json::array({"doctoral", "masters"}));
  CHECK(f["eligibility"] == "U.S. citizens enrolled full-time.");
  CHECK(f["open"] == true);
  CHECK(f["apply_url"] == "https://fund.example/apply");

  struct AmountCase {
    Json input;
    double min, max;
  };
  const AmountCase kAmounts[] = {
      {"Up to $5,000", 0, 5000},
      {"$2,500 each (5 awards)", 2500, 2500},
      {"$10k", 10000, 10000},
      {12000, 12000, 12000},
      {{{"minValue", 1000}, {"maxValue", 3000}, {"currency", "USD"}}, 1000, 3000}};
  for (const auto& c : kAmounts) {
    INFO("input: " << c.input.dump());
    auto r = RepoNormaliser().Normalise(
        {KindRaw("scholarship", {{"name", "S"}, {"amount", c.input}})}, "f");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].fields["amount_min"] == c.min);
    CHECK(r.records[0].fields["amount_max"] == c.max);
  }
  auto cad = RepoNormaliser().Normalise(
      {KindRaw("scholarship", {{"name", "S"}, {"amount", "5000"}, {"currency", "cad"}})}, "f");
  CHECK(cad.records[0].fields["currency"] == "CAD");
  auto rolling = RepoNormaliser().Normalise(
      {KindRaw("scholarship",
               {{"name", "S"}, {"deadline", "Rolling"}, {"open", "Closed for 2026"}})},
      "f");
  CHECK(rolling.records[0].fields["deadline"] == "rolling");
  CHECK(rolling.records[0].fields["open"] == false);
  // No discipline or degree fields: read from the name and the eligibility text.
  auto derived = RepoNormaliser().Normalise(
      {KindRaw("scholarship", {{"name", "Minority Fellowship Program for Counselors"},
                               {"eligibility", "Master's students in CACREP programs."}})},
      "f");
  REQUIRE(derived.records.size() == 1);
  CHECK(derived.records[0].fields["disciplines"] == Json::array({"counselor"}));
  CHECK(derived.records[0].fields["degree_levels"] == Json::array({"masters"}));
  auto nameless = RepoNormaliser().Normalise({KindRaw("scholarship", {{"amount", "$1,000"}})}, "f");
  REQUIRE(nameless.rejects.size() == 1);
  CHECK(nameless.rejects[0].reason == "missing name");
}

TEST_CASE("a review points at its course and rates on 0-5") {
  auto res = RepoNormaliser().Normalise(
      {KindRaw("review",
               {{"itemReviewed",
                 {{"@type", "Course"}, {"url", "https://acme.example/c/1?utm_source=x"}}},
                {"reviewRating", {{"ratingValue", 9}, {"bestRating", 10}}},
                {"name", "Great course"},
                {"reviewBody", "Clear &amp; practical."},
                {"author", {{"@type", "Person"}, {"name", "J. R."}}},
                {"datePublished", "2026-11-02"}},
               "https://acme.example/c/1/reviews")},
      "acme");
  INFO(Json(res.diagnostics).dump());
  REQUIRE(res.records.size() == 1);
  const Record& r = res.records[0];
  CHECK(r.type == RecordType::kReview);
  CHECK(r.fields["target"] == MakeRecordId(RecordType::kCourse, "https://acme.example/c/1"));
  CHECK(r.fields["rating"] == 4.5);
  CHECK(r.fields["title"] == "Great course");
  CHECK(r.fields["text"] == "Clear & practical.");
  CHECK(r.fields["author"] == "J. R.");
  CHECK(r.fields["date"] == "2026-11-02");

  // Two reviews on one page get different ids; a provider review targets the provider.
  auto two = RepoNormaliser().Normalise(
      {KindRaw("review", {{"rating", 5}, {"author", "A"}, {"text", "Good"}},
               "https://acme.example/c/1"),
       KindRaw("review", {{"rating", 4}, {"author", "B"}, {"text", "Fine"}},
               "https://acme.example/c/1"),
       KindRaw("review",
               {{"rating", "80%"},
                {"target", {{"@type", "Organization"}, {"url", "https://acme.example/"}}}})},
      "acme");
  REQUIRE(two.records.size() == 3);
  CHECK(two.records[0].id != two.records[1].id);
  CHECK(two.records[0].fields["target"] ==
        MakeRecordId(RecordType::kCourse, "https://acme.example/c/1"));
  CHECK(two.records[2].fields["target"] ==
        MakeRecordId(RecordType::kProvider, "https://acme.example/"));
  CHECK(two.records[2].fields["rating"] == 4);

  // The parsers' shape: target_url and target_kind.
  auto parsed =
      RepoNormaliser().Normalise({KindRaw("review", {{"rating", {{"value", 4}, {"best", 5}}},
                                                     {"target_url", "https://acme.example/"},
                                                     {"target_kind", "provider"},
                                                     {"target_name", "Acme"}})},
                                 "acme");
  REQUIRE(parsed.records.size() == 1);
  CHECK(parsed.records[0].fields["target"] ==
        MakeRecordId(RecordType::kProvider, "https://acme.example/"));
  CHECK(parsed.records[0].fields["rating"] == 4);

  auto empty = RepoNormaliser().Normalise({KindRaw("review", {{"author", "A"}})}, "acme");
  REQUIRE(empty.rejects.size() == 1);
  CHECK(empty.rejects[0].reason == "missing rating and text");
}

TEST_CASE("schema.org-style course fields are accepted under their own names") {
  auto res = RepoNormaliser().Normalise(
      {KindRaw(
          "course",
          {{"name", "Mindfulness for Anxiety"},
           {"numberOfCredits", {{"@type", "StructuredValue"}, {"value", 3}}},
           {"courseMode", "onsite"},
           {"location",
            {{"@type", "Place"},
             {"address", {{"addressLocality", "Austin"}, {"addressRegion", "TX"}}}}},
           {"startDate", "2027-03-15T09:00:00-05:00"},
           {"endDate", "2027-03-15T16:00:00-05:00"},
           {"offers", {{"@type", "Offer"}, {"price", "149.00"}, {"priceCurrency", "USD"}}},
           {"aggregateRating", {{"ratingValue", "4.6"}, {"reviewCount", 31}}},
           {"instructor", Json::array({{{"@type", "Person"}, {"name", "Dr. A. Smith"}}})},
           {"keywords", Json::array({"mindfulness", "anxiety"})},
           {"audience", {{"@type", "EducationalAudience"}, {"educationalRole", "Psychologists"}}}},
          "https://acme.example/c/mindful")},
      "acme");
  INFO(Json(res.diagnostics).dump());
  REQUIRE(res.records.size() == 1);
  const Json& f = res.records[0].fields;
  INFO(f.dump(2));
  CHECK(f["title"] == "Mindfulness for Anxiety");
  CHECK(f["ce_hours"] == 3);
  CHECK(f["format"] == "in_person");
  CHECK(f["location"] == Json({{"city", "Austin"}, {"state", "TX"}, {"country", "US"}}));
  CHECK(f["start_date"] == "2027-03-15T09:00:00-05:00");
  CHECK(f["end_date"] == "2027-03-15T16:00:00-05:00");
  CHECK(f["price"] == Json({{"amount", 149.0}, {"currency", "USD"}, {"free", false}}));
  CHECK(f["rating"] == Json({{"average", 4.6}, {"count", 31}}));
  CHECK(f["presenters"] == Json::array({"Dr. A. Smith"}));
  CHECK(f["topics"] == Json::array({"mindfulness", "anxiety"}));
  CHECK(f["audiences"] == Json::array({"psychologist"}));
  CHECK(res.records[0].provenance.at("ce_hours") == "raw:numberOfCredits");
}

TEST_CASE("per-audience credit supplies the audiences when none are listed, in feed order") {
  auto res = RepoNormaliser().Normalise(
      {KindRaw("course", {{"title", "Supervision"},
                          {"ce_hours", "6 CE hours (psychologists, LPCs, LCSWs, LMFTs)"},
                          {"audiences", "Licensed clinical supervisors"}})},
      "x");
  REQUIRE(res.records.size() == 1);
  CHECK(res.records[0].fields["audiences"] ==
        Json::array({"psychologist", "counselor", "social_worker", "mft"}));
  CHECK(res.records[0].fields["credit_note"] == "6 CE hours (psychologists, LPCs, LCSWs, LMFTs)");
  CHECK(res.diagnostics.size() == 1);
}

TEST_CASE("the format text can carry the place, and a place implies in person") {
  auto res = RepoNormaliser().Normalise(
      {KindRaw("course", {{"title", "A"}, {"format", "In-Person \xE2\x80\x94 Austin, TX"}},
               "https://x.example/a"),
       KindRaw("course", {{"title", "B"}, {"location", "Denver, CO"}}, "https://x.example/b"),
       KindRaw("course", {{"title", "C"}, {"location", "Online"}, {"format", "Live webinar"}},
               "https://x.example/c")},
      "x");
  REQUIRE(res.records.size() == 3);
  CHECK(res.records[0].fields["format"] == "in_person");
  CHECK(res.records[0].fields["location"] ==
        Json({{"city", "Austin"}, {"state", "TX"}, {"country", "US"}}));
  CHECK(res.records[1].fields["format"] == "in_person");
  CHECK_FALSE(res.records[2].fields.contains("location"));
  CHECK(res.diagnostics.empty());
}

// Random JSON in every field: nothing throws, every raw record is either a record
// or a reject (never silently dropped).
TEST_CASE("arbitrary field values never crash and never vanish") {
  std::mt19937 rng(12345);
  auto random_value = [&](auto& self, int depth) -> Json {
    switch (rng() % (depth > 2 ? 5 : 7)) {
      case 0:
        return nullptr;
      case 1:
        return static_cast<int>(rng() % 2000) - 1000;
      case 2:
        return (rng() % 10000) / 7.0;
      case 3: {
        static const char* kBits[] = {
            "$",          "CEU",    "<b>",  "&amp;",  "&#",   "\xE2\x80\x93",
            "2027-",      "13/45/", "free", "member", "PT",   "H",
            "90",         "%",      "/",    "ET",     "NBCC", "ACEP No.",
            "Austin, TX", "\xC3",   "\xFF", " and "};
        std::string s;
        for (int i = rng() % 8; i > 0; --i) s += kBits[rng() % (sizeof kBits / sizeof *kBits)];
        return s;
      }
      case 4:
        return rng() % 2 == 0;
      case 5: {
        Json a = Json::array();
        for (int i = rng() % 4; i > 0; --i) a.push_back(self(self, depth + 1));
        return a;
      }
      default: {
        static const char* kKeys[] = {"name",      "value",       "price",      "url",
                                      "startDate", "ratingValue", "bestRating", "body",
                                      "number",    "address",     "@type"};
        Json o = Json::object();
        for (int i = rng() % 4; i > 0; --i) o[kKeys[rng() % 11]] = self(self, depth + 1);
        return o;
      }
    }
  };
  static const char* kFields[] = {
      "title",      "ce_hours",    "price",     "format",      "location", "start_date",
      "end_date",   "approvals",   "audiences", "topics",      "rating",   "provider",
      "presenters", "description", "url",       "credit_note", "amount",   "deadline",
      "target",     "text",        "author",    "name",        "open",     "apply_url"};
  static const char* kKinds[] = {"course", "provider", "approval", "scholarship", "review"};
  std::vector<RawRecord> batch;
  for (int i = 0; i < 400; ++i) {
    RawRecord r;
    r.kind = kKinds[rng() % 5];
    r.page_url = rng() % 5 == 0 ? "" : "https://fuzz.example/p/" + std::to_string(i);
    for (const char* f : kFields) {
      if (rng() % 3 == 0) r.fields[f] = random_value(random_value, 0);
    }
    batch.push_back(std::move(r));
  }
  NormaliseResult res;
  REQUIRE_NOTHROW(res = RepoNormaliser().Normalise(batch, "fuzz"));
  for (const auto& rej : res.rejects) CHECK_FALSE(rej.reason.empty());
  for (const auto& rec : res.records) {
    CHECK_FALSE(rec.id.empty());
    // Output strings are valid UTF-8, so the index and feed can serialise them.
    REQUIRE_NOTHROW(rec.fields.dump());
  }
  // One at a time: each raw record is exactly one record of its type or one reject.
  for (const RawRecord& r : batch) {
    auto one = RepoNormaliser().Normalise({r}, "fuzz");
    INFO("raw: " << r.kind << " " << r.fields.dump(-1, ' ', false, Json::error_handler_t::replace));
    std::size_t primary = 0;
    for (const auto& rec : one.records) {
      bool provider_of_course = r.kind == "course" && rec.type == RecordType::kProvider;
      if (!provider_of_course) ++primary;
    }
    CHECK(primary + one.rejects.size() == 1);
  }
}

}  // namespace
}  // namespace cecat::normalise
