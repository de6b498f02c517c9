#include "refresh/spec.h"

#include <filesystem>

#include "common/url.h"

namespace cecat::refresh {

crawler::CrawlSpec MakeCrawlSpec(const config::Config& config, const config::SourceConfig& s) {
  crawler::CrawlSpec spec;
  spec.source_id = s.id;
  spec.user_agent = config.user_agent;
  // No sources file (`cecat extract --url U --html F` alone): relative file: URLs
  // resolve against the working directory.
  std::error_code ec;
  std::filesystem::path base = config.file.empty()
                                   ? std::filesystem::current_path(ec)
                                   : std::filesystem::absolute(config.file, ec).parent_path();
  for (const auto& url : s.start_urls) {
    if (url.rfind("file:", 0) == 0 && url.rfind("file://", 0) != 0) {
      // "file:site/index.html": relative to the sources file's folder.
      auto path = (base / url.substr(5)).lexically_normal();
      spec.start_urls.push_back("file://" + path.string());
    } else {
      spec.start_urls.push_back(url);
    }
  }
  spec.allow = s.allow;
  spec.deny = s.deny;
  spec.sitemaps = s.sitemaps;
  spec.max_depth = s.max_depth;
  spec.max_pages = s.max_pages;
  spec.max_bytes = s.max_bytes;
  spec.delay_ms = s.delay_ms;
  spec.concurrency_per_host = s.concurrency_per_host;
  spec.timeout_s = s.timeout_s;
  spec.retries = s.retries;
  spec.max_duration_s = s.max_duration_s;
  spec.respect_robots = s.respect_robots;
  spec.allow_addresses = s.allow_addresses;
  return spec;
}

parsers::ExtractOptions MakeExtractOptions(const config::SourceConfig& source) {
  parsers::ExtractOptions options;
  options.rules = source.extract;
  options.follow = source.follow;
  // A provider's own site (docs/extraction.md "Providers, approvals and
  // inheritance"): its courses that name no provider are the site's.
  for (const std::string& kind : source.kinds) {
    if (kind == "providers" || kind == "accreditations") options.site_is_provider = true;
  }
  return options;
}

FollowChoice ChooseFollow(const parsers::Link& link, const parsers::ExtractOptions& options) {
  if (link.url.empty()) {
    // The parsers leave `url` empty for other schemes and for what does not resolve.
    Result<Url> absolute = ParseUrl(link.href);
    if (absolute.ok()) return {false, "not http(s): a " + absolute->scheme + ": link"};
    return {false, "does not resolve against the page's base URL"};
  }
  if (options.follow.empty() || link.follow) return {true, ""};
  return {false, "matched by no follow selector"};
}

}  // namespace cecat::refresh
