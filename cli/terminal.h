// Text for a terminal: what every table the CLI prints goes through, so a value
// from a page or an index can never drive the terminal or reorder what is shown.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cecat::cli {

// `s` with control and bidi characters written visibly ("\x1b", "\u202e";
// normalise/text.h EscapeControls). `s` must be valid UTF-8.
std::string Printable(std::string_view s);

// Printable(s) cut to at most `width` characters (code points), the cut marked
// with "…", never splitting a UTF-8 sequence. `width` must be at least 1.
std::string Truncate(std::string_view s, std::size_t width);

// `j` as JSON text (indented by `indent`, invalid UTF-8 replaced) that a terminal
// shows as written: the C1 controls and bidi characters Printable escapes, and DEL,
// written as JSON escapes ("\u009b", "\u202e", "\u007f"; C0 controls the dump
// escapes itself). The text parses back to the same value.
std::string PrintableJson(const nlohmann::json& j, int indent = 2);

// Truncate(s, width) padded with spaces to `width` characters.
std::string Column(std::string_view s, std::size_t width);

}  // namespace cecat::cli
