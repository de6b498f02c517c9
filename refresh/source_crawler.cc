#include "refresh/source_crawler.h"

namespace cecat::refresh {
namespace {

class Libcurl final : public SourceCrawler {
 public:
  Result<crawler::CrawlStats> Crawl(const crawler::CrawlSpec& spec,
                                    const crawler::ValidatorLookup& validators,
                                    crawler::PageHandler& handler) override {
    return crawler::CrawlSource(spec, validators, handler);
  }
};

}  // namespace

SourceCrawler& LibcurlCrawler() {
  static Libcurl crawler;
  return crawler;
}

}  // namespace cecat::refresh
