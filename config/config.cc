// Loading the sources file: read, parse, walk the key table, collect every
// problem. The rules for each key live in keys.cc and extract.cc.
#include "config/config.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "common/version.h"
#include "config/detail/checks.h"
#include "config/detail/file_io.h"
#include "config/detail/keys.h"
#include "config/detail/rule_fields.h"

namespace cecat::config {
namespace {

namespace fs = std::filesystem;
using detail::OJson;
using detail::Where;

// A sources file is a few kilobytes; anything this large is a mistake.
constexpr size_t kMaxFileBytes = 16 * 1024 * 1024;

// nlohmann's parse_error carries the byte offset where it stopped; editors want
// line:column. `byte` counts characters read, so the culprit is at byte - 1.
void LineColumn(const std::string& text, size_t byte, int* line, int* column) {
  size_t pos = std::min(byte > 0 ? byte - 1 : 0, text.size());
  *line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++*line;
      line_start = i + 1;
    }
  }
  *column = static_cast<int>(pos - line_start) + 1;
}

// "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error
// while parsing object key - ..." -> the part after the position.
std::string ParseErrorText(const std::string& what) {
  size_t column = what.find(", column ");
  size_t colon = column == std::string::npos ? what.find("] ") : what.find(": ", column);
  if (colon == std::string::npos) return what;
  return what.substr(colon + 2);
}

// Reports a duplicate key under its source when the path is inside one with an id.
void ReportDuplicate(const std::string& path, const OJson& root, const std::string& file,
                     std::vector<ConfigProblem>* problems) {
  const std::string message = "duplicate key; remove all but one";
  size_t close = path.find("].");
  if (path.rfind("sources[", 0) == 0 && close != std::string::npos) {
    size_t index = std::strtoul(path.c_str() + 8, nullptr, 10);
    auto sources = root.find("sources");
    if (sources != root.end() && sources->is_array() && index < sources->size()) {
      const OJson& source = (*sources)[index];
      auto id = source.is_object() ? source.find("id") : source.end();
      if (source.is_object() && id != source.end() && id->is_string() && !id->empty()) {
        Where(file, problems, id->get<std::string>()).Report(path.substr(close + 2), message);
        return;
      }
    }
  }
  Where(file, problems).Report(path, message);
}

fs::path Resolve(const fs::path& folder, const fs::path& p) {
  if (p.empty() || p.is_absolute()) return p;
  return (folder / p).lexically_normal();
}

// Reads `defaults` into `base`; returns the keys it set, so a required key given
// there is not reported missing in every source.
std::set<std::string> ReadDefaults(const OJson& defaults, const Where& where, SourceConfig* base) {
  std::set<std::string> keys;
  if (!defaults.is_object()) {
    where.Report("", detail::Expected("an object of source keys", defaults));
    return keys;
  }
  for (auto it = defaults.begin(); it != defaults.end(); ++it) {
    keys.insert(it.key());
    if (it.key() == "id") {
      where.Report("id", "not allowed in defaults: every source needs its own id");
      continue;
    }
    const detail::SourceKeyRule* rule = detail::FindSourceKey(it.key());
    if (!rule) {
      where.Report(it.key(), detail::UnknownKeyMessage(it.key(), detail::SourceKeyNames()));
      continue;
    }
    rule->apply(*it, where, it.key(), base);
  }
  return keys;
}

// Reads one source over a copy of `base` (built-in defaults plus `defaults`).
void ReadSource(const OJson& entry, size_t index, const std::string& file, const SourceConfig& base,
                const std::set<std::string>& default_keys, std::map<std::string, size_t>* ids,
                const SelectorCheckers& checkers, std::vector<ConfigProblem>* problems,
                std::vector<SourceConfig>* out) {
  std::string position = "sources[" + std::to_string(index) + "]";
  if (!entry.is_object()) {
    Where(file, problems, "", position + ".").Report("", detail::Expected("an object", entry));
    return;
  }
  // Problems name the source by its id when it has one worth showing; otherwise
  // by position, so "sources[2].start_urls" still points at the right place.
  std::string id;
  if (auto it = entry.find("id"); it != entry.end() && it->is_string() && !it->empty()) {
    id = it->get<std::string>();
  }
  Where where(file, problems, id, id.empty() ? position + "." : "", &checkers);
  SourceConfig source = base;
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    const detail::SourceKeyRule* rule = detail::FindSourceKey(it.key());
    if (!rule) {
      where.Report(it.key(), detail::UnknownKeyMessage(it.key(), detail::SourceKeyNames()));
      continue;
    }
    rule->apply(*it, where, it.key(), &source);
  }
  for (const auto& rule : detail::SourceKeyRules()) {
    if (rule.spec.required && !entry.contains(rule.spec.name) &&
        !default_keys.count(rule.spec.name)) {
      where.Report(rule.spec.name, std::string("missing; expected ") + rule.spec.type);
    }
  }
  if (!source.id.empty()) {
    auto [seen, inserted] = ids->emplace(source.id, index);
    if (!inserted) {
      where.Report("id", "duplicate id; sources[" + std::to_string(seen->second) + "] has it too");
    }
  }
  if (source.name.empty()) source.name = source.id;
  out->push_back(std::move(source));
}

}  // namespace

