#include "cli/pipeline.h"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "common/url.h"

namespace cecat::cli {
namespace {

bool IsHtml(const crawler::FetchedPage& page) {
  const std::string& ct = page.content_type;
  // file: URLs carry no media type; the catalogue's files are HTML.
  return ct.empty() || ct == "text/html" || ct == "application/xhtml+xml";
}

// Receives each page from the crawler, stores it, extracts records and returns the
// links to follow. Runs on the crawler's thread.
class SourceHandler : public crawler::PageHandler {
 public:
  SourceHandler(PipelineMode mode, const config::SourceConfig& source, index::Index& index,
                parsers::ExtractOptions options, SourceReport* report)
      : mode_(mode),
        source_(source),
        index_(index),
        options_(std::move(options)),
        report_(report) {}

  std::vector<std::string> OnPage(const crawler::FetchedPage& page) override {
    int64_t fetched_at =
        std::chrono::duration_cast<std::chrono::seconds>(page.fetched_at.time_since_epoch())
            .count();
    if (page.not_modified) {
      // Unchanged since the last visit: no parsing. Its records stay alive and its
      // stored links are followed again, so pages below it are still visited.
      unchanged_pages_.push_back(page.url);
      Status st = index_.TouchResponse(page.url, fetched_at);
      if (!st.ok()) report_->diagnostics.push_back(page.url + ": " + st.message());
      auto stored = index_.GetResponse(page.url);
      if (stored.ok() && stored->has_value()) return (*stored)->links;
      return {};
    }
    std::vector<std::string> follow;
    if (IsHtml(page) && page.status >= 200 && page.status < 300) {
      parsers::PageExtraction ex = parsers::ExtractPage(page.body, page.final_url, options_);
      for (const auto& link : ex.links) {
        if (link.follow && !link.url.empty()) follow.push_back(link.url);
      }
      for (auto& raw : ex.records) raw_.push_back(std::move(raw));
      for (const auto& d : ex.diagnostics) {
        report_->diagnostics.push_back(page.final_url + ": " + d.where + ": " + d.message);
      }
    }
    index::StoredResponse stored;
    stored.source_id = source_.id;
    stored.url = page.url;
    stored.final_url = page.final_url;
    stored.status = page.status;
    stored.content_type = page.content_type;
    stored.charset = page.charset;
    stored.etag = page.etag;
    stored.last_modified = page.last_modified;
    stored.body = page.body;
    stored.links = follow;
    stored.fetched_at = fetched_at;
    Status st = index_.PutResponse(stored);
    if (!st.ok()) {
      // Without the stored response a later reparse would miss this page; that is
      // worth failing the source for, since its records would silently go stale.
      store_error_ = st.WithContext("storing " + page.url);
    }
    (void)mode_;
    return follow;
  }

  void OnFailure(const crawler::FetchFailure& failure) override {
    report_->failures.push_back(failure);
  }

  std::vector<RawRecord>& raw() { return raw_; }
  const std::vector<std::string>& unchanged_pages() const { return unchanged_pages_; }
  const Status& store_error() const { return store_error_; }

