// SPEC "Feed": the snapshot taken at cursor C plus the changes after C equals the
// next snapshot exactly, apart from generated_at and sources. These tests run the
// real `cecat` against a catalogue the test serves on 127.0.0.1 and changes night by
// night (additions, retitles, a page answering 404, a page taken down, a rule fix
// applied with `reparse`), and after every night replay `cecat export --since` onto
// the previous feed.json as a consumer would: an upsert replaces the record of its
// id, a delete removes it. The result must be the new feed.json's records, byte for
// byte.
#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "feed/feed.h"
#include "tests/feed/feed_fixtures.h"
#include "tests/support/test_support.h"

using cecat::testing::CommandResult;
using cecat::testing::LoopbackServer;
using cecat::testing::ReadFile;
using cecat::testing::RunCecat;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

namespace {

// A provider's catalogue that the test edits between nights: a listing linking
// course pages (one course each, without a URL of its own, so its id is its page's),
// a page of scholarships, and a second course site that is down at first.
class Catalogue {
 public:
  Catalogue() {
    server_.server().Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      Serve(req.path, res);
    });
    server_.Start();
  }

  std::string Url(const std::string& path) const { return server_.Url(path); }
  size_t RequestCount() const { return server_.Requests().size(); }
  std::string CourseUrl(int n) const { return Url("/c/" + std::to_string(n) + ".html"); }

  // Adds or retitles course n and links it from the listing.
  void SetCourse(int n, const std::string& title) {
    std::lock_guard<std::mutex> lock(mu_);
    titles_[n] = title;
    listed_.insert(n);
  }
  // The page still linked from the listing, but answering 404.
  void Answer404(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    gone_.insert(n);
  }
  // Taken down: no longer linked, and 404 if asked for.
  void TakeDown(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    listed_.erase(n);
    gone_.insert(n);
  }
  void SetLaterUp(bool up) {
    std::lock_guard<std::mutex> lock(mu_);
    later_up_ = up;
  }

 private:
  static std::string CoursePage(const std::string& title, int n) {
    return "<html><head><title>" + title + "</title></head><body><div class=\"course\">" +
           "<h1 class=\"title\">" + title + "</h1><span class=\"hours\">" +
           std::to_string(1 + n % 6) + " CE hours</span><span class=\"price\">$" +
           std::to_string(20 + 5 * n) + "</span></div></body></html>";
  }

  void Serve(const std::string& path, httplib::Response& res) {
    if (path == "/index.html") {
      std::string body = "<html><body><ul class=\"courses\">";
      for (int n : listed_) {
        body += "<li><a href=\"/c/" + std::to_string(n) + ".html\">Course " + std::to_string(n) +
                "</a></li>";
      }
      res.set_content(body + "</ul></body></html>", "text/html");
      return;
    }
    if (path == "/grants.html") {
      struct Grant {
        const char* slug;
        const char* name;
        const char* deadline;
      };
      static const Grant kGrants[] = {{"fellows", "Minority Fellowship", "2027-03-01"},
                                      {"rural", "Rural Practice Award", "2027-05-15"}};
      std::string body = "<html><body>";
      for (const Grant& g : kGrants) {
        body +=
            std::string("<div class=\"grant\"><h3><a href=\"https://northstar.example/grants/") +
            g.slug + "\">" + g.name + "</a></h3><span class=\"sponsor\">Northstar " +
            "Foundation</span><span class=\"deadline\">" + g.deadline + "</span></div>";
      }
      res.set_content(body + "</body></html>", "text/html");
      return;
    }
    if (path == "/later/index.html") {
      if (!later_up_) {
        res.status = 503;
        return;
      }
      res.set_content(CoursePage("Telehealth Across State Lines", 7), "text/html");
      return;
    }
    int n = -1;
    if (std::sscanf(path.c_str(), "/c/%d.html", &n) == 1 && titles_.count(n) != 0 &&
        gone_.count(n) == 0) {
      res.set_content(CoursePage(titles_[n], n), "text/html");
      return;
    }
    res.status = 404;
  }

  LoopbackServer server_;
  std::mutex mu_;
  std::map<int, std::string> titles_;
  std::set<int> listed_;
  std::set<int> gone_;
  bool later_up_ = false;
};

