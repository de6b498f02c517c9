#include "common/host.h"

#include <unicode/uidna.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "common/ascii.h"
#include "common/utf8.h"

namespace cecat {
namespace {

// Forbidden host code points (URL Standard, "host representation"): never part
// of any host.
bool IsForbiddenHostByte(unsigned char c) {
  switch (c) {
    case 0x00:
    case '\t':
    case '\n':
    case '\r':
    case ' ':
    case '#':
    case '/':
    case ':':
    case '<':
    case '>':
    case '?':
    case '@':
    case '[':
    case '\\':
    case ']':
    case '^':
    case '|':
      return true;
    default:
      return false;
  }
}

// Forbidden domain code points: the above, C0 controls, '%' and DEL.
bool IsForbiddenDomainByte(unsigned char c) {
  return IsForbiddenHostByte(c) || c <= 0x1F || c == '%' || c == 0x7F;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::string_view> SplitDots(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    parts.push_back(
        s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

// ICU's UTS #46 processor, with the URL Standard's options (section 3.3, "domain
// to ASCII" with beStrict false): nontransitional ("faß" stays "faß", so
// xn--fa-hia), CheckBidi and CheckJoiners on, UseSTD3ASCIIRules off (the URL
// Standard checks forbidden code points itself, after the mapping). Opened once;
// ICU documents a UIDNA as safe to use from several threads.
struct UidnaCloser {
  void operator()(UIDNA* idna) const { uidna_close(idna); }
};

const UIDNA* Uts46() {
  static const std::unique_ptr<UIDNA, UidnaCloser> kIdna = [] {
    UErrorCode status = U_ZERO_ERROR;
    UIDNA* idna =
        uidna_openUTS46(UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII |
                            UIDNA_NONTRANSITIONAL_TO_UNICODE,
                        &status);
    return std::unique_ptr<UIDNA, UidnaCloser>(U_SUCCESS(status) ? idna : nullptr);
  }();
  return kIdna.get();
}

// The URL Standard's "domain to ASCII": UTS #46 ToASCII with CheckHyphens and
// VerifyDnsLength off. "ＧＯ.com" is "go.com", "你好你好" "xn--6qqa088eba", "a<U+00AD>b"
// (a soft hyphen) "ab"; U+FDD0 and U+FFFF fail. A host that is ASCII already is
// only lower-cased, "xn--" labels included, even ones that are not valid Punycode
// (web-platform-tests: "Domain is ASCII, but a label is invalid IDNA" must parse,
// "http://a.b.c.xn--pokxncvks/"). Fails on bytes that are not UTF-8 (the URL
// Standard decodes them to U+FFFD, which UTS #46 refuses).
Result<std::string> DomainToAscii(std::string_view s) {
  bool ascii =
      std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return Lower(s);
  if (ValidUtf8Prefix(s) != s.size()) return Status::InvalidArgument("host is not valid UTF-8");
  const UIDNA* idna = Uts46();
  if (idna == nullptr) return Status::Internal("ICU's UTS #46 processor did not open");
  std::string out(s.size() * 4 + 64, '\0');
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  UErrorCode status = U_ZERO_ERROR;
  int32_t length =
      uidna_nameToASCII_UTF8(idna, s.data(), static_cast<int32_t>(s.size()), out.data(),
                             static_cast<int32_t>(out.size()), &info, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    out.resize(static_cast<size_t>(length));
    status = U_ZERO_ERROR;
    info = UIDNA_INFO_INITIALIZER;
    length = uidna_nameToASCII_UTF8(idna, s.data(), static_cast<int32_t>(s.size()), out.data(),
                                    static_cast<int32_t>(out.size()), &info, &status);
  }
  if (U_FAILURE(status)) return Status::InvalidArgument("host is not a valid domain");
  // CheckHyphens=false and VerifyDnsLength=false (URL Standard): these are not errors.
  constexpr uint32_t kIgnored = UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG |
                                UIDNA_ERROR_DOMAIN_NAME_TOO_LONG | UIDNA_ERROR_LEADING_HYPHEN |
                                UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_HYPHEN_3_4;
  if ((info.errors & ~kIgnored) != 0) {
    return Status::InvalidArgument("host is not a valid domain (UTS #46)");
  }
  out.resize(static_cast<size_t>(length));
  return out;
}

// The URL Standard's IPv4 number parser: "0x" or "0X" starts hex, a leading "0"
// octal, else decimal; "0x" alone is 0. Values past 2^32 saturate there (they fail
// the range check either way). nullopt when it is not a number.
std::optional<uint64_t> ParseIpv4Number(std::string_view part) {
  if (part.empty()) return std::nullopt;
  int radix = 10;
  if (part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    part.remove_prefix(2);
    radix = 16;
  } else if (part.size() >= 2 && part[0] == '0') {
    part.remove_prefix(1);
    radix = 8;
  }
  constexpr uint64_t kSaturated = uint64_t{1} << 32;
  uint64_t value = 0;
  for (char c : part) {
    int digit = HexValue(c);
    if (digit < 0 || digit >= radix) return std::nullopt;
    value =
        std::min(kSaturated, value * static_cast<uint64_t>(radix) + static_cast<uint64_t>(digit));
  }
  return value;
}

// "Ends in a number" (URL Standard): the last label, after an optional final dot,
// is all decimal digits or parses as an IPv4 number.
bool EndsInNumber(std::string_view host) {
  std::vector<std::string_view> parts = SplitDots(host);
  if (parts.back().empty()) {
    if (parts.size() == 1) return false;
    parts.pop_back();
  }
  std::string_view last = parts.back();
  if (!last.empty() && last.find_first_not_of("0123456789") == std::string_view::npos) {
    return true;
  }
  return ParseIpv4Number(last).has_value();
}

// Percent-encodes C0 controls and bytes above '~' (the C0 control percent-encode
// set), for opaque hosts.
std::string EncodeOpaque(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (c <= 0x1F || c > 0x7E) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

Result<std::optional<uint32_t>> ParseIpv4Host(std::string_view host) {
  if (!EndsInNumber(host)) return std::optional<uint32_t>();
  std::vector<std::string_view> parts = SplitDots(host);
  // A final dot is allowed ("1.2.3.4." is 1.2.3.4).
  if (parts.back().empty() && parts.size() > 1) parts.pop_back();
  auto invalid = [&](const std::string& why) {
    return Status::InvalidArgument("invalid IPv4 address '" + std::string(host) + "': " + why);
  };
  if (parts.size() > 4) return invalid("more than four parts");
  std::vector<uint64_t> numbers;
  for (std::string_view part : parts) {
    std::optional<uint64_t> n = ParseIpv4Number(part);
    if (!n) return invalid("'" + std::string(part) + "' is not a number");
    numbers.push_back(*n);
  }
  for (size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255) return invalid("part " + std::to_string(i + 1) + " is over 255");
  }
  // The last part fills the bytes the others leave: 32 bits alone, 8 after three.
  uint64_t limit = uint64_t{1} << (8 * (5 - numbers.size()));
  if (numbers.back() >= limit) return invalid("out of range");
  uint64_t address = numbers.back();
  for (size_t i = 0; i + 1 < numbers.size(); ++i) address += numbers[i] << (8 * (3 - i));
  return std::optional<uint32_t>(static_cast<uint32_t>(address));
}

std::string SerializeIpv4(uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 255) + "." +
         std::to_string((address >> 8) & 255) + "." + std::to_string(address & 255);
}

// The URL Standard's IPv6 parser, step by step (pieces of up to four hex digits,
// one "::", an embedded dotted IPv4 address of exactly four decimal parts without
// leading zeros in the last 32 bits).
std::optional<std::array<uint16_t, 8>> ParseIpv6(std::string_view in) {
  std::array<uint16_t, 8> address{};
  size_t piece = 0;
  std::optional<size_t> compress;
  size_t p = 0;
  auto at = [&](size_t i) { return i < in.size() ? in[i] : '\0'; };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (at(p) == ':') {
    if (at(p + 1) != ':') return std::nullopt;
    p += 2;
    compress = ++piece;
  }
  while (p < in.size()) {
    if (piece == 8) return std::nullopt;
    if (at(p) == ':') {
      if (compress) return std::nullopt;
      ++p;
      compress = ++piece;
      continue;
    }
    uint32_t value = 0;
    size_t length = 0;
    while (length < 4 && p < in.size() && HexValue(at(p)) >= 0) {
      value = value * 16 + static_cast<uint32_t>(HexValue(at(p)));
      ++p;
      ++length;
    }
    if (at(p) == '.') {
      if (length == 0) return std::nullopt;
      p -= length;
      if (piece > 6) return std::nullopt;
      int numbers_seen = 0;
      while (p < in.size()) {
        std::optional<uint32_t> v4_piece;
        if (numbers_seen > 0) {
          if (at(p) == '.' && numbers_seen < 4) {
            ++p;
          } else {
            return std::nullopt;
          }
        }
        if (!is_digit(at(p))) return std::nullopt;
        while (is_digit(at(p))) {
          uint32_t number = static_cast<uint32_t>(at(p) - '0');
          if (!v4_piece) {
            v4_piece = number;
          } else if (*v4_piece == 0) {
            return std::nullopt;  // a leading zero
          } else {
            v4_piece = *v4_piece * 10 + number;
          }
          if (*v4_piece > 255) return std::nullopt;
          ++p;
        }
        address[piece] = static_cast<uint16_t>(address[piece] * 0x100 + *v4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece;
      }
      if (numbers_seen != 4) return std::nullopt;
      break;
    }
    if (at(p) == ':') {
      ++p;
      if (p >= in.size()) return std::nullopt;
    } else if (p < in.size()) {
      return std::nullopt;
    }
    address[piece++] = static_cast<uint16_t>(value);
  }
  if (compress) {
    size_t swaps = piece - *compress;
    piece = 7;
    while (piece != 0 && swaps > 0) {
      std::swap(address[piece], address[*compress + swaps - 1]);
      --piece;
      --swaps;
    }
  } else if (piece != 8) {
    return std::nullopt;
  }
  return address;
}

std::string SerializeIpv6(const std::array<uint16_t, 8>& address) {
  // The first longest run of two or more zero pieces is compressed.
  std::optional<size_t> compress;
  size_t best = 1;
  for (size_t i = 0; i < 8;) {
    size_t run = 0;
    while (i + run < 8 && address[i + run] == 0) ++run;
    if (run > best) {
      best = run;
      compress = i;
    }
    i += run == 0 ? 1 : run;
  }
  static const char* kHex = "0123456789abcdef";
  std::string out;
  bool ignore_zero = false;
  for (size_t i = 0; i < 8; ++i) {
    if (ignore_zero && address[i] == 0) continue;
    ignore_zero = false;
    if (compress && *compress == i) {
      out += i == 0 ? "::" : ":";
      ignore_zero = true;
      continue;
    }
    uint16_t v = address[i];
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int digit = (v >> shift) & 15;
      if (digit != 0 || started || shift == 0) {
        out.push_back(kHex[digit]);
        started = true;
      }
    }
    if (i != 7) out.push_back(':');
  }
  return out;
}

Result<std::string> ParseHost(std::string_view input, bool special) {
  if (!input.empty() && input.front() == '[') {
    if (input.back() != ']') return Status::InvalidArgument("unterminated IPv6 address");
    std::optional<std::array<uint16_t, 8>> v6 = ParseIpv6(input.substr(1, input.size() - 2));
    if (!v6) return Status::InvalidArgument("invalid IPv6 address '" + std::string(input) + "'");
    return "[" + SerializeIpv6(*v6) + "]";
  }
  if (!special) {
    for (unsigned char c : input) {
      if (IsForbiddenHostByte(c)) return Status::InvalidArgument("invalid character in host");
    }
    return EncodeOpaque(input);
  }
  if (input.empty()) return Status::InvalidArgument("empty host");
  CECAT_ASSIGN_OR_RETURN(std::string domain, DomainToAscii(PercentDecode(input)));
  if (domain.empty()) return Status::InvalidArgument("empty host");
  for (unsigned char c : domain) {
    if (IsForbiddenDomainByte(c)) return Status::InvalidArgument("invalid character in host");
  }
  CECAT_ASSIGN_OR_RETURN(std::optional<uint32_t> v4, ParseIpv4Host(domain));
  if (v4) return SerializeIpv4(*v4);
  return domain;
}

}  // namespace cecat
