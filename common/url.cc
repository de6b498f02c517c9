#include "common/url.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "common/ascii.h"
#include "common/host.h"

namespace cecat {
namespace {

bool IsSpecialScheme(std::string_view s) {
  return s == "http" || s == "https" || s == "ftp" || s == "ws" || s == "wss" || s == "file";
}

// WHATWG "basic URL parser" pre-processing: strip leading and trailing C0 control
// or space, remove every ASCII tab or newline.
std::string Clean(std::string_view in) {
  size_t b = 0, e = in.size();
  while (b < e && static_cast<unsigned char>(in[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(in[e - 1]) <= 0x20) --e;
  std::string out;
  out.reserve(e - b);
  for (size_t i = b; i < e; ++i) {
    char c = in[i];
    if (c == '\t' || c == '\n' || c == '\r') continue;
    out.push_back(c);
  }
  return out;
}

// Length of a leading "scheme:" (without the colon), or 0 when there is none.
size_t SchemeLength(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return 0;
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return i;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

// Percent-encodes bytes that may not appear raw in a URL component: controls,
// space, non-ASCII (as their UTF-8 bytes) and the few ASCII characters the WHATWG
// path/query percent-encode sets name. '%' itself is left alone.
std::string EncodeInvalid(std::string_view s, bool is_query) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    bool bad = c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' ||
               (!is_query && (c == '`' || c == '{' || c == '}'));
    if (bad) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

struct Parts {
  std::string path, query, fragment;
  bool has_query = false, has_fragment = false;
};

// Splits "path?query#fragment".
Parts SplitPathQueryFragment(std::string_view s) {
  Parts p;
  size_t hash = s.find('#');
  if (hash != std::string_view::npos) {
    p.fragment = std::string(s.substr(hash + 1));
    p.has_fragment = true;
    s = s.substr(0, hash);
  }
  size_t q = s.find('?');
  if (q != std::string_view::npos) {
    p.query = std::string(s.substr(q + 1));
    p.has_query = true;
    s = s.substr(0, q);
  }
  p.path = std::string(s);
  return p;
}

// Splits "userinfo@host:port" (the last '@' ends the userinfo, as in the URL
// Standard) and parses the host with ParseHost, so every spelling of a host gives
// one Url::host.
Status ParseAuthority(std::string_view auth, bool special, Url* url) {
  size_t at = auth.rfind('@');
  if (at != std::string_view::npos) {
    url->userinfo = std::string(auth.substr(0, at));
    auth = auth.substr(at + 1);
  }
  std::string_view host = auth, port;
  if (!auth.empty() && auth[0] == '[') {
    size_t close = auth.find(']');
    if (close == std::string_view::npos)
      return Status::InvalidArgument("unterminated IPv6 address");
    host = auth.substr(0, close + 1);
    std::string_view rest = auth.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return Status::InvalidArgument("junk after IPv6 address");
      port = rest.substr(1);
    }
  } else {
    size_t colon = auth.rfind(':');
    if (colon != std::string_view::npos) {
      host = auth.substr(0, colon);
      port = auth.substr(colon + 1);
    }
  }
  if (!port.empty()) {
    if (port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Status::InvalidArgument("port is not a number: '" + std::string(port) + "'");
    }
    if (std::stoi(std::string(port)) > 65535) {
      return Status::InvalidArgument("port out of range: " + std::string(port));
    }
    // Leading zeros are noise: "080" is port 80.
    size_t nz = port.find_first_not_of('0');
    url->port = nz == std::string_view::npos ? "0" : std::string(port.substr(nz));
  }
  // An empty host is left to the caller: file URLs may have one, http(s) may not.
  if (host.empty()) return Status::Ok();
  CECAT_ASSIGN_OR_RETURN(url->host, ParseHost(host, special));
  // "file://localhost/x" is "file:///x" (URL Standard, file host state).
  if (url->scheme == "file" && url->host == "localhost") url->host.clear();
  return Status::Ok();
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

Result<Url> ParseUrl(std::string_view raw) {
  std::string in = Clean(raw);
  size_t slen = SchemeLength(in);
  if (slen == 0) return Status::InvalidArgument("not an absolute URL (no scheme): '" + in + "'");
  Url url;
  url.scheme = Lower(std::string_view(in).substr(0, slen));
  std::string rest = in.substr(slen + 1);
  bool special = IsSpecialScheme(url.scheme);
  if (special) std::replace(rest.begin(), rest.end(), '\\', '/');
  std::string_view r = rest;
  if (r.substr(0, 2) == "//") {
    url.has_authority = true;
    r.remove_prefix(2);
    size_t end = r.find_first_of("/?#");
    std::string_view auth = r.substr(0, end);
    Status st = ParseAuthority(auth, special, &url);
    if (!st.ok()) return st.WithContext("bad URL '" + in + "'");
    r = end == std::string_view::npos ? std::string_view() : r.substr(end);
  } else if (special && url.scheme != "file") {
    return Status::InvalidArgument("bad URL '" + in + "': expected '//' after '" + url.scheme +
                                   ":'");
  }
  if ((url.scheme == "http" || url.scheme == "https") && url.host.empty()) {
    return Status::InvalidArgument("bad URL '" + in + "': empty host");
  }
  Parts p = SplitPathQueryFragment(r);
  url.path = EncodeInvalid(p.path, false);
  if (special) url.path = RemoveDotSegments(url.path);
  if (url.has_authority && url.path.empty() && special) url.path = "/";
  url.query = EncodeInvalid(p.query, true);
  url.fragment = EncodeInvalid(p.fragment, true);
  url.has_query = p.has_query;
  url.has_fragment = p.has_fragment;
  return url;
}

Result<Url> ResolveUrl(const Url& base, std::string_view raw_ref) {
  std::string ref = Clean(raw_ref);
  bool special = IsSpecialScheme(base.scheme);
  if (special) std::replace(ref.begin(), ref.end(), '\\', '/');
  size_t slen = SchemeLength(ref);
  if (slen > 0) {
    std::string scheme = Lower(std::string_view(ref).substr(0, slen));
    // WHATWG: "http:page.html" against an http base is a relative reference.
    bool relative_same_scheme =
        scheme == base.scheme && special && ref.compare(slen + 1, 1, "/") != 0;
    if (!relative_same_scheme) return ParseUrl(ref);
    ref = ref.substr(slen + 1);
  }
  if (ref.substr(0, 2) == "//") return ParseUrl(base.scheme + ":" + ref);

  Url out = base;
  out.has_fragment = false;
  out.fragment.clear();
  Parts p = SplitPathQueryFragment(ref);
  if (p.path.empty()) {
    if (p.has_query) {
      out.query = EncodeInvalid(p.query, true);
      out.has_query = true;
    }
  } else {
    std::string merged;
    if (p.path[0] == '/') {
      merged = p.path;
    } else if (base.has_authority && base.path.empty()) {
      merged = "/" + p.path;
    } else {
      size_t last = base.path.rfind('/');
      merged = (last == std::string::npos ? std::string() : base.path.substr(0, last + 1)) + p.path;
    }
    out.path = RemoveDotSegments(EncodeInvalid(merged, false));
    out.query = EncodeInvalid(p.query, true);
    out.has_query = p.has_query;
  }
  if (p.has_fragment) {
    out.fragment = EncodeInvalid(p.fragment, true);
    out.has_fragment = true;
  }
  return out;
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
