// A source's end: its staged records merged, deduplicated across sources and
// applied to the index in one transaction, and its report finished.
#include <algorithm>

#include <spdlog/spdlog.h>

#include "common/redact.h"
#include "refresh/detail/engine_impl.h"

namespace cecat::refresh::detail {
namespace {

// Cross-source deduplication (issue 5): a course this source yields that another
// source already published (same provider, near-identical title, no conflicting
// hours, dates or format) takes the existing record's id, so the catalogue holds one
// record with both sources. Two courses of the same source are never merged: a
// provider listing two similar courses means two courses.
void MergeWithOtherSources(const std::string& source_id, index::Index& index, Record& r,
                           SourceReport* report) {
  if (r.type != RecordType::kCourse) return;
  std::string key = normalise::MatchKey(r);
  if (key.empty()) return;
  auto candidates = index.FindByMatchKey(key);
  if (!candidates.ok()) {
    report->diagnostics.push_back({.severity = Diagnostic::Severity::kWarning,
                                   .where = "dedup",
                                   .url = r.page_url,
                                   .message = "lookup failed: " + candidates.status().message()});
    return;
  }
  for (const Record& c : *candidates) {
    if (c.id == r.id) break;
    bool same_source = std::find(c.sources.begin(), c.sources.end(), source_id) != c.sources.end();
    if (same_source || !normalise::IsSameCourse(c, r)) continue;
    std::string page = r.page_url;
    r = normalise::MergeRecords(c, r);
    r.page_url = page;
    break;
  }
}

}  // namespace

// The source's staged records into the index, one record at a time, in one
// transaction: pending records normalised again where the source's final provider
// map differs, records of one id merged in page order, then cross-source dedup.
void Engine::ApplyStaged(SourceRun& run) {
  SourceReport& report = run.report;
  const std::string& source_id = run.source->id;
  report.raw_records = static_cast<int>(run.raw_records);
  normalise::Normaliser::ProviderUrlMap providers;
  for (const auto& [name, found] : run.provider_urls) providers[name] = found.second;
  if (run.stage) {
    Status st = run.stage->ForEachPending([&](index::PendingRaw&& p) -> Status {
      bool differs = false;
      for (const auto& [name, url] : p.lookups) {
        auto it = providers.find(name);
        differs = differs || (it != providers.end() ? it->second : std::string()) != url;
      }
      if (!differs) return Status::Ok();
      normalise::NormaliseResult n = normaliser_.NormaliseOne(p.raw, source_id, providers, nullptr);
      index::StagedPage again;
      again.page = p.page;
      index::StagedOutput& out = again.outputs.emplace_back();
      out.origin = p.origin;
      SetOutput(std::move(n), out);
      return run.stage->Add(again);
    });
    if (!st.ok()) {
      report.ok = false;
      report.error = st.WithContext("staged records").ToString();
      return;
    }
  }
  index::SourceOutcome outcome;
  outcome.source_id = source_id;
  outcome.crawl_ok = true;
  outcome.run_id = run_id_;
  // Records last seen on pages that failed this time are kept alive like those on
  // unchanged pages: a flaky detail page must not make its course go stale.
  outcome.unchanged_pages = std::move(run.unchanged_pages);
  // A page that answered 404 or 410 is gone, though: its records are not kept
  // alive, so they go stale now and are removed after 3 such crawls (SPEC).
  for (const auto& f : report.failures) {
    if (!f.Gone()) outcome.unchanged_pages.push_back(f.url);
  }
  outcome.is_crawl = options_.mode != Mode::kReparse;
  index::RecordStage* stage = run.stage.get();
  std::vector<Record> group;
  index::ApplyRecordSource records = [&](index::ApplyItem* item) -> Result<bool> {
    if (stage == nullptr) return false;
    Result<bool> more = stage->NextGroup(&group);
    if (!more.ok() || !*more) return more;
    Record r = std::move(group.front());
    for (size_t i = 1; i < group.size(); ++i) r = normalise::MergeRecords(r, group[i]);
    MergeWithOtherSources(source_id, index_, r, &report);
    // SPEC: every record has a url. A provider known only by name (from an approval
    // statement) is pointed at the page that named it.
    if (r.url.empty()) r.url = r.page_url;
    // The feed is public: a start URL's credentials or token (userinfo, ?api_key=)
    // must not ride along in the links of the records found below it.
    r.url = RedactUrl(r.url);
    item->page = r.page_url;
    item->match_key = normalise::MatchKey(r);
    item->record = std::move(r);
    return true;
  };
  index::ApplyRejectSource rejects = [&](index::Rejected* r) -> Result<bool> {
    if (stage == nullptr) return false;
    return stage->NextReject(r);
  };
  auto applied = index_.ApplySourceStream(outcome, records, rejects, clock_.NowUnix());
  if (!applied.ok()) {
    report.ok = false;
    report.error = applied.status().ToString();
    return;
  }
  report.apply = *applied;
  report.rejected = applied->rejected;
  if (applied->suspicious) {
    report.diagnostics.push_back(
        {.severity = Diagnostic::Severity::kWarning,
         .where = "apply",
         .message = "suspicious: the crawl yielded less than half of the previous record count; "
                    "nothing was marked stale or removed"});
  }
}

void Engine::Finish(SourceRun& run) {
  if (run.skipped) return;
  SourceReport& report = run.report;
  const std::vector<Diagnostic>& kept = run.worker_diagnostics.kept();
  report.diagnostics.insert(report.diagnostics.end(), kept.begin(), kept.end());
  report.diagnostics_dropped += run.worker_diagnostics.dropped();
  run.worker_diagnostics = DiagnosticList(kMaxDiagnostics);
  auto fail = [&](std::string error) {
    report.ok = false;
    report.error = std::move(error);
  };
  if (!run.crawl_status.ok()) {
    fail(run.crawl_status.cancelled() ? "interrupted" : run.crawl_status.ToString());
    report.cancelled = run.crawl_status.cancelled();
  } else if (!run.store_error.ok()) {
    fail(run.store_error.ToString());
  } else if ((Halting() || stop_.load()) && options_.mode != Mode::kReparse) {
    // Checked here too: the writer copies stop_ into halt_ only between batches.
    fail("interrupted");
    report.cancelled = true;
  } else if (Status start = crawler::StartUrlStatus(run.spec, report.failures);
             options_.mode != Mode::kReparse && !start.ok()) {
    // Normally CrawlSource said so already; a SourceCrawler's report is judged by
    // the same rule whatever it returned.
    fail(start.ToString());
  } else if (options_.mode != Mode::kReparse &&
             report.crawl.fetched + report.crawl.unchanged == 0) {
    fail("no page could be fetched");
  }
  if (report.ok && !run.stage_error.ok()) fail(run.stage_error.ToString());
  if (report.ok && options_.mode != Mode::kCrawlOnly) ApplyStaged(run);
  if (report.ok && options_.mode == Mode::kCrawlOnly) {
    // A fetch-only crawl is an attempt (`sources list` shows it), not a success:
    // nothing was applied, so the source stays due.
    Status st = index_.RecordAttempt(run.source->id, clock_.NowUnix());
    if (!st.ok()) {
      report.diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                                    .where = "index",
                                    .message = "recording the attempt: " + st.message()});
    }
  }
  run.stage.reset();  // deletes its temporary file
  report.duration_s = std::chrono::duration<double>(clock_.Steady() - run.started).count();
  if (!report.ok) {
    // A failed crawl changes none of the source's records; the index only notes
    // the error for `cecat sources list`.
    index::SourceOutcome failed;
    failed.source_id = run.source->id;
    failed.crawl_ok = false;
    failed.error = RedactSecrets(report.error);
    failed.run_id = run_id_;
    auto st = index_.ApplySource(failed, clock_.NowUnix());
    if (!st.ok()) {
      report.diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                                    .where = "index",
                                    .message = "recording the failure: " + st.status().message()});
    }
    spdlog::error("source {} failed after {:.1f} s: {}", run.source->id, report.duration_s,
                  report.error);
  } else {
    spdlog::info(
        "source {}: {:.1f} s, {} pages fetched, {} unchanged, {} failed; records +{} ~{} stale "
        "{} removed {} rejected {}",
        run.source->id, report.duration_s, report.crawl.fetched, report.crawl.unchanged,
        report.crawl.failed, report.apply.added, report.apply.updated, report.apply.stale,
        report.apply.removed, report.rejected);
  }
  ++progress_.sources_done;
  on_report_(report);
}

}  // namespace cecat::refresh::detail
