// The engine's seam for the network (STYLE.md, "Seams for time, files and the
// network"; ninja's CommandRunner): the engine asks a SourceCrawler to crawl one
// source. Production passes the libcurl crawler; tests pass a fake that serves
// pages from memory and records what was asked (tests/refresh/).
#pragma once

#include "crawler/crawler.h"

namespace cecat::refresh {

class SourceCrawler {
 public:
  virtual ~SourceCrawler() = default;
  // Crawls one source as crawler::CrawlSource does: pages and failures go to
  // `handler` (pages may be handed off with OnPageAsync and their links come back
  // through the ticket), validators from the previous visit come from
  // `validators`, `spec.stop` ends the crawl early. Called from the engine's
  // crawling threads, one source at a time per thread; must be thread-safe.
  virtual Result<crawler::CrawlStats> Crawl(const crawler::CrawlSpec& spec,
                                            const crawler::ValidatorLookup& validators,
                                            crawler::PageHandler& handler) = 0;
};

// The real one: crawler::CrawlSource over libcurl. Lives for the whole process.
SourceCrawler& LibcurlCrawler();

}  // namespace cecat::refresh
