// A source's settings as the crawler and the parsers take them.
#pragma once

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

}  // namespace cecat::refresh
