#include "normalise/number_words.h"

#include <cctype>
#include <charconv>
#include <cstring>
#include <limits>

#include <re2/re2.h>

namespace cecat::normalise {
namespace {

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// -1 when `word` is not a number word.
int WordValue(const std::string& word) {
  static const char* kSmall[] = {
      "zero",     "one",     "two",     "three",     "four",     "five",     "six",
      "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
      "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
  static const char* kTens[] = {"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
  for (int n = 0; n <= 20; ++n) {
    if (word == kSmall[n]) return n;
  }
  for (int i = 0; i < 7; ++i) {
    if (word == kTens[i]) return 30 + 10 * i;
  }
  return -1;
}

}  // namespace

std::string SpellOutNumbers(const std::string& lower) {
  std::string out;
  std::size_t i = 0;
  while (i < lower.size()) {
    if (!IsAlpha(lower[i]) || (i > 0 && IsAlpha(lower[i - 1]))) {
      out += lower[i++];
      continue;
    }
    std::size_t j = i;
    while (j < lower.size() && IsAlpha(lower[j])) ++j;
    std::string word = lower.substr(i, j - i);
    int n = WordValue(word);
    if (n < 0) {
      out += word;
      i = j;
      continue;
    }
    // "twenty-four": a tens word joined to a unit word is one number, not a range.
    if (n >= 20 && n % 10 == 0 && j + 1 < lower.size() && (lower[j] == '-' || lower[j] == ' ')) {
      std::size_t k = j + 1;
      while (k < lower.size() && IsAlpha(lower[k])) ++k;
      int unit = WordValue(lower.substr(j + 1, k - j - 1));
      if (unit >= 1 && unit <= 9) {
        n += unit;
        j = k;
      }
    }
    out += std::to_string(n);
    i = j;
  }
  // Halves: the number before them takes .5; "½" alone and "half an hour" are 0.5.
  static const RE2 kAndAHalf(R"((\d+)(?:\s+and\s+a\s+half|\s*\x{00BD}|\s+1/2\b))");
  static const RE2 kLoneHalf(R"(\x{00BD})");
  static const RE2 kHalfHour(R"(\b(?:half\s+an?\s+hour|a\s+half[\s-]hour|half[\s-]hour)\b)");
  RE2::GlobalReplace(&out, kAndAHalf, "\\1.5");
  RE2::GlobalReplace(&out, kLoneHalf, "0.5");
  RE2::GlobalReplace(&out, kHalfHour, "0.5 hour");
  return out;
}

double DigitsValue(std::string_view digits) {
  double v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<double>::infinity();
  if (ec != std::errc() || end == digits.data()) return std::numeric_limits<double>::quiet_NaN();
  return v;
}

}  // namespace cecat::normalise
