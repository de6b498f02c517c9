// Text hygiene: plain text out of HTML, whitespace collapsed, valid UTF-8, capped.
//
// Everything a parser hands on as text goes through here, so records never carry
// markup, invalid UTF-8 (nlohmann::json::dump would throw on it) or unbounded
// strings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <gumbo.h>

namespace cecat::parsers {

// Default cap for one text value (a description, a statement).
inline constexpr std::size_t kDefaultMaxTextBytes = 64 * 1024;

// `text` with every invalid UTF-8 sequence (bad lead byte, truncated or overlong
// sequence, surrogate, code point above U+10FFFF) replaced by U+FFFD.
std::string ValidUtf8(std::string_view text);

// Runs of whitespace (ASCII space, tab, CR, LF, FF, and U+00A0 no-break space)
// become one space; leading and trailing whitespace is removed. A run holding a
// newline becomes "\n" instead when `keep_newlines` is set.
std::string CollapseWhitespace(std::string_view text, bool keep_newlines = false);

// At most `max_bytes` bytes of `text`, cut at a code point boundary.
std::string TruncateUtf8(std::string_view text, std::size_t max_bytes);

// The plain text of `node` and its descendants: text and CDATA kept; comments,
// <script>, <style>, <template>, <noscript> and their content dropped; entities
// already decoded by Gumbo; <br> and block elements (p, div, li, h1-h6, tr, ...)
// separate their text by a newline when `keep_newlines` is set, by a space
// otherwise; whitespace collapsed; valid UTF-8; at most `max_bytes` bytes.
// Walks with an explicit stack: no recursion on deep trees.
std::string PlainText(const GumboNode* node, std::size_t max_bytes = kDefaultMaxTextBytes,
                      bool keep_newlines = false);

// Plain text from an HTML fragment (for JSON-LD descriptions written as HTML):
// if `text` holds no '<' or '&', it is only collapsed and sanitised.
std::string PlainTextFromHtml(std::string_view text, std::size_t max_bytes = kDefaultMaxTextBytes);

}  // namespace cecat::parsers
