// Command-line parsing driven by one table per command (STYLE.md "One table drives
// the command line"): the same table produces --help and validates input.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace cecat::cli {

struct OptionSpec {
  const char* name;        // "--max-price"
  const char* value_name;  // "N"; nullptr for a flag
  bool repeatable;
  const char* help;
};

struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> values;  // option -> values ("" for flags)
  std::vector<std::string> positional;

  bool Has(const std::string& option) const { return values.count(option) > 0; }
  // The last value given for the option, or `fallback`.
  std::string Get(const std::string& option, const std::string& fallback = "") const;
  std::vector<std::string> All(const std::string& option) const;
};

// Parses `args` against `options` (which must include the global options).
// "--name=value" and "--name value" are both accepted; "--" ends options.
// Fails with a message naming the unknown option or the missing value.
Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                             const std::vector<OptionSpec>& options);

// Parses a number for an option; the error names the option and the value.
Result<double> ParseNumberOption(const std::string& option, const std::string& value);
Result<int> ParseIntOption(const std::string& option, const std::string& value, int min, int max);

}  // namespace cecat::cli
