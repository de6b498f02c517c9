// search and show: the read-only commands professionals' services stand on.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/context.h"
#include "cli/handlers.h"
#include "cli/terminal.h"
#include "common/ascii.h"
#include "index/index.h"
#include "normalise/text.h"

namespace cecat::cli {
namespace {

const char* const kFormats[] = {"on_demand", "live_online", "in_person", "hybrid"};
const char* const kAudiences[] = {"psychologist", "counselor", "social_worker", "mft", "addiction"};

template <size_t N>
bool OneOf(const std::string& v, const char* const (&allowed)[N]) {
  for (const char* a : allowed) {
    if (v == a) return true;
  }
  return false;
}

// Reads the filters of SPEC.md "Search filters" into a query; the error names the
// option and the value.
Result<index::SearchQuery> BuildQuery(const ParsedArgs& args) {
  index::SearchQuery q;
  std::string text;
  for (const auto& word : args.positional) text += (text.empty() ? "" : " ") + word;
  q.text = text;
  if (args.Has("--type")) {
    std::string t = args.Get("--type");
    auto type = ParseRecordType(t);
    if (!type || *type == RecordType::kReview) {
      return Status::InvalidArgument("--type must be course, scholarship or provider, got '" + t +
                                     "'");
    }
    q.type = *type;
  }
  q.free_only = args.Has("--free");
  auto number = [&](const char* name, std::optional<double>* slot, double lo, double hi) -> Status {
    if (!args.Has(name)) return Status::Ok();
    CECAT_ASSIGN_OR_RETURN(auto v, ParseNumberOption(name, args.Get(name)));
    if (v < lo || v > hi) {
      return Status::InvalidArgument(std::string("option '") + name + "' must be between " +
                                     std::to_string(static_cast<int>(lo)) + " and " +
                                     std::to_string(static_cast<int>(hi)) + ", got '" +
                                     args.Get(name) + "'");
    }
    *slot = v;
    return Status::Ok();
  };
  CECAT_RETURN_IF_ERROR(number("--max-price", &q.max_price, 0, 1e9));
  CECAT_RETURN_IF_ERROR(number("--min-hours", &q.min_hours, 0, 1e6));
  CECAT_RETURN_IF_ERROR(number("--max-hours", &q.max_hours, 0, 1e6));
  CECAT_RETURN_IF_ERROR(number("--min-rating", &q.min_rating, 0, 5));
  if (args.Has("--format")) {
    std::string f = args.Get("--format");
    if (!OneOf(f, kFormats)) {
      return Status::InvalidArgument(
          "--format must be on_demand, live_online, in_person or hybrid, got '" + f + "'");
    }
    q.format = f;
  }
  if (args.Has("--audience")) {
    std::string a = args.Get("--audience");
    if (!OneOf(a, kAudiences)) {
      return Status::InvalidArgument(
          "--audience must be psychologist, counselor, social_worker, mft or addiction, got '" + a +
          "'");
    }
    q.audience = a;
  }
  if (args.Has("--approved-by")) {
    q.approved_by = Upper(args.Get("--approved-by"));
  }
  if (args.Has("--state")) {
    std::string st = args.Get("--state");
    if (st.size() != 2 || !std::isalpha(static_cast<unsigned char>(st[0])) ||
        !std::isalpha(static_cast<unsigned char>(st[1]))) {
      return Status::InvalidArgument("--state expects a two-letter US state code, got '" + st +
                                     "'");
    }
    q.state = Upper(st);
  }
  if (args.Has("--topic")) q.topic = args.Get("--topic");
  if (args.Has("--deadline-after")) {
    std::string d = args.Get("--deadline-after");
    bool ok = d.size() == 10 && d[4] == '-' && d[7] == '-';
    for (size_t i = 0; ok && i < d.size(); ++i) {
      if (i != 4 && i != 7 && !std::isdigit(static_cast<unsigned char>(d[i]))) ok = false;
    }
    if (!ok) {
      return Status::InvalidArgument("--deadline-after expects YYYY-MM-DD, got '" + d + "'");
    }
    q.deadline_after = d;
  }
  if (args.Has("--limit")) {
    CECAT_ASSIGN_OR_RETURN(auto n, ParseIntOption("--limit", args.Get("--limit"), 1, 10000));
    q.limit = n;
  }
  return q;
}

// Text for the terminal table goes through Printable (cli/terminal.h): control
// and bidi characters written visibly (normalisation strips them; an index
// written by an older cecat may hold some).

// A JSON value in a column of at most `width` characters (Truncate: cut on a
// character boundary, marked with "…").
std::string Cell(const Json& v, size_t width) {
  if (v.is_null()) return "";
  return Truncate(v.is_string() ? v.get<std::string>() : v.dump(), width);
}

void PrintTable(std::ostream& out, const index::SearchResults& r, RecordType type) {
  if (r.results.empty()) {
    out << "no results\n";
    return;
  }
  for (const Json& rec : r.results) {
    std::ostringstream line;
    std::string title = rec.value("title", rec.value("name", std::string()));
    line << std::left << std::setw(20) << Printable(rec.value("id", "")) << "  " << Cell(title, 60);
    out << line.str() << "\n";
    std::ostringstream detail;
    detail << std::string(22, ' ');
    if (type == RecordType::kCourse) {
      if (rec.contains("ce_hours")) detail << rec["ce_hours"].dump() << " h  ";
      if (rec.contains("format")) detail << Cell(rec["format"], 12) << "  ";
      if (rec.contains("price")) {
        const Json& p = rec["price"];
        if (p.value("free", false))
          detail << "free  ";
        else if (p.contains("amount"))
          detail << Printable(p.value("currency", "")) << " " << p["amount"].dump() << "  ";
      }
      if (rec.contains("approvals")) {
        for (const Json& a : rec["approvals"]) detail << Cell(a.value("body", ""), 12) << " ";
      }
      if (rec.contains("rating") && rec["rating"].contains("average")) {
        detail << " ★" << rec["rating"]["average"].dump();
      }
    } else if (type == RecordType::kScholarship) {
      if (rec.contains("deadline")) detail << "deadline " << Cell(rec["deadline"], 12) << "  ";
      if (rec.contains("amount_max")) detail << "up to " << rec["amount_max"].dump() << "  ";
    }
    out << detail.str() << "\n";
  }
  out << r.results.size() << " of " << r.total << " matches\n";
}

}  // namespace

int RunSearch(Context& ctx) {
  auto q = BuildQuery(ctx.args);
  if (!q.ok()) {
    *ctx.err << "cecat search: " << q.status().message() << "\n";
    return kExitUsage;
  }
  std::optional<config::Config> config = ctx.LoadConfig();
  if (!config) return kExitUsage;
  auto idx = OpenIndexOrReport(ctx, ctx.DatabasePath(*config), true);
  if (!idx) return kExitFatal;
  auto results = idx->Search(*q);
  if (!results.ok()) {
    *ctx.err << "cecat search: " << results.status().message() << "\n";
    return kExitFatal;
  }
  if (ctx.args.Has("--json")) {
    Json out = {
        {"results", results->results}, {"total", results->total}, {"facets", results->facets}};
    *ctx.out << out.dump(2) << "\n";
  } else {
    PrintTable(*ctx.out, *results, q->type);
  }
  return kExitOk;
}

int RunShow(Context& ctx) {
  std::optional<config::Config> config = ctx.LoadConfig();
  if (!config) return kExitUsage;
  auto idx = OpenIndexOrReport(ctx, ctx.DatabasePath(*config), true);
  if (!idx) return kExitFatal;
  const std::string& id = ctx.args.positional[0];
  auto record = idx->Show(id);
  if (!record.ok()) {
    *ctx.err << "cecat show: " << record.status().message() << "\n";
    return kExitFatal;
  }
  if (!record->has_value()) {
    *ctx.err << "cecat show: no record with id '" << id << "'\n";
    return kExitUsage;
  }
  // The record is shown as JSON either way; --json prints it compact for machines.
  if (ctx.args.Has("--json")) {
    *ctx.out << (*record)->dump() << "\n";
  } else {
    // For a reader: JSON escapes C0 controls in strings itself; C1 and bidi
    // characters (from an older index) are written as \u escapes, the same JSON.
    // The pretty-printer's own line breaks stay line breaks (escaping the whole
    // dump printed the record on one line, with "\x0a" between the fields).
    // --json stays the data as stored.
    std::istringstream lines((*record)->dump(2));
    for (std::string line; std::getline(lines, line);) *ctx.out << Printable(line) << "\n";
  }
  return kExitOk;
}

}  // namespace cecat::cli
