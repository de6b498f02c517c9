// Typography (issue 17, item 7): titles, descriptions and names keep the curly
// quotes, dashes and ellipses their publisher wrote; ids, match keys and every
// pattern read them as ASCII, as they always did. The ids and keys below were
// computed by cecat before it kept typography: no existing record's id or dedup
// key may move.
#include <catch2/catch.hpp>

#include "normalise/dedup.h"
#include "normalise/normalise.h"
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

RawRecord Raw(std::string kind, Json fields, std::string page = "https://site.example/list") {
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
      {Raw("course", {{"title", kClients}, {"provider", kProvider}}),
       Raw("course", {{"title", kTrauma}, {"provider", kProvider}}),
       // Cut by matching (302 bytes there, 394 as published) and not (265 and 345).
       Raw("course", {{"title", LongTitle("Cut", 23)}, {"provider", kProvider}}),
       Raw("course", {{"title", LongTitle("Uncut", 20)}, {"provider", kProvider}}),
       Raw("scholarship", {{"name",
                            "Counselors\xE2\x80\x99 \xE2\x80\x9C"
                            "Bridge\xE2\x80\x9D Award"}}),
       Raw("scholarship", {{"name", "Second Award \xE2\x80\x94 2027"}}),
       Raw("review", {{"target", "https://site.example/c/1"},
                      {"title",
                       "\xE2\x80\x9CLife\xE2\x80\x93"
                       "changing\xE2\x80\x9D"},
                      {"author",
                       "Pat O\xE2\x80\x99"
                       "Brien"},
                      {"text", "Worth it\xE2\x80\xA6 the \xE2\x80\x98homework\xE2\x80\x99 too."},
                      {"rating", 5}}),
       Raw("review", {{"target", "https://site.example/c/1"}, {"text", "Fine."}, {"rating", 4}})},
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

}  // namespace
}  // namespace cecat::normalise
