#include "common/diagnostic.h"

#include <catch2/catch.hpp>

using cecat::Diagnostic;
using cecat::DiagnosticList;
using cecat::Json;
using Severity = cecat::Diagnostic::Severity;

TEST_CASE("a diagnostic reads as url:line: where: message, leaving out what is unknown") {
  struct Case {
    Diagnostic d;
    const char* text;
  };
  const Case cases[] = {
      {{.where = "robots.txt", .url = "https://x.org/robots.txt", .line = 3, .message = "m"},
       "https://x.org/robots.txt:3: robots.txt: m"},
      {{.where = "jsonld[0]", .url = "https://x.org/a", .message = "not JSON"},
       "https://x.org/a: jsonld[0]: not JSON"},
      {{.where = "sitemap", .line = 7, .message = "entry without <loc> ignored"},
       "line 7: sitemap: entry without <loc> ignored"},
      {{.url = "robots.txt", .line = 2, .message = "m"}, "robots.txt:2: m"},
      {{.where = "normalise price", .message = "m"}, "normalise price: m"},
      {{.message = "just this"}, "just this"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(c.d.ToString() == c.text);
  }
}

TEST_CASE("a diagnostic's JSON has severity, where and message, and the place only when known") {
  Diagnostic bare{.severity = Severity::kInfo, .where = "jsonld[1]", .message = "repaired"};
  CHECK(bare.ToJson().dump() == R"({"message":"repaired","severity":"info","where":"jsonld[1]"})");
  Diagnostic full{.severity = Severity::kError,
                  .where = "sitemap",
                  .url = "https://x.org/s.xml",
                  .line = 4,
                  .offset = 120,
                  .message = "XML error"};
  CHECK(full.ToJson().dump() ==
        R"({"line":4,"message":"XML error","offset":120,"severity":"error",)"
        R"("url":"https://x.org/s.xml","where":"sitemap"})");
  // nlohmann finds to_json, so vectors of diagnostics serialise as they are.
  CHECK(Json(std::vector<Diagnostic>{bare, full}) == Json::array({bare.ToJson(), full.ToJson()}));
  CHECK(std::string(cecat::SeverityName(Severity::kWarning)) == "warning");
}

TEST_CASE("a diagnostic list keeps the first N and counts the rest in one summary") {
  DiagnosticList list(2);
  for (int i = 1; i <= 5; ++i) {
    list.Add({.severity = i == 4 ? Severity::kError : Severity::kWarning,
              .where = "sitemap",
              .line = i,
              .message = "problem " + std::to_string(i)});
  }
  CHECK(list.kept().size() == 2);
  CHECK(list.dropped() == 3);
  CHECK(list.total() == 5);
  std::vector<Diagnostic> taken = list.Take();
  REQUIRE(taken.size() == 3);
  CHECK(taken[0].message == "problem 1");
  CHECK(taken[1].message == "problem 2");
  // The summary sits where the first dropped one was, as bad as the worst dropped.
  CHECK(taken[2].ToString() == "line 3: sitemap: 3 more problems; only the first 2 are listed");
  CHECK(taken[2].severity == Severity::kError);
  CHECK(list.empty());
  CHECK(list.Take().empty());
}

TEST_CASE("a diagnostic list under its limit gives back exactly what was added") {
  DiagnosticList list(100);
  Diagnostic d{.where = "normalise price", .url = "https://x.org/c", .message = "m"};
  list.Add(d);
  CHECK(list.dropped() == 0);
  CHECK(list.Take() == std::vector<Diagnostic>{d});
}
