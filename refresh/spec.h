// A source's settings as the crawler and the parsers take them.
#pragma once

#include <string>

#include "config/config.h"
#include "crawler/crawler.h"
#include "parsers/extract.h"

namespace cecat::refresh {

// Builds the crawler's view of a source from the config. Relative file: URLs
// ("file:site/index.html", a cecat extension for catalogues kept next to the
// sources file) resolve against the sources file's folder, or the working
// directory when there is no sources file.
crawler::CrawlSpec MakeCrawlSpec(const config::Config& config, const config::SourceConfig& source);

// The parsers' options for a source.
parsers::ExtractOptions MakeExtractOptions(const config::SourceConfig& source);

// Whether the refresh hands one of a page's links to the crawler, which then
// applies scope, depth and dedup (crawler::Scope::Judge). A link is handed on when
// it resolved to an http(s) or file: URL and either matched a follow selector or
// the source has no follow selectors at all (README "Extensions": then every link
// is followed). `reason` says why not, for `cecat extract`; empty when handed on.
struct FollowChoice {
  bool follow = false;
  std::string reason;
};
FollowChoice ChooseFollow(const parsers::Link& link, const parsers::ExtractOptions& options);

}  // namespace cecat::refresh
