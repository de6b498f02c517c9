#include <catch2/catch.hpp>

#include "index/index.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

using cecat::Json;
using cecat::index::Index;
using namespace cecat::index::testing;

TEST_CASE("Runs record per-source reports and come back newest first") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& index = **opened;
  auto first = index.BeginRun("refresh", 100);
  REQUIRE(first.ok());
  REQUIRE(index.RecordSourceRun(*first, "acme", {{"pages", {{"fetched", 3}}}}).ok());
  REQUIRE(index.RecordSourceRun(*first, "beta", {{"errors", {{{"url", "u"}, {"reason", "404"}}}}})
              .ok());
  REQUIRE(index.FinishRun(*first, "failed", 160).ok());
  auto second = index.BeginRun("crawl", 200);
  REQUIRE(second.ok());
  CHECK(index.FinishRun(*second + 100, "ok", 1).code() == cecat::Status::Code::kNotFound);

  auto runs = index.Runs(10);
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 2);
  CHECK((*runs)[0]["command"] == "crawl");
  CHECK((*runs)[0]["status"] == "running");
  CHECK((*runs)[0]["finished_at"].is_null());
  CHECK((*runs)[1]["status"] == "failed");
  CHECK((*runs)[1]["started_at"] == "1970-01-01T00:01:40Z");
  CHECK((*runs)[1]["finished_at"] == "1970-01-01T00:02:40Z");
  CHECK((*runs)[1]["sources"][0] == Json{{"source", "acme"}, {"pages", {{"fetched", 3}}}});
  CHECK((*runs)[1]["sources"][1]["errors"][0]["reason"] == "404");
  CHECK(index.Runs(1)->size() == 1);
}

TEST_CASE("Rejects are stored with their run and source") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& index = **opened;
  auto run = index.BeginRun("refresh", 100);
  REQUIRE(run.ok());
  auto o = Outcome("acme", {Course("c", "C")});
  o.run_id = *run;
  o.rejects.push_back({"course", "https://ce.example/x", "missing title", Json{{"price", "$5"}}});
  auto stats = index.ApplySource(o, 100);
  REQUIRE(stats.ok());
  CHECK(stats->rejected == 1);
  auto rejects = index.Rejects(*run);
  REQUIRE(rejects.ok());
  REQUIRE(rejects->size() == 1);
  CHECK((*rejects)[0]["reason"] == "missing title");
  CHECK((*rejects)[0]["source"] == "acme");
  CHECK((*rejects)[0]["raw"] == Json{{"price", "$5"}});
  CHECK(index.Rejects(*run + 1)->empty());
}

TEST_CASE("Source states list every source with its health and record counts") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& index = **opened;
  REQUIRE(index.ApplySource(Outcome("b", {Course("1", "x"), Course("2", "y")}), 100).ok());
  REQUIRE(index.ApplySource(Outcome("b", {Course("1", "x")}), 200).ok());
  auto failed = Outcome("a", {});
  failed.crawl_ok = false;
  failed.error = "robots.txt disallows /";
  REQUIRE(index.ApplySource(failed, 300).ok());
  auto states = index.SourceStates();
  REQUIRE(states.ok());
  REQUIRE(states->size() == 2);
  CHECK((*states)[0].id == "a");
  CHECK((*states)[0].last_success == 0);
  CHECK((*states)[0].last_error == "robots.txt disallows /");
  CHECK((*states)[1].id == "b");
  CHECK((*states)[1].active_records == 1);
  CHECK((*states)[1].stale_records == 1);
  CHECK((*states)[1].last_success == 200);
  CHECK_FALSE(index.GetSourceState("zzz")->has_value());
}
