// The pipelined hand-off: pages go to other threads and their links come back
// through PageTickets while the event loop goes on.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include <sys/resource.h>

#include "crawler/crawler.h"
#include "tests/crawler/crawler_test_util.h"
#include "tests/support/test_support.h"

namespace cecat::crawler {
namespace {

using testing::LoopbackServer;
using testutil::Hrefs;
using testutil::kNoValidators;
using testutil::LoopbackSpec;

// A tree of pages: /t/<id> links to /t/<id>0 .. /t/<id><fan-1> while shorter than depth.
void Tree(httplib::Server& server, int fan_out, size_t max_len) {
  server.Get(R"(/t/(\d*))", [=](const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    std::string body = "<p>" + id + "</p>";
    if (id.size() < max_len) {
      for (int i = 0; i < fan_out; ++i) {
        body += "<a href=\"/t/" + id + std::to_string(i) + "\">x</a>";
      }
    }
    res.set_content(body, "text/html");
  });
}

// Hands every page to a worker thread that answers after a pause, like a parser
// pool that is slower than the network. Records how many pages were out at once.
class SlowWorkerHandler : public PageHandler {
 public:
  explicit SlowWorkerHandler(std::chrono::milliseconds work) : work_(work) {
    worker_ = std::thread([this] { Work(); });
  }
  ~SlowWorkerHandler() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }

  void OnPageAsync(FetchedPage page, PageTicket ticket) override {
    handoff_thread = std::this_thread::get_id();
    std::lock_guard<std::mutex> lock(mu_);
    ++out_;
    max_out = std::max(max_out, out_);
    queue_.emplace_back(std::move(page), std::move(ticket));
    cv_.notify_all();
  }

  int max_out = 0;
  std::set<std::string> urls;
  std::thread::id handoff_thread;
  std::thread::id done_thread;

 private:
  void Work() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;
      auto [page, ticket] = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      std::this_thread::sleep_for(work_);
      std::vector<std::string> links = Hrefs(page);
      done_thread = std::this_thread::get_id();
      lock.lock();
      urls.insert(page.url);
      --out_;
      lock.unlock();
      ticket.Done(std::move(links));
      lock.lock();
    }
  }

  std::chrono::milliseconds work_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<FetchedPage, PageTicket>> queue_;
  int out_ = 0;
  bool closing_ = false;
  std::thread worker_;
};

TEST_CASE("links handed back from another thread drive the crawl to the end") {
  LoopbackServer server;
  Tree(server.server(), 3, 3);  // 1 + 3 + 9 + 27 pages
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/t/"));
  spec.max_depth = 10;
  SlowWorkerHandler handler(std::chrono::milliseconds(2));
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(stats->fetched == 40);
  CHECK(handler.urls.size() == 40);
  CHECK(server.Requests().size() == 40);
  CHECK(handler.done_thread != handler.handoff_thread);
}

TEST_CASE("max_pending_pages holds new transfers back while the handler is behind") {
  LoopbackServer server;
  Tree(server.server(), 8, 2);  // 1 + 8 + 64 pages
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/t/"));
  spec.max_depth = 10;
  spec.concurrency_per_host = 8;
  spec.max_pending_pages = 3;
  SlowWorkerHandler handler(std::chrono::milliseconds(5));
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  CHECK(stats->fetched == 73);
  // At most the limit plus the transfers already in flight when it was reached.
  CAPTURE(handler.max_out);
  CHECK(handler.max_out <= spec.max_pending_pages + spec.concurrency_per_host);
  CHECK(handler.max_out >= 2);
}

// CPU seconds used so far by this thread (RUSAGE_THREAD) or the whole process
// (RUSAGE_SELF).
double CpuSeconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// A crawl with the CPU `who` spent on it (CpuSeconds) and its wall time.
struct TimedCrawl {
  Result<CrawlStats> stats;
  double cpu = 0;
  double wall = 0;
};
TimedCrawl CrawlTimed(const CrawlSpec& spec, PageHandler& handler, int who) {
  auto began = std::chrono::steady_clock::now();
  double cpu_before = CpuSeconds(who);
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  return {std::move(stats), CpuSeconds(who) - cpu_before,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count()};
}

TEST_CASE("a crawl waiting on its handler sleeps instead of spinning") {
  LoopbackServer server;
  Tree(server.server(), 4, 2);  // 1 + 4 + 16 pages
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/t/"));
  spec.max_depth = 10;
  spec.concurrency_per_host = 4;
  spec.max_pending_pages = 1;  // held back after every page: the loop must wait
  SlowWorkerHandler handler(std::chrono::milliseconds(30));
  auto [stats, cpu, wall] = CrawlTimed(spec, handler, RUSAGE_THREAD);
  REQUIRE(stats.ok());
  CHECK(stats->fetched == 21);
  CAPTURE(cpu, wall);
  REQUIRE(wall > 0.5);  // 21 pages x 30 ms of "parsing", one at a time
  // The event loop's own CPU while it waited ~0.6 s; spinning would cost all of it.
  CHECK(cpu < wall * 0.3);
}

