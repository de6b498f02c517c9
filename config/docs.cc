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
  // The fields depend on the rule's type; their one table is common/rule_fields.h,
  // and docs/extraction.md carries it, so this page points there.
  out += "\n### Record fields an extraction rule may fill\n\n";
  out +=
      "They depend on the rule's `type`; see docs/extraction.md, \"Fields per record "
      "type\", for the fields of each type, what each accepts and their aliases.\n";
  return out;
}

}  // namespace cecat::config
