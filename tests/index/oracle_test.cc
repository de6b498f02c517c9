// Search against a brute-force oracle: random records and random combinations of
// every filter (and a word or prefix), compared on ids, total, order and facets.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include <sqlite3.h>
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include "index/index.h"
#include "tests/index/index_fixtures.h"
#include "tests/support/test_support.h"

using cecat::Json;
using cecat::Record;
using cecat::RecordType;
using cecat::index::Index;
using cecat::index::SearchQuery;

namespace {

const std::vector<std::string> kWords = {"ethics",  "trauma",      "grief",      "anxiety",
                                         "couples", "supervision", "telehealth", "boundaries",
                                         "cbt",     "dbt"};
const std::vector<std::string> kFormats = {"on_demand", "live_online", "in_person", "hybrid"};
const std::vector<std::string> kBodies = {"APA", "NBCC", "ASWB-ACE", "NY-SW", "TX-LPC", "NAADAC"};
const std::vector<std::string> kAudiences = {"psychologist", "counselor", "social_worker", "mft",
                                             "addiction"};
const std::vector<std::string> kTopics = {"ethics", "trauma", "grief", "law-and-ethics", "cbt"};
const std::vector<std::string> kStates = {"NY", "TX", "CA"};

template <typename T>
const T& Pick(std::mt19937& rng, const std::vector<T>& v) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}
bool Coin(std::mt19937& rng, double p) { return std::bernoulli_distribution(p)(rng); }

std::vector<std::string> Subset(std::mt19937& rng, const std::vector<std::string>& v, double p) {
  std::vector<std::string> out;
  for (const auto& s : v)
    if (Coin(rng, p)) out.push_back(s);
  return out;
}

Record RandomCourse(std::mt19937& rng, int i) {
  Json f = Json::object();
  f["title"] = Pick(rng, kWords) + " " + Pick(rng, kWords) + " course " + std::to_string(i);
  if (Coin(rng, 0.7)) f["description"] = "about " + Pick(rng, kWords);
  if (Coin(rng, 0.8)) f["format"] = Pick(rng, kFormats);
  if (Coin(rng, 0.8)) f["ce_hours"] = std::uniform_int_distribution<int>(1, 24)(rng) / 2.0;
  int price = std::uniform_int_distribution<int>(0, 4)(rng);
  if (price == 0) f["price"] = {{"free", true}};
  if (price == 1) f["price"] = {{"amount", 0}, {"currency", "USD"}};
  if (price >= 3)
    f["price"] = {{"amount", std::uniform_int_distribution<int>(5, 300)(rng)}, {"currency", "USD"}};
  Json approvals = Json::array();
  for (const auto& b : Subset(rng, kBodies, 0.3)) approvals.push_back({{"body", b}});
  if (!approvals.empty()) f["approvals"] = approvals;
  if (auto a = Subset(rng, kAudiences, 0.4); !a.empty()) f["audiences"] = a;
  if (auto t = Subset(rng, kTopics, 0.3); !t.empty()) f["topics"] = t;
  if (Coin(rng, 0.4)) f["location"] = {{"state", Pick(rng, kStates)}, {"country", "US"}};
  if (Coin(rng, 0.6))
    f["rating"] = {{"average", std::uniform_int_distribution<int>(0, 10)(rng) / 2.0},
                   {"count", std::uniform_int_distribution<int>(1, 50)(rng)}};
  if (Coin(rng, 0.5)) f["provider"] = {{"id", "p-1"}, {"name", Pick(rng, kWords) + " institute"}};
  Record r = cecat::index::testing::Course("oracle/" + std::to_string(i), "", f);
  r.fields = f;
  return r;
}

Record RandomScholarship(std::mt19937& rng, int i) {
  Record r;
  r.type = RecordType::kScholarship;
  r.url = "https://grants.example/" + std::to_string(i);
  r.id = cecat::MakeRecordId(r.type, r.url);
  r.fields = {{"name", Pick(rng, kWords) + " fellowship " + std::to_string(i)}};
  if (Coin(rng, 0.8))
    r.fields["deadline"] = "2026-" +
                           std::string(std::uniform_int_distribution<int>(0, 1)(rng) ? "0" : "1") +
                           std::to_string(std::uniform_int_distribution<int>(1, 2)(rng)) + "-15";
  return r;
}