// `price_rule`: the rule fix of the reparse night (acme's pages always showed a
// price; the first rule did not take it).
std::string ReplayConfig(const Catalogue& site, bool price_rule) {
  Json course_fields = {{"title", "h1.title"}, {"ce_hours", "span.hours"}};
  Json acme_fields = course_fields;
  if (price_rule) acme_fields["price"] = "span.price";
  Json config = {
      {"user_agent", "cecat-test/1.0"},
      {"database", "cecat.db"},
      {"feed_dir", "feed"},
      {"defaults",
       {{"delay_ms", 0},
        {"retries", 0},
        {"timeout_s", 10},
        {"respect_robots", false},
        {"allow_addresses", {"127.0.0.0/8"}}}},
      {"sources",
       {{{"id", "acme"},
         {"name", "Acme Continuing Education"},
         {"kinds", {"courses"}},
         {"start_urls", {site.Url("/index.html")}},
         {"follow", {"ul.courses a"}},
         {"max_depth", 1},
         {"extract", {{"item", "div.course"}, {"type", "course"}, {"fields", acme_fields}}}},
        {{"id", "grants"},
         {"name", "Northstar Foundation grants"},
         {"kinds", {"scholarships"}},
         {"start_urls", {site.Url("/grants.html")}},
         {"max_depth", 0},
         {"extract",
          {{"item", "div.grant"},
           {"type", "scholarship"},
           {"fields",
            {{"name", "h3"},
             {"url", "h3 a@href"},
             {"sponsor", "span.sponsor"},
             {"deadline", "span.deadline"}}}}}},
        // No name in the sources file.
        {{"id", "later"},
         {"kinds", {"courses"}},
         {"start_urls", {site.Url("/later/index.html")}},
         {"max_depth", 0},
         {"extract", {{"item", "div.course"}, {"type", "course"}, {"fields", course_fields}}}}}}};
  return config.dump(2);
}

// A feed's records as written: array name -> id -> the record's exact bytes. Every
// record sits on its own line (docs/feed.md), so this needs no JSON parser; each
// line is parsed only to learn its id.
using RawRecords = std::map<std::string, std::map<std::string, std::string>>;

RawRecords RecordLines(const std::string& feed_text) {
  RawRecords out;
  for (const char* array : {"courses", "providers", "scholarships", "reviews"}) out[array];
  std::istringstream lines(feed_text);
  std::string line, array;
  while (std::getline(lines, line)) {
    if (line.rfind("\"", 0) == 0) {  // an array opens: "courses":[
      array = line.substr(1, line.find('"', 1) - 1);
      continue;
    }
    if (line.rfind("{", 0) != 0 || array.empty() || array == "sources") continue;
    if (line.back() == ',') line.pop_back();
    std::string id = Json::parse(line)["id"];
    INFO(line);
    CHECK(out[array].count(id) == 0);
    out[array][id] = line;
  }
  return out;
}

// Compares record by record, so a failure names the id and shows both lines.
void CheckSameRecords(const RawRecords& replayed, const RawRecords& want) {
  for (const auto& [array, records] : want) {
    const std::map<std::string, std::string>& got = replayed.at(array);
    std::set<std::string> ids;
    for (const auto& [id, line] : records) ids.insert(id);
    for (const auto& [id, line] : got) ids.insert(id);
    for (const std::string& id : ids) {
      INFO(array << " " << id);
      auto mine = got.find(id);
      auto theirs = records.find(id);
      CHECK((mine == got.end() ? "(not in the replayed feed)" : mine->second) ==
            (theirs == records.end() ? "(not in the new feed)" : theirs->second));
    }
  }
}

// One change line: the parsed change, and its record's exact bytes on an upsert
// (keys come sorted, so the record sits between "op" and "type").
struct RawChange {
  Json change;
  std::string record;
};

RawChange ParseChangeLine(const std::string& line) {
  RawChange out;
  out.change = Json::parse(line);
  if (out.change["op"] != "upsert") return out;
  std::string prefix = "{\"cursor\":" + std::to_string(out.change["cursor"].get<int64_t>()) +
                       ",\"id\":" + out.change["id"].dump() + ",\"op\":\"upsert\",\"record\":";
  std::string suffix = ",\"type\":" + out.change["type"].dump() + "}";
  INFO(line);
  REQUIRE(line.rfind(prefix, 0) == 0);
  REQUIRE(line.size() > prefix.size() + suffix.size());
  REQUIRE(line.compare(line.size() - suffix.size(), suffix.size(), suffix) == 0);
  out.record = line.substr(prefix.size(), line.size() - prefix.size() - suffix.size());
  CHECK(Json::parse(out.record) == out.change["record"]);
  return out;
}

