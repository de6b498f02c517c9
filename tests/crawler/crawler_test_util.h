// Helpers shared by the crawler's tests: a handler that records what it is given
// and follows every href on the page, and a spec for a loopback server.
#pragma once

#include <regex>
#include <string>
#include <vector>

#include "common/url.h"
#include "crawler/crawler.h"

namespace cecat::crawler::testutil {

// Every href="..." of the page, resolved against its final URL.
inline std::vector<std::string> Hrefs(const FetchedPage& page) {
  std::vector<std::string> links;
  static const std::regex kHref("href=\"([^\"]*)\"");
  for (std::sregex_iterator it(page.body.begin(), page.body.end(), kHref), end; it != end; ++it) {
    Result<std::string> url = ResolveUrlString(page.final_url, (*it)[1].str());
    if (url.ok()) links.push_back(*url);
  }
  return links;
}

class RecordingHandler : public PageHandler {
 public:
  std::vector<std::string> OnPage(const FetchedPage& page) override {
    pages.push_back(page);
    return Hrefs(page);
  }
  void OnFailure(const FetchFailure& failure) override { failures.push_back(failure); }
  void OnDiagnostic(const Diagnostic& d) override { diagnostics.push_back(d); }

  const FetchedPage* Page(const std::string& url) const {
    for (const auto& p : pages) {
      if (p.url == url) return &p;
    }
    return nullptr;
  }
  std::vector<Diagnostic> diagnostics;

  const FetchFailure* Failure(const std::string& url) const {
    for (const auto& f : failures) {
      if (f.url == url) return &f;
    }
    return nullptr;
  }

  std::vector<FetchedPage> pages;
  std::vector<FetchFailure> failures;
};

// A fast, impolite spec for tests against 127.0.0.1.
inline CrawlSpec LoopbackSpec(const std::string& start_url) {
  CrawlSpec spec;
  spec.source_id = "test";
  spec.user_agent = "cecat-test/1.0";
  spec.start_urls = {start_url};
  spec.delay_ms = 0;
  spec.concurrency_per_host = 4;
  spec.timeout_s = 5;
  spec.retries = 0;
  spec.retry_base_ms = 10;
  spec.respect_robots = false;
  spec.allow_addresses = {"127.0.0.0/8"};
  return spec;
}

inline const ValidatorLookup kNoValidators = [](const std::string&) {
  return std::optional<Validators>();
};

}  // namespace cecat::crawler::testutil
