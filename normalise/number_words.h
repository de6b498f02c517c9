// Numbers that pages spell out ("Six contact hours", "Four and a half out of five
// stars", "1½ CE hours") rewritten as digits, for the hours and rating readers.
#pragma once

#include <string>
#include <string_view>

namespace cecat::normalise {

// `lower` is lower-case text (MatchText, then Lower). Returns it with the number
// words zero..twenty and the tens up to ninety (also "twenty-four") as digits, and
// halves folded into the number before them: "4 and a half" and "4½" and "4 1/2"
// become "4.5", "½" and "half an hour" become "0.5 ...". Other text is unchanged.
// Words inside other words ("someone", "often") are left alone.
std::string SpellOutNumbers(const std::string& lower);

// The digits a pattern captured ("4.5", ".6", "12") as a number. Never throws: a
// number too large for a double (400 digits) is infinity, which every caller's
// range check rejects, and text that is not a number is NaN. std::stod would
// throw std::out_of_range on the first.
double DigitsValue(std::string_view digits);

}  // namespace cecat::normalise