// The nights of one catalogue, each checked the same way: the command's exit
// code, then snapshot + changes == next snapshot, by bytes and as JSON.
class Nights {
 public:
  explicit Nights(const Catalogue& site) : site_(site) {
    config_ = (dir_ / "sources.json").string();
    WriteFile(config_, ReplayConfig(site, false));
    // Before the first night a consumer has nothing: an empty feed at cursor 0.
    previous_ = {{"schema_version", cecat::feed::kSchemaVersion},
                 {"generated_at", "1970-01-01T00:00:00Z"},
                 {"cursor", 0},
                 {"sources", Json::array()},
                 {"courses", Json::array()},
                 {"providers", Json::array()},
                 {"scholarships", Json::array()},
                 {"reviews", Json::array()}};
    previous_raw_ = RecordLines("");
  }

  void FixRule() { WriteFile(config_, ReplayConfig(site_, true)); }
  const std::string& config() const { return config_; }
  const Json& feed() const { return previous_; }
  const std::vector<std::filesystem::path>& feeds() const { return kept_; }
  std::filesystem::path ChangesFile() const { return dir_ / "changes.json"; }

  // Runs `cecat <command> --config ...` and checks the night; returns its changes.
  std::vector<Json> Run(const std::vector<std::string>& command, int want_exit) {
    ++night_;
    INFO("night " << night_ << ": cecat " << command[0]);
    std::vector<std::string> args = command;
    args.insert(args.end(), {"--config", config_});
    CommandResult run = RunCecat(args);
    INFO(run.err);
    REQUIRE(run.exit_code == want_exit);

    std::filesystem::path feed_file = dir_ / "feed" / "feed.json";
    std::string text = ReadFile(feed_file);
    Json next = Json::parse(text);
    const int64_t since = previous_["cursor"].get<int64_t>();
    CommandResult exported =
        RunCecat({"export", "--since", std::to_string(since), "--config", config_});
    INFO(exported.err);
    REQUIRE(exported.exit_code == 0);
    // SPEC "Feed": last_seen stays in the index and `cecat show`.
    CHECK(text.find("last_seen") == std::string::npos);
    CHECK(exported.out.find("last_seen") == std::string::npos);

    // Byte for byte: the previous feed's record lines, each replaced or removed by
    // the changes, are the new feed's record lines.
    RawRecords replayed = previous_raw_;
    std::vector<Json> changes;
    std::istringstream lines(exported.out);
    int64_t last_cursor = since;
    for (std::string line; std::getline(lines, line);) {
      RawChange c = ParseChangeLine(line);
      int64_t cursor = c.change["cursor"].get<int64_t>();
      CHECK(cursor > last_cursor);
      last_cursor = cursor;
      std::string array = c.change["type"].get<std::string>() + "s";
      std::string id = c.change["id"];
      if (c.change["op"] == "upsert") {
        replayed[array][id] = c.record;
      } else {
        replayed[array].erase(id);
      }
      changes.push_back(std::move(c.change));
      all_changes_.push_back(changes.back());
    }
    RawRecords want = RecordLines(text);
    CheckSameRecords(replayed, want);
    for (const auto& [array, records] : want) CHECK(next[array].size() == records.size());
    // The cursor the next night resumes from: the last change's, or unchanged.
    CHECK(next["cursor"].get<int64_t>() == last_cursor);

    // And as JSON, through the consumer's algorithm the docs describe.
    std::istringstream ndjson(exported.out);
    cecat::Result<Json> applied = cecat::feed::ApplyChanges(previous_, ndjson);
    REQUIRE(applied.ok());
    Json expected = next;
    expected["generated_at"] = previous_["generated_at"];
    expected["sources"] = previous_["sources"];
    CHECK(*applied == expected);

    std::filesystem::path kept = dir_ / ("feed-" + std::to_string(night_) + ".json");
    std::filesystem::copy_file(feed_file, kept);
    kept_.push_back(kept);
    previous_ = std::move(next);
    previous_raw_ = std::move(want);
    return changes;
  }

  // The record of `array` whose url is `url` in the latest feed, or null.
  Json Find(const std::string& array, const std::string& url) const {
    for (const Json& r : previous_[array])
      if (r["url"] == url) return r;
    return Json();
  }

  // Every change line of every night, for the schema.
  void WriteAllChanges() const { WriteFile(ChangesFile(), Json(all_changes_).dump()); }

 private:
  const Catalogue& site_;
  TempDir dir_;
  std::string config_;
  Json previous_;
  RawRecords previous_raw_;
  int night_ = 0;
  std::vector<std::filesystem::path> kept_;
  std::vector<Json> all_changes_;
};

bool IsRfc3339Utc(const Json& value) {
  static const std::regex kStamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  return value.is_string() && std::regex_match(value.get<std::string>(), kStamp);
}

