// Deduplication: the same course from a provider and an aggregator, or under two
// URLs, is one record; near misses (Part 1 vs Part 2) stay apart.
#include "normalise/dedup.h"

#include <catch2/catch.hpp>

#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

Record MakeCourse(std::string url, std::string provider, std::string title,
                  Json extra = Json::object(), std::string source = "provider-site") {
  Record r;
  r.type = RecordType::kCourse;
  r.url = url;
  r.id = MakeRecordId(RecordType::kCourse, url);
  r.sources = {source};
  r.fields = extra;
  r.fields["title"] = title;
  if (!provider.empty()) r.fields["provider"] = {{"id", "p-x"}, {"name", provider}};
  return r;
}

TEST_CASE("the same course under two titles or URLs matches") {
  struct Pair {
    const char* why;
    Record a, b;
  };
  const Pair kPairs[] = {
      {"same canonical URL, different titles",
       MakeCourse("https://acme.example/c/1?utm_source=news", "Acme", "Ethics"),
       MakeCourse("https://ACME.example/c/1", "Other", "Ethics in Practice")},
      {"aggregator adds format and hours to the title",
       MakeCourse("https://acme.example/c/ethics", "Acme CE",
                  "Ethics and Boundaries in Telehealth"),
       MakeCourse("https://hub.example/listing/991", "Acme CE, Inc.",
                  "Ethics & Boundaries in Telehealth (Live Webinar, 3 CE Hours)")},
      {"British spelling and plural",
       MakeCourse("https://a.example/1", "Acme", "Supervision for Counselors", {{"ce_hours", 3}}),
       MakeCourse("https://b.example/2", "ACME", "Supervision for Counsellors", {{"ce_hours", 3}})},
      {"roman and arabic part numbers",
       MakeCourse("https://a.example/1", "Acme", "Trauma-Informed Care Part II"),
       MakeCourse("https://b.example/2", "Acme", "Trauma Informed Care, Part 2")},
      {"case, punctuation and entities",
       MakeCourse("https://a.example/1", "Acme", "DBT Skills: The Basics",
                  {{"format", "on_demand"}}),
       MakeCourse("https://b.example/2", "acme", "dbt skills - the basics",
                  {{"format", "on_demand"}})},
      {"one side lacks hours and date",
       MakeCourse("https://a.example/1", "Acme", "Suicide Risk Assessment", {{"ce_hours", 6}}),
       MakeCourse("https://b.example/2", "Acme", "Suicide Risk Assessment",
                  {{"start_date", "2027-03-15"}})},
  };
  for (const auto& p : kPairs) {
    INFO(p.why << ": '" << p.a.fields["title"] << "' vs '" << p.b.fields["title"] << "'");
    CAPTURE(Similarity(p.a, p.b));
    CHECK(IsSameCourse(p.a, p.b));
    CHECK(IsSameCourse(p.b, p.a));
    CHECK(Similarity(p.a, p.b) >= kSameCourseThreshold);
  }
}

