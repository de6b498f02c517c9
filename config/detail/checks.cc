#include "config/detail/checks.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include <re2/re2.h>

#include "common/url.h"

namespace cecat::config::detail {
namespace {

constexpr size_t kMaxDescribe = 60;
constexpr int kMaxDescribeDepth = 2;

void Render(const OJson& value, int depth, std::string* out) {
  if (out->size() > kMaxDescribe) return;  // the caller cuts; stop early on huge values
  if (value.is_object() || value.is_array()) {
    bool object = value.is_object();
    if (value.empty()) {
      *out += object ? "{}" : "[]";
      return;
    }
    if (depth >= kMaxDescribeDepth) {
      *out += object ? "{...}" : "[...]";
      return;
    }
    *out += object ? '{' : '[';
    bool first = true;
    for (auto it = value.begin(); it != value.end() && out->size() <= kMaxDescribe; ++it) {
      if (!first) *out += ", ";
      first = false;
      if (object)
        *out += OJson(it.key()).dump(-1, ' ', false, OJson::error_handler_t::replace) + ": ";
      Render(*it, depth + 1, out);
    }
    *out += object ? '}' : ']';
    return;
  }
  *out += value.dump(-1, ' ', false, OJson::error_handler_t::replace);
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Optimal string alignment distance: Levenshtein plus adjacent transpositions,
// the commonest typo ("titel", "dealy_ms").
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// Length of the valid UTF-8 sequence at the start of `s` (RFC 3629: no overlongs,
// no surrogates, nothing above U+10FFFF), or 0 if it is not one.
size_t Utf8SequenceLength(std::string_view s) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char b = byte(0);
  size_t n = b < 0x80                   ? 1
             : (b >= 0xC2 && b <= 0xDF) ? 2
             : (b >= 0xE0 && b <= 0xEF) ? 3
             : (b >= 0xF0 && b <= 0xF4) ? 4
                                        : 0;
  if (n == 0 || n > s.size()) return 0;
  for (size_t i = 1; i < n; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  if (n == 3) {
    if (b == 0xE0 && byte(1) < 0xA0) return 0;   // overlong
    if (b == 0xED && byte(1) >= 0xA0) return 0;  // surrogate
  }
  if (n == 4) {
    if (b == 0xF0 && byte(1) < 0x90) return 0;   // overlong
    if (b == 0xF4 && byte(1) >= 0x90) return 0;  // above U+10FFFF
  }
  return n;
}

}  // namespace

std::string Printable(std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    size_t n = Utf8SequenceLength(text);
    if (n == 0 || (n == 1 && IsControl(static_cast<unsigned char>(text[0])))) {
      unsigned char c = static_cast<unsigned char>(text[0]);
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      n = 1;
    } else {
      out.append(text.substr(0, n));
    }
    text.remove_prefix(n);
  }
  return out;
}

void Where::Report(const std::string& key, std::string message) const {
  ConfigProblem p;
  p.file = file_;
  p.source_id = Printable(source_id_);
  // Keys come from the file and may hold any character; keep problems one line.
  p.key = Printable(key.empty() && !prefix_.empty() ? prefix_.substr(0, prefix_.size() - 1)
                                                    : prefix_ + key);
  p.message = Printable(message);
  out_->push_back(std::move(p));
}

namespace {

std::optional<std::string> RunCheck(const std::function<Status(std::string_view)>& check,
                                    const std::string& text) {
  if (!check) return std::nullopt;
  try {  // the checker belongs to another module; its failures must not escape
    Status st = check(text);
    if (st.ok()) return std::nullopt;
    return st.message();
  } catch (const std::exception& e) {
    return std::string("selector check failed: ") + e.what();
  }
}

}  // namespace

std::optional<std::string> Where::CheckSelector(const std::string& selector) const {
  return checkers_ ? RunCheck(checkers_->selector, selector) : std::nullopt;
}

std::optional<std::string> Where::CheckFieldSelector(const std::string& field) const {
  return checkers_ ? RunCheck(checkers_->field, field) : std::nullopt;
}

std::string Describe(const OJson& value) {
  std::string out;
  Render(value, 0, &out);
  if (out.size() > kMaxDescribe) {
    size_t cut = kMaxDescribe - 3;
    // Never cut inside a UTF-8 sequence: back up over continuation bytes.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "...";
  }
  return out;
}

std::string Expected(std::string_view what, const OJson& got) {
  return "expected " + std::string(what) + ", got " + Describe(got);
}

std::optional<int64_t> AsInteger(const OJson& value) {
  if (value.is_number_unsigned()) {
    uint64_t u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    // 9e18 < 2^63: every double below it converts to int64_t without overflow.
    if (!std::isfinite(d) || d != std::trunc(d) || std::fabs(d) > 9e18) return std::nullopt;
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

std::string IntegerExpectation(int64_t min, int64_t max) {
  bool unbounded =
      max == std::numeric_limits<int64_t>::max() || max == std::numeric_limits<int>::max();
  if (unbounded) return "an integer >= " + std::to_string(min);
  return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
}

std::optional<int64_t> CheckInteger(const OJson& value, const Where& where, const std::string& key,
                                    int64_t min, int64_t max) {
  std::optional<int64_t> n = AsInteger(value);
  if (!n || *n < min || *n > max) {
    where.Report(key, Expected(IntegerExpectation(min, max), value));
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> CheckString(const OJson& value, const Where& where,
                                       const std::string& key, std::string_view what,
                                       StringRules rules) {
  if (!value.is_string()) {
    where.Report(key, Expected(what, value));
    return std::nullopt;
  }
  const std::string& s = value.get_ref<const std::string&>();
  bool bad =
      (rules.non_empty && s.empty()) ||
      (rules.no_control && std::any_of(s.begin(), s.end(), [](char c) { return IsControl(c); }));
  if (bad) {
    where.Report(key, Expected(what, value));
    return std::nullopt;
  }
  return s;
}

std::optional<std::vector<std::string>> CheckStringList(const OJson& value, const Where& where,
                                                        const std::string& key,
                                                        std::string_view item_what,
                                                        bool allow_empty, const ItemCheck& check) {
  std::vector<std::string> items;
  auto take = [&](const OJson& item, const std::string& item_key) {
    if (!item.is_string()) {
      where.Report(item_key, Expected(item_what, item));
      return;
    }
    const std::string& s = item.get_ref<const std::string&>();
    if (std::optional<std::string> error = check(s)) {
      where.Report(item_key, *error);
      return;
    }
    items.push_back(s);
  };
  if (value.is_string()) {
    take(value, key);
    return items;
  }
  if (!value.is_array()) {
    where.Report(key, Expected(std::string(item_what) + " or an array of them", value));
    return std::nullopt;
  }
  if (value.empty() && !allow_empty) {
    where.Report(
        key,
        Expected("at least one " + std::string(item_what.substr(item_what.find(' ') + 1)), value));
    return std::nullopt;
  }
  for (size_t i = 0; i < value.size(); ++i) take(value[i], key + "[" + std::to_string(i) + "]");
  return items;
}

std::optional<std::string> RegexError(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(pattern, options);
  if (re.ok()) return std::nullopt;
  return re.error();
}

std::optional<std::string> CheckRegexItem(const std::string& pattern) {
  std::optional<std::string> error = RegexError(pattern);
  if (!error) return std::nullopt;
  return "invalid regex " + Describe(OJson(pattern)) + ": " + *error;
}

std::optional<std::string> CheckCrawlUrlItem(const std::string& url) {
  constexpr std::string_view kWhat = "an absolute http, https or file URL";
  Result<Url> parsed = ParseUrl(url);
  if (!parsed.ok()) return Expected(kWhat, OJson(url)) + " (" + parsed.status().message() + ")";
  const std::string& scheme = parsed->scheme;
  if (scheme != "http" && scheme != "https" && scheme != "file") return Expected(kWhat, OJson(url));
  return std::nullopt;
}

std::optional<std::string> CidrError(std::string_view cidr) {
  size_t slash = cidr.find('/');
  if (slash == std::string_view::npos)
    return "missing '/PREFIX' (one address is ADDRESS/32 or /128)";
  std::string address(cidr.substr(0, slash));
  std::string_view prefix = cidr.substr(slash + 1);
  unsigned char buf[16];
  int max_prefix = 0;
  if (inet_pton(AF_INET, address.c_str(), buf) == 1) {
    max_prefix = 32;
  } else if (inet_pton(AF_INET6, address.c_str(), buf) == 1) {
    max_prefix = 128;
  } else {
    return "\"" + address + "\" is not an IPv4 or IPv6 address";
  }
  int bits = -1;
  bool digits =
      !prefix.empty() && prefix.size() <= 3 &&
      std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) std::from_chars(prefix.data(), prefix.data() + prefix.size(), bits);
  if (bits < 0 || bits > max_prefix) {
    return "prefix length must be a number from 0 to " + std::to_string(max_prefix);
  }
  return std::nullopt;
}

std::optional<int64_t> ParseByteSize(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  text = trim(text);
  size_t n = 0;
  while (n < text.size() && ((text[n] >= '0' && text[n] <= '9') || text[n] == '.')) ++n;
  if (n == 0 || text[0] == '.') return std::nullopt;
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + n, number);
  if (ec != std::errc() || end != text.data() + n) return std::nullopt;
  std::string unit;
  for (char c : trim(text.substr(n))) unit += LowerAscii(c);
  double multiplier = 0;
  if (unit.empty() || unit == "b") {
    multiplier = 1;
  } else if (unit == "k" || unit == "kb" || unit == "kib") {
    multiplier = 1024.0;
  } else if (unit == "m" || unit == "mb" || unit == "mib") {
    multiplier = 1024.0 * 1024;
  } else if (unit == "g" || unit == "gb" || unit == "gib") {
    multiplier = 1024.0 * 1024 * 1024;
  } else {
    return std::nullopt;
  }
  double bytes = std::floor(number * multiplier);
  if (!std::isfinite(bytes) || bytes > 9e18) return std::nullopt;
  return static_cast<int64_t>(bytes);
}

std::string Suggest(std::string_view name, const std::vector<std::string_view>& candidates) {
  size_t limit = std::clamp<size_t>(name.size() / 3, 1, 2);
  std::string best;
  size_t best_distance = limit + 1;
  for (std::string_view c : candidates) {
    size_t d = EditDistance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

std::string UnknownKeyMessage(std::string_view name,
                              const std::vector<std::string_view>& candidates) {
  std::string suggestion = Suggest(name, candidates);
  if (suggestion.empty()) return "unknown key";
  return "unknown key; did you mean '" + suggestion + "'?";
}

}  // namespace cecat::config::detail
