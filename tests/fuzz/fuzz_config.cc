// The sources-file loader: any bytes give a config or a list of problems, never an
// exception, and whatever loaded prints back as JSON (`sources show`). The loader
// reads a path, so each input is written to one scratch file first.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "config/config.h"
#include "parsers/extract.h"

using namespace cecat::config;

namespace {
const std::filesystem::path& ScratchFile() {
  static const std::filesystem::path path = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/cecat-fuzz-config-XXXXXX";
    int fd = mkstemp(templ.data());
    if (fd < 0) std::abort();
    close(fd);
    std::atexit([] { std::remove(ScratchFile().c_str()); });
    return std::filesystem::path(templ);
  }();
  return path;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path& file = ScratchFile();
  FILE* f = std::fopen(file.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);

  SelectorCheckers checkers{cecat::parsers::CheckSelector, cecat::parsers::CheckFieldSelector};
  LoadOutcome outcome = LoadConfigWithProblems(file, checkers);
  for (const ConfigProblem& p : outcome.problems) (void)p.ToString();
  if (outcome.config) {
    for (const SourceConfig& s : outcome.config->sources) {
      (void)SourceConfigToJson(s).dump();
      for (const auto& rule : s.extract) {
        for (const auto& field : rule.fields) (void)SplitFieldSpec(field.spec);
      }
    }
  }
  std::string text(reinterpret_cast<const char*>(data), size);
  (void)ParseRefreshHours(cecat::Json::parse(text, nullptr, false));
  return 0;
}
