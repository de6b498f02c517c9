// The log: a rotating file beside stderr, and no secrets in either.
#include "cli/logging.h"

#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>

#include "cli/commands.h"
#include "tests/cli/run_main.h"
#include "tests/support/test_support.h"

using cecat::cli::AddLogFile;
using cecat::cli::InstallLogger;
using cecat::cli::LogFileLimits;
using cecat::testing::ReadFile;
using cecat::testing::RunMain;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

int CountLines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

}  // namespace

TEST_CASE("the log file gets the same lines as stderr, redacted and without colours") {
  TempDir dir;
  fs::path file = dir / "logs" / "nested" / "cecat.log";  // the folders do not exist yet
  InstallLogger(spdlog::level::info);
  REQUIRE(AddLogFile(file).ok());
  CHECK(AddLogFile(file).ok());  // the same file again: nothing added
  spdlog::info("source {}: {} pages", "acme", 12);
  spdlog::warn("crawl acme: https://bob:hunter2@acme.example/x?api_key=K9 failed");
  spdlog::debug("not at info level");
  std::string log = ReadFile(file);  // no flush needed: every line is flushed
  INFO(log);
  CHECK(CountLines(log) == 2);
  CHECK(log.find(" info source acme: 12 pages\n") != std::string::npos);
  CHECK(log.find(" warning crawl acme: https://***@acme.example/x?api_key=*** failed\n") !=
        std::string::npos);
  CHECK(log.find("hunter2") == std::string::npos);
  CHECK(log.find("K9") == std::string::npos);
  CHECK(log.find('\x1b') == std::string::npos);
  // "2026-11-25T16:21:14.123+00:00 info ...": local time with its offset.
  CHECK(log.size() > 30);
  CHECK(log[4] == '-');
  CHECK(log[10] == 'T');
  CHECK((log[23] == '+' || log[23] == '-'));
  InstallLogger(spdlog::level::info);  // let go of the file before TempDir removes it
}

TEST_CASE("the log file rotates at its size limit and keeps a bounded number of files") {
  TempDir dir;
  fs::path file = dir / "cecat.log";
  InstallLogger(spdlog::level::info);
  LogFileLimits limits;
  limits.max_bytes = 2000;
  limits.rotated_files = 2;
  REQUIRE(AddLogFile(file, limits).ok());
  for (int i = 0; i < 200; ++i) spdlog::info("line {:04} of a log that outgrows its file", i);
  InstallLogger(spdlog::level::info);
  CHECK(fs::exists(dir / "cecat.log"));
  CHECK(fs::exists(dir / "cecat.1.log"));
  CHECK(fs::exists(dir / "cecat.2.log"));
  CHECK_FALSE(fs::exists(dir / "cecat.3.log"));
  for (const char* name : {"cecat.log", "cecat.1.log", "cecat.2.log"}) {
    CAPTURE(name);
    CHECK(fs::file_size(dir / name) <= limits.max_bytes);
    CHECK(fs::file_size(dir / name) > 0);
  }
  // The newest line is in the current file; the oldest ones were rotated away.
  std::string current = ReadFile(dir / "cecat.log");
  CHECK(current.find("line 0199 ") != std::string::npos);
  CHECK(ReadFile(dir / "cecat.2.log").find("line 0000 ") == std::string::npos);
  // Rotation moves whole lines: every file ends with one.
  CHECK(current.back() == '\n');
}

TEST_CASE("a log file that cannot be opened is an error naming the file") {
  TempDir dir;
  InstallLogger(spdlog::level::info);
  fs::create_directories(dir / "is-a-dir");
  auto st = AddLogFile(dir / "is-a-dir");
  CHECK_FALSE(st.ok());
  CHECK(st.message() == "cannot open log file " + (dir / "is-a-dir").string() + ": Is a directory");

  WriteFile(dir / "plain-file", "x");
  st = AddLogFile(dir / "plain-file" / "cecat.log");
  CHECK_FALSE(st.ok());
  CHECK(st.message().find("cannot create the folder of log file " +
                          (dir / "plain-file" / "cecat.log").string()) == 0);
  // The logger still works, on stderr.
  spdlog::info("still logging");
}

TEST_CASE("commands that load the sources file log to its log_file, relative to its folder") {
  TempDir dir;
  WriteFile(dir / "sources.json",
            R"({"log_file": "logs/cecat.log", "sources": [{"id": "acme", "kinds": ["courses"],
                "start_urls": ["https://acme.example/?token=s3cret"]}]})");
  // `sources check` loads the file (and logs nothing): the log file is created all
  // the same, so a wrong path shows up before the first night.
  CHECK(RunMain({"sources", "check", "--config", (dir / "sources.json").string()}).code == 0);
  CHECK(fs::exists(dir / "logs" / "cecat.log"));
}

TEST_CASE("an unusable log_file stops the command with exit 2 naming the file and key") {
  TempDir dir;
  fs::create_directories(dir / "logs" / "cecat.log");  // a folder where the file should be
  WriteFile(dir / "sources.json",
            R"({"log_file": "logs/cecat.log", "sources": [{"id": "acme", "kinds": ["courses"],
                "start_urls": ["https://acme.example/"]}]})");
  auto run = RunMain({"sources", "check", "--config", (dir / "sources.json").string()});
  CHECK(run.code == 2);
  CHECK(run.err == "cecat: " + (dir / "sources.json").string() +
                       ": key 'log_file': cannot open log file " +
                       (dir / "logs" / "cecat.log").string() + ": Is a directory\n");
}

TEST_CASE("a refresh logs to the file with the secrets of its URLs redacted") {
  cecat::testing::LoopbackServer server;
  server.server().Get("/index.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"(<html><head><script type="application/ld+json">
      {"@context": "https://schema.org", "@type": "Course", "name": "Ethics for Counselors",
       "url": "https://acme.example/c/1", "provider": {"name": "Acme"}, "numberOfCredits": 3}
      </script></head><body><a href="/next.html?api_key=K9secret&page=2">next</a></body></html>)",
                    "text/html");
  });
  server.Start();
  TempDir dir;
  std::string start =
      "http://bob:hunter2@127.0.0.1:" + std::to_string(server.port()) + "/index.html?token=s3cret";
  WriteFile(dir / "sources.json",
            R"({"log_file": "logs/cecat.log", "defaults": {"delay_ms": 0, "respect_robots": false,
                "allow_addresses": ["127.0.0.0/8"], "retries": 0},
                "sources": [{"id": "acme", "kinds": ["courses"], "max_depth": 1,
                             "start_urls": [")" +
                start + R"("]}]})");
  int rc = RunMain({"refresh", "--log-level", "debug", "--config", (dir / "sources.json").string()})
               .code;
  std::string log = ReadFile(dir / "logs" / "cecat.log");
  INFO(log);
  CHECK(rc == 0);
  CHECK(log.find(" info refresh ") != std::string::npos);  // the run's summary line
  CHECK(log.find("token=***") != std::string::npos);
  CHECK(log.find("s3cret") == std::string::npos);
  CHECK(log.find("hunter2") == std::string::npos);
  CHECK(log.find("K9secret") == std::string::npos);
}
