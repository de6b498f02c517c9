// Curation through the engine (issue 23, docs/curation.md): overrides made in the
// index hold through refreshes, reparses and page changes, take effect at once,
// and keep the change stream exact (snapshot + changes = next snapshot).
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <sstream>

#include "config/config.h"
#include "feed/feed.h"
#include "index/index.h"
#include "normalise/normalise.h"
#include "refresh/curation.h"
#include "refresh/publish.h"
#include "refresh/refresh.h"
#include "tests/refresh/fake_web.h"
#include "tests/support/test_support.h"

namespace cecat::refresh {
namespace {

using cecat::testing::SourceDir;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using testing::FakeWeb;

constexpr char kCuratedListing[] = "https://acme.example/courses/";

std::string CuratedCourseUrl(int n) { return "https://acme.example/courses/c" + std::to_string(n); }

// A course page; `extra` adds JSON-LD properties (e.g. an offer).
std::string CuratedCoursePage(int n, const std::string& title, const std::string& extra = "") {
  return R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Course", "name": ")" +
         title + R"(", "url": ")" + CuratedCourseUrl(n) + R"(",
     "description": "Six contact hours for counselors.", "numberOfCredits": 6, )" +
         extra +
         R"( "provider": {"@type": "Organization", "name": "Acme CE", "url": "https://acme.example/"}}
    </script></head><body><h1>)" +
         title + "</h1></body></html>";
}

std::string CuratedListingPage(const std::vector<int>& courses) {
  std::string body = "<html><body><ul>";
  for (int n : courses) body += "<li><a href=\"" + CuratedCourseUrl(n) + "\">course</a></li>";
  return body + "</ul></body></html>";
}

constexpr char kAcmeOnly[] = R"([{"id": "acme", "kinds": ["courses", "providers"],
  "start_urls": ["https://acme.example/courses/"], "max_depth": 1, "refresh": "daily"}])";

