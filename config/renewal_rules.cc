// Loading the renewal rules files (renewal_rules.h): read, parse, walk every key,
// collect every problem. The format is documented in docs/plan.md "Renewal rules".
#include "config/renewal_rules.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>

#include "common/number_text.h"
#include "config/detail/checks.h"
#include "config/detail/file_io.h"
#include "config/detail/rule_fields.h"

namespace cecat::config {
namespace {

namespace fs = std::filesystem;
using detail::Fields;
using detail::Index;
using detail::IsHttpUrl;
using detail::IsRealDate;
using detail::IsSlug;
using detail::OJson;
using detail::OneOf;
using detail::RepeatedKeys;
using detail::Views;
using detail::Where;

// A state's rules are a few kilobytes; anything this large is a mistake.
constexpr size_t kMaxRulesFileBytes = 1024 * 1024;

struct LicenceInfo {
  const char* licence;
  const char* audience;
};
// The audiences are DOMAIN.md's slugs (data/synonyms.json "audiences").
constexpr LicenceInfo kLicences[] = {
    {"lpc", "counselor"}, {"lcsw", "social_worker"},        {"lmsw", "social_worker"},
    {"lmft", "mft"},      {"psychologist", "psychologist"}, {"lcadc", "addiction"},
};

const std::vector<std::string> kFormats = {"on_demand", "live_online", "in_person", "hybrid"};

struct LicenceContext {
  const std::set<std::string>& topic_slugs;
  std::vector<ConfigProblem>* warnings;
  std::string file;
};

// A `subjects` or `one_time` entry.
std::optional<SubjectRule> ReadSubject(const OJson& entry, const std::string& path,
                                       const Where& where, std::optional<size_t> source_count,
                                       const LicenceContext& context) {
  Fields f(entry, where, path, {"subject", "hours", "rule", "source"},
           {"subject", "hours", "rule", "source"});
  SubjectRule rule;
  bool ok = true;
  if (auto subject = f.String("subject")) {
    if (!IsSlug(*subject)) {
      where.Report(f.Key("subject"),
                   "expected a lower-case slug like \"law-and-ethics\", got \"" + *subject + "\"");
      ok = false;
    } else if (!context.topic_slugs.count(*subject)) {
      Where(context.file, context.warnings)
          .Report(f.Key("subject"), "\"" + *subject +
                                        "\" is not a topic of data/taxonomy.json: no course "
                                        "can be tagged with it yet");
    }
    rule.subject = *subject;
  } else {
    ok = false;
  }
  auto hours = f.Hours("hours");
  auto citation = f.String("rule");
  auto source = f.SourceIndex("source", source_count);
  if (!ok || !hours || !citation || !source) return std::nullopt;
  rule.hours = *hours;
  rule.rule = *citation;
  rule.source = *source;
  return rule;
}

std::optional<FormatCap> ReadCap(const OJson& entry, const std::string& path, const Where& where,
                                 std::optional<size_t> source_count) {
  Fields f(entry, where, path, {"formats", "max_hours", "rule", "source"},
           {"formats", "max_hours", "rule", "source"});
  FormatCap cap;
  cap.formats = f.Strings("formats", false,
                          [](const std::string& item) { return OneOf(item, kFormats, "format"); });
  auto hours = f.Hours("max_hours");
  auto citation = f.String("rule");
  auto source = f.SourceIndex("source", source_count);
  if (cap.formats.empty() || !hours || !citation || !source) return std::nullopt;
  cap.max_hours = *hours;
  cap.rule = *citation;
  cap.source = *source;
  return cap;
}

// Reports a subject listed twice in one list: its hours would be counted twice.
void CheckRepeatedSubjects(const std::vector<std::pair<SubjectRule, std::string>>& rules,
                           const Where& where) {
  std::map<std::string, std::string> seen;
  for (const auto& [rule, path] : rules) {
    auto [it, inserted] = seen.emplace(rule.subject, path);
    if (!inserted) {
      where.Report(path + ".subject", "\"" + rule.subject + "\" is listed twice (also at " +
                                          it->second + "); give its hours once");
    }
  }
}

void ReadLicence(const OJson& entry, const std::string& path, const Where& where,
                 const LicenceContext& context, std::map<std::string, std::string>* licences,
                 std::vector<LicenceRules>* out) {
  Fields f(
      entry, where, path,
      {"licence", "titles", "board", "period_months", "total_hours", "subjects", "one_time",
       "format_caps", "accepted_bodies", "accepted_rule", "accepted_source", "notes", "sources"},
      {"licence", "titles", "board", "period_months", "total_hours", "accepted_bodies", "sources"});
  bool ok = true;
  LicenceRules licence;

  // Every other entry's `source` is an index into `sources`: their count is
  // known first; their contents are checked last, where the format puts them, so
  // problems come in the file's usual order.
  std::optional<size_t> source_count;
  const OJson* sources = f.Get("sources");
  if (sources && sources->is_array()) source_count = sources->size();

  if (auto name = f.String("licence")) {
    if (auto error = OneOf(*name, LicenceNames(), "licence")) {
      where.Report(f.Key("licence"), *error);
      ok = false;
    } else {
      auto [seen, inserted] = licences->emplace(*name, path);
      if (!inserted) {
        where.Report(f.Key("licence"), "\"" + *name + "\" is given twice in this state (also " +
                                           seen->second + "); merge them");
        ok = false;
      }
      licence.licence = *name;
      licence.audience = std::string(LicenceAudience(*name));
    }
  } else {
    ok = false;
  }
  if (f.Get("titles")) {
    licence.titles = f.Strings("titles", false, nullptr);
    if (licence.titles.empty()) ok = false;
  } else {
    ok = false;
  }
  if (auto board = f.String("board")) {
    licence.board = *board;
  } else {
    ok = false;
  }
  if (const OJson* months = f.Get("period_months")) {
    if (auto value = detail::CheckInteger(*months, where, f.Key("period_months"), 1, 120)) {
      licence.period_months = static_cast<int>(*value);
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (auto total = f.Hours("total_hours")) {
    licence.total_hours = *total;
  } else {
    ok = false;
  }

  std::vector<std::pair<SubjectRule, std::string>> subjects, one_time;
  f.Objects("subjects", [&](const OJson& s, const std::string& spath) {
    auto rule = ReadSubject(s, spath, where, source_count, context);
    if (!rule) {
      ok = false;
      return;
    }
    if (licence.total_hours > 0 && rule->hours > licence.total_hours) {
      where.Report(spath + ".hours", "a subject's " + ShortNumber(rule->hours) +
                                         " hours exceed total_hours (" +
                                         ShortNumber(licence.total_hours) + ")");
      ok = false;
    }
    subjects.emplace_back(*rule, spath);
  });
  f.Objects("one_time", [&](const OJson& s, const std::string& spath) {
    auto rule = ReadSubject(s, spath, where, source_count, context);
    if (!rule) {
      ok = false;
      return;
    }
    one_time.emplace_back(*rule, spath);
  });
  CheckRepeatedSubjects(subjects, where);
  CheckRepeatedSubjects(one_time, where);
  for (auto& [rule, p] : subjects) licence.subjects.push_back(rule);
  for (auto& [rule, p] : one_time) licence.one_time.push_back(rule);

  f.Objects("format_caps", [&](const OJson& c, const std::string& cpath) {
    auto cap = ReadCap(c, cpath, where, source_count);
    if (!cap) {
      ok = false;
      return;
    }
    if (licence.total_hours > 0 && cap->max_hours > licence.total_hours) {
      where.Report(cpath + ".max_hours", "a cap of " + ShortNumber(cap->max_hours) +
                                             " hours exceeds total_hours (" +
                                             ShortNumber(licence.total_hours) + ")");
      ok = false;
    }
    // A course counts toward one cap: two caps naming one format would leave which
    // of them limits it to chance.
    for (const std::string& format : cap->formats)
      for (const FormatCap& earlier : licence.format_caps)
        if (std::find(earlier.formats.begin(), earlier.formats.end(), format) !=
            earlier.formats.end()) {
          where.Report(cpath + ".formats", "format \"" + format +
                                               "\" is already in an earlier cap; a format may "
                                               "be in one cap only");
          ok = false;
        }
    licence.format_caps.push_back(std::move(*cap));
  });

  const OJson* bodies = f.Get("accepted_bodies");
  if (bodies) {
    size_t before = bodies->is_array() ? bodies->size() : 1;
    licence.accepted_bodies = f.Strings("accepted_bodies", true, [](const std::string& item) {
      return OneOf(item, RuleBodyNames(), "approval body");
    });
    if (licence.accepted_bodies.size() != before) ok = false;
  }
  if (f.Get("accepted_rule")) {
    if (auto rule = f.String("accepted_rule")) {
      licence.accepted_rule = *rule;
    } else {
      ok = false;
    }
  }
  if (f.Get("accepted_source")) {
    if (auto index = f.SourceIndex("accepted_source", source_count)) {
      licence.accepted_source = *index;
    } else {
      ok = false;
    }
  }
  // The bodies are a figure like any other: they need their citation.
  if (!licence.accepted_bodies.empty()) {
    for (const char* key : {"accepted_rule", "accepted_source"}) {
      if (!f.Get(key)) {
        where.Report(f.Key(key),
                     "missing; accepted_bodies needs the rule and source it comes from");
        ok = false;
      }
    }
  }
  if (f.Get("notes")) licence.notes = f.Strings("notes", true, nullptr);

  if (sources) {
    if (sources->is_array() && sources->empty()) {
      where.Report(f.Key("sources"), "expected at least one source");
      ok = false;
    }
    f.Objects("sources", [&](const OJson& s, const std::string& spath) {
      Fields sf(s, where, spath, {"url", "title", "checked_on"}, {"url", "title", "checked_on"});
      RuleSource source;
      auto url = sf.String("url");
      if (url && !IsHttpUrl(*url)) {
        where.Report(sf.Key("url"), "expected an http(s) URL, got \"" + *url + "\"");
        url.reset();
      }
      auto title = sf.String("title");
      auto checked = sf.String("checked_on");
      if (checked && !IsRealDate(*checked)) {
        where.Report(sf.Key("checked_on"), "expected a date YYYY-MM-DD, got \"" + *checked + "\"");
        checked.reset();
      }
      if (!url || !title || !checked) {
        ok = false;
        return;
      }
      licence.sources.push_back({*url, *title, *checked});
    });
    if (!sources->is_array()) ok = false;
  } else {
    ok = false;
  }

  // A subject hour counts toward the total, so subjects adding up to more than
  // the total mean an overlap the plan cannot see (one course counting for two
  // subjects); allowed only when the notes explain it.
  double sum = 0;
  for (const auto& s : licence.subjects) sum += s.hours;
  if (licence.total_hours > 0 && sum > licence.total_hours && licence.notes.empty()) {
    where.Report(f.Key("subjects"),
                 "the subjects add up to " + ShortNumber(sum) + " hours, more than total_hours (" +
                     ShortNumber(licence.total_hours) + "); say in notes how they overlap");
    ok = false;
  }
  if (ok) out->push_back(std::move(licence));
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string JoinProblems(const std::vector<ConfigProblem>& problems) {
  std::string message;
  for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p.ToString();
  return message;
}

}  // namespace

const LicenceRules* RenewalRules::FindLicence(std::string_view licence) const {
  for (const auto& l : licences) {
    if (l.licence == licence) return &l;
  }
  return nullptr;
}

const std::vector<std::string>& LicenceNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& l : kLicences) out.emplace_back(l.licence);
    return out;
  }();
  return names;
}

std::string_view LicenceAudience(std::string_view licence) {
  for (const auto& l : kLicences) {
    if (licence == l.licence) return l.audience;
  }
  return {};
}

const std::vector<std::string>& RuleBodyNames() {
  // DOMAIN.md "Accrediting bodies", the same vocabulary as data/synonyms.json.
  static const std::vector<std::string> names = {"APA",         "ASWB-ACE", "NBCC",   "NAADAC",
                                                 "CAMFT",       "NY-SW",    "NY-MHC", "NY-PSY",
                                                 "FL-CEBROKER", "CCAPP",    "IC&RC"};
  return names;
}

RulesOutcome LoadRenewalRulesWithProblems(const fs::path& file,
                                          const std::set<std::string>& topic_slugs) {
  RulesOutcome outcome;
  const std::string name = file.string();
  Where top(name, &outcome.problems);

  Result<std::string> text = detail::ReadSmallFile(file, kMaxRulesFileBytes);
  if (!text.ok()) {
    top.Report("", text.status().message());
    return outcome;
  }
  OJson root;
  RepeatedKeys repeated;
  try {
    root = OJson::parse(*text, std::ref(repeated));
  } catch (const std::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
    std::string what = e.what();
    size_t at = what.find("] ");
    top.Report("", "invalid JSON: " + (at == std::string::npos ? what : what.substr(at + 2)));
    return outcome;
  }
  if (!root.is_object()) {
    top.Report("", detail::Expected("a JSON object with \"state\" and \"licences\"", root));
    return outcome;
  }
  for (const std::string& path : repeated.repeated()) {
    top.Report(path, "duplicate key; remove all but one");
  }
  Fields f(root, top, "", {"state", "reminder", "licences"}, {"state", "licences"});
  RenewalRules rules;
  rules.file = file;
  if (auto state = f.String("state")) {
    outcome.state = *state;
    std::string stem = file.stem().string();
    if (state->size() != 2 || Upper(*state) != *state ||
        !std::all_of(state->begin(), state->end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      top.Report("state", "expected a postal code of two upper-case letters like \"TX\", got \"" +
                              *state + "\"");
    } else if (stem != Lower(*state)) {
      top.Report("state", "\"" + *state + "\" does not match the file's name: " + *state +
                              "'s rules belong in " + Lower(*state) + ".json");
    }
    rules.state = *state;
  }
  if (f.Get("reminder")) {
    if (auto reminder = f.String("reminder")) rules.reminder = *reminder;
  }
  LicenceContext context{topic_slugs, &outcome.warnings, name};
  std::map<std::string, std::string> licences;
  if (const OJson* list = f.Get("licences")) {
    if (list->is_array() && list->empty()) top.Report("licences", "expected at least one licence");
    f.Objects("licences", [&](const OJson& entry, const std::string& path) {
      ReadLicence(entry, path, top, context, &licences, &rules.licences);
    });
  }
  if (outcome.problems.empty()) outcome.rules = std::move(rules);
  return outcome;
}

Result<RenewalRules> LoadRenewalRules(const fs::path& file,
                                      const std::set<std::string>& topic_slugs,
                                      std::vector<std::string>* warnings) {
  RulesOutcome outcome = LoadRenewalRulesWithProblems(file, topic_slugs);
  if (warnings) {
    for (const auto& w : outcome.warnings) warnings->push_back(w.ToString());
  }
  if (outcome.rules) return std::move(*outcome.rules);
  return Status::InvalidArgument(JoinProblems(outcome.problems));
}

RulesDirOutcome LoadRulesDirWithProblems(const fs::path& dir,
                                         const std::set<std::string>& topic_slugs) {
  RulesDirOutcome outcome;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    Where(dir.string(), &outcome.problems).Report("", "not a folder of rules files");
    return outcome;
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json") files.push_back(it->path());
  }
  if (ec) {
    Where(dir.string(), &outcome.problems).Report("", "cannot list: " + ec.message());
    return outcome;
  }
  std::sort(files.begin(), files.end());
  outcome.files = files.size();
  std::map<std::string, fs::path> states;
  std::vector<RenewalRules> loaded;
  for (const fs::path& file : files) {
    RulesOutcome one = LoadRenewalRulesWithProblems(file, topic_slugs);
    outcome.problems.insert(outcome.problems.end(), one.problems.begin(), one.problems.end());
    outcome.warnings.insert(outcome.warnings.end(), one.warnings.begin(), one.warnings.end());
    // Checked on the state as written, even in a file with other problems: the
    // plan must never have to choose between two files' rules for one state.
    if (!one.state.empty()) {
      auto [seen, inserted] = states.emplace(Upper(one.state), file);
      if (!inserted) {
        Where(file.string(), &outcome.problems)
            .Report("state", "a second file for " + Upper(one.state) + " (" +
                                 seen->second.string() + " has it too); keep one");
      }
    }
    if (one.rules) loaded.push_back(std::move(*one.rules));
  }
  if (outcome.problems.empty()) outcome.states = std::move(loaded);
  return outcome;
}

Result<std::vector<RenewalRules>> LoadRulesDir(const fs::path& dir,
                                               const std::set<std::string>& topic_slugs,
                                               std::vector<std::string>* warnings) {
  RulesDirOutcome outcome = LoadRulesDirWithProblems(dir, topic_slugs);
  if (warnings) {
    for (const auto& w : outcome.warnings) warnings->push_back(w.ToString());
  }
  if (!outcome.problems.empty()) return Status::InvalidArgument(JoinProblems(outcome.problems));
  return std::move(outcome.states);
}

}  // namespace cecat::config
