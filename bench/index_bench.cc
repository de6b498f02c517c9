// Index benchmark: builds a generated catalogue of 100,000 courses (plus providers,
// reviews and scholarships) through ApplySource, then prints the upsert rate, the
// re-crawl rate, search latency p50/p95 over a mix of queries and filters, export
// throughput, and the database size.
//
//   bench_index_bench [COURSES] [DB_FILE] [--corpus harsh|realistic]
//
// Defaults: 100000 courses, a temp file, the harsh corpus. Two corpora (issue 22):
//   harsh      every text drawn uniformly from 30 words, so one word matches 87% of
//              the courses: the worst case for counting and facets;
//   realistic  words drawn by a Zipf law (s = 1.07, the exponent of English text)
//              over a 4,000-word vocabulary whose head is the words of real course
//              titles and descriptions; queries use the topic and method words
//              of that head (uniformly, past its generic words), with the same
//              mix of filters as the harsh corpus.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
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

// The head of the realistic vocabulary, most frequent first: the words of mental
// health CE course titles and descriptions (function words left out: the full-text
// index keeps them, but nobody searches for them). Ranks beyond it are synthetic
// words, which is all a Zipf tail needs to be.
const std::vector<std::string> kRealHead = {"clinical",      "therapy",
                                            "practice",      "counseling",
                                            "treatment",     "clients",
                                            "ethics",        "trauma",
                                            "assessment",    "skills",
                                            "health",        "mental",
                                            "behavioral",    "intervention",
                                            "anxiety",       "depression",
                                            "family",        "children",
                                            "adolescents",   "evidence",
                                            "based",         "approaches",
                                            "supervision",   "professional",
                                            "substance",     "use",
                                            "disorders",     "cognitive",
                                            "couples",       "grief",
                                            "suicide",       "risk",
                                            "prevention",    "cultural",
                                            "diversity",     "telehealth",
                                            "mindfulness",   "dbt",
                                            "cbt",           "emdr",
                                            "recovery",      "addiction",
                                            "boundaries",    "legal",
                                            "documentation", "diagnosis",
                                            "dsm",           "attachment",
                                            "play",          "group",
                                            "school",        "military",
                                            "veterans",      "ptsd",
                                            "eating",        "sleep",
                                            "pain",          "older",
                                            "adults",        "aging",
                                            "dementia",      "lgbtq",
                                            "gender",        "identity",
                                            "motivational",  "interviewing",
                                            "relapse",       "opioid",
                                            "alcohol",       "harm",
                                            "reduction",     "domestic",
                                            "violence",      "abuse",
                                            "neglect",       "bipolar",
                                            "psychosis",     "schizophrenia",
                                            "personality",   "borderline",
                                            "ocd",           "autism",
                                            "adhd",          "learning",
                                            "neuroscience",  "psychopharmacology",
                                            "medication",    "crisis",
                                            "self",          "care",
                                            "burnout",       "compassion",
                                            "fatigue",       "resilience",
                                            "parenting",     "divorce",
                                            "perinatal",     "postpartum",
                                            "infertility",   "loss",
                                            "bereavement",   "spirituality",
                                            "racism",        "equity",
                                            "inclusion",     "humility",
                                            "competence",    "law",
                                            "hipaa",         "confidentiality",
                                            "duty",          "warn",
                                            "records",       "billing",
                                            "telemental",    "technology",
                                            "social",        "media",
                                            "gambling",      "gaming",
                                            "sexual",        "intimacy",
                                            "infidelity",    "emotion",
                                            "regulation",    "focused",
                                            "solution",      "narrative",
                                            "systemic",      "gottman",
                                            "acceptance",    "commitment",
                                            "exposure",      "response",
                                            "somatic",       "polyvagal",
                                            "ifs",           "schema",
                                            "workshop",      "webinar",
                                            "course",        "training",
                                            "introduction",  "advanced"};

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

// Which corpus the texts are drawn from (see the top of the file).
bool g_realistic = false;
bool g_search_only = false;  // --search-only

// The realistic vocabulary: kRealHead, then synthetic words to kRealVocabulary.
constexpr std::size_t kRealVocabulary = 4000;

const std::vector<std::string>& RealWords() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> w = kRealHead;
    const char* syllables[] = {"ka", "lo", "mi", "ne", "su", "ra", "ti", "vo", "de", "pha"};
    for (std::size_t i = w.size(); i < kRealVocabulary; ++i) {
      std::string word;
      for (std::size_t n = i; n > 0 || word.size() < 4; n /= 10) word += syllables[n % 10];
      w.push_back(word);
    }
    return w;
  }();
  return words;
}

// A word's rank drawn by Zipf's law over the first `ranks` words.
std::size_t ZipfRank(std::mt19937& rng, std::size_t ranks) {
  static std::map<std::size_t, std::discrete_distribution<std::size_t>> by_ranks;
  auto it = by_ranks.find(ranks);
  if (it == by_ranks.end()) {
    std::vector<double> weights(ranks);
    for (std::size_t r = 0; r < ranks; ++r) weights[r] = 1.0 / std::pow(r + 1.0, 1.07);
    it =
        by_ranks
            .emplace(ranks, std::discrete_distribution<std::size_t>(weights.begin(), weights.end()))
            .first;
  }
  return it->second(rng);
}

