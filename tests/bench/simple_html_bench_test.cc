// The simple parser (parsers/detail/simple_html.h) on the bench site's generated
// pages (bench/site/site.h): it exists for pages like the typical and heavy course
// pages, so it must accept every one, build Gumbo's tree for it, and leave
// ExtractPage's output as Gumbo's tree gives it. Here rather than in
// tests/parsers/ because the generator is built with the benchmarks only.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/site/site.h"
#include "tests/parsers/simple_html_check.h"

namespace {

using cecat::bench::PageProfile;
using cecat::parsers::testing::CompareSimpleHtmlWithGumbo;
using cecat::parsers::testing::SimpleHtmlExtractionDiff;
using cecat::parsers::testing::SimpleHtmlOptionSets;

struct BenchPage {
  std::string url;
  std::string html;
};

// `count` course pages spread over the profile's 10,000-course site (the ids
// parse_bench reads), and with them its home page and first listing pages.
std::vector<BenchPage> CoursePages(PageProfile profile, int count) {
  const cecat::bench::SiteOptions site = cecat::bench::OptionsForProfile(profile);
  std::vector<BenchPage> pages;
  for (int i = 0; i < count; ++i) {
    int id = static_cast<int>((static_cast<int64_t>(i) * 7919) % site.courses);
    pages.push_back({"http://127.0.0.1:8080" + cecat::bench::CoursePath(site, id),
                     cecat::bench::CoursePage(site, id)});
  }
  return pages;
}

std::vector<BenchPage> CatalogPages() {
  const cecat::bench::SiteOptions site = cecat::bench::OptionsForProfile(PageProfile::kTypical);
  std::vector<BenchPage> pages = {{"http://127.0.0.1:8080/", cecat::bench::HomePage(site)}};
  // The first, a middle and the last listing: their pagination windows differ.
  for (int page : {1, 2, cecat::bench::ListingCount(site) / 2, cecat::bench::ListingCount(site)}) {
    pages.push_back({"http://127.0.0.1:8080" + cecat::bench::ListingPath(page),
                     cecat::bench::ListingPage(site, page)});
  }
  return pages;
}

// Accepted (REQUIRE when `must_accept`), Gumbo's tree, and the same extraction
// under every option set.
void CheckBenchPage(const BenchPage& page, bool must_accept) {
  INFO(page.url);
  auto outcome = CompareSimpleHtmlWithGumbo(page.html);
  if (must_accept) REQUIRE(outcome.accepted);
  CHECK(outcome.diff == "");
  for (const auto& named : SimpleHtmlOptionSets()) {
    INFO("options: " << named.first);
    CHECK(SimpleHtmlExtractionDiff(page.html, page.url, named.second) == "");
  }
}

}  // namespace

TEST_CASE("The simple parser accepts every typical bench course page and builds Gumbo's tree") {
  for (const BenchPage& page : CoursePages(PageProfile::kTypical, 20)) CheckBenchPage(page, true);
}

TEST_CASE("The simple parser accepts every heavy bench course page and builds Gumbo's tree") {
  for (const BenchPage& page : CoursePages(PageProfile::kHeavy, 10)) CheckBenchPage(page, true);
}

TEST_CASE("The bench site's home and listing pages parse to Gumbo's tree") {
  int accepted = 0;
  const std::vector<BenchPage> pages = CatalogPages();
  for (const BenchPage& page : pages) {
    accepted += CompareSimpleHtmlWithGumbo(page.html).accepted ? 1 : 0;
    CheckBenchPage(page, false);
  }
  WARN("simple parser accepted " << accepted << " of " << pages.size() << " catalog pages");
}
