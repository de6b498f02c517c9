// What every command handler receives, and the helpers they share.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "cli/args.h"
#include "config/config.h"

namespace cecat::index {
class Index;
}

namespace cecat::cli {

// SPEC.md "Exit codes".
enum ExitCode : int {
  kExitOk = 0,
  kExitSourceFailed = 1,
  kExitUsage = 2,
  kExitLocked = 3,
  kExitFatal = 4,
};

struct Context {
  ParsedArgs args;
  std::filesystem::path config_path;  // --config, $CECAT_CONFIG, or config/sources.json
  std::ostream* out;
  std::ostream* err;
  bool out_is_terminal = false;

  // Loads and fully validates the sources file (including selectors). On problems,
  // prints every one to err and returns nullopt (the caller exits 2).
  std::optional<config::Config> LoadConfig() const;
  // --db if given, else the config's database.
  std::filesystem::path DatabasePath(const config::Config& config) const;
};

// Opens the index; on failure prints the reason and returns nullptr (exit 4).
std::unique_ptr<index::Index> OpenIndexOrReport(const Context& ctx, const std::filesystem::path& db,
                                                bool read_only);

// Where bundled data lives (data/ for the normaliser, schema/ for the feed): the
// folder named by $CECAT_HOME, else <exe>/../share/cecat, else the source tree.
std::filesystem::path ResourceDir();

}  // namespace cecat::cli
