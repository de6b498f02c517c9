#include "normalise/sponsor.h"

#include <array>
#include <cctype>

namespace cecat::normalise {
namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == ':' || s.front() == '-'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string SponsorName(std::string_view text) {
  // Longer lead-ins first, so "sponsored by" is not read as "sponsor" + "ed by".
  static constexpr std::array<std::string_view, 9> kLeadIns = {
      "sponsored by", "funded by", "administered by", "offered by", "provided by",
      "awarded by",   "sponsor:",  "funder:",         "sponsor -"};
  std::string_view s = Trim(text);
  bool lead_in = false;
  for (std::string_view l : kLeadIns) {
    if (StartsWithNoCase(s, l)) {
      s.remove_prefix(l.size());
      lead_in = true;
      break;
    }
  }
  if (!lead_in) return std::string(text);
  s = Trim(s);
  if (StartsWithNoCase(s, "the ")) s.remove_prefix(4);
  // The rest of a sentence after the name: "... with a federal grant".
  for (std::string_view cut : {" with ", " through ", " in partnership", " in cooperation"}) {
    for (std::size_t i = 0; i + cut.size() <= s.size(); ++i) {
      if (StartsWithNoCase(s.substr(i), cut)) {
        s = s.substr(0, i);
        break;
      }
    }
  }
  s = Trim(s);
  return s.empty() ? std::string(text) : std::string(s);
}

}  // namespace cecat::normalise
