// Gumbo's parse tree, owned and walked without recursion.
//
// Every GumboOutput has an owner (GumboDoc). Walks use an explicit stack so a
// page nested 100,000 elements deep cannot overflow the call stack.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

namespace cecat::parsers {

// A bump allocator for one parse. Gumbo makes a malloc call for every node, string
// piece and vector growth and a free for each when the tree goes: about a fifth of
// the parse in the C library's allocator. From an arena, freeing is a no-op and
// the whole tree goes at once; the cost is the memory of discarded vector buffers,
// at most about the size of the tree again.
class GumboArena {
 public:
  GumboArena() = default;
  GumboArena(const GumboArena&) = delete;
  GumboArena& operator=(const GumboArena&) = delete;
  // GumboOptions::allocator / deallocator, with the arena as userdata.
  static void* Allocate(void* arena, size_t size);
  static void Deallocate(void* /*arena*/, void* /*ptr*/) {}
  std::size_t bytes_reserved() const { return reserved_; }

 private:
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* next_ = nullptr;
  std::size_t left_ = 0;
  std::size_t reserved_ = 0;
};

// The parse tree lives in its HtmlDocument's arena: nothing to free on its own.
struct GumboDeleter {
  void operator()(GumboOutput* /*out*/) const {}
};
using GumboDoc = std::unique_ptr<GumboOutput, GumboDeleter>;

// A parsed page. Owns a copy of the bytes because Gumbo's nodes point into them.
// Never fails: Gumbo builds a tree for any input (invalid UTF-8 becomes U+FFFD).
// The caller caps the input size (ExtractOptions::max_html_bytes); nesting is
// flattened beyond `max_depth` open elements first (LimitNesting) because Gumbo
// 0.10's tree construction is quadratic in the depth of open elements: 20,000
// nested <div>s take 20 s, 500 take milliseconds. Gumbo reads about 3 MB/s of
// ordinary markup, so the caller's size cap bounds the time.
//
// A page in the plain subset of HTML that detail/simple_html.h describes is
// parsed by that parser instead, into the tree Gumbo would build (about a tenth
// of Gumbo's time); `simple_parser = false` always uses Gumbo (the differential
// tests compare the two).
class HtmlDocument {
 public:
  explicit HtmlDocument(std::string_view html, std::size_t max_depth = 256,
                        bool simple_parser = true);
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  const GumboNode* document() const { return doc_->document; }
  // The <html> element (Gumbo always creates one).
  const GumboNode* root() const { return doc_->root; }
  // True when start tags beyond max_depth were dropped.
  bool flattened() const { return flattened_; }
  // True when the simple parser built the tree (Gumbo did not run).
  bool simple() const { return simple_; }

 private:
  std::string buffer_;
  GumboArena arena_;  // before doc_: the tree lives in it
  GumboDoc doc_;
  bool flattened_ = false;
  bool simple_ = false;
};

// Returns `html` unchanged when its start tags never nest deeper than
// `max_depth`; otherwise a copy where elements beyond that depth are closed at
// once when they have attributes (<a href=x> becomes <a href=x></a>: attributes
// kept, content moved after) and dropped otherwise (their text stays). The depth is an
// over-estimate (implied end tags such as an unclosed <p> are not modelled), so the limit should be
// generous. Sets *truncated when anything was dropped.
std::string LimitNesting(std::string_view html, std::size_t max_depth, bool* truncated);

// Element or template node (templates are elements whose children are their content).
bool IsElement(const GumboNode* node);
// Lower-case tag name of an element ("div", "my-widget"); empty for other nodes.
std::string TagName(const GumboNode* node);
// The attribute's value, or nullptr. HTML attribute names are lower case in the tree.
const char* Attr(const GumboNode* node, std::string_view name);
// Children of an element/template/document node; nullptr for text nodes.
const GumboVector* Children(const GumboNode* node);
// Element children only, in order.
std::vector<const GumboNode*> ElementChildren(const GumboNode* node);

// True when `name` can be written as a CSS identifier without escapes (ASCII
// letters, digits, '-' and '_', not starting with a digit or "-digit"), so a
// generated selector holding it as a class or id parses as written.
bool IsPlainIdentifier(std::string_view name);

// The element's classes (its class attribute split at whitespace), in order.
std::vector<std::string> ClassList(const GumboNode* element);

// One step of a selector for `element`: the tag, then "#id" and ".class" for
// those that are plain identifiers, e.g. "table.offers", "div#main".
std::string CompoundSelector(const GumboNode* element);

// A selector naming `element` by its path from <html>: each step a
// CompoundSelector plus ":nth-of-type(k)" when a sibling has the same tag, e.g.
// "html > body > table.offers > tbody > tr:nth-of-type(3)". Each step picks one
// child of the step before, so the path matches `element` and nothing else.
std::string ElementPath(const GumboNode* element);

// Visits `root` and its descendant elements in document (pre-)order with an
// explicit stack. `visit(node)` returns false to skip that element's subtree.
// Stops after `max_nodes` elements. `root` itself is visited only if it is an element.
template <typename Visit>
void WalkElements(const GumboNode* root, Visit&& visit, std::size_t max_nodes = 2'000'000) {
  std::vector<const GumboNode*> stack;
  stack.push_back(root);
  std::size_t seen = 0;
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (IsElement(node)) {
      if (++seen > max_nodes) return;
      if (!visit(node)) continue;
    } else if (node->type != GUMBO_NODE_DOCUMENT) {
      continue;
    }
    const GumboVector* kids = Children(node);
    if (kids == nullptr) continue;
    for (unsigned i = kids->length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(kids->data[i - 1]));
    }
  }
}

}  // namespace cecat::parsers
