#include "parsers/selector.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include "parsers/html.h"

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
};

struct Simple {
  SimpleKind kind = SimpleKind::kTag;
  std::string name;   // tag (lower case), id, class or attribute name (lower case)
  std::string value;  // attribute value
  bool ignore_case = false;
  long a = 0, b = 0;            // an+b
  std::vector<Simple> negated;  // :not(), all must match for the negation to fail
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

}  // namespace detail

namespace {

using detail::Complex;
using detail::Compound;
using detail::Simple;
using detail::SimpleKind;

bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) { return IsNameStart(c) || std::isdigit(static_cast<unsigned char>(c)); }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class SelectorParser {
 public:
  explicit SelectorParser(std::string_view text) : s_(text) {}

  Status ParseList(detail::SelectorList* list) {
    if (s_.size() > kMaxSelectorLength) {
      return Error(kMaxSelectorLength + 1,
                   "longer than " + std::to_string(kMaxSelectorLength) + " characters");
    }
    SkipWs();
    while (true) {
      Complex complex;
      CECAT_RETURN_IF_ERROR(ParseComplex(&complex));
      list->alternatives.push_back(std::move(complex));
      SkipWs();
      if (AtEnd()) break;
      if (Peek() != ',') return Unexpected();
      ++pos_;
      SkipWs();
    }
    return Status::Ok();
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek(std::size_t ahead = 0) const {
    return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0';
  }
  bool SkipWs() {
    std::size_t start = pos_;
    while (!AtEnd() && IsWs(Peek())) ++pos_;
    return pos_ != start;
  }
  Status Error(std::size_t index, const std::string& message) const {
    return Status::InvalidArgument("selector '" + std::string(s_) + "': column " +
                                   std::to_string(index + 1) + ": " + message);
  }
  Status Error(const std::string& message) const { return Error(pos_, message); }
  Status Unexpected() const {
    if (AtEnd()) return Error("unexpected end of selector");
    return Error(std::string("unexpected '") + Peek() + "'");
  }
  Status CountPart() {
    if (++parts_ > kMaxSelectorParts) {
      return Error("too complex (more than " + std::to_string(kMaxSelectorParts) + " parts)");
    }
    return Status::Ok();
  }

  // An identifier with CSS escapes; empty when none starts here.
  Status ParseIdent(std::string* out) {
    out->clear();
    if (AtEnd() || !(IsNameStart(Peek()) || Peek() == '\\')) return Status::Ok();
    if (Peek() == '-' && std::isdigit(static_cast<unsigned char>(Peek(1)))) return Status::Ok();
    while (!AtEnd()) {
      char c = Peek();
      if (c == '\\') {
        CECAT_RETURN_IF_ERROR(ParseEscape(out));
      } else if (IsNameChar(c)) {
        out->push_back(c);
        ++pos_;
      } else {
        break;
      }
    }
    return Status::Ok();
  }

  // CSS escape: "\" then 1-6 hex digits and one optional space, or any other character.
  Status ParseEscape(std::string* out) {
    ++pos_;
    if (AtEnd()) return Error("unfinished escape");
    if (std::isxdigit(static_cast<unsigned char>(Peek()))) {
      uint32_t cp = 0;
      for (int k = 0; k < 6 && !AtEnd() && std::isxdigit(static_cast<unsigned char>(Peek())); ++k) {
        cp = cp * 16 + static_cast<uint32_t>(std::stoi(std::string(1, Peek()), nullptr, 16));
        ++pos_;
      }
      if (!AtEnd() && IsWs(Peek())) ++pos_;
      AppendUtf8(*out, cp);
    } else {
      out->push_back(Peek());
      ++pos_;
    }
    return Status::Ok();
  }

  Status ParseString(std::string* out) {
    char quote = Peek();
    std::size_t start = pos_;
    ++pos_;
    while (!AtEnd() && Peek() != quote) {
      if (Peek() == '\\') {
        if (Peek(1) == '\n') {  // escaped newline: a line continuation
          pos_ += 2;
          continue;
        }
        CECAT_RETURN_IF_ERROR(ParseEscape(out));
      } else {
        out->push_back(Peek());
        ++pos_;
      }
    }
    if (AtEnd()) return Error(start, "unterminated string");
    ++pos_;
    return Status::Ok();
  }

  Status ParseComplex(Complex* complex) {
    Compound first;
    bool found = false;
    CECAT_RETURN_IF_ERROR(ParseCompound(&first, &found, /*in_not=*/false));
    if (!found) return AtEnd() ? Error("expected selector") : Unexpected();
    complex->compounds.push_back(std::move(first));
    while (true) {
      bool had_ws = SkipWs();
      if (AtEnd() || Peek() == ',') break;
      char combinator = ' ';
      if (Peek() == '>' || Peek() == '+' || Peek() == '~') {
        combinator = Peek();
        ++pos_;
        SkipWs();
      } else if (!had_ws) {
        return Unexpected();
      }
      Compound next;
      CECAT_RETURN_IF_ERROR(ParseCompound(&next, &found, false));
      if (!found) {
        if (AtEnd()) return Error(std::string("expected selector after '") + combinator + "'");
        return Unexpected();
      }
      next.combinator = combinator;
      complex->compounds.push_back(std::move(next));
    }
    return Status::Ok();
  }

  Status ParseCompound(Compound* compound, bool* found, bool in_not) {
    *found = false;
    CECAT_RETURN_IF_ERROR(CountPart());
    if (Peek() == '*') {
      ++pos_;
      *found = true;
    } else {
      std::string name;
      CECAT_RETURN_IF_ERROR(ParseIdent(&name));
      if (!name.empty()) {
        Simple tag;
        tag.kind = SimpleKind::kTag;
        tag.name = Lower(name);
        compound->simples.push_back(std::move(tag));
        *found = true;
      }
    }
    if (Peek() == '|') return Error("namespaces are not supported");
    while (!AtEnd()) {
      char c = Peek();
      Simple simple;
      if (c == '#' || c == '.') {
        ++pos_;
        CECAT_RETURN_IF_ERROR(ParseIdent(&simple.name));
        if (simple.name.empty()) {
          return Error(c == '#' ? "expected id after '#'" : "expected class name after '.'");
        }
        simple.kind = c == '#' ? SimpleKind::kId : SimpleKind::kClass;
      } else if (c == '[') {
        CECAT_RETURN_IF_ERROR(ParseAttribute(&simple));
      } else if (c == ':') {
        CECAT_RETURN_IF_ERROR(ParsePseudo(&simple, in_not));
      } else {
        break;
      }
      CECAT_RETURN_IF_ERROR(CountPart());
      compound->simples.push_back(std::move(simple));
      *found = true;
    }
    return Status::Ok();
  }

  Status ParseAttribute(Simple* simple) {
    ++pos_;  // '['
    SkipWs();
    CECAT_RETURN_IF_ERROR(ParseIdent(&simple->name));
    if (simple->name.empty()) return Error("expected attribute name");
    if (Peek() == '|' && Peek(1) != '=') return Error("namespaces are not supported");
    simple->name = Lower(simple->name);
    SkipWs();
    if (Peek() == ']') {
      ++pos_;
      simple->kind = SimpleKind::kAttrExists;
      return Status::Ok();
    }
    static const std::pair<const char*, SimpleKind> kOps[] = {
        {"=", SimpleKind::kAttrEquals},  {"~=", SimpleKind::kAttrIncludes},
        {"|=", SimpleKind::kAttrDash},   {"^=", SimpleKind::kAttrPrefix},
        {"$=", SimpleKind::kAttrSuffix}, {"*=", SimpleKind::kAttrSubstr}};
    bool matched = false;
    for (const auto& [op, kind] : kOps) {
      std::size_t len = std::strlen(op);
      if (s_.compare(pos_, len, op) == 0) {
        simple->kind = kind;
        pos_ += len;
        matched = true;
        break;
      }
    }
    if (!matched)
      return AtEnd() ? Error("expected ']'") : Error("expected ']' or attribute operator");
    SkipWs();
    if (Peek() == '"' || Peek() == '\'') {
      CECAT_RETURN_IF_ERROR(ParseString(&simple->value));
    } else {
      CECAT_RETURN_IF_ERROR(ParseIdent(&simple->value));
      if (simple->value.empty()) {
        // Unquoted values are identifiers in CSS; admins also write numbers
        // ([data-level=2]), which browsers reject. Accept a run of name characters.
        while (!AtEnd() && IsNameChar(Peek())) simple->value.push_back(s_[pos_++]);
        if (simple->value.empty()) return Error("expected attribute value");
      }
    }
    SkipWs();
    if (Peek() == 'i' || Peek() == 'I' || Peek() == 's' || Peek() == 'S') {
      simple->ignore_case = Peek() == 'i' || Peek() == 'I';
      ++pos_;
      SkipWs();
    }
    if (Peek() != ']') return Error("expected ']'");
    ++pos_;
    return Status::Ok();
  }

  Status ParsePseudo(Simple* simple, bool in_not) {
    std::size_t start = pos_;
    ++pos_;  // ':'
    if (Peek() == ':') return Error(start, "pseudo-elements are not supported");
    std::string name;
    CECAT_RETURN_IF_ERROR(ParseIdent(&name));
    if (name.empty()) return Error("expected pseudo-class name after ':'");
    name = Lower(name);
    static const std::pair<const char*, SimpleKind> kPlain[] = {
        {"first-child", SimpleKind::kFirstChild},
        {"last-child", SimpleKind::kLastChild},
        {"only-child", SimpleKind::kOnlyChild},
        {"first-of-type", SimpleKind::kFirstOfType},
        {"last-of-type", SimpleKind::kLastOfType},
        {"only-of-type", SimpleKind::kOnlyOfType},
        {"empty", SimpleKind::kEmpty},
        {"root", SimpleKind::kRoot}};
    static const std::pair<const char*, SimpleKind> kNth[] = {
        {"nth-child", SimpleKind::kNthChild},
        {"nth-last-child", SimpleKind::kNthLastChild},
        {"nth-of-type", SimpleKind::kNthOfType},
        {"nth-last-of-type", SimpleKind::kNthLastOfType}};
    for (const auto& [pname, kind] : kPlain) {
      if (name == pname) {
        if (Peek() == '(') return Error("':" + name + "' takes no argument");
        simple->kind = kind;
        return Status::Ok();
      }
    }
    for (const auto& [pname, kind] : kNth) {
      if (name == pname) {
        if (Peek() != '(') return Error("expected '(' after ':" + name + "'");
        ++pos_;
        simple->kind = kind;
        return ParseNth(simple);
      }
    }
    if (name == "not") {
      if (in_not) return Error(start, "':not()' cannot be nested");
      if (Peek() != '(') return Error("expected '(' after ':not'");
      ++pos_;
      SkipWs();
      Compound inner;
      bool found = false;
      CECAT_RETURN_IF_ERROR(ParseCompound(&inner, &found, /*in_not=*/true));
      if (!found) return AtEnd() ? Error("expected selector") : Unexpected();
      SkipWs();
      if (Peek() != ')') return AtEnd() ? Error("expected ')'") : Unexpected();
      ++pos_;
      simple->kind = SimpleKind::kNot;
      simple->negated = std::move(inner.simples);
      return Status::Ok();
    }
    return Error(start, "unsupported pseudo-class ':" + name + "'");
  }

  // an+b (CSS Syntax 3 section 6), "odd", "even", up to the closing ')'.
  Status ParseNth(Simple* simple) {
    std::size_t close = s_.find(')', pos_);
    if (close == std::string_view::npos) return Error(s_.size(), "expected ')'");
    std::string arg;
    for (std::size_t k = pos_; k < close; ++k) {
      if (!IsWs(s_[k]))
        arg.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s_[k]))));
    }
    std::size_t arg_at = pos_;
    while (arg_at < close && IsWs(s_[arg_at])) ++arg_at;
    auto bad = [&] { return Error(arg_at, "expected an+b, 'odd' or 'even'"); };
    long a = 0, b = 0;
    if (arg == "odd") {
      a = 2, b = 1;
    } else if (arg == "even") {
      a = 2, b = 0;
    } else {
      std::size_t n_at = arg.find('n');
      auto parse_int = [](const std::string& t, long* v) {
        if (t.empty() || t.size() > 9) return false;
        std::size_t k = (t[0] == '+' || t[0] == '-') ? 1 : 0;
        if (k == t.size()) return false;
        for (std::size_t j = k; j < t.size(); ++j) {
          if (!std::isdigit(static_cast<unsigned char>(t[j]))) return false;
        }
        *v = std::stol(t);
        return true;
      };
      if (n_at == std::string::npos) {
        if (!parse_int(arg, &b)) return bad();
      } else {
        std::string a_part = arg.substr(0, n_at), b_part = arg.substr(n_at + 1);
        if (a_part.empty() || a_part == "+") {
          a = 1;
        } else if (a_part == "-") {
          a = -1;
        } else if (!parse_int(a_part, &a)) {
          return bad();
        }
        if (!b_part.empty()) {
          if (b_part[0] != '+' && b_part[0] != '-') return bad();
          if (!parse_int(b_part, &b)) return bad();
        }
      }
    }
    simple->a = a;
    simple->b = b;
    pos_ = close + 1;
    return Status::Ok();
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t parts_ = 0;
};

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
  if (x.size() != y.size()) return false;
  if (!icase) return x == y;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(x[i])) !=
        std::tolower(static_cast<unsigned char>(y[i]))) {
      return false;
    }
  }
  return true;
}

