#include "normalise/normalise.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "normalise/text.h"
#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

using testing::RepoNormaliser;

RawRecord PageCourse(Json fields, std::string page = "https://ce.example.org/courses/ethics",
                     std::string item_url = "") {
  RawRecord r;
  r.kind = "course";
  r.page_url = std::move(page);
  r.item_url = std::move(item_url);
  r.fields = std::move(fields);
  return r;
}

const Record* FindType(const NormaliseResult& res, RecordType t) {
  for (const auto& r : res.records) {
    if (r.type == t) return &r;
  }
  return nullptr;
}

TEST_CASE("the repository's data files load") {
  auto n = Normaliser::Load(std::filesystem::path(CECAT_SOURCE_DIR) / "data");
  INFO(n.status().ToString());
  REQUIRE(n.ok());
  CHECK(n->vocabulary().topics.size() >= 24);
  CHECK(n->vocabulary().audiences.size() == 5);
  CHECK(n->vocabulary().bodies.size() >= 11);
}

// Issue 18: terminal escape injection. A title that would retitle the terminal
// and clear the screen, a C1 CSI and a right-to-left override reach no record.
TEST_CASE("normalised text carries no control or bidi characters") {
  RawRecord raw = PageCourse({{"name",
                               "Ethics\x1b]0;pwned\x07 \x1b[2J for\tCounselors\xC2\x9B"
                               "1m \xE2\x80\xAEgnirts \xE2\x81\xA6isolated\xE2\x81\xA9"},
                              {"description", "Line one\nline two\x7f."}});
  auto res = RepoNormaliser().Normalise({raw}, "acme");
  const Record* course = FindType(res, RecordType::kCourse);
  REQUIRE(course != nullptr);
  std::string title = course->fields.value("title", "");
  CHECK(title == "Ethics]0;pwned [2J for Counselors1m gnirts isolated");
  CHECK(course->fields.value("description", "") == "Line one line two.");
  CHECK_FALSE(HasControls(course->fields.dump()));
}

TEST_CASE("EscapeControls writes control and bidi characters visibly") {
  CHECK(EscapeControls("a\x1b[2Jb\x07") == "a\\x1b[2Jb\\x07");
  CHECK(EscapeControls("x\xC2\x9By") == "x\\u009by");
  CHECK(EscapeControls("\xE2\x80\xAE"
                       "evil"
                       "\xE2\x81\xA9") == "\\u202eevil\\u2069");
  CHECK(EscapeControls("caf\xC3\xA9") == "caf\xC3\xA9");
}

TEST_CASE("StripControls keeps all other text byte for byte") {
  const char* kept[] = {"plain", "caf\xC3\xA9 \xE2\x80\x94 \xE2\x80\x9Cquoted\xE2\x80\x9D",
                        "\xC2\xA0nbsp and \xC2\xA9", "\xE2\x80\x8Ezero-width mark kept",
                        "\xF0\x9F\x98\x80"};
  for (const char* text : kept) {
    CAPTURE(text);
    CHECK_FALSE(HasControls(text));
    CHECK(StripControls(text) == text);
  }
}

TEST_CASE("a course normalises every SPEC field from page-style raw values") {
  Json fields = {
      {"title", "Ethics &amp; Boundaries in Telehealth"},
      {"ce_hours", "0.6 CEU"},
      {"price", "FREE for members / $29 non-members"},
      {"format", "Live Webinar"},
      {"start_date", "03/15/2027"},
      {"audiences", "LPC, LCSW"},
      {"topics", "ethics, telehealth"},
      {"rating", {{"value", 4.5}, {"best", 5}, {"count", 12}}},
      {"provider", {{"name", "Acme CE, Inc."}, {"url", "https://acme.example.com/"}}},
      {"presenters", "Dr. Jane Roe, PhD and John Doe, LCSW"},
      {"description", "<p>Learn   the <b>rules</b>.</p>"},
      {"approvals", Json::array({"Acme CE has been approved by NBCC as an Approved Continuing "
                                 "Education Provider, ACEP No. 6999."})},
  };
  RawRecord raw = PageCourse(fields, "https://ce.example.org/catalog?page=2",
                             "/courses/ethics-telehealth?utm_source=x");
  raw.provenance["title"] = "jsonld:@graph[1].name";
  auto res = RepoNormaliser().Normalise({raw}, "acme");
  INFO(Json(res.diagnostics).dump());
  REQUIRE(res.rejects.empty());
  const Record* c = FindType(res, RecordType::kCourse);
  REQUIRE(c != nullptr);
  CHECK(c->id ==
        MakeRecordId(RecordType::kCourse, "https://ce.example.org/courses/ethics-telehealth"));
  // The feed's url is canonical: tracking parameters dropped.
  CHECK(c->url == "https://ce.example.org/courses/ethics-telehealth");
  CHECK(c->sources == std::vector<std::string>{"acme"});
  CHECK(c->page_url == "https://ce.example.org/catalog?page=2");
  const Json& f = c->fields;
  INFO(f.dump(2));
  CHECK(f["title"] == "Ethics & Boundaries in Telehealth");
  CHECK(c->provenance.at("title") == "jsonld:@graph[1].name");
  CHECK(c->provenance.at("ce_hours") == "raw:ce_hours");
  CHECK(f["ce_hours"] == 6);
  CHECK(f["credit_note"] == "0.6 CEU");
  CHECK(f["price"]["amount"] == 29);
  CHECK(f["price"]["currency"] == "USD");
  CHECK(f["price"]["free"] == false);
  CHECK(f["price"]["note"] == "FREE for members / $29 non-members");
  CHECK(f["format"] == "live_online");
  CHECK(f["start_date"] == "2027-03-15");
  CHECK(f["audiences"] == Json::array({"counselor", "social_worker"}));
  // The title adds "boundaries" to the listed topics.
  CHECK(f["topics"] == Json::array({"ethics", "telehealth", "boundaries"}));
  CHECK(f["rating"] == Json({{"average", 4.5}, {"count", 12}}));
  CHECK(f["description"] == "Learn the rules.");
  CHECK(f["presenters"] == Json::array({"Dr. Jane Roe, PhD", "John Doe, LCSW"}));
  CHECK(f["approvals"] == Json::array({{{"body", "NBCC"}, {"number", "6999"}}}));
  const Record* p = FindType(res, RecordType::kProvider);
  REQUIRE(p != nullptr);
  CHECK(f["provider"]["id"] == p->id);
  CHECK(f["provider"]["name"] == "Acme CE, Inc.");
  CHECK(p->fields["name"] == "Acme CE, Inc.");
  CHECK(p->id == MakeRecordId(RecordType::kProvider, "https://acme.example.com/"));
  CHECK(p->page_url == "https://ce.example.org/catalog?page=2");
}

