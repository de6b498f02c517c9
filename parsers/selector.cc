#include "parsers/selector.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include "common/ascii.h"
#include "common/extract_rule.h"
#include "parsers/detail/selector_ast.h"
#include "parsers/html.h"

namespace cecat::parsers {
namespace {

using detail::Complex;
using detail::Compound;
using detail::Simple;
using detail::SimpleKind;

// ---- matching ----

const GumboNode* ParentElement(const GumboNode* node) {
  const GumboNode* parent = node->parent;
  return IsElement(parent) ? parent : nullptr;
}

// Element siblings of `node` including itself, in order.
std::vector<const GumboNode*> Siblings(const GumboNode* node) {
  if (node->parent == nullptr) return {node};
  return ElementChildren(node->parent);
}

bool NthMatches(long a, long b, long position) {
  if (a == 0) return position == b;
  long diff = position - b;
  return diff % a == 0 && diff / a >= 0;
}

bool EqualsMaybeIcase(std::string_view x, std::string_view y, bool icase) {
  return icase ? EqualsIgnoreCase(x, y) : x == y;
}

bool ContainsWord(std::string_view list, std::string_view word, bool icase) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && IsAsciiSpace(list[i])) ++i;
    std::size_t start = i;
    while (i < list.size() && !IsAsciiSpace(list[i])) ++i;
    if (i > start && EqualsMaybeIcase(list.substr(start, i - start), word, icase)) return true;
  }
  return false;
}

bool MatchesSimple(const Simple& s, const GumboNode* el);
bool MatchesHas(const Simple& s, const GumboNode* el);

// The element's text for :contains(): its text nodes in document order, as
// detail::ContainsKey folds them, at most kMaxContainsText bytes (a bound per
// element, so `*:contains(x)` on a deep page stays linear in its size times
// the cap). Elements' boundaries count as whitespace, so "<td>CE</td><td>Hours"
// holds "ce hours" and not "cehours".
constexpr std::size_t kMaxContainsText = 64 * 1024;

bool MatchesContains(const Simple& s, const GumboNode* el) {
  std::string text;
  bool space = false;
  auto add = [&](std::string_view chunk) {
    for (char c : chunk) {
      if (IsAsciiSpace(c)) {
        space = !text.empty();
        continue;
      }
      if (space) text.push_back(' ');
      space = false;
      text.push_back(LowerChar(c));
    }
  };
  std::vector<const GumboNode*> stack = {el};
  while (!stack.empty() && text.size() < kMaxContainsText) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      add(node->v.text.text);
      if (text.find(s.value) != std::string::npos) return true;
      continue;
    }
    if (!IsElement(node)) continue;
    std::string tag = TagName(node);
    // Script and style text is not page text, not even the element's own.
    if (tag == "script" || tag == "style" || tag == "template") continue;
    space = !text.empty();
    const GumboVector* kids = Children(node);
    for (unsigned i = kids == nullptr ? 0 : kids->length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(kids->data[i - 1]));
    }
  }
  return text.find(s.value) != std::string::npos;
}

bool MatchesAttr(const Simple& s, const GumboNode* el) {
  const char* raw = Attr(el, s.name);
  if (raw == nullptr) return false;
  std::string_view v(raw);
  std::string hay, needle;
  if (s.ignore_case) {
    hay = Lower(std::string(v));
    needle = Lower(s.value);
  } else {
    hay = std::string(v);
    needle = s.value;
  }
  switch (s.kind) {
    case SimpleKind::kAttrExists:
      return true;
    case SimpleKind::kAttrEquals:
      return hay == needle;
    case SimpleKind::kAttrIncludes:
      return !needle.empty() && needle.find_first_of(" \t\n\r\f") == std::string::npos &&
             ContainsWord(hay, needle, false);
    case SimpleKind::kAttrDash:
      return hay == needle ||
             (hay.size() > needle.size() && hay.compare(0, needle.size(), needle) == 0 &&
              hay[needle.size()] == '-');
    case SimpleKind::kAttrPrefix:
      return !needle.empty() && hay.compare(0, needle.size(), needle) == 0;
    case SimpleKind::kAttrSuffix:
      return !needle.empty() && hay.size() >= needle.size() &&
             hay.compare(hay.size() - needle.size(), needle.size(), needle) == 0;
    case SimpleKind::kAttrSubstr:
      return !needle.empty() && hay.find(needle) != std::string::npos;
    default:
      return false;
  }
}

