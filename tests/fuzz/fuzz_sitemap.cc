// Sitemap parser: XML (urlset, sitemapindex), plain text and gzip; fed whole and in
// chunks split where the input says, which must give the same entries.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "crawler/sitemap.h"

using namespace cecat::crawler;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string whole(reinterpret_cast<const char*>(data), size);
  Sitemap all = ParseSitemap(whole);
  for (const SitemapEntry& e : all.urls) (void)ParseW3cDatetime(e.lastmod);
  for (const SitemapEntry& e : all.sitemaps) (void)ParseW3cDatetime(e.lastmod);
  (void)ParseW3cDatetime(whole.substr(0, 64));
  (void)Gunzip(whole, 1 << 20);

  // The streaming parser, in chunks whose sizes come from the input.
  FuzzedDataProvider fdp(data, size);
  SitemapParser parser;
  while (fdp.remaining_bytes() > 0) {
    size_t n = fdp.ConsumeIntegralInRange<size_t>(1, 4096);
    parser.Feed(fdp.ConsumeBytesAsString(n));
  }
  (void)parser.Finish();
  return 0;
}
