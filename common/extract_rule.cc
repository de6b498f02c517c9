#include "common/extract_rule.h"

namespace cecat {

size_t FieldAttributeSeparator(std::string_view spec) {
  size_t at = std::string_view::npos;
  int brackets = 0;
  int parens = 0;
  char quote = 0;
  for (size_t i = 0; i < spec.size(); ++i) {
    char c = spec[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    if (c == '\\') ++i;
    if (c == '[') ++brackets;
    if (c == ']') --brackets;
    if (c == '(') ++parens;
    if (c == ')') --parens;
    if (c == '@' && brackets == 0 && parens == 0) at = i;
  }
  return at;
}

}  // namespace cecat
