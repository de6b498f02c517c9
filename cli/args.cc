#include "cli/args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace cecat::cli {

std::string ParsedArgs::Get(const std::string& option, const std::string& fallback) const {
  auto it = values.find(option);
  if (it == values.end() || it->second.empty()) return fallback;
  return it->second.back();
}

std::vector<std::string> ParsedArgs::All(const std::string& option) const {
  auto it = values.find(option);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                             const std::vector<OptionSpec>& options) {
  ParsedArgs parsed;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg.size() < 2 || arg.rfind("--", 0) != 0) {
      if (!options_done && arg.size() > 1 && arg[0] == '-' && arg != "-") {
        return Status::InvalidArgument("unknown option '" + arg + "'");
      }
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg, value;
    bool has_inline_value = false;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_inline_value = true;
    }
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& o : options) {
      if (name == o.name) spec = &o;
    }
    if (spec == nullptr) return Status::InvalidArgument("unknown option '" + name + "'");
    if (spec->value_name == nullptr) {
      if (has_inline_value) {
        return Status::InvalidArgument("option '" + name + "' takes no value");
      }
    } else if (!has_inline_value) {
      if (i + 1 >= args.size()) {
        return Status::InvalidArgument("option '" + name + "' needs a value (" + spec->value_name +
                                       ")");
      }
      value = args[++i];
    }
    auto& slot = parsed.values[name];
    if (!slot.empty() && !spec->repeatable) {
      return Status::InvalidArgument("option '" + name + "' given more than once");
    }
    slot.push_back(value);
  }
  return parsed;
}

Result<double> ParseNumberOption(const std::string& option, const std::string& value) {
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || errno != 0 || !std::isfinite(v)) {
    return Status::InvalidArgument("option '" + option + "' expects a number, got '" + value + "'");
  }
  return v;
}

Result<int> ParseIntOption(const std::string& option, const std::string& value, int min, int max) {
  errno = 0;
  char* end = nullptr;
  long v = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || end != value.c_str() + value.size() || errno != 0 || v < min || v > max) {
    return Status::InvalidArgument("option '" + option + "' expects an integer from " +
                                   std::to_string(min) + " to " + std::to_string(max) + ", got '" +
                                   value + "'");
  }
  return static_cast<int>(v);
}

}  // namespace cecat::cli
