// common/typography.h: the ASCII that matching reads a publisher's typography as.
#include "common/typography.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace cecat {
namespace {

TEST_CASE("AsciiPunctuation reads curly quotes, dashes, the ellipsis and odd spaces as ASCII") {
  struct Case {
    std::string text, ascii, spaces;
  };
  const Case kCases[] = {
      {"Clients\xE2\x80\x99 \xE2\x80\x9CStuck Points\xE2\x80\x9D: Ages 3\xE2\x80\x93"
       "8",
       "Clients' \"Stuck Points\": Ages 3-8",
       "Clients\xE2\x80\x99 \xE2\x80\x9CStuck Points\xE2\x80\x9D: Ages 3\xE2\x80\x93"
       "8"},
      {"\xE2\x80\x98one\xE2\x80\x99 \xE2\x80\x90\xE2\x80\x91\xE2\x80\x92\xE2\x80\x94\xE2\x88\x92 "
       "wait\xE2\x80\xA6",
       "'one' ----- wait...",
       "\xE2\x80\x98one\xE2\x80\x99 \xE2\x80\x90\xE2\x80\x91\xE2\x80\x92\xE2\x80\x94\xE2\x88\x92 "
       "wait\xE2\x80\xA6"},
      // No-break, en, em, thin and narrow no-break spaces; zero-width space and BOM.
      {"a\xC2\xA0"
       "b\xE2\x80\x82"
       "c\xE2\x80\x83"
       "d\xE2\x80\x89"
       "e\xE2\x80\xAF"
       "f\xE2\x80\x8Bg\xEF\xBB\xBFh",
       "a b c d e fgh", "a b c d e fgh"},
      // Not in the list: kept as they are (a key holding them is a key already).
      {"\xE2\x80\x9E"
       "low\xE2\x80\x9C \xC2\xAB"
       "guillemets\xC2\xBB 5\xE2\x80\xB2",
       "\xE2\x80\x9E"
       "low\" \xC2\xAB"
       "guillemets\xC2\xBB 5\xE2\x80\xB2",
       "\xE2\x80\x9E"
       "low\xE2\x80\x9C \xC2\xAB"
       "guillemets\xC2\xBB 5\xE2\x80\xB2"},
      // Any bytes: truncated and stray sequences pass through.
      {"\xE2\x80", "\xE2\x80", "\xE2\x80"},
      {"x\xE2\xE2\x80\x93y\xC2", "x\xE2-y\xC2", "x\xE2\xE2\x80\x93y\xC2"},
      {"", "", ""},
  };
  for (const Case& c : kCases) {
    CAPTURE(c.text);
    CHECK(AsciiPunctuation(c.text) == c.ascii);
    CHECK(PlainSpaces(c.text) == c.spaces);
    CHECK(AsciiPunctuation(PlainSpaces(c.text)) == c.ascii);
  }
}

TEST_CASE("AsciiPunctuation's origin maps each output byte to the character it came from") {
  std::vector<std::size_t> origin;
  // "A" U+2019 "s" U+2026 U+200B "!"
  std::string ascii = AsciiPunctuation("A\xE2\x80\x99s\xE2\x80\xA6\xE2\x80\x8B!", &origin);
  CHECK(ascii == "A's...!");
  CHECK(origin == std::vector<std::size_t>{0, 1, 4, 5, 5, 5, 11});
}

}  // namespace
}  // namespace cecat
