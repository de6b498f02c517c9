// The parsed form of a selector list, shared by the parser and the matcher.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace cecat::parsers {
namespace detail {

enum class SimpleKind {
  kTag,
  kId,
  kClass,
  kAttrExists,
  kAttrEquals,    // =
  kAttrIncludes,  // ~=
  kAttrDash,      // |=
  kAttrPrefix,    // ^=
  kAttrSuffix,    // $=
  kAttrSubstr,    // *=
  kFirstChild,
  kLastChild,
  kOnlyChild,
  kNthChild,
  kNthLastChild,
  kFirstOfType,
  kLastOfType,
  kOnlyOfType,
  kNthOfType,
  kNthLastOfType,
  kEmpty,
  kRoot,
  kNot,
  kHas,       // :has(relative selector list), Selectors Level 4
  kContains,  // :contains("text"), non-standard: the element's text holds it
};

struct SelectorList;

struct Simple {
  SimpleKind kind = SimpleKind::kTag;
  std::string name;   // tag (lower case), id, class or attribute name (lower case)
  std::string value;  // attribute value
  bool ignore_case = false;
  long a = 0, b = 0;            // an+b
  std::vector<Simple> negated;  // :not(), all must match for the negation to fail
  // :has(): relative selectors; each alternative's first compound carries the
  // combinator that relates it to the element tested (' ' when none is written).
  std::shared_ptr<const SelectorList> relative;
};

struct Compound {
  std::vector<Simple> simples;  // empty = universal
  // How this compound relates to the one before it: ' ', '>', '+', '~'; 0 for the first.
  char combinator = 0;
};

struct Complex {
  std::vector<Compound> compounds;
};

struct SelectorList {
  std::vector<Complex> alternatives;
};

// How :contains() compares text: ASCII letters lower-cased, runs of whitespace
// one space, leading and trailing whitespace dropped.
std::string ContainsKey(std::string_view text);

// Parses a selector list (selector.h describes the grammar and limits).
Status ParseSelectorList(std::string_view text, SelectorList* list);

}  // namespace detail

}  // namespace cecat::parsers
