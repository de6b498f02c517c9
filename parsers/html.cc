#include "parsers/html.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstring>

#include <strings.h>

#include "common/ascii.h"
#include "parsers/detail/simple_html.h"

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

// A tag name as LimitNesting compares it: Gumbo's enum when Gumbo knows the
// (lower-case) name, which is one integer compare, else the name itself.
struct NestName {
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  std::string name;  // lower case
  bool operator==(const NestName& o) const {
    return tag == o.tag && (tag != GUMBO_TAG_UNKNOWN || name == o.name);
  }
};

enum NestFlag : unsigned char { kVoidTag = 1, kRawTextTag = 2, kClosesParagraphTag = 4 };

unsigned char FlagsOfName(std::string_view name) {
  return (IsVoid(name) ? kVoidTag : 0) | (IsRawText(name) ? kRawTextTag : 0) |
         (ClosesParagraph(name) ? kClosesParagraphTag : 0);
}

// The lists above, looked up by Gumbo's enum (made once from Gumbo's own names,
// as PlainText's tag classes are): comparing every tag's name with up to 55
// names was a quarter of LimitNesting, which runs on every page (issue 25).
unsigned char FlagsOf(const NestName& n) {
  static const std::array<unsigned char, GUMBO_TAG_LAST + 1> kTable = [] {
    std::array<unsigned char, GUMBO_TAG_LAST + 1> t{};
    for (int tag = 0; tag < GUMBO_TAG_UNKNOWN; ++tag)
      t[tag] = FlagsOfName(gumbo_normalized_tagname(static_cast<GumboTag>(tag)));
    return t;
  }();
  if (n.tag != GUMBO_TAG_UNKNOWN && n.tag < GUMBO_TAG_LAST) return kTable[n.tag];
  return FlagsOfName(n.name);
}

// Models the end tags HTML implies, so that lists of unclosed <li>/<p>/<td> do
// not look deep. Every name compared here is one Gumbo knows.
void ApplyImpliedEnds(std::vector<NestName>& open, const NestName& name) {
  auto top_is = [&](GumboTag a, GumboTag b = GUMBO_TAG_LAST) {  // LAST: no element
    return !open.empty() && (open.back().tag == a || open.back().tag == b);
  };
  const GumboTag t = name.tag;
  if (top_is(GUMBO_TAG_P) && (FlagsOf(name) & kClosesParagraphTag)) open.pop_back();
  if (t == GUMBO_TAG_LI && top_is(GUMBO_TAG_LI)) open.pop_back();
  if ((t == GUMBO_TAG_DT || t == GUMBO_TAG_DD) && top_is(GUMBO_TAG_DT, GUMBO_TAG_DD))
    open.pop_back();
  if (t == GUMBO_TAG_OPTION && top_is(GUMBO_TAG_OPTION)) open.pop_back();
  if ((t == GUMBO_TAG_TD || t == GUMBO_TAG_TH || t == GUMBO_TAG_TR) &&
      top_is(GUMBO_TAG_TD, GUMBO_TAG_TH))
    open.pop_back();
  if (t == GUMBO_TAG_TR && top_is(GUMBO_TAG_TR)) open.pop_back();
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

// LimitNesting's walk. Without `out` it only looks, and stops at the first
// element it would flatten (returning true): a page that needs none is its own
// output, so most pages are scanned, not copied tag by tag.
bool WalkNesting(std::string_view html, std::size_t max_depth, std::string* out) {
  auto emit = [out](std::string_view bytes) {
    if (out != nullptr) out->append(bytes);
  };
  bool truncated = false;
  std::vector<NestName> open;
  NestName name;
  std::size_t i = 0;
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) {
      emit(html.substr(i));
      break;
    }
    emit(html.substr(i, lt - i));
    if (html.compare(lt, 4, "<!--") == 0) {
      std::size_t end = html.find("-->", lt + 4);
      end = end == std::string_view::npos ? html.size() : end + 3;
      emit(html.substr(lt, end - lt));
      i = end;
      continue;
    }
    bool is_end = html[lt + 1] == '/';
    std::size_t name_at = lt + (is_end ? 2 : 1);
    if (name_at >= html.size() || !IsAsciiAlpha(html[name_at])) {
      emit("<");
      i = lt + 1;
      continue;
    }
    std::size_t name_end = name_at;
    while (name_end < html.size() && !std::isspace(static_cast<unsigned char>(html[name_end])) &&
           html[name_end] != '/' && html[name_end] != '>') {
      ++name_end;
    }
    name.name.assign(html.substr(name_at, name_end - name_at));
    for (char& c : name.name) c = LowerChar(c);
    name.tag = gumbo_tagn_enum(name.name.data(), static_cast<unsigned>(name.name.size()));
    std::size_t end = TagEnd(html, name_end);
    std::string_view tag = html.substr(lt, end - lt);
    if (is_end) {
      auto it = std::find(open.rbegin(), open.rend(), name);
      if (it != open.rend()) open.erase(std::next(it).base(), open.end());
      emit(tag);
      i = end;
      continue;
    }
    bool self_closing = tag.size() >= 2 && tag[tag.size() - 2] == '/';
    const unsigned char flags = FlagsOf(name);
    if (flags & kRawTextTag) {
      std::size_t close = FindEndTag(html, end, name.name);
      emit(html.substr(lt, close - lt));
      i = close;
      continue;
    }
    ApplyImpliedEnds(open, name);
    if ((flags & kVoidTag) || self_closing) {
      emit(tag);
    } else if (open.size() >= max_depth) {
      // Beyond the limit an element with attributes (href, itemprop, content)
      // is kept empty, its content becoming its following siblings'; one
      // without is dropped (its text stays). Every element Gumbo inserts this
      // deep costs it O(depth), so the flood of bare <div>s must not reach it.
      truncated = true;
      if (out == nullptr) return true;
      std::string_view rest = tag.substr(1 + name.name.size());  // after "<name"
      bool has_attributes = rest.find_first_not_of(" \t\r\n\f/>") != std::string_view::npos;
      if (has_attributes) {
        emit(tag);
        emit("</" + name.name + ">");
      }
    } else {
      open.push_back(name);
      emit(tag);
    }
    i = end;
  }
  return truncated;
}

}  // namespace

std::string LimitNesting(std::string_view html, std::size_t max_depth, bool* truncated) {
  *truncated = WalkNesting(html, max_depth, nullptr);
  if (!*truncated) return std::string(html);
  std::string out;
  out.reserve(html.size());
  WalkNesting(html, max_depth, &out);
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

HtmlDocument::HtmlDocument(std::string_view html, std::size_t max_depth, bool simple_parser) {
  // Set in the body: a member initialiser for flattened_ would run after buffer_'s.
  buffer_ = LimitNesting(html, max_depth, &flattened_);
  if (simple_parser) {
    if (GumboOutput* out = detail::ParseSimpleHtml(buffer_, arena_)) {
      doc_.reset(out);
      simple_ = true;
      return;
    }
  }
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
