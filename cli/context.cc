#include "cli/context.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "index/index.h"
#include "parsers/extract.h"

namespace cecat::cli {
namespace {

// Selectors belong to the parsers module, so the config module leaves them to us;
// a bad one is a config error like any other (SPEC.md: exit 2, source id and key).
void CheckSelectors(const config::Config& config, std::vector<config::ConfigProblem>* problems) {
  auto check = [&](const config::SourceConfig& s, const std::string& key,
                   const std::string& selector) {
    Status st = parsers::CheckSelector(selector);
    if (!st.ok()) {
      problems->push_back({config.file.string(), s.id, key, st.message()});
    }
  };
  for (const auto& s : config.sources) {
    for (size_t i = 0; i < s.follow.size(); ++i) {
      check(s, s.follow.size() == 1 ? "follow" : "follow[" + std::to_string(i) + "]", s.follow[i]);
    }
    for (size_t i = 0; i < s.extract.size(); ++i) {
      const ExtractRule& rule = s.extract[i];
      std::string prefix = "extract[" + std::to_string(i) + "]";
      if (rule.method != "rules") continue;
      check(s, prefix + ".item", rule.item);
      for (const auto& [name, spec] : rule.fields) {
        // "SELECTOR@attr": the selector is everything before the last '@' that is
        // outside brackets; attribute selectors may contain '@' in quoted values.
        std::string selector = spec;
        size_t at = spec.rfind('@');
        if (at != std::string::npos && spec.find(']', at) == std::string::npos) {
          selector = spec.substr(0, at);
        }
        check(s, prefix + ".fields." + name, selector);
      }
    }
  }
}

}  // namespace

std::optional<config::Config> Context::LoadConfig() const {
  config::LoadOutcome outcome = config::LoadConfigWithProblems(config_path);
  if (outcome.config) CheckSelectors(*outcome.config, &outcome.problems);
  if (!outcome.problems.empty()) {
    for (const auto& p : outcome.problems) *err << "cecat: " << p.ToString() << "\n";
    return std::nullopt;
  }
  return std::move(outcome.config);
}

std::filesystem::path Context::DatabasePath(const config::Config& config) const {
  if (args.Has("--db")) return args.Get("--db");
  return config.database;
}

std::unique_ptr<index::Index> OpenIndexOrReport(const Context& ctx, const std::filesystem::path& db,
                                                bool read_only) {
  auto opened = index::Index::Open(db, read_only);
  if (!opened.ok()) {
    *ctx.err << "cecat: cannot open index " << db << ": " << opened.status().message() << "\n";
    return nullptr;
  }
  return std::move(opened).value();
}

std::filesystem::path ResourceDir() {
  if (const char* home = std::getenv("CECAT_HOME"); home && *home) return home;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "cecat";
    if (std::filesystem::exists(installed / "schema" / "feed.schema.json", ec)) return installed;
  }
  return CECAT_SOURCE_TREE;
}

}  // namespace cecat::cli
