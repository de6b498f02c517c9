// curate: curators' overrides kept in the index (docs/curation.md). Every change
// takes the database lock a refresh holds, is checked here (fields and values
// against the record types, regexes) and by the index (record ids), and lands in
// one transaction with its audit-log line; then the feed is written again, so the
// change is in the index, the change stream and the feed at once.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/context.h"
#include "cli/handlers.h"
#include "cli/lock.h"
#include "common/time_format.h"
#include "common/utf8.h"
#include "index/index.h"
#include "normalise/normalise.h"
#include "refresh/curation.h"
#include "refresh/publish.h"

namespace cecat::cli {
namespace {

// The export file's format version (docs/curation.md "Export and import").
constexpr int kCurationFileVersion = 1;

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// --by's default: the user running the command.
std::string CurrentUser() {
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr)
    return pw->pw_name;
  if (const char* user = std::getenv("USER"); user != nullptr && *user) return user;
  return "unknown";
}

// "2026-12-06T21:00:00Z" to unix seconds; nullopt for anything else.
std::optional<int64_t> ParseRfc3339Utc(const std::string& text) {
  std::tm tm{};
  std::istringstream in(text);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  int64_t t = timegm(&tm);
  if (FormatRfc3339(t) != text) return std::nullopt;  // 2026-02-31 and the like
  return t;
}

// One override as the export file spells it: sorted keys, the same every time.
Json OverrideJson(const index::Override& o) {
  Json j = {{"kind", o.kind}, {"by", o.by}, {"reason", o.reason}, {"at", FormatRfc3339(o.at)}};
  if (o.kind == "hide") {
    j["id"] = o.target;
  } else if (o.kind == "pin") {
    j["id"] = o.target;
    j["field"] = o.key;
    if (o.value) {
      j["value"] = *o.value;
    } else {
      j["absent"] = true;
    }
  } else if (o.kind == "merge") {
    j["from"] = o.target;
    j["into"] = o.key;
  } else if (o.kind == "suppress") {
    j["source"] = o.target;
    j["pattern"] = o.key;
  }
  return j;
}

struct Curator {
  Context& ctx;
  const config::Config& config;
  std::filesystem::path db;
  std::unique_ptr<index::Index> idx;
  std::optional<normalise::Normaliser> normaliser;
  Json schema;

  int Usage(const std::string& message) {
    *ctx.err << "cecat curate: " << message << "\n";
    return kExitUsage;
  }

  // The record as `show` has it (any status), or nullopt.
  Result<std::optional<Json>> Record(const std::string& id) { return idx->Show(id); }

  Status LoadChecks() {
    if (!normaliser) {
      auto n = normalise::Normaliser::Load(ResourceDir() / "data");
      if (!n.ok()) return n.status();
      normaliser.emplace(std::move(*n));
    }
    if (schema.is_null()) {
      const auto file = ResourceDir() / "schema" / "feed.schema.json";
      std::ifstream in(file);
      schema = Json::parse(in, nullptr, /*allow_exceptions=*/false);
      if (!schema.is_object()) return Status::IoError("cannot read " + file.string());
    }
    return Status::Ok();
  }

  // Checks the parts of an edit that the index cannot: pinned fields and values,
  // suppressions' sources and regexes. `normalise`: a value typed on the command
  // line goes through the normalisers; an imported one is as an export wrote it
  // (normalised) and is only checked against the schema.
  Status Check(index::CurationEdit& e, bool normalise) {
    if (e.action == "pin") {
      CECAT_RETURN_IF_ERROR(LoadChecks());
      CECAT_ASSIGN_OR_RETURN(std::optional<Json> rec, Record(e.target));
      if (!rec) return Status::InvalidArgument("unknown record id '" + e.target + "'");
      auto type = ParseRecordType((*rec)["type"].get<std::string>());
      if (!type) return Status::InvalidArgument("record " + e.target + " has an unknown type");
      if (!e.value) return refresh::CheckPinnableField(schema, *type, e.key);
      CECAT_ASSIGN_OR_RETURN(
          Json v, refresh::CheckPinnedValue(schema, normalise ? &*normaliser : nullptr, *type,
                                            e.key, *e.value, *rec));
      e.value = std::move(v);
    }
    if (e.action == "suppress" || e.action == "unsuppress") {
      if (config.FindSource(e.target) == nullptr) {
        return Status::InvalidArgument(config.file.string() + ": no source with id '" + e.target +
                                       "'");
      }
      CECAT_ASSIGN_OR_RETURN(std::shared_ptr<const RE2> re, refresh::CompileUrlPattern(e.key));
      e.matches = [re](const std::string& url) { return RE2::PartialMatch(url, *re); };
    }
    return Status::Ok();
  }

