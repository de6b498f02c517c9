#include "cli/terminal.h"

#include "normalise/text.h"

namespace cecat::cli {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += !IsContinuation(c);
  return n;
}

}  // namespace

std::string Printable(std::string_view s) {
  return normalise::HasControls(s) ? normalise::EscapeControls(s) : std::string(s);
}

std::string Truncate(std::string_view s, std::size_t width) {
  std::string p = Printable(s);
  if (CodePoints(p) <= width) return p;
  // Keep width - 1 code points, then the ellipsis.
  std::size_t kept = 0, cut = 0;
  for (; cut < p.size(); ++cut) {
    if (!IsContinuation(p[cut]) && kept++ == width - 1) break;
  }
  return p.substr(0, cut) + "…";
}

std::string Column(std::string_view s, std::size_t width) {
  std::string t = Truncate(s, width);
  std::size_t n = CodePoints(t);
  if (n < width) t.append(width - n, ' ');
  return t;
}

}  // namespace cecat::cli
