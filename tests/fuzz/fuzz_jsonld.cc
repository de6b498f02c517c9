// JSON-LD repair and extraction: ParseJsonLd on any bytes never throws and gives
// JSON that serialises; the same bytes as a page's JSON-LD block go through the
// schema.org mapping (ExtractPage) and give records that serialise.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "parsers/extract.h"
#include "parsers/jsonld.h"

using namespace cecat::parsers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string block(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> repairs;
  auto parsed = ParseJsonLd(block, &repairs, 32);
  if (parsed.ok()) (void)parsed.value().dump();

  // A script's text cannot hold "</script", so the page carries the block as Gumbo
  // would hand it over; the rest of the bytes are the block itself.
  std::string html = "<html><head><script type=\"application/ld+json\">" + block +
                     "</script></head><body><p>is approved by the American Psychological "
                     "Association to sponsor continuing education</p></body></html>";
  ExtractOptions options;
  options.max_json_depth = 32;
  PageExtraction px = ExtractPage(html, "https://fuzz.example/course/1", options);
  (void)ToJson(px).dump();
  return 0;
}
