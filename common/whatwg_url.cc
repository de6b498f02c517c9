#include "common/whatwg_url.h"

#include <array>

#include "common/ascii.h"
#include "common/host.h"

namespace cecat {
namespace {

// The percent-encode sets of the URL Standard (section 1.3). Every byte of a
// multi-byte UTF-8 sequence is above 0x7E, so encoding byte by byte is the
// standard's "UTF-8 percent-encode".
enum class EncodeSet { kC0Control, kFragment, kQuery, kSpecialQuery, kPath, kUserinfo };

// The standard's definition of each set, evaluated once into a table: the parser
// asks for every byte of every URL, and a branchy switch per byte was a fifth of
// a URL parse (issue 25).
constexpr bool InEncodeSetRule(unsigned char c, EncodeSet set) {
  if (c < 0x20 || c > 0x7E) return true;  // the C0 control percent-encode set
  switch (set) {
    case EncodeSet::kC0Control:
      return false;
    case EncodeSet::kFragment:
      return c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
    case EncodeSet::kQuery:
      return c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
    case EncodeSet::kSpecialQuery:
      return InEncodeSetRule(c, EncodeSet::kQuery) || c == '\'';
    case EncodeSet::kPath:
      return InEncodeSetRule(c, EncodeSet::kQuery) || c == '?' || c == '^' || c == '`' ||
             c == '{' || c == '}';
    case EncodeSet::kUserinfo:
      return InEncodeSetRule(c, EncodeSet::kPath) || c == '/' || c == ':' || c == ';' || c == '=' ||
             c == '@' || (c >= '[' && c <= ']') || c == '|';
  }
  return false;
}

constexpr int kEncodeSets = static_cast<int>(EncodeSet::kUserinfo) + 1;

constexpr std::array<std::array<bool, 256>, kEncodeSets> MakeEncodeSets() {
  std::array<std::array<bool, 256>, kEncodeSets> sets{};
  for (int s = 0; s < kEncodeSets; ++s) {
    for (int c = 0; c < 256; ++c) {
      sets[s][c] = InEncodeSetRule(static_cast<unsigned char>(c), static_cast<EncodeSet>(s));
    }
  }
  return sets;
}

constexpr std::array<std::array<bool, 256>, kEncodeSets> kEncodeSetTable = MakeEncodeSets();

bool InEncodeSet(unsigned char c, EncodeSet set) {
  return kEncodeSetTable[static_cast<int>(set)][c];
}

void AppendEncoded(std::string* out, unsigned char c, EncodeSet set) {
  static const char* kHex = "0123456789ABCDEF";
  if (InEncodeSet(c, set)) {
    out->push_back('%');
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  } else {
    out->push_back(static_cast<char>(c));
  }
}

bool IsAsciiAlpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(int c) { return c >= '0' && c <= '9'; }

// "." or "%2e", ASCII case-insensitive.
bool IsSingleDot(std::string_view s) { return s == "." || EqualsIgnoreCase(s, "%2e"); }
// "..", ".%2e", "%2e.", "%2e%2e", ASCII case-insensitive.
bool IsDoubleDot(std::string_view s) {
  return s == ".." || EqualsIgnoreCase(s, ".%2e") || EqualsIgnoreCase(s, "%2e.") ||
         EqualsIgnoreCase(s, "%2e%2e");
}

// A Windows drive letter is an ASCII letter and ':' or '|'; a normalised one has ':'.
bool IsDriveLetter(std::string_view s) {
  return s.size() == 2 && IsAsciiAlpha(s[0]) && (s[1] == ':' || s[1] == '|');
}
bool IsNormalizedDriveLetter(std::string_view s) { return IsDriveLetter(s) && s[1] == ':'; }
bool StartsWithDriveLetter(std::string_view s) {
  if (s.size() < 2 || !IsDriveLetter(s.substr(0, 2))) return false;
  if (s.size() == 2) return true;
  char c = s[2];
  return c == '/' || c == '\\' || c == '?' || c == '#';
}

void ShortenPath(UrlRecord* url) {
  // A file URL keeps its drive: "file:///C:/.." is "file:///C:/".
  if (url->scheme == "file" && url->path.size() == 1 && IsNormalizedDriveLetter(url->path[0])) {
    return;
  }
  if (!url->path.empty()) url->path.pop_back();
}

// Leading and trailing C0 controls and spaces removed, then every tab and newline.
std::string Clean(std::string_view in) {
  size_t b = 0, e = in.size();
  while (b < e && static_cast<unsigned char>(in[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(in[e - 1]) <= 0x20) --e;
  std::string_view trimmed = in.substr(b, e - b);
  // Almost every URL has no tab or newline: copied whole, not byte by byte.
  if (trimmed.find_first_of("\t\n\r") == std::string_view::npos) return std::string(trimmed);
  std::string out;
  out.reserve(trimmed.size());
  for (char c : trimmed) {
    if (c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  }
  return out;
}

enum class State {
  kSchemeStart,
  kScheme,
  kNoScheme,
  kSpecialRelativeOrAuthority,
  kPathOrAuthority,
  kRelative,
  kRelativeSlash,
  kSpecialAuthoritySlashes,
  kSpecialAuthorityIgnoreSlashes,
  kAuthority,
  kHost,
  kPort,
  kFile,
  kFileSlash,
  kFileHost,
  kPathStart,
  kPath,
  kOpaquePath,
  kQuery,
  kFragment,
};

constexpr int kEof = -1;

}  // namespace

bool IsSpecialScheme(std::string_view s) {
  return s == "http" || s == "https" || s == "ftp" || s == "ws" || s == "wss" || s == "file";
}

std::optional<uint16_t> DefaultPort(std::string_view s) {
  if (s == "http" || s == "ws") return 80;
  if (s == "https" || s == "wss") return 443;
  if (s == "ftp") return 21;
  return std::nullopt;
}

bool UrlRecord::IsSpecial() const { return IsSpecialScheme(scheme); }

std::string UrlRecord::Pathname() const {
  if (opaque_path) return *opaque_path;
  std::string out;
  for (const std::string& segment : path) out += "/" + segment;
  return out;
}

std::string UrlRecord::Hostname() const { return host.value_or(""); }
std::string UrlRecord::Port() const { return port ? std::to_string(*port) : ""; }
std::string UrlRecord::Host() const {
  if (!host) return "";
  return port ? *host + ":" + std::to_string(*port) : *host;
}
std::string UrlRecord::Search() const {
  return query && !query->empty() ? "?" + *query : std::string();
}
std::string UrlRecord::Hash() const {
  return fragment && !fragment->empty() ? "#" + *fragment : std::string();
}

std::string UrlRecord::Href() const {
  std::string out = scheme + ":";
  if (host) {
    out += "//";
    if (!username.empty() || !password.empty()) {
      out += username;
      if (!password.empty()) out += ":" + password;
      out += "@";
    }
    out += Host();
  } else if (!opaque_path && path.size() > 1 && path[0].empty()) {
    // "web+demo:/.//not-a-host/": without "/." the path would read as a host.
    out += "/.";
  }
  out += Pathname();
  if (query) out += "?" + *query;
  if (fragment) out += "#" + *fragment;
  return out;
}

// The basic URL parser (URL Standard section 4.4), state by state. Comments name
// the standard's states; validation errors that are not failures are ignored, as
// browsers ignore them.
Result<UrlRecord> ParseUrlRecord(std::string_view raw, const UrlRecord* base) {
  const std::string in = Clean(raw);
  const size_t n = in.size();
  UrlRecord url;
  State state = State::kSchemeStart;
  std::string buffer;
  bool at_sign_seen = false, inside_brackets = false, password_token_seen = false;
  auto remaining_starts_with = [&](size_t p, char c) { return p + 1 < n && in[p + 1] == c; };

  // `p` may step one before the start ("decrease pointer by 1" on the first code
  // point), hence the signed index.
  for (std::ptrdiff_t p = 0;; ++p) {
    const int c = p < static_cast<std::ptrdiff_t>(n) ? static_cast<unsigned char>(in[p]) : kEof;
    const size_t up = static_cast<size_t>(p);
    const bool special = url.IsSpecial();
    switch (state) {
      case State::kSchemeStart:
        if (IsAsciiAlpha(c)) {
          buffer.push_back(LowerChar(static_cast<char>(c)));
          state = State::kScheme;
        } else {
          state = State::kNoScheme;
          --p;
        }
        break;

      case State::kScheme:
        if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.') {
          buffer.push_back(LowerChar(static_cast<char>(c)));
        } else if (c == ':') {
          url.scheme = buffer;
          buffer.clear();
          if (url.scheme == "file") {
            state = State::kFile;
          } else if (url.IsSpecial() && base && base->scheme == url.scheme) {
            // "http:page.html" against an http base is relative to it.
            state = State::kSpecialRelativeOrAuthority;
          } else if (url.IsSpecial()) {
            state = State::kSpecialAuthoritySlashes;
          } else if (remaining_starts_with(up, '/')) {
            state = State::kPathOrAuthority;
            ++p;
          } else {
            url.opaque_path = "";
            state = State::kOpaquePath;
          }
        } else {
          buffer.clear();
          state = State::kNoScheme;
          p = -1;  // start over
        }
        break;

      case State::kNoScheme:
        if (!base || (base->opaque_path && c != '#')) {
          return Status::InvalidArgument("no scheme");
        }
        if (base->opaque_path && c == '#') {
          url.scheme = base->scheme;
          url.opaque_path = base->opaque_path;
          url.query = base->query;
          url.fragment = "";
          state = State::kFragment;
        } else {
          state = base->scheme != "file" ? State::kRelative : State::kFile;
          --p;
        }
        break;

      case State::kSpecialRelativeOrAuthority:
        if (c == '/' && remaining_starts_with(up, '/')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
          ++p;
        } else {
          state = State::kRelative;
          --p;
        }
        break;

      case State::kPathOrAuthority:
        if (c == '/') {
          state = State::kAuthority;
        } else {
          state = State::kPath;
          --p;
        }
        break;

      case State::kRelative:
        url.scheme = base->scheme;
        if (c == '/' || (url.IsSpecial() && c == '\\')) {
          state = State::kRelativeSlash;
        } else {
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          url.path = base->path;
          url.query = base->query;
          if (c == '?') {
            url.query = "";
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          } else if (c != kEof) {
            url.query.reset();
            ShortenPath(&url);
            state = State::kPath;
            --p;
          }
        }
        break;

      case State::kRelativeSlash:
        if (special && (c == '/' || c == '\\')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
        } else if (c == '/') {
          state = State::kAuthority;
        } else {
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          state = State::kPath;
          --p;
        }
        break;

      case State::kSpecialAuthoritySlashes:
        state = State::kSpecialAuthorityIgnoreSlashes;
        if (c == '/' && remaining_starts_with(up, '/')) {
          ++p;
        } else {
          --p;
        }
        break;

      case State::kSpecialAuthorityIgnoreSlashes:
        // "http:///host" and "http:\\\\host" name the host "host".
        if (c != '/' && c != '\\') {
          state = State::kAuthority;
          --p;
        }
        break;

      case State::kAuthority:
        if (c == '@') {
          // Only the last '@' ends the userinfo; earlier ones are part of it.
          if (at_sign_seen) buffer.insert(0, "%40");
          at_sign_seen = true;
          for (unsigned char b : buffer) {
            if (b == ':' && !password_token_seen) {
              password_token_seen = true;
              continue;
            }
            AppendEncoded(password_token_seen ? &url.password : &url.username, b,
                          EncodeSet::kUserinfo);
          }
          buffer.clear();
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
          if (at_sign_seen && buffer.empty()) return Status::InvalidArgument("empty host");
          p -= static_cast<std::ptrdiff_t>(buffer.size()) + 1;
          buffer.clear();
          state = State::kHost;
        } else {
          buffer.push_back(static_cast<char>(c));
        }
        break;

      case State::kHost:
        if (c == ':' && !inside_brackets) {
          if (buffer.empty()) return Status::InvalidArgument("empty host");
          CECAT_ASSIGN_OR_RETURN(url.host, ParseHost(buffer, special));
          buffer.clear();
          state = State::kPort;
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
          --p;
          if (special && buffer.empty()) return Status::InvalidArgument("empty host");
          if (buffer.empty()) {
            url.host = "";
          } else {
            CECAT_ASSIGN_OR_RETURN(url.host, ParseHost(buffer, special));
          }
          buffer.clear();
          state = State::kPathStart;
        } else {
          if (c == '[') inside_brackets = true;
          if (c == ']') inside_brackets = false;
          buffer.push_back(static_cast<char>(c));
        }
        break;

      case State::kPort:
        if (IsAsciiDigit(c)) {
          buffer.push_back(static_cast<char>(c));
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
          if (!buffer.empty()) {
            // Leading zeros are allowed, however many ("http://h:000080/" is port 80).
            uint32_t port = 0;
            for (char d : buffer) {
              port = port * 10 + static_cast<uint32_t>(d - '0');
              if (port > 65535) {
                return Status::InvalidArgument("port out of range: " + buffer);
              }
            }
            if (DefaultPort(url.scheme) == port) {
              url.port.reset();
            } else {
              url.port = static_cast<uint16_t>(port);
            }
            buffer.clear();
          }
          state = State::kPathStart;
          --p;
        } else {
          return Status::InvalidArgument("port is not a number: '" + buffer + static_cast<char>(c) +
                                         "'");
        }
        break;

      case State::kFile:
        url.scheme = "file";
        url.host = "";
        if (c == '/' || c == '\\') {
          state = State::kFileSlash;
        } else if (base && base->scheme == "file") {
          url.host = base->host;
          url.path = base->path;
          url.query = base->query;
          if (c == '?') {
            url.query = "";
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          } else if (c != kEof) {
            url.query.reset();
            if (!StartsWithDriveLetter(std::string_view(in).substr(up))) {
              ShortenPath(&url);
            } else {
              url.path.clear();
            }
            state = State::kPath;
            --p;
          }
        } else {
          state = State::kPath;
          --p;
        }
        break;

      case State::kFileSlash:
        if (c == '/' || c == '\\') {
          state = State::kFileHost;
        } else {
          if (base && base->scheme == "file") {
            url.host = base->host;
            if (!StartsWithDriveLetter(std::string_view(in).substr(up)) && !base->path.empty() &&
                IsNormalizedDriveLetter(base->path[0])) {
              url.path.push_back(base->path[0]);
            }
          }
          state = State::kPath;
          --p;
        }
        break;

      case State::kFileHost:
        if (c == kEof || c == '/' || c == '\\' || c == '?' || c == '#') {
          --p;
          if (IsDriveLetter(buffer)) {
            // "file://C:/x": the drive is the path's first segment, not a host.
            state = State::kPath;
          } else if (buffer.empty()) {
            url.host = "";
            state = State::kPathStart;
          } else {
            CECAT_ASSIGN_OR_RETURN(std::string host, ParseHost(buffer, true));
            // "file://localhost/x" is "file:///x".
            if (host == "localhost") host.clear();
            url.host = host;
            buffer.clear();
            state = State::kPathStart;
          }
        } else {
          buffer.push_back(static_cast<char>(c));
        }
        break;

      case State::kPathStart:
        if (special) {
          state = State::kPath;
          if (c != '/' && c != '\\') --p;
        } else if (c == '?') {
          url.query = "";
          state = State::kQuery;
        } else if (c == '#') {
          url.fragment = "";
          state = State::kFragment;
        } else if (c != kEof) {
          state = State::kPath;
          if (c != '/') --p;
        }
        break;

      case State::kPath:
        if (c == kEof || c == '/' || (special && c == '\\') || c == '?' || c == '#') {
          bool slash = c == '/' || (special && c == '\\');
          if (IsDoubleDot(buffer)) {
            ShortenPath(&url);
            if (!slash) url.path.emplace_back();
          } else if (IsSingleDot(buffer) && !slash) {
            url.path.emplace_back();
          } else if (!IsSingleDot(buffer)) {
            if (url.scheme == "file" && url.path.empty() && IsDriveLetter(buffer)) buffer[1] = ':';
            url.path.push_back(buffer);
          }
          buffer.clear();
          if (c == '?') {
            url.query = "";
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          }
        } else {
          // A run of bytes that neither end the segment nor need encoding is
          // appended at once: what the byte-by-byte steps would append.
          size_t q = up;
          while (q < n) {
            const unsigned char b = static_cast<unsigned char>(in[q]);
            if (b == '/' || (special && b == '\\') || b == '?' || b == '#' ||
                InEncodeSet(b, EncodeSet::kPath)) {
              break;
            }
            ++q;
          }
          if (q > up) {
            buffer.append(in, up, q - up);
            p = static_cast<std::ptrdiff_t>(q) - 1;
          } else {
            AppendEncoded(&buffer, static_cast<unsigned char>(c), EncodeSet::kPath);
          }
        }
        break;

      case State::kOpaquePath:
        if (c == '?') {
          url.query = "";
          state = State::kQuery;
        } else if (c == '#') {
          url.fragment = "";
          state = State::kFragment;
        } else if (c == ' ') {
          // A space before a query or fragment would be trimmed away if the URL
          // were parsed again, so it is encoded; elsewhere it stays.
          bool before_suffix = remaining_starts_with(up, '?') || remaining_starts_with(up, '#');
          *url.opaque_path += before_suffix ? "%20" : " ";
        } else if (c != kEof) {
          AppendEncoded(&*url.opaque_path, static_cast<unsigned char>(c), EncodeSet::kC0Control);
        }
        break;

      case State::kQuery:
        if (c == '#' || c == kEof) {
          EncodeSet set = special ? EncodeSet::kSpecialQuery : EncodeSet::kQuery;
          for (unsigned char b : buffer) AppendEncoded(&*url.query, b, set);
          buffer.clear();
          if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          }
        } else {
          buffer.push_back(static_cast<char>(c));
        }
        break;

      case State::kFragment:
        if (c != kEof) {
          AppendEncoded(&*url.fragment, static_cast<unsigned char>(c), EncodeSet::kFragment);
        }
        break;
    }
    // "If after a run pointer points to the EOF code point", the parse is done.
    if (p >= static_cast<std::ptrdiff_t>(n)) break;
  }
  return url;
}

}  // namespace cecat
