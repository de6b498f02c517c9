#include "tests/support/crash_support.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/support/test_support.h"

extern char** environ;

namespace cecat::testing {

CecatProcess::CecatProcess(const std::vector<std::string>& args, const std::filesystem::path& io)
    : io_(io) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, (io / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&fa, 2, (io / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  std::vector<std::string> argv_s = {CECAT_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) {
    if (std::string(*e).rfind("CECAT_CONFIG=", 0) != 0) env_s.push_back(*e);
  }
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  int rc = posix_spawn(&pid_, CECAT_BINARY, &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  REQUIRE(rc == 0);
  started_ = std::chrono::steady_clock::now();
}

CecatProcess::~CecatProcess() {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void CecatProcess::Signal(int sig) { REQUIRE(kill(pid_, sig) == 0); }

bool CecatProcess::Exited() {
  if (reaped_) return true;
  if (waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
  return reaped_;
}

void CecatProcess::Wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!Exited()) {
    if (std::chrono::steady_clock::now() > deadline) {
      FAIL("cecat still running after " << timeout.count() << " ms");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

bool CecatProcess::Killed(int sig) const {
  return reaped_ && WIFSIGNALED(status_) && WTERMSIG(status_) == sig;
}

int CecatProcess::ExitCode() const {
  return reaped_ && WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
}

std::string CecatProcess::Err() const { return ReadFile(io_ / "err"); }

std::string IntegrityCheck(const std::filesystem::path& db) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> conn(raw, sqlite3_close);
  if (rc != SQLITE_OK) return std::string("open failed: ") + sqlite3_errstr(rc);
  std::string result;
  auto collect = [](void* out, int n, char** values, char**) {
    auto* s = static_cast<std::string*>(out);
    for (int i = 0; i < n; ++i)
      *s += (s->empty() ? "" : "\n") + std::string(values[i] ? values[i] : "NULL");
    return 0;
  };
  char* error = nullptr;
  rc = sqlite3_exec(conn.get(), "PRAGMA integrity_check", collect, &result, &error);
  if (rc != SQLITE_OK) {
    result = std::string("integrity_check failed: ") + (error ? error : sqlite3_errstr(rc));
    sqlite3_free(error);
  }
  return result;
}

bool LockIsFree(const std::filesystem::path& db) {
  int fd = open((db.string() + ".lock").c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return true;  // never created: nothing holds it
  bool free = flock(fd, LOCK_EX | LOCK_NB) == 0;
  if (free) flock(fd, LOCK_UN);
  close(fd);
  return free;
}

}  // namespace cecat::testing