  // The feed again, when a refresh has published one: a curation takes effect in
  // the feed at once, not at the next refresh.
  int Publish() {
    const std::filesystem::path feed = config.feed_dir / "feed.json";
    std::error_code ec;
    if (config.feed_dir.empty() || !std::filesystem::exists(feed, ec)) return kExitOk;
    Status st = refresh::WriteFeedSnapshot(
        *idx, config.sources, config.feed_dir, ResourceDir() / "schema" / "feed.schema.json",
        std::filesystem::exists(config.feed_dir / "feed.json.gz", ec));
    if (!st.ok()) {
      *ctx.err << "cecat curate: the change is in the index, but the feed was not written (the "
                  "previous feed is untouched; `cecat export` writes it): "
               << st.message() << "\n";
      return kExitFatal;
    }
    *ctx.out << "feed: " << feed.string() << "\n";
    return kExitOk;
  }

  int Report(const Result<index::CurationResult>& r) {
    if (!r.ok()) {
      return r.status().code() == Status::Code::kInvalidArgument ? Usage(r.status().message())
                                                                 : Fatal(r.status());
    }
    *ctx.out << (r->changed ? "" : "unchanged: ") << r->effect << "\n";
    if (!r->records.empty()) {
      *ctx.out << "change stream:";
      for (const std::string& id : r->records) *ctx.out << " " << id;
      *ctx.out << "\n";
    }
    return r->changed ? Publish() : kExitOk;
  }

