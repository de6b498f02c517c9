#include "normalise/vocabulary.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "normalise/text.h"

namespace cecat::normalise {
namespace {

bool IsSlug(const std::string& s) {
  if (s.empty() || s.front() == '-' || s.back() == '-' || s.front() == '_') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

Status Bad(const std::string& file, const std::string& where, const std::string& what) {
  return Status::InvalidArgument(file + ": " + where + ": " + what);
}

// Reads an array of strings into folded phrases; every entry must fold to something.
Status ReadPhrases(const Json& arr, const std::string& file, const std::string& where,
                   std::vector<std::string>& out) {
  if (!arr.is_array()) return Bad(file, where, "must be an array of strings");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_string())
      return Bad(file, where + "[" + std::to_string(i) + "]", "must be a string");
    std::string folded = Fold(arr[i].get<std::string>());
    if (folded.empty())
      return Bad(file, where + "[" + std::to_string(i) + "]", "has no letters or digits");
    if (std::find(out.begin(), out.end(), folded) == out.end()) out.push_back(folded);
  }
  return Status::Ok();
}

// {"slug": ["phrase", ...], ...} with the slugs restricted to `allowed` (if given).
Status ReadSlugMap(const Json& doc, const char* key, const std::string& file,
                   const std::vector<std::string>* allowed, bool required,
                   std::vector<PhraseSet>& out) {
  auto it = doc.find(key);
  if (it == doc.end()) {
    return required ? Bad(file, key, "is missing") : Status::Ok();
  }
  if (!it->is_object()) return Bad(file, key, "must be an object of slug -> [phrases]");
  for (const auto& [slug, phrases] : it->items()) {
    std::string where = std::string(key) + "." + slug;
    if (allowed && std::find(allowed->begin(), allowed->end(), slug) == allowed->end()) {
      std::string list;
      for (const auto& a : *allowed) list += (list.empty() ? "" : ", ") + a;
      return Bad(file, where, "unknown slug (allowed: " + list + ")");
    }
    PhraseSet set;
    set.slug = slug;
    CECAT_RETURN_IF_ERROR(ReadPhrases(phrases, file, where, set.phrases));
    out.push_back(std::move(set));
  }
  return Status::Ok();
}

Status ReadTaxonomy(const Json& doc, Vocabulary& v) {
  const std::string file = "taxonomy.json";
  if (!doc.is_object()) return Bad(file, "top level", "must be an object with \"topics\"");
  auto topics = doc.find("topics");
  if (topics == doc.end() || !topics->is_array())
    return Bad(file, "topics", "must be an array of {slug, label, synonyms}");
  for (std::size_t i = 0; i < topics->size(); ++i) {
    const Json& t = (*topics)[i];
    std::string where = "topics[" + std::to_string(i) + "]";
    if (!t.is_object()) return Bad(file, where, "must be an object");
    auto slug = t.find("slug");
    if (slug == t.end() || !slug->is_string() || !IsSlug(slug->get<std::string>()))
      return Bad(file, where + ".slug", "must be a lower-case slug like \"law-and-ethics\"");
    PhraseSet set;
    set.slug = slug->get<std::string>();
    where = "topics[" + std::to_string(i) + "] (" + set.slug + ")";
    for (const auto& other : v.topics) {
      if (other.slug == set.slug) return Bad(file, where, "duplicate slug");
    }
    if (auto label = t.find("label"); label != t.end()) {
      if (!label->is_string()) return Bad(file, where + ".label", "must be a string");
      set.label = label->get<std::string>();
    }
    // The slug and label are synonyms of themselves.
    set.phrases.push_back(Fold(set.slug));
    if (!set.label.empty() && Fold(set.label) != set.phrases[0])
      set.phrases.push_back(Fold(set.label));
    if (auto syn = t.find("synonyms"); syn != t.end()) {
      CECAT_RETURN_IF_ERROR(ReadPhrases(*syn, file, where + ".synonyms", set.phrases));
    }
    for (const auto& [key, value] : t.items()) {
      if (key != "slug" && key != "label" && key != "synonyms")
        return Bad(file, where + "." + key, "unknown key (allowed: slug, label, synonyms)");
    }
    v.topics.push_back(std::move(set));
  }
  return Status::Ok();
}

Status ReadBodies(const Json& doc, Vocabulary& v) {
  const std::string file = "synonyms.json";
  auto bodies = doc.find("bodies");
  if (bodies == doc.end()) return Bad(file, "bodies", "is missing");
  if (!bodies->is_array()) return Bad(file, "bodies", "must be an array of {body, names, numbers}");
  for (std::size_t i = 0; i < bodies->size(); ++i) {
    const Json& b = (*bodies)[i];
    std::string where = "bodies[" + std::to_string(i) + "]";
    if (!b.is_object()) return Bad(file, where, "must be an object");
    auto body = b.find("body");
    if (body == b.end() || !body->is_string() || body->get<std::string>().empty())
      return Bad(file, where + ".body", "must be the body's name in the vocabulary, e.g. \"NBCC\"");
    BodyRule rule;
    rule.body = body->get<std::string>();
    where += " (" + rule.body + ")";
    auto names = b.find("names");
    if (names == b.end()) return Bad(file, where + ".names", "is missing");
    CECAT_RETURN_IF_ERROR(ReadPhrases(*names, file, where + ".names", rule.names));
    // The vocabulary value names itself ("NY-SW", "FL-CEBROKER" as a parser wrote it).
    std::string self = Fold(rule.body);
    if (!self.empty() && std::find(rule.names.begin(), rule.names.end(), self) == rule.names.end())
      rule.names.push_back(self);
    if (auto nums = b.find("numbers"); nums != b.end()) {
      if (!nums->is_array()) return Bad(file, where + ".numbers", "must be an array of regexes");
      for (std::size_t j = 0; j < nums->size(); ++j) {
        std::string w = where + ".numbers[" + std::to_string(j) + "]";
        if (!(*nums)[j].is_string()) return Bad(file, w, "must be a string");
        RE2::Options opts;
        opts.set_log_errors(false);
        auto re = std::make_shared<const RE2>((*nums)[j].get<std::string>(), opts);
        if (!re->ok()) return Bad(file, w, "invalid regex: " + re->error());
        if (re->NumberOfCapturingGroups() < 1)
          return Bad(file, w, "needs a capturing group around the number");
        rule.number_patterns.push_back(std::move(re));
      }
    }
    if (auto level = b.find("level"); level != b.end()) {
      if (!level->is_string() || (*level != "provider" && *level != "course"))
        return Bad(file, where + ".level", "must be \"provider\" or \"course\"");
      rule.provider_level = *level == "provider";
    }
    for (const auto& [key, value] : b.items()) {
      if (key != "body" && key != "names" && key != "numbers" && key != "note" && key != "level")
        return Bad(file, where + "." + key,
                   "unknown key (allowed: body, level, names, numbers, note)");
    }
    v.bodies.push_back(std::move(rule));
  }
  return Status::Ok();
}

// {"NBCC": ["counselor"], ...}: each key a body of `bodies` (so a typo cannot
// silently infer nothing), each value a list of audience slugs.
Status ReadBodyAudiences(const Json& doc, Vocabulary& v) {
  const std::string file = "synonyms.json";
  auto it = doc.find("body_audiences");
  if (it == doc.end()) return Status::Ok();
  if (!it->is_object()) return Bad(file, "body_audiences", "must be an object of body -> [slugs]");
  for (const auto& [body, slugs] : it->items()) {
    std::string where = "body_audiences." + body;
    // A copy: clang (the fuzz build) does not let a lambda capture a structured binding.
    const std::string name = body;
    bool known = std::any_of(v.bodies.begin(), v.bodies.end(),
                             [&](const BodyRule& r) { return r.body == name; });
    if (!known) return Bad(file, where, "not a body of \"bodies\"");
    if (!slugs.is_array()) return Bad(file, where, "must be an array of audience slugs");
    std::vector<std::string> out;
    for (const Json& s : slugs) {
      const auto& allowed = AudienceSlugs();
      if (!s.is_string() ||
          std::find(allowed.begin(), allowed.end(), s.get<std::string>()) == allowed.end())
        return Bad(file, where,
                   "unknown audience (allowed: psychologist, counselor, social_worker, mft, "
                   "addiction)");
      out.push_back(s.get<std::string>());
    }
    v.body_audiences.emplace_back(body, std::move(out));
  }
  return Status::Ok();
}

Status ReadSynonyms(const Json& doc, Vocabulary& v) {
  const std::string file = "synonyms.json";
  if (!doc.is_object()) return Bad(file, "top level", "must be an object");
  CECAT_RETURN_IF_ERROR(ReadSlugMap(doc, "audiences", file, &AudienceSlugs(), true, v.audiences));
  auto formats = doc.find("formats");
  if (formats == doc.end() || !formats->is_object())
    return Bad(file, "formats", "must be an object with \"strong\" and \"weak\"");
  CECAT_RETURN_IF_ERROR(
      ReadSlugMap(*formats, "strong", file + " formats", &FormatSlugs(), true, v.formats_strong));
  CECAT_RETURN_IF_ERROR(
      ReadSlugMap(*formats, "weak", file + " formats", &FormatSlugs(), false, v.formats_weak));
  CECAT_RETURN_IF_ERROR(ReadBodies(doc, v));
  CECAT_RETURN_IF_ERROR(ReadSlugMap(doc, "state_boards", file, nullptr, false, v.state_boards));
  for (const auto& sb : v.state_boards) {
    if (sb.slug.size() != 2 || !std::isupper(static_cast<unsigned char>(sb.slug[0])) ||
        !std::isupper(static_cast<unsigned char>(sb.slug[1])))
      return Bad(file, "state_boards." + sb.slug, "key must be a US state code like \"CA\"");
  }
  CECAT_RETURN_IF_ERROR(ReadSlugMap(doc, "degree_levels", file, nullptr, false, v.degree_levels));
  static const std::vector<std::string> kGroups = {"all", "none"};
  CECAT_RETURN_IF_ERROR(
      ReadSlugMap(doc, "audience_groups", file, &kGroups, false, v.audience_groups));
  CECAT_RETURN_IF_ERROR(ReadBodyAudiences(doc, v));
  for (const auto& [key, value] : doc.items()) {
    if (key != "version" && key != "audiences" && key != "formats" && key != "bodies" &&
        key != "state_boards" && key != "degree_levels" && key != "audience_groups" &&
        key != "body_audiences" && key != "comment")
      return Bad(file, key,
                 "unknown key (allowed: version, audiences, formats, bodies, state_boards, "
                 "degree_levels, audience_groups, body_audiences, comment)");
  }
  return Status::Ok();
}

Result<Json> ReadJsonFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::NotFound(file.string() + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  Json doc = Json::parse(ss.str(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (doc.is_discarded()) {
    // Parse again with exceptions to get the position of the error for the admin.
    try {
      Json again = Json::parse(ss.str(), nullptr, true, true);
      (void)again;
    } catch (const Json::exception& e) {
      return Status::ParseError(file.string() + ": not valid JSON: " + e.what());
    }
    return Status::ParseError(file.string() + ": not valid JSON");
  }
  return doc;
}

}  // namespace

const std::vector<std::string>& AudienceSlugs() {
  static const auto* kSlugs = new std::vector<std::string>{"psychologist", "counselor",
                                                           "social_worker", "mft", "addiction"};
  return *kSlugs;
}

const std::vector<std::string>& FormatSlugs() {
  static const auto* kSlugs =
      new std::vector<std::string>{"on_demand", "live_online", "in_person", "hybrid"};
  return *kSlugs;
}

Result<Vocabulary> Vocabulary::FromJson(const Json& taxonomy, const Json& synonyms) {
  Vocabulary v;
  try {
    CECAT_RETURN_IF_ERROR(ReadTaxonomy(taxonomy, v));
    CECAT_RETURN_IF_ERROR(ReadSynonyms(synonyms, v));
  } catch (const Json::exception& e) {
    return Status::InvalidArgument(std::string("vocabulary: ") + e.what());
  }
  static std::atomic<uint64_t> next_id{1};
  v.id = next_id.fetch_add(1);
  return v;
}

std::vector<std::string> Vocabulary::ProviderLevelBodies() const {
  std::vector<std::string> out;
  for (const BodyRule& b : bodies) {
    if (b.provider_level) out.push_back(b.body);
  }
  return out;
}

Result<Vocabulary> Vocabulary::Load(const std::filesystem::path& data_dir) {
  CECAT_ASSIGN_OR_RETURN(auto taxonomy, ReadJsonFile(data_dir / "taxonomy.json"));
  CECAT_ASSIGN_OR_RETURN(auto synonyms, ReadJsonFile(data_dir / "synonyms.json"));
  auto v = FromJson(taxonomy, synonyms);
  if (!v.ok()) return v.status().WithContext(data_dir.string());
  return v;
}

std::vector<std::string> MatchSlugs(const std::vector<PhraseSet>& sets, std::string_view folded) {
  // Longest phrases first, and a match blanks its words, so "addiction counselor"
  // yields addiction and not also counselor.
  std::vector<std::pair<const std::string*, std::size_t>> phrases;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    for (const auto& p : sets[i].phrases) phrases.emplace_back(&p, i);
  }
  std::stable_sort(phrases.begin(), phrases.end(),
                   [](const auto& a, const auto& b) { return a.first->size() > b.first->size(); });
  std::string text(folded);
  // Only phrases whose first word occurs in the text can match: this skips most of
  // a few hundred taxonomy phrases without scanning the text for each.
  std::unordered_set<std::string_view> words;
  for (std::size_t i = 0; i < folded.size();) {
    std::size_t j = folded.find(' ', i);
    if (j == std::string_view::npos) j = folded.size();
    if (j > i) words.insert(folded.substr(i, j - i));
    i = j + 1;
  }
  auto may_match = [&](const std::string& phrase) {
    std::size_t sp = phrase.find(' ');
    std::string_view first = std::string_view(phrase).substr(0, sp);
    if (words.count(first)) return true;
    return sp == std::string::npos && words.count(std::string(first) + "s");
  };
  std::vector<bool> matched(sets.size(), false);
  for (const auto& [phrase, index] : phrases) {
    if (!may_match(*phrase)) continue;
    std::size_t pos = 0;
    while ((pos = FindPhrase(text, *phrase, pos)) != std::string::npos) {
      matched[index] = true;
      for (std::size_t k = pos; k < pos + phrase->size(); ++k) text[k] = ' ';
      pos += phrase->size();
    }
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (matched[i] && std::find(out.begin(), out.end(), sets[i].slug) == out.end())
      out.push_back(sets[i].slug);
  }
  return out;
}

}  // namespace cecat::normalise