TEST_CASE("near misses stay apart") {
  struct Pair {
    const char* why;
    Record a, b;
  };
  const Pair kPairs[] = {
      {"Part 1 vs Part 2",
       MakeCourse("https://a.example/1", "Acme", "Trauma-Informed Care: Part 1"),
       MakeCourse("https://a.example/2", "Acme", "Trauma-Informed Care: Part 2")},
      {"Level I vs Level II", MakeCourse("https://a.example/1", "Acme", "EMDR Training Level I"),
       MakeCourse("https://a.example/2", "Acme", "EMDR Training Level II")},
      {"Part One vs Part Two", MakeCourse("https://a.example/1", "Acme", "Grief Work, Part One"),
       MakeCourse("https://a.example/2", "Acme", "Grief Work, Part Two")},
      {"annual update of another year",
       MakeCourse("https://a.example/1", "Acme", "Florida Laws and Rules 2026"),
       MakeCourse("https://a.example/2", "Acme", "Florida Laws and Rules 2027")},
      {"different providers",
       MakeCourse("https://a.example/1", "Acme", "Ethics for Social Workers"),
       MakeCourse("https://b.example/1", "Zenith Learning", "Ethics for Social Workers")},
      {"no provider on one side",
       MakeCourse("https://a.example/1", "Acme", "Ethics for Social Workers"),
       MakeCourse("https://b.example/1", "", "Ethics for Social Workers")},
      {"different hours",
       MakeCourse("https://a.example/1", "Acme", "Law and Ethics", {{"ce_hours", 6}}),
       MakeCourse("https://a.example/2", "Acme", "Law and Ethics", {{"ce_hours", 3}})},
      {"different session dates",
       MakeCourse("https://a.example/1", "Acme", "DBT Intensive", {{"start_date", "2027-03-15"}}),
       MakeCourse("https://a.example/2", "Acme", "DBT Intensive", {{"start_date", "2027-06-15"}})},
      {"live and recorded versions",
       MakeCourse("https://a.example/1", "Acme", "Telehealth Ethics", {{"format", "live_online"}}),
       MakeCourse("https://a.example/2", "Acme", "Telehealth Ethics", {{"format", "on_demand"}})},
      {"a longer title is a different course",
       MakeCourse("https://a.example/1", "Acme", "Ethics and Boundaries"),
       MakeCourse("https://a.example/2", "Acme",
                  "Ethics and Boundaries in Rural Practice with Minors")},
      {"similar words, different topic",
       MakeCourse("https://a.example/1", "Acme", "CBT for Anxiety"),
       MakeCourse("https://a.example/2", "Acme", "CBT for Depression")},
  };
  for (const auto& p : kPairs) {
    INFO(p.why << ": '" << p.a.fields["title"] << "' vs '" << p.b.fields["title"] << "'");
    CAPTURE(Similarity(p.a, p.b));
    CHECK_FALSE(IsSameCourse(p.a, p.b));
    CHECK_FALSE(IsSameCourse(p.b, p.a));
    CHECK(Similarity(p.a, p.b) < kSameCourseThreshold);
  }
}

TEST_CASE("the blocking key folds provider and title") {
  auto a =
      MakeCourse("https://a.example/1", "Acme CE, Inc.", "Ethics &amp; Boundaries (Live Webinar)");
  auto b = MakeCourse("https://b.example/9", "ACME CE", "ethics and boundaries");
  // Stop words, format words and plurals go; the key is stable across spellings.
  CHECK(MatchKey(a) == "acme ce|ethic boundary");
  CHECK(MatchKey(a) == MatchKey(b));
  CHECK(MatchKey(MakeCourse("https://a.example/1", "Acme", "Part II")) == "acme|part 2");
  CHECK(MatchKey(MakeCourse("https://a.example/1", "", "Ethics")).empty());
  Record no_title = MakeCourse("https://a.example/1", "Acme", "");
  no_title.fields.erase("title");
  CHECK(MatchKey(no_title).empty());
}

TEST_CASE("merging keeps both sources and per-field provenance") {
  Record provider_site =
      MakeCourse("https://acme.example/c/ethics", "Acme CE", "Ethics in Telehealth",
                 {{"ce_hours", 3},
                  {"topics", {"ethics"}},
                  {"approvals", {{{"body", "NBCC"}, {"number", nullptr}}}},
                  {"price", {{"amount", 29}, {"currency", "USD"}, {"free", false}}}},
                 "acme");
  provider_site.provenance = {{"title", "jsonld:@graph[0].name"},
                              {"ce_hours", "jsonld:@graph[0].numberOfCredits"}};
  Record aggregator = MakeCourse(
      "https://hub.example/l/1", "Acme CE", "Ethics in Telehealth (Live Webinar)",
      {{"ce_hours", 3},
       {"format", "live_online"},
       {"topics", {"telehealth", "ethics"}},
       {"approvals",
        {{{"body", "NBCC"}, {"number", "6999"}}, {{"body", "APA"}, {"number", nullptr}}}},
       {"price", {{"amount", 35}, {"currency", "USD"}, {"free", false}, {"note", "x"}}}},
      "hub");
  aggregator.provenance = {
      {"title", "rule:h1"}, {"format", "rule:.mode"}, {"ce_hours", "rule:.hours"}};
  REQUIRE(IsSameCourse(provider_site, aggregator));
  Record m = MergeRecords(provider_site, aggregator);
  CHECK(m.id == provider_site.id);
  CHECK(m.url == provider_site.url);
  CHECK(m.sources == std::vector<std::string>{"acme", "hub"});
  CHECK(m.fields["title"] == "Ethics in Telehealth");
  CHECK(m.provenance["title"] == "jsonld:@graph[0].name");
  CHECK(m.fields["format"] == "live_online");
  CHECK(m.provenance["format"] == "hub:rule:.mode");
  CHECK(m.provenance["ce_hours"] == "jsonld:@graph[0].numberOfCredits");
  CHECK(m.fields["topics"] == Json::array({"ethics", "telehealth"}));
  CHECK(m.fields["approvals"] == Json::array({{{"body", "NBCC"}, {"number", "6999"}},
                                              {{"body", "APA"}, {"number", nullptr}}}));
  CHECK(m.fields["price"]["amount"] == 29);
  CHECK(m.fields["price"]["note"] == "x");
  // Merging again changes nothing: the index may see the same record every night.
  Record again = MergeRecords(m, aggregator);
  CHECK(again.fields == m.fields);
  CHECK(again.sources == m.sources);
  CHECK(again.provenance == m.provenance);
}

