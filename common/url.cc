#include "common/url.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "common/ascii.h"
#include "common/whatwg_url.h"

namespace cecat {
namespace {

// The input as the URL Standard reads it (leading and trailing C0 controls and
// spaces removed, tabs and newlines dropped), for error messages: a message names
// the URL without the control characters a page may have put in its href.
std::string Cleaned(std::string_view in) {
  std::string_view t = in;
  while (!t.empty() && static_cast<unsigned char>(t.front()) <= 0x20) t.remove_prefix(1);
  while (!t.empty() && static_cast<unsigned char>(t.back()) <= 0x20) t.remove_suffix(1);
  std::string out;
  for (char c : t) {
    if (c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  }
  return out;
}

// cecat's Url from the standard's record: userinfo is "username[:password]", the
// path its serialisation ("/a/b", or the opaque path of "mailto:x").
Url FromRecord(const UrlRecord& r) {
  Url url;
  url.scheme = r.scheme;
  url.userinfo = r.username;
  if (!r.password.empty()) url.userinfo += ":" + r.password;
  url.has_authority = r.host.has_value();
  url.host = r.host.value_or("");
  url.port = r.Port();
  url.path = r.Pathname();
  url.has_query = r.query.has_value();
  url.query = r.query.value_or("");
  url.has_fragment = r.fragment.has_value();
  url.fragment = r.fragment.value_or("");
  return url;
}

// Parses `input` (against `base` if not null) and names the input in errors.
Result<Url> Parse(std::string_view input, const UrlRecord* base) {
  Result<UrlRecord> record = ParseUrlRecord(input, base);
  if (record.ok()) return FromRecord(*record);
  if (record.status().message() == "no scheme") {
    return Status::InvalidArgument("not an absolute URL (no scheme): '" + Cleaned(input) + "'");
  }
  return record.status().WithContext("bad URL '" + Cleaned(input) + "'");
}

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// Upper-cases percent-escapes and decodes the ones that stand for unreserved
// characters (RFC 3986 section 6.2.2.2): "%7euser" and "~user" are one URL.
std::string NormalizeEscapes(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      unsigned char v = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      if (IsUnreserved(v)) {
        out.push_back(static_cast<char>(v));
      } else {
        out.push_back('%');
        out.push_back(kHex[v >> 4]);
        out.push_back(kHex[v & 15]);
      }
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::string RemoveDotSegments(std::string_view path) {
  // RFC 3986 section 5.2.4, written over a segment stack.
  if (path.empty()) return std::string();
  bool absolute = path[0] == '/';
  std::vector<std::string_view> out;
  size_t i = absolute ? 1 : 0;
  bool trailing_slash = false;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    std::string_view seg =
        path.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
    bool last = slash == std::string_view::npos;
    // WHATWG also treats "%2e" as a dot in dot segments.
    bool is_dot = seg == "." || seg == "%2e" || seg == "%2E";
    bool is_dotdot = seg == ".." || seg == ".%2e" || seg == ".%2E" || seg == "%2e." ||
                     seg == "%2E." || seg == "%2e%2e" || seg == "%2E%2E" || seg == "%2e%2E" ||
                     seg == "%2E%2e";
    if (is_dot) {
      trailing_slash = last;
    } else if (is_dotdot) {
      if (!out.empty()) out.pop_back();
      trailing_slash = last;
    } else {
      out.push_back(seg);
      trailing_slash = false;
    }
    if (last) break;
    i = slash + 1;
  }
  std::string result = absolute ? "/" : "";
  for (size_t k = 0; k < out.size(); ++k) {
    if (k > 0) result.push_back('/');
    result.append(out[k]);
  }
  if (trailing_slash && !result.empty() && result.back() != '/') result.push_back('/');
  return result;
}

std::string Url::Serialize() const {
  std::string out = scheme + ":";
  if (has_authority) {
    out += "//";
    if (!userinfo.empty()) out += userinfo + "@";
    out += host;
    if (!port.empty()) out += ":" + port;
  } else if (path.size() > 1 && path[0] == '/' && path[1] == '/') {
    // The URL Standard's "/." keeps a path "//x" of a URL without host from
    // reading as a host.
    out += "/.";
  }
  out += path;
  if (has_query) out += "?" + query;
  if (has_fragment) out += "#" + fragment;
  return out;
}

int Url::EffectivePort() const {
  if (!port.empty()) return std::stoi(port);
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return 0;
}

std::string Url::Authority() const {
  std::string out = host;
  if (!port.empty()) {
    bool is_default = (scheme == "http" && port == "80") || (scheme == "https" && port == "443") ||
                      (scheme == "ftp" && port == "21");
    if (!is_default) out += ":" + port;
  }
  return out;
}

std::string Url::Origin() const { return scheme + "://" + Authority(); }

Result<Url> ParseUrl(std::string_view input) { return Parse(input, nullptr); }

Result<Url> ResolveUrl(const Url& base, std::string_view reference) {
  // The base is parsed again from its serialisation, which gives back the record
  // it came from (the URL Standard's serialiser and parser round-trip).
  Result<UrlRecord> base_record = ParseUrlRecord(base.Serialize());
  if (!base_record.ok()) {
    return base_record.status().WithContext("bad base URL '" + base.Serialize() + "'");
  }
  return Parse(reference, &*base_record);
}

Result<std::string> ResolveUrlString(std::string_view base, std::string_view reference) {
  CECAT_ASSIGN_OR_RETURN(Url b, ParseUrl(base));
  CECAT_ASSIGN_OR_RETURN(Url r, ResolveUrl(b, reference));
  return r.Serialize();
}

bool IsTrackingParameter(std::string_view name) {
  std::string n = Lower(name);
  if (n.rfind("utm_", 0) == 0) return true;
  static constexpr std::array<std::string_view, 20> kNames = {
      "gclid",  "dclid", "gbraid",  "wbraid", "fbclid",     "msclkid",  "mc_cid",
      "mc_eid", "_ga",   "_gl",     "yclid",  "igshid",     "twclid",   "li_fat_id",
      "_hsenc", "_hsmi", "mkt_tok", "ttclid", "jsessionid", "phpsessid"};
  return std::find(kNames.begin(), kNames.end(), n) != kNames.end();
}

std::string CanonicalUrl(const Url& in) {
  Url url = in;
  url.has_fragment = false;
  url.fragment.clear();
  while (!url.host.empty() && url.host.back() == '.') url.host.pop_back();
  std::string authority_port = url.Authority();
  bool special = IsSpecialScheme(url.scheme);
  if (special) {
    url.path = RemoveDotSegments(NormalizeEscapes(url.path));
    if (url.path.empty() && url.has_authority) url.path = "/";
  }
  if (url.has_query) {
    std::vector<std::pair<std::string, std::string>> params;  // (name, "name=value")
    size_t i = 0;
    std::string q = NormalizeEscapes(url.query);
    while (i <= q.size()) {
      size_t amp = q.find('&', i);
      std::string item = q.substr(i, amp == std::string::npos ? std::string::npos : amp - i);
      if (!item.empty()) {
        std::string name = item.substr(0, item.find('='));
        if (!IsTrackingParameter(name)) params.emplace_back(name, item);
      }
      if (amp == std::string::npos) break;
      i = amp + 1;
    }
    std::stable_sort(params.begin(), params.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    url.query.clear();
    for (size_t k = 0; k < params.size(); ++k) {
      if (k) url.query += "&";
      url.query += params[k].second;
    }
    url.has_query = !params.empty();
  }
  std::string out = url.scheme + ":";
  if (url.has_authority) {
    out += "//";
    if (!url.userinfo.empty()) out += url.userinfo + "@";
    out += authority_port;
  }
  out += url.path;
  if (url.has_query) out += "?" + url.query;
  return out;
}

Result<std::string> CanonicalUrlString(std::string_view input) {
  CECAT_ASSIGN_OR_RETURN(Url u, ParseUrl(input));
  return CanonicalUrl(u);
}

}  // namespace cecat
