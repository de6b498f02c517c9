#include "cli/context.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/logging.h"
#include "common/redact.h"
#include "index/index.h"
#include "parsers/extract.h"

namespace cecat::cli {

std::optional<config::Config> Context::LoadConfig() const {
  // Selectors belong to the parsers module; the config module checks them through
  // these hooks so problems carry the right source id and key path.
  config::SelectorCheckers checkers{parsers::CheckSelector, parsers::CheckFieldSelector};
  config::LoadOutcome outcome = config::LoadConfigWithProblems(config_path, checkers);
  if (!outcome.problems.empty()) {
    // A problem may quote a start URL with its credentials.
    for (const auto& p : outcome.problems) *err << "cecat: " << RedactSecrets(p.ToString()) << "\n";
    return std::nullopt;
  }
  // The log file is part of the config: one that cannot be opened is a config
  // error (exit 2) rather than a night of logs silently lost.
  if (Status st = AddConfiguredLogFile(*outcome.config); !st.ok()) {
    *err << "cecat: " << st.message() << "\n";
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
