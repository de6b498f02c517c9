#include "normalise/location.h"

#include <cctype>
#include <vector>

#include <re2/re2.h>

#include "normalise/text.h"

namespace cecat::normalise {
namespace {

struct State {
  const char* code;
  const char* name;
};

constexpr State kStates[] = {
    {"AL", "alabama"},        {"AK", "alaska"},        {"AZ", "arizona"},
    {"AR", "arkansas"},       {"CA", "california"},    {"CO", "colorado"},
    {"CT", "connecticut"},    {"DE", "delaware"},      {"FL", "florida"},
    {"GA", "georgia"},        {"HI", "hawaii"},        {"ID", "idaho"},
    {"IL", "illinois"},       {"IN", "indiana"},       {"IA", "iowa"},
    {"KS", "kansas"},         {"KY", "kentucky"},      {"LA", "louisiana"},
    {"ME", "maine"},          {"MD", "maryland"},      {"MA", "massachusetts"},
    {"MI", "michigan"},       {"MN", "minnesota"},     {"MS", "mississippi"},
    {"MO", "missouri"},       {"MT", "montana"},       {"NE", "nebraska"},
    {"NV", "nevada"},         {"NH", "new hampshire"}, {"NJ", "new jersey"},
    {"NM", "new mexico"},     {"NY", "new york"},      {"NC", "north carolina"},
    {"ND", "north dakota"},   {"OH", "ohio"},          {"OK", "oklahoma"},
    {"OR", "oregon"},         {"PA", "pennsylvania"},  {"RI", "rhode island"},
    {"SC", "south carolina"}, {"SD", "south dakota"},  {"TN", "tennessee"},
    {"TX", "texas"},          {"UT", "utah"},          {"VT", "vermont"},
    {"VA", "virginia"},       {"WA", "washington"},    {"WV", "west virginia"},
    {"WI", "wisconsin"},      {"WY", "wyoming"},       {"DC", "district of columbia"},
    {"PR", "puerto rico"},    {"GU", "guam"},          {"VI", "us virgin islands"},
};

// Common abbreviations in addresses (AP style and older forms).
constexpr State kStateAbbreviations[] = {
    {"AL", "ala"},
    {"AZ", "ariz"},
    {"AR", "ark"},
    {"CA", "calif"},
    {"CA", "cal"},
    {"CO", "colo"},
    {"CT", "conn"},
    {"DE", "del"},
    {"FL", "fla"},
    {"GA", "ga"},
    {"IL", "ill"},
    {"IN", "ind"},
    {"KS", "kan"},
    {"KY", "ky"},
    {"LA", "la"},
    {"MD", "md"},
    {"MA", "mass"},
    {"MI", "mich"},
    {"MN", "minn"},
    {"MS", "miss"},
    {"MO", "mo"},
    {"MT", "mont"},
    {"NE", "neb"},
    {"NV", "nev"},
    {"NM", "n m"},
    {"NC", "n c"},
    {"ND", "n d"},
    {"OK", "okla"},
    {"OR", "ore"},
    {"PA", "penn"},
    {"PA", "pa"},
    {"SC", "s c"},
    {"SD", "s d"},
    {"TN", "tenn"},
    {"TX", "tex"},
    {"VT", "vt"},
    {"VA", "va"},
    {"WA", "wash"},
    {"WV", "w va"},
    {"WI", "wis"},
    {"WY", "wyo"},
    {"DC", "d c"},
    {"DC", "washington dc"},
    {"DC", "washington d c"},
};

struct Country {
  const char* code;
  const char* name;
};

constexpr Country kCountries[] = {
    {"US", "usa"},
    {"US", "us"},
    {"US", "u s"},
    {"US", "u s a"},
    {"US", "united states"},
    {"US", "united states of america"},
    {"US", "america"},
    {"CA", "canada"},
    {"GB", "uk"},
    {"GB", "u k"},
    {"GB", "united kingdom"},
    {"GB", "great britain"},
    {"GB", "england"},
    {"GB", "scotland"},
    {"GB", "wales"},
    {"GB", "northern ireland"},
    {"GB", "gb"},
    {"IE", "ireland"},
    {"AU", "australia"},
    {"NZ", "new zealand"},
    {"MX", "mexico"},
    {"DE", "germany"},
    {"FR", "france"},
    {"ES", "spain"},
    {"IT", "italy"},
    {"NL", "netherlands"},
    {"IN", "india"},
    {"IL", "israel"},
    {"ZA", "south africa"},
    {"SG", "singapore"},
    {"JP", "japan"},
    {"BR", "brazil"},
    {"PT", "portugal"},
    {"GR", "greece"},
    {"CH", "switzerland"},
};

// Canadian provinces: the country is CA; the feed's state is US-only.
constexpr const char* kProvinces[] = {"ontario",
                                      "on",
                                      "quebec",
                                      "qc",
                                      "british columbia",
                                      "bc",
                                      "alberta",
                                      "ab",
                                      "manitoba",
                                      "mb",
                                      "saskatchewan",
                                      "sk",
                                      "nova scotia",
                                      "ns",
                                      "new brunswick",
                                      "nb",
                                      "newfoundland and labrador",
                                      "nl",
                                      "prince edward island",
                                      "pe",
                                      "yukon",
                                      "yt"};

bool IsProvince(const std::string& folded) {
  for (const char* p : kProvinces) {
    if (folded == p) return true;
  }
  return false;
}

std::optional<Location> ParseLocationText(const std::string& text);

bool IsOnline(const std::string& folded) {
  for (const char* w : {"online", "virtual", "webinar", "zoom", "remote", "on demand", "anywhere",
                        "your home", "your computer", "livestream", "tbd", "tba"}) {
    if (ContainsPhrase(folded, w)) return true;
  }
  return false;
}

// "Austin" from "In-Person - Austin" or "Location: Austin" or "Hilton, 500 E 4th St".
std::string CityFrom(std::string part) {
  for (const char* sep : {" - ", ": ", " | ", " at "}) {
    std::size_t p = part.rfind(sep);
    if (p != std::string::npos) part = part.substr(p + std::string(sep).size());
  }
  part = CollapseWhitespace(part);
  // A street address is not a city.
  if (!part.empty() && std::isdigit(static_cast<unsigned char>(part[0]))) return "";
  return part;
}

}  // namespace

std::optional<std::string> UsStateCode(std::string_view input) {
  std::string folded = Fold(input);
  if (folded.size() == 2) {
    for (const State& s : kStates) {
      if (Lower(s.code) == folded) return std::string(s.code);
    }
  }
  for (const State& s : kStates) {
    if (folded == s.name) return std::string(s.code);
  }
  for (const State& s : kStateAbbreviations) {
    if (folded == s.name) return std::string(s.code);
  }
  return std::nullopt;
}

std::string UsStateName(std::string_view code) {
  for (const State& s : kStates) {
    if (code == s.code) return s.name;
  }
  return "";
}

std::optional<std::string> CountryCode(std::string_view input) {
  std::string folded = Fold(input);
  for (const Country& c : kCountries) {
    if (folded == c.name) return std::string(c.code);
  }
  if (folded == "ca") return std::nullopt;  // California, not Canada
  if (folded.size() == 2) {
    for (const Country& c : kCountries) {
      if (Lower(c.code) == folded) return std::string(c.code);
    }
  }
  return std::nullopt;
}

bool IsOnlineLocation(const Json& value) {
  if (value.is_array()) {
    for (const Json& v : value) {
      if (IsOnlineLocation(v)) return true;
    }
    return false;
  }
  if (value.is_object()) {
    // schema.org VirtualLocation {"@type": "VirtualLocation", "url": ...}: an
    // online event, not a place that failed to parse.
    auto type = value.find("@type");
    if (type != value.end()) {
      Json types = type->is_array() ? *type : Json::array({*type});
      for (const Json& t : types) {
        if (t.is_string() && (t == "VirtualLocation" || t == "https://schema.org/VirtualLocation" ||
                              t == "http://schema.org/VirtualLocation")) {
          return true;
        }
      }
    }
    auto name = value.find("name");
    return name != value.end() && IsOnlineLocation(*name);
  }
  return IsOnline(Fold(ValueText(value)));
}

Json LocationToJson(const Location& location) {
  Json j = Json::object();
  if (!location.city.empty()) j["city"] = location.city;
  if (!location.state.empty()) j["state"] = location.state;
  if (!location.country.empty()) j["country"] = location.country;
  return j;
}

std::optional<Location> ParseLocation(const Json& value) {
  if (value.is_array()) {
    for (const auto& v : value) {
      if (auto l = ParseLocation(v)) return l;
    }
    return std::nullopt;
  }
  if (value.is_object()) {
    // schema.org Place {name, address} or PostalAddress, or {city, state, country}.
    auto address = value.find("address");
    if (address != value.end() && (address->is_object() || address->is_string())) {
      if (auto l = ParseLocation(*address)) return l;
    }
    auto get = [&](std::initializer_list<const char*> keys) -> std::string {
      for (const char* k : keys) {
        auto it = value.find(k);
        if (it != value.end() && !it->is_null()) return PlainText(ValueText(*it));
      }
      return "";
    };
    std::string city = get({"addressLocality", "city", "locality"});
    std::string region = get({"addressRegion", "state", "region", "province"});
    std::string country = get({"addressCountry", "country"});
    if (city.empty() && region.empty() && country.empty()) {
      if (value.contains("name")) return ParseLocation(value["name"]);
      return std::nullopt;
    }
    Location l;
    l.city = city;
    l.understood = "address object";
    if (!country.empty())
      l.country = CountryCode(country).value_or(country.size() == 2 ? country : "");
    if (auto st = UsStateCode(region); st && (l.country.empty() || l.country == "US")) {
      l.state = *st;
      l.country = "US";
    } else if (IsProvince(Fold(region))) {
      l.country = "CA";
    }
    if (l.city.empty() && l.state.empty() && l.country.empty()) return std::nullopt;
    return l;
  }
  if (!value.is_string()) return std::nullopt;
  // Read as matching reads it ("In-Person – Austin, TX" splits at its dash); the
  // city found is then given back its typography ("Coeur d’Alene", issue 17, item 7).
  std::string published = PlainText(value.get<std::string>());
  std::string text = AsciiPunctuation(published);
  if (text.empty()) return std::nullopt;
  auto as_published = [&](std::optional<Location> l) {
    if (l && !l->city.empty()) l->city = AsPublished(published, l->city);
    return l;
  };
  // "Atlanta, GA (Downtown Marriott)": the parenthesis is a venue; if the place is
  // only inside it ("Conference (Austin, TX)"), read it with the parentheses as commas.
  auto parse = [&](const std::string& t) {
    static const RE2 kParens(R"(\([^()]*\))");
    std::string outside = t;
    RE2::GlobalReplace(&outside, kParens, "");
    if (auto l = ParseLocationText(outside)) return l;
    std::string inside = t;
    for (char& c : inside) {
      if (c == '(' || c == ')') c = ',';
    }
    return ParseLocationText(inside);
  };
  // Cards put the place in a line of facts: "Saturday, January 23, 2027 ·
  // Norfolk, VA · 6 CE hours · $120". Read each segment between middle dots,
  // bullets or bars on its own, so the date's commas and the hours do not hide
  // the state; the first segment that names a place wins.
  static const RE2 kSegments(R"(\s*(?:\x{00B7}|\x{2022}|\|)\s*)");
  std::string marked = text;
  if (RE2::GlobalReplace(&marked, kSegments, "\x1f") > 0) {
    std::size_t start = 0;
    while (start <= marked.size()) {
      std::size_t end = marked.find('\x1f', start);
      if (end == std::string::npos) end = marked.size();
      if (auto l = parse(marked.substr(start, end - start))) return as_published(std::move(l));
      start = end + 1;
    }
  }
  return as_published(parse(text));
}

namespace {

std::optional<Location> ParseLocationText(const std::string& input) {
  std::string text = input;
  std::string folded_all = Fold(text);
  // Postal codes say nothing the state does not; drop them.
  static const RE2 kZip(R"(\b\d{5}(?:-\d{4})?\b)");
  RE2::GlobalReplace(&text, kZip, "");
  static const RE2 kAmpersand(R"(\s+(?:&|\+)\s+)");
  RE2::GlobalReplace(&text, kAmpersand, ", ");
  std::vector<std::string> parts;
  for (const std::string& p : ValueList(Json(text))) parts.push_back(p);
  if (parts.empty()) return std::nullopt;
  // "Austin TX": split the last word off a part that ends in a state code.
  {
    static const RE2 kCityState(R"(^(.*\S)\s+([A-Za-z]{2})$)");
    std::vector<std::string> split;
    for (const std::string& p : parts) {
      std::string city, st;
      if (RE2::FullMatch(p, kCityState, &city, &st) && UsStateCode(st) && !CountryCode(p)) {
        split.push_back(city);
        split.push_back(st);
      } else {
        split.push_back(p);
      }
    }
    parts = std::move(split);
  }
  Location l;
  l.understood = "text";
  // The last part that is a US state or a province; trailing parts ("Online",
  // "Suite 200") are ignored. A country may follow the state.
  int state_at = -1;
  for (int i = static_cast<int>(parts.size()) - 1; i >= 0 && state_at < 0; --i) {
    std::string f = Fold(parts[i]);
    if (f == "us" && parts.size() > 1 && i == static_cast<int>(parts.size()) - 1) continue;
    auto st = UsStateCode(parts[i]);
    // "CA" after a Canadian city is California only if no province was named.
    if (st) {
      l.state = *st;
      l.country = "US";
      state_at = i;
    } else if (IsProvince(f)) {
      l.country = "CA";
      state_at = i;
    }
  }
  if (state_at >= 0 && state_at + 1 < static_cast<int>(parts.size())) {
    if (auto c = CountryCode(parts[state_at + 1])) {
      if (*c != "US" && !l.state.empty()) {
        l.state.clear();  // "Perth, WA, Australia": WA is not Washington here
      }
      l.country = *c;
    }
  }
  int city_at = state_at - 1;
  if (state_at < 0) {
    for (int i = static_cast<int>(parts.size()) - 1; i >= 0; --i) {
      if (auto c = CountryCode(parts[i]); c && !(parts.size() == 1 && Fold(parts[i]) == "us")) {
        l.country = *c;
        city_at = i - 1;
        break;
      }
    }
  }
  if (l.state.empty() && l.country.empty()) return std::nullopt;
  if (city_at >= 0) l.city = CityFrom(parts[city_at]);
  if (l.city.empty() && IsOnline(folded_all) && l.state.empty()) return std::nullopt;
  return l;
}

}  // namespace

}  // namespace cecat::normalise
