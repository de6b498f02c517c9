#include "parsers/jsonld.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/ascii.h"
#include "parsers/detail/page_scan.h"
#include "parsers/html.h"
#include "parsers/text.h"

namespace cecat::parsers {
namespace {

bool StartsWith(std::string_view s, std::size_t at, std::string_view prefix) {
  return s.size() >= at + prefix.size() && s.compare(at, prefix.size(), prefix) == 0;
}

bool IsJsonWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// The character-level repair pass. Keeps a stack of open brackets so it can
// close a truncated block and refuse absurd nesting.
class Repairer {
 public:
  Repairer(std::string_view in, std::size_t max_depth) : in_(in), max_depth_(max_depth) {}

  Status Run() {
    out_.reserve(in_.size() + 16);
    std::size_t i = 0;
    if (StartsWith(in_, 0, "\xEF\xBB\xBF")) {
      i = 3;
      Note("byte-order mark removed");
    }
    while (i < in_.size()) {
      if (in_string_) {
        i = InString(i);
        continue;
      }
      char c = in_[i];
      if (IsJsonWs(c)) {
        out_.push_back(c);
        ++i;
      } else if (c == '"' || c == '\'') {
        if (c == '\'') Note("single-quoted string");
        BeforeValue();
        in_string_ = true;
        quote_ = c;
        out_.push_back('"');
        ++i;
      } else if (StartsWith(in_, i, "<!--")) {
        // '>' and "<!" never occur outside strings in JSON. "<!-- note -->" with no
        // JSON in it is a comment (schema.org's own examples carry one before the
        // object); "<!-- {...} -->" is a wrapper around the JSON, which is kept.
        std::size_t close = NextCommentClose(i + 4);
        if (close != std::string_view::npos && NextJsonStart(i + 4) > close) {
          i = close + 3;
          Note("HTML comment removed");
        } else {
          i += 4;
          Note("HTML comment wrapper removed");
        }
      } else if (StartsWith(in_, i, "-->")) {
        i += 3;
        Note("HTML comment wrapper removed");
      } else if (StartsWith(in_, i, "<![CDATA[") || StartsWith(in_, i, "]]>")) {
        i += StartsWith(in_, i, "<!") ? 9 : 3;
        Note("CDATA wrapper removed");
      } else if (c == '{' || c == '[') {
        BeforeValue();
        if (stack_.size() >= max_depth_) {
          return Status::LimitExceeded("nested deeper than " + std::to_string(max_depth_));
        }
        stack_.push_back(c == '{' ? '}' : ']');
        out_.push_back(c);
        ++i;
      } else if (c == '}' || c == ']') {
        if (stack_.empty()) {
          // "{...}}" or "[...]]": a closer with nothing open, left by a template.
          ++i;
          ++stray_closers_;
          Note("stray closing bracket removed");
          continue;
        }
        DropTrailingComma();
        if (stack_.back() == c) {
          stack_.pop_back();
          if (stack_.empty()) ++top_values_;
        }
        out_.push_back(c);
        ++i;
      } else if (StartsWith(in_, i, "//")) {
        std::size_t end = in_.find('\n', i);
        i = end == std::string_view::npos ? in_.size() : end;
        Note("comment removed");
      } else if (StartsWith(in_, i, "/*")) {
        std::size_t end = in_.find("*/", i + 2);
        i = end == std::string_view::npos ? in_.size() : end + 2;
        Note("comment removed");
      } else if (StartsWith(in_, i, "\xC2\xA0")) {
        out_.push_back(' ');
        i += 2;
        Note("no-break space between tokens");
      } else if (static_cast<unsigned char>(c) < 0x20) {
        ++i;  // stray control character between tokens
        Note("control character removed");
      } else if (stack_.empty() && top_values_ > 0 && c != ',' && c != ';') {
        // Words after a complete top-level value ("{...} oops", "{...}</p>"): the
        // value stands, the rest is not JSON and is not guessed at.
        Note("text after the JSON ignored");
        break;
      } else {
        bool literal_start = (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == 't' ||
                              c == 'f' || c == 'n') &&
                             (out_.empty() || IsJsonWs(out_.back()));
        if ((stack_.empty() && c != ',' && c != ';') || (!stack_.empty() && literal_start)) {
          BeforeValue();
        }
        if (stack_.empty() && (c == ',' || c == ';')) {
          ++i;  // separators between top-level values
          continue;
        }
        out_.push_back(c);
        ++i;
      }
    }
    if (in_string_) {
      out_.push_back('"');
      Note("unterminated string closed");
    }
    if (!stack_.empty()) {
      Note("unclosed brackets closed");
      while (!stack_.empty()) {
        DropTrailingComma();
        out_.push_back(stack_.back());
        stack_.pop_back();
      }
      ++top_values_;
    }
    if (top_values_ > 1) {
      out_ = "[" + out_ + "]";
      Note("several top-level values read as an array");
    }
    return Status::Ok();
  }

