// Turns what a user typed into a safe FTS5 MATCH expression (SPEC.md "Search").
#pragma once

#include <string>
#include <string_view>

namespace cecat::index::detail {

// Words, "quoted phrases" (also “curly”, read through common/typography.h's
// AsciiPunctuation) and prefix* become FTS5 strings ANDed together; every
// token is quoted here (inner quotes doubled), so operators (AND, OR, NOT, NEAR(,
// -, ^, :, parentheses, column filters) and SQL text are only words. Tokens with
// no letter or digit are dropped; an unterminated quote runs to the end. Returns
// "" when nothing searchable remains (the caller then applies no text filter).
// Never fails, for any bytes.
std::string BuildFtsQuery(std::string_view text);

}  // namespace cecat::index::detail
