// The key table with the code that reads each key. Private to the config module;
// the public view (names, types, defaults, docs) is config/keys.h.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "config/detail/checks.h"
#include "config/keys.h"

namespace cecat::config::detail {

// Reads one key's value into `out`; reports problems under `key`.
using SourceApply = void (*)(const OJson& value, const Where& where, const std::string& key,
                             SourceConfig* out);
using TopLevelApply = void (*)(const OJson& value, const Where& where, const std::string& key,
                               Config* out);

struct SourceKeyRule {
  KeySpec spec;
  SourceApply apply;
};

struct TopLevelKeyRule {
  KeySpec spec;
  TopLevelApply apply;  // nullptr for `defaults` and `sources`, read by the loader itself
};

const std::vector<SourceKeyRule>& SourceKeyRules();
const std::vector<TopLevelKeyRule>& TopLevelKeyRules();

const SourceKeyRule* FindSourceKey(const std::string& name);
const TopLevelKeyRule* FindTopLevelKey(const std::string& name);

// The names in a table, for "did you mean" suggestions.
std::vector<std::string_view> SourceKeyNames();
std::vector<std::string_view> TopLevelKeyNames();

// config.h's ParseRefreshHours for the file's ordered JSON.
std::optional<double> ParseRefreshHours(const OJson& value);
// config.h's ParseDurationSeconds for the file's ordered JSON.
std::optional<double> ParseDurationSeconds(const OJson& value);

// extract.cc: reads `extract` (an entry or a list of entries).
void ApplyExtract(const OJson& value, const Where& where, const std::string& key,
                  SourceConfig* out);

}  // namespace cecat::config::detail