bool MatchesStructural(const Simple& s, const GumboNode* el) {
  if (s.kind == SimpleKind::kRoot)
    return el->parent != nullptr && el->parent->type == GUMBO_NODE_DOCUMENT;
  if (s.kind == SimpleKind::kEmpty) {
    const GumboVector* kids = Children(el);
    for (unsigned i = 0; kids != nullptr && i < kids->length; ++i) {
      const auto* kid = static_cast<const GumboNode*>(kids->data[i]);
      if (kid->type != GUMBO_NODE_COMMENT) return false;
    }
    return true;
  }
  // Only elements with an element parent are children in the CSS sense; the
  // root <html> counts as the only child of the document.
  std::vector<const GumboNode*> sibs = Siblings(el);
  bool of_type = s.kind == SimpleKind::kFirstOfType || s.kind == SimpleKind::kLastOfType ||
                 s.kind == SimpleKind::kOnlyOfType || s.kind == SimpleKind::kNthOfType ||
                 s.kind == SimpleKind::kNthLastOfType;
  if (of_type) {
    std::string tag = TagName(el);
    sibs.erase(std::remove_if(sibs.begin(), sibs.end(),
                              [&](const GumboNode* n) { return TagName(n) != tag; }),
               sibs.end());
  }
  long count = static_cast<long>(sibs.size());
  long index = static_cast<long>(std::find(sibs.begin(), sibs.end(), el) - sibs.begin()) + 1;
  long from_end = count - index + 1;
  switch (s.kind) {
    case SimpleKind::kFirstChild:
    case SimpleKind::kFirstOfType:
      return index == 1;
    case SimpleKind::kLastChild:
    case SimpleKind::kLastOfType:
      return from_end == 1;
    case SimpleKind::kOnlyChild:
    case SimpleKind::kOnlyOfType:
      return count == 1;
    case SimpleKind::kNthChild:
    case SimpleKind::kNthOfType:
      return NthMatches(s.a, s.b, index);
    case SimpleKind::kNthLastChild:
    case SimpleKind::kNthLastOfType:
      return NthMatches(s.a, s.b, from_end);
    default:
      return false;
  }
}

bool MatchesSimple(const Simple& s, const GumboNode* el) {
  switch (s.kind) {
    case SimpleKind::kTag:
      // Known tags compare with Gumbo's static name: no string per element.
      if (IsElement(el) && el->v.element.tag != GUMBO_TAG_UNKNOWN) {
        return s.name == gumbo_normalized_tagname(el->v.element.tag);
      }
      return TagName(el) == s.name;
    case SimpleKind::kId: {
      const char* id = Attr(el, "id");
      return id != nullptr && s.name == id;
    }
    case SimpleKind::kClass: {
      const char* cls = Attr(el, "class");
      return cls != nullptr && ContainsWord(cls, s.name, false);
    }
    case SimpleKind::kAttrExists:
    case SimpleKind::kAttrEquals:
    case SimpleKind::kAttrIncludes:
    case SimpleKind::kAttrDash:
    case SimpleKind::kAttrPrefix:
    case SimpleKind::kAttrSuffix:
    case SimpleKind::kAttrSubstr:
      return MatchesAttr(s, el);
    case SimpleKind::kNot:
      return !std::all_of(s.negated.begin(), s.negated.end(),
                          [&](const Simple& n) { return MatchesSimple(n, el); });
    case SimpleKind::kHas:
      return MatchesHas(s, el);
    case SimpleKind::kContains:
      return MatchesContains(s, el);
    default:
      return MatchesStructural(s, el);
  }
}

