// Index benchmark: builds a generated catalogue of 100,000 courses (plus providers,
// reviews and scholarships) through ApplySource, then prints the upsert rate, the
// re-crawl rate, search latency p50/p95 over a mix of queries and filters, export
// throughput, and the database size.
//
//   bench_index_bench [COURSES] [DB_FILE]     (defaults: 100000, a temp file)
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "index/index.h"

using cecat::Json;
using cecat::Record;
using cecat::RecordType;
using cecat::index::Index;
using cecat::index::SearchQuery;
using cecat::index::SourceOutcome;
using Clock = std::chrono::steady_clock;

namespace {

const std::vector<std::string> kWords = {
    "ethics",     "trauma",     "grief",     "anxiety",    "couples",     "supervision",
    "telehealth", "boundaries", "cbt",       "dbt",        "mindfulness", "depression",
    "suicide",    "prevention", "substance", "adolescent", "family",      "assessment",
    "emdr",       "cultural",   "humility",  "eating",     "disorders",   "psychopharmacology",
    "domestic",   "violence",   "law",       "practice",   "clinical",    "skills"};
const std::vector<std::string> kFormats = {"on_demand", "live_online", "in_person", "hybrid"};
const std::vector<std::string> kBodies = {"APA",    "NBCC",   "ASWB-ACE", "NY-SW",
                                          "TX-LPC", "NAADAC", "CAMFT"};
const std::vector<std::string> kAudiences = {"psychologist", "counselor", "social_worker", "mft",
                                             "addiction"};
const std::vector<std::string> kTopics = {"ethics",      "trauma",    "grief",   "law-and-ethics",
                                          "cbt",         "dbt",       "anxiety", "depression",
                                          "supervision", "telehealth"};
const std::vector<std::string> kStates = {"NY", "TX", "CA", "FL", "IL", "WA"};

// Process CPU seconds: on a shared, loaded machine the wall-clock figures say more
// about the neighbours than about the index, so both are printed.
double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

template <typename T>
const T& Pick(std::mt19937& rng, const std::vector<T>& v) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}
bool Coin(std::mt19937& rng, double p) { return std::bernoulli_distribution(p)(rng); }

std::string Sentence(std::mt19937& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) s += (i ? " " : "") + Pick(rng, kWords);
  return s;
}

std::string CourseUrl(int i) {
  return "https://ce" + std::to_string(i % 50) + ".example/course/" + std::to_string(i);
}

Record MakeCourse(int i, int version) {
  std::mt19937 rng(static_cast<unsigned>(i));  // the same course every time
  Record r;
  r.type = RecordType::kCourse;
  r.url = CourseUrl(i);
  r.id = cecat::MakeRecordId(r.type, r.url);
  Json f;
  f["title"] = Sentence(rng, 4) + " " + std::to_string(i);
  f["description"] = Sentence(rng, 40) + (version > 0 ? " revised " + std::to_string(version) : "");
  f["presenters"] = {Sentence(rng, 2)};
  f["provider"] = {{"id", "p-" + std::to_string(i % 5000)},
                   {"name", Sentence(rng, 2) + " institute"}};
  f["format"] = Pick(rng, kFormats);
  f["ce_hours"] = std::uniform_int_distribution<int>(1, 24)(rng) / 2.0;
  if (Coin(rng, 0.2)) {
    f["price"] = {{"amount", 0}, {"currency", "USD"}, {"free", true}};
  } else {
    f["price"] = {{"amount", std::uniform_int_distribution<int>(10, 400)(rng)},
                  {"currency", "USD"},
                  {"free", false}};
  }
  Json approvals = Json::array();
  for (const auto& b : kBodies)
    if (Coin(rng, 0.25))
      approvals.push_back({{"body", b}, {"number", std::to_string(rng() % 9000 + 1000)}});
  f["approvals"] = approvals;
  Json aud = Json::array();
  for (const auto& a : kAudiences)
    if (Coin(rng, 0.4)) aud.push_back(a);
  f["audiences"] = aud;
  Json topics = Json::array();
  for (const auto& t : kTopics)
    if (Coin(rng, 0.2)) topics.push_back(t);
  f["topics"] = topics;
  if (f["format"] == "in_person")
    f["location"] = {{"city", "Springfield"}, {"state", Pick(rng, kStates)}, {"country", "US"}};
  if (Coin(rng, 0.5))
    f["rating"] = {{"average", std::uniform_int_distribution<int>(4, 10)(rng) / 2.0},
                   {"count", rng() % 200 + 1}};
  f["start_date"] = "2026-12-0" + std::to_string(rng() % 9 + 1);
  r.fields = std::move(f);
  r.provenance = {{"title", "jsonld:name"},
                  {"description", "jsonld:description"},
                  {"price", "jsonld:offers.price"}};
  return r;
}

