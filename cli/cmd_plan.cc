// plan: a licence-aware learning plan (SPEC "cecat plan", docs/plan.md). Reads the
// state's renewal rules from data/rules/, the active courses and scholarships from
// the index, and prints the cheapest plan (plan/planner.h), the rules it used with
// their sources, and the reminder that the board's text governs.
#include <chrono>
#include <fstream>
#include <iomanip>
#include <set>

#include <spdlog/spdlog.h>
#include <sstream>

#include "cli/context.h"
#include "cli/handlers.h"
#include "cli/terminal.h"
#include "common/ascii.h"
#include "common/number_text.h"
#include "common/redact.h"
#include "config/renewal_rules.h"
#include "index/index.h"
#include "normalise/vocabulary.h"
#include "plan/planner.h"

namespace cecat::cli {
namespace {

// The licence names people type, folded onto the rules files' values
// (docs/plan.md "Renewal rules": lpc covers LPC, LMHC, LCPC, LPCC).
std::string LicenceValue(const std::string& typed) {
  static const std::map<std::string, std::string> aliases = {
      {"lmhc", "lpc"},          {"lcpc", "lpc"},   {"lpcc", "lpc"},
      {"cadc", "lcadc"},        {"ladc", "lcadc"}, {"psychologists", "psychologist"},
      {"psych", "psychologist"}};
  std::string l = Lower(typed);
  auto it = aliases.find(l);
  return it == aliases.end() ? l : it->second;
}

std::string TodayUtc() {
  const auto now = std::chrono::system_clock::now();
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::vector<std::string> CommaList(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    std::stringstream in(v);
    for (std::string item; std::getline(in, item, ',');) {
      std::string t(Trim(item));
      if (!t.empty()) out.push_back(Lower(t));
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

// DollarText(v) where v is known; JSON null otherwise.
Json NumberOrNull(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

plan::Scholarship ToScholarship(const Json& r) {
  plan::Scholarship s;
  s.id = r.value("id", "");
  s.name = r.value("name", "");
  s.url = r.value("url", "");
  if (r.contains("sponsor")) {
    const Json& sp = r["sponsor"];
    s.sponsor = sp.is_string() ? sp.get<std::string>() : sp.value("name", "");
  }
  s.currency = r.value("currency", "");
  if (r.contains("amount_min") && r["amount_min"].is_number()) s.amount_min = r["amount_min"];
  if (r.contains("amount_max") && r["amount_max"].is_number()) s.amount_max = r["amount_max"];
  s.deadline = r.value("deadline", "");
  if (r.contains("disciplines") && r["disciplines"].is_array())
    for (const Json& d : r["disciplines"])
      if (d.is_string()) s.disciplines.push_back(d);
  if (r.contains("open") && r["open"].is_boolean()) s.open = r["open"].get<bool>();
  return s;
}

// Reads the options into a request; the error names the option.
Status ReadOptions(const ParsedArgs& args, const std::set<std::string>& topic_slugs,
                   plan::Request* r) {
  r->today = args.Has("--today") ? args.Get("--today") : TodayUtc();
  if (args.Has("--by")) r->by = args.Get("--by");
  if (args.Has("--need")) {
    CECAT_ASSIGN_OR_RETURN(double need, ParseNumberOption("--need", args.Get("--need")));
    r->need = need;
  }
  if (args.Has("--budget")) {
    CECAT_ASSIGN_OR_RETURN(double budget, ParseNumberOption("--budget", args.Get("--budget")));
    r->budget = budget;
  }
  if (args.Has("--max-courses")) {
    CECAT_ASSIGN_OR_RETURN(r->max_courses,
                           ParseIntOption("--max-courses", args.Get("--max-courses"), 1, 1000));
  }
  r->formats = CommaList(args.All("--format"));
  r->topics = CommaList(args.All("--topics"));
  for (const std::string& t : r->topics)
    if (!topic_slugs.count(t))
      return Status::InvalidArgument("--topics: \"" + t +
                                     "\" is not a topic slug of data/taxonomy.json (e.g. trauma, "
                                     "ethics, suicide-prevention)");
  if (args.Has("--done")) {
    const std::string file = args.Get("--done");
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::InvalidArgument("--done: cannot read " + file);
    std::stringstream text;
    text << in.rdbuf();
    CECAT_ASSIGN_OR_RETURN(r->done, plan::ParseDone(file, text.str()));
  }
  return Status::Ok();
}

Json RulesJson(const config::RenewalRules& state, const config::LicenceRules& L) {
  Json sources = Json::array();
  for (const config::RuleSource& s : L.sources)
    sources.push_back({{"url", s.url}, {"title", s.title}, {"checked_on", s.checked_on}});
  return {{"state", state.state},
          {"licence", L.licence},
          {"titles", L.titles},
          {"board", L.board},
          {"period_months", L.period_months},
          {"total_hours", L.total_hours},
          {"accepted_bodies", L.accepted_bodies},
          {"file", "data/rules/" + Lower(state.state) + ".json"},
          {"sources", sources},
          {"notes", L.notes},
          {"reminder",
           state.reminder.empty() ? std::string(config::kDefaultRulesReminder) : state.reminder}};
}

Json PlanJson(const plan::PlanResult& p, const config::RenewalRules& state,
              const config::LicenceRules& L) {
  Json courses = Json::array();
  for (const plan::PlannedCourse& c : p.courses) {
    Json covers = Json::array();
    for (const config::SubjectRule& s : L.subjects)
      if (std::find(c.course.topics.begin(), c.course.topics.end(), s.subject) !=
          c.course.topics.end())
        covers.push_back(s.subject);
    courses.push_back(
        {{"id", c.course.id},
         {"title", c.course.title},
         {"url", c.course.url},
         {"provider", c.course.provider},
         {"ce_hours", c.hours},
         {"price", c.price},
         {"format", c.course.format.empty() ? Json(nullptr) : Json(c.course.format)},
         {"start_date", c.course.start_date.empty() ? Json(nullptr) : Json(c.course.start_date)},
         {"approvals", c.course.approvals},
         {"counts_for", Json::array({c.counts_for})},
         {"covers", covers}});
  }
  Json reqs = Json::array();
  for (const plan::Requirement& q : p.requirements)
    reqs.push_back({{"subject", q.subject},
                    {"one_time", q.one_time},
                    {"hours_needed", q.needed},
                    {"hours_planned", q.planned},
                    {"rule", q.rule}});
  Json unmet = Json::array();
  for (const plan::Unmet& u : p.unmet)
    unmet.push_back(
        {{"requirement", u.requirement}, {"short_by", u.short_by}, {"message", u.message}});
  Json scholarships = Json::array();
  for (const plan::Scholarship& s : p.scholarships)
    scholarships.push_back({{"id", s.id},
                            {"name", s.name},
                            {"sponsor", s.sponsor},
                            {"url", s.url},
                            {"amount_min", NumberOrNull(s.amount_min)},
                            {"amount_max", NumberOrNull(s.amount_max)},
                            {"currency", s.currency},
                            {"deadline", s.deadline.empty() ? Json(nullptr) : Json(s.deadline)}});
  Json excluded = Json::object();
  for (const auto& [why, n] : p.excluded) excluded[why] = n;
  return {
      {"feasible", p.feasible},
      {"proven", p.proven},
      {"courses", courses},
      {"total_hours", p.total_hours},
      {"total_cost", p.total_cost},
      {"requirements", reqs},
      {"unmet", unmet},
      {"rules", RulesJson(state, L)},
      {"scholarships", scholarships},
      {"considered",
       {{"active_courses", p.courses_seen}, {"candidates", p.candidates}, {"excluded", excluded}}}};
}

void PrintPlan(std::ostream& out, const plan::PlanResult& p, const config::RenewalRules& state,
               const config::LicenceRules& L) {
  const std::string who = state.state + " " + (L.titles.empty() ? L.licence : L.titles[0]);
  out << (p.feasible ? "Plan for " : "No plan meets every requirement for ") << who << "\n\n";
  if (!p.courses.empty()) {
    if (!p.feasible) out << "Closest plan:\n";
    out << std::left << std::setw(20) << "ID"
        << "  " << std::setw(44) << "COURSE"
        << "  " << std::setw(6) << "HOURS"
        << "  " << std::setw(20) << "COUNTS FOR"
        << "  " << std::setw(11) << "FORMAT"
        << "  " << std::setw(10) << "DATE"
        << "  " << std::setw(9) << "PRICE"
        << "  APPROVALS\n";
    for (const plan::PlannedCourse& c : p.courses) {
      out << Column(c.course.id, 20) << "  " << Column(c.course.title, 44) << "  " << std::setw(6)
          << ShortNumber(c.hours) << "  " << Column(c.counts_for, 20) << "  "
          << Column(c.course.format.empty() ? "-" : c.course.format, 11) << "  "
          << Column(c.course.start_date.empty() ? "-" : c.course.start_date.substr(0, 10), 10)
          << "  " << Column(c.price == 0 ? std::string("free") : DollarText(c.price), 9) << "  "
          << Printable(Join(c.course.approvals, " ")) << "\n";
    }
    out << "Total: " << p.courses.size() << (p.courses.size() == 1 ? " course, " : " courses, ")
        << ShortNumber(p.total_hours) << " hours, " << DollarText(p.total_cost) << "\n";
    if (!p.proven)
      out << "The search stopped at its time limit: this is the best plan found, not proven "
             "the cheapest (a larger --max-courses, or none, is searched faster).\n";
    out << "\n";
  }
  out << "Requirements:\n";
  for (const plan::Requirement& q : p.requirements) {
    const bool met = q.planned + 1e-9 >= q.needed;
    out << "  " << std::left << std::setw(22) << (q.subject + (q.one_time ? " (once)" : ""))
        << " needed " << std::setw(6) << ShortNumber(q.needed) << " planned " << std::setw(6)
        << ShortNumber(q.planned) << (met ? " ok " : " NOT MET ")
        << (q.rule.empty() ? "" : " " + q.rule) << "\n";
  }
  for (const plan::Unmet& u : p.unmet) out << "  cannot be met: " << Printable(u.message) << "\n";
  static const std::map<std::string_view, const char*> kPeople = {
      {"psychologist", "psychologists"},
      {"counselor", "counselors"},
      {"social_worker", "social workers"},
      {"mft", "marriage and family therapists"},
      {"addiction", "addiction counselors"}};
  auto people = kPeople.find(config::LicenceAudience(L.licence));
  out << "\nOpen scholarships for " << (people == kPeople.end() ? "this licence" : people->second)
      << ":";
  if (p.scholarships.empty()) out << " none found";
  out << "\n";
  for (const plan::Scholarship& s : p.scholarships) {
    out << "  " << Column(s.name, 50);
    if (s.amount_max) out << "  up to " << DollarText(*s.amount_max);
    out << "  deadline " << (s.deadline.empty() ? "not stated" : Printable(s.deadline));
    out << "  " << Printable(s.url) << "\n";
  }
  out << "\nConsidered " << p.courses_seen << " active courses, " << p.candidates
      << " qualify; left out:";
  if (p.excluded.empty()) out << " none";
  for (const auto& [why, n] : p.excluded) out << "\n  " << n << " " << why;
  out << "\n\nRules used: " << state.state << " " << L.licence << ", " << L.board << ", "
      << ShortNumber(L.total_hours) << " hours every " << L.period_months << " months";
  if (!L.accepted_bodies.empty()) out << "; accepted approvals: " << Join(L.accepted_bodies);
  out << "\n";
  for (const config::RuleSource& s : L.sources)
    out << "  " << s.title << "\n    " << s.url << " (checked on " << s.checked_on << ")\n";
  out << (state.reminder.empty() ? std::string(config::kDefaultRulesReminder) : state.reminder)
      << "\n";
}

}  // namespace

int RunPlan(Context& ctx) {
  const std::filesystem::path data = ResourceDir() / "data";
  if (!ctx.args.Has("--licence") || !ctx.args.Has("--state")) {
    *ctx.err << "cecat plan: --licence and --state are required (e.g. --licence lpc --state TX)\n";
    return kExitUsage;
  }
  auto vocabulary = normalise::Vocabulary::Load(data);
  if (!vocabulary.ok()) {
    *ctx.err << "cecat plan: " << vocabulary.status().message() << "\n";
    return kExitUsage;
  }
  std::set<std::string> slugs;
  for (const auto& topic : vocabulary->topics) slugs.insert(topic.slug);

  const std::string state_code = Upper(ctx.args.Get("--state"));
  const std::filesystem::path file = data / "rules" / (Lower(state_code) + ".json");
  std::error_code ec;
  if (state_code.size() != 2 || !std::filesystem::is_regular_file(file, ec)) {
    std::vector<std::string> have;
    for (const auto& e : std::filesystem::directory_iterator(data / "rules", ec))
      if (e.path().extension() == ".json") have.push_back(Upper(e.path().stem().string()));
    std::sort(have.begin(), have.end());
    *ctx.err << "cecat plan: --state: no renewal rules for \"" << Printable(state_code)
             << "\" (rules exist for " << Join(have) << "; docs/plan.md says how to add a state)\n";
    return kExitUsage;
  }
  auto rules = config::LoadRenewalRules(file, slugs);
  if (!rules.ok()) {
    *ctx.err << "cecat plan: " << rules.status().message() << "\n";
    return kExitUsage;
  }
  const std::string licence = LicenceValue(ctx.args.Get("--licence"));
  const config::LicenceRules* L = rules->FindLicence(licence);
  if (L == nullptr) {
    std::vector<std::string> have;
    for (const auto& l : rules->licences) have.push_back(l.licence);
    *ctx.err << "cecat plan: --licence: " << state_code << "'s rules have no licence \""
             << Printable(ctx.args.Get("--licence")) << "\" (they have " << Join(have) << ")\n";
    return kExitUsage;
  }

  plan::Request request;
  request.state = &*rules;
  request.licence = L;
  if (Status s = ReadOptions(ctx.args, slugs, &request); !s.ok()) {
    *ctx.err << "cecat plan: " << s.message() << "\n";
    return kExitUsage;
  }

  std::optional<config::Config> config = ctx.LoadConfig();
  if (!config) return kExitUsage;
  auto idx = OpenIndexOrReport(ctx, ctx.DatabasePath(*config), true);
  if (!idx) return kExitFatal;
  const auto started = std::chrono::steady_clock::now();
  auto ms_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  };
  auto summaries = idx->ActiveCourses();
  auto scholarship_records = idx->ActiveRecords(RecordType::kScholarship);
  if (!summaries.ok() || !scholarship_records.ok()) {
    *ctx.err << "cecat plan: "
             << (summaries.ok() ? scholarship_records.status() : summaries.status()).message()
             << "\n";
    return kExitFatal;
  }
  const std::vector<plan::Course>& courses = *summaries;
  std::vector<plan::Scholarship> scholarships;
  for (const Json& r : *scholarship_records) scholarships.push_back(ToScholarship(r));

  spdlog::debug("plan: read {} active courses and {} scholarships in {:.1f} ms", courses.size(),
                scholarships.size(), ms_since(started));
  const auto planning = std::chrono::steady_clock::now();
  auto result = plan::MakePlan(request, courses, scholarships);
  if (!result.ok()) {
    *ctx.err << "cecat plan: " << result.status().message() << "\n";
    return kExitUsage;
  }
  spdlog::debug("plan: {} candidates, {} kept after pruning, {} nodes, planned in {:.1f} ms",
                result->candidates, result->stats.kept, result->stats.nodes, ms_since(planning));
  // The provider is shown for the planned courses only: it lives in the documents,
  // which the candidates are read without.
  std::vector<std::string> planned_ids;
  for (const plan::PlannedCourse& c : result->courses) planned_ids.push_back(c.course.id);
  auto providers = idx->ProviderNames(planned_ids);
  if (!providers.ok()) {
    *ctx.err << "cecat plan: " << providers.status().message() << "\n";
    return kExitFatal;
  }
  for (plan::PlannedCourse& c : result->courses) {
    auto it = providers->find(c.course.id);
    if (it != providers->end()) c.course.provider = it->second;
  }
  if (ctx.args.Has("--json"))
    *ctx.out << PlanJson(*result, *rules, *L).dump(2) << "\n";
  else
    PrintPlan(*ctx.out, *result, *rules, *L);
  return result->feasible ? kExitOk : kExitSourceFailed;
}

}  // namespace cecat::cli