TEST_CASE("a provider's course and an aggregator's listing normalise into one match") {
  const auto& n = testing::RepoNormaliser();
  RawRecord own;
  own.kind = "course";
  own.page_url = "https://acme.example/courses/telehealth-ethics";
  own.fields = {{"title", "Telehealth Ethics for Counselors"},
                {"ce_hours", "3 CE hours"},
                {"provider", "Acme CE"},
                {"format", "On-demand"}};
  RawRecord listed;
  listed.kind = "course";
  listed.page_url = "https://hub.example/search?q=ethics";
  listed.item_url = "/l/4411";
  listed.fields = {{"title", "Telehealth Ethics for Counsellors (3 CE Hours)"},
                   {"ce_hours", "0.3 CEU"},
                   {"provider", {{"name", "Acme CE, LLC"}}},
                   {"format", "Self-paced"}};
  auto a = n.Normalise({own}, "acme");
  auto b = n.Normalise({listed}, "hub");
  REQUIRE(a.records.size() == 2);  // course + provider
  REQUIRE(b.records.size() == 2);
  const Record& ca = a.records[0];
  const Record& cb = b.records[0];
  REQUIRE(ca.type == RecordType::kCourse);
  REQUIRE(cb.type == RecordType::kCourse);
  CHECK(ca.id != cb.id);
  CHECK(MatchKey(ca) == MatchKey(cb));
  CHECK(IsSameCourse(ca, cb));
  Record merged = MergeRecords(ca, cb);
  CHECK(merged.sources == std::vector<std::string>{"acme", "hub"});
}

TEST_CASE("a stated audience beats one inferred from approvals when sources merge") {
  auto course = [](std::string source, Json audiences, std::string prov) {
    Record r;
    r.type = RecordType::kCourse;
    r.id = "c-00000000000000aa";
    r.sources = {std::move(source)};
    r.fields["title"] = "Ethics in Telehealth";
    r.fields["audiences"] = std::move(audiences);
    r.provenance["audiences"] = std::move(prov);
    return r;
  };
  Record inferred = course("hub", {"counselor"}, "inferred:approvals NBCC (rule:.approval)");
  Record stated = course("ridgeline", {"social_worker"}, "rule:.audience");
  for (bool inferred_first : {true, false}) {
    CAPTURE(inferred_first);
    Record m = inferred_first ? MergeRecords(inferred, stated) : MergeRecords(stated, inferred);
    CHECK(m.fields["audiences"] == Json::array({"social_worker"}));
    CHECK(m.provenance["audiences"].find("inferred") == std::string::npos);
  }
  // Two stated audiences are a union, as before.
  Record other = course("beta", {"mft"}, "jsonld:audience");
  CHECK(MergeRecords(stated, other).fields["audiences"] == Json::array({"social_worker", "mft"}));
}

}  // namespace
}  // namespace cecat::normalise
