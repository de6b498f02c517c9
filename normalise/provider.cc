#include "normalise/provider.h"

#include <array>
#include <cctype>

#include <re2/re2.h>

#include "common/ascii.h"
#include "common/url.h"
#include "normalise/text.h"

namespace cecat::normalise {
namespace {

// Where approval wording starts after a name. The body names before "approved" or
// "provider" are listed (not any word) so that the name's own last word stays:
// "Acme CE Provider #12" keeps "Acme CE".
const RE2& ApprovalTail() {
  static const RE2 kTail(
      R"((?i)^(.+?)\s*(?:[,;:|(]|\s-|\s–|\s—)?\s*(?:)"
      // "Provider #1234", "ACEP No. 6789", "NBCC Approved Provider No 12", "license number"
      R"(\b(?:an?\s+)?(?:(?:nbcc|apa|aswb|ace|naadac|camft|ic&rc|nasw|ccapp)\s+)?(?:approved\s+)?)"
      R"((?:continuing\s+education\s+)?(?:provider|sponsor|acep|approval|license|licence)\s*)"
      R"((?:#|no\b|no\.|num\b|number|id\b|\d))"
      // "is approved by", "is an accredited ..."
      R"(|\b(?:is|are)\s+(?:an?\s+)?(?:approved|accredited|recogni[sz]ed)\b)"
      // "an NBCC Approved Continuing Education Provider", "APA approved sponsor"
      R"(|\b(?:an?\s+)?(?:(?:nbcc|apa|aswb|ace|naadac|camft|ic&rc|nasw|ccapp)\s+)?approved\s+)"
      R"((?:by|provider|sponsor|continuing|ce)\b)"
      // "#1234"
      R"(|#\s*[a-z0-9-]*\d)"
      // "(ACEP 6789)", "(provider no. 12)"
      R"(|\([^)]*(?:#|\bno\.?\s*\d|provider|acep|approv|licen[cs]e)[^)]*\)?))");
  return kTail;
}

bool IsSeparator(char c) {
  return c == ' ' || c == ',' || c == ';' || c == ':' || c == '|' || c == '(' || c == '-' ||
         c == '\t';
}

std::string TrimTail(std::string s) {
  // Dashes written as UTF-8 (en and em dash) end in 0x93 / 0x94 after E2 80.
  for (;;) {
    while (!s.empty() && IsSeparator(s.back())) s.pop_back();
    if (s.size() >= 3 && static_cast<unsigned char>(s[s.size() - 3]) == 0xE2 &&
        static_cast<unsigned char>(s[s.size() - 2]) == 0x80 &&
        (static_cast<unsigned char>(s.back()) == 0x93 ||
         static_cast<unsigned char>(s.back()) == 0x94)) {
      s.resize(s.size() - 3);
      continue;
    }
    return s;
  }
}

// Hosts where many organisations have pages: the host says nothing of who it is.
bool IsSharedPlatform(std::string_view host) {
  static constexpr std::array<std::string_view, 16> kPlatforms = {
      "eventbrite.com", "eventbrite.co.uk",    "facebook.com",  "linkedin.com",
      "meetup.com",     "instagram.com",       "x.com",         "twitter.com",
      "youtube.com",    "sites.google.com",    "google.com",    "github.com",
      "zoom.us",        "psychologytoday.com", "wordpress.com", "blogspot.com"};
  for (std::string_view p : kPlatforms) {
    if (host == p) return true;
    if (host.size() > p.size() && host.substr(host.size() - p.size()) == p &&
        host[host.size() - p.size() - 1] == '.') {
      // www.facebook.com, m.facebook.com; but not acme.wordpress.com's own blog,
      // which is a site of its own.
      std::string_view sub = host.substr(0, host.size() - p.size() - 1);
      if (sub == "www" || sub == "m" || p == "eventbrite.com" || p == "google.com") return true;
    }
  }
  return false;
}

std::string WithoutWww(const std::string& host) {
  return host.rfind("www.", 0) == 0 && host.size() > 4 ? host.substr(4) : host;
}

}  // namespace

namespace {

// A listing's meta line read as a provider ("Provided by Acme CE · 8 CE hours ·
// $120"): the part before the first list separator, without its lead-in. A name
// never holds a middle dot, a bullet or a spaced bar.
std::string_view WithoutLeadInAndList(std::string_view text) {
  for (std::string_view sep : {" \xC2\xB7 ", " \xE2\x80\xA2 ", " | "}) {
    std::size_t at = text.find(sep);
    if (at != std::string_view::npos && at > 0) text = text.substr(0, at);
  }
  static constexpr std::array<std::string_view, 8> kLeadIns = {
      "provided by ",  "offered by ", "presented by ", "hosted by ",
      "sponsored by ", "provider: ",  "organizer: ",   "organiser: "};
  for (std::string_view lead : kLeadIns) {
    if (text.size() <= lead.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < lead.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(text[i])) == lead[i];
    }
    if (same) {
      text.remove_prefix(lead.size());
      break;
    }
  }
  return Trim(text);
}

}  // namespace