class CuratedCatalogue {
 public:
  explicit CuratedCatalogue(const std::string& sources = kAcmeOnly) {
    WriteFile(dir_ / "sources.json",
              R"({"database": "cecat.db", "feed_dir": "feed", "defaults": {"delay_ms": 0},
                  "sources": )" +
                  sources + "}");
    auto config = config::LoadConfig(dir_ / "sources.json");
    REQUIRE(config.ok());
    config_ = std::move(*config);
    auto index = index::Index::Open(dir_ / "cecat.db");
    REQUIRE(index.ok());
    index_ = std::move(*index);
    auto normaliser = normalise::Normaliser::Load(SourceDir() / "data");
    REQUIRE(normaliser.ok());
    normaliser_ = std::make_unique<normalise::Normaliser>(std::move(*normaliser));
    web.Serve(kCuratedListing, CuratedListingPage({1, 2, 3}));
    for (int n : {1, 2, 3}) web.Serve(CuratedCourseUrl(n), CuratedCoursePage(n, Title(n)));
  }

  static std::string Title(int n) { return "Course " + std::to_string(n); }

  RunOutcome Run(Mode mode = Mode::kRefresh) {
    clock.Advance(std::chrono::hours(25));
    RunRequest request;
    request.mode = mode;
    request.database = dir_ / "cecat.db";
    request.schema_file = SourceDir() / "schema" / "feed.schema.json";
    RunEnv env;
    env.clock = &clock;
    env.crawler = &web;
    env.stop = &stop;
    env.workers = 2;
    Result<RunOutcome> outcome = refresh::Run(request, env, config_, *index_, *normaliser_);
    INFO(outcome.status().message());
    REQUIRE(outcome.ok());
    INFO(outcome->status);
    REQUIRE(outcome->status == "ok");
    return std::move(*outcome);
  }

  // The id of course n, as the index knows it.
  std::string Id(int n) { return MakeRecordId(RecordType::kCourse, CuratedCourseUrl(n)); }

  // Feed-visible courses by id.
  std::map<std::string, Json> Courses() {
    std::map<std::string, Json> out;
    REQUIRE(index_
                ->ForEachRecord([&](const Json& r) {
                  if (r.value("type", "") == "course") out[r["id"]] = r;
                  return cecat::Status::Ok();
                })
                .ok());
    return out;
  }

  std::vector<Json> ChangesSince(int64_t cursor) {
    std::vector<Json> out;
    REQUIRE(index_
                ->ForEachChange(cursor,
                                [&](const Json& c) {
                                  out.push_back(c);
                                  return cecat::Status::Ok();
                                })
                .ok());
    return out;
  }

  // The feed as a refresh writes it, now.
  Json Snapshot() {
    TempDir out;
    REQUIRE(WriteFeedSnapshot(*index_, config_.sources, out.path(),
                              SourceDir() / "schema" / "feed.schema.json", false, clock)
                .ok());
    return Json::parse(cecat::testing::ReadFile(out.path() / "feed.json"));
  }

  // SPEC "Feed": the snapshot taken before plus the change stream since equals the
  // snapshot now (apart from generated_at and sources, which changes do not carry).
  void CheckReplay(const Json& before) {
    std::ostringstream lines;
    for (const Json& c : ChangesSince(before["cursor"].get<int64_t>())) lines << c.dump() << "\n";
    std::istringstream in(lines.str());
    Result<Json> replayed = feed::ApplyChanges(before, in);
    INFO(replayed.status().message());
    REQUIRE(replayed.ok());
    Json now = Snapshot();
    now["generated_at"] = (*replayed)["generated_at"];
    now["sources"] = (*replayed)["sources"];
    CHECK(*replayed == now);
  }

  index::CurationResult Curate(const std::string& action, const std::string& target,
                               const std::string& key = "",
                               std::optional<Json> value = std::nullopt) {
    index::CurationEdit e;
    e.action = action;
    e.target = target;
    e.key = key;
    e.value = std::move(value);
    e.by = "tester";
    e.reason = "because the test says so";
    if (action == "suppress" || action == "unsuppress") {
      auto re = CompileUrlPattern(key);
      REQUIRE(re.ok());
      std::shared_ptr<const RE2> compiled = *re;
      e.matches = [compiled](const std::string& url) { return RE2::PartialMatch(url, *compiled); };
    }
    Result<index::CurationResult> r = index_->Curate(e, clock.NowUnix());
    INFO(r.status().message());
    REQUIRE(r.ok());
    return *r;
  }

  Json Show(const std::string& id) {
    auto shown = index_->Show(id);
    REQUIRE(shown.ok());
    REQUIRE(shown->has_value());
    return **shown;
  }

  int64_t Found(const std::string& text) {
    index::SearchQuery q;
    q.text = text;
    auto r = index_->Search(q);
    REQUIRE(r.ok());
    return r->total;
  }

  index::Index& index() { return *index_; }

  FakeWeb web;
  testing::FakeClock clock;
  std::atomic<bool> stop{false};

 private:
  TempDir dir_;
  config::Config config_;
  std::unique_ptr<index::Index> index_;
  std::unique_ptr<normalise::Normaliser> normaliser_;
};

