// Differential: whether a link is followed, decided from the link's ancestors
// (pages with fewer elements than max_links) and by walking the page once per
// follow selector (the rest) must agree (issue 25). The same page is extracted
// with max_links one above its element count and equal to it, which takes each
// path; neither limit can bite at either value, so the outputs must be equal.
// With followed_links_only, each path must give the same followed links and the
// same everything else as its full output.
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
  // The refresh lists only followed links (ExtractOptions::followed_links_only):
  // the full output with the links no selector reached removed, on both paths.
  for (std::size_t max_links : {elements + 1, elements}) {
    options.max_links = max_links;
    options.followed_links_only = false;
    PageExtraction all = ExtractPage(html, "https://fuzz.example/a/", options);
    options.followed_links_only = true;
    PageExtraction only = ExtractPage(html, "https://fuzz.example/a/", options);
    // `only` may also hold reached links that do not resolve (follow false),
    // which the full output cannot tell from unreached ones: compare the
    // followed links, and everything else whole.
    if (only.links.size() > all.links.size()) std::abort();
    auto not_followed = [](const Link& l) { return !l.follow; };
    std::erase_if(all.links, not_followed);
    std::erase_if(only.links, not_followed);
    if (ToJson(all).dump() != ToJson(only).dump()) std::abort();
  }
  return 0;
}
