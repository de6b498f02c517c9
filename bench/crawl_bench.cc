// Crawler benchmark: generates a local catalogue site of PAGES course pages (30-150 KB
// of realistic HTML with JSON-LD each, plus listing pages), serves it on 127.0.0.1
// from a child process (so the crawler's peak RSS is its own), crawls it with
// politeness off, then crawls it again with the validators from the first run, when
// every page answers 304. Prints pages/s, MB/s and peak RSS for both runs.
//
//   bench_crawl_bench [PAGES] [CONCURRENCY]     (defaults: 10000, 16)
//
// The handler only scans hrefs (no parsing), so the figures are the crawler's.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/url.h"
#include "crawler/crawler.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using cecat::crawler::CrawlSpec;
using cecat::crawler::CrawlStats;
using cecat::crawler::FetchedPage;
using cecat::crawler::PageHandler;
using cecat::crawler::Validators;

namespace {

constexpr int kCoursesPerList = 100;

const char* const kTopics[] = {"Ethics and Boundaries", "Trauma-Informed Care", "Grief Work",
                               "CBT for Anxiety",       "DBT Skills",           "Telehealth",
                               "Suicide Prevention",    "Clinical Supervision", "EMDR Basics",
                               "Cultural Humility"};
const char* const kWords[] = {"clients",   "therapists", "evidence",  "session",  "practice",
                              "licensure", "assessment", "treatment", "outcomes", "ethical",
                              "family",    "adolescent", "recovery",  "clinical", "supervision"};

std::string Paragraph(std::mt19937& rng, int words) {
  std::string p = "<p>";
  for (int i = 0; i < words; ++i) {
    p += kWords[rng() % std::size(kWords)];
    p += (i % 12 == 11) ? ". " : " ";
  }
  return p + "</p>\n";
}

std::string CoursePage(int id, int pages, std::mt19937& rng) {
  const char* topic = kTopics[id % std::size(kTopics)];
  size_t target = 30 * 1024 + rng() % (120 * 1024);
  std::string html;
  html.reserve(target + 4096);
  html += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
          std::string(topic) + " #" + std::to_string(id) + "</title>\n";
  html +=
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
      "\"Course\",\"name\":\"" +
      std::string(topic) + " #" + std::to_string(id) +
      "\",\"description\":\"A course for mental-health professionals.\",\"provider\":{\"@type\":"
      "\"Organization\",\"name\":\"Bench Institute\"},\"offers\":{\"@type\":\"Offer\",\"price\":"
      "\"" +
      std::to_string(20 + id % 180) +
      ".00\",\"priceCurrency\":\"USD\"},"
      "\"hasCourseInstance\":{\"@type\":\"CourseInstance\",\"courseMode\":\"online\","
      "\"courseWorkload\":\"PT" +
      std::to_string(1 + id % 6) + "H\"}}</script>\n";
  html += "<link rel=\"stylesheet\" href=\"/static/site.css\"></head><body>\n<nav>";
  html += "<a href=\"/\">Home</a> <a href=\"/list/" + std::to_string(id / kCoursesPerList) +
          ".html\">All courses</a></nav>\n<main><h1>" + std::string(topic) + "</h1>\n";
  for (int i = 0; i < 4; ++i) {
    int other = static_cast<int>(rng() % pages);
    html += "<a class=\"related\" href=\"/c/" + std::to_string(other) + ".html\">Related " +
            std::to_string(other) + "</a>\n";
  }
  while (html.size() < target) html += Paragraph(rng, 80);
  html +=
      "</main><footer>Bench Institute is approved by the American Psychological Association "
      "to sponsor continuing education for psychologists.</footer></body></html>\n";
  return html;
}

void Write(const fs::path& file, const std::string& data) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << data;
}