bool MatchesCompound(const Compound& c, const GumboNode* el) {
  return std::all_of(c.simples.begin(), c.simples.end(),
                     [&](const Simple& s) { return MatchesSimple(s, el); });
}

// True if `el` stands in `combinator`'s relation to `anchor`: its child ('>'),
// descendant (' '), next sibling ('+') or a later sibling ('~').
bool Related(char combinator, const GumboNode* anchor, const GumboNode* el) {
  switch (combinator) {
    case '>':
      return ParentElement(el) == anchor;
    case '+':
    case '~': {
      if (el->parent != anchor->parent) return false;
      std::vector<const GumboNode*> sibs = Siblings(el);
      auto it = std::find(sibs.begin(), sibs.end(), el);
      while (it != sibs.begin()) {
        --it;
        if (*it == anchor) return true;
        if (combinator == '+') return false;
      }
      return false;
    }
    default:
      for (const GumboNode* a = ParentElement(el); a != nullptr; a = ParentElement(a)) {
        if (a == anchor) return true;
      }
      return false;
  }
}

// Right-to-left matcher with a memo of (compound index, element) results, so a
// chain of descendant combinators is linear in the tree, not exponential. With
// an anchor it matches a relative selector of :has(): the first compound must
// also stand in its combinator's relation to the anchor.
class ComplexMatcher {
 public:
  explicit ComplexMatcher(const Complex& complex, const GumboNode* anchor = nullptr)
      : c_(complex), anchor_(anchor) {
    for (const Simple& s : c_.compounds.front().simples) {
      costly_first_ = costly_first_ || s.kind == SimpleKind::kHas ||
                      s.kind == SimpleKind::kContains || s.kind == SimpleKind::kNot;
    }
  }

  bool Matches(const GumboNode* el) {
    // One compound never recurses: nothing to remember.
    if (c_.compounds.size() == 1 && anchor_ == nullptr) return MatchesCompound(c_.compounds[0], el);
    // The last compound is asked once per element: remembering it would only cost
    // a map entry (an allocation) for every element of the page.
    return MatchUncached(c_.compounds.size() - 1, el);
  }

 private:
  bool Match(std::size_t idx, const GumboNode* el) {
    // The first compound recurses no further: unless it reads a subtree (:has,
    // :contains) matching it again is cheaper than a map entry per ancestor.
    if (idx == 0 && !costly_first_) return MatchUncached(0, el);
    uint64_t key_bit = uint64_t{1} << (idx % 64);
    Memo& memo = memo_[el];
    if (idx < 64 && (memo.known & key_bit)) return memo.value & key_bit;
    bool result = MatchUncached(idx, el);
    if (idx < 64) {
      Memo& m = memo_[el];  // re-lookup: the map may have rehashed
      m.known |= key_bit;
      if (result) m.value |= key_bit;
    }
    return result;
  }

  bool MatchUncached(std::size_t idx, const GumboNode* el) {
    const Compound& comp = c_.compounds[idx];
    if (!MatchesCompound(comp, el)) return false;
    if (idx == 0) return anchor_ == nullptr || Related(comp.combinator, anchor_, el);
    switch (comp.combinator) {
      case '>': {
        const GumboNode* parent = ParentElement(el);
        return parent != nullptr && Match(idx - 1, parent);
      }
      case ' ':
        for (const GumboNode* a = ParentElement(el); a != nullptr; a = ParentElement(a)) {
          if (Match(idx - 1, a)) return true;
        }
        return false;
      case '+':
      case '~': {
        std::vector<const GumboNode*> sibs = Siblings(el);
        auto it = std::find(sibs.begin(), sibs.end(), el);
        while (it != sibs.begin()) {
          --it;
          if (Match(idx - 1, *it)) return true;
          if (comp.combinator == '+') return false;
        }
        return false;
      }
      default:
        return false;
    }
  }

  struct Memo {
    uint64_t known = 0, value = 0;
  };
  const Complex& c_;
  const GumboNode* anchor_;
  bool costly_first_ = false;  // the first compound has :has, :contains or :not
  std::unordered_map<const GumboNode*, Memo> memo_;
};