std::string StatusOf(const Nights& nights, const std::string& url) {
  Json r = nights.Find("courses", url);
  return r.is_null() ? "absent" : r["status"].get<std::string>();
}

}  // namespace

TEST_CASE("every night, the previous feed plus export --since equals the new feed byte for byte") {
  Catalogue site;
  for (int n = 1; n <= 4; ++n) site.SetCourse(n, "Course " + std::to_string(n) + ": Ethics");
  Nights nights(site);

  // Night 1: the first crawl; `later` is down (its source fails: exit 1).
  std::vector<Json> changes = nights.Run({"refresh", "--force"}, 1);
  CHECK(changes.size() == 4 + 2);  // four courses, two scholarships
  CHECK(nights.feed()["courses"].size() == 4);
  CHECK(nights.feed()["scholarships"].size() == 2);
  // Every configured source, sorted by id; `later` has not succeeded yet.
  Json sources = nights.feed()["sources"];
  REQUIRE(sources.size() == 3);
  CHECK(sources[0]["id"] == "acme");
  CHECK(sources[0]["name"] == "Acme Continuing Education");
  CHECK(IsRfc3339Utc(sources[0]["last_success"]));
  CHECK(sources[1]["id"] == "grants");
  CHECK(IsRfc3339Utc(sources[1]["last_success"]));
  // No name in the sources file: the display name defaults to the id (config).
  CHECK(sources[2] == Json{{"id", "later"}, {"name", "later"}});
  std::string acme_success = sources[0]["last_success"];
  std::map<int, std::string> ids;
  for (int n = 1; n <= 4; ++n) {
    Json r = nights.Find("courses", site.CourseUrl(n));
    REQUIRE(r.is_object());
    ids[n] = r["id"].get<std::string>();
  }

  // Night 2: an addition, a retitle, and `later` answers at last.
  site.SetCourse(5, "Course 5: Supervision");
  site.SetCourse(2, "Course 2: Ethics (2027 update)");
  site.SetLaterUp(true);
  changes = nights.Run({"refresh", "--force"}, 0);
  CHECK(changes.size() == 3);
  CHECK(nights.Find("courses", site.CourseUrl(2))["id"] == ids[2]);
  CHECK(IsRfc3339Utc(nights.feed()["sources"][2]["last_success"]));
  CHECK(nights.feed()["sources"][0]["last_success"].get<std::string>() >= acme_success);

  // Night 3: nothing changed anywhere: no change at all, the same records.
  changes = nights.Run({"refresh", "--force"}, 0);
  CHECK(changes.empty());

  // `cecat show` keeps last_seen (the feed does not).
  CommandResult shown = RunCecat({"show", ids[1], "--json", "--config", nights.config()});
  INFO(shown.err);
  REQUIRE(shown.exit_code == 0);
  Json record = Json::parse(shown.out);
  CHECK(IsRfc3339Utc(record["last_seen"]));
  CHECK(record["lifecycle"]["last_seen"] == record["last_seen"]);

  // Night 4: one course retitled: exactly one upsert, of the same id.
  site.SetCourse(3, "Course 3: Ethics for Supervisors");
  changes = nights.Run({"refresh", "--force"}, 0);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["op"] == "upsert");
  CHECK(changes[0]["id"] == ids[3]);
  CHECK(changes[0]["record"]["title"] == "Course 3: Ethics for Supervisors");

  // Night 5: a rule fix applied with reparse, from the stored pages alone: every
  // acme course gains its price, one upsert each, the same ids.
  nights.FixRule();
  size_t requests = site.RequestCount();
  changes = nights.Run({"reparse"}, 0);
  CHECK(site.RequestCount() == requests);
  CHECK(changes.size() == 5);  // acme's courses 1 to 5 (later's rule takes no price)
  std::set<std::string> repriced;
  for (const Json& c : changes) {
    INFO(c.dump());
    CHECK(c["op"] == "upsert");
    CHECK(c["record"]["price"].is_object());
    repriced.insert(c["id"].get<std::string>());
  }
  CHECK(repriced.count(ids[1]) == 1);
  CHECK(repriced.count(ids[4]) == 1);

  // Night 6: course 4's page answers 404 though still linked (gone: stale at once);
  // course 1's page is taken down (missing from the crawl: stale).
  site.Answer404(4);
  site.TakeDown(1);
  changes = nights.Run({"refresh", "--force"}, 0);
  CHECK(changes.size() == 2);
  CHECK(StatusOf(nights, site.CourseUrl(4)) == "stale");
  CHECK(StatusOf(nights, site.CourseUrl(1)) == "stale");

  // Night 7: a reparse while they are stale replays only the pages the last crawl
  // reached (SPEC "Lifecycle"): the taken-down page's stored copy does not revive
  // course 1, the 404 keeps course 4 gone, and nothing else changed: no change.
  requests = site.RequestCount();
  changes = nights.Run({"reparse"}, 0);
  CHECK(site.RequestCount() == requests);
  CHECK(changes.empty());
  CHECK(StatusOf(nights, site.CourseUrl(4)) == "stale");
  CHECK(StatusOf(nights, site.CourseUrl(1)) == "stale");

  // Nights 8 and 9: another course added; the two stale courses are removed after
  // the third crawl without them (a reparse is not a crawl): deletes, gone from the
  // feed.
  site.SetCourse(6, "Course 6: Grief");
  changes = nights.Run({"refresh", "--force"}, 0);
  CHECK(changes.size() == 1);
  CHECK(StatusOf(nights, site.CourseUrl(4)) == "stale");
  CHECK(StatusOf(nights, site.CourseUrl(1)) == "stale");
  changes = nights.Run({"refresh", "--force"}, 0);
  REQUIRE(changes.size() == 2);
  for (const Json& c : changes) {
    INFO(c.dump());
    CHECK(c["op"] == "delete");
    CHECK((c["id"] == ids[1] || c["id"] == ids[4]));
  }
  CHECK(StatusOf(nights, site.CourseUrl(4)) == "absent");
  CHECK(StatusOf(nights, site.CourseUrl(1)) == "absent");
  CHECK(nights.feed()["courses"].size() == 5);  // 2, 3, 5, 6 and later's

  // Every feed of the run, and every change line, honours the schema.
  cecat::feed::testing::CheckFeedsValidate(nights.feeds());
  nights.WriteAllChanges();
  std::filesystem::path changes_schema = nights.ChangesFile().parent_path() / "changes.schema.json";
  WriteFile(changes_schema, R"({"$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": {"$ref": "https://cecat.example/schema/feed.schema.json#/$defs/change"}})");
  cecat::feed::testing::AjvResult checked = cecat::feed::testing::RunAjv(
      changes_schema, {nights.ChangesFile()}, {cecat::feed::testing::SchemaFile()});
  INFO(checked.output);
  CHECK(checked.exit_code == 0);
}

