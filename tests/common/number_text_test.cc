// common/number_text.h: the figures of messages and tables.
#include "common/number_text.h"

#include <catch2/catch.hpp>

using cecat::DollarText;
using cecat::ShortNumber;

TEST_CASE("ShortNumber keeps at most two decimals and drops trailing zeros") {
  CHECK(ShortNumber(6) == "6");
  CHECK(ShortNumber(36.0) == "36");
  CHECK(ShortNumber(1.5) == "1.5");
  CHECK(ShortNumber(0.25) == "0.25");
  CHECK(ShortNumber(1.0 / 3) == "0.33");
  CHECK(ShortNumber(2.999) == "3");
  CHECK(ShortNumber(10000) == "10000");  // no trailing zeros cut from whole numbers
  CHECK(ShortNumber(120) == "120");
  CHECK(ShortNumber(0) == "0");
  CHECK(ShortNumber(-0.001) == "0");
  CHECK(ShortNumber(-2.5) == "-2.5");
}

TEST_CASE("DollarText writes cents") {
  CHECK(DollarText(12.5) == "$12.50");
  CHECK(DollarText(0) == "$0.00");
  CHECK(DollarText(1234.567) == "$1234.57");
}
