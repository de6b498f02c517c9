// The WHATWG URL parser: any bytes as input and base never crash, and a parsed
// URL's href parses again to itself (the URL Standard's serialiser and parser
// round-trip, which ResolveUrl relies on when it reparses its base), through
// ParseUrl's Url too.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/url.h"
#include "common/whatwg_url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  std::string base_text = fdp.ConsumeRandomLengthString(256);
  std::string input = fdp.ConsumeRemainingBytesAsString();
  cecat::Result<cecat::UrlRecord> base = cecat::ParseUrlRecord(base_text);
  cecat::Result<cecat::UrlRecord> url =
      cecat::ParseUrlRecord(input, base.ok() ? &*base : nullptr);
  if (!url.ok()) return 0;
  std::string href = url->Href();
  cecat::Result<cecat::UrlRecord> again = cecat::ParseUrlRecord(href);
  if (!again.ok() || again->Href() != href) __builtin_trap();
  cecat::Result<cecat::Url> parsed = cecat::ParseUrl(href);
  if (!parsed.ok() || parsed->Serialize() != href) __builtin_trap();
  (void)cecat::CanonicalUrl(*parsed);
  return 0;
}
