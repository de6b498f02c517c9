// The refresh engine: crawl -> extract -> normalise -> index, per source. The
// refresh, crawl and reparse commands run it through RunRefresh (refresh.h).
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <vector>

#include "common/clock.h"
#include "config/config.h"
#include "index/index.h"
#include "normalise/normalise.h"
#include "refresh/report.h"
#include "refresh/source_crawler.h"

namespace cecat::refresh {

enum class Mode { kRefresh, kCrawlOnly, kReparse };

// "refresh", "crawl" or "reparse": the command's name, as runs record it.
const char* ModeName(Mode mode);

// How RunSources spreads the work, and its seams.
struct EngineOptions {
  Mode mode = Mode::kRefresh;
  // Sources crawled at once. Sources that share a host are never crawled at the
  // same time, so per-host politeness holds across sources too.
  int parallel_sources = 4;
  // Parsing, extraction and compression threads; 0 = one per core.
  int workers = 0;
  // A live progress line on stderr (interactive runs).
  bool progress = false;
  // The database `index` has open: each crawling thread reads validators and a
  // 304's stored links through its own read-only connection to it. Empty: no
  // validators (every page is fetched in full).
  std::filesystem::path database;
  // Where time comes from; null = the system clocks.
  const Clock* clock = nullptr;
  // Who crawls; null = the libcurl crawler.
  SourceCrawler* crawler = nullptr;
};

// Runs the sources through the engine and applies each one's result to the index.
// Per source, the crawler hands pages off without waiting; a worker pool parses,
// extracts, normalises and compresses them; the calling thread writes responses in
// batched transactions and, when a source's crawl ends, applies it (one
// transaction), in the order the sources were given. Bounded queues between the
// stages. Never throws; a source's failure is reported in its SourceReport and
// leaves its records as they were. `stop` set: nothing new starts, running crawls
// end early and their sources are reported cancelled. `on_report` runs on the
// calling thread, once per source started, in the order sources are applied.
// Sets glibc's malloc up for a refresh (thresholds, padding: engine.cc says why).
// RunSources calls it; a caller that starts threads before (libcurl's load, the
// normaliser's) calls it first, so their heaps grow the same way. Once per process.
void TuneMalloc();

void RunSources(const EngineOptions& options, const config::Config& config,
                const std::vector<const config::SourceConfig*>& sources, index::Index& index,
                const normalise::Normaliser& normaliser, const std::atomic<bool>& stop,
                int64_t run_id, const std::function<void(const SourceReport&)>& on_report);

}  // namespace cecat::refresh