bool ContainsWord(std::string_view list, std::string_view word, bool icase) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && IsWs(list[i])) ++i;
    std::size_t start = i;
    while (i < list.size() && !IsWs(list[i])) ++i;
    if (i > start && EqualsMaybeIcase(list.substr(start, i - start), word, icase)) return true;
  }
  return false;
}

bool MatchesSimple(const Simple& s, const GumboNode* el);

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
    default:
      return MatchesStructural(s, el);
  }
}

bool MatchesCompound(const Compound& c, const GumboNode* el) {
  return std::all_of(c.simples.begin(), c.simples.end(),
                     [&](const Simple& s) { return MatchesSimple(s, el); });
}

// Right-to-left matcher with a memo of (compound index, element) results, so a
// chain of descendant combinators is linear in the tree, not exponential.
class ComplexMatcher {
 public:
  explicit ComplexMatcher(const Complex& complex) : c_(complex) {}

  bool Matches(const GumboNode* el) {
    // One compound never recurses: nothing to remember.
    if (c_.compounds.size() == 1) return MatchesCompound(c_.compounds[0], el);
    return Match(c_.compounds.size() - 1, el);
  }

 private:
  bool Match(std::size_t idx, const GumboNode* el) {
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
    if (idx == 0) return true;
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
  std::unordered_map<const GumboNode*, Memo> memo_;
};

}  // namespace