  const std::string& text() const { return out_; }
  const std::vector<std::string>& notes() const { return notes_; }
  // Closing brackets dropped because nothing was open: when that is all a block
  // held, the block is garbage, not an empty one.
  int stray_closers() const { return stray_closers_; }

 private:
  // Where the next "-->" starts at or after `from`, or npos. Cached so that a block
  // of many "<!--" stays linear: the answer holds until `from` passes it.
  std::size_t NextCommentClose(std::size_t from) {
    if (comment_close_ == kUnknown ||
        (comment_close_ != std::string_view::npos && comment_close_ < from)) {
      comment_close_ = in_.find("-->", from);
    }
    return comment_close_;
  }

  // Where the next '{' or '[' is, or npos; cached the same way. (A quote does not
  // count: "<!-- the "Course" block -->" is still a comment.)
  std::size_t NextJsonStart(std::size_t from) {
    if (json_start_ == kUnknown || (json_start_ != std::string_view::npos && json_start_ < from)) {
      json_start_ = in_.find_first_of("{[", from);
    }
    return json_start_;
  }

  // A '"' inside a double-quoted string ends it only when what follows (after
  // spaces) can follow a string in JSON: ',', ':', '}', ']', the end, or a
  // comment or wrapper ("/x" is not a comment: href="/x" is a path). Otherwise it is a quote the
  // publisher forgot to escape
  // ("two "buttons" here", "<p style="left">"); valid JSON never takes this path.
  // A following '"' also ends it: {"a": "x" "b": 1} lost a comma, not a quote.
  bool EndsString(std::size_t quote_at) const {
    std::size_t k = quote_at + 1;
    while (k < in_.size() && IsJsonWs(in_[k])) ++k;
    if (k >= in_.size()) return true;
    char n = in_[k];
    return n == ',' || n == ':' || n == '}' || n == ']' || n == '"' || StartsWith(in_, k, "//") ||
           StartsWith(in_, k, "/*") || StartsWith(in_, k, "-->") || StartsWith(in_, k, "<!--") ||
           StartsWith(in_, k, "]]>");
  }

  void Note(const std::string& note) {
    if (std::find(notes_.begin(), notes_.end(), note) == notes_.end()) notes_.push_back(note);
  }

  // At depth 0 a second value starts: separate it from the first by a comma.
  // Inside a container, a value that directly follows another value lost its
  // comma ({"a": "x" "b": 1}): put it back.
  void BeforeValue() {
    if (!stack_.empty()) {
      std::size_t k = out_.size();
      while (k > 0 && IsJsonWs(out_[k - 1])) --k;
      char prev = k > 0 ? out_[k - 1] : '\0';
      bool ends_value = prev == '"' || prev == '}' || prev == ']' ||
                        std::isalnum(static_cast<unsigned char>(prev));
      if (ends_value) {
        out_.insert(k, 1, ',');
        Note("missing comma inserted");
      }
      return;
    }
    if (stack_.empty() && top_values_ > 0 && !comma_inserted_for_.count(top_values_)) {
      out_.push_back(',');
      comma_inserted_for_.insert(top_values_);
    }
  }

  void DropTrailingComma() {
    std::size_t k = out_.size();
    while (k > 0 && IsJsonWs(out_[k - 1])) --k;
    if (k > 0 && out_[k - 1] == ',') {
      out_.erase(k - 1, 1);
      Note("trailing comma removed");
    }
  }

