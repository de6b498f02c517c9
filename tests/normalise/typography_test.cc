// Typography (issue 17, item 7): titles, descriptions and names keep the curly
// quotes, dashes and ellipses their publisher wrote; ids, match keys and every
// pattern read them as ASCII, as they always did. The ids and keys below were
// computed by cecat before it kept typography: no existing record's id or dedup
// key may move.
#include <catch2/catch.hpp>

#include "normalise/dates.h"
#include "normalise/dedup.h"
#include "normalise/hours.h"
#include "normalise/location.h"
#include "normalise/normalise.h"
#include "normalise/price.h"
#include "normalise/provider.h"
#include "normalise/text.h"
#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

using testing::RepoNormaliser;

// U+2019, U+201C/U+201D, U+2013, U+2014, U+2026 as publishers write them.
constexpr char kClients[] =
    "Clients\xE2\x80\x99 \xE2\x80\x9CStuck Points\xE2\x80\x9D: Ages 3\xE2\x80\x93"
    "8";
constexpr char kTrauma[] = "Trauma\xE2\x80\x94Informed Care for Kids\xE2\x80\xA6 and Teens";
constexpr char kProvider[] = "Acme\xE2\x80\x99s CE \xE2\x80\x93 Provider #1234";

RawRecord TypoRaw(std::string kind, Json fields, std::string page = "https://site.example/list") {
  RawRecord r;
  r.kind = std::move(kind);
  r.page_url = std::move(page);
  r.fields = std::move(fields);
  return r;
}