Result<Selector> Selector::Parse(std::string_view text) {
  auto list = std::make_shared<detail::SelectorList>();
  SelectorParser parser(text);
  Status st = parser.ParseList(list.get());
  if (!st.ok()) return st;
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
  int brackets = 0, parens = 0;
  char quote = 0;
  std::size_t at = std::string_view::npos;
  for (std::size_t i = 0; i < spec.size(); ++i) {
    char c = spec[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    if (c == '\\') ++i;
    if (c == '[') ++brackets;
    if (c == ']') --brackets;
    if (c == '(') ++parens;
    if (c == ')') --parens;
    if (c == '@' && brackets == 0 && parens == 0) at = i;
  }
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
  std::size_t first = sel.find_first_not_of(" \t\n\r\f");
  if (first != std::string_view::npos) {
    std::size_t last = sel.find_last_not_of(" \t\n\r\f");
    std::string_view trimmed = sel.substr(first, last - first + 1);
    Result<Selector> parsed = Selector::Parse(trimmed);
    if (!parsed.ok()) return parsed.status();
    out.selector = std::string(trimmed);
  } else if (out.attr.empty()) {
    return Status::InvalidArgument("field '" + std::string(spec) +
                                   "': column 1: expected selector");
  }
  return out;
}

}  // namespace cecat::parsers
