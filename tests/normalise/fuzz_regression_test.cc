// Hostile input for the normalisers, found by fuzzing or by the issue 10 review
// (docs/security.md), kept in the normal suite.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "normalise/hours.h"
#include "normalise/normalise.h"
#include "normalise/text.h"
#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

// CMS plugins often write JSON-LD descriptions as escaped HTML; decoding the
// entities produced tags, which reached the feed (SPEC: no markup in the feed).
TEST_CASE("review: escaped markup does not reach the feed as tags") {
  CHECK(PlainText("&lt;p&gt;Learn &lt;b&gt;CBT&lt;/b&gt; skills.&lt;/p&gt;") ==
        "Learn CBT skills.");
  // Escaped twice: decoded once, it is escaped text, not markup.
  CHECK(PlainText("&amp;lt;i&amp;gt;Ethics").find('<') == std::string::npos);
  // Not tags: kept as the text they are.
  CHECK(PlainText("a &lt; b and &lt;3") == "a < b and <3");
  CHECK(PlainText("Ages 5 &gt; 3") == "Ages 5 > 3");

  RawRecord raw;
  raw.kind = "course";
  raw.page_url = "https://ce.example.org/courses/ethics";
  raw.fields =
      Json{{"title", "&lt;h1&gt;Ethics&lt;/h1&gt;"},
           {"description", "&lt;p&gt;Boundaries &lt;em&gt;and&lt;/em&gt; telehealth&lt;/p&gt;"}};
  NormaliseResult res = testing::RepoNormaliser().Normalise({raw}, "src");
  REQUIRE_FALSE(res.records.empty());
  const Json& f = res.records[0].fields;
  CHECK(f.value("title", "") == "Ethics");
  CHECK(f.value("description", "") == "Boundaries and telehealth");
}

// fuzz_normalise_vocab: a control character between "<" and a name kept the text
// from being a tag until the record's controls were dropped, after the tags were.
TEST_CASE("fuzz: a control character dropped from text does not make a tag") {
  CHECK(PlainText("e.<\x0f"
                  "c2027-03-p>1ten") == "e. 1ten");
  CHECK(PlainText("e.<&#15;b>bold</b>") == "e.bold");
  CHECK(PlainText("e.&lt;\x01"
                  "p&gt;x") == "e. x");
  CHECK(PlainText("a <\x0f 3") == "a < 3");

  RawRecord raw;
  raw.kind = "course";
  raw.page_url = "https://ce.example.org/courses/ethics";
  raw.fields = Json{{"title", "Ethics"},
                    {"credit_note",
                     "c<p>U.Sled full-ti-;e.<\x0f"
                     "c2027-03-p>1ten9:00:00-0"}};
  NormaliseResult res = testing::RepoNormaliser().Normalise({raw}, "src");
  REQUIRE_FALSE(res.records.empty());
  std::string note = res.records[0].fields.value("credit_note", "");
  CHECK(note.find('<') == std::string::npos);
  CHECK(note.find("1ten") != std::string::npos);
}

// StripTags lower-cased the rest of the text for every <script>/<style> it
// skipped: quadratic in the number of such tags.
TEST_CASE("review: many script tags are stripped in linear time") {
  std::string html;
  for (int i = 0; i < 20000; ++i) html += "<script>x</SCRIPT>";
  html += "kept";
  auto start = std::chrono::steady_clock::now();
  CHECK(StripTags(html).find("kept") != std::string::npos);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  CHECK(ms < 2000);
}

}  // namespace
}  // namespace cecat::normalise

namespace cecat::normalise {
namespace {

// fuzz_normalise_vocab: an approval statement with U+FFFD next to a body's
// acronym came out of normalisation as invalid UTF-8, and serialising the record
// (the feed export) threw.
TEST_CASE("fuzz: every normalised record serialises, whatever its text") {
  const Normaliser& normaliser = testing::RepoNormaliser();
  std::string text = ValidUtf8(std::string(
      "Acme CE has been approved by NBCC\xe0\x9e\x8c\xdf\x9e\x91\xdf\xbcpproved Continuing "
      "Education Provider, ACEP No. 3499."));
  for (const char* kind : {"course", "provider", "approval", "scholarship", "review"}) {
    RawRecord raw;
    raw.kind = kind;
    raw.page_url = "https://fuzz.example/courses/";
    for (const char* field : {"title", "description", "provider", "approvals", "statement", "name",
                              "credit_note", "format", "audiences", "topics"}) {
      raw.fields[field] = text;
    }
    raw.fields["url"] = "https://fuzz.example/courses/1";
    NormaliseResult result = normaliser.Normalise({raw}, "fuzz");
    for (const Record& r : result.records) CHECK_NOTHROW(r.fields.dump());
    for (const Reject& r : result.rejects) CHECK_NOTHROW(r.raw.dump());
  }
}

}  // namespace
}  // namespace cecat::normalise

namespace cecat::normalise {
namespace {

// fuzz_normalise_values: ValidUtf8 let an overlong three-byte form (E0 9E 8F) and
// surrogates through; serialising the text then threw.
TEST_CASE("fuzz: ValidUtf8 rejects overlong forms and surrogates") {
  for (std::string bad : {std::string("o\xE0\x9E\x8Fn"), std::string("a\xED\xA0\x80z"),
                          std::string("\xC4\xDF\x90\x8F\xA2")}) {
    std::string fixed = ValidUtf8(bad);
    CHECK_NOTHROW(Json(fixed).dump());
  }
  CHECK(ValidUtf8("caf\xC3\xA9") == "caf\xC3\xA9");
}

// fuzz_normalise_values, 10-minute run: a number of hours checked before rounding.
// 2.02e-7 is above 0 but rounds to 0: a course of "0 contact hours".
TEST_CASE("fuzz: a tiny number of hours is no hours, not 0 hours") {
  CHECK_FALSE(ParseContactHours(Json(202e-9)).has_value());
  CHECK_FALSE(ParseContactHours(Json(0.004)).has_value());
  auto small = ParseContactHours(Json(0.006));
  REQUIRE(small.has_value());
  CHECK(small->hours > 0);
  auto h = ParseContactHours(Json(1.5));
  REQUIRE(h.has_value());
  CHECK(h->hours == 1.5);
}

// CI's short run of fuzz_normalise_values: "&#\u20131;" is no character reference,
// but its match form "&#-1;" was read as one (strtoul takes a sign), so the match
// key of a title depended on whether its publisher typed a dash or a hyphen.
TEST_CASE("fuzz: a numeric character reference is digits only") {
  CHECK(DecodeEntities("&#-1;") == "&#-1;");
  CHECK(DecodeEntities("&#+49;") == "&#+49;");
  CHECK(DecodeEntities("&# 49;") == "&# 49;");
  CHECK(DecodeEntities("&#x-31;") == "&#x-31;");
  CHECK(DecodeEntities("&#49;&#x32;&#X33;") == "123");
  const std::string title =
      "cre tf&eacute; &#\xE2\x80\x93"
      "1; &#x201te4;s alno";
  for (std::size_t max : {std::size_t{0}, std::size_t{7}, std::size_t{40}}) {
    CHECK(Fold(PlainText(title, max)) == Fold(MatchText(title, max)));
  }
}

}  // namespace
}  // namespace cecat::normalise
