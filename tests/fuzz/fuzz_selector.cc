// CSS selector parser and matcher: any selector text parses or fails with a
// message; a parsed selector matched over any HTML terminates (memoised matching).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "parsers/extract.h"
#include "parsers/html.h"
#include "parsers/selector.h"

using namespace cecat::parsers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  std::string text = fdp.ConsumeRandomLengthString(kMaxSelectorLength + 16);
  std::string html = fdp.ConsumeRemainingBytesAsString();

  (void)ParseFieldSpec(text);
  (void)CheckFieldSelector(text);
  auto selector = Selector::Parse(text);
  if (!selector.ok()) return 0;
  HtmlDocument doc(html.empty() ? "<div class=a id=b><p>x</p><p></p><span>y</span></div>" : html);
  auto all = selector.value().SelectAll(doc.document(), 10000);
  const GumboNode* first = selector.value().SelectFirst(doc.document());
  // SelectFirst is the first of SelectAll.
  if ((first == nullptr) != all.empty() || (first != nullptr && first != all.front())) {
    __builtin_trap();
  }
  for (const GumboNode* node : all) {
    if (!selector.value().Matches(node)) __builtin_trap();
  }
  return 0;
}
