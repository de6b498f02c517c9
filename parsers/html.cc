#include "parsers/html.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstring>

#include <strings.h>

#include "common/ascii.h"

namespace cecat::parsers {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool OneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// HTML's void elements never take an end tag, so they never nest.
bool IsVoid(std::string_view name) {
  return OneOf(name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link",
                      "meta", "param", "source", "track", "wbr"});
}

// Elements whose content is raw text: no tags inside until the matching end tag.
bool IsRawText(std::string_view name) {
  return OneOf(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                      "noframes", "plaintext"});
}

// Start tags that close an open <p> (HTML 8.2.5.4.7, abridged).
bool ClosesParagraph(std::string_view name) {
  return OneOf(name,
               {"p",    "div",     "ul",         "ol",   "dl",      "table",   "h1",       "h2",
                "h3",   "h4",      "h5",         "h6",   "section", "article", "header",   "footer",
                "nav",  "aside",   "blockquote", "pre",  "form",    "hr",      "fieldset", "figure",
                "main", "address", "details",    "menu", "li",      "dd",      "dt"});
}

// Models the end tags HTML implies, so that lists of unclosed <li>/<p>/<td> do
// not look deep.
void ApplyImpliedEnds(std::vector<std::string>& open, const std::string& name) {
  auto top_is = [&](std::initializer_list<std::string_view> names) {
    return !open.empty() && OneOf(open.back(), names);
  };
  // The top first: it is rarely <p>, and ClosesParagraph compares 31 names.
  if (top_is({"p"}) && ClosesParagraph(name)) open.pop_back();
  if (name == "li" && top_is({"li"})) open.pop_back();
  if ((name == "dt" || name == "dd") && top_is({"dt", "dd"})) open.pop_back();
  if (name == "option" && top_is({"option"})) open.pop_back();
  if ((name == "td" || name == "th" || name == "tr") && top_is({"td", "th"})) open.pop_back();
  if (name == "tr" && top_is({"tr"})) open.pop_back();
}

// Index just past the '>' that ends the tag starting at `from`, honouring quotes.
std::size_t TagEnd(std::string_view html, std::size_t from) {
  char quote = 0;
  for (std::size_t i = from; i < html.size(); ++i) {
    char c = html[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return html.size();
}

// Case-insensitive search for "</name" from `from`.
std::size_t FindEndTag(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t i = html.find("</", from); i != std::string_view::npos;
       i = html.find("</", i + 2)) {
    if (i + 2 + name.size() > html.size()) break;
    bool same = true;
    for (std::size_t k = 0; k < name.size() && same; ++k) {
      same = LowerChar(html[i + 2 + k]) == name[k];
    }
    if (same) return i;
  }
  return html.size();
}

}  // namespace

std::string LimitNesting(std::string_view html, std::size_t max_depth, bool* truncated) {
  *truncated = false;
  std::string out;
  out.reserve(html.size());
  std::vector<std::string> open;
  std::size_t i = 0;
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) {
      out.append(html.substr(i));
      break;
    }
    out.append(html.substr(i, lt - i));
    if (html.compare(lt, 4, "<!--") == 0) {
      std::size_t end = html.find("-->", lt + 4);
      end = end == std::string_view::npos ? html.size() : end + 3;
      out.append(html.substr(lt, end - lt));
      i = end;
      continue;
    }
    bool is_end = html[lt + 1] == '/';
    std::size_t name_at = lt + (is_end ? 2 : 1);
    if (name_at >= html.size() || !IsAsciiAlpha(html[name_at])) {
      out.push_back('<');
      i = lt + 1;
      continue;
    }
    std::size_t name_end = name_at;
    while (name_end < html.size() && !std::isspace(static_cast<unsigned char>(html[name_end])) &&
           html[name_end] != '/' && html[name_end] != '>') {
      ++name_end;
    }
    std::string name = Lower(html.substr(name_at, name_end - name_at));
    std::size_t end = TagEnd(html, name_end);
    std::string_view tag = html.substr(lt, end - lt);
    if (is_end) {
      auto it = std::find(open.rbegin(), open.rend(), name);
      if (it != open.rend()) open.erase(std::next(it).base(), open.end());
      out.append(tag);
      i = end;
      continue;
    }
    bool self_closing = tag.size() >= 2 && tag[tag.size() - 2] == '/';
    if (IsRawText(name)) {
      std::size_t close = FindEndTag(html, end, name);
      out.append(html.substr(lt, close - lt));
      i = close;
      continue;
    }
    ApplyImpliedEnds(open, name);
    if (IsVoid(name) || self_closing) {
      out.append(tag);
    } else if (open.size() >= max_depth) {
      // Beyond the limit an element with attributes (href, itemprop, content)
      // is kept empty, its content becoming its following siblings'; one
      // without is dropped (its text stays). Every element Gumbo inserts this
      // deep costs it O(depth), so the flood of bare <div>s must not reach it.
      *truncated = true;
      std::string_view rest = tag.substr(1 + name.size());  // after "<name"
      bool has_attributes = rest.find_first_not_of(" \t\r\n\f/>") != std::string_view::npos;
      if (has_attributes) {
        out.append(tag);
        out.append("</" + name + ">");
      }
    } else {
      open.push_back(name);
      out.append(tag);
    }
    i = end;
  }
  return out;
}

