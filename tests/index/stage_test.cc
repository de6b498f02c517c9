// The record stage (a refresh's records on disk between parse and apply) and the
// streamed ApplySource that reads it.
#include "index/stage.h"

#include <catch2/catch.hpp>

#include "index/index.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

using cecat::Json;
using cecat::RawRecord;
using cecat::Record;
using cecat::Result;
using cecat::Status;
using namespace cecat::index;
using namespace cecat::index::testing;

namespace {

std::unique_ptr<RecordStage> OpenStage() {
  auto stage = RecordStage::Open();
  INFO(stage.status().ToString());
  REQUIRE(stage.ok());
  return std::move(*stage);
}

StagedOutput Output(int origin, std::vector<Record> records) {
  StagedOutput out;
  out.origin = origin;
  out.records = std::move(records);
  return out;
}

std::vector<std::vector<std::string>> Groups(RecordStage& stage) {
  std::vector<std::vector<std::string>> out;
  std::vector<Record> group;
  for (;;) {
    Result<bool> more = stage.NextGroup(&group);
    REQUIRE(more.ok());
    if (!*more) break;
    out.emplace_back();
    for (const Record& r : group)
      out.back().push_back(r.id + "@" + r.fields["title"].get<std::string>());
  }
  return out;
}

}  // namespace

TEST_CASE("Staged records come back grouped by id, each group in page order") {
  auto stage = OpenStage();
  Record a1 = Course("a", "a from page 2");
  Record a2 = Course("a", "a from page 1");
  Record b = Course("b", "b");
  a1.provenance["title"] = "jsonld:@graph[0].name";
  a1.page_url = "https://ce.example/2";
  a1.sources = {"src"};
  // Pages arrive out of order, as workers finish them.
  REQUIRE(stage->Add({"https://ce.example/2", {Output(0, {a1, b})}}).ok());
  REQUIRE(stage->Add({"https://ce.example/1", {Output(0, {}), Output(1, {a2})}}).ok());
  auto count = stage->RecordCount();
  REQUIRE(count.ok());
  CHECK(*count == 3);

  std::vector<Record> group;
  REQUIRE(stage->NextGroup(&group).value());
  REQUIRE(group.size() == 2);
  CHECK(group[0].fields["title"] == "a from page 1");
  CHECK(group[1].fields["title"] == "a from page 2");
  // Everything a record carries survives the round trip.
  CHECK(group[1].id == a1.id);
  CHECK(group[1].url == a1.url);
  CHECK(group[1].type == a1.type);
  CHECK(group[1].page_url == "https://ce.example/2");
  CHECK(group[1].sources == std::vector<std::string>{"src"});
  CHECK(group[1].provenance == a1.provenance);
  REQUIRE(stage->NextGroup(&group).value());
  CHECK(group.size() == 1);
  CHECK(group[0].id == b.id);
  CHECK_FALSE(stage->NextGroup(&group).value());
  CHECK_FALSE(stage->NextGroup(&group).value());  // stays at the end
}

TEST_CASE("Staging an origin again replaces its records and rejects") {
  auto stage = OpenStage();
  StagedOutput first = Output(3, {Course("old", "old")});
  first.rejects.push_back({"course", "https://ce.example/x", "missing title", {{"a", 1}}});
  first.pending = true;
  first.raw.kind = "course";
  first.raw.page_url = "https://ce.example/p";
  first.raw.fields = {{"title", "T"}, {"provider", "Acme"}};
  first.raw.provenance = {{"title", "jsonld:name"}};
  first.lookups = {{"acme", ""}};
  REQUIRE(stage->Add({"https://ce.example/p", {first, Output(4, {Course("keep", "keep")})}}).ok());

  std::vector<PendingRaw> pending;
  REQUIRE(stage
              ->ForEachPending([&](PendingRaw&& p) -> Status {
                pending.push_back(p);
                // Replacing while the scan runs is what the apply does.
                return stage->Add({p.page, {Output(p.origin, {Course("new", "new")})}});
              })
              .ok());
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].page == "https://ce.example/p");
  CHECK(pending[0].origin == 3);
  CHECK(pending[0].raw.kind == "course");
  CHECK(pending[0].raw.fields == first.raw.fields);
  CHECK(pending[0].raw.provenance == first.raw.provenance);
  CHECK(pending[0].lookups == first.lookups);

  auto groups = Groups(*stage);
  std::vector<std::string> titles;
  for (const auto& g : groups) titles.push_back(g.front().substr(g.front().find('@') + 1));
  std::sort(titles.begin(), titles.end());
  CHECK(titles == std::vector<std::string>{"keep", "new"});
  Rejected r;
  CHECK_FALSE(stage->NextReject(&r).value());  // the replacement had none
}

