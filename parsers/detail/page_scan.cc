#include "parsers/detail/page_scan.h"

#include <string>

#include "parsers/html.h"
#include "parsers/jsonld.h"

namespace cecat::parsers::detail {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

bool IsTag(const GumboNode* node, GumboTag tag) {
  return node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag;
}

// A stage's pruning in the shared walk: the depth of the element whose subtree
// the stage skips, until the walk leaves that subtree (pre-order: the first node
// at that depth or above).
class Prune {
 public:
  // True when the node at `depth` lies inside the skipped subtree.
  bool Skips(std::size_t depth) {
    if (depth_ != kNone && depth > depth_) return true;
    depth_ = kNone;
    return false;
  }
  void SkipBelow(std::size_t depth) { depth_ = depth; }

 private:
  std::size_t depth_ = kNone;
};

}  // namespace

PageScan ScanPage(const GumboNode* document, const GumboNode* rows_root,
                  const PageScanLimits& limits) {
  PageScan scan;
  struct Entry {
    const GumboNode* node;
    std::size_t depth;
  };
  std::vector<Entry> stack{{document, 0}};
  Prune jsonld;                    // a <script>'s subtree holds no JSON-LD block of its own
  Prune rows;                      // a table's rows are read by the table
  std::size_t rows_depth = kNone;  // depth of rows_root while inside it
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    if (IsElement(node)) {
      if (++scan.elements > limits.max_nodes) return scan;
      // <base href>: the first one that resolves is the base (BaseUrl).
      if (IsTag(node, GUMBO_TAG_BASE) && Attr(node, "href") != nullptr) scan.bases.push_back(node);
      // JSON-LD blocks (FindJsonLdBlocks): no script is searched inside a script.
      if (!jsonld.Skips(depth) && scan.jsonld_scripts.size() < limits.max_scripts &&
          IsTag(node, GUMBO_TAG_SCRIPT)) {
        const char* type = Attr(node, "type");
        if (type != nullptr && IsJsonLdType(type)) scan.jsonld_scripts.push_back(node);
        jsonld.SkipBelow(depth);
      }
      // Links (ReadLinks): every <a href>, up to the limit.
      if (scan.links.size() >= limits.max_links) {
        scan.links_capped = true;
      } else if (IsTag(node, GUMBO_TAG_A) && Attr(node, "href") != nullptr) {
        scan.links.push_back(node);
      }
      // Approval rows (ApprovalRows): list items, and tables as a whole.
      if (node == rows_root) rows_depth = depth;
      if (rows_depth != kNone && depth <= rows_depth && node != rows_root) rows_depth = kNone;
      if (rows_depth != kNone && !rows.Skips(depth)) {
        GumboTag tag = node->v.element.tag;
        if (tag == GUMBO_TAG_LI) scan.approval_rows.push_back(node);
        if (tag == GUMBO_TAG_TABLE) {
          scan.approval_rows.push_back(node);
          rows.SkipBelow(depth);
        }
      }
    } else if (node->type != GUMBO_NODE_DOCUMENT) {
      continue;
    }
    const GumboVector* kids = Children(node);
    if (kids == nullptr) continue;
    for (unsigned i = kids->length; i > 0; --i) {
      stack.push_back({static_cast<const GumboNode*>(kids->data[i - 1]), depth + 1});
    }
  }
  return scan;
}

std::string ScriptText(const GumboNode* script) {
  std::string text;
  const GumboVector* kids = Children(script);
  for (unsigned i = 0; kids != nullptr && i < kids->length; ++i) {
    const auto* kid = static_cast<const GumboNode*>(kids->data[i]);
    if (kid->type == GUMBO_NODE_TEXT || kid->type == GUMBO_NODE_WHITESPACE ||
        kid->type == GUMBO_NODE_CDATA) {
      text += kid->v.text.text;
    }
  }
  return text;
}

}  // namespace cecat::parsers::detail
