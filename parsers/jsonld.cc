#include "parsers/jsonld.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/ascii.h"
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
      } else if (StartsWith(in_, i, "<!--") || StartsWith(in_, i, "-->")) {
        // '>' and "<!" never occur outside strings in JSON: these are wrappers.
        i += StartsWith(in_, i, "<!--") ? 4 : 3;
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
        DropTrailingComma();
        if (!stack_.empty() && stack_.back() == c) {
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

 private:
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
      if (next == '\0') {  // a backslash ending the block
        out_.append("\\\\");
        return i + 1;
      }
      // Any other escape ("\&", "\'", "\-"): read as JavaScript does, the
      // character itself; the templates that write these are JavaScript's and PHP's.
      Note("invalid escape read as the character");
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
  std::set<int> comma_inserted_for_;
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
        std::string text;
        const GumboVector* kids = Children(el);
        for (unsigned i = 0; i < kids->length; ++i) {
          const auto* kid = static_cast<const GumboNode*>(kids->data[i]);
          if (kid->type == GUMBO_NODE_TEXT || kid->type == GUMBO_NODE_WHITESPACE ||
              kid->type == GUMBO_NODE_CDATA) {
            text += kid->v.text.text;
          }
        }
        blocks.push_back(std::move(text));
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
  if (valid.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::ParseError("empty block");
  }
  Repairer repairer(valid, max_depth);
  CECAT_RETURN_IF_ERROR(repairer.Run());
  if (valid != block) repairs->push_back("invalid UTF-8 replaced");
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
