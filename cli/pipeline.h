// The refresh pipeline: crawl -> extract -> normalise -> index, per source, then
// the feed. The CLI's refresh, crawl and reparse commands are thin calls into it.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
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
  int64_t diagnostics_dropped = 0;  // beyond those kept in `diagnostics`
  Json ToJson() const;
};

// Builds the crawler's view of a source from the config. `config_dir` resolves
// relative file: URLs ("file:site/index.html"), a cecat extension for catalogues
// kept next to the sources file.
crawler::CrawlSpec MakeCrawlSpec(const config::Config& config, const config::SourceConfig& source);

// The parsers' options for a source.
parsers::ExtractOptions MakeExtractOptions(const config::SourceConfig& source);

// How RunSources spreads the work.
struct PipelineOptions {
  PipelineMode mode = PipelineMode::kRefresh;
  // Sources crawled at once. Sources that share a host are never crawled at the
  // same time, so per-host politeness holds across sources too.
  int parallel_sources = 4;
  // Parsing, extraction and compression threads; 0 = one per core.
  int workers = 0;
  // A live progress line on stderr (interactive runs).
  bool progress = false;
  // The database `index` has open: each crawling thread reads validators and a
  // 304's stored links through its own read-only connection to it.
  std::filesystem::path database;
};

// Runs the sources through the pipeline and applies each one's result to the index.
// The pipeline: per source, libcurl's event loop fetches and hands pages off
// without waiting; a worker pool parses, extracts and compresses them; the calling
// thread writes responses in batched transactions and, when a source's crawl ends,
// normalises and applies it (one transaction). Bounded queues between the stages.
// Never throws; a source's failure is reported in its SourceReport and leaves its
// records as they were. `on_report` runs on the calling thread, once per source,
// in the order sources finish.
void RunSources(const PipelineOptions& options, const config::Config& config,
                const std::vector<const config::SourceConfig*>& sources, index::Index& index,
                const normalise::Normaliser& normaliser, const std::atomic<bool>& stop,
                int64_t run_id, const std::function<void(const SourceReport&)>& on_report);

// Groups of sources that share a host (start URLs, sitemaps), in config order:
// each group is crawled by one thread, one source after another.
std::vector<std::vector<const config::SourceConfig*>> GroupByHost(
    const std::vector<const config::SourceConfig*>& sources);

// Current time as unix seconds; one place so tests can reason about it.
int64_t NowUnix();

}  // namespace cecat::cli
