// Charset sniffing and conversion: any bytes and any Content-Type give valid UTF-8.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "crawler/charset.h"

using namespace cecat::crawler;

namespace {
// True when `s` is well-formed UTF-8 (what every converter promises to return).
bool IsUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}
const char* const kCharsets[] = {"utf-8",    "windows-1252", "iso-8859-2",  "shift_jis",
                                 "euc-jp",   "gb18030",      "big5",        "utf-16le",
                                 "utf-16be", "koi8-r",       "iso-2022-jp", "bogus-charset"};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  std::string content_type = fdp.ConsumeRandomLengthString(128);
  std::string charset = fdp.PickValueInArray(kCharsets);
  std::string body = fdp.ConsumeRemainingBytesAsString();

  DecodedText decoded = DecodeHtml(body, content_type);
  if (!IsUtf8(decoded.utf8)) __builtin_trap();
  (void)CharsetForLabel(content_type);
  (void)CharsetParameter(content_type);
  (void)SniffMetaCharset(body);
  int replaced = 0;
  if (auto converted = ConvertToUtf8(body, charset, &replaced)) {
    if (!IsUtf8(*converted)) __builtin_trap();
  }
  if (!IsUtf8(RepairUtf8(body, &replaced))) __builtin_trap();
  return 0;
}
