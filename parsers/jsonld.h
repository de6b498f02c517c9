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
//  - a UTF-8 byte-order mark; HTML comment (<!-- -->) and CDATA (<![CDATA[ ]]>)
//    wrappers; JavaScript comments (// and /* */) outside strings;
//  - trailing commas before '}' or ']'; no-break spaces between tokens;
//  - in strings: raw control characters (newlines, tabs) escaped, invalid escapes
//    ("\&", "\'") read as JavaScript reads them (the character itself), single-
//    quoted strings;
//  - a missing comma between two values of an object or array;
//  - several top-level values in one block ({..}{..} or {..},{..}) read as an array;
//  - unterminated strings and unclosed brackets at the end of a truncated block.
// Each repair made is appended to `repairs` as a short phrase. Fails (with the
// parser's message) when the repaired text still is not JSON, or when brackets
// nest deeper than `max_depth`. Never throws.
Result<Json> ParseJsonLd(std::string_view block, std::vector<std::string>* repairs,
                         std::size_t max_depth = 64);

}  // namespace cecat::parsers
