// Feed export benchmark (issue 7): writes a snapshot of 100,000 generated courses of
// realistic size and prints the time and the peak RSS (getrusage).
//
//   bench_feed_bench [COUNT] [DIR]     (default 100000, a fresh folder under /tmp)
//
// Target: under 3 s with flat memory. Records are generated on the fly by the
// producer, as the index streams them out of SQLite, so the process never holds more
// than one; the time of a generate-only pass is printed too, so the writer's own
// share is visible.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "feed/detail/json_writer.h"
#include "feed/feed.h"

namespace {

using cecat::Json;
using cecat::Status;

std::string Hex16(uint64_t n) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(n));
  return buf;
}

// About 1.3 KB serialised: every course field, a 400-character description.
Json MakeCourse(int64_t n) {
  static const char* const kFormats[] = {"on_demand", "live_online", "in_person", "hybrid"};
  static const char* const kTopics[] = {"ethics",     "trauma",       "cbt", "suicide-prevention",
                                        "telehealth", "substance-use"};
  return {
      {"id", "c-" + Hex16(0x1000000000ull + static_cast<uint64_t>(n) * 7919)},
      {"type", "course"},
      {"url", "https://ce.example.org/courses/" + std::to_string(n)},
      {"sources", {"acme-ce"}},
      {"first_seen", "2026-01-02T03:04:05Z"},
      {"updated_at", "2026-01-15T02:00:00Z"},
      {"status", n % 50 == 0 ? "stale" : "active"},
      {"title", "Law and Ethics for California Clinicians, part " + std::to_string(n)},
      {"provider", {{"id", "p-" + Hex16(0x2000000000ull + n % 500)}, {"name", "Acme CE"}}},
      {"description",
       "A six-hour review of the law and ethics requirements for LMFTs, LCSWs and LPCCs: "
       "confidentiality and its limits, mandated reporting, duty to protect, telehealth "
       "across state lines, record keeping, and the boundaries that keep clients safe. "
       "Includes case vignettes and a post-test; certificates are issued on completion "
       "to participants who attend the full program. Course " +
           std::to_string(n) + "."},
      {"presenters", {"Dana Rivera, PhD", "Sam Okafor, LCSW"}},
      {"ce_hours", 1.5 + static_cast<double>(n % 12) * 0.5},
      {"ce_hours_by_audience", {{"psychologist", 6}, {"counselor", 5.5}}},
      {"credit_note", "6 CE hours for psychologists; 5.5 contact hours for counselors"},
      {"approvals",
       {{{"body", "APA"}, {"number", nullptr}},
        {{"body", "ASWB-ACE"},
         {"number", "1234"},
         {"valid_from", "2024-03-09"},
         {"valid_until", "2027-03-09"}},
        {{"body", "CA-BOARD"}, {"number", "PCE 5678"}}}},
      {"audiences", {"psychologist", "counselor", "social_worker", "mft"}},
      {"format", kFormats[n % 4]},
      {"start_date", "2026-04-0" + std::to_string(1 + n % 9)},
      {"end_date", "2026-04-10T17:00:00Z"},
      {"location", {{"city", "Sacramento"}, {"state", "CA"}, {"country", "US"}}},
      {"price",
       {{"amount", 89.5 + static_cast<double>(n % 50)}, {"currency", "USD"}, {"free", false}}},
      {"topics", {kTopics[n % 6], "law-and-ethics"}},
      {"rating", {{"average", 4.5}, {"count", 12 + n % 100}}},
  };
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// User + system CPU seconds of this process: on a busy machine, the figure that
// does not depend on what else runs.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

long PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // Linux reports kilobytes
}

}  // namespace

int main(int argc, char** argv) {
  int64_t count = argc > 1 ? std::atoll(argv[1]) : 100000;
  std::filesystem::path dir = argc > 2 ? std::filesystem::path(argv[2])
                                       : std::filesystem::temp_directory_path() /
                                             ("cecat-feed-bench-" + std::to_string(getpid()));
  auto produce = [count](const cecat::feed::Emit& emit) -> Status {
    for (int64_t i = 0; i < count; ++i) CECAT_RETURN_IF_ERROR(emit(MakeCourse(i)));
    return Status::Ok();
  };

  std::printf("feed export of %lld courses into %s\n", static_cast<long long>(count), dir.c_str());
  std::printf("peak RSS at start: %ld MB\n", PeakRssMb());

  auto start = std::chrono::steady_clock::now();
  double cpu_start = CpuSeconds();
  int64_t generated = 0;
  Status st = produce([&generated](const Json&) {
    ++generated;
    return Status::Ok();
  });
  std::printf("generate only:                 %.2f s (CPU %.2f s)\n", Seconds(start),
              CpuSeconds() - cpu_start);

  // Generation plus serialisation into memory, without file I/O: the writer's CPU
  // share is this minus "generate only".
  start = std::chrono::steady_clock::now();
  cpu_start = CpuSeconds();
  int64_t bytes = 0;
  std::string line;
  st = produce([&](const Json& record) {
    line.clear();
    cecat::feed::detail::AppendJson(record, &line);
    bytes += static_cast<int64_t>(line.size());
    return Status::Ok();
  });
  std::printf("generate + serialise:          %.2f s (CPU %.2f s), %.1f MB\n", Seconds(start),
              CpuSeconds() - cpu_start, static_cast<double>(bytes) / 1e6);

  for (bool gzip : {false, true}) {
    cecat::feed::SnapshotInfo info;
    info.cursor = count;
    info.gzip = gzip;
    cecat::feed::SnapshotStats stats;
    start = std::chrono::steady_clock::now();
    cpu_start = CpuSeconds();
    st = cecat::feed::WriteSnapshot(dir, cecat::feed::DefaultSchemaFile(), info, produce, &stats);
    double seconds = Seconds(start);
    double cpu = CpuSeconds() - cpu_start;
    if (!st.ok()) {
      std::fprintf(stderr, "export failed: %s\n", st.ToString().c_str());
      return 1;
    }
    std::error_code ec;
    auto gz_size = gzip ? std::filesystem::file_size(dir / "feed.json.gz", ec) : 0;
    std::printf("export%s: %.2f s (CPU %.2f s), feed.json %.1f MB%s, peak RSS %ld MB\n",
                gzip ? " + feed.json.gz" : "               ", seconds, cpu,
                static_cast<double>(stats.bytes) / 1e6,
                gzip ? (", .gz " + std::to_string(gz_size / 1000000) + " MB").c_str() : "",
                PeakRssMb());
  }
  std::error_code ec;
  if (argc <= 2) std::filesystem::remove_all(dir, ec);
  return 0;
}
