// A source's end: its staged records merged, deduplicated across sources and
// applied to the index in one transaction, and its report finished.
#include <malloc.h>

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include <spdlog/spdlog.h>

#include "common/redact.h"
#include "normalise/inherit.h"
#include "normalise/provider.h"
#include "refresh/detail/engine_impl.h"
#include "refresh/health.h"

namespace cecat::refresh::detail {
namespace {

// Cross-source deduplication (issues 5 and 17): a course this source yields that
// another source already published (same provider, near-identical title, no
// conflicting hours, dates or format) takes the existing record's id, so the
// catalogue holds one record with both sources. Two courses of the same source are
// never merged: a provider listing two similar courses means two courses.
//
// A merged record is composed from each source's own part, stored by the index
// (ApplyItem::contributions): this source's fresh part replaces its old one and the
// others' stored parts fill in, in the order they joined. So one source's re-crawl
// keeps the other's fields, and a night on which neither changed composes the same
// record whichever crawl ended first (no change is emitted).
std::vector<index::Contribution> MergeWithOtherSources(const std::string& source_id,
                                                       index::Index& index, Record& r,
                                                       SourceReport* report) {
  auto warn = [&](const Status& st) {
    report->diagnostics.push_back({.severity = Diagnostic::Severity::kWarning,
                                   .where = "dedup",
                                   .url = r.page_url,
                                   .message = "lookup failed: " + st.message()});
  };
  index::Contribution own{.record = r, .match_key = normalise::MatchKey(r)};
  own.record.sources = {source_id};

  std::string target_id;
  std::vector<index::Contribution> parts;
  // This record is merged already: it has this source's id, or this source's part.
  auto stored = index.Contributions(r.id);
  if (!stored.ok()) {
    warn(stored.status());
    return {};
  }
  auto existing = index.FindById(r.id);
  if (!existing.ok()) {
    warn(existing.status());
    return {};
  }
  if (!stored->empty()) {
    target_id = r.id;
    parts = std::move(*stored);
  } else if (*existing) {
    // The same id from another source (a provider every source names, a course
    // page an aggregator links to): the record it has is that source's part.
    const Record& e = **existing;
    auto other = std::find_if(e.sources.begin(), e.sources.end(),
                              [&](const std::string& s) { return s != source_id; });
    if (other == e.sources.end()) return {};  // this source's alone
    target_id = r.id;
    index::Contribution first{.record = e, .match_key = normalise::MatchKey(e)};
    first.record.sources = {*other};
    if (std::find(e.sources.begin(), e.sources.end(), source_id) != e.sources.end()) {
      // Merged before parts were stored (schema 3): this source's fresh part goes
      // first, the stored record fills in what the others gave.
      parts = {own, std::move(first)};
    } else {
      parts.push_back(std::move(first));
    }
  } else if (r.type == RecordType::kCourse && !own.match_key.empty()) {
    auto candidates = index.FindByMatchKey(own.match_key);
    if (!candidates.ok()) {
      warn(candidates.status());
      return {};
    }
    for (const Record& c : *candidates) {
      auto c_parts = index.Contributions(c.id);
      if (!c_parts.ok()) {
        warn(c_parts.status());
        return {};
      }
      bool member = std::find(c.sources.begin(), c.sources.end(), source_id) != c.sources.end();
      if (member) {
        // This source's own earlier part of c (same URL), else another course of it.
        bool mine = std::any_of(c_parts->begin(), c_parts->end(), [&](const auto& p) {
          return p.record.sources.front() == source_id && p.record.url == own.record.url;
        });
        if (!mine) continue;
      } else if (!normalise::IsSameCourse(c, r)) {
        continue;
      }
      target_id = c.id;
      parts = std::move(*c_parts);
      if (parts.empty()) {
        // A record of one source so far: its stored fields are that source's part.
        index::Contribution first{.record = c, .match_key = normalise::MatchKey(c)};
        first.record.sources.resize(1);
        parts.push_back(std::move(first));
      }
      break;
    }
  }
  if (target_id.empty()) return {};

  auto mine = std::find_if(parts.begin(), parts.end(), [&](const index::Contribution& p) {
    return p.record.sources.front() == source_id;
  });
  if (mine != parts.end()) {
    *mine = own;
  } else {
    parts.push_back(own);
  }
  Record composed = parts.front().record;
  for (size_t i = 1; i < parts.size(); ++i) {
    composed = normalise::MergeRecords(composed, parts[i].record);
  }
  composed.id = target_id;
  composed.page_url = r.page_url;  // the membership is this source's page
  r = std::move(composed);
  return parts;
}

// A provider that a page names without its site (an aggregator's "by Acme CE", an
// approval statement) is the provider of that name the index already knows with a
// site, when exactly one such is known: its URL joins the source's name -> URL map
// (SPEC: one record per organisation).
// "30m", "1h30m", "45s": how a limit was configured, for the report.
std::string FormatDuration(double seconds) {
  auto s = static_cast<int64_t>(seconds + 0.5);
  std::string out;
  if (s >= 3600) out += std::to_string(s / 3600) + "h";
  if (s % 3600 >= 60) out += std::to_string(s % 3600 / 60) + "m";
  if (s % 60 != 0 || out.empty()) out += std::to_string(s % 60) + "s";
  return out;
}

// The pages a successful crawl reached: those it stored or touched, and those
// that failed for now (5xx, timeouts), whose records it keeps.
std::vector<std::string> CrawlPages(const SourceRun& run) {
  std::vector<std::string> pages = run.crawl_pages;
  for (const auto& f : run.report.failures) {
    if (!f.Gone()) pages.push_back(f.url);
  }
  return pages;
}

// What ReplacedIds needs of the records this source has on its pages, read once
// per page and kept for the whole apply, instead of `Index::RecordsOnPage` (every
// record of the page, JSON parsed) once per record: a listing page of 100 courses
// was read 120 times, in id order across all pages, and that made most of a
// refresh's CPU (docs/benchmarks.md, issue 22). An entry is the record's id, type
// and a hash of what ReplacedIds compares (the url; a provider's id key): about
// 150 bytes a record with the id map, 15 MB for 100,000. A hash that matches is
// checked against the index itself (ReplacedIds), so a collision costs a lookup,
// never a wrong answer.
//
// The apply writes each item before asking for the next (ApplySourceStream), so
// Applied() folds the previous item in as the index now shows it: on its page, or
// off the page it was on. A page read later comes from the index, which holds the
// writes already. Replaced ids stay on their page until the apply's end, in the
// index as here.
class PageRecords {
 public:
  struct Entry {
    std::string id;
    RecordType type = RecordType::kCourse;
    uint64_t match = 0;  // MatchHash
  };

