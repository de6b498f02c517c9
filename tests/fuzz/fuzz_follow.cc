// Differential: whether a link is followed, decided from the link's ancestors
// (pages with fewer elements than max_links) and by walking the page once per
// follow selector (the rest) must agree (issue 25). The same page is extracted
// with max_links one above its element count and equal to it, which takes each
// path; neither limit can bite at either value, so the outputs must be equal.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "parsers/extract.h"
#include "parsers/html.h"

using namespace cecat::parsers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string html(reinterpret_cast<const char*>(data), size);
  std::size_t elements = 0;
  {
    HtmlDocument doc(html);
    WalkElements(doc.document(), [&](const GumboNode*) {
      ++elements;
      return true;
    });
  }
  ExtractOptions options;
  options.follow = {"a.next", "nav a", "li:nth-child(2) a", "div:has(> a) a", "p, a[href^=x]"};
  options.max_links = elements + 1;
  std::string by_ancestry = ToJson(ExtractPage(html, "https://fuzz.example/a/", options)).dump();
  options.max_links = elements;
  std::string by_walk = ToJson(ExtractPage(html, "https://fuzz.example/a/", options)).dump();
  if (by_ancestry != by_walk) std::abort();
  return 0;
}
