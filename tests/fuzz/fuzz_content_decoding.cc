// The crawler's Content-Encoding decoder: any bytes under any coding list give a
// clean stop or an error, never a crash or unbounded output; and a body it calls
// storable as received inflates (as index::ReadResponse inflates it) to exactly
// what it decoded.
#include <fuzzer/FuzzedDataProvider.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "crawler/detail/content_decoding.h"

using cecat::crawler::detail::BodyDecoder;

namespace {
const char* const kCodings[] = {"gzip",     "deflate",  "br",     "identity",         "",
                                "gzip, br", "br, gzip", "x-gzip", "deflate, deflate", "zstd"};
constexpr size_t kCap = 1 << 20;  // like max_bytes: a bomb stops here

// What zlib's inflate with header detection makes of `in`; false unless it ends.
bool InflateAll(const std::string& in, std::string& out) {
  z_stream z{};
  if (inflateInit2(&z, MAX_WBITS + 32) != Z_OK) return false;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  char buf[16384];
  while (rc == Z_OK && out.size() <= kCap) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  std::string coding = fdp.PickValueInArray(kCodings);
  size_t piece = fdp.ConsumeIntegralInRange<size_t>(1, 4096);
  std::string body = fdp.ConsumeRemainingBytesAsString();
  BodyDecoder decoder(coding);
  std::string out;
  bool capped = false;
  bool fed = decoder.ok();
  for (size_t i = 0; fed && i < body.size(); i += piece) {
    fed = decoder.Feed(std::string_view(body).substr(i, piece), [&](std::string_view bytes) {
      if (out.size() + bytes.size() > kCap) {
        capped = true;
        return false;
      }
      out.append(bytes);
      return true;
    });
  }
  if (out.size() > kCap) __builtin_trap();
  if (!fed && !capped && decoder.error().empty()) __builtin_trap();  // a stop says why
  if (fed && decoder.StorableAsReceived()) {
    std::string again;
    if (!InflateAll(body, again) || again != out) __builtin_trap();
  }
  return 0;
}
