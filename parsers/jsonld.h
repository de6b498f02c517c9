// JSON-LD blocks: finding them and repairing the broken JSON found in the wild.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

#include "common/record.h"
#include "common/result.h"

namespace cecat::parsers {

// True for a <script type> that declares JSON-LD: "application/ld+json" in any
// case, with surrounding whitespace and parameters (";charset=utf-8") allowed.
bool IsJsonLdType(std::string_view type);

// The text of every JSON-LD <script> under `root`, in document order, at most `max_blocks`.
// When `starts` is given, it gets where each block's <script> tag starts in the
// parsed HTML (Gumbo's 1-based line and byte offset), for diagnostics.
std::vector<std::string> FindJsonLdBlocks(const GumboNode* root, std::size_t max_blocks,
                                          std::vector<GumboSourcePosition>* starts = nullptr);

// Parses one block, repairing what publishers commonly break:
//  - a UTF-8 byte-order mark; HTML comments (<!-- note -->) and comment and CDATA
//    wrappers (<!-- {..} -->, <![CDATA[ ]]>); JavaScript comments (// and /* */)
//    outside strings;
//  - trailing commas before '}' or ']'; no-break spaces between tokens;
//  - in strings: raw control characters (newlines, tabs) escaped, a '"' that
//    cannot end the string (what follows is not ',', ':', '}', ']', '"', the end
//    or a comment) escaped, invalid escapes before punctuation ("\&", "\'") read
//    as JavaScript reads them, "\xHH" as that character, a backslash before a
//    letter or digit ("C:\videos") kept; single-quoted strings;
//  - a missing comma between two values of an object or array;
//  - several top-level values in one block ({..}{..} or {..},{..}) read as an array;
//    closing brackets with nothing open dropped; words after a complete value
//    ignored;
//  - unterminated strings and unclosed brackets at the end of a truncated block.
// Each repair made is appended to `repairs` as a short phrase. A block that is
// empty, whitespace or only comments and wrappers gives null (as does "null").
// Fails (with the parser's message) when the repaired text still is not JSON, or
// when brackets nest deeper than `max_depth`. Linear in the block. Never throws.
Result<Json> ParseJsonLd(std::string_view block, std::vector<std::string>* repairs,
                         std::size_t max_depth = 64);

}  // namespace cecat::parsers