  std::size_t InString(std::size_t i) {
    char c = in_[i];
    auto uc = static_cast<unsigned char>(c);
    if (c == quote_) {
      if (quote_ == '"' && !EndsString(i)) {
        out_.append("\\\"");
        Note("unescaped quote in string escaped");
        return i + 1;
      }
      out_.push_back('"');
      in_string_ = false;
      return i + 1;
    }
    if (c == '"') {  // inside a single-quoted string
      out_.append("\\\"");
      return i + 1;
    }
    if (c == '\\') {
      char next = i + 1 < in_.size() ? in_[i + 1] : '\0';
      if (next == '"' || next == '\\' || next == '/' || next == 'b' || next == 'f' || next == 'n' ||
          next == 'r' || next == 't') {
        out_.push_back('\\');
        out_.push_back(next);
        return i + 2;
      }
      if (next == 'u' && i + 6 <= in_.size() && IsHex(in_[i + 2]) && IsHex(in_[i + 3]) &&
          IsHex(in_[i + 4]) && IsHex(in_[i + 5])) {
        out_.append(in_.substr(i, 6));
        return i + 6;
      }
      if (next == 'x' && i + 4 <= in_.size() && IsHex(in_[i + 2]) && IsHex(in_[i + 3])) {
        // JavaScript's "\x26": JSON spells it "\u0026".
        out_.append("\\u00");
        out_.append(in_.substr(i + 2, 2));
        Note("invalid escape read as the character");
        return i + 4;
      }
      if (next != '\0' && std::ispunct(static_cast<unsigned char>(next)) != 0) {
        // "\'", "\&", "\-": read as JavaScript does, the character itself; the
        // templates that write these are JavaScript's and PHP's.
        Note("invalid escape read as the character");
        return i + 1;
      }
      // A backslash before a letter, a digit or the end ("C:\videos", "\d+",
      // "\u12") was meant literally: keep it rather than lose a character, as
      // extruct does (jsonld.py, _repair_escapes).
      out_.append("\\\\");
      Note("lone backslash kept");
      return i + 1;
    }
    if (uc < 0x20) {
      static const char kHex[] = "0123456789abcdef";
      if (c == '\n') {
        out_.append("\\n");
      } else if (c == '\r') {
        out_.append("\\r");
      } else if (c == '\t') {
        out_.append("\\t");
      } else {
        out_.append("\\u00");
        out_.push_back(kHex[uc >> 4]);
        out_.push_back(kHex[uc & 0xF]);
      }
      Note("control character in string escaped");
      return i + 1;
    }
    out_.push_back(c);
    return i + 1;
  }

  std::string_view in_;
  std::size_t max_depth_;
  std::string out_;
  std::vector<char> stack_;
  std::vector<std::string> notes_;
  bool in_string_ = false;
  char quote_ = '"';
  int top_values_ = 0;
  int stray_closers_ = 0;
  std::set<int> comma_inserted_for_;
  static constexpr std::size_t kUnknown = std::string_view::npos - 1;
  std::size_t comment_close_ = kUnknown;
  std::size_t json_start_ = kUnknown;
};

}  // namespace

bool IsJsonLdType(std::string_view type) {
  std::string_view media = Trim(type.substr(0, type.find(';')));
  return EqualsIgnoreCase(media, "application/ld+json");
}

std::vector<std::string> FindJsonLdBlocks(const GumboNode* root, std::size_t max_blocks,
                                          std::vector<GumboSourcePosition>* starts) {
  std::vector<std::string> blocks;
  WalkElements(root, [&](const GumboNode* el) {
    if (blocks.size() >= max_blocks) return false;
    if (el->type == GUMBO_NODE_ELEMENT && el->v.element.tag == GUMBO_TAG_SCRIPT) {
      const char* type = Attr(el, "type");
      if (type != nullptr && IsJsonLdType(type)) {
        blocks.push_back(detail::ScriptText(el));
        if (starts != nullptr) starts->push_back(el->v.element.start_pos);
      }
      return false;
    }
    return true;
  });
  return blocks;
}

Result<Json> ParseJsonLd(std::string_view block, std::vector<std::string>* repairs,
                         std::size_t max_depth) {
  // nlohmann rejects invalid UTF-8 inside strings; replace it rather than lose the block.
  std::string valid = ValidUtf8(block);
  // An empty block, or one that held only comments or wrappers, says nothing:
  // null, which the caller skips without a record or a diagnostic.
  if (valid.find_first_not_of(" \t\r\n") == std::string::npos) return Json(nullptr);
  Repairer repairer(valid, max_depth);
  CECAT_RETURN_IF_ERROR(repairer.Run());
  if (valid != block) repairs->push_back("invalid UTF-8 replaced");
  if (repairer.text().find_first_not_of(" \t\r\n") == std::string::npos) {
    if (repairer.stray_closers() > 0) return Status::ParseError("no JSON value in the block");
    return Json(nullptr);
  }
  try {
    Json parsed = Json::parse(repairer.text());
    repairs->insert(repairs->end(), repairer.notes().begin(), repairer.notes().end());
    return parsed;
  } catch (const std::exception& e) {
    // nlohmann quotes the bytes it last read, which can end inside a UTF-8
    // sequence; the message reaches `extract` JSON output, so it must be valid.
    return Status::ParseError(ValidUtf8(e.what()));
  }
}

}  // namespace cecat::parsers
