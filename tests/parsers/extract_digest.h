// The differential check of issue 25's extraction changes: a digest of
// ExtractPage's whole output for every page the tests hold (fixtures, the
// labelled corpus, the extruct pages, the fuzz seeds) under several option sets,
// compared with the digests the extraction gave before the one-walk rewrite
// (tests/parsers/extract_digests.json). An intended change of the output
// regenerates the file: CECAT_UPDATE_FIXTURES=1 build/tests/parsers_tests
// "[digest]", then review the fixture diffs that explain it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "parsers/extract.h"

namespace cecat::digest_test {

// The pages: every .html under tests/ (node_modules aside) and the fuzz seeds
// of the targets that feed ExtractPage HTML, as paths relative to `root`, sorted.
inline std::vector<std::string> DigestPages(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(root / "tests");
       it != fs::recursive_directory_iterator(); ++it) {
    if (it->path().filename() == "node_modules") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    std::string p = fs::relative(it->path(), root).generic_string();
    bool seed = p.rfind("tests/fuzz/corpus/extract/", 0) == 0 ||
                p.rfind("tests/fuzz/corpus/microdata/", 0) == 0 ||
                p.rfind("tests/fuzz/corpus/jsonld/", 0) == 0;
    if (it->path().extension() == ".html" || seed) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Named option sets: the default source, rules and follow selectors (as the
// extract fuzz target), limits small enough to bite on every page, and a
// provider's own site following every link.
inline std::vector<std::pair<std::string, parsers::ExtractOptions>> DigestOptions() {
  parsers::ExtractOptions rules;
  ExtractRule rule;
  rule.method = "rules";
  rule.item = ".course, article";
  rule.type = "course";
  for (auto [name, spec] : {std::pair<const char*, const char*>{"title", "h1, h2, .title"},
                            {"url", "a@href"},
                            {"price", ".price"},
                            {"approvals", ".approval"},
                            {"rating", ".rating"}}) {
    RuleField field;
    field.name = name;
    field.spec = spec;
    rule.fields.push_back(std::move(field));
  }
  rules.rules = {ExtractRule{}, rule};
  rules.follow = {"a.next", "nav a", "li:nth-child(2) a", "div:has(> a) a"};
  parsers::ExtractOptions tiny;
  tiny.max_links = 3;
  tiny.max_records = 1;
  tiny.max_text_bytes = 40;
  tiny.max_microdata_items = 2;
  tiny.max_jsonld_blocks = 1;
  tiny.max_html_depth = 8;
  tiny.follow = {"div a", "li", "nav a", "a[href^=http]"};
  parsers::ExtractOptions site;
  site.site_is_provider = true;
  site.follow = {"a"};
  return {{"default", parsers::ExtractOptions{}}, {"rules", rules}, {"tiny", tiny}, {"site", site}};
}

// FNV-1a (64-bit) of the extraction as JSON plus what ToJson leaves out.
inline std::string Digest(const parsers::PageExtraction& px) {
  std::string text = parsers::ToJson(px).dump();
  for (const RawRecord& r : px.records) {
    text += "\n" + std::to_string(r.main_entity) + " " + r.origin;
  }
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

inline std::string ReadPage(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// {"PAGE OPTIONS": digest} for every page and option set.
inline Json DigestAll(const std::filesystem::path& root) {
  Json out = Json::object();
  auto options = DigestOptions();
  for (const std::string& page : DigestPages(root)) {
    std::string html = ReadPage(root / page);
    for (const auto& named : options) {
      out[page + " " + named.first] =
          Digest(parsers::ExtractPage(html, "https://example.org/a/b/page.html?x=1", named.second));
    }
  }
  return out;
}

}  // namespace cecat::digest_test
