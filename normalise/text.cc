#include "normalise/text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "common/utf8.h"

namespace cecat::normalise {
namespace {

// The named references that occur in course pages; the full HTML list has 2,231,
// but anything else is rare enough to keep as written.
const std::unordered_map<std::string, unsigned long>& NamedEntities() {
  static const auto* kMap = new std::unordered_map<std::string, unsigned long>{
      {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
      {"apos", '\''},     {"nbsp", 0xA0},    {"ndash", 0x2013}, {"mdash", 0x2014},
      {"lsquo", 0x2018},  {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
      {"hellip", 0x2026}, {"bull", 0x2022},  {"middot", 0xB7},  {"copy", 0xA9},
      {"reg", 0xAE},      {"trade", 0x2122}, {"eacute", 0xE9},  {"egrave", 0xE8},
      {"aacute", 0xE1},   {"iacute", 0xED},  {"oacute", 0xF3},  {"uacute", 0xFA},
      {"ntilde", 0xF1},   {"uuml", 0xFC},    {"ouml", 0xF6},    {"auml", 0xE4},
      {"ccedil", 0xE7},   {"frac12", 0xBD},  {"frac14", 0xBC},  {"frac34", 0xBE},
      {"dollar", '$'},    {"euro", 0x20AC},  {"pound", 0xA3},   {"cent", 0xA2},
      {"sect", 0xA7},     {"deg", 0xB0},     {"times", 0xD7},   {"minus", 0x2212},
      {"thinsp", 0x2009}, {"ensp", 0x2002},  {"emsp", 0x2003},  {"star", 0x2606},
      {"num", '#'},       {"percnt", '%'},   {"colon", ':'},    {"comma", ','},
      {"period", '.'},    {"sol", '/'},      {"lpar", '('},     {"rpar", ')'},
  };
  return *kMap;
}

std::string DecodeOnce(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    std::size_t semi = text.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += '&';
      continue;
    }
    std::string_view name = text.substr(i + 1, semi - i - 1);
    if (!name.empty() && name[0] == '#') {
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      std::string digits(name.substr(hex ? 2 : 1));
      // Digits only, as HTML's tokenizer reads them: strtoul alone also takes a
      // sign and leading spaces, so "&#-1;" (what "&#\u2013 1;" reads as once its
      // dash is matched as "-") decoded to U+FFFD and a title's match key depended
      // on its typography (fuzz_normalise_values).
      bool all_digits = !digits.empty() && std::all_of(digits.begin(), digits.end(), [&](char c) {
        return hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                   : std::isdigit(static_cast<unsigned char>(c)) != 0;
      });
      char* end = nullptr;
      unsigned long cp = all_digits ? std::strtoul(digits.c_str(), &end, hex ? 16 : 10) : 0;
      if (!all_digits || end == nullptr || *end != '\0') {
        out += '&';
        continue;
      }
      AppendUtf8(out, cp);
      i = semi;
      continue;
    }
    auto it = NamedEntities().find(std::string(name));
    if (it == NamedEntities().end()) {
      out += '&';
      continue;
    }
    AppendUtf8(out, it->second);
    i = semi;
  }
  return out;
}

bool IsInline(std::string_view name) {
  static constexpr std::string_view kInline[] = {
      "a",    "abbr", "b",    "bdi",  "bdo", "cite", "code", "data",  "dfn",  "em",
      "font", "i",    "kbd",  "mark", "q",   "s",    "samp", "small", "span", "strong",
      "sub",  "sup",  "time", "u",    "var", "wbr",  "ins",  "del",   "nobr"};
  for (std::string_view n : kInline) {
    if (EqualsIgnoreCase(name, n)) return true;
  }
  return false;
}

// Position of `needle` (lower case) in `hay` at or after `from`, ignoring ASCII
// case, or npos. Scans in place: lower-casing the rest of the text for every
// <script> made stripping quadratic in the number of script tags.
std::size_t IFind(std::string_view hay, std::string_view needle, std::size_t from) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    i = hay.find(needle[0], i);
    if (i == std::string_view::npos || i + needle.size() > hay.size()) break;
    if (EqualsIgnoreCase(hay.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::string DecodeEntities(std::string_view text) {
  std::string once = DecodeOnce(text);
  if (once.find("&amp;") == std::string::npos && once.find("&#") == std::string::npos &&
      once.find("&quot;") == std::string::npos) {
    return once;
  }
  return DecodeOnce(once);
}

std::string StripTags(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c != '<') {
      out += c;
      ++i;
      continue;
    }
    // "<" not followed by a tag name, '/', or '!' is text ("a < b").
    if (i + 1 >= html.size() || !(std::isalpha(static_cast<unsigned char>(html[i + 1])) ||
                                  html[i + 1] == '/' || html[i + 1] == '!')) {
      out += c;
      ++i;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      out += ' ';
      continue;
    }
    std::size_t end = html.find('>', i + 1);
    if (end == std::string_view::npos) break;  // an unterminated tag is dropped
    std::string_view tag = html.substr(i + 1, end - i - 1);
    bool closing = !tag.empty() && tag[0] == '/';
    if (closing) tag.remove_prefix(1);
    std::size_t name_len = 0;
    while (name_len < tag.size() && std::isalnum(static_cast<unsigned char>(tag[name_len])))
      ++name_len;
    std::string_view name = tag.substr(0, name_len);
    i = end + 1;
    // Inline elements sit inside words and sentences ("<b>rules</b>."); block
    // elements and <br> separate them.
    if (!IsInline(name)) out += ' ';
    if (!closing && (EqualsIgnoreCase(name, "script") || EqualsIgnoreCase(name, "style"))) {
      // Skip to the matching close tag, whatever case it is written in.
      std::size_t close_at = IFind(html, "</" + Lower(name), i);
      if (close_at == std::string_view::npos) break;
      std::size_t gt = html.find('>', close_at);
      i = gt == std::string_view::npos ? html.size() : gt + 1;
    }
  }
  return out;
}

namespace {

// Bytes of the control or bidi character starting at text[i], 0 if none.
std::size_t ControlAt(std::string_view text, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  unsigned char c = b(0);
  if (c < 0x20 || c == 0x7F) return 1;
  if (c == 0xC2 && i + 1 < text.size() && b(1) >= 0x80 && b(1) <= 0x9F) return 2;
  if (c == 0xE2 && i + 2 < text.size()) {
    if (b(1) == 0x80 && b(2) >= 0xAA && b(2) <= 0xAE) return 3;  // U+202A-U+202E
    if (b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9) return 3;  // U+2066-U+2069
  }
  return 0;
}

}  // namespace

bool HasControls(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 || c == 0x7F || c == 0xC2 || c == 0xE2) && ControlAt(text, i) > 0) return true;
  }
  return false;
}