// Records the threads pages were handed off on (the crawl's event loops).
class ThreadsHandler : public PageHandler {
 public:
  void OnPageAsync(FetchedPage page, PageTicket ticket) override {
    {
      std::lock_guard<std::mutex> lock(mu);
      threads.insert(std::this_thread::get_id());
      urls.push_back(page.url);
    }
    ticket.Done(Hrefs(page));
  }
  std::mutex mu;
  std::set<std::thread::id> threads;
  std::vector<std::string> urls;
};

TEST_CASE("two event loops share the connections and fetch every page once") {
  LoopbackServer server;
  Tree(server.server(), 8, 2);  // 1 + 8 + 64 pages
  server.Start();
  for (int io_threads : {1, 2}) {
    CAPTURE(io_threads);
    CrawlSpec spec = LoopbackSpec(server.Url("/t/"));
    spec.max_depth = 10;
    spec.concurrency_per_host = 8;
    spec.max_connections = 8;
    spec.io_threads = io_threads;
    size_t before = server.Requests().size();
    ThreadsHandler handler;
    Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
    REQUIRE(stats.ok());
    CHECK(stats->fetched == 73);
    CHECK(stats->requested == 73);
    CHECK(server.Requests().size() - before == 73);
    std::set<std::string> unique(handler.urls.begin(), handler.urls.end());
    CHECK(unique.size() == 73);
    CHECK(handler.urls.size() == 73);
    // One loop per thread; with eight ready pages and four connections each, the
    // second loop takes its share.
    CHECK(handler.threads.size() == static_cast<size_t>(io_threads));
  }
}

TEST_CASE("both event loops sleep while the crawl waits on its handler") {
  LoopbackServer server;
  Tree(server.server(), 4, 2);  // 1 + 4 + 16 pages
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/t/"));
  spec.max_depth = 10;
  spec.concurrency_per_host = 4;
  spec.io_threads = 2;
  spec.max_pending_pages = 1;
  SlowWorkerHandler handler(std::chrono::milliseconds(30));
  auto [stats, cpu, wall] = CrawlTimed(spec, handler, RUSAGE_SELF);
  REQUIRE(stats.ok());
  CHECK(stats->fetched == 21);
  CAPTURE(cpu, wall);
  REQUIRE(wall > 0.5);
  // The whole process (both loops, the server, the worker) while it waited ~0.6 s.
  CHECK(cpu < wall * 0.3);
}

TEST_CASE("with a politeness delay the idle event loop does not keep waking the other") {
  LoopbackServer server;
  Tree(server.server(), 3, 1);  // 1 + 3 pages, 100 ms apart
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/t/"));
  spec.max_depth = 10;
  spec.delay_ms = 100;
  spec.io_threads = 2;
  ThreadsHandler handler;
  auto [stats, cpu, wall] = CrawlTimed(spec, handler, RUSAGE_SELF);
  REQUIRE(stats.ok());
  CHECK(stats->fetched == 4);
  CAPTURE(cpu, wall);
  REQUIRE(wall > 0.25);
  CHECK(cpu < wall * 0.3);
}

// Keeps the tickets of the first pages and never calls Done: dropping them must
// count as "no links" rather than hang the crawl.
class DroppingHandler : public PageHandler {
 public:
  void OnPageAsync(FetchedPage page, PageTicket ticket) override {
    ++pages;
    if (page.url.find("/t/0") != std::string::npos) {
      // Given back without Done, from another thread, a little later.
      std::thread([t = std::move(ticket)]() mutable {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        PageTicket dropped = std::move(t);
      }).detach();
      return;
    }
    ticket.Done(Hrefs(page));
  }
  std::atomic<int> pages{0};
};

TEST_CASE("a ticket dropped without Done reports no links and the crawl ends") {
  LoopbackServer server;
  Tree(server.server(), 2, 2);
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/t/"));
  spec.max_depth = 10;
  DroppingHandler handler;
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  REQUIRE(stats.ok());
  // /t/, /t/0 (dropped: its children are never seen), /t/1, /t/10, /t/11.
  CHECK(stats->fetched == 5);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the detached thread
}

TEST_CASE("the stop flag abandons transfers in flight and ends the crawl") {
  LoopbackServer server;
  std::atomic<int> served{0};
  server.server().Get(R"(/slow/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    ++served;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    int n = std::stoi(req.matches[1]);
    res.set_content("<a href=\"/slow/" + std::to_string(n + 1) + "\">next</a>", "text/html");
  });
  server.Start();
  CrawlSpec spec = LoopbackSpec(server.Url("/slow/0"));
  spec.max_depth = 100;
  spec.timeout_s = 10;
  std::atomic<bool> stop{false};
  spec.stop = &stop;
  testutil::RecordingHandler handler;
  std::thread stopper([&] {
    while (served.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    stop.store(true);
  });
  auto began = std::chrono::steady_clock::now();
  Result<CrawlStats> stats = CrawlSource(spec, kNoValidators, handler);
  auto took = std::chrono::steady_clock::now() - began;
  stopper.join();
  REQUIRE(stats.ok());
  CHECK(stats->fetched == 1);  // the second page was in flight when stop came
  CHECK(stats->not_started >= 1);
  // Did not wait for the slow chain (it would go on for max_depth pages).
  CHECK(took < std::chrono::seconds(5));
}

}  // namespace
}  // namespace cecat::crawler
