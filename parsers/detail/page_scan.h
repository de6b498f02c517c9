// One walk over a parsed page that gathers what ExtractPage's stages read from the
// tree (issue 25): the <base href> elements, the JSON-LD <script>s, the <a href>
// links and the lists and tables where approvals are listed. Each stage used to
// walk the whole tree on its own; the walks were a visible share of the
// extraction's CPU beside Gumbo's parse.
//
// Each list is what the stage's own walk found, in the same order and with the
// same limits and pruning (a JSON-LD <script>'s subtree is not searched for more
// scripts, a table's rows are read by the table, not as list items), so the
// stages give the same output as before.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <gumbo.h>

namespace cecat::parsers::detail {

struct PageScanLimits {
  std::size_t max_scripts = 65;     // JSON-LD scripts kept (the caller's limit + 1)
  std::size_t max_links = 20000;    // <a href> kept
  std::size_t max_nodes = 2000000;  // elements visited, as WalkElements' default
};

struct PageScan {
  // <base> elements with an href, in document order.
  std::vector<const GumboNode*> bases;
  // <script> elements whose type is JSON-LD (IsJsonLdType), in document order, at
  // most max_scripts; none inside another <script> (foreign content can nest them).
  std::vector<const GumboNode*> jsonld_scripts;
  // <a> elements with an href, in document order, at most max_links.
  std::vector<const GumboNode*> links;
  // An element came after the max_links-th link: the page had more to read.
  bool links_capped = false;
  // <li> and <table> elements at or under `rows_root`, in document order, none
  // inside a table (a table reads its own rows; a nested one is not read).
  std::vector<const GumboNode*> approval_rows;
  // Elements under the document, templates' content included.
  std::size_t elements = 0;
};

// Walks `document` once in document (pre-)order with an explicit stack (no
// recursion on deep trees). `rows_root` is the element under which approval
// rows are looked for (<body>, else <html>); nullptr for none.
PageScan ScanPage(const GumboNode* document, const GumboNode* rows_root,
                  const PageScanLimits& limits);

// The text of a <script> element as FindJsonLdBlocks reads it: its text, CDATA
// and whitespace children, concatenated.
std::string ScriptText(const GumboNode* script);

}  // namespace cecat::parsers::detail
