// What a page costs on the workers: parse, extract, normalise, stage, compress.
#include <spdlog/spdlog.h>

#include "parsers/extract.h"
#include "refresh/detail/engine_impl.h"
#include "refresh/spec.h"

namespace cecat::refresh::detail {
namespace {

bool IsHtml(const crawler::FetchedPage& page) {
  const std::string& ct = page.content_type;
  // file: URLs carry no media type; the catalogue's files are HTML.
  return ct.empty() || ct == "text/html" || ct == "application/xhtml+xml";
}

}  // namespace

// One raw record's normalised records and rejects, as the stage keeps them. (The
// diagnostics are the caller's to keep or drop.)
void SetOutput(normalise::NormaliseResult&& n, index::StagedOutput& out) {
  out.records = std::move(n.records);
  for (auto& r : n.rejects) {
    // The stored reason names the item and field: a listing page's rejects share
    // its URL (issue 20).
    out.rejects.push_back({std::move(r.kind), std::move(r.url), r.Describe(), std::move(r.raw)});
  }
}

// One page's raw records normalised, as Normalise would do them within the whole
// source except that a provider named without a URL is looked up in this page's
// providers only; such records are staged with their raw record, and the apply
// normalises them again if the source's final map gives the name another URL.
index::StagedPage Engine::NormalisePage(const std::string& page_url, const std::string& source_id,
                                        const std::vector<RawRecord>& records,
                                        const normalise::Normaliser::ProviderUrlMap& providers,
                                        std::vector<Diagnostic>& diagnostics) const {
  index::StagedPage staged;
  staged.page = page_url;
  // A review names its course by title or by the page it is on: this page's
  // courses (empty without reviews).
  const normalise::CourseDirectory courses = normaliser_.Courses(records, source_id);
  for (size_t i = 0; i < records.size(); ++i) {
    index::StagedOutput out;
    out.origin = static_cast<int>(i);
    std::vector<std::string> lookups;
    normalise::NormaliseResult n;
    try {
      n = normaliser_.NormaliseOne(records[i], source_id, providers, &lookups, &courses);
    } catch (const std::exception& e) {
      diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                             .where = "normalise",
                             .url = page_url,
                             .message = std::string("normalisation failed: ") + e.what()});
      continue;
    }
    for (auto& d : n.diagnostics) diagnostics.push_back(std::move(d));
    SetOutput(std::move(n), out);
    curation_.Redirect(out.records);
    if (!lookups.empty()) {
      out.pending = true;
      out.raw = records[i];
      for (std::string& name : lookups) {
        auto it = providers.find(name);
        out.lookups.emplace_back(std::move(name), it != providers.end() ? it->second : "");
      }
    }
    staged.outputs.push_back(std::move(out));
  }
  return staged;
}

// Parsing, extraction and compression: everything CPU-heavy a page costs.
void Engine::ProcessPage(PageJob& job) {
  SourceRun& run = *job.run;
  const crawler::FetchedPage& page = job.page;
  std::vector<std::string> follow;
  std::vector<RawRecord> records;
  std::vector<Diagnostic> diagnostics;
  bool no_entry_matched = false;
  // A curator suppressed the page (docs/curation.md): it is stored like any page
  // (so an unsuppress can replay it), but not parsed: no records, no links.
  const bool suppressed = curation_.Suppressed(run.source->id, page.url) ||
                          curation_.Suppressed(run.source->id, page.final_url);
  if (suppressed) run.suppressed_pages.fetch_add(1);
  if (!suppressed && IsHtml(page) && page.status >= 200 && page.status < 300) {
    try {
      parsers::PageExtraction ex = parsers::ExtractPage(page.body, page.final_url, run.options);
      // The crawler keeps the crawl in scope and within max_depth/max_pages.
      for (const auto& link : ex.links) {
        if (ChooseFollow(link, run.options).follow) follow.push_back(link.url);
      }
      records = std::move(ex.records);
      // A page crawled for its links only matches no entry: counted for the
      // source's report (Finish) instead of one diagnostic per page.
      no_entry_matched = ex.no_entry_matched;
      for (auto& d : ex.diagnostics) {
        if (no_entry_matched && d.where == "extract") continue;
        diagnostics.push_back(std::move(d));
      }
    } catch (const std::exception& e) {
      // One bad page costs its own records, never the source's.
      diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                             .where = "extract",
                             .url = page.final_url,
                             .message = std::string("extraction failed: ") + e.what()});
    }
  }
  if (!job.reparse) {
    index::StoredResponse stored;
    stored.source_id = run.source->id;
    stored.url = page.url;
    stored.final_url = page.final_url;
    stored.status = page.status;
    stored.content_type = page.content_type;
    stored.charset = page.charset;
    stored.etag = page.etag;
    stored.last_modified = page.last_modified;
    stored.body = std::move(job.page.body);
    stored.compressed_body = std::move(job.page.received_body);
    stored.links = follow;
    stored.fetched_at = UnixSeconds(page.fetched_at);
    // Pending until this run applies the source (index::StoredResponse::pending_run).
    stored.pending_run = run_id_;
    Result<index::PreparedResponse> prepared = index::PrepareResponse(std::move(stored));
    if (prepared.ok()) {
      WriteItem put;
      put.kind = WriteItem::Kind::kPut;
      put.run = &run;
      put.put = std::move(*prepared);
      // Before the ticket: the crawl cannot end (and post kDone) until every ticket
      // is back, so the writer sees all of a source's pages before its end.
      writes_.Push(std::move(put));
    } else {
      diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                             .where = "store",
                             .url = page.url,
                             .message = "not stored: " + prepared.status().message()});
    }
  }
  std::optional<index::StagedPage> staged;
  normalise::Normaliser::ProviderUrlMap page_providers;
  if (!records.empty() && options_.mode != Mode::kCrawlOnly) {
    page_providers = normalise::Normaliser::ProviderUrls(records);
    staged = NormalisePage(page.url, run.source->id, records, page_providers, diagnostics);
  }
  {
    std::lock_guard<std::mutex> lock(run.mu);
    if (staged) {
      run.raw_records += static_cast<int64_t>(records.size());
      for (auto& [name, url] : page_providers) {
        auto [it, inserted] = run.provider_urls.try_emplace(name, page.url, url);
        if (!inserted && page.url < it->second.first) it->second = {page.url, url};
      }
      if (run.stage_error.ok()) {
        if (!run.stage) {
          auto opened = index::RecordStage::Open();
          if (opened.ok()) {
            run.stage = std::move(*opened);
          } else {
            run.stage_error = opened.status();
          }
        }
        if (run.stage) {
          Status st = run.stage->Add(*staged);
          if (!st.ok()) run.stage_error = st.WithContext("staging " + page.url);
        }
      }
    }
    for (auto& d : diagnostics) run.worker_diagnostics.Add(std::move(d));
    if (no_entry_matched && run.unmatched_pages++ == 0) run.first_unmatched_page = page.final_url;
  }
  if (job.ticket) {
    job.ticket->Done(std::move(follow));
  } else if (job.reparse) {
    run.reparse_pending.fetch_sub(1);
    run.reparse_pending.notify_all();
  }
}

}  // namespace cecat::refresh::detail
