// Address policy: which resolved IP addresses the crawler may connect to.
//
// A crawler that follows links and redirects from the web must not become a way
// into the machine's own network (SSRF): loopback, private, carrier-grade NAT,
// link-local (including the cloud metadata service at 169.254.169.254) and other
// special-purpose addresses are refused unless the source's allow_addresses CIDRs
// let them through (e.g. 127.0.0.0/8 for a catalogue served locally). The crawler
// checks the address each connection actually goes to (libcurl's open-socket
// callback), so a redirect or a DNS answer cannot get around the policy.
//
// Pure functions; no DNS, no sockets.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

struct sockaddr;

namespace cecat::crawler {

// An IPv4 or IPv6 address, IPv4 held in its IPv4-mapped IPv6 form (::ffff:a.b.c.d).
using IpBytes = std::array<uint8_t, 16>;

struct Cidr {
  IpBytes base{};
  int prefix_bits = 128;  // over the 128-bit form (an IPv4 /8 is /104 here)
  bool Contains(const IpBytes& ip) const;
};

// "a.b.c.d", "a.b.c.d/n", "x::y", "x::y/n". Fails naming the input.
Result<Cidr> ParseCidr(std::string_view text);
// A literal address, IPv4 or IPv6 (brackets allowed).
Result<IpBytes> ParseIp(std::string_view text);
std::string FormatIp(const IpBytes& ip);

// Why an address is refused by default, or "" when it is a public address:
// "loopback", "private", "link-local", "cgnat", "unspecified", "multicast", ...
// Addresses that embed an IPv4 address (IPv4-mapped, NAT64 64:ff9b::/96, 6to4
// 2002::/16) are judged by the embedded address.
std::string RestrictedReason(const IpBytes& ip);

class AddressPolicy {
 public:
  // Fails when an allow_addresses entry is not a CIDR, naming it.
  static Result<AddressPolicy> Make(const std::vector<std::string>& allow_cidrs);
  AddressPolicy() = default;

  // "" if the crawler may connect to `ip`, else the reason it may not.
  std::string Check(const IpBytes& ip) const;
  bool Allows(const IpBytes& ip) const { return Check(ip).empty(); }
  // The same for a socket address from libcurl; unknown families are refused.
  std::string CheckSockaddr(const sockaddr* address) const;

 private:
  std::vector<Cidr> allow_;
};

}  // namespace cecat::crawler
