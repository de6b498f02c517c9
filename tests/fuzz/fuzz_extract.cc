// Whole-page extraction: any HTML with rules, follow selectors and approval text
// gives records, links and diagnostics that serialise; nothing throws.
#include <cstddef>
#include <cstdint>
#include <string>

#include "parsers/approvals.h"
#include "parsers/extract.h"
#include "parsers/rating.h"

using namespace cecat::parsers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string html(reinterpret_cast<const char*>(data), size);
  static const ExtractOptions kOptions = [] {
    ExtractOptions o;
    cecat::ExtractRule rules;
    rules.method = "rules";
    rules.item = ".course, article";
    rules.type = "course";
    rules.fields = {{"title", "h1, h2, .title"}, {"url", "a@href"},          {"price", ".price"},
                    {"ce_hours", ".credits"},    {"approvals", ".approval"}, {"rating", ".rating"}};
    o.rules = {cecat::ExtractRule{}, rules};
    o.follow = {"a.next", "nav a"};
    o.max_records = 200;
    return o;
  }();
  PageExtraction px = ExtractPage(html, "https://fuzz.example/list?page=1", kOptions);
  (void)ToJson(px).dump();
  for (const Approval& a : FindApprovals(html, 8)) (void)ApprovalToJson(a, true).dump();
  if (auto rating = RatingFromText(html.substr(0, 256))) (void)rating->dump();
  return 0;
}
