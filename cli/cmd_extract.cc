// extract and robots: the admin's dry-run tools. They never write the index.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/context.h"
#include "cli/handlers.h"
#include "cli/record_table.h"
#include "cli/suggest_output.h"
#include "cli/terminal.h"
#include "common/diagnostic.h"
#include "common/redact.h"
#include "common/url.h"
#include "crawler/robots.h"
#include "crawler/scope.h"
#include "normalise/inherit.h"
#include "normalise/normalise.h"
#include "refresh/spec.h"

namespace cecat::cli {
namespace {

// Captures the one page a single-URL crawl fetches.
class OnePage : public crawler::PageHandler {
 public:
  std::vector<std::string> OnPage(const crawler::FetchedPage& page) override {
    page_ = page;
    return {};
  }
  void OnFailure(const crawler::FetchFailure& failure) override { failure_ = failure; }
  std::optional<crawler::FetchedPage> page_;
  std::optional<crawler::FetchFailure> failure_;
};

Json RecordJson(const Record& r) {
  Json j = {{"id", r.id}, {"type", RecordTypeName(r.type)}, {"url", r.url}, {"sources", r.sources}};
  for (auto it = r.fields.begin(); it != r.fields.end(); ++it) j[it.key()] = it.value();
  Json provenance = Json::object();
  for (const auto& [field, producer] : r.provenance) provenance[field] = producer;
  j["provenance"] = provenance;
  return j;
}

// The links as `cecat extract` prints them. `follow` is the refresh's and the
// crawler's own decision (refresh::ChooseFollow, crawler::Scope::Judge) for a link
// found on a page at depth `link_depth - 1`; only what depends on the crawl's
// state (a URL already fetched, max_pages reached) is left out. `reason` says why
// a link is not followed.
Json LinksJson(const std::vector<parsers::Link>& links, const parsers::ExtractOptions& options,
               const Result<crawler::Scope>& scope, int link_depth, int max_depth) {
  Json out = Json::array();
  for (const auto& link : links) {
    Json l = {{"href", link.href}, {"url", link.url}};
    refresh::FollowChoice choice = refresh::ChooseFollow(link, options);
    std::string canonical, reason = choice.reason;
    bool follow = choice.follow;
    if (!link.url.empty() && scope.ok()) {
      crawler::LinkDecision d = scope->Judge(link.url, link_depth, max_depth);
      canonical = d.canonical;
      if (follow && d.verdict != crawler::LinkVerdict::kAdmit) {
        follow = false;
        reason = d.reason;
      }
    } else if (follow) {
      follow = false;
      reason = "the source's scope is invalid (see diagnostics)";
    }
    l["canonical"] = canonical;
    l["follow"] = follow;
    if (!follow) l["reason"] = reason;
    out.push_back(l);
  }
  return out;
}

// "N records, M diagnostics (E errors, W warnings, I info)" and then each
// diagnostic as "severity where: message", escaped for the terminal.
void PrintDiagnosticLines(std::ostream& err, std::size_t records, const Json& diagnostics) {
  std::map<std::string, int> by_severity;
  for (const Json& d : diagnostics) {
    std::string line =
        d.value("severity", "") + " " + d.value("where", "") + ": " + d.value("message", "");
    err << Printable(line) << "\n";
    ++by_severity[d.value("severity", "")];
  }
  err << records << (records == 1 ? " record, " : " records, ") << diagnostics.size()
      << (diagnostics.size() == 1 ? " diagnostic" : " diagnostics");
  if (!diagnostics.empty()) {
    auto count = [&](const char* severity, const char* one, const char* many) {
      int n = by_severity[severity];
      return std::to_string(n) + (n == 1 ? one : many);
    };
    err << " (" << count("error", " error", " errors") << ", "
        << count("warning", " warning", " warnings") << ", " << by_severity["info"] << " info)";
  }
  err << "\n";
}

}  // namespace

int RunExtract(Context& ctx) {
  // One output mode at most: the full JSON (default), --records, --table, --suggest.
  int modes = ctx.args.Has("--records") + ctx.args.Has("--table") + ctx.args.Has("--suggest");
  if (modes > 1) {
    *ctx.err << "cecat extract: --records, --table and --suggest exclude each other\n";
    return kExitUsage;
  }
  std::vector<std::string> columns;
  if (ctx.args.Has("--columns")) {
    if (!ctx.args.Has("--table")) {
      *ctx.err << "cecat extract: --columns goes with --table\n";
      return kExitUsage;
    }
    std::string list = ctx.args.Get("--columns");
    for (std::size_t start = 0; start <= list.size();) {
      std::size_t comma = std::min(list.find(',', start), list.size());
      std::string name = list.substr(start, comma - start);
      bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      });
      if (!valid) {
        *ctx.err << "cecat extract: --columns: expected record field names separated by "
                    "commas (title,audiences), got '"
                 << Printable(list) << "'\n";
        return kExitUsage;
      }
      columns.push_back(name);
      start = comma + 1;
    }
  }
  if (ctx.args.Has("--json") && !ctx.args.Has("--suggest")) {
    *ctx.err << "cecat extract: --json goes with --suggest (extract prints JSON already)\n";
    return kExitUsage;
  }
  if (!ctx.args.Has("--url")) {
    *ctx.err << "cecat extract: --url URL is required\n";
    return kExitUsage;
  }
  std::string url = ctx.args.Get("--url");
  auto parsed_url = ParseUrl(url);
  if (!parsed_url.ok()) {
    *ctx.err << "cecat extract: --url: " << RedactSecrets(parsed_url.status().message()) << "\n";
    return kExitUsage;
  }
  int page_depth = 0;
  if (ctx.args.Has("--depth")) {
    auto d = ParseIntOption("--depth", ctx.args.Get("--depth"), 0, 1000000);
    if (!d.ok()) {
      *ctx.err << "cecat extract: " << d.status().message() << "\n";
      return kExitUsage;
    }
    page_depth = *d;
  }

  // Without --source the page is read with the defaults: auto extraction, every
  // link on the page's host in scope, the default max_depth.
  config::Config config;
  config::SourceConfig source;
  source.id = "extract";
  source.start_urls = {url};
  std::optional<config::Config> loaded;
  if (ctx.args.Has("--source")) {
    loaded = ctx.LoadConfig();
    if (!loaded) return kExitUsage;
    const config::SourceConfig* s = loaded->FindSource(ctx.args.Get("--source"));
    if (s == nullptr) {
      *ctx.err << "cecat: " << loaded->file.string() << ": no source with id '"
               << ctx.args.Get("--source") << "'\n";
      return kExitUsage;
    }
    config = *loaded;
    source = *s;
  }

  std::string html;
  std::string page_url = url;
  if (ctx.args.Has("--html")) {
    std::ifstream in(ctx.args.Get("--html"), std::ios::binary);
    if (!in) {
      *ctx.err << "cecat extract: cannot read --html file '" << ctx.args.Get("--html") << "'\n";
      return kExitUsage;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    html = ss.str();
  } else {
    crawler::CrawlSpec spec = refresh::MakeCrawlSpec(config, source);
    spec.start_urls = {url};
    spec.max_depth = 0;
    spec.max_pages = 1;
    spec.delay_ms = 0;
    OnePage handler;
    auto crawled = crawler::CrawlSource(spec, {}, handler);
    if (!crawled.ok() || !handler.page_) {
      // The URL (and a status message quoting it) may carry credentials or tokens.
      *ctx.err << "cecat extract: cannot fetch " << RedactUrl(url) << ": "
               << RedactSecrets(handler.failure_ ? handler.failure_->Describe()
                                : crawled.ok()   ? std::string("not fetched")
                                                 : crawled.status().message())
               << "\n";
      return kExitSourceFailed;
    }
    html = handler.page_->body;
    page_url = handler.page_->final_url.empty() ? url : handler.page_->final_url;
  }

  if (ctx.args.Has("--suggest")) return PrintSuggestions(ctx, html);

  parsers::ExtractOptions options = refresh::MakeExtractOptions(source);
  parsers::PageExtraction ex = parsers::ExtractPage(html, page_url, options);
  crawler::CrawlSpec scope_spec = refresh::MakeCrawlSpec(config, source);
  if (!ctx.args.Has("--source")) scope_spec.start_urls = {url};
  auto scope = crawler::Scope::Make(scope_spec);

  Json out = Json::object();
  out["url"] = page_url;
  out["base_url"] = ex.base_url;
  out["jsonld"] = ex.jsonld;
  out["microdata"] = ex.microdata;
  out["links"] = LinksJson(ex.links, options, scope, page_depth + 1, source.max_depth);

  // Every entry is a Diagnostic (common/diagnostic.h) in its JSON form.
  using Severity = Diagnostic::Severity;
  Json diagnostics = Json::array();
  for (const Diagnostic& d : ex.diagnostics) diagnostics.push_back(d.ToJson());
  Json records = Json::array();
  auto normaliser = normalise::Normaliser::Load(ResourceDir() / "data");
  if (!normaliser.ok()) {
    diagnostics.push_back(Diagnostic{.severity = Severity::kError,
                                     .where = "normalise",
                                     .message = normaliser.status().message()}
                              .ToJson());
  } else {
    normalise::NormaliseResult n = normaliser->Normalise(ex.records, source.id);
    // What a course inherits from a provider that this page itself describes (its
    // footer's or JSON-LD's provider with approvals), marked as the refresh marks
    // it; a provider known only from other pages is applied by the refresh, and
    // `cecat show` prints the result (docs/extraction.md).
    std::map<std::string, const Record*> page_providers;
    for (const Record& r : n.records) {
      if (r.type == RecordType::kProvider) page_providers.emplace(r.id, &r);
    }
    const std::vector<std::string> levels = normaliser->vocabulary().ProviderLevelBodies();
    for (Record& r : n.records) {
      if (r.type != RecordType::kCourse) continue;
      auto p = page_providers.find(normalise::CourseProviderId(r));
      if (p != page_providers.end()) normalise::InheritApprovals(r, p->second, levels);
    }
    for (const Record& r : n.records) records.push_back(RecordJson(r));
    for (const Diagnostic& d : n.diagnostics) diagnostics.push_back(d.ToJson());
    for (const auto& r : n.rejects) diagnostics.push_back(r.ToDiagnostic().ToJson());
  }
  if (!scope.ok()) {
    diagnostics.push_back(Diagnostic{
        .severity = Severity::kError, .where = "scope", .message = scope.status().message()}
                              .ToJson());
  } else if (ctx.args.Has("--source") && parsed_url.ok() &&
             !scope->Allows(*parsed_url, CanonicalUrl(*parsed_url))) {
    // Extracted all the same, as asked; but a crawl of the source would never
    // fetch the page, so its records would never reach the index (issue 20).
    diagnostics.push_back(Diagnostic{.severity = Severity::kWarning,
                                     .where = "scope",
                                     .url = url,
                                     .message = "the page is outside the scope of source '" +
                                                source.id +
                                                "' (its allow, deny and start URL hosts); a "
                                                "crawl would not fetch it"}
                              .ToJson());
  }
  out["records"] = records;
  out["diagnostics"] = diagnostics;
  // Like every output: no URL's secrets (the page's URL, links resolved against
  // it, relative hrefs with a session, records' URLs as the feed shows them).
  RedactJsonStrings(out);
  if (ctx.args.Has("--table")) {
    // The table on stdout, so it can be piped; the diagnostics, one readable line
    // each and a count, on stderr, the way `cecat robots` reports its file.
    PrintRecordTable(*ctx.out, out["records"], columns);
    // A column no record has is most likely a misspelt field: say so rather
    // than print it empty.
    for (const std::string& column : columns) {
      bool somewhere = false;
      for (const Json& r : out["records"]) {
        somewhere = somewhere || r.contains(TableField(r.value("type", ""), column)) ||
                    (column == "amount" && (r.contains("amount_min") || r.contains("amount_max")));
      }
      if (!somewhere && !out["records"].empty()) {
        *ctx.err << "cecat extract: --columns: no record has a field '" << column << "'\n";
      }
    }
    PrintDiagnosticLines(*ctx.err, out["records"].size(), out["diagnostics"]);
    return kExitOk;
  }
  if (ctx.args.Has("--records")) {
    Json only = {{"records", out["records"]}, {"diagnostics", out["diagnostics"]}};
    *ctx.out << PrintableJson(only) << "\n";
    return kExitOk;
  }
  // The page's own JSON-LD and link texts, as published: a C1 control or a bidi
  // override in them is written as a JSON escape, not sent to the terminal.
  *ctx.out << PrintableJson(out) << "\n";
  return kExitOk;
}

