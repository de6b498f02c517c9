#include "common/number_text.h"

#include <cstdio>

namespace cecat {

std::string ShortNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  // -0.001 prints as "-0.00": no sign on nothing.
  if (s == "-0") s = "0";
  return s;
}

std::string DollarText(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "$%.2f", v);
  return buf;
}

}  // namespace cecat
