// Microdata: any HTML gives W3C-form items (bounded by MicrodataOptions) that
// serialise, and each maps to the JSON-LD shape.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "parsers/html.h"
#include "parsers/microdata.h"

using namespace cecat::parsers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string html(reinterpret_cast<const char*>(data), size);
  HtmlDocument doc(html);
  MicrodataOptions options;
  options.max_items = 200;
  options.max_values = 2000;
  std::vector<std::string> notes;
  cecat::Json items = ExtractMicrodata(doc.document(), "https://fuzz.example/a/b", options, &notes);
  (void)items.dump();
  for (const cecat::Json& item : items) (void)MicrodataToJsonLd(item).dump();
  return 0;
}