TEST_CASE("a hidden course stays hidden through three refreshes, a reparse and a page change") {
  CuratedCatalogue cat;
  cat.Run();
  const std::string id = cat.Id(2);
  REQUIRE(cat.Courses().count(id) == 1);
  REQUIRE(cat.Found("\"Course 2\"") == 1);
  Json before = cat.Snapshot();

  // At once: out of the feed and search, one delete in the change stream.
  index::CurationResult r = cat.Curate("hide", id);
  CHECK(r.changed);
  std::vector<Json> changes = cat.ChangesSince(before["cursor"]);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["op"] == "delete");
  CHECK(changes[0]["id"] == id);
  CHECK(cat.Courses().count(id) == 0);
  CHECK(cat.Found("\"Course 2\"") == 0);
  cat.CheckReplay(before);
  // Asked again: nothing to do, nothing logged.
  CHECK_FALSE(cat.Curate("hide", id).changed);

  Json hidden = cat.Show(id);
  CHECK(hidden["hidden"] == true);
  CHECK(hidden["status"] == "active");  // what its source says
  CHECK(hidden["curation"]["overrides"][0]["kind"] == "hide");

  const int64_t cursor = cat.index().Cursor().value();
  for (int night = 0; night < 3; ++night) {
    RunOutcome out = cat.Run();
    CHECK(out.reports.at(0).apply.added == 0);
    CHECK(cat.Courses().count(id) == 0);
  }
  cat.web.Serve(CuratedCourseUrl(2), CuratedCoursePage(2, "Course 2, renamed"));
  cat.Run();
  cat.Run(Mode::kReparse);
  CHECK(cat.Courses().count(id) == 0);
  CHECK(cat.Found("renamed") == 0);
  // Nothing about the hidden course reached the stream while it was hidden.
  CHECK(cat.ChangesSince(cursor).empty());
  cat.CheckReplay(before);

  // Unhidden: back at once as an upsert, with what its page says now.
  Json mid = cat.Snapshot();
  CHECK(cat.Curate("unhide", id).changed);
  changes = cat.ChangesSince(mid["cursor"]);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["op"] == "upsert");
  CHECK(changes[0]["record"]["title"] == "Course 2, renamed");
  CHECK(cat.Found("renamed") == 1);
  cat.CheckReplay(mid);
  cat.CheckReplay(before);
  CHECK_FALSE(cat.Show(id).contains("hidden"));
}

TEST_CASE("a pinned field survives a page that changes it, and unpin restores the crawl's") {
  CuratedCatalogue cat;
  cat.Run();
  const std::string id = cat.Id(1);
  Json before = cat.Snapshot();
  CHECK(cat.Curate("pin", id, "title", Json("Trauma-Informed Care (curated)")).changed);
  CHECK(cat.Curate("pin", id, "description", std::nullopt).changed);  // pinned absent
  std::vector<Json> changes = cat.ChangesSince(before["cursor"]);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["record"]["title"] == "Trauma-Informed Care (curated)");
  CHECK_FALSE(changes[0]["record"].contains("description"));
  cat.CheckReplay(before);

  Json shown = cat.Show(id);
  CHECK(shown["provenance"]["title"]["producer"] == "curated");
  CHECK(shown["curated_fields"] == Json::array({"description", "title"}));

  // The page changes the pinned field: the pin holds, and no change is emitted.
  const int64_t cursor = cat.index().Cursor().value();
  cat.web.Serve(CuratedCourseUrl(1), CuratedCoursePage(1, "Course 1, as the provider renamed it"));
  cat.Run();
  cat.Run(Mode::kReparse);
  cat.Run();
  CHECK(cat.Courses()[id]["title"] == "Trauma-Informed Care (curated)");
  CHECK_FALSE(cat.Courses()[id].contains("description"));
  CHECK(cat.ChangesSince(cursor).empty());
  CHECK(cat.Found("renamed") == 0);
  CHECK(cat.Found("curated") == 1);

  // A field the page adds is taken as usual beside the pins.
  cat.web.Serve(
      CuratedCourseUrl(1),
      CuratedCoursePage(1, "Course 1, as the provider renamed it",
                        R"("offers": {"@type": "Offer", "price": "40", "priceCurrency": "USD"},)"));
  cat.Run();
  CHECK(cat.Courses()[id]["price"]["amount"] == 40);
  CHECK(cat.Courses()[id]["title"] == "Trauma-Informed Care (curated)");

  // Unpinned: the value the latest crawl gave, at once.
  Json mid = cat.Snapshot();
  CHECK(cat.Curate("unpin", id, "title").changed);
  CHECK(cat.Courses()[id]["title"] == "Course 1, as the provider renamed it");
  CHECK(cat.Curate("unpin", id, "description").changed);
  CHECK(cat.Courses()[id]["description"] == "Six contact hours for counselors.");
  CHECK(cat.Show(id)["provenance"]["title"]["producer"] != "curated");
  cat.CheckReplay(mid);
  cat.CheckReplay(before);
}

