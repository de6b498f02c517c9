// bench_site: writes the benchmark site and serves it, for scripts that drive
// crawlers other than cecat's own benchmarks (bench/compare-scrapy).
//
//   bench_site generate DIR [--courses N] [--profile heavy|typical] [--threads T]
//   bench_site serve DIR [--port P] [--threads T]
//
// --profile picks the course pages (site.h, PageProfile): heavy (default, 30-150
// KB) or typical (30-50 KB).
//
// `serve` prints "listening 127.0.0.1:PORT" on stdout once it accepts connections,
// and runs until SIGTERM or SIGINT.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "bench/site/site.h"

namespace {

int Usage() {
  std::fprintf(
      stderr,
      "usage: bench_site generate DIR [--courses N] [--profile heavy|typical] [--threads T]\n"
      "       bench_site serve DIR [--port P] [--threads T]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  std::string command = argv[1];
  std::filesystem::path dir = argv[2];
  cecat::bench::PageProfile profile = cecat::bench::PageProfile::kHeavy;
  int courses = -1, threads = -1, port = 0;
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--courses")) {
      courses = std::atoi(argv[i + 1]);
    } else if (!std::strcmp(argv[i], "--profile")) {
      if (!cecat::bench::ParseProfile(argv[i + 1], &profile)) return Usage();
    } else if (!std::strcmp(argv[i], "--threads")) {
      threads = std::atoi(argv[i + 1]);
    } else if (!std::strcmp(argv[i], "--port")) {
      port = std::atoi(argv[i + 1]);
    } else {
      return Usage();
    }
  }
  if ((argc - 3) % 2 != 0) return Usage();
  cecat::bench::SiteOptions site = cecat::bench::OptionsForProfile(profile);
  if (courses >= 0) site.courses = courses;
  if (command == "generate") {
    if (threads < 0) threads = static_cast<int>(std::thread::hardware_concurrency());
    auto stats = cecat::bench::WriteSite(site, dir, threads);
    if (!stats.ok()) {
      std::fprintf(stderr, "bench_site: %s\n", stats.status().ToString().c_str());
      return 1;
    }
    std::printf("site %s (%s): %d pages, %.1f MB HTML, %.1f MB gzip%s\n", dir.c_str(),
                std::string(cecat::bench::ProfileName(profile)).c_str(), stats->pages,
                stats->html_bytes / 1e6, stats->gzip_bytes / 1e6, stats->reused ? " (reused)" : "");
    return 0;
  }
  if (command == "serve") {
    cecat::bench::ServeOptions serve;
    serve.dir = dir;
    serve.port = port;
    if (threads > 0) serve.threads = threads;
    auto status = cecat::bench::ServeSite(serve, [](int bound) {
      std::printf("listening 127.0.0.1:%d\n", bound);
      std::fflush(stdout);
    });
    if (!status.ok()) {
      std::fprintf(stderr, "bench_site: %s\n", status.ToString().c_str());
      return 1;
    }
    // Detached connection threads may still be blocked in read(): leave at once.
    std::fflush(stdout);
    std::_Exit(0);
  }
  return Usage();
}
