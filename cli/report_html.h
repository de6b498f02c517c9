// The static admin report of `cecat report` (issue 21 parts 3 and 4): pure
// functions from a history of runs to HTML pages. No I/O, no clock: the command
// (cmd_report.cc) reads the index and writes the files.
//
// Every page is self-contained: inline CSS and inline SVG, no script, no external
// URL in any src or href (only links between the generated pages), and a
// Content-Security-Policy that forbids fetching anything. Every string taken from
// the index is HTML-escaped: page text, URLs and messages come from crawled sites
// and are hostile.
//
// What is read from each stored source report (refresh/report.h SourceReport::ToJson):
// ok, cancelled, partial, error, duration_s, records {added, updated, unchanged,
// suspicious}, errors [{url, reason}], diagnostics [{severity, where, message, url}];
// and, when present, "health" (written by the health module): records by type,
// coverage per field, status, reasons. Nothing is computed from it that health
// does not say: without "health", coverage cells read "—".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cecat::cli::report {

using Json = nlohmann::json;

// One source's part of one run.
struct SourceRun {
  int64_t run_id = 0;
  std::string started_at{};  // RFC 3339
  Json report = Json::object();
};

// Everything the report shows of one source.
struct SourceHistory {
  std::string id{};
  std::string name{};       // from the sources file; empty when only in history
  bool configured = false;  // in the sources file
  int64_t active_records = 0;
  std::string last_success{};           // RFC 3339; empty: never
  std::vector<SourceRun> runs{};        // oldest first, at most the report's --last
  Json latest_rejects = Json::array();  // Index::Rejects rows of its latest run
};

struct ReportData {
  std::string generated_at;  // RFC 3339
  int last_n = 30;
  std::vector<SourceHistory> sources;  // in the order shown
};

struct ReportFile {
  std::string name;  // a file name, no folder: "index.html", "source-acme.html"
  std::string html;
};

// index.html, then source-ID.html and validate-ID.html per source.
std::vector<ReportFile> RenderReport(const ReportData& data);

// & < > " ' as entities; invalid UTF-8 is kept byte for byte (the browser shows U+FFFD).
std::string EscapeHtml(std::string_view text);

// A file-name-safe form of a source id: [A-Za-z0-9_-] kept, anything else '_',
// plus "-" and a hash of the id when anything was replaced (two ids never share
// a file). "acme" -> "acme"; "a/b" -> "a_b-1c2d3e4f".
std::string SourceFileStem(std::string_view id);

// The status word of a stored source report: "cancelled", "failed", "partial" or "ok".
std::string RunStatus(const Json& report);

// Records yielded by a run: the sum of health.records when present, else the
// apply's added + updated + unchanged.
int64_t RunRecordCount(const Json& report);

// An inline SVG polyline with one point per value (oldest first); its <title> and
// aria-label list the values. `label` names them ("records", "seconds").
std::string Sparkline(const std::vector<double>& values, const std::string& label,
                      const std::string& css_class);

// The validation page's advice for one problem, by the diagnostic's `where` and
// message or the reject's reason: what the provider's page should say instead.
std::string AdviceFor(std::string_view where, std::string_view message);

}  // namespace cecat::cli::report
