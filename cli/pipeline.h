// The refresh pipeline: crawl -> extract -> normalise -> index, per source, then
// the feed. The CLI's refresh, crawl and reparse commands are thin calls into it.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "common/record.h"
#include "config/config.h"
#include "crawler/crawler.h"
#include "index/index.h"
#include "normalise/normalise.h"
#include "parsers/extract.h"

namespace cecat::cli {

enum class PipelineMode { kRefresh, kCrawlOnly, kReparse };

// What happened to one source in one run; stored with the run for `cecat runs`.
struct SourceReport {
  std::string source_id;
  bool ok = true;
  std::string error;  // why the source failed, when it did
  double duration_s = 0;
  crawler::CrawlStats crawl;
  index::ApplyStats apply;
  int raw_records = 0;
  int rejected = 0;
  std::vector<crawler::FetchFailure> failures;
  std::vector<std::string> diagnostics;
  Json ToJson() const;
};

// Builds the crawler's view of a source from the config. `config_dir` resolves
// relative file: URLs ("file:site/index.html"), a cecat extension for catalogues
// kept next to the sources file.
crawler::CrawlSpec MakeCrawlSpec(const config::Config& config, const config::SourceConfig& source);

// The parsers' options for a source.
parsers::ExtractOptions MakeExtractOptions(const config::SourceConfig& source);

// Runs one source through the pipeline and applies the result to the index.
// Never throws; a failure is reported in the SourceReport and leaves the
// source's records as they were.
SourceReport RunSource(PipelineMode mode, const config::Config& config,
                       const config::SourceConfig& source, index::Index& index,
                       const normalise::Normaliser& normaliser, const std::atomic<bool>& stop,
                       int64_t run_id);

// Current time as unix seconds; one place so tests can reason about it.
int64_t NowUnix();

}  // namespace cecat::cli