const SourceConfig* Config::FindSource(const std::string& id) const {
  for (const auto& source : sources) {
    if (source.id == id) return &source;
  }
  return nullptr;
}

std::string ConfigProblem::ToString() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!source_id.empty()) out += "source '" + source_id + "': ";
  if (!key.empty()) out += "key '" + key + "': ";
  return out + message;
}

LoadOutcome LoadConfigWithProblems(const fs::path& file) {
  return LoadConfigWithProblems(file, SelectorCheckers{});
}

LoadOutcome LoadConfigWithProblems(const fs::path& file, const SelectorCheckers& checkers) {
  LoadOutcome outcome;
  std::vector<ConfigProblem>& problems = outcome.problems;
  const std::string name = file.string();
  Where top(name, &problems);

  Result<std::string> text = detail::ReadSmallFile(file, kMaxFileBytes);
  if (!text.ok()) {
    top.Report("", text.status().message());
    return outcome;
  }
  if (std::all_of(text->begin(), text->end(),
                  [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; })) {
    top.Report("", "invalid JSON: the file is empty");
    return outcome;
  }
  OJson root;
  // A key given twice is a mistake whose effect the admin cannot see (rule_fields.h).
  detail::RepeatedKeys duplicates;
  try {
    root = OJson::parse(*text, std::ref(duplicates));
  } catch (const OJson::parse_error& e) {
    ConfigProblem p{name, "", "", "invalid JSON: " + detail::Printable(ParseErrorText(e.what()))};
    LineColumn(*text, e.byte, &p.line, &p.column);
    problems.push_back(std::move(p));
    return outcome;
  } catch (const std::exception& e) {  // nlohmann documents only parse_error; be safe
    top.Report("", std::string("invalid JSON: ") + e.what());
    return outcome;
  }

  if (!root.is_object()) {
    top.Report("", detail::Expected("a JSON object with \"sources\"", root));
    return outcome;
  }
  for (const std::string& path : duplicates.repeated()) {
    ReportDuplicate(path, root, name, &problems);
  }
  Config config;
  config.file = file;
  config.database = "cecat.db";
  config.feed_dir = "feed";
  for (auto it = root.begin(); it != root.end(); ++it) {
    const detail::TopLevelKeyRule* rule = detail::FindTopLevelKey(it.key());
    if (!rule) {
      top.Report(it.key(), detail::UnknownKeyMessage(it.key(), detail::TopLevelKeyNames()));
    } else if (rule->apply) {
      rule->apply(*it, top, it.key(), &config);
    }
  }
  if (!root.contains("user_agent")) config.user_agent = DefaultUserAgent(config.contact_url);

  SourceConfig base;
  std::set<std::string> default_keys;
  if (auto defaults = root.find("defaults"); defaults != root.end()) {
    default_keys =
        ReadDefaults(*defaults, Where(name, &problems, "", "defaults.", &checkers), &base);
  }
  auto sources = root.find("sources");
  if (sources == root.end()) {
    top.Report("sources", "missing; expected an array of source objects");
  } else if (!sources->is_array()) {
    top.Report("sources", detail::Expected("an array of source objects", *sources));
  } else {
    std::map<std::string, size_t> ids;
    for (size_t i = 0; i < sources->size(); ++i) {
      ReadSource((*sources)[i], i, name, base, default_keys, &ids, checkers, &problems,
                 &config.sources);
    }
  }

  fs::path folder = file.parent_path();
  config.database = Resolve(folder, config.database);
  config.feed_dir = Resolve(folder, config.feed_dir);
  config.log_file = Resolve(folder, config.log_file);
  if (problems.empty()) outcome.config = std::move(config);
  return outcome;
}

std::string DefaultUserAgent(std::string_view contact_url) {
  std::string agent = "cecat/" + std::string(Version());
  if (!contact_url.empty()) agent += " (+" + std::string(contact_url) + ")";
  return agent;
}

Result<Config> LoadConfig(const fs::path& file) {
  LoadOutcome outcome = LoadConfigWithProblems(file);
  if (outcome.config) return std::move(*outcome.config);
  std::string message;
  for (const auto& p : outcome.problems) {
    if (!message.empty()) message += "\n";
    message += p.ToString();
  }
  return Status::InvalidArgument(message);
}

}  // namespace cecat::config
