// A compact JSON serialiser for the feed's hot path: appends to a reused buffer
// instead of building a new string per record. Private to the feed module.
#pragma once

#include <string>

#include "common/record.h"

namespace cecat::feed::detail {

// Appends `value` to `out` as compact JSON, byte for byte what
// value.dump(-1, ' ', false, Json::error_handler_t::replace) gives for the values
// the feed holds: object keys in the Json's (sorted) order, strings with only '"',
// '\\' and control characters escaped, numbers as dump() writes them, NaN and
// infinity as null.
// Invalid UTF-8 is replaced by U+FFFD (each byte that cannot start or continue a
// valid sequence gives one), so the output is always valid JSON; dump() would merge
// some of those into one. Never throws except std::bad_alloc.
void AppendJson(const Json& value, std::string* out);

}  // namespace cecat::feed::detail