int RunRobots(Context& ctx) {
  if (!ctx.args.Has("--robots") || !ctx.args.Has("--agent")) {
    *ctx.err << "cecat robots: --robots FILE and --agent UA are required\n";
    return kExitUsage;
  }
  std::ifstream in(ctx.args.Get("--robots"), std::ios::binary);
  if (!in) {
    *ctx.err << "cecat robots: cannot read --robots file '" << ctx.args.Get("--robots") << "'\n";
    return kExitUsage;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string body = ss.str();
  crawler::RobotsTxt robots = crawler::ParseRobotsTxt(body);
  // The file's problems go to stderr as "FILE:LINE: message" (compiler style), so
  // stdout keeps only the decisions. They do not change the exit code: the crawler
  // reads the file the same way.
  const std::string file = ctx.args.Get("--robots");
  for (const Diagnostic& d : robots.diagnostics) {
    // A message may quote the file's line: its control characters written visibly.
    *ctx.err << Printable(file) << (d.line > 0 ? ":" + std::to_string(d.line) : "") << ": "
             << Printable(d.message) << "\n";
  }
  crawler::RobotsMatcher matcher(robots, ctx.args.Get("--agent"));
  for (const std::string& url : ctx.args.positional) {
    *ctx.out << (matcher.Allowed(url) ? "allowed " : "disallowed ") << RedactUrl(url) << "\n";
  }
  return kExitOk;
}

}  // namespace cecat::cli
