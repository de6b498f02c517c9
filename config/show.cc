// A source's effective settings as JSON, for `cecat sources show` and for tests
// that compare two SourceConfigs.
#include "config/config.h"

namespace cecat::config {

using OJson = nlohmann::ordered_json;

OJson SourceConfigToJson(const SourceConfig& s) {
  OJson extract = OJson::array();
  for (const ExtractRule& rule : s.extract) {
    OJson entry = OJson::object();
    entry["method"] = rule.method;
    if (!rule.url.empty()) entry["url"] = rule.url;
    if (rule.method == "rules") {
      entry["item"] = rule.item;
      entry["type"] = rule.type;
      OJson fields = OJson::object();
      // As written: a string field's spec, an object field's object.
      for (const RuleField& f : rule.fields) {
        bool object = !f.written.empty() && f.written.front() == '{';
        fields[f.name] = object ? OJson::parse(f.written) : OJson(f.written);
      }
      entry["fields"] = fields;
    }
    extract.push_back(std::move(entry));
  }
  return OJson{
      {"id", s.id},
      {"name", s.name},
      {"kinds", s.kinds},
      {"start_urls", s.start_urls},
      {"allow", s.allow},
      {"deny", s.deny},
      {"follow", s.follow},
      {"sitemaps", s.sitemaps},
      {"max_depth", s.max_depth},
      {"max_pages", s.max_pages},
      {"max_bytes", s.max_bytes},
      {"delay_ms", s.delay_ms},
      {"concurrency_per_host", s.concurrency_per_host},
      {"timeout_s", s.timeout_s},
      {"retries", s.retries},
      {"max_duration", s.max_duration_s},
      {"refresh", s.refresh_hours},
      {"respect_robots", s.respect_robots},
      {"allow_addresses", s.allow_addresses},
      {"extract", extract},
      {"enabled", s.enabled},
      {"health",
       {{"history_runs", s.health.history_runs},
        {"min_runs", s.health.min_runs},
        {"count_drop", s.health.count_drop},
        {"coverage_drop", s.health.coverage_drop},
        {"rejects_rise", s.health.rejects_rise},
        {"failures_rise", s.health.failures_rise}}},
  };
}

}  // namespace cecat::config
