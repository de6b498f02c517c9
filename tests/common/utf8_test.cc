#include "common/utf8.h"

#include <catch2/catch.hpp>

#include <string>

namespace cecat {
namespace {

TEST_CASE("ValidUtf8Prefix stops at the first byte that starts no well-formed sequence") {
  struct Case {
    std::string text;
    std::size_t prefix;
  };
  const Case cases[] = {
      {"", 0},
      {"plain ascii, longer than eight bytes", 36},
      {"caf\xC3\xA9 na\xC3\xAFve", 12},
      {"0123456789\xE2\x82\xAC", 13},     // euro sign after a full ASCII word
      {"abc\xC0\xAF", 3},                 // overlong '/'
      {"abc\xE0\x80\xAF", 3},             // overlong, three bytes
      {"abc\xED\xA0\x80", 3},             // surrogate
      {"abc\xF4\x90\x80\x80", 3},         // above U+10FFFF
      {"abcdefgh\xF0\x9F\x98\x80!", 13},  // emoji
      {"abcdefgh\xF0\x9F\x98", 8},        // cut short at the end
      {"abcdefghijklmno\x80pqr", 15},     // lone continuation byte in the second word
      {std::string("a\0b", 3), 3},        // NUL is valid UTF-8
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(ValidUtf8Prefix(c.text) == c.prefix);
  }
}

TEST_CASE("RepairUtf8 replaces each bad byte with U+FFFD and counts them") {
  int replaced = 0;
  CHECK(RepairUtf8("caf\xE9 ol\xE9!", &replaced) == "caf\xEF\xBF\xBD ol\xEF\xBF\xBD!");
  CHECK(replaced == 2);
  replaced = 0;
  std::string valid = "long enough ascii text with caf\xC3\xA9 in it";
  CHECK(RepairUtf8(valid, &replaced) == valid);
  CHECK(replaced == 0);
  CHECK(RepairUtf8("\xF0\x9F\x98") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(Utf8SequenceLength("\xC3\xA9", 0) == 2);
  CHECK(Utf8SequenceLength("\xC3", 0) == 0);
  CHECK(Utf8SequenceLength("a", 1) == 0);
}

TEST_CASE("AppendUtf8 writes one to four bytes, and U+FFFD for what is no character") {
  std::string out;
  for (uint64_t cp : {0x41ull, 0xE9ull, 0x2014ull, 0x1F600ull}) AppendUtf8(out, cp);
  CHECK(out == "A\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80");
  out.clear();
  // NUL, a surrogate, past U+10FFFF, and a value beyond 32 bits (strtoul's
  // reading of a long "&#...;"), which must not wrap to a character.
  for (uint64_t cp : {0x0ull, 0xD800ull, 0x110000ull, 0x100000041ull}) AppendUtf8(out, cp);
  CHECK(out == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace cecat