// A word of a text: uniform over kWords (harsh) or Zipf over the vocabulary.
const std::string& TextWord(std::mt19937& rng) {
  if (!g_realistic) return Pick(rng, kWords);
  return RealWords()[ZipfRank(rng, kRealVocabulary)];
}

// A word someone searches for: a topic or method of the head (realistic), past its
// dozen generic words ("clinical", "therapy", ...) that no one types alone; any
// word of the 30 (harsh).
const std::string& QueryWord(std::mt19937& rng) {
  if (!g_realistic) return Pick(rng, kWords);
  constexpr std::size_t kGeneric = 12;
  return kRealHead[std::uniform_int_distribution<std::size_t>(kGeneric, kRealHead.size() - 1)(rng)];
}

std::string Sentence(std::mt19937& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) s += (i ? " " : "") + TextWord(rng);
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
  // Real titles run to 6-10 words and descriptions to 60-120; the harsh corpus
  // keeps its original lengths so its figures stay comparable.
  f["title"] = Sentence(rng, g_realistic ? 7 : 4) + " " + std::to_string(i);
  f["description"] = Sentence(rng, g_realistic ? 80 : 40) +
                     (version > 0 ? " revised " + std::to_string(version) : "");
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
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--corpus" && i + 1 < argc) {
      std::string corpus = argv[++i];
      if (corpus != "harsh" && corpus != "realistic") {
        std::fprintf(stderr, "--corpus: expected harsh or realistic, got '%s'\n", corpus.c_str());
        return 2;
      }
      g_realistic = corpus == "realistic";
    } else if (arg == "--search-only") {
      // Reuses the database a previous run of the same size and corpus left.
      g_search_only = true;
    } else {
      positional.push_back(arg);
    }
  }
  const int courses =
      !positional.empty() ? std::max(1000, std::atoi(positional[0].c_str())) : 100000;
  std::filesystem::path file =
      positional.size() > 1 ? std::filesystem::path(positional[1])
                            : std::filesystem::temp_directory_path() / "cecat_index_bench.db";
  if (!g_search_only) {
    for (const char* suffix : {"", "-wal", "-shm", "-facets"})
      std::filesystem::remove(file.string() + suffix);
  }

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
      "index bench, %s corpus: %d courses, %d providers, %d reviews, %d scholarships (%d "
      "records, %zu sources)\n",
      g_realistic ? "realistic" : "harsh", courses, providers, reviews, scholarships, total,
      plan.size());

  // Pass 0: first load. Pass 1: identical re-crawl (no changes). Pass 2: 10% of
  // courses edited. Generation time is excluded; only ApplySource is timed.
  const char* names[] = {"initial load", "re-crawl, unchanged", "re-crawl, 10% of courses changed"};
  for (int pass = 0; pass < (g_search_only ? 0 : 3); ++pass) {
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

  // Searches and the export read through their own read-only connection, as `cecat
  // search`, `cecat export` and a service beside the nightly refresh do.
  auto reading = Index::Open(file, /*read_only=*/true);
  if (!reading.ok()) {
    std::fprintf(stderr, "%s\n", reading.status().ToString().c_str());
    return 4;
  }
  Index& reader = **reading;

  // Search mix: text, prefix, phrase, filters alone and combined, scholarships.
  std::mt19937 rng(99);
  std::vector<std::pair<std::string, SearchQuery>> mix;
  for (int i = 0; i < 300; ++i) {
    SearchQuery q;
    std::string kind;
    switch (i % 10) {
      case 0:
        q.text = QueryWord(rng);
        kind = "word";
        break;
      case 1:
        q.text = QueryWord(rng) + " " + QueryWord(rng);
        kind = "two words";
        break;
      case 2:
        q.text = QueryWord(rng).substr(0, 3) + "*";
        kind = "prefix";
        break;
      case 3:
        q.text = "\"" + QueryWord(rng) + " " + QueryWord(rng) + "\"";
        kind = "phrase";
        break;
      case 4:
        q.text = QueryWord(rng);
        q.format = Pick(rng, kFormats);
        q.max_price = 100;
        kind = "word+format+price";
        break;
      case 5:
        q.text = QueryWord(rng);
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
        q.text = QueryWord(rng);
        kind = "scholarship+deadline";
        break;
    }
    mix.emplace_back(kind, q);
  }
  {
    // The first search of a process loads the facet columns (index/detail/facets.h);
    // `cecat search` pays this once per call, a service once per index generation.
    auto t0 = Clock::now();
    double c0 = CpuSeconds();
    auto r = reader.Search(mix.front().second);
    if (!r.ok()) {
      std::fprintf(stderr, "search: %s\n", r.status().ToString().c_str());
      return 4;
    }
    std::printf("first search (loads the facet columns): %.2f ms, CPU %.2f ms\n",
                Seconds(t0, Clock::now()) * 1000, (CpuSeconds() - c0) * 1000);
  }
  std::vector<double> all_ms, all_cpu_ms;
  std::map<std::string, std::vector<double>> by_kind;
  int64_t matched = 0;
  for (const auto& [kind, q] : mix) {
    auto t0 = Clock::now();
    double c0 = CpuSeconds();
    auto r = reader.Search(q);
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
  (void)reader.ForEachRecord([&](const Json&) {
    ++exported;
    return cecat::Status::Ok();
  });
  double export_s = Seconds(t0, Clock::now());
  std::printf("export (ForEachRecord) %lld records: %.0f records/s\n",
              static_cast<long long>(exported), exported / export_s);

  reading->reset();
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
