// Formats as real pages write them (issue 19, "Field values written out"): the
// phrases, and the format read from context (a date beside "Online", a date field
// that says "Self-paced"). The wording is modelled on provider
// and aggregator pages; the text is our own. docs/extraction.md gives the counts of
// these cases that failed before the fix.
#include <catch2/catch.hpp>

#include <algorithm>

#include "normalise/format.h"
#include "normalise/normalise.h"
#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

using testing::RepoNormaliser;
using testing::RepoVocabulary;

// DOMAIN.md "Formats". Each phrase on its own, without a date beside it.
TEST_CASE("format phrases as providers write them") {
  struct Case {
    const char* text;
    const char* format;
  };
  const Case kCases[] = {
      {"Self-paced", "on_demand"},
      {"Self Paced Online Course", "on_demand"},
      {"On Demand", "on_demand"},
      {"On-Demand Webinar", "on_demand"},
      {"Recorded", "on_demand"},
      {"Webinar (recorded)", "on_demand"},
      {"Home Study", "on_demand"},
      {"Home-study course (text-based)", "on_demand"},
      {"Anytime", "on_demand"},
      {"Anytime access", "on_demand"},
      {"Available 24/7", "on_demand"},
      {"Correspondence", "on_demand"},
      {"Pre-recorded video", "on_demand"},
      {"Live Webinar", "live_online"},
      {"Virtual Live", "live_online"},
      {"Virtual - Live via Zoom", "live_online"},
      {"Zoom", "live_online"},
      {"Live Interactive Webinar", "live_online"},
      {"Online Live", "live_online"},
      {"Live online (synchronous)", "live_online"},
      {"In-Person", "in_person"},
      {"In-person workshop - Denver, CO", "in_person"},
      {"Face-to-Face", "in_person"},
      {"Hybrid", "hybrid"},
      {"In person & livestreamed", "hybrid"},
      {"Attend in person or via Zoom", "hybrid"},
      {"Online", "on_demand"},
      {"Online / In-Person", "hybrid"},
      {"In person | Online", "hybrid"},
      {"Onsite or online", "hybrid"},
      {"In-person workshop, online handouts", "in_person"},
  };
  int failed = 0;
  for (const auto& c : kCases) {
    INFO("text: " << c.text);
    auto f = ParseFormat(Json(c.text), RepoVocabulary());
    if (f) INFO("got " << f->format << " (" << f->understood << ")");
    bool ok = f && f->format == c.format;
    CHECK(ok);
    failed += !ok;
  }
  WARN("format phrases failing: " << failed << " of " << std::size(kCases));
  // schema.org courseMode as a list of the ways offered.
  auto both = ParseFormat(Json::array({"online", "onsite"}), RepoVocabulary());
  REQUIRE(both.has_value());
  CHECK(both->format == "hybrid");
}

RawRecord FormatCourse(Json fields) {
  RawRecord r;
  r.kind = "course";
  r.page_url = "https://ce.example.org/courses/grief";
  r.fields = std::move(fields);
  return r;
}