// Writes the site; returns its total size in bytes.
int64_t GenerateSite(const fs::path& root, int pages) {
  fs::create_directories(root / "c");
  fs::create_directories(root / "list");
  std::mt19937 rng(42);
  int64_t total = 0;
  int lists = (pages + kCoursesPerList - 1) / kCoursesPerList;
  std::string index = "<!DOCTYPE html><html><head><title>Catalogue</title></head><body><ul>\n";
  for (int l = 0; l < lists; ++l) {
    index += "<li><a href=\"/list/" + std::to_string(l) + ".html\">Page " + std::to_string(l) +
             "</a></li>\n";
    std::string list = "<!DOCTYPE html><html><head><title>Courses</title></head><body><ul>\n";
    for (int c = l * kCoursesPerList; c < std::min(pages, (l + 1) * kCoursesPerList); ++c) {
      list += "<li><a href=\"/c/" + std::to_string(c) + ".html?utm_source=list\">Course " +
              std::to_string(c) + "</a></li>\n";
    }
    list += "</ul></body></html>\n";
    Write(root / "list" / (std::to_string(l) + ".html"), list);
    total += static_cast<int64_t>(list.size());
  }
  index += "</ul></body></html>\n";
  Write(root / "index.html", index);
  total += static_cast<int64_t>(index.size());
  for (int c = 0; c < pages; ++c) {
    std::string page = CoursePage(c, pages, rng);
    Write(root / "c" / (std::to_string(c) + ".html"), page);
    total += static_cast<int64_t>(page.size());
  }
  return total;
}

