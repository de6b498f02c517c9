// docs/configuration.md's reference tables, generated from the key table.
#include "config/keys.h"

namespace cecat::config {
namespace {

// Markdown table cells cannot hold '|' unescaped.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string Table(const std::vector<KeySpec>& keys) {
  std::string out = "| key | value | default | meaning |\n| --- | --- | --- | --- |\n";
  for (const KeySpec& k : keys) {
    std::string def = k.required
                          ? "required"
                          : (*k.default_json ? "`" + std::string(k.default_json) + "`" : "none");
    out += "| `" + std::string(k.name) + "` | " + Cell(k.type) + " | " + Cell(def) + " | " +
           Cell(k.doc) + " |\n";
  }
  return out;
}

}  // namespace

std::string ConfigReferenceMarkdown() {
  std::string out;
  out += "### Top-level keys\n\n" + Table(TopLevelKeys()) + "\n";
  out += "### Source keys (also allowed in `defaults`, except `id`)\n\n" + Table(SourceKeys());
  out += "\n### Record fields an extraction rule may fill\n\n";
  const auto& fields = KnownRuleFields();
  for (size_t i = 0; i < fields.size(); ++i) {
    out += (i ? ", `" : "`") + fields[i] + "`";
  }
  out += "\n";
  return out;
}

}  // namespace cecat::config
