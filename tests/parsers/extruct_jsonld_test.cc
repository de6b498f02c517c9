// extruct's JSON-LD samples (tests/data/extruct, BSD-3-Clause, see its README)
// against our extraction. extruct's own test (tests/test_jsonld.py,
// assertJsonLdCorrect) parses NAME.jsonld and compares it, as a value, with the
// list of top-level JSON-LD objects that JsonLdExtractor().extract() returns for
// NAME.html; `cecat extract` prints the same list as `jsonld` (SPEC), so that is
// what is compared here: as values, so key order and whitespace do not matter.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "parsers/extract.h"

namespace fs = std::filesystem;
using cecat::Json;

namespace {

std::string Slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("Every extruct JSON-LD sample gives extruct's expected objects") {
  fs::path dir = fs::path(CECAT_TEST_DATA_DIR) / "extruct";
  std::vector<fs::path> samples;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".html") continue;
    fs::path expected = entry.path();
    expected.replace_extension(".jsonld");
    if (fs::exists(expected)) samples.push_back(entry.path());
  }
  std::sort(samples.begin(), samples.end());
  int passed = 0;
  std::vector<std::string> failed;
  for (const fs::path& html : samples) {
    fs::path expected_file = html;
    expected_file.replace_extension(".jsonld");
    std::string name = fs::relative(html, dir).replace_extension().string();
    Json expected = Json::parse(Slurp(expected_file));
    cecat::parsers::PageExtraction px =
        cecat::parsers::ExtractPage(Slurp(html), "https://extruct.example/" + name, {});
    Json got = Json(px.jsonld);
    if (got == expected) {
      ++passed;
      continue;
    }
    failed.push_back(name);
    std::string diags;
    for (const cecat::Diagnostic& d : px.diagnostics) diags += d.ToString() + "\n";
    UNSCOPED_INFO(name << ":\n  expected " << expected.dump() << "\n  got      " << got.dump()
                       << "\n  diagnostics:\n"
                       << diags);
  }
  // The figure reported in docs/extraction.md ("Figures").
  WARN("extruct JSON-LD samples: " << passed << " of " << samples.size() << " match");
  CHECK(samples.size() >= 15);
  CHECK(failed.empty());
}
