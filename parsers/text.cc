#include "parsers/text.h"

#include <algorithm>
#include <vector>

#include "common/ascii.h"
#include "common/utf8.h"
#include "parsers/html.h"

namespace cecat::parsers {
namespace {

bool IsBlock(const std::string& tag) {
  static const char* const kBlocks[] = {
      "address", "article", "aside", "blockquote", "br",         "dd",      "details", "dialog",
      "div",     "dl",      "dt",    "fieldset",   "figcaption", "figure",  "footer",  "form",
      "h1",      "h2",      "h3",    "h4",         "h5",         "h6",      "header",  "hr",
      "li",      "main",    "nav",   "ol",         "p",          "pre",     "section", "table",
      "tr",      "td",      "th",    "ul",         "caption",    "summary", "title",   "option"};
  return std::any_of(std::begin(kBlocks), std::end(kBlocks),
                     [&](const char* b) { return tag == b; });
}

bool IsDropped(const std::string& tag) {
  return tag == "script" || tag == "style" || tag == "template" || tag == "noscript" ||
         tag == "iframe" || tag == "object" || tag == "svg";
}

bool InPre(const GumboNode* n) {
  for (const GumboNode* p = n->parent; p != nullptr; p = p->parent) {
    if (p->type == GUMBO_NODE_ELEMENT &&
        (p->v.element.tag == GUMBO_TAG_PRE || p->v.element.tag == GUMBO_TAG_TEXTAREA)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string ValidUtf8(std::string_view text) { return RepairUtf8(text); }

std::string CollapseWhitespace(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  bool in_space = false, space_has_newline = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool nbsp = static_cast<unsigned char>(c) == 0xC2 && i + 1 < text.size() &&
                static_cast<unsigned char>(text[i + 1]) == 0xA0;
    if (IsAsciiSpace(c) || nbsp) {
      if (nbsp) ++i;
      in_space = true;
      space_has_newline = space_has_newline || c == '\n';
      continue;
    }
    if (in_space && !out.empty()) out.push_back(keep_newlines && space_has_newline ? '\n' : ' ');
    in_space = space_has_newline = false;
    out.push_back(c);
  }
  return out;
}

std::string TruncateUtf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Back off continuation bytes so the cut falls on a code point boundary.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

std::string PlainText(const GumboNode* node, std::size_t max_bytes, bool keep_newlines) {
  std::string raw;
  // Collect a little more than the cap: collapsing shrinks the text.
  const std::size_t collect_limit = max_bytes * 2 + 64;
  // Stack entries: a node to visit, or (nullptr) a block end marker.
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty() && raw.size() < collect_limit) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    // Breaks are pushed once: a run of empty blocks must not fill the budget.
    auto line_break = [&raw] {
      if (!raw.empty() && raw.back() != '\n') raw.push_back('\n');
    };
    if (n == nullptr) {
      line_break();
      continue;
    }
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE: {
        // A line break in the HTML source is a space as a browser renders it:
        // only blocks and <br> (pushed above) break lines, and <pre> keeps its own.
        // Without this a statement wrapped in the source ("... as an Approved\n
        // Continuing Education Provider, ACEP No. 6789.") was cut into paragraphs.
        std::size_t from = raw.size();
        raw.append(n->v.text.text);
        if (keep_newlines && !InPre(n)) {
          std::replace(raw.begin() + static_cast<std::ptrdiff_t>(from), raw.end(), '\n', ' ');
          std::replace(raw.begin() + static_cast<std::ptrdiff_t>(from), raw.end(), '\r', ' ');
        }
        break;
      }
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
      case GUMBO_NODE_DOCUMENT: {
        std::string tag = TagName(n);
        if (IsDropped(tag)) break;
        bool block = IsBlock(tag);
        if (block) {
          line_break();
          stack.push_back(nullptr);
        }
        const GumboVector* kids = Children(n);
        for (unsigned i = kids->length; i > 0; --i) {
          stack.push_back(static_cast<const GumboNode*>(kids->data[i - 1]));
        }
        break;
      }
      default:  // comments
        break;
    }
  }
  std::string text = CollapseWhitespace(ValidUtf8(raw), keep_newlines);
  return TruncateUtf8(text, max_bytes);
}

std::string PlainTextFromHtml(std::string_view text, std::size_t max_bytes) {
  if (text.find('<') == std::string_view::npos && text.find('&') == std::string_view::npos) {
    return TruncateUtf8(CollapseWhitespace(ValidUtf8(text)), max_bytes);
  }
  // Parsed as a fragment inside <body>; the text is capped first so that the
  // parse is bounded too.
  HtmlDocument doc(TruncateUtf8(text, max_bytes * 4), 128);
  return PlainText(doc.root(), max_bytes);
}

}  // namespace cecat::parsers
