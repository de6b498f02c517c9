// The differential checks of the simple parser (parsers/detail/simple_html.h),
// shared by tests/parsers/simple_html_test.cc, the bench pages' test
// (tests/bench/simple_html_bench_test.cc) and the fuzz target
// (tests/fuzz/fuzz_simple_html.cc): its tree against Gumbo's on the same bytes,
// and ExtractPage's whole output with it on and off.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/extract_rule.h"
#include "parsers/detail/simple_html.h"
#include "parsers/extract.h"
#include "parsers/html.h"
#include "tests/parsers/gumbo_tree_diff.h"

namespace cecat::parsers::testing {

struct SimpleHtmlOutcome {
  bool flattened = false;  // LimitNesting dropped start tags (both parsers saw the result)
  bool accepted = false;   // ParseSimpleHtml built a tree
  std::string diff;        // GumboTreeDiff(Gumbo's tree, the simple one); "" when equal
};

// Parses `html` as HtmlDocument does (LimitNesting first, then the simple parser)
// and, when the simple parser accepts, compares its tree with Gumbo's tree of the
// same buffer. A flattened page is compared too: HtmlDocument hands the flattened
// bytes to the simple parser just the same.
inline SimpleHtmlOutcome CompareSimpleHtmlWithGumbo(std::string_view html,
                                                    std::size_t max_depth = 256) {
  SimpleHtmlOutcome out;
  const std::string buffer = LimitNesting(html, max_depth, &out.flattened);
  GumboArena simple_arena;
  const GumboOutput* simple = detail::ParseSimpleHtml(buffer, simple_arena);
  if (simple == nullptr) return out;
  out.accepted = true;
  GumboArena gumbo_arena;
  out.diff = GumboTreeDiff(GumboParseLikeHtmlDocument(buffer, gumbo_arena), simple, buffer);
  return out;
}

// ExtractPage's output as compared: ToJson plus what ToJson leaves out of a
// record (as tests/parsers/extract_digest.h's Digest does).
inline std::string SimpleHtmlExtractionText(const PageExtraction& px) {
  std::string text = ToJson(px).dump();
  for (const RawRecord& r : px.records) {
    text += "\n" + std::to_string(r.main_entity) + " " + r.origin;
  }
  return text;
}

// "" when ExtractPage gives the same output with the simple parser on and off;
// else the start of the first difference in both outputs.
inline std::string SimpleHtmlExtractionDiff(std::string_view html, std::string_view page_url,
                                            ExtractOptions options) {
  options.simple_parser = false;
  const std::string gumbo = SimpleHtmlExtractionText(ExtractPage(html, page_url, options));
  options.simple_parser = true;
  const std::string simple = SimpleHtmlExtractionText(ExtractPage(html, page_url, options));
  if (gumbo == simple) return {};
  std::size_t at = 0;
  while (at < gumbo.size() && at < simple.size() && gumbo[at] == simple[at]) ++at;
  std::size_t from = at > 60 ? at - 60 : 0;
  return "outputs differ at byte " + std::to_string(at) +
         ":\n  gumbo:  " + GumboDiffQuote(std::string_view(gumbo).substr(from), 200) +
         "\n  simple: " + GumboDiffQuote(std::string_view(simple).substr(from), 200);
}

// The option sets the whole-output comparison runs: the defaults (the page's
// structured data), and a provider's site that follows links and applies rules
// (as tests/fuzz/fuzz_extract.cc), so selectors and text extraction read the tree.
inline std::vector<std::pair<std::string, ExtractOptions>> SimpleHtmlOptionSets() {
  ExtractOptions site;
  site.follow = {"a.course-link", "nav.pagination a", "nav a", "a"};
  site.followed_links_only = true;
  site.site_is_provider = true;
  ExtractRule rules;
  rules.method = "rules";
  rules.item = ".course, article";
  rules.type = "course";
  for (const auto& spec :
       std::vector<std::pair<std::string, std::string>>{{"title", "h1, h2, .title"},
                                                        {"url", "a@href"},
                                                        {"price", ".price"},
                                                        {"ce_hours", ".credits"},
                                                        {"approvals", ".approval"},
                                                        {"rating", ".rating"}}) {
    RuleField field;
    field.name = spec.first;
    field.spec = spec.second;
    rules.fields.push_back(std::move(field));
  }
  site.rules = {ExtractRule{}, rules};
  return {{"default", ExtractOptions{}}, {"site with follow and rules", site}};
}

}  // namespace cecat::parsers::testing
