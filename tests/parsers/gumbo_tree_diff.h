// The first difference between two Gumbo trees, for the simple parser's tests
// (parsers/detail/simple_html.h promises Gumbo's tree, node for node).
//
// Compared: the document node (children, doctype name and identifiers, quirks
// mode); for every node its type, index_within_parent, parent pointer (each
// child's parent is the node whose children hold it) and parse_flags; for
// elements and templates the tag, namespace, original tag text (as an offset
// into the buffer both trees were parsed from, and its length), start line and
// offset, attributes in order (namespace, name, value, original name and value
// text) and children; for text, whitespace, comment and CDATA nodes the text.
// Not compared, because nothing in cecat reads them: columns, end positions,
// original end tags, attribute positions, a text node's original text and
// position, and the parse errors (HtmlDocument records none).
//
// Both trees are walked with explicit stacks: a page nested thousands deep must
// not overflow the call stack of the test that checks it.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

#include "parsers/html.h"

namespace cecat::parsers::testing {

// Gumbo's parse of `buffer` with HtmlDocument's options (parsers/html.cc): the
// default options, no error records, nodes in `arena`. `buffer` must outlive the
// tree (original tags point into it).
inline GumboOutput* GumboParseLikeHtmlDocument(std::string_view buffer, GumboArena& arena) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  options.allocator = &GumboArena::Allocate;
  options.deallocator = &GumboArena::Deallocate;
  options.userdata = &arena;
  return gumbo_parse_with_options(&options, buffer.data(), buffer.size());
}

// `text` in single quotes, control bytes and quotes escaped, cut after `max`
// bytes so that a diff of two long text nodes stays readable.
inline std::string GumboDiffQuote(std::string_view text, std::size_t max = 80) {
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > max) out += "...(" + std::to_string(text.size()) + " bytes)";
  return out + "'";
}

// A C string that may be null: null reads as absent, which differs from "".
inline std::string GumboDiffQuote(const char* text) {
  return text == nullptr ? std::string("null") : GumboDiffQuote(std::string_view(text));
}

inline bool GumboDiffSameString(const char* a, const char* b) {
  if (a == nullptr || b == nullptr) return a == b;
  return std::strcmp(a, b) == 0;
}

inline bool GumboDiffSamePiece(const GumboStringPiece& a, const GumboStringPiece& b) {
  return std::string_view(a.data == nullptr ? "" : a.data, a.length) ==
         std::string_view(b.data == nullptr ? "" : b.data, b.length);
}

inline std::string_view GumboDiffPieceText(const GumboStringPiece& piece) {
  return piece.data == nullptr ? std::string_view() : std::string_view(piece.data, piece.length);
}

inline const char* GumboDiffTypeName(GumboNodeType type) {
  switch (type) {
    case GUMBO_NODE_DOCUMENT:
      return "document";
    case GUMBO_NODE_ELEMENT:
      return "element";
    case GUMBO_NODE_TEXT:
      return "text";
    case GUMBO_NODE_CDATA:
      return "cdata";
    case GUMBO_NODE_COMMENT:
      return "comment";
    case GUMBO_NODE_WHITESPACE:
      return "whitespace";
    case GUMBO_NODE_TEMPLATE:
      return "template";
  }
  return "unknown node type";
}

// Gumbo's name for a tag ("div"), with its number: the tags a parser confuses
// may print alike (GUMBO_TAG_UNKNOWN prints as "").
inline std::string GumboDiffTagName(GumboTag tag) {
  std::string number = "(" + std::to_string(static_cast<int>(tag)) + ")";
  if (static_cast<int>(tag) < 0 || tag >= GUMBO_TAG_LAST) return "out of range " + number;
  return gumbo_normalized_tagname(tag) + (" " + number);
}

inline const char* GumboDiffNamespaceName(GumboNamespaceEnum ns) {
  switch (ns) {
    case GUMBO_NAMESPACE_HTML:
      return "html";
    case GUMBO_NAMESPACE_SVG:
      return "svg";
    case GUMBO_NAMESPACE_MATHML:
      return "mathml";
  }
  return "unknown namespace";
}

