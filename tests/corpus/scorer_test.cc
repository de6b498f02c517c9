// The corpus scorer's own rules (tests/corpus/scorer.h): matching and field
// comparison, so that a figure it prints means what docs/extraction.md says.
#include <catch2/catch.hpp>

#include "tests/corpus/scorer.h"

using cecat::corpus::FieldEq;
using cecat::corpus::Json;
using cecat::corpus::ScorePage;

TEST_CASE("Scorer matches records by type and URL, else by type and title") {
  Json labels = Json::parse(R"([
    {"type": "course", "url": "https://a.example/c/1", "title": "Ethics"},
    {"type": "course", "title": "Grief Work"},
    {"type": "provider", "name": "Acme"}])");
  Json produced = Json::parse(R"([
    {"type": "course", "url": "https://A.example/c/1#top", "title": "Ethics, renamed"},
    {"type": "course", "url": "https://a.example/list", "title": "grief  work"},
    {"type": "review", "title": "Acme"}])");
  auto s = ScorePage("p", labels, produced);
  CHECK(s.tally.matched == 2);
  CHECK(s.tally.labelled == 3);
  CHECK(s.tally.produced == 3);
  REQUIRE(s.missing.size() == 1);
  CHECK(s.missing[0] == "provider 'Acme'");
  REQUIRE(s.unexpected.size() == 1);
  CHECK(s.tally.Precision() == Approx(2.0 / 3));
}

TEST_CASE("Scorer counts a scored field left out of a label as expected absent") {
  Json labels = Json::parse(R"([{"type": "course", "url": "https://a.example/c", "title": "T"}])");
  Json produced = Json::parse(
      R"([{"type": "course", "url": "https://a.example/c", "title": "T", "ce_hours": 3}])");
  auto s = ScorePage("p", labels, produced);
  REQUIRE(s.wrong.size() == 1);
  CHECK(s.wrong[0].field == "ce_hours");
  CHECK(s.wrong[0].expected.is_null());
  // Optional fields (topics) are scored only where labelled.
  produced[0].erase("ce_hours");
  produced[0]["topics"] = {"ethics"};
  CHECK(ScorePage("p", labels, produced).wrong.empty());
}

TEST_CASE("Scorer compares lists as sets and values as normalised") {
  CHECK(FieldEq("course", "audiences", Json{"counselor", "mft"}, Json{"mft", "counselor"}));
  CHECK_FALSE(FieldEq("course", "audiences", Json{"counselor"}, Json{"counselor", "mft"}));
  Json a = Json::parse(R"([{"body": "NBCC", "number": "6999"}, {"body": "APA", "number": null}])");
  Json b = Json::parse(R"([{"body": "APA", "number": null, "scope": ["psychologist"]},
                           {"body": "NBCC", "number": "6999"}])");
  CHECK(FieldEq("course", "approvals", a, b));
  b[1]["number"] = "6998";
  CHECK_FALSE(FieldEq("course", "approvals", a, b));
  CHECK(FieldEq("course", "price", Json::parse(R"({"amount": 0, "currency": "USD", "free": true})"),
                Json::parse(R"({"amount": 0, "currency": "USD", "free": true, "note": "Free"})")));
  CHECK_FALSE(FieldEq("course", "price", Json::parse(R"({"amount": 29, "currency": "USD"})"),
                      Json::parse(R"({"amount": 39, "currency": "USD", "free": false})")));
  CHECK(FieldEq("course", "ce_hours", 1.5, 1.5));
  CHECK_FALSE(FieldEq("course", "ce_hours", 1.5, 15));
  CHECK(
      FieldEq("course", "provider", "Acme CE", Json::parse(R"({"id": "p-1", "name": "Acme CE"})")));
  CHECK(FieldEq("course", "topics", nullptr, Json::array()));
  CHECK_FALSE(FieldEq("course", "format", "live_online", nullptr));
}

TEST_CASE("Scorer reads an empty text or list as absent") {
  CHECK(FieldEq("provider", "url", nullptr, ""));
  CHECK(FieldEq("course", "approvals", Json::array(), nullptr));
  CHECK_FALSE(FieldEq("provider", "url", "https://a.example/", ""));
}
