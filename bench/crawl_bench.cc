// Crawl benchmark (issue 3): the `cecat` binary, end to end, on the generated
// catalogue site (bench/site/site.h) served on 127.0.0.1 by a child process that
// prepared every response once. For each site size it runs `cecat refresh --force`
// twice on a fresh database: the full crawl + extraction + index + feed, then the
// same site unchanged (every page a conditional GET answered 304).
//
//   bench_crawl_bench [--pages N[,N...]] [--concurrency C] [--cecat PATH] [--work DIR]
//                     [--runs R]
//
// Defaults: 10000 course pages, 16 connections, the `cecat` built beside this
// program (../cli/cecat), /tmp/cecat-bench as work folder (sites are kept there and
// reused), 1 run per size. Politeness is off: delay_ms 0, robots.txt not fetched.
//
// Prints, per run: pages fetched, wall seconds, pages/s, cecat's CPU seconds
// (user+sys from wait4, so every thread of the child), pages per CPU second, peak
// RSS (cecat's own: bench_peak_rss runs it), the server's CPU seconds during the run, and the
// database's size.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/site/site.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

struct ChildRun {
  int exit_code = -1;
  double wall_s = 0;
  double user_s = 0;
  double sys_s = 0;
  long peak_rss_kb = 0;
  std::string out;  // stdout, when captured
};

// Runs argv to completion; rusage is the child's own (wait4), threads included.
ChildRun Run(const std::vector<std::string>& args, bool capture, const fs::path& log) {
  ChildRun r;
  int pipefd[2] = {-1, -1};
  if (capture && pipe(pipefd) != 0) return r;
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    int err = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (err >= 0) dup2(err, 2);
    if (capture) {
      dup2(pipefd[1], 1);
    } else if (err >= 0) {
      dup2(err, 1);
    }
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (capture) {
    close(pipefd[1]);
    char buf[65536];
    ssize_t n;
    while ((n = read(pipefd[0], buf, sizeof buf)) > 0) r.out.append(buf, static_cast<size_t>(n));
    close(pipefd[0]);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  r.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.user_s = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
  r.sys_s = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  r.peak_rss_kb = usage.ru_maxrss;
  return r;
}

// Runs argv through bench_peak_rss (bench/peak_rss.cc), so the peak RSS is the
// command's own and not this process's (Linux counts a parent's memory at exec into
// the child's ru_maxrss). CPU times and the peak come from its report.
ChildRun RunMeasured(const std::string& peak_rss, const std::vector<std::string>& args,
                     const fs::path& log) {
  fs::path report = log.parent_path() / "peak_rss.txt";
  std::vector<std::string> wrapped = {peak_rss, report.string(), "--"};
  wrapped.insert(wrapped.end(), args.begin(), args.end());
  ChildRun r = Run(wrapped, false, log);
  std::ifstream in(report);
  if (!(in >> r.peak_rss_kb >> r.user_s >> r.sys_s)) {
    std::fprintf(stderr, "crawl_bench: no report from %s\n", peak_rss.c_str());
    r.exit_code = r.exit_code == 0 ? 1 : r.exit_code;
  }
  return r;
}

// The server's own counters (GET /__stats).
json ServerStats(int port) {
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/__stats");
  if (!res || res->status != 200) return json::object();
  return json::parse(res->body, nullptr, false);
}

int64_t FileSize(const fs::path& p) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  return ec ? 0 : static_cast<int64_t>(size);
}

void WriteSources(const fs::path& file, int port, int concurrency, int max_pages) {
  json source = {
      {"id", "bench"},
      {"name", "Bench catalogue"},
      {"kinds", {"courses", "providers", "accreditations"}},
      {"start_urls", {"http://127.0.0.1:" + std::to_string(port) + "/"}},
      {"follow", {"a.course-link", "nav.pagination a"}},
      {"max_depth", 3},
      {"max_pages", max_pages},
      {"delay_ms", 0},
      {"concurrency_per_host", concurrency},
      {"respect_robots", false},
      {"retries", 2},
      {"allow_addresses", {"127.0.0.0/8"}},
      {"extract", {{"method", "auto"}}},
  };
  json config = {{"user_agent", "cecat-bench/1.0"},
                 {"database", "cecat.db"},
                 {"feed_dir", "feed"},
                 {"sources", {source}}};
  std::ofstream(file) << config.dump(2) << "\n";
}

// Pages and outcome of the latest run, from `cecat runs --json`.
struct RunFacts {
  int fetched = 0, unchanged = 0, failed = 0, requested = 0;
  int added = 0, updated = 0, raw_records = 0, rejected = 0;
  int feed_courses = -1;
};

int IntAt(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int>() : 0;
}

RunFacts Facts(const std::string& cecat, const fs::path& dir, const fs::path& log) {
  RunFacts f;
  ChildRun r =
      Run({cecat, "runs", "--config", (dir / "sources.json").string(), "--last", "1", "--json"},
          true, log);
  json runs = json::parse(r.out, nullptr, false);
  // `runs --json` prints an array of runs, newest first.
  json run = runs.is_array() && !runs.empty() ? runs[0] : json();
  if (run.is_object()) {
    json sources = run.value("sources", json::array());
    for (const auto& s : sources) {
      json pages = s.value("pages", json::object());
      json records = s.value("records", json::object());
      f.fetched += IntAt(pages, "fetched");
      f.unchanged += IntAt(pages, "unchanged");
      f.failed += IntAt(pages, "failed");
      f.requested += IntAt(pages, "requested");
      f.added += IntAt(records, "added");
      f.updated += IntAt(records, "updated");
      f.raw_records += IntAt(records, "raw");
      f.rejected += IntAt(records, "rejected");
    }
  }
  std::ifstream feed(dir / "feed" / "feed.json");
  if (feed) {
    json j = json::parse(feed, nullptr, false);
    if (j.is_object() && j.contains("courses"))
      f.feed_courses = static_cast<int>(j["courses"].size());
  }
  return f;
}

