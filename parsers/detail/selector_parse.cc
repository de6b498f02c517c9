// Selector parsing: text to detail::SelectorList, with errors naming the column.
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/ascii.h"
#include "common/result.h"
#include "common/utf8.h"
#include "parsers/detail/selector_ast.h"
#include "parsers/selector.h"

namespace cecat::parsers {
namespace {

using detail::Complex;
using detail::Compound;
using detail::Simple;
using detail::SimpleKind;

bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) { return IsNameStart(c) || std::isdigit(static_cast<unsigned char>(c)); }

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
    while (!AtEnd() && IsAsciiSpace(Peek())) ++pos_;
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
      if (!AtEnd() && IsAsciiSpace(Peek())) ++pos_;
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
      if (AtEnd() || Peek() == ',' || (in_has_ && Peek() == ')')) break;
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
    if (name == "has") {
      if (in_not) return Error(start, "':has()' cannot be inside ':not()'");
      if (in_has_) return Error(start, "':has()' cannot be nested");
      if (Peek() != '(') return Error("expected '(' after ':has'");
      ++pos_;
      auto list = std::make_shared<detail::SelectorList>();
      in_has_ = true;
      while (true) {
        SkipWs();
        char combinator = ' ';
        if (Peek() == '>' || Peek() == '+' || Peek() == '~') {
          combinator = Peek();
          ++pos_;
          SkipWs();
        }
        Complex complex;
        CECAT_RETURN_IF_ERROR(ParseComplex(&complex));
        complex.compounds.front().combinator = combinator;
        list->alternatives.push_back(std::move(complex));
        SkipWs();
        if (Peek() == ',') {
          ++pos_;
          continue;
        }
        if (Peek() != ')') return AtEnd() ? Error("expected ')'") : Unexpected();
        ++pos_;
        break;
      }
      in_has_ = false;
      simple->kind = SimpleKind::kHas;
      simple->relative = std::move(list);
      return Status::Ok();
    }
    if (name == "contains") {
      if (Peek() != '(') return Error("expected '(' after ':contains'");
      ++pos_;
      SkipWs();
      std::string text;
      if (Peek() == '"' || Peek() == '\'') {
        CECAT_RETURN_IF_ERROR(ParseString(&text));
      } else {
        CECAT_RETURN_IF_ERROR(ParseIdent(&text));
      }
      SkipWs();
      if (Peek() != ')') return AtEnd() ? Error("expected ')'") : Error("expected a quoted string");
      ++pos_;
      simple->kind = SimpleKind::kContains;
      simple->value = detail::ContainsKey(text);
      if (simple->value.empty()) return Error(start, "':contains()' needs some text");
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
      if (!IsAsciiSpace(s_[k])) arg.push_back(LowerChar(s_[k]));
    }
    std::size_t arg_at = pos_;
    while (arg_at < close && IsAsciiSpace(s_[arg_at])) ++arg_at;
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
  bool in_has_ = false;
};

}  // namespace

namespace detail {

std::string ContainsKey(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (IsAsciiSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(LowerChar(c));
  }
  return out;
}

Status ParseSelectorList(std::string_view text, SelectorList* list) {
  return SelectorParser(text).ParseList(list);
}

}  // namespace detail
}  // namespace cecat::parsers
