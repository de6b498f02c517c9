// Parse benchmark (issue 9): HTML parse + extraction throughput on one core,
// against Gumbo's raw parse of the same pages, the floor an extractor built on
// Gumbo cannot beat.
//
//   bench_parse_bench [PAGES] [SECONDS] [PROFILE]
//       (defaults: 400 course pages, 3 s per measure, heavy)
//
// The pages are the crawl benchmark's course pages (bench/site/site.h), made in
// memory: PROFILE "heavy" (30-150 KB, JSON-LD, approval statements, ~130 links) or
// "typical" (issue 25: 30-50 KB, JSON-LD in the head, markup-dense). Each measure
// loops over them on this thread until SECONDS have passed, and reports MB/s and
// pages/s by wall clock and by this thread's CPU time (the machine is shared), and
// CPU ms per page, which bench/compare-scrapy reads ("cpu_ms_per_page NAME X").
// Beside Gumbo's raw parse it measures the tree ExtractPage builds (HtmlDocument:
// the simple parser for pages in its subset, parsers/detail/simple_html.h) and
// the refresh's extraction with and without the simple parser.
#include <gumbo.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "bench/site/site.h"
#include "parsers/extract.h"
#include "parsers/html.h"

namespace {

using Clock = std::chrono::steady_clock;

double ThreadCpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Loops `work` over the pages for at least `seconds`; prints the rates.
void Measure(const char* name, const char* key, const std::vector<std::string>& pages,
             double seconds, const std::function<size_t(const std::string&)>& work) {
  size_t done = 0, bytes = 0, sink = 0;
  auto t0 = Clock::now();
  double c0 = ThreadCpu();
  double wall = 0;
  while (wall < seconds) {
    for (const auto& page : pages) {
      sink += work(page);
      bytes += page.size();
      ++done;
    }
    wall = std::chrono::duration<double>(Clock::now() - t0).count();
  }
  double cpu = ThreadCpu() - c0;
  std::printf(
      "%-26s %6zu pages %8.1f MB  wall %6.2f s: %7.1f MB/s %7.1f pages/s   "
      "CPU %6.2f s: %7.1f MB/s %7.1f pages/s  (%zu)\n",
      name, done, bytes / 1e6, wall, bytes / 1e6 / wall, done / wall, cpu, bytes / 1e6 / cpu,
      done / cpu, sink);
  // One line a script can read: the CPU cost of one page, by thread CPU time.
  std::printf("cpu_ms_per_page %s %.3f\n", key, cpu * 1e3 / static_cast<double>(done));
}

}  // namespace

int main(int argc, char** argv) {
  int count = argc > 1 ? std::atoi(argv[1]) : 400;
  double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
  cecat::bench::PageProfile profile = cecat::bench::PageProfile::kHeavy;
  if (count <= 0 || seconds <= 0 || (argc > 3 && !cecat::bench::ParseProfile(argv[3], &profile))) {
    std::fprintf(stderr, "usage: %s [PAGES] [SECONDS] [heavy|typical]\n", argv[0]);
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  // The 10,000-course site of the profile; pages spread over it.
  cecat::bench::SiteOptions site = cecat::bench::OptionsForProfile(profile);
  std::vector<std::string> pages;
  std::vector<std::string> urls;
  size_t total = 0;
  for (int i = 0; i < count; ++i) {
    int id = static_cast<int>((static_cast<int64_t>(i) * 7919) % site.courses);
    pages.push_back(cecat::bench::CoursePage(site, id));
    urls.push_back("http://127.0.0.1:8080" + cecat::bench::CoursePath(site, id));
    total += pages.back().size();
  }
  std::printf("%d %s course pages, %.1f MB, mean %.1f KB\n", count,
              std::string(cecat::bench::ProfileName(profile)).c_str(), total / 1e6,
              total / 1e3 / count);

  // The floor: the tree built and freed, nothing read from it.
  Measure("gumbo_parse (raw)", "gumbo_raw", pages, seconds, [](const std::string& html) {
    GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
    size_t n = out->root->v.element.children.length;
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    return n;
  });

  // The tree ExtractPage reads: the simple parser's where the page is in its
  // subset (parsers/detail/simple_html.h), else Gumbo's into an arena.
  size_t simple = 0;
  for (const auto& page : pages) simple += cecat::parsers::HtmlDocument(page).simple() ? 1 : 0;
  std::printf("simple parser: %zu of %zu pages in its subset\n", simple, pages.size());
  Measure("HtmlDocument (simple)", "html_document", pages, seconds, [](const std::string& html) {
    cecat::parsers::HtmlDocument doc(html);
    return static_cast<size_t>(doc.root()->v.element.children.length);
  });
  Measure("HtmlDocument (Gumbo)", "html_document_gumbo", pages, seconds,
          [](const std::string& html) {
            cecat::parsers::HtmlDocument doc(html, 256, /*simple_parser=*/false);
            return static_cast<size_t>(doc.root()->v.element.children.length);
          });

  cecat::parsers::ExtractOptions options;  // {"method": "auto"}, as the crawl bench's source
  options.follow = {"a.course-link", "nav.pagination a"};
  // Measure hands over the pages in order, so the i-th call is urls[i]'s page.
  size_t index = 0;
  auto extract = [&](const std::string& html) {
    const std::string& url = urls[index++ % urls.size()];
    auto extraction = cecat::parsers::ExtractPage(html, url, options);
    return extraction.records.size() + extraction.links.size();
  };
  Measure("ExtractPage (auto+follow)", "extract_page", pages, seconds, extract);
  // What the refresh runs (refresh/engine.cc): links no follow selector reaches
  // are neither listed nor resolved.
  options.followed_links_only = true;
  index = 0;
  Measure("ExtractPage (refresh)", "extract_refresh", pages, seconds, extract);
  // The same with Gumbo for every page, as before the simple parser.
  options.simple_parser = false;
  index = 0;
  Measure("ExtractPage (refresh, Gumbo)", "extract_refresh_gumbo", pages, seconds, extract);
  return 0;
}