// :has(): some element that the relative selector reaches from `el` matches:
// one of its descendants, or (for a leading '+' or '~') one of its later
// siblings or their descendants. :has() does not nest, so this recursion ends.
bool MatchesHas(const Simple& s, const GumboNode* el) {
  if (!s.relative) return false;
  for (const Complex& rel : s.relative->alternatives) {
    ComplexMatcher matcher(rel, el);
    char lead = rel.compounds.front().combinator;
    bool found = false;
    auto visit = [&](const GumboNode* candidate) {
      if (candidate != el && matcher.Matches(candidate)) found = true;
      return !found;
    };
    if (lead == '+' || lead == '~') {
      std::vector<const GumboNode*> sibs = Siblings(el);
      for (auto it = std::find(sibs.begin(), sibs.end(), el); !found && it != sibs.end(); ++it) {
        if (*it != el) WalkElements(*it, visit);
      }
    } else {
      WalkElements(el, visit);
    }
    if (found) return true;
  }
  return false;
}

}  // namespace

Result<Selector> Selector::Parse(std::string_view text) {
  auto list = std::make_shared<detail::SelectorList>();
  CECAT_RETURN_IF_ERROR(detail::ParseSelectorList(text, list.get()));
  Selector sel;
  sel.text_ = std::string(text);
  sel.list_ = std::move(list);
  return sel;
}

bool Selector::Matches(const GumboNode* element) const {
  if (!IsElement(element) || !list_) return false;
  for (const Complex& c : list_->alternatives) {
    if (ComplexMatcher(c).Matches(element)) return true;
  }
  return false;
}

std::vector<const GumboNode*> Selector::SelectAll(const GumboNode* scope, std::size_t limit) const {
  std::vector<const GumboNode*> out;
  if (!list_ || scope == nullptr || limit == 0) return out;
  std::vector<ComplexMatcher> matchers;
  matchers.reserve(list_->alternatives.size());
  for (const Complex& c : list_->alternatives) matchers.emplace_back(c);
  WalkElements(scope, [&](const GumboNode* el) {
    // Returning false only prunes the subtree: siblings still come, so check first.
    if (out.size() >= limit) return false;
    if (el == scope) return true;
    for (ComplexMatcher& m : matchers) {
      if (m.Matches(el)) {
        out.push_back(el);
        break;
      }
    }
    return out.size() < limit;
  });
  return out;
}

const GumboNode* Selector::SelectFirst(const GumboNode* scope) const {
  std::vector<const GumboNode*> found = SelectAll(scope, 1);
  return found.empty() ? nullptr : found.front();
}

Result<FieldSpec> ParseFieldSpec(std::string_view spec) {
  std::size_t at = FieldAttributeSeparator(spec);
  FieldSpec out;
  std::string_view sel = spec;
  if (at != std::string_view::npos) {
    sel = spec.substr(0, at);
    std::string attr(spec.substr(at + 1));
    bool valid =
        !attr.empty() && (std::isalpha(static_cast<unsigned char>(attr[0])) || attr[0] == '_');
    for (char c : attr) {
      valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                        c == ':' || c == '.');
    }
    if (!valid) {
      return Status::InvalidArgument("field '" + std::string(spec) + "': column " +
                                     std::to_string(at + 2) +
                                     ": expected attribute name after '@'");
    }
    out.attr = Lower(attr);
  }
  std::string_view trimmed = Trim(sel);
  // ":scope" alone is the item element itself (its text, or with "@attr" its
  // attribute, as "@attr" alone): a heading that is itself the item.
  if (trimmed == ":scope") return out;
  if (!trimmed.empty()) {
    CECAT_RETURN_IF_ERROR(Selector::Parse(trimmed).status());  // checked, not kept
    out.selector = std::string(trimmed);
  } else if (out.attr.empty()) {
    return Status::InvalidArgument("field '" + std::string(spec) +
                                   "': column 1: expected selector");
  }
  return out;
}

}  // namespace cecat::parsers
