// Charset: every HTML page reaches the parsers as UTF-8.
//
// The encoding is found the way the HTML Standard's sniffing does it, in order:
// a byte order mark, the Content-Type header's charset, a <meta charset> or
// <meta http-equiv="Content-Type"> in the first 1024 bytes; failing those, UTF-8
// if the bytes are valid UTF-8, else windows-1252. Labels are read as the WHATWG
// Encoding Standard reads them (so "iso-8859-1" and "us-ascii" mean windows-1252).
// Conversion uses glibc iconv. Bytes that are invalid in the encoding become
// U+FFFD and are counted, never dropped silently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cecat::crawler {

struct DecodedText {
  std::string utf8;
  std::string charset;  // the encoding converted from, e.g. "utf-8", "windows-1252"
  std::string source;   // how it was found: "bom", "header", "meta" or "default"
  int replaced = 0;     // invalid bytes (or sequences) replaced with U+FFFD
};

DecodedText DecodeHtml(std::string_view body, std::string_view content_type_header);

// The encoding a label names, as an iconv name in lower case ("windows-1252",
// "utf-8", "iso-8859-2", "shift_jis"), or "" when the label is unknown.
std::string CharsetForLabel(std::string_view label);

// The charset parameter of a Content-Type value, unquoted; "" when absent.
std::string CharsetParameter(std::string_view content_type);

// The label a <meta> in the first 1024 bytes declares, if any (HTML Standard
// "prescan a byte stream", simplified: comments skipped, charset and
// http-equiv/content attributes read).
std::optional<std::string> SniffMetaCharset(std::string_view head);

// Converts `bytes` in `charset` (an iconv name) to UTF-8, replacing what does not
// convert with U+FFFD. Returns nullopt when iconv does not know the charset.
std::optional<std::string> ConvertToUtf8(std::string_view bytes, const std::string& charset,
                                         int* replaced);

// Returns `bytes` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string RepairUtf8(std::string_view bytes, int* replaced);

}  // namespace cecat::crawler