// One step of a path: "div", "svg:path", "#text", "#comment"; an element whose tag
// Gumbo does not know is named by its original tag text ("my-widget").
inline std::string GumboDiffStep(const GumboNode* node) {
  switch (node->type) {
    case GUMBO_NODE_DOCUMENT:
      return "#document";
    case GUMBO_NODE_TEXT:
      return "#text";
    case GUMBO_NODE_CDATA:
      return "#cdata";
    case GUMBO_NODE_COMMENT:
      return "#comment";
    case GUMBO_NODE_WHITESPACE:
      return "#whitespace";
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      break;
  }
  const GumboElement& el = node->v.element;
  std::string name;
  if (el.tag != GUMBO_TAG_UNKNOWN) {
    name = gumbo_normalized_tagname(el.tag);
  } else {
    GumboStringPiece piece = el.original_tag;
    if (piece.data != nullptr && piece.length > 0) gumbo_tag_from_original_text(&piece);
    name = std::string(GumboDiffPieceText(piece));
    if (name.empty()) name = "?";
  }
  if (el.tag_namespace == GUMBO_NAMESPACE_SVG) return "svg:" + name;
  if (el.tag_namespace == GUMBO_NAMESPACE_MATHML) return "math:" + name;
  return name;
}

// Where a piece of original text starts in `buffer` ("@123+4"), or "empty".
// Pointers outside the buffer are shown as such: neither parser should make one.
inline std::string GumboDiffPlace(const GumboStringPiece& piece, std::string_view buffer) {
  if (piece.data == nullptr || piece.length == 0) return "empty";
  auto start = reinterpret_cast<std::uintptr_t>(buffer.data());
  auto at = reinterpret_cast<std::uintptr_t>(piece.data);
  if (at < start || at - start > buffer.size()) return "outside the buffer";
  return "@" + std::to_string(at - start) + "+" + std::to_string(piece.length);
}

// The attributes' first difference ("" when none).
inline std::string GumboDiffAttributes(const GumboVector& expected, const GumboVector& actual) {
  if (expected.length != actual.length) {
    return "attribute count " + std::to_string(expected.length) + " vs " +
           std::to_string(actual.length);
  }
  for (unsigned i = 0; i < expected.length; ++i) {
    const auto* e = static_cast<const GumboAttribute*>(expected.data[i]);
    const auto* a = static_cast<const GumboAttribute*>(actual.data[i]);
    std::string which = "attribute[" + std::to_string(i) + "] ";
    if (e == nullptr || a == nullptr) return which + "is null";
    which += GumboDiffQuote(e->name) + " ";
    if (e->attr_namespace != a->attr_namespace) {
      return which + "namespace " + std::to_string(static_cast<int>(e->attr_namespace)) + " vs " +
             std::to_string(static_cast<int>(a->attr_namespace));
    }
    if (!GumboDiffSameString(e->name, a->name)) {
      return which + "name " + GumboDiffQuote(e->name) + " vs " + GumboDiffQuote(a->name);
    }
    if (!GumboDiffSameString(e->value, a->value)) {
      return which + "value " + GumboDiffQuote(e->value) + " vs " + GumboDiffQuote(a->value);
    }
    if (!GumboDiffSamePiece(e->original_name, a->original_name)) {
      return which + "original name " + GumboDiffQuote(GumboDiffPieceText(e->original_name)) +
             " vs " + GumboDiffQuote(GumboDiffPieceText(a->original_name));
    }
    if (!GumboDiffSamePiece(e->original_value, a->original_value)) {
      return which + "original value " + GumboDiffQuote(GumboDiffPieceText(e->original_value)) +
             " vs " + GumboDiffQuote(GumboDiffPieceText(a->original_value));
    }
  }
  return {};
}

// An element's or template's own fields (not its children's), "" when equal.
inline std::string GumboDiffElement(const GumboElement& e, const GumboElement& a,
                                    std::string_view buffer) {
  if (e.tag != a.tag) {
    return "tag " + GumboDiffTagName(e.tag) + " vs " + GumboDiffTagName(a.tag);
  }
  if (e.tag_namespace != a.tag_namespace) {
    return std::string("namespace ") + GumboDiffNamespaceName(e.tag_namespace) + " vs " +
           GumboDiffNamespaceName(a.tag_namespace);
  }
  std::string e_place = GumboDiffPlace(e.original_tag, buffer);
  std::string a_place = GumboDiffPlace(a.original_tag, buffer);
  bool outside = e_place == "outside the buffer" || a_place == "outside the buffer";
  if (e_place != a_place || (outside && !GumboDiffSamePiece(e.original_tag, a.original_tag))) {
    return "original tag " + e_place + " " + GumboDiffQuote(GumboDiffPieceText(e.original_tag)) +
           " vs " + a_place + " " + GumboDiffQuote(GumboDiffPieceText(a.original_tag));
  }
  if (e.start_pos.line != a.start_pos.line || e.start_pos.offset != a.start_pos.offset) {
    return "start line:offset " + std::to_string(e.start_pos.line) + ":" +
           std::to_string(e.start_pos.offset) + " vs " + std::to_string(a.start_pos.line) + ":" +
           std::to_string(a.start_pos.offset);
  }
  if (std::string diff = GumboDiffAttributes(e.attributes, a.attributes); !diff.empty()) {
    return diff;
  }
  if (e.children.length != a.children.length) {
    return "child count " + std::to_string(e.children.length) + " vs " +
           std::to_string(a.children.length);
  }
  return {};
}