// `first` and `repeats` quoted words: matching reads each repeat as 13 bytes, a
// page shows 17. Matching cuts a title at 300 bytes.
std::string LongTitle(const std::string& first, int repeats) {
  std::string t = first;
  for (int i = 0; i < repeats; ++i) t += " \xE2\x80\x9CMore\xE2\x80\x9D Words";
  return t;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const Record& Only(const NormaliseResult& res, RecordType type, const std::string& field,
                   const std::string& starts_with) {
  for (const Record& r : res.records) {
    // Compared as matching reads them: this finds the record before and after.
    if (r.type == type &&
        AsciiPunctuation(r.fields.value(field, "")).rfind(AsciiPunctuation(starts_with), 0) == 0)
      return r;
  }
  FAIL("no record of that type whose " << field << " starts with " << starts_with);
  return res.records.front();
}

TEST_CASE("ids and match keys of text with typography are those computed before it was kept") {
  // Several URL-less items on one page: the title is part of the id (SPEC identity).
  auto res = RepoNormaliser().Normalise(
      {TypoRaw("course", {{"title", kClients}, {"provider", kProvider}}),
       TypoRaw("course", {{"title", kTrauma}, {"provider", kProvider}}),
       // Cut by matching (302 bytes there, 394 as published) and not (265 and 345).
       TypoRaw("course", {{"title", LongTitle("Cut", 23)}, {"provider", kProvider}}),
       TypoRaw("course", {{"title", LongTitle("Uncut", 20)}, {"provider", kProvider}}),
       TypoRaw("scholarship", {{"name",
                                "Counselors\xE2\x80\x99 \xE2\x80\x9C"
                                "Bridge\xE2\x80\x9D Award"}}),
       TypoRaw("scholarship", {{"name", "Second Award \xE2\x80\x94 2027"}}),
       TypoRaw("review",
               {{"target", "https://site.example/c/1"},
                {"title",
                 "\xE2\x80\x9CLife\xE2\x80\x93"
                 "changing\xE2\x80\x9D"},
                {"author",
                 "Pat O\xE2\x80\x99"
                 "Brien"},
                {"text", "Worth it\xE2\x80\xA6 the \xE2\x80\x98homework\xE2\x80\x99 too."},
                {"rating", 5}}),
       TypoRaw("review",
               {{"target", "https://site.example/c/1"}, {"text", "Fine."}, {"rating", 4}})},
      "src");
  INFO(res.rejects.size() << " rejects");
  const Record& clients = Only(res, RecordType::kCourse, "title", "Clients");
  const Record& trauma = Only(res, RecordType::kCourse, "title", "Trauma");
  const Record& cut = Only(res, RecordType::kCourse, "title", "Cut ");
  const Record& uncut = Only(res, RecordType::kCourse, "title", "Uncut ");
  CHECK(clients.id == "c-d0ab2051f5f6c7b6");
  CHECK(MatchKey(clients) == "acme s ce|client stuck point age 3 8");
  CHECK(clients.fields.at("provider").at("id") == "p-0c67c4800c1f774f");
  CHECK(trauma.id == "c-d5d3dde1ab8ed038");
  CHECK(MatchKey(trauma) == "acme s ce|trauma informed care kid teen");
  CHECK(cut.id == "c-49f1385154ad9b3c");
  CHECK(MatchKey(cut) == "acme s ce|cut" + Repeat(" more word", 22) + " more");
  CHECK(uncut.id == "c-0fcf9d265b7327d7");
  CHECK(MatchKey(uncut) == "acme s ce|uncut" + Repeat(" more word", 20));
  CHECK(Only(res, RecordType::kScholarship, "name", "Counselors").id == "s-f6c246908e9ed591");
  CHECK(Only(res, RecordType::kScholarship, "name", "Second").id == "s-988ed930120ea80f");
  CHECK(Only(res, RecordType::kReview, "author", "Pat").id == "r-695ecef10db13685");
  const Record& provider = Only(res, RecordType::kProvider, "name", "Acme");
  CHECK(MatchKey(provider) == "provider|acme s ce");
  CHECK(provider.id == clients.fields.at("provider").at("id"));
}

// Every string in `j` as matching reads it: the page a straight-quoted source serves.
Json Straight(Json j) {
  if (j.is_string()) return AsciiPunctuation(j.get<std::string>());
  if (j.is_array() || j.is_object()) {
    for (Json& v : j) v = Straight(v);
  }
  return j;
}

TEST_CASE("a course keeps its publisher's typography in every text field") {
  Json fields = {{"title", kClients},
                 {"description",
                  "Three parts \xE2\x80\x93 each with \xE2\x80\x9C"
                  "homework\xE2\x80\x9D\xE2\x80\xA6"},
                 {"presenters",
                  "Pat O\xE2\x80\x99"
                  "Brien, PhD and Lee Ng"},
                 {"ce_hours",
                  "3\xE2\x80\x93"
                  "4 CE hours"},
                 {"price", "$29 \xE2\x80\x93 $39"},
                 {"start_date", "Mar 15 \xE2\x80\x93 16, 2027"},
                 {"format",
                  "In-Person \xE2\x80\x93 Coeur d\xE2\x80\x99"
                  "Alene, ID 83814\xE2\x80\x93"
                  "1234"},
                 {"topics", "Trauma\xE2\x80\x94Informed Care; Law \xE2\x80\x93 Ethics"},
                 {"provider", kProvider}};
  auto res =
      RepoNormaliser().Normalise({TypoRaw("course", fields, "https://acme.example/c/1")}, "acme");
  REQUIRE(res.records.size() == 2);
  Record c = res.records[0];  // a copy: a missing field reads as null
  CHECK(c.fields["title"] == kClients);
  CHECK(c.fields["description"] ==
        "Three parts \xE2\x80\x93 each with \xE2\x80\x9C"
        "homework\xE2\x80\x9D\xE2\x80\xA6");
  CHECK(c.fields["presenters"] == Json::array({"Pat O\xE2\x80\x99"
                                               "Brien, PhD",
                                               "Lee Ng"}));
  CHECK(c.fields["credit_note"] ==
        "3\xE2\x80\x93"
        "4 CE hours");
  CHECK(c.fields["price"]["note"] == "$29 \xE2\x80\x93 $39");
  CHECK(c.fields["location"] == Json({{"city",
                                       "Coeur d\xE2\x80\x99"
                                       "Alene"},
                                      {"state", "ID"},
                                      {"country", "US"}}));
  CHECK(c.fields["provider"]["name"] == "Acme\xE2\x80\x99s CE");
  CHECK(res.records[1].fields.value("name", "") == "Acme\xE2\x80\x99s CE");

  // Matching read it all as ASCII: the same page with straight punctuation gives
  // the same ids, keys and values, and only the text differs.
  auto straight = RepoNormaliser().Normalise(
      {TypoRaw("course", Straight(fields), "https://acme.example/c/1")}, "acme");
  REQUIRE(straight.records.size() == 2);
  Record s = straight.records[0];
  CHECK(s.id == c.id);
  CHECK(MatchKey(s) == MatchKey(c));
  CHECK(straight.records[1].id == res.records[1].id);
  CHECK(Straight(c.fields) == s.fields);
  CHECK(res.diagnostics.size() == straight.diagnostics.size());
  // What the patterns made of it: a range of credit gives its maximum (issue 19).
  CHECK(c.fields["ce_hours"] == 4);
  CHECK(c.fields["price"]["amount"] == 29);
  CHECK(c.fields["start_date"] == "2027-03-15");
  CHECK(c.fields["end_date"] == "2027-03-16");
  CHECK(c.fields["format"] == "in_person");
  CHECK(c.fields["topics"] == Json::array({"ethics", "trauma"}));
}

TEST_CASE("hours, prices and dates read typographic dashes as they read ASCII ones") {
  const std::pair<const char*, const char*> kHours[] = {
      {"3\xE2\x80\x93"
       "4 CE hours",
       "3-4 CE hours"},
      {"1 \xE2\x80\x93 3 CE", "1 - 3 CE"},
      {"90\xE2\x80\x91minute workshop", "90-minute workshop"},
      {"6 CE \xE2\x80\x94 psychologists; 5.5 \xE2\x80\x94 counselors",
       "6 CE - psychologists; 5.5 - counselors"},
      {"\xE2\x80\x9CSix\xE2\x80\x9D contact hours", "\"Six\" contact hours"},
  };
  for (const auto& [typo, ascii] : kHours) {
    CAPTURE(typo);
    auto t = ParseContactHours(Json(typo), &testing::RepoVocabulary());
    auto a = ParseContactHours(Json(ascii), &testing::RepoVocabulary());
    REQUIRE(t.has_value() == a.has_value());
    if (t) {
      CHECK(t->hours == a->hours);
      CHECK(t->by_audience == a->by_audience);
    }
  }
  CHECK(ParseContactHours(Json("3\xE2\x80\x93"
                               "4 CE hours"))
            ->hours == 4);
  CHECK(ParseContactHours(Json("90\xE2\x80\x91minute workshop"))->hours == 1.5);

  const std::pair<const char*, const char*> kPrices[] = {
      {"$29 \xE2\x80\x93 $39", "$29 - $39"},
      {"Members \xE2\x80\x93 $19 / Non\xE2\x80\x91members \xE2\x80\x93 $39",
       "Members - $19 / Non-members - $39"},
      {"FREE \xE2\x80\x94 CE certificate $10", "FREE - CE certificate $10"},
  };
  for (const auto& [typo, ascii] : kPrices) {
    CAPTURE(typo);
    auto t = ParsePrice(Json(typo));
    auto a = ParsePrice(Json(ascii));
    REQUIRE(t.has_value());
    REQUIRE(a.has_value());
    CHECK(t->amount == a->amount);
    CHECK(t->free == a->free);
    CHECK(t->currency == a->currency);
    CHECK(AsciiPunctuation(t->note) == a->note);
  }
  CHECK(ParsePrice(Json("$29 \xE2\x80\x93 $39"))->amount == 29);

  const std::pair<const char*, const char*> kDates[] = {
      {"March 30 \xE2\x80\x93 April 2, 2027", "March 30 - April 2, 2027"},
      {"03/15/2027 \xE2\x80\x94 03/16/2027", "03/15/2027 - 03/16/2027"},
      {"March 15, 2027, 1:00 PM \xE2\x80\x93 4:00 PM EST", "March 15, 2027, 1:00 PM - 4:00 PM EST"},
  };
  for (const auto& [typo, ascii] : kDates) {
    CAPTURE(typo);
    auto t = ParseDate(Json(typo));
    auto a = ParseDate(Json(ascii));
    REQUIRE(t.has_value());
    REQUIRE(a.has_value());
    CHECK(t->start == a->start);
    CHECK(t->end == a->end);
    CHECK_FALSE(t->end.empty());
  }
}

TEST_CASE("a cut text keeps its typography and is cut where matching cuts it") {
  struct Case {
    std::string text;
    std::size_t max;
    std::string plain, match;
  };
  const Case kCases[] = {
      // Fits as matching reads it (14 bytes there, 18 as published): not cut.
      {"\xE2\x80\x9CStuck\xE2\x80\x9D Points", 14, "\xE2\x80\x9CStuck\xE2\x80\x9D Points",
       "\"Stuck\" Points"},
      {"\xE2\x80\x9CStuck\xE2\x80\x9D Points and More", 16,
       "\xE2\x80\x9CStuck\xE2\x80\x9D Points...", "\"Stuck\" Points..."},
      // Cut inside an ellipsis: matching keeps a dot or two, the text none of it.
      {"Abcdefghij\xE2\x80\xA6xyz", 11, "Abcdefghij...", "Abcdefghij...."},
      {"One two\xE2\x80\x94three four", 12, "One two\xE2\x80\x94thre...", "One two-thre..."},
      {"caf\xC3\xA9\xC3\xA9\xC3\xA9", 4, "caf...", "caf..."},
  };
  for (const Case& c : kCases) {
    CAPTURE(c.text, c.max);
    CHECK(PlainText(c.text, c.max) == c.plain);
    CHECK(MatchText(c.text, c.max) == c.match);
    CHECK(Fold(PlainText(c.text, c.max)) == Fold(MatchText(c.text, c.max)));
  }
}

TEST_CASE("AsPublished gives back the typography of what matching found") {
  const std::string published =
      "In-Person \xE2\x80\x93 Coeur d\xE2\x80\x99"
      "Alene, ID";
  CHECK(AsPublished(published, "Coeur d'Alene") ==
        "Coeur d\xE2\x80\x99"
        "Alene");
  CHECK(AsPublished(published, "- Coeur") == "\xE2\x80\x93 Coeur");
  CHECK(AsPublished(published, "Boise") == "Boise");
  CHECK(AsPublished(published, "") == "");
  // Never half an ellipsis: "Wait.." is not a piece of "Wait…".
  CHECK(AsPublished("Wait\xE2\x80\xA6 now", "Wait..") == "Wait..");
  CHECK(AsPublished("Wait\xE2\x80\xA6 now", "Wait...") == "Wait\xE2\x80\xA6");
}

TEST_CASE("provider names keep their typography without their approval wording") {
  const std::pair<const char*, const char*> kNames[] = {
      {"Acme\xE2\x80\x99s CE \xE2\x80\x93 Provider #1234", "Acme\xE2\x80\x99s CE"},
      {"\xE2\x80\x9C"
       "Acme\xE2\x80\x9D CE (NBCC ACEP No. 6789)",
       "\xE2\x80\x9C"
       "Acme\xE2\x80\x9D CE"},
      {"Acme CE \xE2\x80\x94 an NBCC Approved Continuing Education Provider", "Acme CE"},
      {"Acme CE #SW\xE2\x80\x91"
       "0123",
       "Acme CE"},
      {"O\xE2\x80\x99"
       "Brien Institute",
       "O\xE2\x80\x99"
       "Brien Institute"},
  };
  for (const auto& [name, clean] : kNames) {
    CAPTURE(name);
    CHECK(CleanProviderName(name) == clean);
    CHECK(ProviderNameKey(name) == ProviderNameKey(AsciiPunctuation(name)));
  }
}

TEST_CASE("one presenter written with a curly and a straight apostrophe is listed once") {
  Record a, b;
  a.type = b.type = RecordType::kCourse;
  a.sources = {"acme"};
  b.sources = {"hub"};
  a.fields = {{"title", kClients},
              {"presenters",
               {"Pat O\xE2\x80\x99"
                "Brien, PhD"}}};
  b.fields = {{"title", AsciiPunctuation(kClients)},
              {"presenters", {"Pat O'Brien, PhD", "Lee Ng"}}};
  Record merged = MergeRecords(a, b);
  CHECK(merged.fields["title"] == kClients);
  CHECK(merged.fields["presenters"] == Json::array({"Pat O\xE2\x80\x99"
                                                    "Brien, PhD",
                                                    "Lee Ng"}));
  auto res = RepoNormaliser().Normalise({TypoRaw("course",
                                                 {{"title", "A"},
                                                  {"presenters",
                                                   "Pat O\xE2\x80\x99"
                                                   "Brien; Pat O'Brien"}},
                                                 "https://acme.example/a")},
                                        "acme");
  REQUIRE(res.records.size() == 1);
  CHECK(res.records[0].fields["presenters"] == Json::array({"Pat O\xE2\x80\x99"
                                                            "Brien"}));
}

}  // namespace
}  // namespace cecat::normalise
