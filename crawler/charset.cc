#include "crawler/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <memory>

#include "common/ascii.h"
#include "common/utf8.h"

namespace cecat::crawler {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct IconvDeleter {
  using pointer = iconv_t;
  void operator()(iconv_t cd) const { iconv_close(cd); }
};
using Iconv = std::unique_ptr<void, IconvDeleter>;

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not valid (overlongs,
// surrogates and code points past U+10FFFF are invalid, RFC 3629).
bool IsValidUtf8(std::string_view s) { return ValidUtf8Prefix(s) == s.size(); }

}  // namespace

std::string RepairUtf8(std::string_view bytes, int* replaced) {
  return cecat::RepairUtf8(bytes, replaced);
}

std::string CharsetForLabel(std::string_view raw) {
  std::string label = Lower(Trim(raw));
  if (label.size() >= 2 && (label.front() == '"' || label.front() == '\'')) {
    label = label.substr(1, label.size() - 2);
  }
  struct Alias {
    const char* label;
    const char* charset;
  };
  // The WHATWG Encoding Standard's labels for the encodings seen on course sites.
  static const Alias kAliases[] = {
      {"utf-8", "utf-8"},
      {"utf8", "utf-8"},
      {"unicode-1-1-utf-8", "utf-8"},
      {"windows-1252", "windows-1252"},
      {"cp1252", "windows-1252"},
      {"x-cp1252", "windows-1252"},
      {"iso-8859-1", "windows-1252"},  // WHATWG: browsers decode latin-1 as windows-1252
      {"iso8859-1", "windows-1252"},
      {"iso_8859-1", "windows-1252"},
      {"iso_8859-1:1987", "windows-1252"},
      {"latin1", "windows-1252"},
      {"l1", "windows-1252"},
      {"cp819", "windows-1252"},
      {"ibm819", "windows-1252"},
      {"us-ascii", "windows-1252"},
      {"ascii", "windows-1252"},
      {"ansi_x3.4-1968", "windows-1252"},
      {"iso-8859-15", "iso-8859-15"},
      {"latin9", "iso-8859-15"},
      {"iso-8859-2", "iso-8859-2"},
      {"latin2", "iso-8859-2"},
      {"windows-1250", "windows-1250"},
      {"windows-1251", "windows-1251"},
      {"koi8-r", "koi8-r"},
      {"koi8-u", "koi8-u"},
      {"shift_jis", "shift_jis"},
      {"sjis", "shift_jis"},
      {"euc-jp", "euc-jp"},
      {"iso-2022-jp", "iso-2022-jp"},
      {"euc-kr", "euc-kr"},
      {"gb2312", "gbk"},
      {"gbk", "gbk"},
      {"gb18030", "gb18030"},
      {"big5", "big5"},
      {"utf-16", "utf-16le"},
      {"utf-16le", "utf-16le"},
      {"utf-16be", "utf-16be"},
      {"macintosh", "macintosh"},
  };
  for (const Alias& a : kAliases) {
    if (label == a.label) return a.charset;
  }
  // windows-125x and iso-8859-x not listed above go to iconv as named.
  if (label.rfind("windows-125", 0) == 0 && label.size() == 12) return label;
  if (label.rfind("iso-8859-", 0) == 0 && label.size() <= 11) return label;
  return "";
}

std::string CharsetParameter(std::string_view content_type) {
  std::string lower = Lower(content_type);
  size_t at = 0;
  while ((at = lower.find("charset", at)) != std::string::npos) {
    size_t i = at + 7;
    // Only as a parameter name: preceded by ';' or space.
    bool boundary =
        at > 0 && (lower[at - 1] == ';' || lower[at - 1] == ' ' || lower[at - 1] == '\t');
    while (i < lower.size() && lower[i] == ' ') ++i;
    if (!boundary || i >= lower.size() || lower[i] != '=') {
      at += 7;
      continue;
    }
    ++i;
    while (i < lower.size() && lower[i] == ' ') ++i;
    std::string_view rest = std::string_view(content_type).substr(i);
    if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
      char quote = rest.front();
      rest.remove_prefix(1);
      return std::string(rest.substr(0, rest.find(quote)));
    }
    return std::string(Trim(rest.substr(0, rest.find_first_of("; \t"))));
  }
  return "";
}

