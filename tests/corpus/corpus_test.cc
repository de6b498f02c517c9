// The labelled corpus (tests/corpus/pages, docs/extraction.md "Accuracy: the
// labelled corpus"): every page goes through the real extraction and
// normalisation path, as `cecat extract --html PAGE --url URL --source ID` does
// in process, and is scored against its labels. The test fails when records F1
// or field accuracy falls below the floor in tests/corpus/floor.json.
//
// Each page NAME has:
//   NAME.html         the page;
//   NAME.source.json  a sources file with the one source an admin would write
//                     for it on first sight (rules where the page needs them);
//   NAME.labels.json  {"kind", "page_url", "note", "records": [...]}: every
//                     record a careful reader finds, with every field.
//
// The report (totals, per page kind, per field, every wrong field, records
// missing and unexpected) is printed on stdout: `ctest -R corpus -V`, or run
// build/tests/corpus_tests directly. CECAT_CORPUS_REPORT=FILE also writes it to
// FILE; CECAT_CORPUS_PAGE=NAME scores one page and prints the records produced.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

#include "config/config.h"
#include "normalise/inherit.h"
#include "normalise/normalise.h"
#include "parsers/extract.h"
#include "refresh/spec.h"
#include "tests/corpus/scorer.h"

namespace fs = std::filesystem;
using cecat::Json;
using namespace cecat::corpus;

