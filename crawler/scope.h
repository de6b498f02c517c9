// A source's scope: which URLs the crawler may fetch at all.
//
// Pure: decided from the URL alone (robots.txt and the address policy are checked
// later, per host and per connection).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/url.h"

namespace re2 {
class RE2;
}

namespace cecat::crawler {

struct CrawlSpec;

// The frontier's verdict on one link found on a page, from the link alone. What
// the crawl's state adds (a URL already seen, max_pages already admitted) is not
// part of it. Crawl::Admit decides with Scope::Judge, and `cecat extract` reports
// it, so the two cannot disagree.
enum class LinkVerdict {
  kAdmit,
  kNoCanonicalForm,  // the URL has no canonical form (does not parse, too long, ...)
  kOutOfScope,       // Scope::Allows says no (allow/deny, hosts, scheme, file: policy)
  kTooDeep,          // the link's depth exceeds max_depth
};

struct LinkDecision {
  LinkVerdict verdict = LinkVerdict::kAdmit;
  std::string canonical;  // the dedup key; empty for kNoCanonicalForm
  std::string reason;     // one line for a person: why not (empty for kAdmit)
  // `canonical` parsed, for kAdmit and kTooDeep: the crawl enqueues it without
  // parsing it a third time (a URL parse was a fifth of an unchanged re-crawl).
  Url parsed;
};

class Scope {
 public:
  // Compiles the spec's allow/deny regexes (RE2 syntax, searched anywhere in the
  // canonical URL, as Scrapy's LinkExtractor does). Without `allow`, the scope is
  // the hosts of the http(s) start URLs (any port, http or https) plus, for file:
  // start URLs, everything under the start URL's folder. Fails with a message
  // naming the regex when one does not compile, or when a start URL does not parse.
  static Result<Scope> Make(const CrawlSpec& spec);

  Scope(Scope&&) noexcept;
  Scope& operator=(Scope&&) noexcept;
  ~Scope();

  // True if `url` (whose canonical form is `canonical`) may be fetched. Only http,
  // https and file URLs ever are, and file: URLs only when a start URL is one, so a
  // page on the web cannot make the crawler read local files.
  bool Allows(const Url& url, const std::string& canonical) const;
  // True if a deny regex matches; redirects are checked against deny only.
  bool Denied(const std::string& canonical) const;

  // The verdict on a link `url` (absolute) that would be crawled at `depth` (the
  // page's depth + 1) in a crawl bounded by `max_depth`. Checks, in the crawler's
  // order: canonical form, scope, depth.
  LinkDecision Judge(std::string_view url, int depth, int max_depth) const;

 private:
  Scope();
  // Why Allows says no (a short phrase), or nullptr when it says yes.
  const char* Refusal(const Url& url, const std::string& canonical) const;
  std::vector<std::unique_ptr<re2::RE2>> allow_;
  std::vector<std::unique_ptr<re2::RE2>> deny_;
  std::vector<std::string> hosts_;         // default scope, http(s)
  std::vector<std::string> file_folders_;  // default scope, file: (path prefixes)
  bool file_allowed_ = false;
};

}  // namespace cecat::crawler