TEST_CASE("a course without title or URL is rejected with the reason, never dropped") {
  RawRecord no_title = PageCourse({{"ce_hours", 3}});
  RawRecord no_url = PageCourse({{"title", "Grief Work"}}, "");
  RawRecord not_object;
  not_object.kind = "course";
  not_object.fields = Json::array();
  RawRecord unknown = PageCourse({{"title", "x"}});
  unknown.kind = "webinar";
  auto res = RepoNormaliser().Normalise({no_title, no_url, not_object, unknown}, "s");
  CHECK(res.records.empty());
  REQUIRE(res.rejects.size() == 4);
  CHECK(res.rejects[0].reason == "missing title");
  CHECK(res.rejects[0].url == "https://ce.example.org/courses/ethics");
  CHECK(res.rejects[0].raw == Json({{"ce_hours", 3}}));
  CHECK(res.rejects[1].reason == "missing url");
  CHECK(res.rejects[2].reason == "fields are not an object");
  CHECK(res.rejects[3].reason == "unknown kind 'webinar'");
}

TEST_CASE("values that do not normalise are reported, the record is kept") {
  auto res = RepoNormaliser().Normalise(
      {PageCourse({{"title", "Grief Work"}, {"price", "$abc"}, {"ce_hours", "lots"}})}, "s");
  REQUIRE(res.records.size() == 1);
  CHECK_FALSE(res.records[0].fields.contains("price"));
  CHECK_FALSE(res.records[0].fields.contains("ce_hours"));
  // Warnings at "normalise <field>", on the raw record's page.
  std::vector<std::string> shown;
  for (const cecat::Diagnostic& d : res.diagnostics) {
    CHECK(d.severity == cecat::Diagnostic::Severity::kWarning);
    shown.push_back(d.ToString());
  }
  INFO(Json(shown).dump());
  const std::string page = "https://ce.example.org/courses/ethics: ";
  CHECK(std::count(shown.begin(), shown.end(),
                   page + "normalise price: course 'Grief Work': price '$abc' did not normalise "
                          "(no amount and no free wording; expected e.g. $29, USD 1,299.00 or "
                          "Free)") == 1);
  CHECK(std::count(shown.begin(), shown.end(),
                   page + "normalise ce_hours: course 'Grief Work': ce_hours 'lots' did not "
                          "normalise (no amount of hours; expected e.g. 6, 6 CE hours, 0.6 CEU, "
                          "90 minutes)") == 1);
}

TEST_CASE("ids fall back from canonical URL to item id to page and title") {
  RawRecord with_id = PageCourse({{"title", "A"}});
  with_id.item_id = "sku-42";
  RawRecord plain = PageCourse({{"title", "B"}});
  auto res = RepoNormaliser().Normalise({with_id, plain}, "src");
  REQUIRE(res.records.size() == 2);
  CHECK(res.records[0].id == MakeRecordId(RecordType::kCourse, "src|sku-42"));
  CHECK(res.records[1].id ==
        MakeRecordId(RecordType::kCourse, "src|https://ce.example.org/courses/ethics|B"));
  // Pure: the same input gives the same output.
  auto again = RepoNormaliser().Normalise({with_id, plain}, "src");
  CHECK(again.records[1].id == res.records[1].id);
  CHECK(again.records[1].fields == res.records[1].fields);
}

