#include "parsers/text.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>
#include <vector>

#include "common/ascii.h"
#include "common/utf8.h"
#include "parsers/html.h"

namespace cecat::parsers {
namespace {

bool IsBlockName(std::string_view tag) {
  static constexpr std::string_view kBlocks[] = {
      "address", "article", "aside", "blockquote", "br",         "dd",      "details", "dialog",
      "div",     "dl",      "dt",    "fieldset",   "figcaption", "figure",  "footer",  "form",
      "h1",      "h2",      "h3",    "h4",         "h5",         "h6",      "header",  "hr",
      "li",      "main",    "nav",   "ol",         "p",          "pre",     "section", "table",
      "tr",      "td",      "th",    "ul",         "caption",    "summary", "title",   "option"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), tag) != std::end(kBlocks);
}

bool IsDroppedName(std::string_view tag) {
  return tag == "script" || tag == "style" || tag == "template" || tag == "noscript" ||
         tag == "iframe" || tag == "object" || tag == "svg";
}

enum TagClass : unsigned char { kInline = 0, kBlock = 1, kDropped = 2 };

// What PlainText does with an element: drop it, break lines around it, or neither.
// Known tags are looked up in a table made once from the names above (a string
// compare per element and tag name was a visible share of the refresh's profile);
// unknown tags ("my-widget") are compared by name, as before.
TagClass ClassOf(const GumboNode* n) {
  static const std::array<TagClass, GUMBO_TAG_LAST + 1> kTable = [] {
    std::array<TagClass, GUMBO_TAG_LAST + 1> t{};
    for (int tag = 0; tag < GUMBO_TAG_UNKNOWN; ++tag) {
      std::string_view name = gumbo_normalized_tagname(static_cast<GumboTag>(tag));
      t[tag] = IsDroppedName(name) ? kDropped : IsBlockName(name) ? kBlock : kInline;
    }
    return t;
  }();
  if (!IsElement(n)) return kInline;  // the document node
  GumboTag tag = n->v.element.tag;
  if (tag != GUMBO_TAG_UNKNOWN && tag < GUMBO_TAG_LAST) return kTable[tag];
  std::string name = TagName(n);
  return IsDroppedName(name) ? kDropped : IsBlockName(name) ? kBlock : kInline;
}

bool IsPreElement(const GumboNode* p) {
  return p->type == GUMBO_NODE_ELEMENT &&
         (p->v.element.tag == GUMBO_TAG_PRE || p->v.element.tag == GUMBO_TAG_TEXTAREA);
}

bool InPre(const GumboNode* n) {
  for (const GumboNode* p = n->parent; p != nullptr; p = p->parent) {
    if (IsPreElement(p)) return true;
  }
  return false;
}

// Bytes that may start whitespace for CollapseWhitespace: ASCII space, tab, CR,
// LF, FF, and 0xC2 (the lead byte of U+00A0).
constexpr std::array<bool, 256> kMaybeSpace = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {' ', '\t', '\n', '\f', '\r', static_cast<char>(0xC2)}) t[c] = true;
  return t;
}();

// CollapseWhitespace's work on `data[0, size)` in place (the result is never
// longer than the input); returns the new size.
std::size_t CollapseInPlace(char* data, std::size_t size, bool keep_newlines) {
  std::size_t w = 0;
  bool in_space = false, space_has_newline = false;
  for (std::size_t i = 0; i < size; ++i) {
    char c = data[i];
    if (!kMaybeSpace[static_cast<unsigned char>(c)]) {
      if (in_space) {
        if (w > 0) data[w++] = keep_newlines && space_has_newline ? '\n' : ' ';
        in_space = space_has_newline = false;
      }
      data[w++] = c;
      continue;
    }
    bool nbsp = static_cast<unsigned char>(c) == 0xC2 && i + 1 < size &&
                static_cast<unsigned char>(data[i + 1]) == 0xA0;
    if (IsAsciiSpace(c) || nbsp) {
      if (nbsp) ++i;
      in_space = true;
      space_has_newline = space_has_newline || c == '\n';
      continue;
    }
    // A 0xC2 that does not start U+00A0 is an ordinary byte.
    if (in_space && w > 0) data[w++] = keep_newlines && space_has_newline ? '\n' : ' ';
    in_space = space_has_newline = false;
    data[w++] = c;
  }
  return w;
}