std::vector<int> ParseList(const char* s) {
  std::vector<int> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(std::atoi(item.c_str()));
  return out;
}

double Cpu(const json& before, const json& after) {
  auto get = [](const json& j, const char* k) { return j.is_object() ? j.value(k, 0.0) : 0.0; };
  return get(after, "user_s") + get(after, "sys_s") - get(before, "user_s") - get(before, "sys_s");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes = {10000};
  int concurrency = 16, runs = 1;
  fs::path self = fs::canonical("/proc/self/exe");
  std::string cecat = (self.parent_path().parent_path() / "cli" / "cecat").string();
  const std::string peak_rss = (self.parent_path() / "bench_peak_rss").string();
  fs::path work = "/tmp/cecat-bench";
  for (int i = 1; i < argc; ++i) {
    auto arg = [&](const char* name) { return !std::strcmp(argv[i], name) && i + 1 < argc; };
    if (arg("--pages")) {
      sizes = ParseList(argv[++i]);
    } else if (arg("--concurrency")) {
      concurrency = std::atoi(argv[++i]);
    } else if (arg("--cecat")) {
      cecat = argv[++i];
    } else if (arg("--work")) {
      work = argv[++i];
    } else if (arg("--runs")) {
      runs = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: %s [--pages N[,N...]] [--concurrency C] [--cecat PATH] [--work DIR] "
                   "[--runs R]\n",
                   argv[0]);
      return 2;
    }
  }
  if (concurrency <= 0 || runs <= 0 || sizes.empty() || !fs::exists(cecat)) {
    std::fprintf(stderr, "bad arguments or no cecat at %s\n", cecat.c_str());
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::printf("%-12s %7s %7s %8s %8s %9s %8s %8s %8s %s\n", "run", "pages", "wall_s", "pages/s",
              "cpu_s", "pages/cpu", "rss_MB", "srv_cpu", "db_MB", "notes");
  int rc = 0;
  for (int pages : sizes) {
    cecat::bench::SiteOptions site;
    site.courses = pages;
    fs::path site_dir = work / ("site-" + std::to_string(pages));
    auto t0 = Clock::now();
    auto written = cecat::bench::WriteSite(site, site_dir, 2);
    if (!written.ok()) {
      std::fprintf(stderr, "site: %s\n", written.status().ToString().c_str());
      return 1;
    }
    std::printf("# site %s: %d pages, %.1f MB HTML (%.1f MB gzip), %s in %.1f s\n",
                site_dir.c_str(), written->pages, written->html_bytes / 1e6,
                written->gzip_bytes / 1e6, written->reused ? "reused" : "generated",
                std::chrono::duration<double>(Clock::now() - t0).count());

    int fds[2];
    if (pipe(fds) != 0) return 1;
    pid_t server = fork();
    if (server == 0) {
      close(fds[0]);
      cecat::bench::ServeOptions serve;
      serve.dir = site_dir;
      auto status = cecat::bench::ServeSite(serve, [&](int port) {
        if (write(fds[1], &port, sizeof port) != sizeof port) _exit(1);
        close(fds[1]);
      });
      _exit(status.ok() ? 0 : 1);
    }
    close(fds[1]);
    int port = 0;
    if (read(fds[0], &port, sizeof port) != sizeof port || port <= 0) {
      std::fprintf(stderr, "server did not start\n");
      return 1;
    }
    close(fds[0]);

    for (int r = 1; r <= runs; ++r) {
      fs::path dir = work / ("cecat-" + std::to_string(pages) + "-" + std::to_string(r));
      fs::remove_all(dir);
      fs::create_directories(dir);
      WriteSources(dir / "sources.json", port, concurrency, written->pages + 100);
      fs::path log = dir / "cecat.log";
      for (const char* pass : {"full", "unchanged"}) {
        json before = ServerStats(port);
        ChildRun run = RunMeasured(peak_rss,
                                   {cecat, "refresh", "--force", "--config",
                                    (dir / "sources.json").string(), "--log-level", "warn"},
                                   log);
        json after = ServerStats(port);
        RunFacts f = Facts(cecat, dir, log);
        int fetched = f.fetched + f.unchanged;
        double cpu = run.user_s + run.sys_s;
        int64_t db = FileSize(dir / "cecat.db") + FileSize(dir / "cecat.db-wal");
        std::printf(
            "%-12s %7d %7.2f %8.1f %8.2f %9.1f %8.1f %8.2f %8.1f exit %d; fetched %d, 304 %d, "
            "failed %d; records %d raw, %d rejected, +%d ~%d; feed courses %d; user %.2f sys "
            "%.2f\n",
            (std::string(pass) + "-" + std::to_string(pages)).c_str(), fetched, run.wall_s,
            fetched / run.wall_s, cpu, cpu > 0 ? fetched / cpu : 0.0, run.peak_rss_kb / 1024.0,
            Cpu(before, after), db / 1e6, run.exit_code, f.fetched, f.unchanged, f.failed,
            f.raw_records, f.rejected, f.added, f.updated, f.feed_courses, run.user_s, run.sys_s);
        if (run.exit_code != 0) rc = 1;
      }
    }
    kill(server, SIGTERM);
    waitpid(server, nullptr, 0);
  }
  return rc;
}
