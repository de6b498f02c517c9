// Text for a terminal: what every table the CLI prints goes through, so a value
// from a page or an index can never drive the terminal or reorder what is shown.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cecat::cli {

// `s` with control and bidi characters written visibly ("\x1b", "\u202e";
// normalise/text.h EscapeControls). `s` must be valid UTF-8.
std::string Printable(std::string_view s);

// Printable(s) cut to at most `width` characters (code points), the cut marked
// with "…", never splitting a UTF-8 sequence. `width` must be at least 1.
std::string Truncate(std::string_view s, std::size_t width);

// Truncate(s, width) padded with spaces to `width` characters.
std::string Column(std::string_view s, std::size_t width);

}  // namespace cecat::cli