std::set<std::string> Tokens(const Json& f) {
  std::string text;
  for (const char* k : {"title", "description"})
    if (f.contains(k)) text += " " + f[k].get<std::string>();
  if (f.contains("name")) text += " " + f["name"].get<std::string>();
  if (f.contains("provider")) text += " " + f["provider"]["name"].get<std::string>();
  if (f.contains("topics"))
    for (const auto& t : f["topics"]) text += " " + t.get<std::string>();
  std::set<std::string> out;
  std::string cur;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.insert(cur);
      cur.clear();
    }
  }
  return out;
}

bool Has(const Json& list, const std::string& v, const char* key = nullptr) {
  if (!list.is_array()) return false;
  for (const auto& x : list)
    if ((key ? x[key] : x) == v) return true;
  return false;
}

// The oracle: SPEC.md's filters, written the obvious way over the JSON.
bool Matches(const SearchQuery& q, RecordType type, const Json& f) {
  if (type != q.type) return false;
  if (!q.text.empty()) {
    std::string word = q.text;
    bool prefix = word.back() == '*';
    if (prefix) word.pop_back();
    auto tokens = Tokens(f);
    bool hit = false;
    for (const auto& t : tokens) hit = hit || (prefix ? t.rfind(word, 0) == 0 : t == word);
    if (!hit) return false;
  }
  std::optional<double> price;
  bool free = false;
  if (f.contains("price")) {
    if (f["price"].contains("amount")) price = f["price"]["amount"].get<double>();
    free = f["price"].value("free", false) || price == 0.0;
    if (free && !price) price = 0;
  }
  auto num = [&](const char* k) -> std::optional<double> {
    if (!f.contains(k)) return std::nullopt;
    return f[k].get<double>();
  };
  std::optional<double> rating;
  if (f.contains("rating")) rating = f["rating"]["average"].get<double>();
  if (q.free_only && !free) return false;
  if (q.max_price && !(price && *price <= *q.max_price)) return false;
  if (q.min_hours && !(num("ce_hours") && *num("ce_hours") >= *q.min_hours)) return false;
  if (q.max_hours && !(num("ce_hours") && *num("ce_hours") <= *q.max_hours)) return false;
  if (q.min_rating && !(rating && *rating >= *q.min_rating)) return false;
  if (q.format && f.value("format", "") != *q.format) return false;
  if (q.approved_by && !Has(f.value("approvals", Json()), *q.approved_by, "body")) return false;
  if (q.audience && !Has(f.value("audiences", Json()), *q.audience)) return false;
  if (q.topic && !Has(f.value("topics", Json()), *q.topic)) return false;
  if (q.state) {
    bool in_state = f.contains("location") && f["location"]["state"] == *q.state;
    for (const auto& a : f.value("approvals", Json::array()))
      in_state = in_state || a["body"].get<std::string>().rfind(*q.state + "-", 0) == 0;
    if (!in_state) return false;
  }
  if (q.deadline_after &&
      !(f.contains("deadline") && f["deadline"].get<std::string>() >= *q.deadline_after))
    return false;
  return true;
}

