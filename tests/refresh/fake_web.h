// The refresh engine's test doubles: a clock that moves only when told, and a web
// served from memory through the engine's SourceCrawler seam, which records what
// was asked. With them a whole refresh runs in process in milliseconds.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/url.h"
#include "refresh/source_crawler.h"
#include "tests/support/fake_clock.h"

namespace cecat::refresh::testing {

using ::cecat::testing::FakeClock;

// One URL's answer.
struct FakePage {
  int status = 200;
  std::string body;
  std::string content_type = "text/html";
  std::string etag;  // non-empty: a conditional request with this etag gets a 304
  // Set: no answer at all, the transfer fails for this reason.
  std::optional<crawler::FailureReason> failure;
};

class FakeWeb final : public SourceCrawler {
 public:
  void Serve(const std::string& url, std::string body, std::string etag = "") {
    FakePage page;
    page.body = std::move(body);
    page.etag = std::move(etag);
    Set(url, std::move(page));
  }
  void Answer(const std::string& url, int status) {
    FakePage page;
    page.status = status;
    Set(url, std::move(page));
  }
  void Fail(const std::string& url, crawler::FailureReason reason) {
    FakePage page;
    page.failure = reason;
    Set(url, std::move(page));
  }
  void Set(const std::string& url, FakePage page) {
    std::lock_guard<std::mutex> lock(mu_);
    pages_[Canonical(url)] = std::move(page);
  }
  // Runs on the crawling thread after each page's links came back (e.g. to set
  // the stop flag in the middle of a crawl).
  std::function<void(const std::string& url)> after_page;
  // Reported through the handler at the start of every crawl, as the real
  // crawler reports robots.txt and sitemap problems.
  std::vector<Diagnostic> crawl_diagnostics;
  // Set: the crawl's max_duration runs out once this many pages were requested;
  // the rest is counted not started and the stats say out_of_time, as the real
  // crawler reports it.
  std::optional<int> out_of_time_after;
  // The max_duration_s of every crawl asked for, in order.
  std::vector<double> max_durations;

  // Every URL requested, in order, and those requested with validators.
  std::vector<std::string> Requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  std::vector<std::string> Conditional() const {
    std::lock_guard<std::mutex> lock(mu_);
    return conditional_;
  }
  void ClearRequests() {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.clear();
    conditional_.clear();
  }

  // Breadth first from the start URLs, one page at a time, within max_depth and
  // max_pages, following the links the handler gives back (any host: the engine's
  // rules, not the crawler's scope, are under test). Always returns ok: the engine
  // must judge start URLs by itself.
  Result<crawler::CrawlStats> Crawl(const crawler::CrawlSpec& spec,
                                    const crawler::ValidatorLookup& validators,
                                    crawler::PageHandler& handler) override {
    crawler::CrawlStats stats;
    std::deque<std::pair<std::string, int>> queue;
    std::set<std::string> seen;
    for (const std::string& start : spec.start_urls) {
      std::string url = Canonical(start);
      if (seen.insert(url).second) queue.emplace_back(url, 0);
    }
    const Clock& clock = spec.clock != nullptr ? *spec.clock : SystemClock();
    {
      std::lock_guard<std::mutex> lock(mu_);
      max_durations.push_back(spec.max_duration_s);
    }
    for (const Diagnostic& d : crawl_diagnostics) handler.OnDiagnostic(d);
    while (!queue.empty()) {
      auto [url, depth] = queue.front();
      queue.pop_front();
      if (spec.stop != nullptr && spec.stop->load()) {
        ++stats.not_started;
        continue;
      }
      if (stats.requested >= spec.max_pages) break;
      if (out_of_time_after && stats.requested >= *out_of_time_after) {
        stats.out_of_time = true;
        stats.not_started += 1 + static_cast<int>(queue.size());
        break;
      }
      std::optional<crawler::Validators> stored;
      if (validators) stored = validators(url);
      FakePage page;
      {
        std::lock_guard<std::mutex> lock(mu_);
        requests_.push_back(url);
        if (stored) conditional_.push_back(url);
        auto it = pages_.find(url);
        if (it == pages_.end()) {
          page.status = 404;
        } else {
          page = it->second;
        }
      }
      ++stats.requested;
      if (page.failure || page.status >= 400) {
        crawler::FetchFailure f{url, page.failure.value_or(crawler::FailureReason::kHttpStatus),
                                page.failure ? 0 : page.status};
        ++stats.failed;
        ++stats.failed_by_reason[f.Describe()];
        handler.OnFailure(f);
        continue;
      }
      crawler::FetchedPage fetched;
      fetched.url = url;
      fetched.final_url = url;
      fetched.depth = depth;
      fetched.fetched_at = clock.Now();
      fetched.etag = page.etag;
      if (stored && !page.etag.empty() && stored->etag == page.etag) {
        fetched.status = 304;
        fetched.not_modified = true;
        ++stats.unchanged;
      } else {
        fetched.status = page.status;
        fetched.content_type = page.content_type;
        fetched.body = page.body;
        ++stats.fetched;
      }
      auto sink = std::make_shared<Sink>();
      handler.OnPageAsync(std::move(fetched), crawler::PageTicket(sink, depth));
      std::vector<std::string> links = sink->Wait();
      if (after_page) after_page(url);
      if (depth + 1 > spec.max_depth) continue;
      for (const std::string& link : links) {
        std::string canonical = Canonical(link);
        if (seen.insert(canonical).second) queue.emplace_back(canonical, depth + 1);
      }
    }
    return stats;
  }

 private:
  // Collects one page's links; the crawl waits for them, so pages are handled
  // one after another and every test run sees the same order.
  class Sink final : public crawler::LinkSink {
   public:
    void Put(int, std::vector<std::string> links) override {
      std::lock_guard<std::mutex> lock(mu_);
      links_ = std::move(links);
      done_ = true;
      cv_.notify_all();
    }
    std::vector<std::string> Wait() {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return done_; });
      return links_;
    }

   private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool done_ = false;
    std::vector<std::string> links_;
  };

  static std::string Canonical(const std::string& url) {
    Result<std::string> c = CanonicalUrlString(url);
    return c.ok() ? *c : url;
  }

  mutable std::mutex mu_;
  std::map<std::string, FakePage> pages_;
  std::vector<std::string> requests_;
  std::vector<std::string> conditional_;
};

}  // namespace cecat::refresh::testing
