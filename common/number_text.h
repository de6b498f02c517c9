// Numbers as people read them in messages and tables: hours, credits and amounts
// with at most two decimals and no trailing zeros ("6", "1.5", "0.25"), and US
// dollars with cents ("$12.50"). One place, so a figure reads the same in
// `sources check`, the plan's messages and its table.
#pragma once

#include <string>

namespace cecat {

// `v` rounded to hundredths, trailing zeros and a bare point dropped: 6 -> "6",
// 1.5 -> "1.5", 1.333 -> "1.33", 0.004 -> "0".
std::string ShortNumber(double v);

// "$" and `v` to two decimals: 12.5 -> "$12.50".
std::string DollarText(double v);

}  // namespace cecat