SearchQuery RandomQuery(std::mt19937& rng) {
  SearchQuery q;
  if (Coin(rng, 0.15)) {
    q.type = RecordType::kScholarship;
    if (Coin(rng, 0.7))
      q.deadline_after =
          "2026-0" + std::to_string(std::uniform_int_distribution<int>(1, 9)(rng)) + "-01";
    if (Coin(rng, 0.3)) q.text = Pick(rng, kWords);
    return q;
  }
  if (Coin(rng, 0.4))
    q.text = Coin(rng, 0.3) ? Pick(rng, kWords).substr(0, 3) + "*" : Pick(rng, kWords);
  q.free_only = Coin(rng, 0.15);
  if (Coin(rng, 0.25)) q.max_price = std::uniform_int_distribution<int>(0, 300)(rng);
  if (Coin(rng, 0.25)) q.min_hours = std::uniform_int_distribution<int>(1, 12)(rng) / 2.0;
  if (Coin(rng, 0.25)) q.max_hours = std::uniform_int_distribution<int>(1, 24)(rng) / 2.0;
  if (Coin(rng, 0.25)) q.min_rating = std::uniform_int_distribution<int>(0, 10)(rng) / 2.0;
  if (Coin(rng, 0.25)) q.format = Pick(rng, kFormats);
  if (Coin(rng, 0.25)) q.approved_by = Pick(rng, kBodies);
  if (Coin(rng, 0.25)) q.audience = Pick(rng, kAudiences);
  if (Coin(rng, 0.25)) q.topic = Pick(rng, kTopics);
  if (Coin(rng, 0.25)) q.state = Pick(rng, kStates);
  return q;
}

}  // namespace

TEST_CASE("Every filter combination matches a brute-force oracle") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& index = **opened;
  std::mt19937 rng(20261125);
  std::vector<Record> records;
  for (int i = 0; i < 400; ++i) records.push_back(RandomCourse(rng, i));
  for (int i = 0; i < 80; ++i) records.push_back(RandomScholarship(rng, i));
  REQUIRE(index.ApplySource(cecat::index::testing::Outcome("gen", records), 100).ok());
  // Stale records stay searchable; removed ones do not.
  std::vector<Record> kept(records.begin() + 40, records.end());
  for (int t = 2; t <= 4; ++t) {
    if (t == 3) kept.erase(kept.begin(), kept.begin() + 20);
    REQUIRE(index.ApplySource(cecat::index::testing::Outcome("gen", kept), t * 100).ok());
  }
  std::map<std::string, Json> live;  // id -> fields
  std::map<std::string, RecordType> types;
  for (size_t i = 40; i < records.size(); ++i) {
    live[records[i].id] = records[i].fields;
    types[records[i].id] = records[i].type;
  }

  for (int n = 0; n < 300; ++n) {
    SearchQuery q = RandomQuery(rng);
    q.limit = 1000;
    CAPTURE(n, q.text, q.free_only, q.max_price, q.min_hours, q.max_hours, q.min_rating);
    CAPTURE(q.format, q.approved_by, q.audience, q.topic, q.state, q.deadline_after);
    std::vector<std::pair<std::string, Json>> expected;
    Json facets = {{"format", Json::object()},
                   {"approval", Json::object()},
                   {"audience", Json::object()},
                   {"topic", Json::object()}};
    for (const auto& [id, f] : live) {
      if (!Matches(q, types[id], f)) continue;
      expected.emplace_back(id, f);
      if (f.contains("format"))
        facets["format"][f["format"].get<std::string>()] =
            facets["format"].value(f["format"].get<std::string>(), 0) + 1;
      for (const auto& a : f.value("approvals", Json::array()))
        facets["approval"][a["body"].get<std::string>()] =
            facets["approval"].value(a["body"].get<std::string>(), 0) + 1;
      for (const char* k : {"audiences", "topics"})
        for (const auto& v : f.value(k, Json::array())) {
          std::string facet = std::string(k) == "audiences" ? "audience" : "topic";
          facets[facet][v.get<std::string>()] = facets[facet].value(v.get<std::string>(), 0) + 1;
        }
    }
    auto got = index.Search(q);
    REQUIRE(got.ok());
    CHECK(got->total == static_cast<int64_t>(expected.size()));
    std::set<std::string> got_ids, want_ids;
    for (const auto& r : got->results) got_ids.insert(r["id"].get<std::string>());
    for (const auto& [id, f] : expected) want_ids.insert(id);
    CHECK(got_ids == want_ids);
    if (got->total > 0) CHECK(got->facets == facets);
    // Order: relevance (score) first, then rating, best first.
    for (size_t i = 1; i < got->results.size(); ++i) {
      const Json& a = got->results[i - 1];
      const Json& b = got->results[i];
      double sa = a["score"].get<double>(), sb = b["score"].get<double>();
      CHECK(sa >= sb);
      if (sa == sb && a.contains("rating") && b.contains("rating"))
        CHECK(a["rating"]["average"].get<double>() >= b["rating"]["average"].get<double>());
      if (sa == sb && !a.contains("rating")) CHECK_FALSE(b.contains("rating"));
    }
  }
}