TEST_CASE("merge then split round-trips to the original records and ids") {
  CuratedCatalogue cat;
  cat.Run();
  const std::string a = cat.Id(1), b = cat.Id(3);
  std::map<std::string, Json> original = cat.Courses();
  Json before = cat.Snapshot();

  CHECK(cat.Curate("merge", b, a).changed);  // b merged into a
  std::vector<Json> changes = cat.ChangesSince(before["cursor"]);
  std::map<std::string, std::string> ops;
  for (const Json& c : changes) ops[c["id"]] = c["op"];
  CHECK(ops == std::map<std::string, std::string>{{a, "upsert"}, {b, "delete"}});
  CHECK(cat.Courses().count(b) == 0);
  CHECK(cat.Show(b)["curation"]["merged_into"] == a);
  CHECK(cat.Show(a)["curation"]["merged_from"] == Json::array({b}));
  cat.CheckReplay(before);

  // A later crawl of b's page updates a (b's new price reaches a), never b.
  cat.web.Serve(
      CuratedCourseUrl(3),
      CuratedCoursePage(3, "Course 3",
                        R"("offers": {"@type": "Offer", "price": "25", "priceCurrency": "USD"},)"));
  cat.Run();
  cat.Run();
  CHECK(cat.Courses().count(b) == 0);
  CHECK(cat.Courses()[a]["price"]["amount"] == 25);
  CHECK(cat.Courses()[a]["title"] == "Course 1");
  cat.CheckReplay(before);

  // Split: both ids are records again, as they were; b's page change is b's again.
  cat.web.Serve(CuratedCourseUrl(3), CuratedCoursePage(3, "Course 3"));
  Json mid = cat.Snapshot();
  CHECK(cat.Curate("split", b, a).changed);
  cat.CheckReplay(mid);
  cat.Run();
  std::map<std::string, Json> after = cat.Courses();
  REQUIRE(after.size() == original.size());
  for (auto& [id, rec] : original) {
    INFO(id);
    REQUIRE(after.count(id) == 1);
    Json x = after[id], y = rec;
    x.erase("updated_at");
    y.erase("updated_at");
    CHECK(x == y);
  }
  CHECK_FALSE(cat.Show(a).contains("curation"));
  cat.CheckReplay(before);
  // Splitting what is not merged is an error, and changes nothing.
  index::CurationEdit e{.action = "split", .target = b, .key = a, .by = "t", .reason = "r"};
  auto again = cat.index().Curate(e, cat.clock.NowUnix());
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().message() == b + " is not merged into " + a);
}