std::optional<std::string> SniffMetaCharset(std::string_view head) {
  head = head.substr(0, 1024);
  std::string lower = Lower(head);
  size_t i = 0;
  while (i < lower.size()) {
    if (lower.compare(i, 4, "<!--") == 0) {
      size_t end = lower.find("-->", i + 4);
      if (end == std::string::npos) return std::nullopt;
      i = end + 3;
      continue;
    }
    if (lower.compare(i, 5, "<meta") != 0 ||
        (i + 5 < lower.size() && !std::isspace(static_cast<unsigned char>(lower[i + 5])) &&
         lower[i + 5] != '/')) {
      ++i;
      continue;
    }
    // Attributes up to '>': name[=value], value quoted or not.
    size_t p = i + 5;
    std::string charset, content;
    bool http_equiv_content_type = false;
    while (p < lower.size() && lower[p] != '>') {
      while (p < lower.size() &&
             (std::isspace(static_cast<unsigned char>(lower[p])) || lower[p] == '/')) {
        ++p;
      }
      size_t name_start = p;
      while (p < lower.size() && lower[p] != '=' && lower[p] != '>' &&
             !std::isspace(static_cast<unsigned char>(lower[p]))) {
        ++p;
      }
      std::string name = lower.substr(name_start, p - name_start);
      std::string value;
      while (p < lower.size() && std::isspace(static_cast<unsigned char>(lower[p]))) ++p;
      if (p < lower.size() && lower[p] == '=') {
        ++p;
        while (p < lower.size() && std::isspace(static_cast<unsigned char>(lower[p]))) ++p;
        if (p < lower.size() && (lower[p] == '"' || lower[p] == '\'')) {
          char quote = lower[p++];
          size_t end = lower.find(quote, p);
          if (end == std::string::npos) end = lower.size();
          value = std::string(head.substr(p, end - p));
          p = end + 1;
        } else {
          size_t start = p;
          while (p < lower.size() && lower[p] != '>' &&
                 !std::isspace(static_cast<unsigned char>(lower[p]))) {
            ++p;
          }
          value = std::string(head.substr(start, p - start));
        }
      }
      if (name.empty() && p < lower.size() && lower[p] != '>') ++p;  // stray byte
      if (name == "charset" && charset.empty()) charset = value;
      if (name == "content" && content.empty()) content = value;
      if (name == "http-equiv" && Lower(Trim(value)) == "content-type") {
        http_equiv_content_type = true;
      }
    }
    if (!charset.empty()) return std::string(Trim(charset));
    if (http_equiv_content_type) {
      std::string from_content = CharsetParameter("; " + content);
      if (!from_content.empty()) return from_content;
    }
    i = p;
  }
  return std::nullopt;
}

std::optional<std::string> ConvertToUtf8(std::string_view bytes, const std::string& charset,
                                         int* replaced) {
  iconv_t raw = iconv_open("UTF-8", charset.c_str());
  if (raw == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  Iconv cd(raw);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4 + 16);
  char buffer[16384];
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  while (true) {
    char* dst = buffer;
    size_t dst_left = sizeof buffer;
    size_t rc = iconv(cd.get(), in_left ? &in : nullptr, &in_left, &dst, &dst_left);
    out.append(buffer, dst - buffer);
    if (rc != static_cast<size_t>(-1)) {
      if (in_left == 0) break;
      continue;
    }
    if (errno == E2BIG) continue;
    // EILSEQ: a byte the charset does not define; EINVAL: a sequence cut off at
    // the end. Either way: U+FFFD for one byte, and go on after it.
    if (errno == EILSEQ || errno == EINVAL) {
      out += kReplacement;
      if (replaced) ++*replaced;
      ++in;
      --in_left;
      if (in_left == 0) break;
      continue;
    }
    break;
  }
  // glibc's UTF-8 decoder passes some invalid sequences through (5-byte forms such
  // as F8 BD 89 89 89, found by fuzz_charset), so the output is checked once more.
  return RepairUtf8(out, replaced);
}

DecodedText DecodeHtml(std::string_view body, std::string_view content_type_header) {
  DecodedText out;
  std::string charset;
  // 1. Byte order mark: decisive, and removed.
  if (body.substr(0, 3) == "\xEF\xBB\xBF") {
    charset = "utf-8";
    body.remove_prefix(3);
    out.source = "bom";
  } else if (body.substr(0, 2) == "\xFF\xFE") {
    charset = "utf-16le";
    body.remove_prefix(2);
    out.source = "bom";
  } else if (body.substr(0, 2) == "\xFE\xFF") {
    charset = "utf-16be";
    body.remove_prefix(2);
    out.source = "bom";
  }
  // 2. Transport layer.
  if (charset.empty()) {
    charset = CharsetForLabel(CharsetParameter(content_type_header));
    if (!charset.empty()) out.source = "header";
  }
  // 3. <meta> prescan. A meta naming UTF-16 was itself read as ASCII, so the page
  // is not UTF-16: the HTML Standard says UTF-8 then.
  if (charset.empty()) {
    if (std::optional<std::string> label = SniffMetaCharset(body)) {
      charset = CharsetForLabel(*label);
      if (charset == "utf-16le" || charset == "utf-16be") charset = "utf-8";
      if (!charset.empty()) out.source = "meta";
    }
  }
  // 4. Nothing declared: UTF-8 if it is, else the web's legacy default.
  if (charset.empty()) {
    charset = IsValidUtf8(body) ? "utf-8" : "windows-1252";
    out.source = "default";
  }
  if (charset == "utf-8") {
    out.utf8 = RepairUtf8(body, &out.replaced);
    out.charset = charset;
    return out;
  }
  std::optional<std::string> converted = ConvertToUtf8(body, charset, &out.replaced);
  if (!converted) {
    // iconv lacks it (a minimal system): keep the UTF-8 that is there.
    out.utf8 = RepairUtf8(body, &out.replaced);
    out.charset = "utf-8";
    return out;
  }
  out.utf8 = std::move(*converted);
  out.charset = charset;
  return out;
}

}  // namespace cecat::crawler
