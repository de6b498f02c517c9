#include "cli/commands.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "cli/handlers.h"
#include "cli/logging.h"
#include "common/version.h"

namespace cecat::cli {
namespace {

const std::vector<OptionSpec> kGlobalOptions = {
    {"--config", "FILE", false, "sources file (default: $CECAT_CONFIG, else config/sources.json)"},
    {"--db", "FILE", false, "index database (default: the sources file's `database`)"},
    {"--log-level", "LEVEL", false, "trace, debug, info, warn or error (default: info)"},
    {"--help", nullptr, false, "show help for the command"},
};

const OptionSpec kSourceOption = {"--source", "ID", true,
                                  "only this source (repeatable; default: every enabled source)"};
const OptionSpec kJsonOption = {"--json", nullptr, false, "print JSON instead of a table"};

struct CommandSpec {
  const char* name;
  const char* usage;  // after "cecat NAME"
  const char* summary;
  std::vector<OptionSpec> options;
  int (*handler)(Context&);
  size_t min_args;
  size_t max_args;
};

// The one table: parsing, `cecat --help` and `cecat CMD --help` all read it.
const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> kCommands = {
      {"refresh",
       "[--source ID]... [--force]",
       "the nightly job: crawl every enabled source that is due, extract, normalise, update "
       "the index, export the feed",
       {kSourceOption, {"--force", nullptr, false, "ignore due-ness: refresh now"}},
       RunRefresh,
       0,
       0},
      {"crawl",
       "[--source ID]...",
       "fetch only; raw responses are stored in the index",
       {kSourceOption, {"--force", nullptr, false, "ignore due-ness"}},
       RunCrawl,
       0,
       0},
      {"reparse",
       "[--source ID]...",
       "extract and index again from stored responses, without the network (applies a parser "
       "or rule fix)",
       {kSourceOption},
       RunReparse,
       0,
       0},
      {"export",
       "[--feed-dir DIR] [--since CURSOR]",
       "write the feed; with --since, print the changes after CURSOR as NDJSON on stdout",
       {{"--feed-dir", "DIR", false, "write the feed here (default: the config's feed_dir)"},
        {"--since", "CURSOR", false, "print changes after CURSOR instead of writing files"},
        {"--gzip", nullptr, false, "also write feed.json.gz"}},
       RunExport,
       0,
       0},
      {"search",
       "[QUERY] [filters] [--limit N] [--json]",
       "search the index: words, \"quoted phrases\" and prefix*; anything else is plain words",
       {{"--type", "TYPE", false, "course (default), scholarship or provider"},
        {"--free", nullptr, false, "free courses only"},
        {"--max-price", "N", false, "price at most N"},
        {"--min-hours", "N", false, "at least N CE hours"},
        {"--max-hours", "N", false, "at most N CE hours"},
        {"--format", "FORMAT", false, "on_demand, live_online, in_person or hybrid"},
        {"--approved-by", "BODY", false, "approval body, e.g. APA, NBCC, ASWB-ACE"},
        {"--audience", "AUDIENCE", false,
         "psychologist, counselor, social_worker, mft or addiction"},
        {"--state", "XX", false, "US state code (courses held or approved there)"},
        {"--topic", "SLUG", false, "topic slug, e.g. ethics"},
        {"--min-rating", "R", false, "average rating at least R (0-5)"},
        {"--deadline-after", "YYYY-MM-DD", false, "scholarships whose deadline is after"},
        {"--limit", "N", false, "at most N results (default 20)"},
        kJsonOption},
       RunSearch,
       0,
       64},
      {"show",
       "ID [--json]",
       "one record in full, with provenance (source, page, time)",
       {kJsonOption},
       RunShow,
       1,
       1},
      {"sources",
       "list|show ID|check|enable ID|disable ID|accept ID [--reason TEXT]",
       "curate sources; `check` validates the config and exits 2 listing every problem; "
       "`accept` accepts a source's new, smaller size",
       {kJsonOption, {"--reason", "TEXT", false, "with accept: why the new size is right"}},
       RunSources,
       1,
       2},
      {"curate",
       "hide|unhide ID | pin ID FIELD VALUE|--absent | unpin ID FIELD | merge|split INTO_ID "
       "FROM_ID | suppress|unsuppress SOURCE_ID URL_REGEX | list [--orphaned] | log | export "
       "FILE | import FILE",
       "curator overrides kept in the index and applied after every normalisation, so no "
       "refresh or reparse undoes them; every change needs --reason (docs/curation.md)",
       {{"--reason", "TEXT", false, "why (required for every change)"},
        {"--by", "NAME", false, "who (default: the user running cecat)"},
        {"--absent", nullptr, false, "with pin: pin the field to absent"},
        {"--orphaned", nullptr, false, "with list: only overrides whose target has gone"},
        kJsonOption},
       RunCurate,
       1,
       4},
      {"plan",
       "--licence L --state XX [--need H] [--done FILE] [--budget N] [--by DATE] [--format F] "
       "[--topics T,...] [--max-courses N] [--json]",
       "a learning plan: the cheapest active courses that the state's board accepts for the "
       "licence, meeting its hours and required subjects within the budget; exits 1 when no "
       "plan meets them (docs/plan.md)",
       {{"--licence", "L", false,
         "lpc (LMHC, LCPC, LPCC), lcsw, lmsw, lmft, psychologist, lcadc (CADC, LADC)"},
        {"--state", "XX", false, "the state whose board renews the licence (data/rules/)"},
        {"--need", "H", false, "hours still needed toward the total (default: the full period)"},
        {"--done", "FILE", false,
         "hours already earned: {\"total\": 12, \"subjects\": {\"ethics\": 3}, "
         "\"formats\": {\"on_demand\": 4}, \"one_time\": [...]}"},
        {"--budget", "N", false, "total price at most N dollars"},
        {"--by", "YYYY-MM-DD", false, "live courses must start on or before this date"},
        {"--format", "F", true, "only these formats (repeat or comma-separate)"},
        {"--topics", "T,...", true,
         "hours beyond the required subjects from courses on these topic slugs"},
        {"--max-courses", "N", false, "at most N courses"},
        {"--today", "YYYY-MM-DD", false, "plan as of this date (default: today, UTC)"},
        kJsonOption},
       RunPlan,
       0,
       0},
      {"runs",
       "[--last N] [--json]",
       "refresh history: per run and per source, pages and records, errors",
       {{"--last", "N", false, "the last N runs (default 10)"}, kJsonOption},
       RunRuns,
       0,
       0},
      {"health",
       "[--source ID]... [--json]",
       "each source's latest refresh judged against its own history: healthy, degraded (with "
       "the reasons) or no history; exits 1 when any source is degraded",
       {kSourceOption, kJsonOption},
       RunHealth,
       0,
       0},
      {"report",
       "--out DIR [--last N]",
       "write a static HTML report (no server, nothing fetched): every source's status, "
       "health and sparklines, a page per source, a validation page per provider",
       {{"--out", "DIR", false, "write the pages into DIR (created if missing)"},
        {"--last", "N", false, "the last N runs (default 30)"}},
       RunReport,
       0,
       0},
      {"extract",
       "--url URL [--html FILE] [--source ID] [--depth N] "
       "[--records|--table [--columns LIST]|--suggest [--json]]",
       "dry run for admins: fetch URL (or read FILE as if served from URL), print as JSON what "
       "would be extracted; each link says whether the crawl would follow it, and why not",
       {{"--url", "URL", false, "the page's URL"},
        {"--html", "FILE", false, "read the page from FILE instead of fetching it"},
        {"--source", "ID", false, "apply this source's rules and scope"},
        {"--depth", "N", false,
         "the page's depth in the crawl, for links' follow decision (default 0: a start URL)"},
        {"--records", nullptr, false, "print only the records and diagnostics (JSON)"},
        {"--table", nullptr, false,
         "print the records as a table, one line per record; diagnostics go to stderr"},
        {"--columns", "LIST", false,
         "with --table: these record fields as the columns (title,audiences,description)"},
        {"--suggest", nullptr, false,
         "suggest item selectors (repeated blocks) and, for the best, field selectors"},
        {"--json", nullptr, false, "with --suggest: print the suggestions as JSON"}},
       RunExtract,
       0,
       0},
      {"select",
       "--html FILE [--url URL] [--limit N] [--json] SELECTOR",
       "what a CSS selector, or a rule field SELECTOR@attr, matches in FILE: the count, then "
       "each match's path, text and attributes",
       {{"--html", "FILE", false, "the page to search"},
        {"--url", "URL", false, "the page's URL: @href and @src values are resolved against it"},
        {"--limit", "N", false, "show at most N matches (default 20; the count is of all)"},
        {"--json", nullptr, false, "print JSON: selector, count, matches"}},
       RunSelect,
       1,
       1},
      {"robots",
       "--robots FILE --agent UA URL...",
       "print `allowed URL` or `disallowed URL` per URL, as the crawler would decide; the "
       "file's problems go to stderr as FILE:LINE: message",
       {{"--robots", "FILE", false, "the robots.txt file"},
        {"--agent", "UA", false, "the user agent"}},
       RunRobots,
       1,
       100000},
  };
  return kCommands;
}

void PrintOptions(std::ostream& out, const std::vector<OptionSpec>& options) {
  for (const OptionSpec& o : options) {
    std::string left = std::string("  ") + o.name;
    if (o.value_name) left += std::string(" ") + o.value_name;
    if (left.size() < 26)
      left.resize(26, ' ');
    else
      left += "  ";
    out << left << o.help << "\n";
  }
}

void PrintMainHelp(std::ostream& out) {
  out << "cecat: continuing-education catalogue for mental-health professionals\n\n"
         "usage: cecat COMMAND [options]\n\ncommands:\n";
  for (const CommandSpec& c : Commands()) {
    std::string left = std::string("  ") + c.name;
    left.resize(12, ' ');
    out << left << c.summary << "\n";
  }
  out << "\nglobal options (every command):\n";
  PrintOptions(out, kGlobalOptions);
  out << "\nexit codes: 0 done; 1 a source failed; 2 usage or config error; 3 another run holds "
         "the lock; 4 fatal\n"
         "`cecat COMMAND --help` describes a command.\n";
}

void PrintCommandHelp(std::ostream& out, const CommandSpec& c) {
  out << "usage: cecat " << c.name << " " << c.usage << "\n\n" << c.summary << "\n";
  if (!c.options.empty()) {
    out << "\noptions:\n";
    PrintOptions(out, c.options);
  }
  out << "\nglobal options:\n";
  PrintOptions(out, kGlobalOptions);
}

void SetUpLogging(const std::string& level) {
  // stderr now; the sources file's log_file joins once a command loads the file
  // (Context::LoadConfig), since only then is its path known.
  InstallLogger(spdlog::level::from_str(level));
}

}  // namespace

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    if (args.size() >= 2 && args[0] == "help") {
      for (const CommandSpec& c : Commands()) {
        if (args[1] == c.name) {
          PrintCommandHelp(std::cout, c);
          return kExitOk;
        }
      }
    }
    PrintMainHelp(args.empty() ? std::cerr : std::cout);
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "cecat " << Version() << "\n";
    return kExitOk;
  }
  const CommandSpec* command = nullptr;
  for (const CommandSpec& c : Commands()) {
    if (args[0] == c.name) command = &c;
  }
  if (command == nullptr) {
    std::cerr << "cecat: unknown command '" << args[0] << "' (see `cecat --help`)\n";
    return kExitUsage;
  }
  std::vector<OptionSpec> options = kGlobalOptions;
  options.insert(options.end(), command->options.begin(), command->options.end());
  auto parsed = ParseArgs({args.begin() + 1, args.end()}, options);
  if (!parsed.ok()) {
    std::cerr << "cecat " << command->name << ": " << parsed.status().message() << " (see `cecat "
              << command->name << " --help`)\n";
    return kExitUsage;
  }
  if (parsed->Has("--help")) {
    PrintCommandHelp(std::cout, *command);
    return kExitOk;
  }
  if (parsed->positional.size() < command->min_args ||
      parsed->positional.size() > command->max_args) {
    std::cerr << "cecat " << command->name << ": wrong number of arguments\nusage: cecat "
              << command->name << " " << command->usage << "\n";
    return kExitUsage;
  }
  std::string level = parsed->Get("--log-level", "info");
  if (level != "trace" && level != "debug" && level != "info" && level != "warn" &&
      level != "error") {
    std::cerr << "cecat: --log-level must be trace, debug, info, warn or error, got '" << level
              << "'\n";
    return kExitUsage;
  }
  SetUpLogging(level);

  Context ctx;
  ctx.args = std::move(parsed).value();
  if (ctx.args.Has("--config")) {
    ctx.config_path = ctx.args.Get("--config");
  } else if (const char* env = std::getenv("CECAT_CONFIG"); env && *env) {
    ctx.config_path = env;
  } else {
    ctx.config_path = "config/sources.json";
  }
  ctx.out = &std::cout;
  ctx.err = &std::cerr;
  ctx.out_is_terminal = isatty(STDOUT_FILENO) == 1;
  int rc = command->handler(ctx);
  spdlog::shutdown();
  return rc;
}

}  // namespace cecat::cli