// The server, in a child process: files under `root`, with ETags and 304s.
[[noreturn]] void Serve(const fs::path& root, int port_pipe) {
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(16); };
  server.Get(R"(/(.*))", [&](const httplib::Request& req, httplib::Response& res) {
    std::string rel = req.matches[1].str();
    if (rel.empty()) rel = "index.html";
    if (rel.find("..") != std::string::npos) {
      res.status = 400;
      return;
    }
    fs::path file = root / rel;
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    if (ec) {
      res.status = 404;
      return;
    }
    std::string etag = "\"" + std::to_string(size) + "-" + rel + "\"";
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    std::ifstream in(file, std::ios::binary);
    std::string body(size, '\0');
    in.read(body.data(), static_cast<std::streamsize>(size));
    res.set_content(std::move(body), "text/html; charset=utf-8");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  if (write(port_pipe, &port, sizeof port) != sizeof port) _exit(1);
  close(port_pipe);
  server.listen_after_bind();
  _exit(0);
}

// Follows every href; remembers links and ETags so the second run can answer 304s.
class BenchHandler : public PageHandler {
 public:
  explicit BenchHandler(const BenchHandler* previous = nullptr) : previous_(previous) {}
  std::vector<std::string> OnPage(const FetchedPage& page) override {
    ++pages;
    if (page.not_modified) {
      // A 304: the links of the copy stored by the previous run, as the pipeline does.
      if (previous_ == nullptr) return {};
      auto it = previous_->links_.find(page.url);
      return it == previous_->links_.end() ? std::vector<std::string>() : it->second;
    }
    bytes += static_cast<int64_t>(page.body.size());
    std::vector<std::string> links;
    size_t at = 0;
    while ((at = page.body.find("href=\"", at)) != std::string::npos) {
      at += 6;
      size_t end = page.body.find('"', at);
      if (end == std::string::npos) break;
      auto url = cecat::ResolveUrlString(page.final_url, page.body.substr(at, end - at));
      if (url.ok()) links.push_back(std::move(*url));
      at = end;
    }
    etags[page.url] = page.etag;
    links_[page.url] = links;
    return links;
  }
  int pages = 0;
  int64_t bytes = 0;
  std::unordered_map<std::string, std::string> etags;

 private:
  const BenchHandler* previous_;
  std::unordered_map<std::string, std::vector<std::string>> links_;
};

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

void Report(const char* name, const CrawlStats& stats, int pages, int64_t bytes, double seconds) {
  std::printf("%-22s %6d pages  %8.1f MB  %6.2f s  %8.1f pages/s  %7.1f MB/s  peak RSS %ld MB\n",
              name, pages, bytes / 1e6, seconds, pages / seconds, bytes / 1e6 / seconds,
              PeakRssKb() / 1024);
  std::printf("%-22s requested %d, fetched %d, unchanged %d, failed %d, retries %d\n", "",
              stats.requested, stats.fetched, stats.unchanged, stats.failed, stats.retries);
  for (const auto& [reason, count] : stats.failed_by_reason) {
    std::printf("%-22s failed: %s x %d\n", "", reason.c_str(), count);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int pages = argc > 1 ? std::atoi(argv[1]) : 10000;
  int concurrency = argc > 2 ? std::atoi(argv[2]) : 16;
  if (pages <= 0 || concurrency <= 0) {
    std::fprintf(stderr, "usage: %s [PAGES] [CONCURRENCY]\n", argv[0]);
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  spdlog::set_level(std::getenv("CECAT_BENCH_DEBUG") ? spdlog::level::debug : spdlog::level::warn);
  fs::path root = fs::temp_directory_path() / ("cecat-crawl-bench-" + std::to_string(getpid()));
  auto t0 = Clock::now();
  int64_t site_bytes = GenerateSite(root, pages);
  std::printf("site: %d course pages + %d listings, %.1f MB, generated in %.1f s\n", pages,
              (pages + kCoursesPerList - 1) / kCoursesPerList + 1, site_bytes / 1e6,
              std::chrono::duration<double>(Clock::now() - t0).count());

  int fds[2];
  if (pipe(fds) != 0) return 1;
  pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    close(fds[0]);
    Serve(root, fds[1]);
  }
  close(fds[1]);
  int port = 0;
  if (read(fds[0], &port, sizeof port) != sizeof port || port <= 0) {
    std::fprintf(stderr, "server did not start\n");
    return 1;
  }
  close(fds[0]);

  CrawlSpec spec;
  spec.source_id = "bench";
  spec.user_agent = "cecat-bench/1.0";
  spec.start_urls = {"http://127.0.0.1:" + std::to_string(port) + "/"};
  spec.max_pages = pages + pages / kCoursesPerList + 10;
  spec.max_depth = 5;
  spec.delay_ms = 0;
  spec.concurrency_per_host = concurrency;
  spec.max_connections = concurrency;
  spec.max_bytes = 1024 * 1024;
  spec.respect_robots = true;  // robots.txt is a 404 here: allow all
  spec.allow_addresses = {"127.0.0.0/8"};

  BenchHandler first;
  auto no_validators = [](const std::string&) { return std::optional<Validators>(); };
  auto t1 = Clock::now();
  auto stats1 = cecat::crawler::CrawlSource(spec, no_validators, first);
  double s1 = std::chrono::duration<double>(Clock::now() - t1).count();
  int rc = 0;
  if (!stats1.ok()) {
    std::fprintf(stderr, "first crawl failed: %s\n", stats1.status().ToString().c_str());
    rc = 1;
  } else {
    Report("full crawl", *stats1, first.pages, first.bytes, s1);
    BenchHandler second(&first);
    auto lookup = [&](const std::string& url) -> std::optional<Validators> {
      auto it = first.etags.find(url);
      if (it == first.etags.end()) return std::nullopt;
      return Validators{it->second, ""};
    };
    auto t2 = Clock::now();
    auto stats2 = cecat::crawler::CrawlSource(spec, lookup, second);
    double s2 = std::chrono::duration<double>(Clock::now() - t2).count();
    if (!stats2.ok()) {
      std::fprintf(stderr, "second crawl failed: %s\n", stats2.status().ToString().c_str());
      rc = 1;
    } else {
      Report("revalidation (304s)", *stats2, second.pages, second.bytes, s2);
    }
  }
  kill(child, SIGTERM);
  waitpid(child, nullptr, 0);
  std::error_code ec;
  fs::remove_all(root, ec);
  return rc;
}
