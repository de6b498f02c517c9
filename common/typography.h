// Typography as publishers write it, and the ASCII that matching reads it as
// (issue 17, item 7; docs/normalisation.md "Typography").
//
// Text that a record shows (titles, descriptions, names) keeps the publisher's
// curly quotes, dashes and ellipses: "Clients’ “Stuck Points”: Ages 3–8". What
// compares or recognises text reads it through AsciiPunctuation, where that title
// is "Clients' \"Stuck Points\": Ages 3-8": ids and match keys derived from text,
// deduplication, topic and keyword matching, the patterns that read hours, prices
// and dates, and full-text queries. Pure functions of any bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cecat {

// `text` with the spaces that differ only in width as one plain space (U+00A0
// no-break, U+2002 en, U+2003 em, U+2009 thin, U+202F narrow no-break) and the
// invisible U+200B zero-width space and U+FEFF byte order mark removed. Every other
// byte is kept as it is.
std::string PlainSpaces(std::string_view text);

// PlainSpaces, and typographic punctuation as ASCII: the dashes U+2010-U+2014 and
// the minus sign U+2212 as '-', U+2018 and U+2019 as '\'', U+201C and U+201D as
// '"', the ellipsis U+2026 as "...". Other bytes are kept, whatever they are.
//
// This list is part of every id and match key derived from text: a character
// added to it moves the keys of the existing records that hold it.
//
// With `origin`, origin[k] is set to the offset in `text` of the character that
// gave output byte k (the three dots of an ellipsis share one), so a piece found
// in the ASCII form can be cut from the text as published.
std::string AsciiPunctuation(std::string_view text, std::vector<std::size_t>* origin = nullptr);

}  // namespace cecat