namespace {

// `text` with each control or bidi character `c` replaced by what `replace(out, c)`
// appends.
template <typename Replace>
std::string ReplaceControls(std::string_view text, Replace replace) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = ControlAt(text, i);
    if (n == 0) {
      out += text[i++];
      continue;
    }
    replace(out, text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

std::string StripControls(std::string_view text) {
  return ReplaceControls(text, [](std::string& out, std::string_view c) {
    if (c == "\t" || c == "\n" || c == "\r") out += ' ';
  });
}

std::string EscapeControls(std::string_view text) {
  return ReplaceControls(text, [](std::string& out, std::string_view c) {
    static constexpr char kHex[] = "0123456789abcdef";
    auto byte = [&](std::size_t k) {
      return static_cast<unsigned>(static_cast<unsigned char>(c[k]));
    };
    unsigned cp = byte(0);
    if (c.size() == 2) cp = ((cp & 0x1F) << 6) | (byte(1) & 0x3F);
    if (c.size() == 3) cp = ((cp & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    out += cp < 0x80 ? "\\x" : cp <= 0xFF ? "\\u00" : "\\u";
    if (cp > 0xFF) {
      out += kHex[(cp >> 12) & 0xF];
      out += kHex[(cp >> 8) & 0xF];
    }
    out += kHex[(cp >> 4) & 0xF];
    out += kHex[cp & 0xF];
  });
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The strict check of common/utf8 (overlong forms and surrogates are invalid too:
// fuzz_normalise_values found E0 9E 8F passing the old lead-byte-and-mask check,
// and nlohmann's dump throwing on it).
std::string ValidUtf8(std::string_view text) { return RepairUtf8(text); }

namespace {

// Tags stripped, entities decoded, valid UTF-8, PlainSpaces, whitespace collapsed:
// PlainText before any cut.
std::string CleanLine(std::string_view html) {
  std::string decoded = DecodeEntities(StripTags(html));
  // Control characters go before the second look for tags, not after it: "<" + U+000F
  // + "c...>" is no tag, but with the control dropped (as every normalised string's
  // are) it becomes one (fuzz_normalise_vocab), raw or decoded from "&#15;".
  if (HasControls(decoded)) decoded = StripControls(decoded);
  // Escaped markup ("&lt;p&gt;Learn&lt;/p&gt;", common in JSON-LD that CMS plugins
  // write) decodes to tags. The feed carries no markup (SPEC), so what decoded into
  // a tag is stripped too; "<3" and "a < b" are not tags and stay.
  if (decoded.find('<') != std::string::npos) decoded = StripTags(decoded);
  return CollapseWhitespace(PlainSpaces(ValidUtf8(decoded)));
}

// Where `text` is cut to at most max_bytes: the number of its bytes kept (before
// "..." is appended), or npos when it fits. At the last space in the second half
// if there is one, else at a code point boundary; trailing spaces, commas and
// semicolons dropped.
std::size_t CutAt(std::string_view text, std::size_t max_bytes) {
  if (max_bytes == 0 || text.size() <= max_bytes) return std::string_view::npos;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::size_t space = text.rfind(' ', cut);
  if (space != std::string_view::npos && space > max_bytes / 2) cut = space;
  while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == ',' || text[cut - 1] == ';')) --cut;
  return cut;
}

}  // namespace

std::string PlainText(std::string_view html, std::size_t max_bytes) {
  std::string text = CleanLine(html);
  // Matching's form is never longer than the text, so text that fits is not cut.
  if (max_bytes == 0 || text.size() <= max_bytes) return text;
  // Cut where MatchText cuts, mapped back to the text as published: a title's
  // match key must not depend on whether its publisher typed curly quotes.
  std::vector<std::size_t> origin;
  std::string match = AsciiPunctuation(text, &origin);
  std::size_t kept = CutAt(match, max_bytes);
  if (kept == std::string::npos) return text;
  // A cut inside an ellipsis's three dots keeps none of it.
  std::string out = text.substr(0, kept < match.size() ? origin[kept] : text.size());
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ';'))
    out.pop_back();
  return out + "...";
}

std::string MatchText(std::string_view html, std::size_t max_bytes) {
  std::string text = AsciiPunctuation(CleanLine(html));
  std::size_t kept = CutAt(text, max_bytes);
  if (kept == std::string::npos) return text;
  text.resize(kept);
  return text + "...";
}

std::string AsPublished(std::string_view published, std::string_view matched) {
  if (matched.empty()) return "";
  std::vector<std::size_t> origin;
  std::string match = AsciiPunctuation(published, &origin);
  for (std::size_t pos = match.find(matched); pos != std::string::npos;
       pos = match.find(matched, pos + 1)) {
    std::size_t end = pos + matched.size();
    bool starts_whole = pos == 0 || origin[pos] != origin[pos - 1];
    bool ends_whole = end == match.size() || origin[end] != origin[end - 1];
    if (!starts_whole || !ends_whole) continue;
    std::size_t to = end == match.size() ? published.size() : origin[end];
    return std::string(published.substr(origin[pos], to - origin[pos]));
  }
  return std::string(matched);
}

bool SameMatchText(std::string_view a, std::string_view b) {
  return a == b || AsciiPunctuation(a) == AsciiPunctuation(b);
}

std::string Fold(std::string_view text) {
  std::string plain = MatchText(text);
  std::string out;
  out.reserve(plain.size());
  bool space = false;
  auto put = [&](char c) {
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  };
  for (char ch : plain) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      put(LowerChar(static_cast<char>(c)));
    } else if (c == '&') {
      space = true;
      put('a');
      out += "nd";
      space = true;
    } else {
      space = true;
    }
  }
  return out;
}

