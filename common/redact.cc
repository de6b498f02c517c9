#include "common/redact.h"

#include "common/ascii.h"

#include <algorithm>
#include <vector>

namespace cecat {
namespace {

constexpr char kRedacted[] = "***";

bool IsSchemeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Characters RFC 3986 never allows in a URL, plus whitespace: where a URL written
// into free text ends.
bool EndsUrl(char c) {
  return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' ||
         c == '>' || c == '`' || c == '{' || c == '}' || c == '|' || c == '\\' || c == '^';
}

// "api%5Fkey" names the same parameter as "api_key".
std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// "a=1&token=x&b" with secret values replaced. `part` is a query or a fragment
// without its leading '?' or '#'.
std::string RedactParams(std::string_view part) {
  std::string out;
  out.reserve(part.size());
  size_t start = 0;
  while (start <= part.size()) {
    size_t amp = part.find('&', start);
    if (amp == std::string_view::npos) amp = part.size();
    std::string_view pair = part.substr(start, amp - start);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && eq + 1 < pair.size() &&
        IsSecretParam(PercentDecode(pair.substr(0, eq)))) {
      out.append(pair.substr(0, eq + 1));
      out += kRedacted;
    } else if (pair.find("://") != std::string_view::npos) {
      // A URL in a parameter ("?next=https://user:pw@host/") is redacted too.
      out += RedactSecrets(pair);
    } else {
      out.append(pair);
    }
    if (amp == part.size()) break;
    out += '&';
    start = amp + 1;
  }
  return out;
}

}  // namespace

bool IsSecretParam(std::string_view name) {
  // Split into lower-case words at '_', '-', '.' and lowerCamel humps; the last
  // word decides, so "access_token", "accessToken" and "X-Amz-Signature" are
  // secrets while "monkey" or "tokens_left" are not.
  std::vector<std::string> words(1);
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '_' || c == '-' || c == '.' || c == ' ') {
      words.emplace_back();
      continue;
    }
    bool upper = c >= 'A' && c <= 'Z';
    if (upper && i > 0 && name[i - 1] >= 'a' && name[i - 1] <= 'z') words.emplace_back();
    words.back() += upper ? static_cast<char>(c - 'A' + 'a') : c;
  }
  while (!words.empty() && words.back().empty()) words.pop_back();
  if (words.empty()) return false;
  static const char* const kSecretWords[] = {
      "token",  "key",       "apikey", "password",   "passwd", "pwd",
      "secret", "signature", "sig",    "credential", "auth",
  };
  for (const char* w : kSecretWords) {
    if (words.back() == w) return true;
  }
  return false;
}

std::string RedactUrl(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  size_t pos = 0;
  size_t scheme_end = url.find("://");
  if (scheme_end != std::string_view::npos) {
    size_t authority = scheme_end + 3;
    size_t authority_end = url.find_first_of("/?#", authority);
    if (authority_end == std::string_view::npos) authority_end = url.size();
    std::string_view host_part = url.substr(authority, authority_end - authority);
    size_t at = host_part.rfind('@');
    out.append(url.substr(0, authority));
    if (at != std::string_view::npos) {
      // All of the userinfo: a user name alone can be an API key.
      out += kRedacted;
      out.append(host_part.substr(at));
    } else {
      out.append(host_part);
    }
    pos = authority_end;
  }
  size_t hash = url.find('#', pos);
  size_t path_end = std::min(url.find('?', pos), hash);
  if (path_end == std::string_view::npos) path_end = url.size();
  out.append(url.substr(pos, path_end - pos));
  if (path_end < url.size() && url[path_end] == '?') {
    size_t query_end = hash == std::string_view::npos ? url.size() : hash;
    out += '?';
    out += RedactParams(url.substr(path_end + 1, query_end - path_end - 1));
  }
  if (hash != std::string_view::npos) {
    // OAuth's implicit flow puts access_token in the fragment.
    out += '#';
    out += RedactParams(url.substr(hash + 1));
  }
  return out;
}

std::string RedactSecrets(std::string_view text) {
  std::string out;
  size_t copied = 0;  // text[0, copied) is in `out` already
  size_t search = 0;
  while (true) {
    size_t sep = text.find("://", search);
    if (sep == std::string_view::npos) break;
    // RFC 3986 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    size_t start = sep;
    while (start > copied && IsSchemeChar(text[start - 1])) --start;
    while (start < sep && !IsAlpha(text[start])) ++start;
    if (start == sep) {
      search = sep + 3;
      continue;
    }
    size_t end = sep + 3;
    while (end < text.size() && !EndsUrl(text[end])) ++end;
    // Punctuation closing a sentence or a "url: reason" message is not the URL's.
    while (end > sep + 3 &&
           std::string_view(".,;:!?)]").find(text[end - 1]) != std::string_view::npos) {
      --end;
    }
    out.append(text.substr(copied, start - copied));
    out += RedactUrl(text.substr(start, end - start));
    copied = end;
    search = std::max(end, sep + 3);
  }
  out.append(text.substr(copied));
  return out;
}

void RedactJsonStrings(Json& j) {
  if (j.is_string()) {
    const std::string& text = j.get_ref<const std::string&>();
    if (text.find("://") != std::string::npos) j = RedactSecrets(text);
  } else if (j.is_array() || j.is_object()) {
    for (Json& v : j) RedactJsonStrings(v);
  }
}

}  // namespace cecat
