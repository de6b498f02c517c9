// A fast parser for the plain HTML most pages are written in (issue 25).
//
// Gumbo's parse was about three quarters of the refresh's CPU on a course page:
// it reads the page a character at a time through a UTF-8 iterator and a state
// machine of the whole HTML tokenizer. Most pages use a small part of HTML: a
// doctype (or none), <html>, <head> and <body> written or implied, elements that
// are closed in order (or by the few end tags HTML implies, such as an <li>
// closed by the next <li>), a handful of character references, tables with their
// rows, a select of options, an inline <svg> icon.
//
// ParseSimpleHtml builds, for such a page, the tree Gumbo 0.10 builds: the same
// nodes with the same types, tags, namespaces, original tag and attribute text,
// attributes, text, element start positions and parse flags, allocated from the
// same arena. For anything outside that subset (a misnested formatting element,
// foster-parented text, a character reference it does not know, a repeated
// attribute, a <template>, MathML, invalid UTF-8, a NUL byte, ...) it declines and
// returns nullptr, and the caller lets Gumbo parse the page. Declining is always
// safe; the subset only decides how many pages take the fast way
// (docs/extraction.md, "How a page is read", lists it).
//
// The equality is tested, not assumed: tests/parsers/simple_html_test.cc compares
// both trees node by node on every page under tests/ and on hand-written
// documents, tests/bench/simple_html_bench_test.cc on the bench pages, and the
// fuzz target fuzz_simple_html does the same on generated input.
#pragma once

#include <string_view>

#include <gumbo.h>

#include "parsers/html.h"

namespace cecat::parsers::detail {

// Gumbo's tree for `html`, or nullptr when the page is outside the subset. The
// nodes live in `arena` and point into `html` (original tag text, as Gumbo's
// do), so both must outlive the tree.
GumboOutput* ParseSimpleHtml(std::string_view html, GumboArena& arena);

}  // namespace cecat::parsers::detail