// A session with a date is held at that time; a date field that names a way of
// attending is a format, not a date that failed.
TEST_CASE("format from context: dates beside the format and formats in date fields") {
  struct Case {
    Json fields;
    const char* format;      // "" when no format
    const char* start_date;  // "" when none
  };
  const Case kCases[] = {
      {{{"format", "Online"}, {"start_date", "March 15, 2027"}}, "live_online", "2027-03-15"},
      {{{"format", "Online"}, {"start_date", "Thu, Apr 8, 2027 1:00 PM ET"}},
       "live_online",
       "2027-04-08T13:00:00-04:00"},
      {{{"courseMode", "online"}, {"startDate", "2027-05-01"}}, "live_online", "2027-05-01"},
      {{{"format", "Online course"}, {"date", "06/12/2027"}}, "live_online", "2027-06-12"},
      {{{"format", "Online"}}, "on_demand", ""},
      {{{"format", "Self-paced online"}, {"start_date", "2027-01-01"}}, "on_demand", "2027-01-01"},
      {{{"format", "Online"}, {"start_date", "Self paced"}}, "on_demand", ""},
      {{{"start_date", "Self-Paced"}}, "on_demand", ""},
      {{{"start_date", "On demand"}}, "on_demand", ""},
      {{{"date", "Ongoing"}}, "on_demand", ""},
      {{{"date", "Anytime"}}, "on_demand", ""},
      {{{"start_date", "Available on demand"}}, "on_demand", ""},
      {{{"start_date", "Start anytime - self-paced"}}, "on_demand", ""},
      {{{"format", "Webinar"}, {"start_date", "On-demand"}}, "on_demand", ""},
      {{{"format", "Online"}, {"dates", "Recorded on March 3, 2025"}}, "on_demand", ""},
      {{{"format", "Live Webinar"}, {"start_date", "Ongoing"}}, "live_online", ""},
      {{{"start_date", "Self paced"}, {"end_date", "Ongoing"}}, "on_demand", ""},
  };
  int failed = 0;
  for (const auto& c : kCases) {
    INFO("fields: " << c.fields.dump());
    Json fields = c.fields;
    fields["title"] = "Grief and Loss Across the Lifespan";
    auto res = RepoNormaliser().Normalise({FormatCourse(fields)}, "acme");
    REQUIRE(res.records.size() == 1);
    const Json& f = res.records[0].fields;
    INFO("got " << f.dump());
    INFO("diagnostics " << Json(res.diagnostics).dump());
    bool ok = f.value("format", "") == std::string(c.format) &&
              f.value("start_date", "") == std::string(c.start_date) && res.diagnostics.empty() &&
              res.rejects.empty();
    CHECK(ok);
    failed += !ok;
  }
  WARN("format from context failing: " << failed << " of " << std::size(kCases));
}

TEST_CASE("a format read from context says so in its provenance") {
  RawRecord live =
      FormatCourse({{"title", "Grief Work"}, {"format", "Online"}, {"date", "2027-05-01"}});
  live.provenance = {{"format", "rule:.mode"}, {"date", "rule:.when"}};
  auto res = RepoNormaliser().Normalise({live}, "acme");
  REQUIRE(res.records.size() == 1);
  CHECK(res.records[0].provenance.at("format") ==
        "rule:.mode + rule:.when (online with a session date: live)");
  RawRecord paced = FormatCourse({{"title", "Grief Work"}, {"start_date", "Self-paced"}});
  res = RepoNormaliser().Normalise({paced}, "acme");
  REQUIRE(res.records.size() == 1);
  CHECK(res.records[0].provenance.at("format") ==
        "raw:start_date (the date field names the format)");
}

// "Available until December 31, 2027" in a start date field is when access ends:
// reading it as the start made a self-paced course look like a session that day.
TEST_CASE("a start date field that says until when is the end of availability") {
  struct Case {
    Json fields;
    const char* format;
    const char* end_date;
  };
  const Case kCases[] = {
      {{{"start_date", "Available until December 31, 2027"}}, "", "2027-12-31"},
      {{{"format", "Online"}, {"start_date", "Access expires 12/31/2027"}},
       "on_demand",
       "2027-12-31"},
      {{{"format", "Online"}, {"date", "Offered through 6/30/2027"}}, "on_demand", "2027-06-30"},
  };
  for (const auto& c : kCases) {
    INFO("fields: " << c.fields.dump());
    Json fields = c.fields;
    fields["title"] = "Grief and Loss Across the Lifespan";
    auto res = RepoNormaliser().Normalise({FormatCourse(fields)}, "acme");
    REQUIRE(res.records.size() == 1);
    const Json& f = res.records[0].fields;
    INFO("got " << f.dump());
    CHECK(f.value("format", "") == std::string(c.format));
    CHECK_FALSE(f.contains("start_date"));
    CHECK(f.value("end_date", "") == std::string(c.end_date));
    CHECK(res.diagnostics.empty());
  }
  // A range keeps its start: "through" between two dates is not "until".
  auto res = RepoNormaliser().Normalise(
      {FormatCourse({{"title", "Grief"}, {"start_date", "April 8 through April 10, 2027"}})},
      "acme");
  REQUIRE(res.records.size() == 1);
  CHECK(res.records[0].fields.value("start_date", "") == "2027-04-08");
  CHECK(res.records[0].fields.value("end_date", "") == "2027-04-10");
}

}  // namespace
}  // namespace cecat::normalise