  explicit PageRecords(index::Index& index) : index_(index) {}

  // What `old` is compared by: its url; for a provider, the id its name and url
  // key it to today (0 when they key it to nothing).
  static uint64_t MatchHash(const Record& old) {
    if (old.type != RecordType::kProvider) return Hash64(old.url);
    std::string key = normalise::ProviderIdKey(old.fields.value("name", ""), old.url);
    return key.empty() ? 0 : Hash64(MakeRecordId(RecordType::kProvider, key));
  }

  // The entries on `page`, read from the index the first time.
  Result<const std::vector<Entry>*> On(const std::string& source_id, const std::string& page) {
    auto [it, inserted] = pages_.try_emplace(page, entries_.size());
    if (inserted) {
      Result<std::vector<Record>> records = index_.RecordsOnPage(source_id, page);
      if (!records.ok()) {
        pages_.erase(it);
        return records.status();
      }
      std::vector<Entry>& on = entries_.emplace_back();
      for (const Record& r : *records) {
        where_[r.id] = it->second;
        on.push_back({.id = r.id, .type = r.type, .match = MatchHash(r)});
      }
    }
    return &entries_[it->second];
  }

  // The apply wrote `written` (an Entry of the record) with its membership on `page`.
  void Applied(Entry written, const std::string& page) {
    if (auto was = where_.find(written.id); was != where_.end()) {
      std::vector<Entry>& on = entries_[was->second];
      std::erase_if(on, [&](const Entry& e) { return e.id == written.id; });
      where_.erase(was);
    }
    auto it = pages_.find(page);
    if (it == pages_.end()) return;  // read from the index when first asked for
    where_[written.id] = it->second;
    entries_[it->second].push_back(std::move(written));
  }