std::string CleanProviderName(std::string_view name) {
  std::string text(WithoutLeadInAndList(Trim(name)));
  // The wording is found as matching reads it ("Acme’s CE – Provider #12" as
  // "Acme's CE - Provider #12"), where the cut has always been made, so the name's
  // key is what it was; the name keeps its typography (issue 17, item 7).
  std::string match = AsciiPunctuation(text);
  std::string prefix;
  if (RE2::PartialMatch(match, ApprovalTail(), &prefix)) {
    // "Provider #12" names no one: what is left must be more than the wording.
    static const RE2 kOnlyWording(
        R"((?i)^(?:an?\s+)?(?:approved\s+)?(?:ce\s+|continuing\s+education\s+)?)"
        R"((?:provider|sponsor)$)");
    std::string cut = TrimTail(prefix);
    if (!cut.empty() && !RE2::FullMatch(cut, kOnlyWording)) return AsPublished(text, cut);
  }
  return text;
}

std::string ProviderNameKey(std::string_view name) {
  static const std::array<std::string_view, 14> kLegal = {
      "inc",  "llc", "ltd", "co", "corp", "corporation", "company",
      "pllc", "pc",  "pa",  "lp", "llp",  "plc",         "gmbh"};
  std::string folded = Fold(CleanProviderName(name));
  std::string out;
  std::size_t i = 0;
  bool first = true;
  while (i < folded.size()) {
    std::size_t j = folded.find(' ', i);
    if (j == std::string::npos) j = folded.size();
    std::string_view w(folded.data() + i, j - i);
    i = j + 1;
    if (w.empty()) continue;
    bool legal = false;
    for (std::string_view l : kLegal) legal = legal || w == l;
    if (legal || (first && w == "the")) {
      first = false;
      continue;
    }
    first = false;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

std::string ProviderSiteUrl(std::string_view url) {
  auto parsed = ParseUrl(url);
  if (!parsed.ok() || (parsed->scheme != "http" && parsed->scheme != "https") ||
      parsed->host.empty()) {
    return "";
  }
  if (IsSharedPlatform(parsed->host)) return CanonicalUrl(*parsed);
  return parsed->Origin() + "/";
}

std::string ProviderIdKey(std::string_view name, std::string_view url) {
  if (!url.empty()) {
    auto parsed = ParseUrl(url);
    if (parsed.ok() && (parsed->scheme == "http" || parsed->scheme == "https") &&
        !parsed->host.empty()) {
      if (IsSharedPlatform(parsed->host)) return CanonicalUrl(*parsed);
      // One organisation, one site: http and https, www and not, any page of it.
      std::string port =
          parsed->port.empty() || parsed->EffectivePort() == 80 || parsed->EffectivePort() == 443
              ? ""
              : ":" + parsed->port;
      return "https://" + WithoutWww(parsed->host) + port + "/";
    }
  }
  std::string key = ProviderNameKey(name);
  return key.empty() ? "" : "provider|" + key;
}

}  // namespace cecat::normalise
