// The WHATWG URL Standard's own conformance cases (web-platform-tests
// url/resources/urltestdata.json, vendored in tests/data/wpt-url with its
// BSD-3-Clause licence). Every case is checked; the figure reported is that of the
// schemes cecat fetches or reads (docs/extraction.md, "Figures"): the cases whose
// input has the scheme http, https or file, or has no scheme and a base with one
// of them. Successes must give the href and every component the file gives;
// failures must fail.
#include <catch2/catch.hpp>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "common/ascii.h"
#include "common/url.h"
#include "common/whatwg_url.h"
#include "tests/support/test_support.h"

namespace {

// The scheme an input starts with, as the URL Standard reads it (after trimming
// C0 controls and spaces and dropping tabs and newlines), lower case; "" if none.
std::string SchemeOf(std::string_view s) {
  std::string t;
  for (char c : s) {
    if (c != '\t' && c != '\n' && c != '\r') t.push_back(c);
  }
  size_t b = 0;
  while (b < t.size() && static_cast<unsigned char>(t[b]) <= 0x20) ++b;
  t.erase(0, b);
  if (t.empty() || !std::isalpha(static_cast<unsigned char>(t[0]))) return "";
  for (size_t i = 1; i < t.size(); ++i) {
    char c = t[i];
    if (c == ':') return cecat::Lower(std::string_view(t).substr(0, i));
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return "";
    }
  }
  return "";
}

bool IsFetchedScheme(std::string_view s) { return s == "http" || s == "https" || s == "file"; }

}  // namespace

// URL Standard sections 3 to 4.5 (host, URL parsing, serialising), as browsers
// implement them.
TEST_CASE(
    "web-platform-tests: every URL case parses as the standard says, http, https and file "
    "counted") {
  std::ifstream file(cecat::testing::SourceDir() / "tests/data/wpt-url/urltestdata.json");
  REQUIRE(file);
  nlohmann::json cases = nlohmann::json::parse(file);
  int total = 0, passed = 0, failures = 0;  // http, https, file
  int all_total = 0, all_passed = 0;
  for (const nlohmann::json& c : cases) {
    if (!c.is_object()) continue;  // comments
    std::string input = c["input"];
    std::string base = c["base"].is_string() ? c["base"].get<std::string>() : "";
    std::string scheme = SchemeOf(input);
    bool fetched = IsFetchedScheme(scheme) || (scheme.empty() && IsFetchedScheme(SchemeOf(base)));
    ++all_total;
    total += fetched;
    INFO("input '" << input << "' base '" << base << "'");
    std::optional<cecat::UrlRecord> base_record;
    if (!base.empty()) {
      cecat::Result<cecat::UrlRecord> parsed = cecat::ParseUrlRecord(base);
      REQUIRE(parsed.ok());
      base_record = *parsed;
    }
    cecat::Result<cecat::UrlRecord> got =
        cecat::ParseUrlRecord(input, base_record ? &*base_record : nullptr);
    // cecat's own entry points must agree with the record.
    cecat::Result<cecat::Url> url =
        base.empty() ? cecat::ParseUrl(input) : cecat::ResolveUrl(*cecat::ParseUrl(base), input);
    if (c.value("failure", false)) {
      failures += fetched;
      CHECK_FALSE(got.ok());
      CHECK_FALSE(url.ok());
      if (!got.ok() && !url.ok()) {
        passed += fetched;
        ++all_passed;
      }
      continue;
    }
    if (!got.ok()) INFO("error: " << got.status().message());
    REQUIRE(got.ok());
    REQUIRE(url.ok());
    bool same = true;
    auto check = [&](const char* name, const std::string& value) {
      INFO(name);
      CHECK(value == c[name].get<std::string>());
      same = same && value == c[name].get<std::string>();
    };
    check("href", got->Href());
    check("protocol", got->Protocol());
    check("username", got->username);
    check("password", got->password);
    check("host", got->Host());
    check("hostname", got->Hostname());
    check("port", got->Port());
    check("pathname", got->Pathname());
    check("search", got->Search());
    check("hash", got->Hash());
    CHECK(url->Serialize() == got->Href());
    CHECK(url->host == got->Hostname());
    if (same && url->Serialize() == got->Href()) {
      passed += fetched;
      ++all_passed;
    }
  }
  std::cout << "web-platform-tests URL cases (http, https, file): " << passed << " of " << total
            << " pass (" << failures << " must fail); all schemes: " << all_passed << " of "
            << all_total << "\n";
  CHECK(passed == total);
  CHECK(all_passed == all_total);
  // The file's counts at the vendored commit: if these change, the selection did.
  CHECK(total == 580);
  CHECK(failures == 209);
  CHECK(all_total == 891);
}