 private:
  index::Index& index_;
  std::unordered_map<std::string, std::size_t> pages_;  // page -> entries_ index
  std::vector<std::vector<Entry>> entries_;
  std::unordered_map<std::string, std::size_t> where_;  // id -> entries_ index
};

// The ids under which an older cecat stored this very record from this source's
// page (docs/normalisation.md, "Upgrading an index"): a record of the same type,
// last seen on the same page, that today's identity rules would give r's id. A
// URL-keyed course, scholarship or review replaces one with the same url (an
// older id came from its title); a provider replaces one whose name and URL now
// key it to r (the older id came from the exact URL, or a name with approval
// wording). Anything else on the page is judged by the lifecycle as usual.
std::vector<std::string> ReplacedIds(PageRecords& pages, index::Index& index,
                                     const std::string& source_id, const Record& r,
                                     SourceReport* report) {
  std::vector<std::string> out;
  if (r.page_url.empty()) return out;
  const bool keyed_by_url =
      r.type == RecordType::kProvider || (!r.url.empty() && MakeRecordId(r.type, r.url) == r.id);
  if (!keyed_by_url) return out;
  auto warn = [&](const Status& st) {
    report->diagnostics.push_back(
        {.severity = Diagnostic::Severity::kWarning,
         .where = "apply",
         .message = "looking up older ids of " + r.id + ": " + st.message()});
  };
  // Nearly always nothing on the page matches: the entries say so without the
  // index. A match (or a hash collision) is settled on the records themselves.
  Result<const std::vector<PageRecords::Entry>*> entries = pages.On(source_id, r.page_url);
  if (!entries.ok()) {
    warn(entries.status());
    return out;
  }
  const uint64_t match =
      Hash64(r.type == RecordType::kProvider ? r.id : std::string(RedactUrl(r.url)));
  bool candidate = std::any_of((*entries)->begin(), (*entries)->end(), [&](const auto& e) {
    return e.id != r.id && e.type == r.type && e.match == match;
  });
  if (!candidate) return out;
  Result<std::vector<Record>> on_page = index.RecordsOnPage(source_id, r.page_url);
  if (!on_page.ok()) {
    warn(on_page.status());
    return out;
  }
  for (const Record& old : *on_page) {
    if (old.id == r.id || old.type != r.type) continue;
    bool same;
    if (r.type == RecordType::kProvider) {
      std::string key = normalise::ProviderIdKey(old.fields.value("name", ""), old.url);
      same = !key.empty() && MakeRecordId(RecordType::kProvider, key) == r.id;
    } else {
      same = old.url == RedactUrl(r.url);
    }
    if (same) out.push_back(old.id);
  }
  return out;
}

class KnownProviders {
 public:
  explicit KnownProviders(index::Index& index) : index_(index) {}

  // The site of the one provider known by this name key, or "".
  std::string Site(const std::string& name_key) {
    auto [it, inserted] = cache_.try_emplace(name_key);
    if (!inserted) return it->second;
    auto found = index_.FindByMatchKey("provider|" + name_key);
    if (!found.ok()) return "";
    std::string site;
    for (const Record& p : *found) {
      if (p.type != RecordType::kProvider) continue;
      // Its site as a page gave it (the `url` field), not the record's url: a
      // provider known only by name has the page that named it there (SPEC: every
      // record has a url), and re-keying it by that page's host split it from its
      // own record on the next crawl, and merged every provider an aggregator names
      // into one record of the aggregator's host.
      auto url = p.fields.find("url");
      if (url == p.fields.end() || !url->is_string()) continue;
      const std::string& own = url->get_ref<const std::string&>();
      if (own.empty()) continue;
      if (!site.empty() && site != own) return "";  // two organisations of one name
      site = own;
    }
    it->second = site;
    return site;
  }

