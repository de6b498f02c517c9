// CSS selectors over Gumbo's tree (SPEC.md "Selectors": CSS Selectors Level 3 as
// far as a static page allows).
//
// Supported: type and universal selectors, .class, #id, attributes with every
// operator (= ~= |= ^= $= *=, value quoted or not, optional `i`/`s` flag),
// the four combinators (descendant, >, +, ~), selector lists, the structural
// pseudo-classes (:first-child :last-child :only-child :nth-child()
// :nth-last-child() :first-of-type :last-of-type :nth-of-type()
// :nth-last-of-type() :only-of-type :empty :root) and :not(). As an extension,
// :not() accepts a compound selector (Selectors Level 4 allows that), not only a
// simple one. Beyond Level 3 (SPEC.md): :has(relative selector list) (Selectors
// Level 4; a leading >, + or ~ relates it to the element; not nested, not inside
// :not()) and the non-standard :contains("text"), true when the element's text
// (script and style excluded, ASCII case and whitespace runs ignored, at most
// the first 64 KiB) holds the text. Dynamic pseudo-classes (:hover), pseudo-elements and namespaces
// are parse errors: they cannot match a static page.
//
// Matching is case-insensitive for tag and attribute names (HTML documents) and
// case-sensitive for ids, classes and attribute values (unless the `i` flag).
// Bounded: selectors longer than kMaxSelectorLength or with more than
// kMaxSelectorParts parts are rejected, and matching memoises per (part, element)
// so a chain of descendant combinators cannot backtrack exponentially.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

#include "common/result.h"

namespace cecat::parsers {

inline constexpr std::size_t kMaxSelectorLength = 1024;
inline constexpr std::size_t kMaxSelectorParts = 64;

namespace detail {
struct SelectorList;
}

class Selector {
 public:
  // Parses a selector list. The error message names the selector and the
  // 1-based column: "selector 'div[': column 5: expected attribute name".
  static Result<Selector> Parse(std::string_view text);

  // True if the element matches any selector of the list.
  bool Matches(const GumboNode* element) const;
  // Elements strictly below `scope` (an element or the document node) that match,
  // in document order, at most `limit`.
  std::vector<const GumboNode*> SelectAll(
      const GumboNode* scope, std::size_t limit = std::numeric_limits<std::size_t>::max()) const;
  // The first such element, or nullptr.
  const GumboNode* SelectFirst(const GumboNode* scope) const;

  const std::string& text() const { return text_; }

 private:
  Selector() = default;
  std::string text_;
  std::shared_ptr<const detail::SelectorList> list_;
};

// A rule field: "SELECTOR" (the first match's text) or "SELECTOR@attr" (its
// attribute). An empty selector ("@href") or ":scope" (":scope", ":scope@href")
// means the item element itself; :scope is not supported inside a selector.
struct FieldSpec {
  std::string selector;  // may be empty
  std::string attr;      // empty: take the text
};
// Splits at the last '@' outside brackets, parentheses and quotes and checks
// both parts; errors name the spec and the 1-based column.
Result<FieldSpec> ParseFieldSpec(std::string_view spec);

}  // namespace cecat::parsers
