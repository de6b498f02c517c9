// URL hosts as the WHATWG URL Standard parses and serialises them (section 3,
// "Hosts"): one spelling per host, so that everything keyed or matched by host
// (deny and allow regexes, the default host scope, robots.txt and politeness per
// host, dedup) sees the same host whichever way a link or redirect wrote it.
//
// Pure functions, no I/O, no DNS.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cecat {

// The URL Standard's host parser for the authority's host (without port or
// userinfo, IPv6 literals with their brackets), serialised:
// - "[...]": an IPv6 address, compressed and in lower case ("[0:0::1]" -> "[::1]",
//   "[::127.0.0.1]" -> "[::7f00:1]");
// - with a special scheme (`special`: http, https, ws, wss, ftp, file): the host is
//   percent-decoded and turned to ASCII by IDNA (UTS #46 ToASCII as the standard
//   sets it, through ICU: "exämple.com" is "xn--exmple-cua.com", fullwidth forms
//   and ideographic full stops are ASCII, a soft hyphen disappears; an ASCII host
//   is only lower-cased), and a host whose last label is a number is an IPv4
//   address in any of the forms browsers accept (decimal, 0x hex, 0 octal, one to
//   four parts: "2130706433", "0x7f.1", "0177.0.0.1") written as dotted decimal;
// - otherwise the host is opaque: kept as written, bytes outside ASCII and controls
//   percent-encoded.
// Fails, naming why, on an empty host, a forbidden character, a name IDNA refuses,
// an IPv4 address out of range ("256.0.0.1", "1.2.3.4.5") or a malformed IPv6
// address.
Result<std::string> ParseHost(std::string_view input, bool special);

// The IPv4 address `host` spells, if the URL Standard reads it as one: the last
// label (after an optional final dot) is a decimal, 0x-hex or 0-octal number.
// nullopt when it is a domain; an error when it ends in a number but is not a
// valid address.
Result<std::optional<uint32_t>> ParseIpv4Host(std::string_view host);

// "a.b.c.d".
std::string SerializeIpv4(uint32_t address);

// The eight 16-bit pieces of an IPv6 address written without brackets
// ("2001:db8::1", "::ffff:127.0.0.1"); nullopt when it is not one.
std::optional<std::array<uint16_t, 8>> ParseIpv6(std::string_view text);

// Lower-case hex, the first longest run of two or more zero pieces as "::",
// without brackets.
std::string SerializeIpv6(const std::array<uint16_t, 8>& address);

}  // namespace cecat