TEST_CASE(
    "a merge across sources makes the other source's page a part of the record, split undoes it") {
  CuratedCatalogue cat(R"([{"id": "acme", "kinds": ["courses", "providers"],
    "start_urls": ["https://acme.example/courses/"], "max_depth": 1, "refresh": "daily"},
    {"id": "hub", "kinds": ["courses", "providers"], "start_urls": ["https://hub.example/list"],
     "max_depth": 1, "refresh": "daily"}])");
  const std::string hub_page = "https://hub.example/trauma-course";
  auto hub_course = [&](const std::string& extra) {
    return R"(<html><head><script type="application/ld+json">
      {"@context": "https://schema.org", "@type": "Course", "name": "Trauma Care Essentials",
       "url": ")" +
           hub_page + R"(", "description": "Listed by the hub.", )" + extra +
           R"( "provider": {"@type": "Organization", "name": "Hub Learning", "url": "https://hub.example/"}}
      </script></head><body></body></html>)";
  };
  cat.web.Serve("https://hub.example/list",
                "<html><body><a href=\"" + hub_page + "\">c</a></body></html>");
  cat.web.Serve(hub_page, hub_course(""));
  cat.Run();
  const std::string a = cat.Id(1), b = MakeRecordId(RecordType::kCourse, hub_page);
  std::map<std::string, Json> original = cat.Courses();
  REQUIRE(original.count(b) == 1);
  Json before = cat.Snapshot();

  CHECK(cat.Curate("merge", b, a).changed);
  CHECK(cat.Courses().count(b) == 0);
  cat.CheckReplay(before);
  // The hub's next crawl of b's page is one more part of a: its source joins.
  cat.web.Serve(hub_page, hub_course(R"("offers": {"@type": "Offer", "price": "30",
                                         "priceCurrency": "USD"},)"));
  cat.Run();
  CHECK(cat.Courses().count(b) == 0);
  CHECK(cat.Courses()[a]["sources"] == Json::array({"acme", "hub"}));
  CHECK(cat.Courses()[a]["price"]["amount"] == 30);
  CHECK(cat.Courses()[a]["title"] == "Course 1");
  cat.CheckReplay(before);

  cat.web.Serve(hub_page, hub_course(""));
  CHECK(cat.Curate("split", b, a).changed);
  CHECK(cat.Courses()[a]["sources"] == Json::array({"acme"}));
  CHECK_FALSE(cat.Courses()[a].contains("price"));
  cat.Run();
  std::map<std::string, Json> after = cat.Courses();
  REQUIRE(after.size() == original.size());
  for (auto& [id, rec] : original) {
    INFO(id);
    REQUIRE(after.count(id) == 1);
    Json x = after[id], y = rec;
    x.erase("updated_at");
    y.erase("updated_at");
    CHECK(x == y);
  }
  cat.CheckReplay(before);
}

TEST_CASE("a suppressed URL pattern is never parsed and its records leave at once") {
  CuratedCatalogue cat;
  cat.Run();
  const std::string id = cat.Id(3);
  const int64_t all_raw = cat.Run().reports.at(0).raw_records;
  Json before = cat.Snapshot();
  index::CurationResult r = cat.Curate("suppress", "acme", "/c3$");
  CHECK(r.records == std::vector<std::string>{id});
  CHECK(cat.Courses().count(id) == 0);
  cat.CheckReplay(before);

  // Its page changes and is fetched, but never parsed: nothing of it comes in.
  cat.web.Serve(CuratedCourseUrl(3), CuratedCoursePage(3, "Course 3, test page"));
  for (int i = 0; i < 2; ++i) {
    RunOutcome out = cat.Run();
    const SourceReport& report = out.reports.at(0);
    CHECK(report.raw_records * 3 == all_raw * 2);  // c1's and c2's, not c3's
    bool said = false;
    for (const Diagnostic& d : report.diagnostics) said = said || d.where == "curation";
    CHECK(said);
  }
  cat.Run(Mode::kReparse);
  CHECK(cat.Courses().count(id) == 0);
  CHECK(cat.Found("test page") == 0);
  CHECK(cat.Courses().size() == 2);
  cat.CheckReplay(before);

  // Unsuppressed: the next crawl fetches the page in full and takes it in.
  CHECK(cat.Curate("unsuppress", "acme", "/c3$").changed);
  cat.Run();
  CHECK(cat.Courses()[id]["title"] == "Course 3, test page");
  cat.CheckReplay(before);
}

