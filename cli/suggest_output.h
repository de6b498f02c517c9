// `cecat extract --suggest`: parsers/suggest.h's suggestions for a page, printed
// for an admin (text) or a program (--json).
#pragma once

#include <string>

#include "cli/context.h"

namespace cecat::cli {

// Prints the suggestions for `html` to ctx.out: a text listing, or with --json one
// object {"items": [...], "fields": [...], "rule": {...}}. A page with no
// suggestion prints a note (text) or empty lists (JSON). Returns the exit code (0).
int PrintSuggestions(Context& ctx, const std::string& html);

}  // namespace cecat::cli