std::size_t FindPhrase(std::string_view folded, std::string_view phrase, std::size_t from) {
  if (phrase.empty()) return std::string_view::npos;
  std::size_t pos = from;
  while ((pos = folded.find(phrase, pos)) != std::string_view::npos) {
    bool start_ok = pos == 0 || folded[pos - 1] == ' ';
    std::size_t end = pos + phrase.size();
    bool end_ok = end == folded.size() || folded[end] == ' ' ||
                  (folded[end] == 's' && (end + 1 == folded.size() || folded[end + 1] == ' '));
    if (start_ok && end_ok) return pos;
    ++pos;
  }
  return std::string_view::npos;
}

bool ContainsPhrase(std::string_view folded, std::string_view phrase) {
  return FindPhrase(folded, phrase) != std::string_view::npos;
}

std::string ValueText(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return value.get<std::string>();
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return FormatNumber(value.get<double>());
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::object: {
      for (const char* key : {"name", "@value", "value", "text", "description"}) {
        auto it = value.find(key);
        if (it != value.end() && !it->is_null()) return ValueText(*it);
      }
      std::string out;
      for (const auto& [k, v] : value.items()) {
        if (!k.empty() && k[0] == '@') continue;
        std::string part = ValueText(v);
        if (part.empty()) continue;
        if (!out.empty()) out += ", ";
        out += part;
      }
      return out;
    }
    case Json::value_t::array: {
      std::string out;
      for (const auto& v : value) {
        std::string part = ValueText(v);
        if (part.empty()) continue;
        if (!out.empty()) out += ", ";
        out += part;
      }
      return out;
    }
    default:
      return "";
  }
}

