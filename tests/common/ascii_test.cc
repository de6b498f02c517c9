#include "common/ascii.h"

#include <catch2/catch.hpp>

#include <string>

namespace cecat {
namespace {

TEST_CASE("Lower and Upper fold ASCII letters only: UTF-8 bytes pass through") {
  struct Case {
    std::string in, lower, upper;
  };
  const Case cases[] = {
      {"", "", ""},
      {"Content-Type", "content-type", "CONTENT-TYPE"},
      {"UTF-8; Charset=ISO-8859-1", "utf-8; charset=iso-8859-1", "UTF-8; CHARSET=ISO-8859-1"},
      {"@[`{", "@[`{", "@[`{"},  // neighbours of the letter ranges
      {"Caf\xC3\x89 \xC3\xA9t\xC3\xA9", "caf\xC3\x89 \xC3\xA9t\xC3\xA9",  // É and é unchanged
       "CAF\xC3\x89 \xC3\xA9T\xC3\xA9"},
      {std::string("A\0b", 3), std::string("a\0b", 3), std::string("A\0B", 3)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(Lower(c.in) == c.lower);
    CHECK(Upper(c.in) == c.upper);
  }
}

TEST_CASE("EqualsIgnoreCase ignores the case of ASCII letters only") {
  struct Case {
    std::string a, b;
    bool equal;
  };
  const Case cases[] = {
      {"", "", true},
      {"application/LD+JSON", "application/ld+json", true},
      {"abc", "abcd", false},
      {"@", "`", false},                // 0x40 and 0x60 differ by the case bit, not letters
      {"\xC3\x89", "\xC3\xA9", false},  // É is not é: no Unicode folding
  };
  for (const Case& c : cases) {
    CAPTURE(c.a, c.b);
    CHECK(EqualsIgnoreCase(c.a, c.b) == c.equal);
  }
}

// WHATWG Infra "ASCII whitespace": TAB, LF, FF, CR, SPACE; VT is not one.
TEST_CASE("Trim strips ASCII whitespace at both ends, or the bytes given") {
  struct Case {
    std::string in;
    std::string strip;
    std::string out;
  };
  const Case cases[] = {
      {"", std::string(kAsciiWhitespace), ""},
      {" \t\n\f\r", std::string(kAsciiWhitespace), ""},
      {" \tutf-8\r\n", std::string(kAsciiWhitespace), "utf-8"},
      {"\vutf-8\v", std::string(kAsciiWhitespace), "\vutf-8\v"},
      {"a b", std::string(kAsciiWhitespace), "a b"},
      {"\xC2\xA0x\xC2\xA0", std::string(kAsciiWhitespace), "\xC2\xA0x\xC2\xA0"},  // NBSP stays
      {" \tDisallow \n", " \t", "Disallow \n"},  // robots.txt's WS is space and tab
  };
  for (const Case& c : cases) {
    CAPTURE(c.in, c.strip);
    CHECK(Trim(c.in, c.strip) == c.out);
  }
  CHECK(Trim("  x  ") == "x");
  CHECK(!IsAsciiSpace('\v'));
  CHECK(IsAsciiSpace('\f'));
}

TEST_CASE("HexValue reads one hex digit of either case") {
  struct Case {
    char c;
    int value;
  };
  const Case cases[] = {{'0', 0},  {'9', 9},  {'a', 10}, {'f', 15},   {'A', 10},
                        {'F', 15}, {'g', -1}, {'G', -1}, {'/', -1},   {':', -1},
                        {'@', -1}, {'`', -1}, {' ', -1}, {'\xC3', -1}};
  for (const Case& c : cases) {
    CAPTURE(c.c);
    CHECK(HexValue(c.c) == c.value);
  }
}

}  // namespace
}  // namespace cecat