Record MakeProvider(int i) {
  Record r;
  r.type = RecordType::kProvider;
  r.url = "https://ce" + std::to_string(i % 50) + ".example/provider/" + std::to_string(i);
  r.id = cecat::MakeRecordId(r.type, r.url);
  r.fields = {{"name", "Provider " + std::to_string(i)},
              {"url", r.url},
              {"approvals", {{{"body", "APA"}}, {{"body", "NBCC"}, {"number", "6999"}}}}};
  return r;
}

Record MakeReview(int i, int courses) {
  std::mt19937 rng(static_cast<unsigned>(1000003 + i));
  Record r;
  r.type = RecordType::kReview;
  r.url = "https://reviews.example/r/" + std::to_string(i);
  r.id = cecat::MakeRecordId(r.type, r.url);
  int target = static_cast<int>(rng() % static_cast<unsigned>(courses));
  r.fields = {{"target", cecat::MakeRecordId(RecordType::kCourse, CourseUrl(target))},
              {"rating", static_cast<int>(rng() % 6)},
              {"author", "Reviewer " + std::to_string(rng() % 5000)},
              {"text", Sentence(rng, 20)},
              {"date", "2026-0" + std::to_string(rng() % 9 + 1) + "-10"}};
  return r;
}

Record MakeScholarship(int i) {
  std::mt19937 rng(static_cast<unsigned>(2000003 + i));
  Record r;
  r.type = RecordType::kScholarship;
  r.url = "https://grants.example/s/" + std::to_string(i);
  r.id = cecat::MakeRecordId(r.type, r.url);
  r.fields = {{"name", Sentence(rng, 3) + " fellowship"},
              {"sponsor", "Foundation " + std::to_string(i % 40)},
              {"amount_min", 1000},
              {"amount_max", 20000},
              {"currency", "USD"},
              {"deadline", "2027-0" + std::to_string(rng() % 9 + 1) + "-15"},
              {"eligibility", Sentence(rng, 25)},
              {"open", true}};
  return r;
}

// Sources of ~5,000 records each, generated one at a time to bound memory.
struct SourcePlan {
  std::string id;
  int first, count;
  int kind;  // 0 courses, 1 providers, 2 reviews, 3 scholarships
};

SourceOutcome Build(const SourcePlan& p, int courses, int version) {
  SourceOutcome o;
  o.source_id = p.id;
  o.records.reserve(static_cast<size_t>(p.count));
  for (int i = p.first; i < p.first + p.count; ++i) {
    switch (p.kind) {
      case 0:
        o.records.push_back(MakeCourse(i, (version > 0 && i % 10 == 0) ? version : 0));
        break;
      case 1:
        o.records.push_back(MakeProvider(i));
        break;
      case 2:
        o.records.push_back(MakeReview(i, courses));
        break;
      default:
        o.records.push_back(MakeScholarship(i));
        break;
    }
  }
  return o;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(k, v.size() - 1)];
}

