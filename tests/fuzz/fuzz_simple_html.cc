// Differential: the simple HTML parser (parsers/detail/simple_html.h) either
// declines a page or builds exactly Gumbo's tree for it (GumboTreeDiff, on the
// bytes HtmlDocument gives both: LimitNesting's output), and ExtractPage's whole
// output is the same with it on and off. A difference is printed to stderr
// before the abort, so the crash log says which node differs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/extract.h"
#include "tests/parsers/simple_html_check.h"

using namespace cecat::parsers;

namespace {

// Prints `what` and the difference, then aborts (libFuzzer saves the input).
[[noreturn]] void FailWithDiff(const char* what, const std::string& diff) {
  std::fprintf(stderr, "fuzz_simple_html: %s:\n%s\n", what, diff.c_str());
  std::abort();
}

const std::vector<std::pair<const char*, ExtractOptions>>& OptionSets() {
  static const std::vector<std::pair<const char*, ExtractOptions>> kSets = [] {
    ExtractOptions follow;
    follow.follow = {"nav a", "a.next"};
    return std::vector<std::pair<const char*, ExtractOptions>>{{"default", ExtractOptions{}},
                                                               {"follow", follow}};
  }();
  return kSets;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Gumbo runs three times per input; beyond 64 KiB an input costs more than it finds.
  if (size > 64 * 1024) return 0;
  std::string_view html(reinterpret_cast<const char*>(data), size);
  auto outcome = cecat::parsers::testing::CompareSimpleHtmlWithGumbo(html);
  if (!outcome.diff.empty()) {
    FailWithDiff("the simple parser's tree differs from Gumbo's", outcome.diff);
  }
  // ExtractPage gives the parser the same bytes (the input is below its size cap,
  // and its depth cap is the same 256): a page declined here is declined there,
  // and both runs would parse it with Gumbo.
  if (!outcome.accepted) return 0;
  for (const auto& named : OptionSets()) {
    std::string diff = cecat::parsers::testing::SimpleHtmlExtractionDiff(
        html, "https://fuzz.example/a/", named.second);
    if (!diff.empty()) {
      FailWithDiff((std::string("ExtractPage differs with options ") + named.first).c_str(), diff);
    }
  }
  return 0;
}