 private:
  index::Index& index_;
  std::map<std::string, std::string> cache_;
};

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
  KnownProviders known(index_);
  if (run.stage) {
    Status st = run.stage->ForEachPending([&](index::PendingRaw&& p) -> Status {
      bool differs = false;
      for (const auto& [name, url] : p.lookups) {
        if (!providers.count(name)) {
          if (std::string site = known.Site(name); !site.empty()) providers[name] = site;
        }
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
      curation_.Redirect(out.records);
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
  // Their confirmation time is read only by a sitemap's <lastmod> check: a source
  // that crawls no sitemap has none of its responses rewritten (issue 25: an
  // unchanged re-crawl rewrites nothing).
  outcome.revalidated = run.spec.sitemaps.empty() ? 0 : outcome.unchanged_pages.size();
  outcome.revalidated_at = run.revalidated_at;
  // A page that answered 404 or 410 is gone, though: its records are not kept
  // alive, so they go stale now and are removed after 3 such crawls (SPEC).
  for (const auto& f : report.failures) {
    if (!f.Gone()) outcome.unchanged_pages.push_back(f.url);
  }
  outcome.is_crawl = options_.mode != Mode::kReparse;
  outcome.partial = report.partial;
  if (report.partial) outcome.error = "partial: " + report.partial_reason;
  if (outcome.is_crawl && !outcome.partial) outcome.crawl_pages = CrawlPages(run);
  index::RecordStage* stage = run.stage.get();
  PageRecords pages(index_);
  // The item handed to the apply last time; written by now (ApplySourceStream).
  std::optional<std::pair<PageRecords::Entry, std::string>> handed;
  // The providers courses inherit approvals from, read once per apply: 100 courses
  // of a listing page name a handful of providers.
  ProviderCache providers_read;
  index::ApplyRecordSource records = [&](index::ApplyItem* item) -> Result<bool> {
    if (handed) {
      providers_read.erase(handed->first.id);
      pages.Applied(std::move(handed->first), handed->second);
      handed.reset();
    }
    if (stage == nullptr) return false;
    // Merged as they are read: a group can be every page's copy of one provider.
    std::optional<Record> merged;
    Result<bool> more = stage->NextGroup([&merged](Record&& next) {
      if (!merged) {
        merged = std::move(next);
      } else {
        *merged = normalise::MergeRecords(*merged, next);
      }
    });
    if (!more.ok() || !*more) return more;
    Record r = std::move(*merged);
    item->contributions = MergeWithOtherSources(source_id, index_, r, &report);
    // The approvals a course inherits from its provider, as the provider stands
    // now: stored with the course, so a re-crawl of an unchanged course composes
    // the record already stored and emits nothing. InheritCourseApprovals below
    // catches up the courses whose provider changed after them.
    if (r.type == RecordType::kCourse) InheritFromProvider(r, &providers_read, &report);
    // SPEC: every record has a url. A provider known only by name (from an approval
    // statement) is pointed at the page that named it.
    if (r.url.empty()) r.url = r.page_url;
    item->replaces = ReplacedIds(pages, index_, source_id, r, &report);
    // The feed is public: a start URL's credentials or token (userinfo, ?api_key=)
    // must not ride along in the links of the records found below it.
    r.url = RedactUrl(r.url);
    item->page = r.page_url;
    item->match_key = normalise::MatchKey(r);
    item->record = std::move(r);
    // The apply skips a record without an id; it writes the others on this page
    // (ApplySourceStream: the item's page, else the record's url).
    if (!item->record.id.empty())
      handed.emplace(PageRecords::Entry{.id = item->record.id,
                                        .type = item->record.type,
                                        .match = PageRecords::MatchHash(item->record)},
                     !item->page.empty() ? item->page : item->record.url);
    return true;
  };
  index::ApplyRejectSource rejects = [&](index::Rejected* r) -> Result<bool> {
    if (stage == nullptr) return false;
    return stage->NextReject(r);
  };
  run.applied_at = clock_.NowUnix();
  auto applied = index_.ApplySourceStream(outcome, records, rejects, run.applied_at);
  if (!applied.ok()) {
    report.ok = false;
    report.error = applied.status().ToString();
    return;
  }
  report.apply = *applied;
  report.rejected = applied->rejected;
  // A provider's approvals change only with some record of the source changing
  // (added, updated, stale or removed); a night without change skips the scan.
  if (applied->added + applied->updated + applied->stale + applied->removed > 0)
    InheritCourseApprovals(&report);
  if (applied->suspicious) {
    report.diagnostics.push_back(
        {.severity = Diagnostic::Severity::kWarning,
         .where = "apply",
         .message = "suspicious: the crawl yielded less than half of the previous record count; "
                    "nothing was marked stale or removed"});
  }
}

void Engine::InheritFromProvider(Record& course, ProviderCache* providers, SourceReport* report) {
  std::string pid = normalise::CourseProviderId(course);
  const Record* provider = nullptr;
  if (!pid.empty()) {
    auto cached = providers->find(pid);
    if (cached == providers->end()) {
      auto found = index_.FindById(pid);
      if (!found.ok()) {
        report->diagnostics.push_back(
            {.severity = Diagnostic::Severity::kWarning,
             .where = "inherit",
             .url = course.page_url,
             .message = "provider lookup failed: " + found.status().message()});
        return;
      }
      cached = providers->emplace(pid, std::move(*found)).first;
    }
    if (cached->second) provider = &*cached->second;
  }
  normalise::InheritApprovals(course, provider, normaliser_.vocabulary().ProviderLevelBodies());
}

// Every course's inherited approvals against its provider as the index now holds
// it: a provider that gained or lost an approval on this source's pages changes
// the courses of every source that names it, also those whose pages answered 304.
// After the source's apply (its own transaction): a run killed in between leaves
// the courses as they were, and the next apply catches up.
void Engine::InheritCourseApprovals(SourceReport* report) {
  const std::vector<std::string> levels = normaliser_.vocabulary().ProviderLevelBodies();
  const auto began = clock_.Steady();
  auto revised = index_.ReviseCourses(
      [&](Record& course, const Record* provider) {
        return normalise::InheritApprovals(course, provider, levels);
      },
      clock_.NowUnix());
  if (revised.ok()) {
    spdlog::debug("inherited approvals: {} course(s) revised in {:.2f} s", *revised,
                  std::chrono::duration<double>(clock_.Steady() - began).count());
  } else {
    report->diagnostics.push_back(
        {.severity = Diagnostic::Severity::kWarning,
         .where = "inherit",
         .message = "inherited approvals not updated: " + revised.status().message()});
  }
}

void Engine::Finish(SourceRun& run) {
  if (run.skipped) return;
  SourceReport& report = run.report;
  const std::vector<Diagnostic>& kept = run.worker_diagnostics.kept();
  report.diagnostics.insert(report.diagnostics.end(), kept.begin(), kept.end());
  if (run.unmatched_pages > 0) {
    // Info, not a warning: listing pages are often crawled for their links alone.
    report.diagnostics.push_back(
        {.severity = Diagnostic::Severity::kInfo,
         .where = "extract",
         .url = run.first_unmatched_page,
         .message =
             run.unmatched_pages == 1
                 ? std::string("no extract entry matched this URL; its links were "
                               "followed, no records looked for")
                 : "no extract entry matched this URL nor " +
                       std::to_string(run.unmatched_pages - 1) +
                       (run.unmatched_pages == 2 ? " other crawled page" : " other crawled pages") +
                       "; their links were followed, no records looked for"});
    run.unmatched_pages = 0;
  }
  report.diagnostics_dropped += run.worker_diagnostics.dropped();
  run.worker_diagnostics = DiagnosticList(kMaxDiagnostics);
  auto fail = [&](std::string error) {
    report.ok = false;
    report.error = std::move(error);
  };
  if (options_.mode != Mode::kReparse && (run.out_of_run_time || report.crawl.out_of_time)) {
    report.partial = true;
    report.partial_reason =
        run.out_of_run_time
            ? "not crawled: the run's max_run_duration ran out first"
            : FormatDuration(run.spec.max_duration_s) + " crawl time limit reached; " +
                  std::to_string(report.crawl.not_started) + " URL(s) not fetched";
  }
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
  } else if (options_.mode != Mode::kReparse && !report.partial &&
             report.crawl.fetched + report.crawl.unchanged == 0) {
    fail("no page could be fetched");
  }
  if (report.ok && !run.stage_error.ok()) fail(run.stage_error.ToString());
  if (report.ok && !curation_error_.ok() && options_.mode != Mode::kCrawlOnly)
    fail(curation_error_.ToString());
  if (int64_t n = run.suppressed_pages.load(); n > 0) {
    report.diagnostics.push_back(
        {.severity = Diagnostic::Severity::kInfo,
         .where = "curation",
         .message = std::to_string(n) + (n == 1 ? " page was" : " pages were") +
                    " not parsed: suppressed by a curator (`cecat curate list`)"});
  }
  if (report.ok && options_.mode != Mode::kCrawlOnly) {
#ifdef __GLIBC__
    // The crawl's threads leave their malloc arenas full of freed pages (bodies,
    // parse trees); handed back before the apply grows the writer's heap, they do
    // not add to its peak: 74 MB fell to 58 MB at 10,000 heavy pages (issue 25).
    // A crawl of 304s parsed nothing: walking every arena then only cost time.
    if (report.crawl.fetched > 0) malloc_trim(0);
#endif
    SetWriterCache(kApplyCacheBytes);
    ApplyStaged(run);
    SetWriterCache(kCrawlCacheBytes);
  }
  if (report.ok && options_.mode == Mode::kCrawlOnly) {
    // A fetch-only crawl is an attempt (`sources list` shows it), not a success:
    // nothing was applied, so the source stays due. What it reached is the crawl a
    // reparse then replays.
    Status st = index_.RecordAttempt(run.source->id, clock_.NowUnix());
    if (st.ok() && !report.partial) st = index_.RecordCrawlPages(run.source->id, CrawlPages(run));
    if (!st.ok()) {
      report.diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                                    .where = "index",
                                    .message = "recording the attempt: " + st.message()});
    }
  }
  run.stage.reset();  // deletes its temporary file
  report.duration_s = std::chrono::duration<double>(clock_.Steady() - run.started).count();
  if (report.ok && options_.mode == Mode::kRefresh && run.applied_at > 0) JudgeSourceHealth(run);
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
    if (report.partial) {
      spdlog::warn("source {} is partial: {}; what was fetched is applied, nothing marked stale",
                   run.source->id, report.partial_reason);
    }
    spdlog::info(
        "source {}: {:.1f} s, {} pages fetched, {} unchanged, {} failed; records +{} ~{} stale "
        "{} removed {} rejected {}{}",
        run.source->id, report.duration_s, report.crawl.fetched, report.crawl.unchanged,
        report.crawl.failed, report.apply.added, report.apply.updated, report.apply.stale,
        report.apply.removed, report.rejected, report.apply.suspicious ? "; suspicious" : "");
    if (report.apply.suspicious) {
      spdlog::warn(
          "source {} is suspicious: the crawl yielded less than half of the previous record "
          "count, so nothing was marked stale or removed; if the site really shrank, `cecat "
          "sources accept {}`",
          run.source->id, run.source->id);
    }
    if (report.health.is_object() && report.health.value("status", "") == "degraded") {
      spdlog::warn("source {} is degraded: {}", run.source->id, JoinedReasons(report.health));
    }
  }
  ++progress_.sources_done;
  on_report_(report);
}

}  // namespace cecat::refresh::detail
