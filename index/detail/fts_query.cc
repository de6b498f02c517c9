#include "index/detail/fts_query.h"

#include <cctype>
#include <string>
#include <vector>

#include "common/typography.h"

namespace cecat::index::detail {
namespace {

// Letters and digits in ASCII, and any non-ASCII byte (unicode61 decides on those;
// a stray one at worst makes an empty phrase, which FTS5 accepts).
bool Searchable(std::string_view s) {
  for (unsigned char c : s)
    if (std::isalnum(c) || c >= 0x80) return true;
  return false;
}

// `"` + s with every `"` doubled + `"`: an FTS5 string, whatever s holds.
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\0') continue;
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::string BuildFtsQuery(std::string_view typed) {
  // Curly quotes typed (or pasted) around a phrase make a phrase too. Matching
  // needs no more: unicode61 separates words at punctuation, curly or straight.
  const std::string ascii = AsciiPunctuation(typed);
  const std::string_view text = ascii;
  std::vector<std::string> terms;
  size_t i = 0;
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
      continue;
    }
    if (text[i] == '"') {
      size_t end = text.find('"', i + 1);
      std::string_view phrase =
          text.substr(i + 1, end == std::string_view::npos ? std::string_view::npos : end - i - 1);
      if (Searchable(phrase)) terms.push_back(Quote(phrase));
      i = end == std::string_view::npos ? text.size() : end + 1;
      continue;
    }
    size_t end = i;
    while (end < text.size() && !IsSpace(text[end]) && text[end] != '"') ++end;
    std::string_view word = text.substr(i, end - i);
    i = end;
    bool prefix = false;
    while (!word.empty() && word.back() == '*') {
      word.remove_suffix(1);
      prefix = true;
    }
    if (!Searchable(word)) continue;
    terms.push_back(Quote(word) + (prefix ? "*" : ""));
  }
  std::string out;
  for (const std::string& t : terms) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

}  // namespace cecat::index::detail