TEST_CASE("limit caps results but not total") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  std::mt19937 rng(7);
  std::vector<Record> records;
  for (int i = 0; i < 30; ++i) records.push_back(RandomCourse(rng, i));
  REQUIRE((*opened)->ApplySource(cecat::index::testing::Outcome("gen", records), 100).ok());
  for (int limit : {0, 1, 5, -3}) {
    CAPTURE(limit);
    SearchQuery q;
    q.limit = limit;
    auto r = (*opened)->Search(q);
    REQUIRE(r.ok());
    CHECK(r->total == 30);
    CHECK(r->results.size() == static_cast<size_t>(std::max(limit, 0)));
  }
}

namespace {

SearchQuery RandomFastQuery(std::mt19937& rng) {
  SearchQuery q = RandomQuery(rng);
  // Several words, phrases and prefixes: more than one phrase in bm25.
  if (!q.text.empty() && Coin(rng, 0.4)) q.text += " " + Pick(rng, kWords);
  if (!q.text.empty() && Coin(rng, 0.15)) q.text = "\"" + q.text + "\"";
  if (q.text.empty() && Coin(rng, 0.1)) q.text = "course";
  // Small limits make the top-k heap choose among ties (same score, same rating).
  q.limit = Pick(rng, std::vector<int>{0, 1, 3, 10, 50, 1000});
  return q;
}

// Reads and writes the database file beside cecat, as a hand edit would.
void RawExec(const std::filesystem::path& file, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}
int RawInt(const std::filesystem::path& file, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const int n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// Rows waiting to be folded into the facet columns; while any wait, Search answers
// by SQL, and comparing it with SearchBySql would prove nothing.
int DirtyRows(const std::filesystem::path& file) {
  return RawInt(file, "SELECT count(*) FROM facet_dirty");
}

void CheckSameAsSql(Index& index, std::mt19937& rng, int queries) {
  for (int n = 0; n < queries; ++n) {
    SearchQuery q = RandomFastQuery(rng);
    CAPTURE(n, q.text, q.limit, q.free_only, q.max_price, q.min_hours, q.max_hours, q.min_rating);
    CAPTURE(q.format, q.approved_by, q.audience, q.topic, q.state, q.deadline_after);
    auto fast = index.Search(q);
    auto sql = index.SearchBySql(q);
    REQUIRE(fast.ok());
    REQUIRE(sql.ok());
    CHECK(fast->total == sql->total);
    CHECK(fast->facets == sql->facets);
    // Same records in the same order with the same scores, bit for bit.
    REQUIRE(fast->results.size() == sql->results.size());
    for (size_t i = 0; i < fast->results.size(); ++i) {
      CAPTURE(i);
      CHECK(fast->results[i]["id"] == sql->results[i]["id"]);
      CHECK(fast->results[i]["score"].get<double>() == sql->results[i]["score"].get<double>());
      CHECK(fast->results[i] == sql->results[i]);
    }
  }
}

}  // namespace

TEST_CASE("The facet-column search gives exactly the SQL search's results") {
  cecat::testing::TempDir dir;
  auto opened = Index::Open(dir / "cecat.db");
  REQUIRE(opened.ok());
  Index& index = **opened;
  std::mt19937 rng(20261206);
  std::vector<Record> records;
  for (int i = 0; i < 700; ++i) records.push_back(RandomCourse(rng, i));
  for (int i = 0; i < 120; ++i) records.push_back(RandomScholarship(rng, i));
  REQUIRE(index.ApplySource(cecat::index::testing::Outcome("gen", records), 100).ok());
  REQUIRE(DirtyRows(dir / "cecat.db") == 0);
  CheckSameAsSql(index, rng, 300);

  // Changes the columns must follow: retitled and refiled records (FTS rows and
  // tags rewritten), records going stale and then removed, new records, reviews
  // moving ratings.
  for (size_t i = 0; i < records.size(); i += 7) {
    if (records[i].type != RecordType::kCourse) continue;
    Record changed = RandomCourse(rng, static_cast<int>(i));
    changed.url = records[i].url;
    changed.id = records[i].id;
    records[i] = changed;
  }
  std::vector<Record> kept(records.begin() + 60, records.end());
  for (int i = 700; i < 760; ++i) kept.push_back(RandomCourse(rng, i));
  for (int t = 2; t <= 4; ++t) {
    REQUIRE(index.ApplySource(cecat::index::testing::Outcome("gen", kept), t * 100).ok());
  }
  std::vector<Record> reviews;
  for (int i = 0; i < 40; ++i) {
    reviews.push_back(cecat::index::testing::Review(
        "r" + std::to_string(i), kept[static_cast<size_t>(i) * 3].id,
        std::uniform_int_distribution<int>(1, 5)(rng), "a" + std::to_string(i), "fine"));
  }
  REQUIRE(index.ApplySource(cecat::index::testing::Outcome("reviews", reviews), 500).ok());
  REQUIRE(DirtyRows(dir / "cecat.db") == 0);
  CheckSameAsSql(index, rng, 300);
}

TEST_CASE("Search answers by SQL while changes wait to be folded, and a write folds them") {
  cecat::testing::TempDir dir;
  const auto file = dir / "cecat.db";
  std::mt19937 rng(11);
  std::vector<Record> records;
  for (int i = 0; i < 50; ++i) records.push_back(RandomCourse(rng, i));
  {
    auto index = Index::Open(file);
    REQUIRE(index.ok());
    REQUIRE((*index)->ApplySource(cecat::index::testing::Outcome("gen", records), 100).ok());
  }
  // A writer that changed and marked records without folding them (one whose fold
  // overflowed, a program that writes the schema without cecat's commit hook): the
  // columns no longer describe every record.
  RawExec(file,
          "UPDATE records SET format = 'hybrid' WHERE rid <= 10; "
          "INSERT INTO facet_dirty(rid) SELECT rid FROM records WHERE rid <= 10");
  SearchQuery q;
  q.format = "hybrid";
  q.limit = 100;
  auto reader = Index::Open(file, /*read_only=*/true);
  REQUIRE(reader.ok());
  auto by_sql = (*reader)->SearchBySql(q);
  auto searched = (*reader)->Search(q);
  REQUIRE(by_sql.ok());
  REQUIRE(searched.ok());
  CHECK(searched->total >= 10);
  CHECK(searched->total == by_sql->total);
  CHECK(searched->results == by_sql->results);
  // The next write transaction folds the marked rows, and the fast path (loaded
  // again for the new generation) agrees.
  {
    auto writer = Index::Open(file);
    REQUIRE(writer.ok());
    REQUIRE((*writer)->ApplySource(cecat::index::testing::Outcome("gen", records), 200).ok());
  }
  CHECK(DirtyRows(file) == 0);
  auto again = (*reader)->Search(q);
  auto again_sql = (*reader)->SearchBySql(q);
  REQUIRE(again.ok());
  REQUIRE(again_sql.ok());
  CHECK(again->total == again_sql->total);
  CHECK(again->results == again_sql->results);
  CHECK(again->facets == again_sql->facets);
}

TEST_CASE("A damaged facet chunk costs speed, not answers, and the next write rebuilds it") {
  cecat::testing::TempDir dir;
  const auto file = dir / "cecat.db";
  std::mt19937 rng(12);
  std::vector<Record> records;
  for (int i = 0; i < 60; ++i) records.push_back(RandomCourse(rng, i));
  auto opened = Index::Open(file);
  REQUIRE(opened.ok());
  Index& index = **opened;
  REQUIRE(index.ApplySource(cecat::index::testing::Outcome("gen", records), 100).ok());
  RawExec(file, "UPDATE facet_chunks SET data = x'0200000000000000'");
  SearchQuery q;
  q.text = "ethics";
  q.limit = 5;
  auto reader = Index::Open(file, /*read_only=*/true);
  REQUIRE(reader.ok());
  auto searched = (*reader)->Search(q);
  auto by_sql = (*reader)->SearchBySql(q);
  REQUIRE(searched.ok());
  REQUIRE(by_sql.ok());
  CHECK(searched->total == by_sql->total);
  CHECK(searched->results == by_sql->results);
  CHECK(searched->facets == by_sql->facets);
  // One changed record dirties the chunk; the fold rebuilds all of it.
  records[0].fields["title"] = "ethics rebuilt course";
  REQUIRE(index.ApplySource(cecat::index::testing::Outcome("gen", records), 200).ok());
  CHECK(DirtyRows(file) == 0);
  // A whole chunk again, not the damaged bytes.
  CHECK(RawInt(file, "SELECT min(length(data)) FROM facet_chunks") > 4096);
  auto fresh = Index::Open(file, /*read_only=*/true);
  REQUIRE(fresh.ok());
  CheckSameAsSql(**fresh, rng, 100);
}

TEST_CASE(
    "A chunk with more distinct values than it holds leaves the write intact and SQL answering") {
  cecat::testing::TempDir dir;
  const auto file = dir / "cecat.db";
  auto opened = Index::Open(file);
  REQUIRE(opened.ok());
  // 70,000 distinct topics over 70 courses: more than a chunk's 65,535 strings.
  std::vector<Record> records;
  for (int i = 0; i < 70; ++i) {
    Json topics = Json::array();
    for (int t = 0; t < 1000; ++t) topics.push_back("t" + std::to_string(i * 1000 + t));
    records.push_back(cecat::index::testing::Course(
        "many/" + std::to_string(i), "ethics course " + std::to_string(i), {{"topics", topics}}));
  }
  REQUIRE((*opened)->ApplySource(cecat::index::testing::Outcome("gen", records), 100).ok());
  CHECK(DirtyRows(file) == 70);  // kept marked, not folded
  SearchQuery q;
  q.text = "ethics";
  q.topic = "t42";
  auto searched = (*opened)->Search(q);
  auto by_sql = (*opened)->SearchBySql(q);
  REQUIRE(searched.ok());
  REQUIRE(by_sql.ok());
  CHECK(searched->total == 1);
  CHECK(searched->results == by_sql->results);
  CHECK(searched->facets == by_sql->facets);
}

namespace {

// The cache file's inode: a search that maps the file leaves it; one that finds it
// stale or damaged writes a new file and renames it over (a new inode).
ino_t CacheInode(const std::filesystem::path& db) {
  struct stat st {};
  REQUIRE(stat((db.string() + "-facets").c_str(), &st) == 0);
  return st.st_ino;
}

int64_t CacheGeneration(const std::filesystem::path& db) {
  std::ifstream in(db.string() + "-facets", std::ios::binary);
  char head[24] = {};
  REQUIRE(in.read(head, sizeof head));
  int64_t g = 0;
  std::memcpy(&g, head + 16, 8);
  return g;
}

int64_t StoredGeneration(const std::filesystem::path& db) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.string().c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, "SELECT value FROM meta WHERE key = 'facet_generation'", -1, &st,
                             nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const int64_t g = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(raw);
  return g;
}

}  // namespace