 private:
  PipelineMode mode_;
  const config::SourceConfig& source_;
  index::Index& index_;
  parsers::ExtractOptions options_;
  SourceReport* report_;
  std::vector<RawRecord> raw_;
  std::vector<std::string> unchanged_pages_;
  Status store_error_;
};

// True if the start URL (as the crawler reports it) failed: without the entry
// point the crawl says nothing about which records still exist.
bool StartUrlFailed(const crawler::CrawlSpec& spec, const SourceReport& report) {
  for (const auto& start : spec.start_urls) {
    auto canonical = CanonicalUrlString(start);
    for (const auto& f : report.failures) {
      if (f.url == start || (canonical.ok() && f.url == *canonical)) return true;
    }
  }
  return false;
}

// Cross-source deduplication (issue 5): a course this source yields that another
// source already published (same provider, near-identical title, no conflicting
// hours, dates or format) takes the existing record's id, so the catalogue holds one
// record with both sources. Two courses of the same source are never merged: a
// provider listing two similar courses means two courses.
void MergeWithOtherSources(const std::string& source_id, index::Index& index,
                           std::vector<Record>* records, SourceReport* report) {
  for (Record& r : *records) {
    if (r.type != RecordType::kCourse) continue;
    std::string key = normalise::MatchKey(r);
    if (key.empty()) continue;
    auto candidates = index.FindByMatchKey(key);
    if (!candidates.ok()) {
      report->diagnostics.push_back("dedup lookup: " + candidates.status().message());
      continue;
    }
    for (const Record& c : *candidates) {
      if (c.id == r.id) break;
      bool same_source =
          std::find(c.sources.begin(), c.sources.end(), source_id) != c.sources.end();
      if (same_source || !normalise::IsSameCourse(c, r)) continue;
      std::string page = r.page_url;
      r = normalise::MergeRecords(c, r);
      r.page_url = page;
      break;
    }
  }
}

void NormaliseAndApply(const config::SourceConfig& source, index::Index& index,
                       const normalise::Normaliser& normaliser, std::vector<RawRecord>& raw,
                       std::vector<std::string> kept_pages, int64_t run_id, SourceReport* report) {
  report->raw_records = static_cast<int>(raw.size());
  normalise::NormaliseResult normalised = normaliser.Normalise(raw, source.id);
  for (auto& d : normalised.diagnostics) report->diagnostics.push_back(std::move(d));
  index::SourceOutcome outcome;
  outcome.source_id = source.id;
  outcome.crawl_ok = true;
  outcome.run_id = run_id;
  MergeWithOtherSources(source.id, index, &normalised.records, report);
  outcome.records = std::move(normalised.records);
  for (Record& r : outcome.records) {
    // SPEC: every record has a url. A provider known only by name (from an approval
    // statement) is pointed at the page that named it.
    if (r.url.empty()) r.url = r.page_url;
    if (!r.page_url.empty()) outcome.pages[r.id] = r.page_url;
    std::string key = normalise::MatchKey(r);
    if (!key.empty()) outcome.match_keys[r.id] = key;
  }
  outcome.unchanged_pages = std::move(kept_pages);
  for (auto& r : normalised.rejects) {
    outcome.rejects.push_back({r.kind, r.url, r.reason, r.raw});
  }
  report->rejected = static_cast<int>(outcome.rejects.size());
  auto applied = index.ApplySource(outcome, NowUnix());
  if (!applied.ok()) {
    report->ok = false;
    report->error = applied.status().ToString();
    return;
  }
  report->apply = *applied;
  if (applied->suspicious) {
    report->diagnostics.push_back(
        "suspicious: the crawl yielded less than half of the previous record count; nothing "
        "was marked stale or removed");
  }
}

}  // namespace

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Json SourceReport::ToJson() const {
  Json failures_json = Json::array();
  for (const auto& f : failures) {
    failures_json.push_back({{"url", f.url}, {"reason", f.reason}, {"status", f.status}});
  }
  Json reasons = Json::object();
  for (const auto& [reason, n] : crawl.failed_by_reason) reasons[reason] = n;
  return Json{
      {"source", source_id},
      {"ok", ok},
      {"error", error},
      {"duration_s", duration_s},
      {"pages",
       {{"requested", crawl.requested},
        {"fetched", crawl.fetched},
        {"unchanged", crawl.unchanged},
        {"failed", crawl.failed},
        {"robots_denied", crawl.robots_denied},
        {"out_of_scope", crawl.out_of_scope},
        {"bytes", crawl.bytes},
        {"failed_by_reason", reasons}}},
      {"records",
       {{"raw", raw_records},
        {"added", apply.added},
        {"updated", apply.updated},
        {"unchanged", apply.unchanged},
        {"stale", apply.stale},
        {"removed", apply.removed},
        {"rejected", rejected},
        {"suspicious", apply.suspicious}}},
      {"errors", failures_json},
      {"diagnostics", diagnostics},
  };
}

crawler::CrawlSpec MakeCrawlSpec(const config::Config& config, const config::SourceConfig& s) {
  crawler::CrawlSpec spec;
  spec.source_id = s.id;
  spec.user_agent = config.user_agent;
  std::filesystem::path base = std::filesystem::absolute(config.file).parent_path();
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
  spec.respect_robots = s.respect_robots;
  spec.allow_addresses = s.allow_addresses;
  return spec;
}

parsers::ExtractOptions MakeExtractOptions(const config::SourceConfig& source) {
  parsers::ExtractOptions options;
  options.rules = source.extract;
  options.follow = source.follow;
  return options;
}

SourceReport RunSource(PipelineMode mode, const config::Config& config,
                       const config::SourceConfig& source, index::Index& index,
                       const normalise::Normaliser& normaliser, const std::atomic<bool>& stop,
                       int64_t run_id) {
  auto started = std::chrono::steady_clock::now();
  SourceReport report;
  report.source_id = source.id;
  auto finish = [&] {
    report.duration_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!report.ok) {
      // A failed crawl changes none of the source's records; the index only notes
      // the error for `cecat sources list`.
      index::SourceOutcome failed;
      failed.source_id = source.id;
      failed.crawl_ok = false;
      failed.error = report.error;
      failed.run_id = run_id;
      auto st = index.ApplySource(failed, NowUnix());
      if (!st.ok()) report.diagnostics.push_back("recording the failure: " + st.status().message());
    }
    return report;
  };
  parsers::ExtractOptions options = MakeExtractOptions(source);

