#include "cli/suggest_output.h"

#include <ostream>

#include "cli/terminal.h"
#include "common/record.h"
#include "parsers/suggest.h"

namespace cecat::cli {
namespace {

Json RuleJson(const ExtractRule& rule) {
  Json fields = Json::object();
  for (const RuleField& f : rule.fields) fields[f.name] = f.spec;
  return {{"method", rule.method}, {"item", rule.item}, {"type", rule.type}, {"fields", fields}};
}

std::string FeatureSummary(const parsers::ItemSuggestion& s) {
  std::string out;
  for (const char* name : {"link", "title", "hours", "price", "date", "format"}) {
    auto it = s.features.find(name);
    std::size_t n = it == s.features.end() ? 0 : it->second;
    if (n > 0) out += (out.empty() ? "" : ", ") + std::string(name) + " " + std::to_string(n);
  }
  return out;
}

}  // namespace

int PrintSuggestions(Context& ctx, const std::string& html) {
  std::vector<parsers::ItemSuggestion> suggestions = parsers::SuggestItems(html);
  std::ostream& out = *ctx.out;
  if (ctx.args.Has("--json")) {
    Json items = Json::array();
    for (const auto& s : suggestions) {
      items.push_back({{"selector", s.selector},
                       {"count", s.count},
                       {"record_like", s.record_like},
                       {"features", s.features}});
    }
    Json fields = Json::array();
    Json rule = nullptr;
    if (!suggestions.empty()) {
      for (const auto& f : suggestions.front().fields) {
        fields.push_back({{"field", f.field},
                          {"spec", f.spec},
                          {"hits", f.hits},
                          {"scored", f.scored},
                          {"samples", f.samples}});
      }
      rule = RuleJson(parsers::SuggestedRule(suggestions.front()));
    }
    out << Json{{"items", items}, {"fields", fields}, {"rule", rule}}.dump(2) << "\n";
    return kExitOk;
  }
  if (suggestions.empty()) {
    out << "no repeated blocks that look like records (at least 3 siblings with the same tag "
           "and classes, each with two of: a link, a title, hours, a price, a date, a format)\n";
    return kExitOk;
  }
  out << "item selectors, best first:\n";
  for (std::size_t i = 0; i < suggestions.size(); ++i) {
    const auto& s = suggestions[i];
    out << "  " << i + 1 << ". " << Printable(s.selector) << "\n     " << s.count
        << (s.count == 1 ? " match, " : " matches, ") << s.record_like << " look like records ("
        << FeatureSummary(s) << ")\n";
  }
  const auto& best = suggestions.front();
  out << "\nfields for " << Printable(best.selector) << " (values of the field's kind in the "
      << "first items; samples):\n";
  if (best.fields.empty()) out << "  none found\n";
  for (const auto& f : best.fields) {
    std::string samples;
    for (const std::string& v : f.samples) {
      samples += (samples.empty() ? "" : " | ") + Truncate(v, 32);
    }
    out << "  " << Column(f.field, 11) << " " << Column(f.spec, 34) << " " << f.hits << "/"
        << f.scored << "  " << samples << "\n";
  }
  // ensure_ascii: labels come from the page, and a bidi override or C1 control
  // in them is written as a \u escape, still valid JSON to paste.
  out << "\nas a rule (paste into the source's \"extract\" list, then try it with "
         "`cecat extract --table`):\n"
      << RuleJson(parsers::SuggestedRule(best)).dump(2, ' ', /*ensure_ascii=*/true) << "\n";
  return kExitOk;
}

}  // namespace cecat::cli