// Issue 23: a curation changes the index, the change stream and the feed at once,
// and neither it nor the refreshes after it break the replay, byte for byte.
TEST_CASE("curate changes and the refreshes after them keep feed plus export --since exact") {
  Catalogue site;
  for (int n = 1; n <= 4; ++n) site.SetCourse(n, "Course " + std::to_string(n) + ": Ethics");
  site.SetLaterUp(true);
  Nights nights(site);
  nights.Run({"refresh", "--force"}, 0);
  std::map<int, std::string> ids;
  for (int n = 1; n <= 4; ++n) ids[n] = nights.Find("courses", site.CourseUrl(n))["id"];
  auto curate = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "curate");
    args.insert(args.end(), {"--reason", "replay test", "--by", "e2e"});
    return nights.Run(args, 0);
  };

  std::vector<Json> changes = curate({"hide", ids[1]});
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["op"] == "delete");
  changes = curate({"pin", ids[2], "title", "Course 2: Ethics, as curated"});
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["record"]["title"] == "Course 2: Ethics, as curated");
  // The site retitles the hidden course and the pinned one: nothing to publish.
  site.SetCourse(1, "Course 1: Ethics (withdrawn)");
  site.SetCourse(2, "Course 2: Ethics, retitled by the provider");
  CHECK(nights.Run({"refresh", "--force"}, 0).empty());
  CHECK(nights.Run({"reparse"}, 0).empty());

  changes = curate({"merge", ids[3], ids[4]});
  CHECK(changes.size() == 2);
  CHECK(nights.Find("courses", site.CourseUrl(4)).is_null());
  nights.Run({"refresh", "--force"}, 0);
  CHECK(nights.Find("courses", site.CourseUrl(4)).is_null());
  changes = curate({"split", ids[3], ids[4]});
  CHECK(changes.size() == 2);
  CHECK(nights.Find("courses", site.CourseUrl(4))["id"] == ids[4]);

  changes = curate({"unhide", ids[1]});
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["record"]["title"] == "Course 1: Ethics (withdrawn)");
  changes = curate({"unpin", ids[2], "title"});
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["record"]["title"] == "Course 2: Ethics, retitled by the provider");
  nights.Run({"refresh", "--force"}, 0);
  CHECK(nights.Run({"refresh", "--force"}, 0).empty());
}
