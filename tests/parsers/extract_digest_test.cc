// ExtractPage's output on every test page against the digests the extraction
// gave before issue 25's one-walk rewrite (tests/parsers/extract_digest.h).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

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