  if (mode == PipelineMode::kReparse) {
    std::vector<RawRecord> raw;
    Status st = index.ForEachResponse(source.id, [&](const index::StoredResponse& r) {
      if (stop.load()) return;
      if (r.status < 200 || r.status >= 300 || r.body.empty()) return;
      parsers::PageExtraction ex = parsers::ExtractPage(r.body, r.final_url, options);
      for (auto& rec : ex.records) raw.push_back(std::move(rec));
      for (const auto& d : ex.diagnostics) {
        report.diagnostics.push_back(r.final_url + ": " + d.where + ": " + d.message);
      }
      ++report.crawl.unchanged;
    });
    if (!st.ok() || stop.load()) {
      report.ok = false;
      report.error = stop.load() ? "interrupted" : st.ToString();
      return finish();
    }
    NormaliseAndApply(source, index, normaliser, raw, {}, run_id, &report);
    return finish();
  }

  crawler::CrawlSpec spec = MakeCrawlSpec(config, source);
  SourceHandler handler(mode, source, index, options, &report);
  crawler::ValidatorLookup validators =
      [&index](const std::string& url) -> std::optional<crawler::Validators> {
    auto stored = index.GetResponse(url);
    if (!stored.ok() || !stored->has_value()) return std::nullopt;
    const index::StoredResponse& r = **stored;
    crawler::Validators v;
    v.etag = r.etag;
    v.last_modified = r.last_modified;
    // Lets a sitemap's <lastmod> skip a page unchanged since this visit.
    v.fetched_at = std::chrono::system_clock::time_point(std::chrono::seconds(r.fetched_at));
    return v;
  };
  auto crawled = crawler::CrawlSource(spec, validators, handler);
  if (!crawled.ok()) {
    report.ok = false;
    report.error = crawled.status().ToString();
    return finish();
  }
  report.crawl = *crawled;
  if (!handler.store_error().ok()) {
    report.ok = false;
    report.error = handler.store_error().ToString();
    return finish();
  }
  if (stop.load()) {
    report.ok = false;
    report.error = "interrupted";
    return finish();
  }
  if (StartUrlFailed(spec, report)) {
    report.ok = false;
    report.error = "a start URL could not be fetched; the source's records are kept as they were";
    return finish();
  }
  if (report.crawl.fetched + report.crawl.unchanged == 0) {
    report.ok = false;
    report.error = "no page could be fetched";
    return finish();
  }
  if (mode == PipelineMode::kCrawlOnly) return finish();

  // Records last seen on pages that failed this time are kept alive like those on
  // unchanged pages: a flaky detail page must not make its course go stale.
  std::vector<std::string> kept = handler.unchanged_pages();
  for (const auto& f : report.failures) kept.push_back(f.url);
  NormaliseAndApply(source, index, normaliser, handler.raw(), std::move(kept), run_id, &report);
  spdlog::info(
      "source {}: {} pages fetched, {} unchanged, {} failed; records +{} ~{} stale {} "
      "removed {} rejected {}",
      source.id, report.crawl.fetched, report.crawl.unchanged, report.crawl.failed,
      report.apply.added, report.apply.updated, report.apply.stale, report.apply.removed,
      report.rejected);
  return finish();
}

}  // namespace cecat::cli