TEST_CASE("records with the same id in one call are merged") {
  RawRecord a = PageCourse({{"title", "Trauma 101"}, {"ce_hours", 3}}, "https://x.example/list",
                           "https://x.example/c/1");
  RawRecord b = PageCourse({{"title", "Trauma 101"}, {"price", "$40"}, {"topics", "PTSD"}},
                           "https://x.example/c/1#details", "https://x.example/c/1");
  auto res = RepoNormaliser().Normalise({a, b}, "src");
  REQUIRE(res.records.size() == 1);
  CHECK(res.records[0].fields["ce_hours"] == 3);
  CHECK(res.records[0].fields["price"]["amount"] == 40);
  CHECK(res.records[0].sources == std::vector<std::string>{"src"});
}

// The provider's own page: its name and URL.
RawRecord AcmeAboutPage() {
  RawRecord about;
  about.kind = "provider";
  about.page_url = "https://acme.example/about";
  about.item_url = "https://acme.example/";
  about.fields = {{"name", "Acme CE"}};
  return about;
}

TEST_CASE("a course naming its provider without a URL takes the URL found elsewhere in the batch") {
  RawRecord about = AcmeAboutPage();
  RawRecord course =
      PageCourse({{"title", "Ethics"}, {"provider", "Acme CE"}}, "https://acme.example/c/ethics");
  auto res = RepoNormaliser().Normalise({about, course}, "src");
  const Record* c = FindType(res, RecordType::kCourse);
  REQUIRE(c != nullptr);
  CHECK(c->fields["provider"]["id"] ==
        MakeRecordId(RecordType::kProvider, "https://acme.example/"));
  auto providers = Normaliser::ProviderUrls({about, course});
  CHECK(providers == Normaliser::ProviderUrlMap{{"acme ce", "https://acme.example/"}});
}

// The pipeline normalises page by page (refresh/engine.cc): one raw record at a time
// with a partial provider map, then records of one id folded with MergeRecords in
// batch order. With the batch's map that must give exactly what Normalise gives.
TEST_CASE("NormaliseOne record by record, folded by id, equals Normalise of the batch") {
  RawRecord about = AcmeAboutPage();
  std::vector<RawRecord> batch = {
      PageCourse({{"title", "Trauma 101"}, {"ce_hours", 3}, {"provider", "Acme CE"}},
                 "https://acme.example/list", "https://acme.example/c/1"),
      about,
      PageCourse({{"title", "Trauma 101"}, {"price", "$40"}, {"provider", {{"name", "Acme CE"}}}},
                 "https://acme.example/c/1", "https://acme.example/c/1"),
      PageCourse({{"title", "Ethics"}, {"provider", "Other Org"}}, "https://acme.example/c/2"),
      PageCourse({{"ce_hours", 2}}, "https://acme.example/c/3"),  // no title: rejected
  };
  const Normaliser& n = RepoNormaliser();
  NormaliseResult whole = n.Normalise(batch, "src");
  auto providers = Normaliser::ProviderUrls(batch);

  std::vector<Record> folded;
  std::vector<Reject> rejects;
  std::vector<std::vector<std::string>> lookups(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    NormaliseResult one = n.NormaliseOne(batch[i], "src", providers, &lookups[i]);
    for (auto& r : one.rejects) rejects.push_back(r);
    for (Record& r : one.records) {
      auto it =
          std::find_if(folded.begin(), folded.end(), [&](const Record& f) { return f.id == r.id; });
      if (it == folded.end()) {
        folded.push_back(r);
      } else {
        *it = MergeRecords(*it, r);
      }
    }
  }
  REQUIRE(folded.size() == whole.records.size());
  for (size_t i = 0; i < folded.size(); ++i) {
    CHECK(folded[i].id == whole.records[i].id);
    CHECK(folded[i].fields == whole.records[i].fields);
    CHECK(folded[i].provenance == whole.records[i].provenance);
    CHECK(folded[i].page_url == whole.records[i].page_url);
  }
  REQUIRE(rejects.size() == whole.rejects.size());
  CHECK(rejects[0].reason == whole.rejects[0].reason);
  // Only records naming a provider without its own URL looked one up.
  CHECK(lookups[0] == std::vector<std::string>{"acme ce"});
  CHECK(lookups[1].empty());
  CHECK(lookups[2] == std::vector<std::string>{"acme ce"});
  CHECK(lookups[3] == std::vector<std::string>{"other org"});

  // With only its own page's (empty) map the course links a name-keyed provider:
  // the lookup tells the caller to normalise it again with the final map.
  NormaliseResult alone = n.NormaliseOne(batch[0], "src", {}, nullptr);
  const Record* p = FindType(alone, RecordType::kProvider);
  REQUIRE(p != nullptr);
  CHECK(p->url.empty());
}

}  // namespace
}  // namespace cecat::normalise
