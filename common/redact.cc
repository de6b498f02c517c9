#include "common/redact.h"

#include "common/ascii.h"

#include <algorithm>
#include <vector>

namespace cecat {
namespace {

constexpr char kRedacted[] = "***";
// URLs nested in URLs' parameters looked into; deeper ones are hidden whole.
constexpr int kMaxDepth = 4;

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

// A JSON Web Token (RFC 7519): three base64url parts, the first a JSON object
// ("eyJ" is base64 for '{"'). A secret whatever the parameter is called.
bool LooksLikeJwt(std::string_view v) {
  if (v.size() < 20 || v.substr(0, 3) != "eyJ") return false;
  int dots = 0;
  for (char c : v) {
    if (c == '.') {
      ++dots;
    } else if (!IsAlpha(c) && !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '=') {
      return false;
    }
  }
  return dots == 2;
}

std::string RedactUrlDepth(std::string_view url, int depth);
std::string RedactSecretsDepth(std::string_view text, int depth);

// True if the (already decoded) parameter value hides a secret of its own: a JWT,
// or a URL (absolute or relative, e.g. "?next=%2Fcb%3Fcode%3Dx") that redaction
// would change. `depth` counts the URLs this one is nested in: at kMaxDepth, anything
// that could hold a parameter or userinfo is hidden without a look, so a crafted
// value cannot make the redaction recurse deeply.
bool ValueHoldsSecret(std::string_view value, int depth) {
  if (LooksLikeJwt(value)) return true;
  if (depth >= kMaxDepth) return value.find_first_of("@?#;=") != std::string_view::npos;
  if (value.find("://") != std::string_view::npos)
    return RedactSecretsDepth(value, depth + 1) != value;
  if (value.find_first_of("?#;") == std::string_view::npos && value.rfind("//", 0) != 0)
    return false;
  return RedactUrlDepth(value, depth + 1) != value;
}

// "a=1&token=x;b" with secret values replaced. `part` is a query or a fragment
// without its leading '?' or '#', or a path segment's parameters after its ';'.
// Parameters are separated by '&' or ';' (HTML 4.01 B.2.2).
std::string RedactParams(std::string_view part, int depth) {
  std::string out;
  out.reserve(part.size());
  size_t start = 0;
  while (start <= part.size()) {
    size_t sep = part.find_first_of("&;", start);
    if (sep == std::string_view::npos) sep = part.size();
    std::string_view pair = part.substr(start, sep - start);
    size_t eq = pair.find('=');
    std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    if (value.empty()) {
      out.append(pair);  // a flag or an empty value: nothing to hide
    } else if (IsSecretParam(PercentDecode(pair.substr(0, eq)))) {
      out.append(pair.substr(0, eq + 1));
      out += kRedacted;
    } else if (value.find("://") != std::string_view::npos) {
      // A URL in a parameter ("?next=https://user:pw@host/") is redacted in place
      // (hidden whole when nested too deep to look into).
      out.append(pair.substr(0, eq + 1));
      out += depth >= kMaxDepth ? std::string(kRedacted) : RedactSecretsDepth(value, depth + 1);
    } else if (ValueHoldsSecret(PercentDecode(value), depth)) {
      // An encoded URL with a secret, or a token: hidden whole, since re-encoding
      // a redacted copy would not be the value as written anyway.
      out.append(pair.substr(0, eq + 1));
      out += kRedacted;
    } else {
      out.append(pair);
    }
    if (sep == part.size()) break;
    out += part[sep];
    start = sep + 1;
  }
  return out;
}

// The path with each segment's parameters (";jsessionid=..." as servlet
// containers write them, RFC 3986 3.3) passed through RedactParams.
std::string RedactPath(std::string_view path, int depth) {
  if (path.find(';') == std::string_view::npos) return std::string(path);
  std::string out;
  out.reserve(path.size());
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view segment = path.substr(start, slash - start);
    size_t semi = segment.find(';');
    if (semi == std::string_view::npos) {
      out.append(segment);
    } else {
      out.append(segment.substr(0, semi + 1));
      out += RedactParams(segment.substr(semi + 1), depth);
    }
    if (slash == path.size()) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

// Lower-case words of a parameter name: split at every byte that is not an ASCII
// letter or digit, at lowerCamel humps and between letters and digits
// ("X-Amz-Security-Token" -> x amz security token, "accessKeyId" -> access key id).
std::vector<std::string> NameWords(std::string_view name) {
  std::vector<std::string> words(1);
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!IsAlpha(c) && !is_digit(c)) {
      if (!words.back().empty()) words.emplace_back();
      continue;
    }
    char prev = i > 0 ? name[i - 1] : '\0';
    bool hump = c >= 'A' && c <= 'Z' && prev >= 'a' && prev <= 'z';
    bool digit_edge = (is_digit(c) && IsAlpha(prev)) || (IsAlpha(c) && is_digit(prev));
    if ((hump || digit_edge) && !words.back().empty()) words.emplace_back();
    words.back() += LowerChar(c);
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool IsSecretParam(std::string_view name) {
  std::vector<std::string> words = NameWords(name);
  if (words.empty()) return false;
  // Stems found anywhere in the name, its words joined ("accesskeyid", "phpsessid",
  // "userpassword", "samlresponse"). Wide on purpose: "author" and "compass" are
  // hidden too, which costs a reader a value and nobody a secret.
  static const char* const kStems[] = {
      "token",   "secret", "pass",   "pwd",       "auth",       "session",   "sessid",
      "jwt",     "bearer", "apikey", "signature", "credential", "accesskey", "privatekey",
      "private", "cookie", "csrf",   "xsrf",      "saml",       "hmac",
  };
  // Short names that are secrets as a word of their own ("auth_code", "sid",
  // "mfa_code") but too common inside other words ("credit", "inside", "design")
  // to be stems.
  static const char* const kWords[] = {
      "key", "keys", "sid",    "sig",   "sign", "code",   "otp",  "totp",  "hotp",     "mfa",
      "pin", "pw",   "access", "nonce", "salt", "ticket", "cred", "creds", "verifier",
  };
  // Word endings: "licensekey", "jsid", "ssid".
  static const char* const kEndings[] = {"key", "sid"};
  std::string joined;
  for (const std::string& w : words) joined += w;
  for (const char* stem : kStems) {
    if (joined.find(stem) != std::string::npos) return true;
  }
  for (const std::string& w : words) {
    for (const char* secret : kWords) {
      if (w == secret) return true;
    }
    for (const char* ending : kEndings) {
      if (EndsWith(w, ending)) return true;
    }
  }
  return false;
}

namespace {

std::string RedactUrlDepth(std::string_view url, int depth) {
  std::string out;
  out.reserve(url.size());
  size_t pos = 0;
  size_t scheme_end = url.find("://");
  size_t authority = std::string_view::npos;
  if (scheme_end != std::string_view::npos &&
      scheme_end < url.find_first_of("/?#")) {  // "://" inside a query is not ours
    authority = scheme_end + 3;
  } else if (url.rfind("//", 0) == 0) {
    authority = 2;  // scheme-relative ("//user:pw@host/")
  }
  if (authority != std::string_view::npos) {
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
  out += RedactPath(url.substr(pos, path_end - pos), depth);
  if (path_end < url.size() && url[path_end] == '?') {
    size_t query_end = hash == std::string_view::npos ? url.size() : hash;
    out += '?';
    out += RedactParams(url.substr(path_end + 1, query_end - path_end - 1), depth);
  }
  if (hash != std::string_view::npos) {
    // OAuth's implicit flow puts access_token in the fragment.
    out += '#';
    out += RedactParams(url.substr(hash + 1), depth);
  }
  return out;
}

std::string RedactSecretsDepth(std::string_view text, int depth) {
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
    out += RedactUrlDepth(text.substr(start, end - start), depth);
    copied = end;
    search = std::max(end, sep + 3);
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace

std::string RedactUrl(std::string_view url) { return RedactUrlDepth(url, 0); }

std::string RedactSecrets(std::string_view text) { return RedactSecretsDepth(text, 0); }

namespace {

// A string that is a relative URL with parameters ("course.html?session=x",
// "/a;jsessionid=y", "//u:p@h/"): one word, with a '?', '#' or ';' before an '='.
// Such text in a record or a report is taken for a URL: at worst a secret-looking
// value in it is hidden.
bool LooksLikeRelativeUrl(std::string_view s) {
  if (s.rfind("//", 0) == 0 && s.find('@') != std::string_view::npos) return true;
  size_t mark = s.find_first_of("?#;");
  if (mark == std::string_view::npos || s.find('=', mark) == std::string_view::npos) return false;
  return std::none_of(s.begin(), s.end(), [](char c) { return IsAsciiSpace(c); });
}

}  // namespace

std::string RedactValue(std::string_view text) {
  if (text.find("://") != std::string_view::npos) return RedactSecrets(text);
  if (LooksLikeRelativeUrl(text)) return RedactUrl(text);
  return std::string(text);
}

void RedactJsonStrings(Json& j) {
  if (j.is_string()) {
    const std::string& text = j.get_ref<const std::string&>();
    if (text.find("://") != std::string::npos || LooksLikeRelativeUrl(text)) j = RedactValue(text);
  } else if (j.is_array() || j.is_object()) {
    for (Json& v : j) RedactJsonStrings(v);
  }
}

}  // namespace cecat
