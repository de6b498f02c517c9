#include "normalise/price.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <re2/re2.h>

#include "normalise/text.h"

namespace cecat::normalise {
namespace {

struct Candidate {
  double amount = 0;
  std::string currency;
  bool restricted = false;  // members, students, "free to watch" without credit
  bool for_credit = false;  // the part names the certificate or the credit
};

std::string CurrencyCode(std::string symbol) {
  std::string s = Upper(symbol);
  if (s == "$" || s == "US$" || s == "USD" || s == "DOLLAR" || s == "DOLLARS") return "USD";
  if (s == "CA$" || s == "C$" || s == "CAD") return "CAD";
  if (s == "AU$" || s == "A$" || s == "AUD") return "AUD";
  if (s == "NZ$" || s == "NZD") return "NZD";
  if (s == "\xE2\x82\xAC" || s == "EUR") return "EUR";
  if (s == "\xC2\xA3" || s == "GBP") return "GBP";
  if (s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return s;
  return "";
}

bool IsRestricted(const std::string& folded) {
  bool non_member = ContainsPhrase(folded, "non member") || ContainsPhrase(folded, "nonmember");
  if (non_member) return false;
  // "Included with conference registration": no extra cost for those who paid
  // for something else, which is not free ("general admission" included).
  if (ContainsPhrase(folded, "included with") || ContainsPhrase(folded, "included in")) return true;
  if (ContainsPhrase(folded, "public") || ContainsPhrase(folded, "general") ||
      ContainsPhrase(folded, "regular") || ContainsPhrase(folded, "standard"))
    return false;
  for (const char* w :
       {"member", "membership", "members only", "student", "alumni", "alumnus", "subscriber",
        "subscription", "employee", "staff", "volunteer", "group rate", "group of"}) {
    if (ContainsPhrase(folded, w)) return true;
  }
  return false;
}

bool IsFreeWording(const std::string& folded) {
  for (const char* w : {"free", "no cost", "no charge", "no fee", "complimentary", "gratis",
                        "included", "at no cost", "without charge"}) {
    if (ContainsPhrase(folded, w)) return true;
  }
  return false;
}

// "Free to watch; $15 for the CE certificate": watching is free, the credit is not.
bool IsFreeWithoutCredit(const std::string& folded) {
  for (const char* w : {"watch", "view", "viewing", "preview", "audit", "without ce", "no ce",
                        "without credit", "no credit", "attend only"}) {
    if (ContainsPhrase(folded, w)) return true;
  }
  return false;
}

bool ForCredit(const std::string& folded) {
  for (const char* w : {"certificate", "ce", "ces", "ceu", "ceus", "credit", "credits"}) {
    if (ContainsPhrase(folded, w)) return true;
  }
  return false;
}

std::vector<std::string> SplitPriceSegments(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!CollapseWhitespace(cur).empty()) out.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool date_slash = c == '/' && i > 0 && i + 1 < text.size() &&
                      std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
                      std::isdigit(static_cast<unsigned char>(text[i + 1]));
    if ((c == '/' && !date_slash) || c == ';' || c == '|' || c == '(' || c == ')' || c == '\n' ||
        c == '[' || c == ']') {
      flush();
    } else if (c == ',' && i + 1 < text.size() && text[i + 1] == ' ') {
      flush();
    } else if (text.compare(i, 4, " or ") == 0 || text.compare(i, 4, " OR ") == 0 ||
               text.compare(i, 3, " - ") == 0) {
      flush();
      i += (text[i + 1] == '-') ? 2 : 3;
    } else {
      cur += c;
    }
  }
  flush();
  return out;
}

void ParseText(const std::string& raw, std::vector<Candidate>& out, int& mentions) {
  static const RE2 kBefore(
      R"((?i)(US\$|USD|CA\$|C\$|CAD|AU\$|A\$|AUD|NZ\$|NZD|EUR|GBP|€|£|\$)\s*(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?))");
  static const RE2 kAfter(
      R"((?i)(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s*(USD|CAD|AUD|NZD|EUR|GBP|dollars?|€)\b)");
  static const RE2 kBare(
      R"((?i)^\s*(?:price|cost|fee|tuition|registration)?\s*:?\s*(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s*$)");
  std::string text = MatchText(raw);
  std::vector<std::string> segments = SplitPriceSegments(text);
  for (const std::string& seg : segments) {
    std::string folded = Fold(seg);
    bool restricted = IsRestricted(folded);
    bool found = false;
    re2::StringPiece in(seg);
    std::string sym, num;
    while (RE2::FindAndConsume(&in, kBefore, &sym, &num)) {
      num.erase(std::remove(num.begin(), num.end(), ','), num.end());
      out.push_back({std::stod(num), CurrencyCode(sym), restricted, ForCredit(folded)});
      found = true;
      ++mentions;
    }
    if (!found) {
      in = re2::StringPiece(seg);
      while (RE2::FindAndConsume(&in, kAfter, &num, &sym)) {
        num.erase(std::remove(num.begin(), num.end(), ','), num.end());
        out.push_back({std::stod(num), CurrencyCode(sym), restricted, ForCredit(folded)});
        found = true;
        ++mentions;
      }
    }
    // A bare number is a price only when it is all the text says ("29", "Price: 25").
    if (!found && segments.size() == 1 && RE2::FullMatch(seg, kBare, &num)) {
      num.erase(std::remove(num.begin(), num.end(), ','), num.end());
      out.push_back({std::stod(num), "", restricted});
      found = true;
      ++mentions;
    }
    if (!found && IsFreeWording(folded)) {
      out.push_back({0, "", restricted || IsFreeWithoutCredit(folded)});
      ++mentions;
    }
  }
}

bool OfferIsRestricted(const Json& offer) {
  std::string words;
  for (const char* key : {"name", "eligibleCustomerType", "category", "description", "audience"}) {
    auto it = offer.find(key);
    if (it != offer.end()) words += " " + ValueText(*it);
  }
  return IsRestricted(Fold(words));
}

void ParseValue(const Json& value, std::vector<Candidate>& out, int& mentions,
                std::string& currency) {
  if (value.is_number()) {
    out.push_back({value.get<double>(), "", false});
    ++mentions;
    return;
  }
  if (value.is_array()) {
    for (const auto& v : value) ParseValue(v, out, mentions, currency);
    return;
  }
  if (!value.is_object()) {
    ParseText(ValueText(value), out, mentions);
    return;
  }
  std::string cur;
  for (const char* key : {"priceCurrency", "currency", "currencyCode"}) {
    auto it = value.find(key);
    if (it != value.end() && it->is_string()) cur = CurrencyCode(it->get<std::string>());
  }
  if (!cur.empty()) currency = cur;
  bool restricted = OfferIsRestricted(value);
  std::size_t before = out.size();
  for (const char* key : {"price", "amount", "lowPrice", "value"}) {
    auto it = value.find(key);
    if (it == value.end() || it->is_null()) continue;
    if (it->is_object() || it->is_array()) {
      ParseValue(*it, out, mentions, currency);
    } else if (it->is_number()) {
      out.push_back({it->get<double>(), cur, restricted});
      ++mentions;
    } else {
      std::vector<Candidate> inner;
      ParseText(ValueText(*it), inner, mentions);
      for (auto& c : inner) {
        if (c.currency.empty()) c.currency = cur;
        c.restricted = c.restricted || restricted;
        out.push_back(c);
      }
    }
    break;
  }
  for (const char* key : {"priceSpecification", "offers"}) {
    auto it = value.find(key);
    if (it != value.end() && out.size() == before) ParseValue(*it, out, mentions, currency);
  }
  if (out.size() == before) {
    // {"category": "Free"} or {"isAccessibleForFree": true} without a price.
    auto cat = value.find("category");
    auto acc = value.find("isAccessibleForFree");
    if ((cat != value.end() && IsFreeWording(Fold(ValueText(*cat)))) ||
        (acc != value.end() && (*acc == true || *acc == "true" || *acc == "True"))) {
      out.push_back({0, cur, restricted});
      ++mentions;
    }
  }
}

}  // namespace