  int Fatal(const Status& st) {
    *ctx.err << "cecat curate: " << st.message() << "\n";
    return kExitFatal;
  }
};

Status ParseEntry(const Json& j, index::CurationEdit* e) {
  if (!j.is_object()) return Status::InvalidArgument("expected an object, got " + j.dump());
  const std::string kind = j.value("kind", Json()).is_string() ? j["kind"].get<std::string>() : "";
  std::vector<std::string> keys;
  if (kind == "hide") {
    keys = {"id"};
  } else if (kind == "pin") {
    keys = {"id", "field"};
  } else if (kind == "merge") {
    keys = {"from", "into"};
  } else if (kind == "suppress") {
    keys = {"source", "pattern"};
  } else {
    return Status::InvalidArgument("\"kind\" must be hide, pin, merge or suppress, got " +
                                   (j.contains("kind") ? j["kind"].dump() : "nothing"));
  }
  std::vector<std::string> allowed = keys;
  for (const char* k : {"kind", "by", "reason", "at"}) allowed.push_back(k);
  if (kind == "pin") {
    allowed.push_back("value");
    allowed.push_back("absent");
  }
  for (const auto& [k, _] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      return Status::InvalidArgument("unknown key \"" + k + "\" in a " + kind);
  }
  auto text = [&](const std::string& k) -> Result<std::string> {
    auto it = j.find(k);
    if (it == j.end() || !it->is_string() || it->get<std::string>().empty())
      return Status::InvalidArgument("a " + kind + " needs \"" + k + "\" (non-empty text)");
    return it->get<std::string>();
  };
  CECAT_ASSIGN_OR_RETURN(e->by, text("by"));
  CECAT_ASSIGN_OR_RETURN(e->reason, text("reason"));
  CECAT_ASSIGN_OR_RETURN(std::string at, text("at"));
  std::optional<int64_t> when = ParseRfc3339Utc(at);
  if (!when)
    return Status::InvalidArgument("\"at\" must be an RFC 3339 UTC time, got \"" + at + "\"");
  e->at = *when;
  e->action = kind;
  CECAT_ASSIGN_OR_RETURN(e->target, text(keys[0]));
  if (kind != "hide") {
    CECAT_ASSIGN_OR_RETURN(e->key, text(keys[1]));
  }
  if (kind == "pin") {
    const bool absent = j.value("absent", Json()) == true;
    if (j.contains("absent") && !absent)
      return Status::InvalidArgument("\"absent\" can only be true");
    if (absent == j.contains("value"))
      return Status::InvalidArgument("a pin needs \"value\" or \"absent\": true (one of them)");
    if (!absent) e->value = j["value"];
  }
  return Status::Ok();
}

int Import(Curator& c, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return c.Usage("import: cannot read " + file);
  std::stringstream buf;
  buf << in.rdbuf();
  Json doc = Json::parse(buf.str(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return c.Usage("import: " + file + " is not JSON");
  if (!doc.is_object() || doc.value("cecat_curation", Json()) != kCurationFileVersion ||
      !doc.value("overrides", Json()).is_array()) {
    return c.Usage("import: " + file + ": expected {\"cecat_curation\": " +
                   std::to_string(kCurationFileVersion) + ", \"overrides\": [...]}");
  }
  for (const auto& [k, _] : doc.items()) {
    if (k != "cecat_curation" && k != "overrides")
      return c.Usage("import: " + file + ": unknown key \"" + k + "\"");
  }
  // Everything is checked before anything changes; the index then applies every
  // entry in one transaction (and checks the record ids) or none.
  std::vector<index::CurationEdit> edits;
  const Json& list = doc["overrides"];
  for (size_t i = 0; i < list.size(); ++i) {
    index::CurationEdit e;
    Status st = ParseEntry(list[i], &e);
    if (st.ok()) st = c.Check(e, /*normalise=*/false);
    if (!st.ok()) {
      return c.Usage("import: " + file + ": entry " + std::to_string(i + 1) + ": " + st.message());
    }
    edits.push_back(std::move(e));
  }
  auto done = c.idx->CurateAll(edits, NowUnix());
  if (!done.ok()) {
    const Status& st = done.status();
    return st.code() == Status::Code::kInvalidArgument
               ? c.Usage("import: " + file + ": " + st.message() + " (nothing imported)")
               : c.Fatal(st);
  }
  int changed = 0;
  for (const auto& r : *done) changed += r.changed ? 1 : 0;
  *c.ctx.out << "imported " << file << ": " << changed << " change(s), " << (done->size() - changed)
             << " already so\n";
  return changed > 0 ? c.Publish() : kExitOk;
}

int List(Curator& c, bool orphaned_only) {
  auto overrides = c.idx->Overrides();
  if (!overrides.ok()) return c.Fatal(overrides.status());
  Json out = Json::array();
  for (const index::Override& o : *overrides) {
    auto why = c.idx->OrphanReason(o);
    if (!why.ok()) return c.Fatal(why.status());
    if (orphaned_only && why->empty()) continue;
    Json j = OverrideJson(o);
    j["orphaned"] = why->empty() ? Json() : Json(*why);
    out.push_back(std::move(j));
  }
  if (c.ctx.args.Has("--json")) {
    *c.ctx.out << out.dump(2) << "\n";
    return kExitOk;
  }
  for (const Json& j : out) {
    const std::string kind = j["kind"];
    std::string what;
    if (kind == "hide") what = j["id"].get<std::string>();
    if (kind == "pin")
      what = j["id"].get<std::string>() + " " + j["field"].get<std::string>() + " = " +
             (j.contains("value") ? j["value"].dump() : std::string("(absent)"));
    if (kind == "merge")
      what = j["from"].get<std::string>() + " -> " + j["into"].get<std::string>();
    if (kind == "suppress")
      what = j["source"].get<std::string>() + " " + j["pattern"].get<std::string>();
    *c.ctx.out << kind << "  " << what << "  by " << j["by"].get<std::string>() << " at "
               << j["at"].get<std::string>() << ": " << j["reason"].get<std::string>() << "\n";
    if (j["orphaned"].is_string())
      *c.ctx.out << "  ORPHANED: " << j["orphaned"].get<std::string>() << "\n";
  }
  if (out.empty()) *c.ctx.out << (orphaned_only ? "no orphaned overrides\n" : "no overrides\n");
  return kExitOk;
}

int ShowLog(Curator& c) {
  auto log = c.idx->CurationLog();
  if (!log.ok()) return c.Fatal(log.status());
  for (Json& e : *log) e["at"] = FormatRfc3339(e["at"].get<int64_t>());
  if (c.ctx.args.Has("--json")) {
    *c.ctx.out << log->dump(2) << "\n";
    return kExitOk;
  }
  for (const Json& e : *log) {
    *c.ctx.out << e["at"].get<std::string>() << "  " << e["by"].get<std::string>() << "  "
               << e["action"].get<std::string>() << " " << e["target"].get<std::string>();
    if (!e["key"].get<std::string>().empty()) *c.ctx.out << " " << e["key"].get<std::string>();
    if (e.contains("value")) *c.ctx.out << " " << e["value"].get<std::string>();
    *c.ctx.out << ": " << e["reason"].get<std::string>() << "  (" << e["effect"].get<std::string>()
               << ")\n";
  }
  if (log->empty()) *c.ctx.out << "no curation yet\n";
  return kExitOk;
}

int Export(Curator& c, const std::string& file) {
  auto overrides = c.idx->Overrides();
  if (!overrides.ok()) return c.Fatal(overrides.status());
  Json doc = {{"cecat_curation", kCurationFileVersion}, {"overrides", Json::array()}};
  for (const index::Override& o : *overrides) doc["overrides"].push_back(OverrideJson(o));
  // Written beside and renamed: a reader (or a failure) never sees half a file.
  const std::string tmp = file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << doc.dump(2) << "\n";
    out.close();
    if (!out) return c.Fatal(Status::IoError("cannot write " + tmp));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) return c.Fatal(Status::IoError("cannot write " + file + ": " + ec.message()));
  *c.ctx.out << "exported " << overrides->size() << " override(s) to " << file << "\n";
  return kExitOk;
}

}  // namespace

int RunCurate(Context& ctx) {
  const std::vector<std::string>& pos = ctx.args.positional;
  const std::string action = pos[0];
  // action -> positional arguments after it
  static const std::map<std::string, std::pair<size_t, const char*>> kActions = {
      {"hide", {1, "hide ID"}},
      {"unhide", {1, "unhide ID"}},
      {"pin", {3, "pin ID FIELD VALUE | pin ID FIELD --absent"}},
      {"unpin", {2, "unpin ID FIELD"}},
      {"merge", {2, "merge INTO_ID FROM_ID"}},
      {"split", {2, "split INTO_ID FROM_ID"}},
      {"suppress", {2, "suppress SOURCE_ID URL_REGEX"}},
      {"unsuppress", {2, "unsuppress SOURCE_ID URL_REGEX"}},
      {"list", {0, "list [--orphaned] [--json]"}},
      {"log", {0, "log [--json]"}},
      {"export", {1, "export FILE"}},
      {"import", {1, "import FILE"}},
  };
  auto spec = kActions.find(action);
  if (spec == kActions.end()) {
    *ctx.err << "cecat curate: unknown action '" << action
             << "' (hide, unhide, pin, unpin, merge, split, suppress, unsuppress, list, log, "
                "export, import)\n";
    return kExitUsage;
  }
  size_t wanted = spec->second.first;
  if (action == "pin" && ctx.args.Has("--absent")) wanted = 2;
  if (pos.size() - 1 != wanted) {
    *ctx.err << "cecat curate " << action << ": wrong number of arguments\nusage: cecat curate "
             << spec->second.second << "\n";
    return kExitUsage;
  }
  // Everything typed ends up in JSON (the log, an export): bytes that are not UTF-8
  // would make them unwritable, so they are refused here, named.
  for (const std::string& arg : pos) {
    if (ValidUtf8Prefix(arg) != arg.size()) {
      *ctx.err << "cecat curate: argument is not UTF-8 text: " << Json(RepairUtf8(arg)).dump()
               << "\n";
      return kExitUsage;
    }
  }
  for (const char* option : {"--reason", "--by"}) {
    const std::string text = ctx.args.Get(option);
    if (ValidUtf8Prefix(text) != text.size()) {
      *ctx.err << "cecat curate: " << option << " is not UTF-8 text\n";
      return kExitUsage;
    }
  }
  const bool changes = action != "list" && action != "log" && action != "export";
  const bool edit = changes && action != "import";
  if (ctx.args.Has("--absent") && action != "pin") {
    *ctx.err << "cecat curate: --absent goes with pin\n";
    return kExitUsage;
  }
  if (ctx.args.Has("--orphaned") && action != "list") {
    *ctx.err << "cecat curate: --orphaned goes with list\n";
    return kExitUsage;
  }
  if (!edit && (ctx.args.Has("--reason") || ctx.args.Has("--by"))) {
    *ctx.err << "cecat curate " << action << ": --reason and --by go with a change"
             << (action == "import" ? " (an import takes each entry's own)" : "") << "\n";
    return kExitUsage;
  }
  index::CurationEdit e;
  if (edit) {
    e.reason = ctx.args.Get("--reason");
    if (e.reason.empty() || e.reason.size() > 500) {
      *ctx.err << "cecat curate " << action
               << ": --reason TEXT is required (1 to 500 characters): say why\n";
      return kExitUsage;
    }
    e.by = ctx.args.Has("--by") ? ctx.args.Get("--by") : CurrentUser();
    if (e.by.empty()) {
      *ctx.err << "cecat curate " << action << ": --by is empty\n";
      return kExitUsage;
    }
    e.action = action;
    if (action == "merge" || action == "split") {
      // On the command line INTO comes first; stored, the merged-away id is the
      // override's target.
      e.key = pos[1];
      e.target = pos[2];
    } else {
      e.target = pos[1];
      if (pos.size() > 2) e.key = pos[2];
    }
    if (action == "pin" && !ctx.args.Has("--absent")) {
      // SPEC: VALUE is JSON when it parses as JSON, else text.
      Json v = Json::parse(pos[3], nullptr, /*allow_exceptions=*/false);
      e.value = v.is_discarded() ? Json(pos[3]) : v;
    }
  }

  std::optional<config::Config> config = ctx.LoadConfig();
  if (!config) return kExitUsage;
  Curator c{ctx, *config, ctx.DatabasePath(*config), nullptr, std::nullopt, Json()};
  std::error_code ec;
  if (!std::filesystem::exists(c.db, ec)) {
    if (!changes) {
      if (action == "export") return Export(c, pos[1]);  // nothing to export: an empty list
      *ctx.out << "no index at " << c.db.string() << "\n";
      return kExitOk;
    }
    return c.Usage("no index at " + c.db.string() + ": nothing to curate before a first refresh");
  }
  std::unique_ptr<DatabaseLock> lock;
  if (changes) {
    // The lock a refresh holds: a curation never lands in the middle of a run,
    // whose engine read the overrides at its start (docs/curation.md).
    auto locked = DatabaseLock::Acquire(c.db);
    if (!locked.ok()) {
      *ctx.err << "cecat: " << locked.status().message() << "\n";
      return locked.status().code() == Status::Code::kBusy ? kExitLocked : kExitFatal;
    }
    lock = std::move(*locked);
  }
  c.idx = OpenIndexOrReport(ctx, c.db, /*read_only=*/!changes);
  if (!c.idx) return kExitFatal;
  if (action == "list") return List(c, ctx.args.Has("--orphaned"));
  if (action == "log") return ShowLog(c);
  if (action == "export") return Export(c, pos[1]);
  if (action == "import") return Import(c, pos[1]);
  if (Status st = c.Check(e, /*normalise=*/true); !st.ok()) {
    return st.code() == Status::Code::kInvalidArgument ? c.Usage(action + ": " + st.message())
                                                       : c.Fatal(st);
  }
  return c.Report(c.idx->Curate(e, NowUnix()));
}

}  // namespace cecat::cli