std::uintmax_t FileSize(const std::filesystem::path& p) {
  std::error_code ec;
  auto n = std::filesystem::file_size(p, ec);
  return ec ? 0 : n;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are measured
  const int courses = argc > 1 ? std::max(1000, std::atoi(argv[1])) : 100000;
  std::filesystem::path file =
      argc > 2 ? std::filesystem::path(argv[2])
               : std::filesystem::temp_directory_path() / "cecat_index_bench.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);

  const int providers = courses / 20, reviews = courses / 2, scholarships = courses / 50;
  std::vector<SourcePlan> plan;
  const int chunk = 5000;
  for (int i = 0; i < courses; i += chunk)
    plan.push_back({"courses-" + std::to_string(i / chunk), i, std::min(chunk, courses - i), 0});
  plan.push_back({"providers", 0, providers, 1});
  for (int i = 0; i < reviews; i += chunk)
    plan.push_back({"reviews-" + std::to_string(i / chunk), i, std::min(chunk, reviews - i), 2});
  plan.push_back({"scholarships", 0, scholarships, 3});
  const int total = courses + providers + reviews + scholarships;

  auto opened = Index::Open(file);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    return 4;
  }
  Index& index = **opened;
  std::printf(
      "index bench: %d courses, %d providers, %d reviews, %d scholarships (%d records, %zu "
      "sources)\n",
      courses, providers, reviews, scholarships, total, plan.size());

  // Pass 0: first load. Pass 1: identical re-crawl (no changes). Pass 2: 10% of
  // courses edited. Generation time is excluded; only ApplySource is timed.
  const char* names[] = {"initial load", "re-crawl, unchanged", "re-crawl, 10% of courses changed"};
  for (int pass = 0; pass < 3; ++pass) {
    double apply_s = 0, apply_cpu = 0;
    int64_t added = 0, updated = 0, unchanged = 0;
    for (const SourcePlan& p : plan) {
      SourceOutcome o = Build(p, courses, pass == 2 ? 2 : 0);
      auto t0 = Clock::now();
      double c0 = CpuSeconds();
      auto stats = index.ApplySource(o, 1800000000 + pass * 86400);
      apply_s += Seconds(t0, Clock::now());
      apply_cpu += CpuSeconds() - c0;
      if (!stats.ok()) {
        std::fprintf(stderr, "%s: %s\n", p.id.c_str(), stats.status().ToString().c_str());
        return 4;
      }
      added += stats->added;
      updated += stats->updated;
      unchanged += stats->unchanged;
    }
    std::printf(
        "upsert %-34s %8.0f records/s wall, %8.0f records/s CPU (%.1f s; added %lld, updated "
        "%lld, unchanged %lld)\n",
        names[pass], total / apply_s, total / apply_cpu, apply_s, static_cast<long long>(added),
        static_cast<long long>(updated), static_cast<long long>(unchanged));
  }

  // Search mix: text, prefix, phrase, filters alone and combined, scholarships.
  std::mt19937 rng(99);
  std::vector<std::pair<std::string, SearchQuery>> mix;
  for (int i = 0; i < 300; ++i) {
    SearchQuery q;
    std::string kind;
    switch (i % 10) {
      case 0:
        q.text = Pick(rng, kWords);
        kind = "word";
        break;
      case 1:
        q.text = Pick(rng, kWords) + " " + Pick(rng, kWords);
        kind = "two words";
        break;
      case 2:
        q.text = Pick(rng, kWords).substr(0, 3) + "*";
        kind = "prefix";
        break;
      case 3:
        q.text = "\"" + Pick(rng, kWords) + " " + Pick(rng, kWords) + "\"";
        kind = "phrase";
        break;
      case 4:
        q.text = Pick(rng, kWords);
        q.format = Pick(rng, kFormats);
        q.max_price = 100;
        kind = "word+format+price";
        break;
      case 5:
        q.text = Pick(rng, kWords);
        q.approved_by = Pick(rng, kBodies);
        q.audience = Pick(rng, kAudiences);
        kind = "word+body+audience";
        break;
      case 6:
        q.free_only = true;
        q.min_hours = 3;
        kind = "free+hours";
        break;
      case 7:
        q.state = Pick(rng, kStates);
        q.topic = Pick(rng, kTopics);
        q.min_rating = 3.5;
        kind = "state+topic+rating";
        break;
      case 8:
        kind = "no filter (all courses)";
        break;
      default:
        q.type = RecordType::kScholarship;
        q.deadline_after = "2027-05-01";
        q.text = Pick(rng, kWords);
        kind = "scholarship+deadline";
        break;
    }
    mix.emplace_back(kind, q);
  }
  std::vector<double> all_ms, all_cpu_ms;
  std::map<std::string, std::vector<double>> by_kind;
  int64_t matched = 0;
  for (const auto& [kind, q] : mix) {
    auto t0 = Clock::now();
    double c0 = CpuSeconds();
    auto r = index.Search(q);
    double ms = Seconds(t0, Clock::now()) * 1000;
    all_cpu_ms.push_back((CpuSeconds() - c0) * 1000);
    if (!r.ok()) {
      std::fprintf(stderr, "search: %s\n", r.status().ToString().c_str());
      return 4;
    }
    matched += r->total;
    all_ms.push_back(ms);
    by_kind[kind].push_back(ms);
  }
  std::printf(
      "search over %zu queries: p50 %.2f ms, p95 %.2f ms, max %.2f ms (mean matches %lld)\n",
      all_ms.size(), Percentile(all_ms, 0.5), Percentile(all_ms, 0.95), Percentile(all_ms, 1.0),
      static_cast<long long>(matched / static_cast<int64_t>(mix.size())));
  std::printf("search CPU time: p50 %.2f ms, p95 %.2f ms\n", Percentile(all_cpu_ms, 0.5),
              Percentile(all_cpu_ms, 0.95));
  for (const auto& [kind, ms] : by_kind)
    std::printf("  %-26s p50 %7.2f ms  p95 %7.2f ms\n", kind.c_str(), Percentile(ms, 0.5),
                Percentile(ms, 0.95));

  auto t0 = Clock::now();
  int64_t exported = 0;
  (void)index.ForEachRecord([&](const Json&) {
    ++exported;
    return cecat::Status::Ok();
  });
  double export_s = Seconds(t0, Clock::now());
  std::printf("export (ForEachRecord) %lld records: %.0f records/s\n",
              static_cast<long long>(exported), exported / export_s);

  opened->reset();
  sqlite3* db = nullptr;
  if (sqlite3_open(file.string().c_str(), &db) == SQLITE_OK)
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  std::uintmax_t size = FileSize(file) + FileSize(file.string() + "-wal");
  std::printf("database size: %.1f MiB (%.0f bytes/record) at %s\n",
              static_cast<double>(size) / (1 << 20), static_cast<double>(size) / total,
              file.string().c_str());
  return 0;
}