TEST_CASE("Rejects come back in page order") {
  auto stage = OpenStage();
  StagedOutput b = Output(0, {});
  b.rejects.push_back({"course", "https://ce.example/b", "missing title", {{"x", "é"}}});
  StagedOutput a = Output(0, {});
  a.rejects.push_back({"review", "https://ce.example/a", "no rating", Json::object()});
  REQUIRE(stage->Add({"https://ce.example/b", {b}}).ok());
  REQUIRE(stage->Add({"https://ce.example/a", {a}}).ok());
  Rejected r;
  REQUIRE(stage->NextReject(&r).value());
  CHECK(r.kind == "review");
  REQUIRE(stage->NextReject(&r).value());
  CHECK(r.url == "https://ce.example/b");
  CHECK(r.raw == Json{{"x", "é"}});
  CHECK_FALSE(stage->NextReject(&r).value());
}

TEST_CASE("A streamed apply gives the same result as applying the list") {
  cecat::testing::TempDir dir;
  auto listed = Index::Open(dir / "listed.db");
  auto streamed = Index::Open(dir / "streamed.db");
  REQUIRE(listed.ok());
  REQUIRE(streamed.ok());
  std::vector<Record> records;
  for (int i = 0; i < 5; ++i) records.push_back(Course("c" + std::to_string(i), "Course"));
  SourceOutcome o = Outcome("src", records);
  o.rejects.push_back({"course", "https://ce.example/r", "missing title", Json::object()});
  auto a = (*listed)->ApplySource(o, 1000);
  REQUIRE(a.ok());

  size_t next = 0;
  ApplyRecordSource source = [&](ApplyItem* item) -> Result<bool> {
    if (next == records.size()) return false;
    item->record = records[next++];
    return true;
  };
  bool reject_sent = false;
  ApplyRejectSource rejects = [&](Rejected* r) -> Result<bool> {
    if (reject_sent) return false;
    reject_sent = true;
    *r = o.rejects[0];
    return true;
  };
  SourceOutcome header;
  header.source_id = "src";
  auto b = (*streamed)->ApplySourceStream(header, source, rejects, 1000);
  REQUIRE(b.ok());
  CHECK(b->added == a->added);
  CHECK(b->added == 5);
  CHECK(b->rejected == 1);
  CHECK(b->rejected == a->rejected);
  auto states = (*streamed)->SourceStates();
  REQUIRE(states.ok());
  REQUIRE(states->size() == 1);
  CHECK((*states)[0].active_records == 5);
}

TEST_CASE("A streamed apply whose source fails keeps nothing of it") {
  cecat::testing::TempDir dir;
  auto index = Index::Open(dir / "cecat.db");
  REQUIRE(index.ok());
  REQUIRE((*index)->ApplySource(Outcome("src", {Course("a", "A")}), 1000).ok());
  int calls = 0;
  ApplyRecordSource failing = [&](ApplyItem* item) -> Result<bool> {
    if (++calls == 1) {
      item->record = Course("b", "B");
      return true;
    }
    return Status::IoError("stage file vanished");
  };
  ApplyRejectSource none = [](Rejected*) -> Result<bool> { return false; };
  SourceOutcome header;
  header.source_id = "src";
  auto applied = (*index)->ApplySourceStream(header, failing, none, 2000);
  REQUIRE_FALSE(applied.ok());
  CHECK(applied.status().message().find("stage file vanished") != std::string::npos);
  auto shown = (*index)->Show(Course("b", "B").id);
  REQUIRE(shown.ok());
  CHECK_FALSE(shown->has_value());
  auto states = (*index)->SourceStates();
  REQUIRE(states.ok());
  CHECK((*states)[0].last_success == 1000);
}
