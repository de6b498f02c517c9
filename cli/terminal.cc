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

std::string PrintableJson(const nlohmann::json& j, int indent) {
  std::string dumped = j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
  if (!normalise::HasControls(dumped)) return dumped;
  // Outside strings a dump is ASCII without controls other than its line breaks,
  // and inside them C0 controls are escaped already; DEL, which the dump leaves
  // raw and EscapeControls would write as a non-JSON "\x7f", becomes a JSON escape
  // first. EscapeControls then writes what is left (C1, bidi) as "\u....", which
  // is JSON's own escape; one line at a time, so the line breaks stay.
  std::string out;
  out.reserve(dumped.size() + 16);
  std::size_t start = 0;
  while (start <= dumped.size()) {
    std::size_t end = dumped.find('\n', start);
    if (end == std::string::npos) end = dumped.size();
    std::string line;
    for (std::size_t i = start; i < end; ++i) {
      if (dumped[i] == '\x7f') {
        line += "\\u007f";
      } else {
        line += dumped[i];
      }
    }
    out += Printable(line);
    if (end == dumped.size()) break;
    out += '\n';
    start = end + 1;
  }
  return out;
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