// The node's own fields and its link to its parent, "" when equal. `parent_e` and
// `parent_a` hold the nodes at `index`.
inline std::string GumboDiffNode(const GumboNode* e, const GumboNode* a, const GumboNode* parent_e,
                                 const GumboNode* parent_a, unsigned index,
                                 std::string_view buffer) {
  if (e == nullptr || a == nullptr) {
    return std::string("node is null in ") + (e == nullptr ? "expected" : "actual");
  }
  if (e->type != a->type) {
    return std::string("type ") + GumboDiffTypeName(e->type) + " vs " + GumboDiffTypeName(a->type);
  }
  if (e->index_within_parent != a->index_within_parent) {
    return "index_within_parent " + std::to_string(e->index_within_parent) + " vs " +
           std::to_string(a->index_within_parent);
  }
  // Gumbo's own tree keeps these consistent; the other tree must too, since
  // consumers walk up through parent and across by index_within_parent.
  if (a->index_within_parent != index) {
    return "index_within_parent " + std::to_string(a->index_within_parent) +
           " but the node is child " + std::to_string(index) + " (in both trees)";
  }
  if (e->parent != parent_e) return "expected tree: parent is not the node holding it";
  if (a->parent != parent_a) return "actual tree: parent is not the node holding it";
  if (e->parse_flags != a->parse_flags) {
    return "parse_flags " + std::to_string(static_cast<int>(e->parse_flags)) + " vs " +
           std::to_string(static_cast<int>(a->parse_flags));
  }
  switch (e->type) {
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      return GumboDiffElement(e->v.element, a->v.element, buffer);
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_COMMENT:
    case GUMBO_NODE_WHITESPACE:
      if (!GumboDiffSameString(e->v.text.text, a->v.text.text)) {
        return "text " + GumboDiffQuote(e->v.text.text) + " vs " + GumboDiffQuote(a->v.text.text);
      }
      return {};
    case GUMBO_NODE_DOCUMENT:
      return "a document node below the document";
  }
  return "unknown node type " + std::to_string(static_cast<int>(e->type));
}

// The document node's fields (not its children's), "" when equal.
inline std::string GumboDiffDocument(const GumboNode* e, const GumboNode* a) {
  if (e == nullptr || a == nullptr) {
    return std::string("document is null in ") + (e == nullptr ? "expected" : "actual");
  }
  if (e->type != GUMBO_NODE_DOCUMENT || a->type != GUMBO_NODE_DOCUMENT) {
    return std::string("document node type ") + GumboDiffTypeName(e->type) + " vs " +
           GumboDiffTypeName(a->type);
  }
  if (e->parent != nullptr || a->parent != nullptr) return "document has a parent";
  if (e->index_within_parent != a->index_within_parent) {
    return "document index_within_parent " + std::to_string(e->index_within_parent) + " vs " +
           std::to_string(a->index_within_parent);
  }
  if (e->parse_flags != a->parse_flags) {
    return "document parse_flags " + std::to_string(static_cast<int>(e->parse_flags)) + " vs " +
           std::to_string(static_cast<int>(a->parse_flags));
  }
  const GumboDocument& de = e->v.document;
  const GumboDocument& da = a->v.document;
  if (de.has_doctype != da.has_doctype) {
    return std::string("has_doctype ") + (de.has_doctype ? "true" : "false") + " vs " +
           (da.has_doctype ? "true" : "false");
  }
  if (!GumboDiffSameString(de.name, da.name)) {
    return "doctype name " + GumboDiffQuote(de.name) + " vs " + GumboDiffQuote(da.name);
  }
  if (!GumboDiffSameString(de.public_identifier, da.public_identifier)) {
    return "doctype public identifier " + GumboDiffQuote(de.public_identifier) + " vs " +
           GumboDiffQuote(da.public_identifier);
  }
  if (!GumboDiffSameString(de.system_identifier, da.system_identifier)) {
    return "doctype system identifier " + GumboDiffQuote(de.system_identifier) + " vs " +
           GumboDiffQuote(da.system_identifier);
  }
  if (de.doc_type_quirks_mode != da.doc_type_quirks_mode) {
    return "quirks mode " + std::to_string(static_cast<int>(de.doc_type_quirks_mode)) + " vs " +
           std::to_string(static_cast<int>(da.doc_type_quirks_mode));
  }
  if (de.children.length != da.children.length) {
    return "document child count " + std::to_string(de.children.length) + " vs " +
           std::to_string(da.children.length);
  }
  return {};
}

