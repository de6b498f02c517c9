// ExtractPage's output on every test page against the digests the extraction
// gave before issue 25's one-walk rewrite (tests/parsers/extract_digest.h).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "parsers/html.h"
#include "tests/parsers/extract_digest.h"

namespace {

const std::filesystem::path kDigestFile =
    std::filesystem::path(CECAT_SOURCE_DIR) / "tests" / "parsers" / "extract_digests.json";

}  // namespace

TEST_CASE("Every test page extracts as it did before the one-walk rewrite", "[digest]") {
  cecat::Json now = cecat::digest_test::DigestAll(CECAT_SOURCE_DIR);
  if (std::getenv("CECAT_UPDATE_FIXTURES") != nullptr) {
    std::ofstream(kDigestFile) << now.dump(1) << "\n";
    WARN("rewrote " << kDigestFile.string());
    return;
  }
  cecat::Json before = cecat::Json::parse(cecat::digest_test::ReadPage(kDigestFile));
  for (auto it = now.begin(); it != now.end(); ++it) {
    // A page added since the digests were made has nothing to compare with.
    if (!before.contains(it.key())) continue;
    INFO(it.key() << ": CECAT_UPDATE_FIXTURES=1 rewrites the digests after an intended change");
    CHECK(it.value() == before[it.key()]);
  }
  // The pages are still there: a digest for most of them was compared.
  CHECK(now.size() >= 400);
}

// The two ways ExtractPage decides that a link is followed (from the link's
// ancestors below max_links elements, by a walk per follow selector from there
// on) agree: max_links one above the page's element count and equal to it takes
// each way, and neither's limits can bite at either value (tests/fuzz/fuzz_follow.cc
// does the same on fuzzed pages).
TEST_CASE("Following by a link's ancestors agrees with a walk per selector on every test page",
          "[digest]") {
  cecat::parsers::ExtractOptions options;
  options.follow = {"a.next", "nav a", "li:nth-child(2) a", "div:has(> a) a",  "p, a[href^=x]",
                    "ul a",   "main",  "a.course-link",     "nav.pagination a"};
  for (const std::string& page : cecat::digest_test::DigestPages(CECAT_SOURCE_DIR)) {
    std::string html = cecat::digest_test::ReadPage(std::filesystem::path(CECAT_SOURCE_DIR) / page);
    std::size_t elements = 0;
    {
      cecat::parsers::HtmlDocument doc(html);
      cecat::parsers::WalkElements(doc.document(), [&](const GumboNode*) {
        ++elements;
        return true;
      });
    }
    INFO(page << " (" << elements << " elements)");
    options.max_links = elements + 1;
    std::string by_ancestry =
        cecat::parsers::ToJson(cecat::parsers::ExtractPage(html, "https://example.org/", options))
            .dump();
    options.max_links = elements;
    std::string by_walk =
        cecat::parsers::ToJson(cecat::parsers::ExtractPage(html, "https://example.org/", options))
            .dump();
    CHECK(by_ancestry == by_walk);
  }
}