TEST_CASE("The facet columns' cache file serves later processes, only for its generation") {
  cecat::testing::TempDir dir;
  const auto file = dir / "cecat.db";
  std::mt19937 rng(13);
  std::vector<Record> records;
  for (int i = 0; i < 80; ++i) records.push_back(RandomCourse(rng, i));
  {
    auto writer = Index::Open(file);
    REQUIRE(writer.ok());
    REQUIRE((*writer)->ApplySource(cecat::index::testing::Outcome("gen", records), 100).ok());
  }
  CHECK_FALSE(std::filesystem::exists(dir / "cecat.db-facets"));
  // The first search reads the columns from the database and writes the cache.
  {
    auto reader = Index::Open(file, /*read_only=*/true);
    REQUIRE(reader.ok());
    CheckSameAsSql(**reader, rng, 20);
  }
  REQUIRE(std::filesystem::exists(dir / "cecat.db-facets"));
  CHECK(CacheGeneration(file) == StoredGeneration(file));
  const ino_t written = CacheInode(file);
  // The next process maps it (the file is left as it is) and answers the same.
  {
    auto reader = Index::Open(file, /*read_only=*/true);
    REQUIRE(reader.ok());
    CheckSameAsSql(**reader, rng, 20);
  }
  CHECK(CacheInode(file) == written);

  SECTION("a write makes it stale: not used, rewritten for the new generation") {
    const int64_t before = StoredGeneration(file);
    records[3].fields["title"] = "ethics and grief, retitled";
    records.erase(records.begin() + 10);
    {
      auto writer = Index::Open(file);
      REQUIRE(writer.ok());
      REQUIRE((*writer)->ApplySource(cecat::index::testing::Outcome("gen", records), 200).ok());
    }
    CHECK(StoredGeneration(file) != before);
    auto reader = Index::Open(file, /*read_only=*/true);
    REQUIRE(reader.ok());
    CheckSameAsSql(**reader, rng, 20);
    CHECK(CacheGeneration(file) == StoredGeneration(file));
    CHECK(CacheInode(file) != written);
  }
  SECTION("a damaged byte fails its checksum: read from the database, rewritten") {
    {
      std::fstream f(dir / "cecat.db-facets", std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(-40, std::ios::end);
      f.put('\x7f');
    }
    auto reader = Index::Open(file, /*read_only=*/true);
    REQUIRE(reader.ok());
    CheckSameAsSql(**reader, rng, 20);
    CHECK(CacheInode(file) != written);
  }
  SECTION("a cache of another database is not used") {
    const auto other = dir / "other.db";
    {
      auto writer = Index::Open(other);
      REQUIRE(writer.ok());
      std::vector<Record> few(records.begin(), records.begin() + 20);
      REQUIRE((*writer)->ApplySource(cecat::index::testing::Outcome("gen", few), 100).ok());
    }
    std::filesystem::copy_file(dir / "cecat.db-facets", dir / "other.db-facets");
    auto reader = Index::Open(other, /*read_only=*/true);
    REQUIRE(reader.ok());
    CheckSameAsSql(**reader, rng, 20);
    CHECK(CacheGeneration(other) == StoredGeneration(other));
  }
  SECTION("a temp file a killed writer left is removed by the next write, a live one's kept") {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) _exit(0);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);  // reaped: its pid names no process
    const auto dead = dir / ("cecat.db-facets.tmp-" + std::to_string(child) + "-0");
    const auto live = dir / ("cecat.db-facets.tmp-" + std::to_string(getppid()) + "-0");
    cecat::testing::WriteFile(dead, "torn");
    cecat::testing::WriteFile(live, "being written");
    std::filesystem::remove(dir / "cecat.db-facets");
    auto reader = Index::Open(file, /*read_only=*/true);
    REQUIRE(reader.ok());
    CheckSameAsSql(**reader, rng, 20);
    CHECK(std::filesystem::exists(dir / "cecat.db-facets"));
    CHECK_FALSE(std::filesystem::exists(dead));
    CHECK(std::filesystem::exists(live));
  }
  SECTION("a cache that cannot be written costs nothing but the read") {
    std::filesystem::remove(dir / "cecat.db-facets");
    std::filesystem::create_directory(dir / "cecat.db-facets");
    auto reader = Index::Open(file, /*read_only=*/true);
    REQUIRE(reader.ok());
    CheckSameAsSql(**reader, rng, 20);
    CHECK(std::filesystem::is_directory(dir / "cecat.db-facets"));
  }
}