std::vector<std::string> ValueList(const Json& value) {
  std::vector<std::string> out;
  if (value.is_array()) {
    for (const auto& v : value) {
      for (auto& item : ValueList(v)) out.push_back(std::move(item));
    }
    return out;
  }
  if (value.is_object()) {
    std::string text = PlainText(ValueText(value));
    if (!text.empty()) out.push_back(text);
    return out;
  }
  std::string text = PlainText(ValueText(value));
  std::string item;
  auto flush = [&] {
    std::string t = CollapseWhitespace(item);
    if (!t.empty()) out.push_back(t);
    item.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ',' || c == ';' || c == '|' || c == '/' || c == '\n') {
      flush();
    } else if (c == ' ' && (text.compare(i, 5, " and ") == 0 || text.compare(i, 5, " And ") == 0)) {
      flush();
      i += 4;
    } else {
      item += c;
    }
  }
  flush();
  return out;
}

std::optional<double> ParseDecimal(std::string_view text) {
  std::string s = CollapseWhitespace(text);
  if (s.empty()) return std::nullopt;
  std::string clean;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ',') {
      // Thousands separator when exactly 3 digits follow, else a decimal comma.
      std::size_t digits = 0;
      while (i + 1 + digits < s.size() &&
             std::isdigit(static_cast<unsigned char>(s[i + 1 + digits])))
        ++digits;
      if (digits == 3) continue;
      if (digits >= 1 && digits <= 2 && clean.find('.') == std::string::npos) {
        clean += '.';
        continue;
      }
      return std::nullopt;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || (c == '-' && i == 0) ||
        (c == '+' && i == 0)) {
      clean += c;
      continue;
    }
    return std::nullopt;
  }
  if (clean.empty() || clean == "." || clean == "-" || clean == "+") return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(clean.c_str(), &end);
  if (end == nullptr || *end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

double Round2(double value) { return std::round(value * 100.0) / 100.0; }

std::string FormatNumber(double value) {
  if (!std::isfinite(value)) return "";
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  std::string s = buf;
  if (s.find('e') != std::string::npos) {
    std::snprintf(buf, sizeof buf, "%.6f", value);
    s = buf;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

}  // namespace cecat::normalise
