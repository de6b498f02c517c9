#include "cli/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace cecat::cli::report {
namespace {

// The fields of the health module's coverage, in the order the heat table shows
// them (issue 21 part 1); any other field it reports follows, by name.
const char* const kCoverageFields[] = {"title",      "ce_hours",  "price",    "format",
                                       "start_date", "approvals", "provider", "audiences"};

// No script, no fetch: even a page that somehow held a hostile tag would load
// nothing (the test browser also blocks any request outside the folder).
constexpr const char* kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
)";

constexpr const char* kStyle = R"(<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d232a; background: #fff; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #d4d9de; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #f2f4f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 600; }
.st-ok, .st-healthy { color: #1a7f37; } .st-failed, .st-degraded { color: #b42318; }
.st-partial, .st-cancelled, .st-no-history { color: #9a6700; }
.muted { color: #6b7785; }
code, .url { font-family: ui-monospace, monospace; font-size: .92em; word-break: break-all; }
svg.spark { vertical-align: middle; }
svg.spark polyline { fill: none; stroke-width: 1.5; }
svg.spark-records polyline { stroke: #0969da; } svg.spark-duration polyline { stroke: #8250df; }
svg.spark circle { fill: #1d232a; }
table.coverage td { text-align: center; min-width: 3.2em; }
ul.reasons { margin: 0; padding-left: 1.1em; }
.advice { background: #f6f8fa; border-left: 3px solid #0969da; padding: .2em .6em; }
nav { margin-bottom: 1em; }
</style>
</head>
<body>
)";

std::string Num(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Str(const Json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

double Number(const Json& j, const char* key, double fallback = 0) {
  if (!j.is_object()) return fallback;
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return fallback;
  return it->get<double>();
}

const Json& Object(const Json& j, const char* key) {
  static const Json kEmpty = Json::object();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

const Json& Array(const Json& j, const char* key) {
  static const Json kEmpty = Json::array();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

std::string Page(const std::string& title, const std::string& body) {
  return std::string(kHead) + "<title>" + EscapeHtml(title) + "</title>\n" + kStyle + body +
         "</body>\n</html>\n";
}

// The status word as a CSS class suffix: "no history" -> "no-history".
std::string StatusClass(std::string status) {
  std::replace(status.begin(), status.end(), ' ', '-');
  std::string out;
  for (char c : status) {
    if ((c >= 'a' && c <= 'z') || c == '-') out += c;
  }
  return "st-" + out;
}

std::string HealthStatus(const Json& report) { return Str(Object(report, "health"), "status"); }

// Background of a coverage cell: red at 0, amber at one half, green at 1.
std::string HeatColour(double share) {
  share = std::clamp(share, 0.0, 1.0);
  return "hsl(" + Num(share * 120, 0) + ", 70%, " + Num(82 + share * 6, 0) + "%)";
}

std::string NavBack() { return "<nav><a href=\"index.html\">&larr; all sources</a></nav>\n"; }

std::string RunHeading(const SourceRun& run) {
  return "<th title=\"" + EscapeHtml(run.started_at) + "\">run " + std::to_string(run.run_id) +
         "</th>";
}

std::string IndexPage(const ReportData& data) {
  std::ostringstream b;
  b << "<h1>cecat: source health</h1>\n<p class=\"muted\">Generated "
    << EscapeHtml(data.generated_at) << " from the last " << data.last_n
    << " runs. Each sparkline has one point per run, oldest on the left.</p>\n";
  b << "<table id=\"sources\">\n<thead><tr><th>source</th><th>last run</th><th>health</th>"
       "<th>last success</th><th>records</th><th>records per run</th><th>duration per run</th>"
       "<th>degraded reasons</th><th>pages</th></tr></thead>\n<tbody>\n";
  for (const SourceHistory& s : data.sources) {
    const std::string stem = SourceFileStem(s.id);
    std::string status = "no runs", health;
    std::vector<double> counts, durations;
    const Json* latest = nullptr;
    for (const SourceRun& r : s.runs) {
      counts.push_back(static_cast<double>(RunRecordCount(r.report)));
      durations.push_back(Number(r.report, "duration_s"));
    }
    if (!s.runs.empty()) {
      latest = &s.runs.back().report;
      status = RunStatus(*latest);
      health = HealthStatus(*latest);
    }
    b << "<tr data-source=\"" << EscapeHtml(s.id) << "\">";
    b << "<td><a href=\"source-" << EscapeHtml(stem) << ".html\">" << EscapeHtml(s.id) << "</a>";
    if (!s.name.empty()) b << "<br><span class=\"muted\">" << EscapeHtml(s.name) << "</span>";
    if (!s.configured) b << "<br><span class=\"muted\">not in the sources file</span>";
    b << "</td>";
    b << "<td class=\"status last-status " << StatusClass(status) << "\">" << EscapeHtml(status);
    if (latest != nullptr)
      b << "<br><span class=\"muted\">" << EscapeHtml(s.runs.back().started_at) << "</span>";
    b << "</td>";
    b << "<td class=\"status health " << (health.empty() ? "muted" : StatusClass(health)) << "\">"
      << (health.empty() ? "&mdash;" : EscapeHtml(health)) << "</td>";
    b << "<td class=\"last-success\">"
      << (s.last_success.empty() ? "never" : EscapeHtml(s.last_success)) << "</td>";
    b << "<td class=\"num records\">" << s.active_records << "</td>";
    b << "<td>" << Sparkline(counts, "records", "spark spark-records") << "</td>";
    b << "<td>" << Sparkline(durations, "seconds", "spark spark-duration") << "</td>";
    b << "<td class=\"reasons\">";
    if (latest != nullptr) {
      std::vector<std::string> reasons;
      for (const Json& r : Array(Object(*latest, "health"), "reasons")) {
        if (r.is_string()) reasons.push_back(r.get<std::string>());
      }
      if (Object(*latest, "records").value("suspicious", false)) {
        reasons.push_back("suspicious: fewer than half the previous records; nothing removed");
      }
      if (!reasons.empty()) {
        b << "<ul class=\"reasons\">";
        for (const std::string& r : reasons) b << "<li>" << EscapeHtml(r) << "</li>";
        b << "</ul>";
      }
    }
    b << "</td>";
    b << "<td><a href=\"source-" << EscapeHtml(stem)
      << ".html\">details</a> &middot; <a href=\"validate-" << EscapeHtml(stem)
      << ".html\">validation</a></td>";
    b << "</tr>\n";
  }
  b << "</tbody>\n</table>\n";
  return Page("cecat: source health", b.str());
}

void CoverageTable(std::ostringstream& b, const SourceHistory& s) {
  b << "<h2>Coverage per field</h2>\n<p class=\"muted\">Share of courses with each field, per "
       "run (from the run's health record; &mdash; where the run has none).</p>\n";
  if (s.runs.empty()) {
    b << "<p>No runs.</p>\n";
    return;
  }
  std::vector<std::string> fields(std::begin(kCoverageFields), std::end(kCoverageFields));
  std::set<std::string> known(fields.begin(), fields.end());
  std::set<std::string> extra;
  for (const SourceRun& r : s.runs) {
    for (const auto& [field, v] : Object(Object(r.report, "health"), "coverage").items()) {
      if (!known.count(field)) extra.insert(field);
    }
  }
  fields.insert(fields.end(), extra.begin(), extra.end());
  b << "<table class=\"coverage\" id=\"coverage\">\n<thead><tr><th>field</th>";
  for (const SourceRun& r : s.runs) b << RunHeading(r);
  b << "</tr></thead>\n<tbody>\n";
  for (const std::string& field : fields) {
    b << "<tr data-field=\"" << EscapeHtml(field) << "\"><th>" << EscapeHtml(field) << "</th>";
    for (const SourceRun& r : s.runs) {
      const Json& coverage = Object(Object(r.report, "health"), "coverage");
      auto it = coverage.find(field);
      if (it == coverage.end() || !it->is_number()) {
        b << "<td class=\"muted\">&mdash;</td>";
        continue;
      }
      double share = it->get<double>();
      b << "<td data-share=\"" << Num(share, 3) << "\" style=\"background: " << HeatColour(share)
        << "\">" << Num(share * 100, 0) << "%</td>";
    }
    b << "</tr>\n";
  }
  b << "</tbody>\n</table>\n";
}

void RunsTable(std::ostringstream& b, const SourceHistory& s) {
  b << "<h2>Runs</h2>\n<table id=\"runs\">\n<thead><tr><th>run</th><th>started</th><th>status</th>"
       "<th>health</th><th>records</th><th>seconds</th><th>error</th></tr></thead>\n<tbody>\n";
  for (auto it = s.runs.rbegin(); it != s.runs.rend(); ++it) {
    const std::string status = RunStatus(it->report), health = HealthStatus(it->report);
    b << "<tr><td class=\"num\">" << it->run_id << "</td><td>" << EscapeHtml(it->started_at)
      << "</td><td class=\"status " << StatusClass(status) << "\">" << EscapeHtml(status)
      << "</td><td class=\"status " << (health.empty() ? "muted" : StatusClass(health)) << "\">"
      << (health.empty() ? "&mdash;" : EscapeHtml(health)) << "</td><td class=\"num\">"
      << RunRecordCount(it->report) << "</td><td class=\"num\">"
      << Num(Number(it->report, "duration_s"), 1) << "</td><td>"
      << EscapeHtml(Str(it->report, "error")) << "</td></tr>\n";
  }
  b << "</tbody>\n</table>\n";
}

// The latest run's health record's counts by reason, when it has one.
void HealthCounts(std::ostringstream& b, const SourceHistory& s) {
  if (s.runs.empty()) return;
  const Json& health = Object(s.runs.back().report, "health");
  if (health.empty()) return;
  b << "<h2>Latest run's counts by reason</h2>\n<table id=\"health-counts\">\n<thead><tr>"
       "<th>what</th><th>reason</th><th>count</th></tr></thead>\n<tbody>\n";
  bool any = false;
  for (const char* what : {"rejects", "failures", "structured_data"}) {
    for (const auto& [reason, n] : Object(health, what).items()) {
      b << "<tr><td>" << what << "</td><td>" << EscapeHtml(reason) << "</td><td class=\"num\">"
        << (n.is_number() ? Num(n.get<double>(), 0) : "") << "</td></tr>\n";
      any = true;
    }
  }
  if (!any) b << "<tr><td colspan=\"3\">none</td></tr>\n";
  b << "</tbody>\n</table>\n";
}

void ErrorsSection(std::ostringstream& b, const SourceHistory& s) {
  b << "<h2>Last errors</h2>\n";
  // The newest run that failed or had pages fail: older ones are history.
  const SourceRun* run = nullptr;
  for (auto it = s.runs.rbegin(); it != s.runs.rend() && run == nullptr; ++it) {
    if (!Str(it->report, "error").empty() || !Array(it->report, "errors").empty()) run = &*it;
  }
  if (run == nullptr) {
    b << "<p>None in these runs.</p>\n";
    return;
  }
  b << "<p>Run " << run->run_id << ", " << EscapeHtml(run->started_at) << ".";
  if (!Str(run->report, "error").empty()) {
    b << " The source failed: <span class=\"error\">" << EscapeHtml(Str(run->report, "error"))
      << "</span>";
  }
  b << "</p>\n";
  const Json& errors = Array(run->report, "errors");
  if (errors.empty()) return;
  b << "<table id=\"errors\">\n<thead><tr><th>URL</th><th>reason</th></tr></thead>\n<tbody>\n";
  for (const Json& e : errors) {
    b << "<tr><td class=\"url\">" << EscapeHtml(Str(e, "url")) << "</td><td>"
      << EscapeHtml(Str(e, "reason")) << "</td></tr>\n";
  }
  b << "</tbody>\n</table>\n";
}

void RejectsSection(std::ostringstream& b, const SourceHistory& s) {
  b << "<h2>Rejects of the latest run</h2>\n";
  if (s.latest_rejects.empty()) {
    b << "<p>None.</p>\n";
    return;
  }
  b << "<table id=\"rejects\">\n<thead><tr><th>kind</th><th>URL</th><th>reason</th></tr></thead>\n"
       "<tbody>\n";
  for (const Json& r : s.latest_rejects) {
    b << "<tr><td>" << EscapeHtml(Str(r, "kind")) << "</td><td class=\"url\">"
      << EscapeHtml(Str(r, "url")) << "</td><td>" << EscapeHtml(Str(r, "reason")) << "</td></tr>\n";
  }
  b << "</tbody>\n</table>\n";
}

bool IsCrawlDiagnostic(const std::string& where) {
  return where.rfind("robots", 0) == 0 || where.rfind("sitemap", 0) == 0;
}

bool IsPageDiagnostic(const std::string& where) {
  return where.rfind("jsonld", 0) == 0 || where.rfind("microdata", 0) == 0 ||
         where.rfind("normalise", 0) == 0;
}

void DiagnosticsTable(std::ostringstream& b, const std::vector<const Json*>& diagnostics,
                      const char* id) {
  b << "<table id=\"" << id
    << "\">\n<thead><tr><th>severity</th><th>where</th><th>URL</th>"
       "<th>message</th></tr></thead>\n<tbody>\n";
  for (const Json* d : diagnostics) {
    b << "<tr><td>" << EscapeHtml(Str(*d, "severity")) << "</td><td><code>"
      << EscapeHtml(Str(*d, "where")) << "</code></td><td class=\"url\">"
      << EscapeHtml(Str(*d, "url")) << "</td><td>" << EscapeHtml(Str(*d, "message"))
      << "</td></tr>\n";
  }
  b << "</tbody>\n</table>\n";
}

std::string SourcePage(const SourceHistory& s) {
  std::ostringstream b;
  b << NavBack() << "<h1>Source " << EscapeHtml(s.id) << "</h1>\n";
  if (!s.name.empty()) b << "<p>" << EscapeHtml(s.name) << "</p>\n";
  b << "<p><a href=\"validate-" << EscapeHtml(SourceFileStem(s.id))
    << ".html\">Validation page for the provider's web team</a></p>\n";
  CoverageTable(b, s);
  RunsTable(b, s);
  HealthCounts(b, s);
  ErrorsSection(b, s);
  RejectsSection(b, s);
  b << "<h2>robots.txt and sitemap diagnostics of the latest run</h2>\n";
  std::vector<const Json*> crawl;
  if (!s.runs.empty()) {
    for (const Json& d : Array(s.runs.back().report, "diagnostics")) {
      if (IsCrawlDiagnostic(Str(d, "where"))) crawl.push_back(&d);
    }
  }
  if (crawl.empty()) {
    b << "<p>None.</p>\n";
  } else {
    DiagnosticsTable(b, crawl, "crawl-diagnostics");
  }
  return Page("cecat: source " + s.id, b.str());
}

// One problem a provider can fix on its pages.
struct Problem {
  std::string what;  // the diagnostic's message or the reject's reason
  std::string where;
  std::string advice;
};

std::string ValidatePage(const SourceHistory& s) {
  std::ostringstream b;
  b << NavBack() << "<h1>Structured data on the pages of "
    << EscapeHtml(s.name.empty() ? s.id : s.name) << "</h1>\n";
  b << "<p>This page is for the web team of the provider. It lists, per page, what cecat could "
       "not read from the latest crawl, and what to write instead. Course listings are read from "
       "schema.org JSON-LD (<code>&lt;script type=\"application/ld+json\"&gt;</code>), microdata "
       "or the page's text.</p>\n";
  if (s.runs.empty()) {
    b << "<p>No crawl yet.</p>\n";
    return Page("cecat: validation of " + s.id, b.str());
  }
  const SourceRun& run = s.runs.back();
  b << "<p class=\"muted\">Run " << run.run_id << ", " << EscapeHtml(run.started_at) << ".</p>\n";

  b << "<h2>Extracted fine</h2>\n<table id=\"extracted\">\n<thead><tr><th>type</th><th>records</th>"
       "</tr></thead>\n<tbody>\n";
  const Json& by_type = Object(Object(run.report, "health"), "records");
  if (!by_type.empty()) {
    for (const auto& [type, n] : by_type.items()) {
      b << "<tr data-type=\"" << EscapeHtml(type) << "\"><td>" << EscapeHtml(type)
        << "</td><td class=\"num\">" << (n.is_number() ? n.get<int64_t>() : 0) << "</td></tr>\n";
    }
  } else {
    b << "<tr data-type=\"all\"><td>all types</td><td class=\"num\">" << RunRecordCount(run.report)
      << "</td></tr>\n";
  }
  b << "</tbody>\n</table>\n";

  // Per URL, in the order first seen; diagnostics first, then rejects.
  std::vector<std::string> order;
  std::map<std::string, std::vector<Problem>> by_url;
  auto add = [&](const std::string& url, Problem p) {
    if (!by_url.count(url)) order.push_back(url);
    by_url[url].push_back(std::move(p));
  };
  for (const Json& d : Array(run.report, "diagnostics")) {
    const std::string where = Str(d, "where"), message = Str(d, "message");
    // What the provider's pages say: their structured data and the values read
    // from it. The crawl (robots.txt, sitemaps, scope) and the source's own rules
    // are the admin's business, on the source page; a reject's diagnostic repeats
    // a row of the rejects, listed below; info is "used, but not as written".
    if (!IsPageDiagnostic(where) || Str(d, "severity") == "info") continue;
    add(Str(d, "url"), {message, where, AdviceFor(where, message)});
  }
  for (const Json& r : s.latest_rejects) {
    const std::string reason = Str(r, "reason");
    add(Str(r, "url"),
        {Str(r, "kind") + " rejected: " + reason, "reject", AdviceFor("reject", reason)});
  }
  b << "<h2>Problems per page</h2>\n";
  if (order.empty()) {
    b << "<p>None: everything found was read.</p>\n";
    return Page("cecat: validation of " + s.id, b.str());
  }
  b << "<table id=\"problems\">\n<thead><tr><th>page</th><th>problem</th><th>what to write "
       "instead</th></tr></thead>\n<tbody>\n";
  for (const std::string& url : order) {
    const std::vector<Problem>& problems = by_url[url];
    for (size_t i = 0; i < problems.size(); ++i) {
      b << "<tr>";
      if (i == 0) {
        b << "<td class=\"url\" rowspan=\"" << problems.size() << "\">"
          << (url.empty() ? "(page unknown)" : EscapeHtml(url)) << "</td>";
      }
      b << "<td>" << EscapeHtml(problems[i].what) << "<br><code class=\"muted\">"
        << EscapeHtml(problems[i].where) << "</code></td><td class=\"advice\">"
        << problems[i].advice << "</td></tr>\n";
    }
  }
  b << "</tbody>\n</table>\n";
  return Page("cecat: validation of " + s.id, b.str());
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string SourceFileStem(std::string_view id) {
  std::string out;
  bool replaced = id.empty();
  for (char c : id) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-';
    out += keep ? c : '_';
    replaced |= !keep;
  }
  if (out.size() > 80) {
    out.resize(80);
    replaced = true;
  }
  if (replaced) {
    // FNV-1a, 32 bits: stable across builds, unlike std::hash.
    uint32_t h = 2166136261u;
    for (unsigned char c : id) h = (h ^ c) * 16777619u;
    char buf[16];
    std::snprintf(buf, sizeof buf, "-%08x", h);
    out += buf;
  }
  return out;
}

std::string RunStatus(const Json& report) {
  if (report.value("cancelled", false)) return "cancelled";
  if (!report.value("ok", true)) return "failed";
  if (report.value("partial", false)) return "partial";
  return "ok";
}

int64_t RunRecordCount(const Json& report) {
  const Json& by_type = Object(Object(report, "health"), "records");
  if (!by_type.empty()) {
    int64_t n = 0;
    for (const Json& v : by_type) {
      if (v.is_number()) n += v.get<int64_t>();
    }
    return n;
  }
  const Json& records = Object(report, "records");
  return static_cast<int64_t>(Number(records, "added") + Number(records, "updated") +
                              Number(records, "unchanged"));
}

std::string Sparkline(const std::vector<double>& values, const std::string& label,
                      const std::string& css_class) {
  constexpr double kWidth = 120, kHeight = 28, kPad = 3;
  std::string listed;
  for (double v : values) {
    listed += (listed.empty() ? "" : ", ") + Num(v, v == std::floor(v) ? 0 : 1);
  }
  const std::string text = label + " per run, oldest first: " + (listed.empty() ? "none" : listed);
  std::string svg = "<svg class=\"" + EscapeHtml(css_class) + "\" width=\"" + Num(kWidth, 0) +
                    "\" height=\"" + Num(kHeight, 0) + "\" viewBox=\"0 0 " + Num(kWidth, 0) + " " +
                    Num(kHeight, 0) + "\" role=\"img\" aria-label=\"" + EscapeHtml(text) +
                    "\" data-points=\"" + std::to_string(values.size()) + "\"><title>" +
                    EscapeHtml(text) + "</title>";
  if (!values.empty()) {
    double lo = *std::min_element(values.begin(), values.end());
    double hi = *std::max_element(values.begin(), values.end());
    std::string points;
    for (size_t i = 0; i < values.size(); ++i) {
      double x = values.size() == 1
                     ? kWidth / 2
                     : kPad + (kWidth - 2 * kPad) * static_cast<double>(i) / (values.size() - 1);
      // A flat series is drawn in the middle, not on the floor.
      double y = hi == lo ? kHeight / 2
                          : kHeight - kPad - (kHeight - 2 * kPad) * (values[i] - lo) / (hi - lo);
      points += (points.empty() ? "" : " ") + Num(x, 1) + "," + Num(y, 1);
    }
    svg += "<polyline points=\"" + points + "\"/>";
    if (values.size() == 1) {
      // One point draws no line: a dot shows it.
      svg += "<circle cx=\"" + points.substr(0, points.find(',')) + "\" cy=\"" +
             points.substr(points.find(',') + 1) + "\" r=\"2\"/>";
    }
  }
  return svg + "</svg>";
}

std::string AdviceFor(std::string_view where, std::string_view message) {
  // The most specific first: a diagnostic names its field in `where`
  // ("normalise ce_hours"), a reject its reason ("missing title").
  if (where.rfind("jsonld", 0) == 0 &&
      (Contains(message, "not JSON") || Contains(message, "parse"))) {
    return "Make each <code>&lt;script type=\"application/ld+json\"&gt;</code> block valid JSON: "
           "keys and strings in double quotes, no trailing commas, no comments, no HTML inside. "
           "Check it with any JSON validator.";
  }
  if (Contains(message, "missing title") || Contains(message, "missing name")) {
    return "Give every Course a name: <code>\"name\": \"Ethics in Telehealth\"</code> "
           "(or a heading with the course title on the page).";
  }
  if (Contains(where, "provider") || Contains(message, "missing provider")) {
    return "Name who offers the course with a schema.org Organization: <code>\"provider\": "
           "{\"@type\": \"Organization\", \"name\": \"Your organisation\", \"url\": "
           "\"...\"}</code>.";
  }
  if (Contains(where, "hours") || Contains(where, "credit")) {
    return "State the CE hours as a number: <code>\"numberOfCredits\": 6</code>, or in the text "
           "\"6 CE hours\" (not \"a full day\" or \"6\" alone).";
  }
  if (Contains(where, "price") || Contains(where, "offer")) {
    return "Give the price as a number and a currency: <code>\"offers\": {\"@type\": \"Offer\", "
           "\"price\": 45, \"priceCurrency\": \"USD\"}</code>, or \"$45.00\" in the text "
           "(\"free\" for free courses).";
  }
  if (Contains(where, "approval") || Contains(message, "approv")) {
    return "Name the approving body and the approval number: \"Approved by the American "
           "Psychological Association to sponsor continuing education, provider #1234\" or "
           "\"NBCC ACEP No. 6000\".";
  }
  if (Contains(where, "date")) {
    return "Write dates in ISO 8601: <code>\"startDate\": \"2027-03-14\"</code>.";
  }
  if (Contains(where, "format")) {
    return "Say how the course is held: <code>\"courseMode\": \"online\"</code> (or onsite, "
           "blended), or \"live online\", \"on demand\", \"in person\" in the text.";
  }
  if (where.rfind("jsonld", 0) == 0) {
    return "Use schema.org types (Course, CourseInstance, Organization) in the JSON-LD, one "
           "object per course.";
  }
  return "Check that the value is written plainly, as schema.org describes it.";
}

std::vector<ReportFile> RenderReport(const ReportData& data) {
  std::vector<ReportFile> files;
  files.push_back({"index.html", IndexPage(data)});
  for (const SourceHistory& s : data.sources) {
    const std::string stem = SourceFileStem(s.id);
    files.push_back({"source-" + stem + ".html", SourcePage(s)});
    files.push_back({"validate-" + stem + ".html", ValidatePage(s)});
  }
  return files;
}

}  // namespace cecat::cli::report
