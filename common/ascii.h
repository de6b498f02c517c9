// ASCII-only text helpers: case folding, whitespace, hex digits. Every byte >= 0x80
// passes through unchanged, so UTF-8 text is safe to fold (only its ASCII letters
// change), and nothing depends on the C locale as <cctype> does.
#pragma once

#include <string>
#include <string_view>

namespace cecat {

// ASCII whitespace as WHATWG Infra defines it: TAB, LF, FF, CR and SPACE
// (https://infra.spec.whatwg.org/#ascii-whitespace). Not VT.
inline constexpr std::string_view kAsciiWhitespace = " \t\n\f\r";

inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

// 'A'..'Z' to 'a'..'z'; every other byte unchanged.
inline char LowerChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
inline char UpperChar(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

// `s` with its ASCII letters in lower (upper) case.
std::string Lower(std::string_view s);
std::string Upper(std::string_view s);

// Equal when ASCII letters are compared without case ("Content-Type" ==
// "content-type"); other bytes must match exactly.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// `s` without leading and trailing bytes from `strip`, by default ASCII
// whitespace. A view into `s`.
std::string_view Trim(std::string_view s, std::string_view strip = kAsciiWhitespace);

// The value of a hex digit ('0'..'9', 'a'..'f', 'A'..'F'), or -1.
int HexValue(char c);

}  // namespace cecat
