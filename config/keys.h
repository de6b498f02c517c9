// The sources file's keys, documented in one place (the way LevelDB's options.h
// documents every option with its default). Validation walks the same table, and
// docs/configuration.md is generated from it, so code and docs cannot drift.
#pragma once

#include <string>
#include <vector>

namespace cecat::config {

struct KeySpec {
  const char* name;
  // What a value must be, in the words error messages use ("an integer >= 1").
  const char* type;
  // The default as a JSON literal ("500", "true", "\"daily\""); "" when the key is
  // required or its default is described in `doc`.
  const char* default_json;
  bool required;
  // One line for the docs and `cecat sources show`.
  const char* doc;
};

// Keys of the file's top-level object: user_agent, contact_url, database,
// parallel_sources, feed_dir, log_file, defaults, sources.
const std::vector<KeySpec>& TopLevelKeys();

// Keys of one source (and of `defaults`), in documentation order.
const std::vector<KeySpec>& SourceKeys();

// The record field names an extraction rule may fill (SPEC.md "Records").
const std::vector<std::string>& KnownRuleFields();

// The reference section of docs/configuration.md: one Markdown table per scope.
std::string ConfigReferenceMarkdown();

}  // namespace cecat::config
