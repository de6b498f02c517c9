#include "crawler/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <charconv>
#include <cstring>
#include <optional>

namespace cecat::crawler {

namespace {

IpBytes FromV4(const uint8_t v4[4]) {
  IpBytes ip{};
  ip[10] = 0xff;
  ip[11] = 0xff;
  std::memcpy(ip.data() + 12, v4, 4);
  return ip;
}

bool IsMappedV4(const IpBytes& ip) {
  for (int i = 0; i < 10; ++i) {
    if (ip[i] != 0) return false;
  }
  return ip[10] == 0xff && ip[11] == 0xff;
}

struct Range {
  const char* cidr;
  const char* reason;
};

// Special-purpose ranges (RFC 6890 and its updates; the IANA special-purpose
// address registries) a crawler has no business connecting to.
constexpr Range kRestricted[] = {
    {"0.0.0.0/8", "unspecified"},      // "this network"
    {"10.0.0.0/8", "private"},         // RFC 1918
    {"100.64.0.0/10", "cgnat"},        // RFC 6598 shared address space
    {"127.0.0.0/8", "loopback"},       //
    {"169.254.0.0/16", "link-local"},  // RFC 3927; 169.254.169.254 is cloud metadata
    {"172.16.0.0/12", "private"},      // RFC 1918
    {"192.0.0.0/24", "reserved"},      // IETF protocol assignments
    {"192.168.0.0/16", "private"},     // RFC 1918
    {"198.18.0.0/15", "reserved"},     // benchmarking
    {"224.0.0.0/4", "multicast"},      //
    {"240.0.0.0/4", "reserved"},       // includes 255.255.255.255
    {"::/128", "unspecified"},         //
    {"::1/128", "loopback"},           //
    {"fc00::/7", "private"},           // unique local, RFC 4193
    {"fe80::/10", "link-local"},       //
    {"fec0::/10", "private"},          // deprecated site-local
    {"ff00::/8", "multicast"},         //
};

const std::vector<std::pair<Cidr, const char*>>& RestrictedRanges() {
  static const auto* ranges = [] {
    auto* out = new std::vector<std::pair<Cidr, const char*>>();  // leaked on purpose
    for (const Range& r : kRestricted) out->emplace_back(ParseCidr(r.cidr).value(), r.reason);
    return out;
  }();
  return *ranges;
}

// The IPv4 address embedded in NAT64 (64:ff9b::/96) or 6to4 (2002::/16) forms.
std::optional<IpBytes> EmbeddedV4(const IpBytes& ip) {
  static const uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(ip.data(), kNat64, 12) == 0) return FromV4(ip.data() + 12);
  if (ip[0] == 0x20 && ip[1] == 0x02) return FromV4(ip.data() + 2);
  return std::nullopt;
}

}  // namespace

bool Cidr::Contains(const IpBytes& ip) const {
  int full = prefix_bits / 8, rest = prefix_bits % 8;
  if (std::memcmp(ip.data(), base.data(), full) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (ip[full] & mask) == (base[full] & mask);
}

Result<IpBytes> ParseIp(std::string_view text) {
  std::string s(text);
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  uint8_t v4[4];
  if (inet_pton(AF_INET, s.c_str(), v4) == 1) return FromV4(v4);
  IpBytes ip{};
  if (inet_pton(AF_INET6, s.c_str(), ip.data()) == 1) return ip;
  return Status::InvalidArgument("\"" + std::string(text) + "\" is not an IP address");
}

Result<Cidr> ParseCidr(std::string_view text) {
  size_t slash = text.find('/');
  Result<IpBytes> ip = ParseIp(text.substr(0, slash));
  if (!ip.ok()) return Status::InvalidArgument("\"" + std::string(text) + "\" is not a CIDR");
  bool v4 = IsMappedV4(*ip) && text.find(':') == std::string_view::npos;
  int max_bits = v4 ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || bits < 0 ||
        bits > max_bits) {
      return Status::InvalidArgument("\"" + std::string(text) + "\": prefix length must be 0-" +
                                     std::to_string(max_bits));
    }
  }
  Cidr cidr;
  cidr.base = *ip;
  cidr.prefix_bits = v4 ? bits + 96 : bits;
  return cidr;
}

std::string FormatIp(const IpBytes& ip) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (IsMappedV4(ip)) {
    inet_ntop(AF_INET, ip.data() + 12, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, ip.data(), buf, sizeof buf);
  }
  return buf;
}

std::string RestrictedReason(const IpBytes& ip) {
  if (auto v4 = EmbeddedV4(ip)) return RestrictedReason(*v4);
  for (const auto& [cidr, reason] : RestrictedRanges()) {
    if (cidr.Contains(ip)) return reason;
  }
  // IPv4-compatible addresses (::a.b.c.d, deprecated by RFC 4291) are not routable.
  bool v4_compatible = true;
  for (int i = 0; i < 12; ++i) v4_compatible = v4_compatible && ip[i] == 0;
  if (v4_compatible) return "reserved";
  return "";
}

Result<AddressPolicy> AddressPolicy::Make(const std::vector<std::string>& allow_cidrs) {
  AddressPolicy policy;
  for (const std::string& text : allow_cidrs) {
    Result<Cidr> cidr = ParseCidr(text);
    if (!cidr.ok()) return Status::InvalidArgument("allow_addresses: " + cidr.status().message());
    policy.allow_.push_back(*cidr);
  }
  return policy;
}

std::string AddressPolicy::Check(const IpBytes& ip) const {
  for (const Cidr& cidr : allow_) {
    if (cidr.Contains(ip)) return "";
  }
  if (auto v4 = EmbeddedV4(ip)) {
    for (const Cidr& cidr : allow_) {
      if (cidr.Contains(*v4)) return "";
    }
  }
  std::string reason = RestrictedReason(ip);
  if (reason.empty()) return "";
  return FormatIp(ip) + " is " + reason;
}

std::string AddressPolicy::CheckSockaddr(const sockaddr* address) const {
  if (address == nullptr) return "no address";
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    uint8_t v4[4];
    std::memcpy(v4, &in->sin_addr, 4);
    return Check(FromV4(v4));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    IpBytes ip;
    std::memcpy(ip.data(), &in6->sin6_addr, 16);
    return Check(ip);
  }
  return "address family " + std::to_string(address->sa_family) + " is not IP";
}

}  // namespace cecat::crawler