// The position of `root` among the document's children, or -1.
inline long GumboDiffRootIndex(const GumboOutput* output) {
  const GumboVector& kids = output->document->v.document.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    if (kids.data[i] == output->root) return static_cast<long>(i);
  }
  return -1;
}

// "" when both trees are the same in everything listed at the top of this file;
// else the first difference in document order with the path to the node, e.g.
// "html>body>div[3]>#text: text 'a' vs 'b'" (a step's [i] is its index among
// its parent's children, shown when it has siblings). Both trees must come from
// `buffer` (original tags are compared as offsets into it).
inline std::string GumboTreeDiff(const GumboOutput* expected, const GumboOutput* actual,
                                 std::string_view buffer) {
  if (expected == nullptr || actual == nullptr) {
    return std::string("output is null in ") + (expected == nullptr ? "expected" : "actual");
  }
  if (std::string diff = GumboDiffDocument(expected->document, actual->document); !diff.empty()) {
    return "#document: " + diff;
  }

  // Depth-first, both trees in step. A frame is an open parent and the index of its
  // next child to compare; the frames are the path to the node being compared.
  struct Frame {
    const GumboNode* expected;
    const GumboNode* actual;
    unsigned next = 0;
  };
  std::vector<Frame> stack;
  stack.push_back({expected->document, actual->document});
  // The path to the child `index` of the innermost frame's node.
  auto path_to = [&stack](const GumboNode* node, unsigned index) {
    std::string path;
    auto step = [&path](const GumboNode* n, const GumboNode* parent, unsigned i) {
      if (!path.empty()) path += '>';
      path += GumboDiffStep(n);
      if (Children(parent)->length > 1) path += "[" + std::to_string(i) + "]";
    };
    for (std::size_t f = 1; f < stack.size(); ++f) {
      step(stack[f].expected, stack[f - 1].expected, stack[f - 1].next - 1);
    }
    step(node, stack.back().expected, index);
    return path;
  };
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const GumboVector* kids_e = Children(frame.expected);
    const GumboVector* kids_a = Children(frame.actual);
    if (frame.next >= kids_e->length) {
      stack.pop_back();
      continue;
    }
    unsigned i = frame.next++;
    const auto* e = static_cast<const GumboNode*>(kids_e->data[i]);
    const auto* a = static_cast<const GumboNode*>(kids_a->data[i]);
    std::string diff = GumboDiffNode(e, a, frame.expected, frame.actual, i, buffer);
    if (!diff.empty()) return path_to(e != nullptr ? e : a, i) + ": " + diff;
    // Equal child counts were checked with the node's own fields.
    if (IsElement(e)) stack.push_back({e, a});
  }

  // The root is the <html> element, at the same place among the document's children.
  for (const GumboOutput* output : {expected, actual}) {
    const char* which = output == expected ? "expected" : "actual";
    if (!IsElement(output->root) || output->root->v.element.tag != GUMBO_TAG_HTML) {
      return std::string("root: not an <html> element in ") + which;
    }
    if (GumboDiffRootIndex(output) < 0) {
      return std::string("root: not a child of the document in ") + which;
    }
  }
  if (GumboDiffRootIndex(expected) != GumboDiffRootIndex(actual)) {
    return "root: document child " + std::to_string(GumboDiffRootIndex(expected)) + " vs " +
           std::to_string(GumboDiffRootIndex(actual));
  }
  return {};
}

}  // namespace cecat::parsers::testing