std::optional<Price> ParsePrice(const Json& value) {
  std::vector<Candidate> found;
  int mentions = 0;
  std::string currency;
  ParseValue(value, found, mentions, currency);
  // Negative or absurd amounts are not prices.
  found.erase(std::remove_if(found.begin(), found.end(),
                             [](const Candidate& c) { return !(c.amount >= 0 && c.amount < 1e7); }),
              found.end());
  if (found.empty()) return std::nullopt;
  // "Free webinar; CE certificate $10": the content is free, the credit costs $10.
  bool paid_credit = std::any_of(found.begin(), found.end(), [](const Candidate& c) {
    return c.for_credit && c.amount > 0 && !c.restricted;
  });
  if (paid_credit) {
    for (Candidate& c : found) {
      if (c.amount == 0 && !c.for_credit) c.restricted = true;
    }
  }
  bool any_public =
      std::any_of(found.begin(), found.end(), [](const Candidate& c) { return !c.restricted; });
  const Candidate* best = nullptr;
  for (const Candidate& c : found) {
    if (any_public && c.restricted) continue;
    if (!best || c.amount < best->amount) best = &c;
  }
  Price p;
  p.amount = Round2(best->amount);
  p.currency = !best->currency.empty() ? best->currency : !currency.empty() ? currency : "";
  if (p.currency.empty()) {
    // A bare number or "Free": the catalogue is for US licences (SPEC), so USD.
    for (const Candidate& c : found) {
      if (!c.currency.empty()) p.currency = c.currency;
    }
    if (p.currency.empty()) p.currency = "USD";
  }
  p.free = any_public && p.amount == 0;
  bool several = found.size() > 1 || !any_public;
  if (several) {
    p.note = value.is_string() ? PlainText(value.get<std::string>()) : PlainText(ValueText(value));
  }
  p.understood = several ? (any_public ? "lowest public price" : "only restricted prices")
                         : (p.free ? "free" : "single price");
  return p;
}

Json PriceToJson(const Price& price) {
  Json j = {{"amount", price.amount}, {"currency", price.currency}, {"free", price.free}};
  if (!price.note.empty()) j["note"] = price.note;
  return j;
}

}  // namespace cecat::normalise