void* GumboArena::Allocate(void* userdata, size_t size) {
  auto* arena = static_cast<GumboArena*>(userdata);
  constexpr std::size_t kAlign = alignof(std::max_align_t);
  constexpr std::size_t kBlock = 64 * 1024;
  size = (std::max<std::size_t>(size, 1) + kAlign - 1) & ~(kAlign - 1);
  if (size > arena->left_) {
    // Big requests (a long text node's buffer) get a block of their own, so the
    // rest of the current block is not wasted.
    std::size_t block = std::max(size, kBlock);
    arena->blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(block));
    arena->reserved_ += block;
    if (size >= kBlock) return arena->blocks_.back().get();
    arena->next_ = arena->blocks_.back().get();
    arena->left_ = block;
  }
  void* out = arena->next_;
  arena->next_ += size;
  arena->left_ -= size;
  return out;
}

HtmlDocument::HtmlDocument(std::string_view html, std::size_t max_depth) {
  // Set in the body: a member initialiser for flattened_ would run after buffer_'s.
  buffer_ = LimitNesting(html, max_depth, &flattened_);
  GumboOptions options = kGumboDefaultOptions;
  // Errors are not used; recording them for a broken page only costs memory.
  options.max_errors = 0;
  options.allocator = &GumboArena::Allocate;
  options.deallocator = &GumboArena::Deallocate;
  options.userdata = &arena_;
  doc_.reset(gumbo_parse_with_options(&options, buffer_.data(), buffer_.size()));
}

bool IsElement(const GumboNode* node) {
  return node != nullptr && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}

std::string TagName(const GumboNode* node) {
  if (!IsElement(node)) return {};
  const GumboElement& el = node->v.element;
  if (el.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(el.tag);
  GumboStringPiece piece = el.original_tag;
  if (piece.data == nullptr || piece.length == 0) return {};
  gumbo_tag_from_original_text(&piece);
  return Lower(std::string_view(piece.data, piece.length));
}

const char* Attr(const GumboNode* node, std::string_view name) {
  if (!IsElement(node)) return nullptr;
  const GumboVector& attrs = node->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (a->name != nullptr && std::strlen(a->name) == name.size() &&
        strncasecmp(a->name, name.data(), name.size()) == 0) {
      return a->value;
    }
  }
  return nullptr;
}

const GumboVector* Children(const GumboNode* node) {
  if (node == nullptr) return nullptr;
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  if (IsElement(node)) return &node->v.element.children;
  return nullptr;
}

std::vector<const GumboNode*> ElementChildren(const GumboNode* node) {
  std::vector<const GumboNode*> out;
  const GumboVector* kids = Children(node);
  if (kids == nullptr) return out;
  for (unsigned i = 0; i < kids->length; ++i) {
    const auto* kid = static_cast<const GumboNode*>(kids->data[i]);
    if (IsElement(kid)) out.push_back(kid);
  }
  return out;
}

bool IsPlainIdentifier(std::string_view name) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (name.empty()) return false;
  std::size_t first = name[0] == '-' ? 1 : 0;
  if (first >= name.size() || !alpha(name[first])) return false;
  for (char c : name) {
    if (!alpha(c) && !digit(c) && c != '-') return false;
  }
  return true;
}

std::vector<std::string> ClassList(const GumboNode* element) {
  std::vector<std::string> out;
  const char* classes = Attr(element, "class");
  if (classes == nullptr) return out;
  std::string_view rest = classes;
  // HTML's "split on ASCII whitespace" (space, tab, LF, FF, CR).
  constexpr std::string_view kSpace = " \t\n\f\r";
  while (!rest.empty()) {
    std::size_t start = rest.find_first_not_of(kSpace);
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    std::size_t end = rest.find_first_of(kSpace);
    out.emplace_back(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  }
  return out;
}

std::string CompoundSelector(const GumboNode* element) {
  std::string out = TagName(element);
  if (out.empty() || !IsPlainIdentifier(out)) out = "*";
  if (const char* id = Attr(element, "id"); id != nullptr && IsPlainIdentifier(id)) {
    out += "#" + std::string(id);
  }
  for (const std::string& c : ClassList(element)) {
    if (IsPlainIdentifier(c)) out += "." + c;
  }
  return out;
}

std::string ElementPath(const GumboNode* element) {
  std::vector<std::string> steps;
  for (const GumboNode* e = element; e != nullptr && IsElement(e); e = e->parent) {
    std::string step = CompoundSelector(e);
    const GumboNode* parent = e->parent;
    if (parent != nullptr && parent->type != GUMBO_NODE_DOCUMENT) {
      std::string tag = TagName(e);
      std::size_t same = 0, index = 0;
      for (const GumboNode* sibling : ElementChildren(parent)) {
        if (TagName(sibling) != tag) continue;
        ++same;
        if (sibling == e) index = same;
      }
      if (same > 1) step += ":nth-of-type(" + std::to_string(index) + ")";
    }
    steps.push_back(std::move(step));
  }
  std::string out;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    out += (out.empty() ? "" : " > ") + *it;
  }
  return out;
}

}  // namespace cecat::parsers
