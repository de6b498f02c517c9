// Inputs the fuzz targets (tests/fuzz/) found crashing, hanging or misbehaving,
// kept here so the normal suite proves each fix (docs/security.md "Fuzzing").
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parsers/extract.h"
#include "parsers/jsonld.h"

using cecat::Json;
using namespace cecat::parsers;

namespace {
std::string Bytes(std::initializer_list<unsigned char> bytes) {
  return std::string(bytes.begin(), bytes.end());
}
}  // namespace

// fuzz_jsonld: nlohmann's parse error quotes the last bytes it read, which can stop
// inside a UTF-8 sequence (here the U+FFFD that stands for a NUL); the message
// became a diagnostic and `ToJson(px).dump()` threw type_error 316.
TEST_CASE("fuzz: a JSON-LD parse error quoting part of a UTF-8 sequence serialises") {
  std::string block =
      std::string("{\"@type\": \"Course\", \"name\": \"Draft\", \"price\"") + '\0' + ": undefined}";
  std::string html = "<script type=\"application/ld+json\">" + block + "</script>";
  PageExtraction px = ExtractPage(html, "https://fuzz.example/course/1", {});
  REQUIRE_FALSE(px.diagnostics.empty());
  CHECK_NOTHROW(ToJson(px).dump());

  std::vector<std::string> repairs;
  auto parsed = ParseJsonLd("{\"a\"" + Bytes({0xEF, 0xBF, 0xBD}) + ": 1}", &repairs);
  REQUIRE_FALSE(parsed.ok());
  CHECK_NOTHROW(Json(parsed.status().message()).dump());
}

// Hostile-input bound added with the fuzzing work (issue 10): the number of
// top-level JSON-LD objects a page may contribute.
TEST_CASE("bounds: JSON-LD objects per page are capped, with a diagnostic") {
  ExtractOptions opt;
  opt.max_jsonld_items = 5;
  std::string array = "[";
  for (int i = 0; i < 8; ++i) {
    array +=
        std::string(i ? "," : "") + R"({"@type":"Course","name":"C)" + std::to_string(i) + R"("})";
  }
  array += "]";
  std::string html = "<script type=application/ld+json>" + array +
                     "</script><script type=application/ld+json>{\"@type\":\"Course\"}</script>";
  PageExtraction px = ExtractPage(html, "https://many.example/", opt);
  CHECK(px.jsonld.size() == 5);
  CHECK(px.records.size() == 5);
  bool noted = false;
  for (const cecat::Diagnostic& d : px.diagnostics) {
    if (d.where == "jsonld[0]" &&
        d.message.find("more than 5 JSON-LD objects") != std::string::npos) {
      noted = true;
    }
  }
  CHECK(noted);

  // The default bound holds a realistic page and stops a block of a million objects.
  std::string huge;
  huge.reserve(1024 * 1024 + 2);
  huge += '[';
  // Objects with a property: an empty {} is skipped and would not count.
  for (int i = 0; i < 200000; ++i) huge += i ? ",{\"a\":1}" : "{\"a\":1}";
  huge += ']';
  px = ExtractPage("<script type=application/ld+json>" + huge + "</script>",
                   "https://many.example/", {});
  CHECK(px.jsonld.size() == ExtractOptions{}.max_jsonld_items);
}
