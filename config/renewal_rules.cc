// Loading the renewal rules files (renewal_rules.h): read, parse, walk every key,
// collect every problem. The format is documented in docs/plan.md "Renewal rules".
#include "config/renewal_rules.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>

#include "config/detail/checks.h"
#include "config/detail/file_io.h"

namespace cecat::config {
namespace {

namespace fs = std::filesystem;
using detail::OJson;
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

std::vector<std::string_view> Views(const std::vector<std::string>& names) {
  return {names.begin(), names.end()};
}

std::string Index(const std::string& key, size_t i) { return key + "[" + std::to_string(i) + "]"; }

// JSON leaves a key given twice undefined and nlohmann keeps one silently; in a
// hand-edited file that is a mistake whose effect the admin cannot see (the same
// rule as the sources file, config.cc). Records the path of every repeated key.
class RepeatedKeys {
 public:
  bool operator()(int /*depth*/, nlohmann::detail::parse_event_t event, OJson& parsed) {
    using Event = nlohmann::detail::parse_event_t;
    if (event == Event::object_start || event == Event::array_start) {
      stack_.push_back(Frame{event == Event::object_start});
    } else if (event == Event::key && !stack_.empty() && parsed.is_string()) {
      stack_.back().key = parsed.get<std::string>();
      if (!stack_.back().keys.insert(stack_.back().key).second) repeated_.push_back(Path());
    } else if (event == Event::object_end || event == Event::array_end || event == Event::value) {
      if (event != Event::value && !stack_.empty()) stack_.pop_back();
      if (!stack_.empty() && !stack_.back().object) ++stack_.back().index;
    }
    return true;
  }
  const std::vector<std::string>& repeated() const { return repeated_; }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys = {};
    std::string key = {};
    size_t index = 0;
  };
  std::string Path() const {
    std::string path;
    for (const Frame& f : stack_) {
      path += f.object ? (path.empty() ? "" : ".") + f.key : "[" + std::to_string(f.index) + "]";
    }
    return path;
  }
  std::vector<Frame> stack_;
  std::vector<std::string> repeated_;
};

bool IsRealDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  int year = std::stoi(text.substr(0, 4));
  int month = std::stoi(text.substr(5, 2));
  int day = std::stoi(text.substr(8, 2));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool IsHttpUrl(const std::string& url) {
  size_t scheme = url.rfind("https://", 0) == 0 ? 8 : url.rfind("http://", 0) == 0 ? 7 : 0;
  if (scheme == 0 || url.size() == scheme) return false;
  if (url[scheme] == '/' || url[scheme] == '?' || url[scheme] == '#') return false;
  return std::none_of(url.begin(), url.end(),
                      [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

bool IsSlug(const std::string& text) {
  if (text.empty() || text.front() == '-' || text.back() == '-') return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string FormatHours(double hours) {
  std::string text = std::to_string(hours);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// Reads one object's keys against a fixed list: unknown keys and missing
// required ones are reported, the rest are handed out by name.
class Fields {
 public:
  Fields(const OJson& object, const Where& where, std::string path,
         std::vector<std::string> allowed, std::vector<std::string> required)
      : object_(object), where_(where), path_(std::move(path)) {
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
        std::string message = detail::UnknownKeyMessage(it.key(), Views(allowed));
        if (message.find("did you mean") == std::string::npos) {
          std::string list;
          for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
          message += " (allowed: " + list + ")";
        }
        where.Report(Key(it.key()), message);
      }
    }
    for (const auto& name : required) {
      if (!object.contains(name)) where.Report(Key(name), "missing");
    }
  }

  const OJson* Get(const std::string& name) const {
    auto it = object_.find(name);
    return it == object_.end() ? nullptr : &*it;
  }
  std::string Key(const std::string& name) const {
    return path_.empty() ? name : path_ + "." + name;
  }
  const Where& where() const { return where_; }

  // A non-empty string without control characters.
  std::optional<std::string> String(const std::string& name) const {
    const OJson* value = Get(name);
    if (!value) return std::nullopt;
    return detail::CheckString(*value, where_, Key(name), "a non-empty string",
                               {.non_empty = true, .no_control = true});
  }

  // A number of hours > 0 in steps of 0.5 ("halves allowed").
  std::optional<double> Hours(const std::string& name) const {
    const OJson* value = Get(name);
    if (!value) return std::nullopt;
    if (!value->is_number()) {
      where_.Report(Key(name), detail::Expected("a number of hours > 0", *value));
      return std::nullopt;
    }
    double hours = value->get<double>();
    if (!std::isfinite(hours) || hours <= 0 || hours > 1000) {
      where_.Report(Key(name), detail::Expected("a number of hours > 0", *value));
      return std::nullopt;
    }
    if (std::fmod(hours * 2, 1.0) != 0) {
      where_.Report(Key(name), "expected whole or half hours, got " + detail::Describe(*value));
      return std::nullopt;
    }
    return hours;
  }

  // An index into the licence's `sources`; `count` is unknown (nullopt) when the
  // sources list itself is wrong, and then only the type is checked.
  std::optional<size_t> SourceIndex(const std::string& name, std::optional<size_t> count) const {
    const OJson* value = Get(name);
    if (!value) return std::nullopt;
    std::optional<int64_t> index = detail::AsInteger(*value);
    if (!index || *index < 0) {
      where_.Report(Key(name), detail::Expected("an index into sources (0, 1, ...)", *value));
      return std::nullopt;
    }
    if (count && static_cast<size_t>(*index) >= *count) {
      where_.Report(Key(name), "source " + std::to_string(*index) +
                                   " does not exist: sources has " + std::to_string(*count) +
                                   (*count == 1 ? " entry" : " entries"));
      return std::nullopt;
    }
    return static_cast<size_t>(*index);
  }

  // An array of objects, each handed to `read` with its path.
  void Objects(const std::string& name,
               const std::function<void(const OJson&, const std::string& path)>& read) const {
    const OJson* value = Get(name);
    if (!value) return;
    if (!value->is_array()) {
      where_.Report(Key(name), detail::Expected("an array of objects", *value));
      return;
    }
    for (size_t i = 0; i < value->size(); ++i) {
      std::string path = Index(Key(name), i);
      if (!(*value)[i].is_object()) {
        where_.Report(path, detail::Expected("an object", (*value)[i]));
        continue;
      }
      read((*value)[i], path);
    }
  }

  // An array of strings, each passing `check` (nullopt: fine, else why not).
  std::vector<std::string> Strings(
      const std::string& name, bool allow_empty,
      const std::function<std::optional<std::string>(const std::string&)>& check) const {
    std::vector<std::string> out;
    const OJson* value = Get(name);
    if (!value) return out;
    if (!value->is_array()) {
      where_.Report(Key(name), detail::Expected("an array of strings", *value));
      return out;
    }
    if (value->empty() && !allow_empty) where_.Report(Key(name), "expected at least one entry");
    for (size_t i = 0; i < value->size(); ++i) {
      std::string path = Index(Key(name), i);
      auto text = detail::CheckString((*value)[i], where_, path, "a non-empty string",
                                      {.non_empty = true, .no_control = true});
      if (!text) continue;
      if (check) {
        if (auto error = check(*text)) {
          where_.Report(path, *error);
          continue;
        }
      }
      if (std::find(out.begin(), out.end(), *text) != out.end()) {
        where_.Report(path, "\"" + *text + "\" is listed twice");
        continue;
      }
      out.push_back(*text);
    }
    return out;
  }

 private:
  const OJson& object_;
  const Where& where_;
  std::string path_;
};

std::optional<std::string> OneOf(const std::string& item, const std::vector<std::string>& allowed,
                                 const char* what) {
  if (std::find(allowed.begin(), allowed.end(), item) != allowed.end()) return std::nullopt;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  std::string message = "unknown " + std::string(what) + " \"" + item + "\" (one of: " + list + ")";
  if (std::string near = detail::Suggest(item, Views(allowed)); !near.empty()) {
    message += "; did you mean '" + near + "'?";
  }
  return message;
}

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

  // Sources first: every other entry's `source` is an index into them.
  std::optional<size_t> source_count;
  if (const OJson* sources = f.Get("sources")) {
    if (sources->is_array()) {
      if (sources->empty()) {
        where.Report(f.Key("sources"), "expected at least one source");
        ok = false;
      }
      source_count = sources->size();
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
      where.Report(spath + ".hours", "a subject's " + FormatHours(rule->hours) +
                                         " hours exceed total_hours (" +
                                         FormatHours(licence.total_hours) + ")");
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
      where.Report(cpath + ".max_hours", "a cap of " + FormatHours(cap->max_hours) +
                                             " hours exceeds total_hours (" +
                                             FormatHours(licence.total_hours) + ")");
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

  // A subject hour counts toward the total, so subjects adding up to more than
  // the total mean an overlap the plan cannot see (one course counting for two
  // subjects); allowed only when the notes explain it.
  double sum = 0;
  for (const auto& s : licence.subjects) sum += s.hours;
  if (licence.total_hours > 0 && sum > licence.total_hours && licence.notes.empty()) {
    where.Report(f.Key("subjects"),
                 "the subjects add up to " + FormatHours(sum) + " hours, more than total_hours (" +
                     FormatHours(licence.total_hours) + "); say in notes how they overlap");
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