TEST_CASE("every override change is in the audit log, and orphans are reported") {
  CuratedCatalogue cat;
  cat.Run();
  cat.Curate("hide", cat.Id(1));
  cat.Curate("hide", cat.Id(1));  // already so: not a change
  cat.Curate("pin", cat.Id(2), "ce_hours", Json(1.5));
  cat.Curate("merge", cat.Id(3), cat.Id(1));
  cat.Curate("suppress", "acme", "/drafts/");
  cat.Curate("unhide", cat.Id(1));
  cat.Curate("pin", cat.Id(1), "price", Json{{"amount", 10}, {"currency", "USD"}});
  auto log = cat.index().CurationLog();
  REQUIRE(log.ok());
  std::vector<std::string> actions;
  for (const Json& e : *log) {
    actions.push_back(e["action"]);
    CHECK(e["by"] == "tester");
    CHECK(e["reason"] == "because the test says so");
  }
  CHECK(actions == std::vector<std::string>{"hide", "pin", "merge", "suppress", "unhide", "pin"});

  // Course 2 leaves its source for good (three crawls without it): the pin on it
  // is orphaned, reported, and kept; so is a pin of a field no crawl gives.
  cat.web.Serve(kCuratedListing, CuratedListingPage({1, 3}));
  for (int i = 0; i < 3; ++i) cat.Run();
  auto overrides = cat.index().Overrides();
  REQUIRE(overrides.ok());
  REQUIRE(overrides->size() == 4);
  std::map<std::string, std::string> why;
  for (const index::Override& o : *overrides)
    why[o.kind + " " + o.target + " " + o.key] = cat.index().OrphanReason(o).value();
  CHECK(why["pin " + cat.Id(2) + " ce_hours"] ==
        "record " + cat.Id(2) + " was removed (no source lists it)");
  CHECK(why["pin " + cat.Id(1) + " price"] ==
        "field price is no longer extracted for " + cat.Id(1));
  CHECK(why["merge " + cat.Id(3) + " " + cat.Id(1)].empty());
  CHECK(why["suppress acme /drafts/"].empty());
}

TEST_CASE("a pinned value is checked against the record type's fields and normalised") {
  auto normaliser = normalise::Normaliser::Load(SourceDir() / "data");
  REQUIRE(normaliser.ok());
  Json schema = Json::parse(cecat::testing::ReadFile(SourceDir() / "schema" / "feed.schema.json"));
  Json course = {{"title", "Ethics"}};
  auto hours = CheckPinnedValue(schema, &*normaliser, RecordType::kCourse, "ce_hours",
                                Json("1.5 hours"), course);
  INFO(hours.status().message());
  REQUIRE(hours.ok());
  CHECK(*hours == 1.5);
  auto unknown =
      CheckPinnedValue(schema, &*normaliser, RecordType::kCourse, "colour", Json("red"), course);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message().rfind(
            "unknown field 'colour' for a course (its fields: approvals, audiences,", 0) == 0);
  auto wrong = CheckPinnedValue(schema, &*normaliser, RecordType::kCourse, "price",
                                Json{{"amount", "cheap"}}, course);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().message() == "invalid value for price.amount must be number, got \"cheap\"");
  auto topics = CheckPinnedValue(schema, &*normaliser, RecordType::kCourse, "topics",
                                 Json::array({"Ethics"}), course);
  INFO(topics.status().message());
  REQUIRE(topics.ok());
  CHECK(*topics == Json::array({"ethics"}));
  auto no_topic = CheckPinnedValue(schema, &*normaliser, RecordType::kCourse, "topics",
                                   Json::array({"underwater basket weaving"}), course);
  CHECK_FALSE(no_topic.ok());
  // Without a normaliser (an import), the schema alone: a format outside its enum.
  auto format =
      CheckPinnedValue(schema, nullptr, RecordType::kCourse, "format", Json("webinar"), course);
  REQUIRE_FALSE(format.ok());
  CHECK(format.status().message().rfind("invalid value for format must be one of ", 0) == 0);
  auto bad_regex = CompileUrlPattern("(");
  REQUIRE_FALSE(bad_regex.ok());
  CHECK(bad_regex.status().message().rfind("invalid URL regex '(': ", 0) == 0);
}

}  // namespace
}  // namespace cecat::refresh
