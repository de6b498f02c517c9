#include "normalise/rating.h"
#include "normalise/text.h"

#include <catch2/catch.hpp>

namespace cecat::normalise {
namespace {

TEST_CASE("ratings on any scale become 0-5") {
  struct Case {
    Json input;
    double average;
    long count;
  };
  const Case kCases[] = {
      {4.5, 4.5, -1},
      {"4.5", 4.5, -1},
      {"4.5 out of 5", 4.5, -1},
      {"4.5 out of 5 stars", 4.5, -1},
      {"9/10", 4.5, -1},
      {"90%", 4.5, -1},
      {"96% positive", 4.8, -1},
      {"4 stars", 4, -1},
      {"\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x86", 4, -1},
      {{{"@type", "AggregateRating"}, {"ratingValue", "4.8"}, {"reviewCount", "120"}}, 4.8, 120},
      {{{"ratingValue", 9}, {"bestRating", 10}, {"ratingCount", 35}}, 4.5, 35},
      {{{"ratingValue", "87"}, {"bestRating", "100"}}, 4.35, -1},
      {{{"value", 4.5}, {"best", 5}, {"count", 12}}, 4.5, 12},
      {{{"value", "90%"}}, 4.5, -1},
      {{{"@type", "Review"}, {"reviewRating", {{"ratingValue", 5}}}}, 5, -1},
      {{{"ratingValue", 3}, {"bestRating", 5}, {"worstRating", 1}}, 3, -1},
      {"4.9/5 (230 reviews)", 4.9, 230},
      {"Rated 4.7 stars by 1,300 learners", 4.7, 1300},
      {{{"ratingValue", "4,8"}, {"ratingCount", "1,024"}}, 4.8, 1024},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input.dump());
    auto r = ParseRating(c.input);
    REQUIRE(r.has_value());
    CHECK(r->average == Approx(c.average));
    CHECK(r->count == c.count);
  }
  for (const Json& bad :
       {Json(7), Json("6 out of 5"), Json("excellent"), Json(""), Json(nullptr),
        Json({{"ratingValue", 11}, {"bestRating", 10}}), Json({{"count", 3}}), Json("120%")}) {
    INFO("input: " << bad.dump());
    CHECK_FALSE(ParseRating(bad).has_value());
  }
  CHECK(RatingToJson(Rating{4.5, 12, ""}) == Json({{"average", 4.5}, {"count", 12}}));
  CHECK(RatingToJson(Rating{4.5, -1, ""}) == Json({{"average", 4.5}}));
}

TEST_CASE("text from pages becomes one clean line") {
  struct Case {
    std::string input;
    std::string plain;
  };
  const Case kCases[] = {
      {"Ethics &amp; Boundaries", "Ethics & Boundaries"},
      {"Ethics &amp;amp; Boundaries", "Ethics & Boundaries"},
      // Typography is kept (issue 17, item 7); MatchText reads it as ASCII (below).
      {"Caf&eacute; &#8211; &#x2014; &rsquo;",
       "Caf\xC3\xA9 \xE2\x80\x93 \xE2\x80\x94 \xE2\x80\x99"},
      {"<p>Learn   the <b>rules</b>.</p><p>Then\napply them.</p>",
       "Learn the rules. Then apply them."},
      {"A<br>B", "A B"},
      {"<script>var x = '<p>';</script>Visible<style>p{}</style>", "Visible"},
      {"<!-- hidden -->Shown", "Shown"},
      {"a < b and c > d", "a < b and c > d"},
      {"Unknown &bogus; entity & lone", "Unknown &bogus; entity & lone"},
      {"\xC2\xA0Non\xC2\xA0"
       "breaking\xE2\x80\x89spaces ",
       "Non breaking spaces"},
      {"\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\xA6",
       "\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\xA6"},
      {"Unterminated <b tag", "Unterminated"},
  };
  for (const auto& c : kCases) {
    INFO("input: " << c.input);
    CHECK(PlainText(c.input) == c.plain);
  }
  CHECK(MatchText("Caf&eacute; &#8211; &#x2014; &rsquo;") == "Caf\xC3\xA9 - - '");
  CHECK(MatchText("\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\xA6") == "\"Quoted\" ...");
  CHECK(PlainText("one two three four", 9) == "one two...");
  CHECK(PlainText("caf\xC3\xA9\xC3\xA9\xC3\xA9", 4) == "caf...");  // never inside a UTF-8 sequence
  CHECK(Fold("Law &amp; Ethics: CA-LMFTs!") == "law and ethics ca lmfts");
  CHECK(ContainsPhrase("ethics for lpcs", "lpc"));
  CHECK_FALSE(ContainsPhrase("ethics for lpcc", "lpc"));
  CHECK(ValueText(Json({{"@type", "Person"}, {"name", "Jane Roe"}})) == "Jane Roe");
  CHECK(ValueText(Json::array({"a", 1.5, nullptr})) == "a, 1.5");
  CHECK(ValueList(Json("Ethics, Telehealth; Grief and Loss")) ==
        std::vector<std::string>{"Ethics", "Telehealth", "Grief", "Loss"});
  CHECK(ParseDecimal("1,299.00") == 1299);
  CHECK(ParseDecimal("5,5") == 5.5);
  CHECK_FALSE(ParseDecimal("12a").has_value());
  CHECK(FormatNumber(6) == "6");
  CHECK(FormatNumber(1.5) == "1.5");
  CHECK(Round2(0.6 * 10) == 6);
}

}  // namespace
}  // namespace cecat::normalise