namespace {

const fs::path kCorpusDir = fs::path(CECAT_SOURCE_DIR) / "tests" / "corpus";

std::string Slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The record as `cecat extract` prints it (cli/cmd_extract.cc RecordJson),
// without provenance.
Json RecordJson(const cecat::Record& r) {
  Json j = {{"id", r.id}, {"type", cecat::RecordTypeName(r.type)}, {"url", r.url}};
  for (auto it = r.fields.begin(); it != r.fields.end(); ++it) j[it.key()] = it.value();
  return j;
}

std::string Fixed(double v) {
  std::ostringstream ss;
  ss << std::fixed << std::setprecision(3) << v;
  return ss.str();
}

// A value for the report: short JSON, long text cut.
std::string Show(const Json& v) {
  std::string s = v.dump();
  if (s.size() > 160) s = s.substr(0, 157) + "...";
  return s;
}

// Shows a review target id as the URL of the record it names, when known.
Json Readable(const Json& v, const std::map<std::string, std::string>& id_to_url) {
  if (v.is_string()) {
    auto it = id_to_url.find(v.get<std::string>());
    if (it != id_to_url.end()) return v.get<std::string>() + " (" + it->second + ")";
  }
  return v;
}

struct PageRun {
  std::string name;
  std::string kind;
  PageScore score;
  std::string error;  // a page that could not be run (bad source file, ...)
};

PageRun RunPage(const std::string& name, const cecat::normalise::Normaliser& normaliser) {
  PageRun run;
  run.name = name;
  fs::path base = kCorpusDir / "pages" / name;
  Json labels;
  try {
    labels = Json::parse(Slurp(fs::path(base.string() + ".labels.json")));
  } catch (const std::exception& e) {
    run.error = std::string("labels: ") + e.what();
    return run;
  }
  run.kind = labels.value("kind", "?");
  auto config = cecat::config::LoadConfig(fs::path(base.string() + ".source.json"));
  if (!config.ok()) {
    run.error = "source: " + config.status().message();
    return run;
  }
  if (config->sources.size() != 1) {
    run.error = "source: expected exactly one source";
    return run;
  }
  const auto& source = config->sources.front();
  std::string page_url = labels.value("page_url", "");
  auto ex = cecat::parsers::ExtractPage(Slurp(fs::path(base.string() + ".html")), page_url,
                                        cecat::refresh::MakeExtractOptions(source));
  auto n = normaliser.Normalise(ex.records, source.id);
  // As the refresh stores them: a course inherits its provider's provider-level
  // approvals (normalise/inherit.h) from the provider record the index holds,
  // here the one this page yields.
  const std::vector<std::string> provider_level = normaliser.vocabulary().ProviderLevelBodies();
  for (auto& course : n.records) {
    if (course.type != cecat::RecordType::kCourse) continue;
    std::string provider_id = cecat::normalise::CourseProviderId(course);
    const cecat::Record* provider = nullptr;
    for (const auto& p : n.records) {
      if (p.type == cecat::RecordType::kProvider && p.id == provider_id) provider = &p;
    }
    if (provider != nullptr) cecat::normalise::InheritApprovals(course, provider, provider_level);
  }
  Json produced = Json::array();
  for (const auto& r : n.records) produced.push_back(RecordJson(r));
  // Scoring one page is for studying it: show what cecat made of it.
  if (std::getenv("CECAT_CORPUS_PAGE") != nullptr) std::cout << produced.dump(2) << "\n";
  run.score = ScorePage(name, labels.value("records", Json::array()), produced);
  // Review targets print as ids; name their URLs so the report reads.
  std::map<std::string, std::string> id_to_url;
  for (const Json& p : produced) id_to_url[p["id"].get<std::string>()] = p.value("url", "");
  for (const Json& l : labels.value("records", Json::array())) {
    if (l.value("type", "") == "review" && l.contains("target")) {
      Json id = TargetId(l["target"]);
      if (id.is_string()) id_to_url[id.get<std::string>()] = l["target"].value("url", "");
    }
  }
  for (auto& w : run.score.wrong) {
    if (w.field == "target") {
      w.expected = Readable(w.expected, id_to_url);
      w.got = Readable(w.got, id_to_url);
    }
  }
  return run;
}

std::string Report(const std::vector<PageRun>& runs, Tally* total_out) {
  std::ostringstream out;
  Tally total;
  std::map<std::string, Tally> per_kind;
  std::map<std::string, int> pages_per_kind;
  for (const auto& r : runs) {
    total.Add(r.score.tally);
    per_kind[r.kind].Add(r.score.tally);
    ++pages_per_kind[r.kind];
  }
  out << "== labelled corpus: " << runs.size() << " pages ==\n";
  out << "records: labelled " << total.labelled << ", produced " << total.produced << ", matched "
      << total.matched << "; precision " << Fixed(total.Precision()) << ", recall "
      << Fixed(total.Recall()) << ", F1 " << Fixed(total.F1()) << "\n";
  out << "fields: " << total.fields_right << " of " << total.fields << " right, accuracy "
      << Fixed(total.FieldAccuracy()) << "\n\n";
  out << "-- per page kind (pages: records P/R/F1, field accuracy) --\n";
  for (const auto& [kind, t] : per_kind) {
    out << "  " << std::left << std::setw(16) << kind << std::right << std::setw(3)
        << pages_per_kind[kind] << " pages: ";
    // Hard negatives have nothing to find: what counts is what was made up.
    if (t.labelled == 0) {
      out << t.produced << " records produced where none is labelled\n";
      continue;
    }
    out << "P " << Fixed(t.Precision()) << " R " << Fixed(t.Recall()) << " F1 " << Fixed(t.F1())
        << "; fields " << t.fields_right << "/" << t.fields << " = " << Fixed(t.FieldAccuracy())
        << "\n";
  }
  out << "\n-- per field (right/compared) --\n";
  for (const auto& [field, rt] : total.per_field) {
    out << "  " << std::left << std::setw(26) << field << std::right << std::setw(4) << rt.first
        << "/" << std::left << std::setw(4) << rt.second << std::right
        << Fixed(rt.second == 0 ? 1.0 : double(rt.first) / rt.second) << "\n";
  }
  out << "\n-- wrong fields (page | record | field | expected | got) --\n";
  for (const auto& r : runs) {
    for (const auto& w : r.score.wrong) {
      out << "  " << w.page << " | " << w.record << " | " << w.field << " | " << Show(w.expected)
          << " | " << Show(w.got) << "\n";
    }
  }
  out << "\n-- records labelled but not produced --\n";
  for (const auto& r : runs) {
    for (const auto& m : r.score.missing) out << "  " << r.name << " | " << m << "\n";
  }
  out << "\n-- records produced but not labelled --\n";
  for (const auto& r : runs) {
    for (const auto& u : r.score.unexpected) out << "  " << r.name << " | " << u << "\n";
  }
  *total_out = total;
  return out.str();
}

}  // namespace

TEST_CASE("The labelled corpus scores at or above its floor") {
  auto normaliser = cecat::normalise::Normaliser::Load(fs::path(CECAT_SOURCE_DIR) / "data");
  REQUIRE(normaliser.ok());
  const char* only = std::getenv("CECAT_CORPUS_PAGE");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCorpusDir / "pages")) {
    if (entry.path().extension() != ".html") continue;
    std::string stem = entry.path().stem().string();
    if (only == nullptr || stem == only) names.push_back(stem);
  }
  std::sort(names.begin(), names.end());
  std::vector<PageRun> runs;
  for (const auto& name : names) {
    runs.push_back(RunPage(name, *normaliser));
    CAPTURE(name);
    CHECK(runs.back().error == "");
  }
  Tally total;
  std::string report = Report(runs, &total);
  std::cout << report << std::flush;
  if (const char* file = std::getenv("CECAT_CORPUS_REPORT")) std::ofstream(file) << report;
  if (only != nullptr) return;

  CHECK(runs.size() >= 60);
  Json floor = Json::parse(Slurp(kCorpusDir / "floor.json"));
  CHECK(total.F1() >= floor.at("records_f1").get<double>());
  CHECK(total.FieldAccuracy() >= floor.at("field_accuracy").get<double>());
}
