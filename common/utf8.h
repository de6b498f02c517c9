// Fast UTF-8 validation: most of a web page is ASCII, so runs of it are skipped
// eight bytes at a time. The crawler's charset repair and the parsers' text
// cleanup both start here and only look byte by byte at what is not valid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cecat {

// Length of the longest prefix of `s` that is well-formed UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF). Equals s.size() when
// all of `s` is valid.
std::size_t ValidUtf8Prefix(std::string_view s);

// Length of the well-formed sequence starting at s[i] (i < s.size()), 0 if the
// byte there does not start one.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i);

// `s` with every byte that does not start a well-formed sequence replaced by
// U+FFFD; adds the number replaced to *replaced when given.
std::string RepairUtf8(std::string_view s, int* replaced = nullptr);

// Appends code point `cp` as UTF-8; NUL, surrogates and values above U+10FFFF
// become U+FFFD (what a decoded reference such as "&#0;" or "\uD800" may hold).
void AppendUtf8(std::string& out, uint64_t cp);

}  // namespace cecat
