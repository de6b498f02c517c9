// Record detection on negatives: a generic schema.org Event that says it carries
// no CE credit is not a course (corpus page ng03_community_event).
#include <catch2/catch.hpp>

#include <string>

#include "parsers/extract.h"

using cecat::parsers::ExtractOptions;
using cecat::parsers::ExtractPage;

namespace {

int Courses(const std::string& type, const std::string& description, std::string* diags = nullptr) {
  std::string html =
      R"(<script type="application/ld+json">{"@context":"https://schema.org","@type":")" + type +
      R"(","name":"Walk for Mental Health","startDate":"2027-05-15","description":")" +
      description + R"("}</script>)";
  auto px = ExtractPage(html, "https://mha.example/events/walk", ExtractOptions{});
  if (diags != nullptr) {
    for (const auto& d : px.diagnostics) *diags += d.where + ": " + d.message + "\n";
  }
  int n = 0;
  for (const auto& r : px.records) n += r.kind == "course";
  return n;
}

}  // namespace

TEST_CASE("An Event that states it offers no CE credit gives no course, with a diagnostic") {
  const char* wordings[] = {
      "A 5K family walk. No continuing education credit is offered.",
      "Open house for families; no CE.",
      "CE credit is not offered for this event.",
      "Networking evening (not eligible for continuing education).",
  };
  for (const char* w : wordings) {
    CAPTURE(w);
    std::string diags;
    CHECK(Courses("Event", w, &diags) == 0);
    CHECK(diags == "jsonld[0]: an Event that states it offers no CE credit is not a course\n");
  }
}

TEST_CASE("Events that offer credit, or say nothing of it, stay courses") {
  CHECK(Courses("Event", "A workshop with 3 CE hours for counselors.") == 1);
  CHECK(Courses("Event", "A workshop on noticing cecity.") == 1);
  // An EducationEvent is education by its type; the wording check is for plain Events.
  CHECK(Courses("EducationEvent", "No CE credit is offered.") == 1);
}
