// Text helpers shared by every normaliser: HTML entity decoding, tag stripping,
// whitespace collapsing, folding for comparison, and reading any JSON value as text.
//
// Raw fields arrive as written on the page ("Ethics &amp; Boundaries", "<p>..</p>",
// a number, an object, an array); these turn them into plain text first, so each
// normaliser only deals with words. Pure functions, no allocation of global state.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ascii.h"
#include "common/record.h"
#include "common/typography.h"

namespace cecat::normalise {

// Decodes HTML character references: the common named ones (&amp; &nbsp; &ndash;
// &rsquo; &eacute; ...) and numeric ones (&#39; &#x2013;). Unknown names are kept as
// written. Double-encoded text ("&amp;amp;") is decoded twice, as browsers show it
// that way after a CMS escaped it once too often.
std::string DecodeEntities(std::string_view text);

// Replaces tags with spaces (block-level boundaries must not glue words) and drops
// the contents of <script>, <style> and comments.
std::string StripTags(std::string_view html);

// common/typography.h: PlainSpaces (no-break, thin and other spaces as ' ',
// zero-width space and BOM removed) and AsciiPunctuation (that, and curly quotes,
// dashes and the ellipsis as ASCII), the form matching reads text in.
using ::cecat::AsciiPunctuation;
using ::cecat::PlainSpaces;

// True if `text` (valid UTF-8) holds a character StripControls removes.
bool HasControls(std::string_view text);
// `text` without what may drive a terminal or reorder what a reader sees: C0
// controls and DEL (tab, LF and CR become a space), C1 controls (U+0080-U+009F,
// U+009B is a CSI), and the bidi overrides and isolates (U+202A-U+202E,
// U+2066-U+2069). `text` must be valid UTF-8.
std::string StripControls(std::string_view text);
// `text` with each of those characters written visibly instead ("\x1b", "\u009b",
// "\u202e"), for output to a terminal: what normalisation let through (an index
// from an older cecat) can neither drive the terminal nor hide.
std::string EscapeControls(std::string_view text);

// Replaces every byte that is not part of a well-formed UTF-8 sequence with U+FFFD,
// so output strings always serialise as JSON.
std::string ValidUtf8(std::string_view text);

// Trims and collapses runs of whitespace to a single space.
std::string CollapseWhitespace(std::string_view text);

// HTML or text to one clean line, as published: strip tags, decode entities (tags
// that escaped markup such as "&lt;p&gt;" decodes to are stripped too), valid
// UTF-8, PlainSpaces, collapse whitespace. Curly quotes, dashes and ellipses are
// kept: this is the text of titles, descriptions and names.
//
// With max_bytes > 0, cuts at a word boundary (never inside a UTF-8 sequence) and
// appends "..." when it had to cut. The bytes counted are those of MatchText, so
// the cut falls where MatchText cuts and Fold(PlainText(x, n)) ==
// Fold(MatchText(x, n)): a title's match key does not depend on its typography.
// The text returned may be longer than max_bytes by its typography (two bytes more
// for each curly quote or dash).
std::string PlainText(std::string_view html, std::size_t max_bytes = 0);

// PlainText as matching reads it: AsciiPunctuation of it ("Ages 3–8" is
// "Ages 3-8"), cut at max_bytes of this form. For what recognises text (hours,
// prices, dates, ratings, URLs, numbers) and for every key derived from text: the
// ids of URL-less items hash it, so it must stay as it is (issue 17, item 7).
std::string MatchText(std::string_view html, std::size_t max_bytes = 0);

// The piece of `published` (PlainText) that reads as `matched` (a piece of
// AsciiPunctuation(published), e.g. a city a pattern found in MatchText), with the
// publisher's typography: the first such piece that begins and ends on whole
// characters. `matched` itself when there is none.
std::string AsPublished(std::string_view published, std::string_view matched);

// True when `a` and `b` read the same to matching (AsciiPunctuation): "O’Brien"
// and "O'Brien" name one presenter.
bool SameMatchText(std::string_view a, std::string_view b);

// For comparison and synonym lookup: MatchText, ASCII lower case, every character
// that is not a letter or digit becomes a space, '&' becomes " and ", runs
// collapsed. Bytes >= 0x80 (accented letters) are kept as letters.
std::string Fold(std::string_view text);

// True if `phrase` (already folded) occurs in `folded` on word boundaries, also
// with a plural 's' ("lpc" matches "lpcs").
bool ContainsPhrase(std::string_view folded, std::string_view phrase);
// Position of the first such occurrence at or after `from`, or npos.
std::size_t FindPhrase(std::string_view folded, std::string_view phrase, std::size_t from = 0);

// Any JSON value as text: strings as they are, numbers in shortest form, objects by
// their "name", "@value", "value", "text" or "description" member (else their values
// joined), arrays joined with ", ". null gives "".
std::string ValueText(const Json& value);

// Flattens a string ("a, b; c" / "a and b" / "a | b"), an array or an object into
// trimmed items. Lists are separated by ',', ';', '|', '/', newlines and " and ".
std::vector<std::string> ValueList(const Json& value);

// A decimal number as written: "6", "6.5", ".5", "1,299.00" (thousands commas),
// "5,5" (decimal comma when exactly 1-2 digits follow). Leading/trailing space ok.
std::optional<double> ParseDecimal(std::string_view text);

// Shortest decimal that reads back as the same double: 6 -> "6", 1.5 -> "1.5".
std::string FormatNumber(double value);

// Rounds to 2 decimals, removing binary noise (0.6 * 10 = 6.000000000000001 -> 6).
double Round2(double value);

// ASCII lower case of the whole string (bytes >= 0x80 unchanged): common/ascii.h's.
using ::cecat::Lower;

}  // namespace cecat::normalise