// At most `max_bytes` of `text`, cut at a code point boundary, in place.
void TruncateInPlace(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
}

}  // namespace

std::string ValidUtf8(std::string_view text) { return RepairUtf8(text); }

std::string CollapseWhitespace(std::string_view text, bool keep_newlines) {
  std::string out(text);
  out.resize(CollapseInPlace(out.data(), out.size(), keep_newlines));
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
  // What `raw` would hold, and end with, had every text node been copied whole:
  // the limit and the line breaks go by these, so that a node of whitespace
  // alone can be one space (below) and the text stay the same.
  std::size_t collected = 0;
  char last = 0;
  // Stack entries: a node to visit, or (nullptr) a block end marker. `pre` is
  // whether the node sits inside <pre> or <textarea> (only needed with
  // keep_newlines), carried down rather than looked up per text node.
  struct Entry {
    const GumboNode* node;
    bool pre;
  };
  std::vector<Entry> stack{{node, keep_newlines && node != nullptr && InPre(node)}};
  while (!stack.empty() && collected < collect_limit) {
    const Entry entry = stack.back();
    const GumboNode* n = entry.node;
    stack.pop_back();
    // Breaks are pushed once: a run of empty blocks must not fill the budget.
    auto line_break = [&] {
      if (collected > 0 && last != '\n') {
        raw.push_back('\n');
        ++collected;
        last = '\n';
      }
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
        const char* text = n->v.text.text;
        const std::size_t length = std::strlen(text);
        if (length == 0) break;
        const bool pre = keep_newlines && entry.pre;  // its newlines are kept
        const bool to_spaces = keep_newlines && !entry.pre;
        if (!pre && std::strspn(text, " \t\n\f\r") == length) {
          // Whitespace alone (indentation between tags, most of a page's text
          // nodes) collapses into its neighbours' run whatever its length: one
          // space does the same. Its newlines would be spaces, or (without
          // keep_newlines) every run becomes a space anyway.
          raw.push_back(' ');
          const char end = text[length - 1];
          last = to_spaces && (end == '\n' || end == '\r') ? ' ' : end;
        } else {
          std::size_t from = raw.size();
          raw.append(text, length);
          if (to_spaces) {
            for (char nl : {'\n', '\r'}) {
              for (char *p = raw.data() + from, *e = raw.data() + raw.size();
                   (p = static_cast<char*>(std::memchr(p, nl, e - p))) != nullptr; ++p) {
                *p = ' ';
              }
            }
          }
          last = raw.back();
        }
        collected += length;
        break;
      }
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
      case GUMBO_NODE_DOCUMENT: {
        TagClass cls = ClassOf(n);
        if (cls == kDropped) break;
        if (cls == kBlock) {
          line_break();
          stack.push_back({nullptr, false});
        }
        const bool pre = entry.pre || IsPreElement(n);
        const GumboVector* kids = Children(n);
        for (unsigned i = kids->length; i > 0; --i) {
          stack.push_back({static_cast<const GumboNode*>(kids->data[i - 1]), pre});
        }
        break;
      }
      default:  // comments
        break;
    }
  }
  // Gumbo's text is valid UTF-8 already (it decodes the page and puts U+FFFD for
  // what does not decode), so the repair copy is made only when it would change
  // something.
  if (ValidUtf8Prefix(raw) != raw.size()) raw = ValidUtf8(raw);
  raw.resize(CollapseInPlace(raw.data(), raw.size(), keep_newlines));
  TruncateInPlace(raw, max_bytes);
  return raw;
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
