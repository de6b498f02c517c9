// Helpers for the tests that kill `cecat`: a run in the background that the test
// can signal, and what an operator checks afterwards from outside (SQLite's own
// integrity check, whether the database's lock is free).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace cecat::testing {

// `cecat` started in the background (RunCecat waits; these tests need the pid to
// signal it). stdout and stderr go to files "out" and "err" in `io`; CECAT_CONFIG
// is not inherited. The destructor kills and reaps a process still running.
class CecatProcess {
 public:
  CecatProcess(const std::vector<std::string>& args, const std::filesystem::path& io);
  ~CecatProcess();
  CecatProcess(const CecatProcess&) = delete;
  CecatProcess& operator=(const CecatProcess&) = delete;

  pid_t pid() const { return pid_; }
  std::chrono::steady_clock::time_point started() const { return started_; }
  void Signal(int sig);
  // Reaps the process if it has ended; true once it has.
  bool Exited();
  // Waits for the process; fails the test if it outlives `timeout`.
  void Wait(std::chrono::milliseconds timeout);
  bool Killed(int sig) const;
  // The exit code, or -1 while running or when a signal ended it.
  int ExitCode() const;
  std::string Err() const;

 private:
  std::filesystem::path io_;
  pid_t pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
  std::chrono::steady_clock::time_point started_;
};

// PRAGMA integrity_check through SQLite itself, as an operator would run it: "ok",
// or SQLite's findings. The connection is read-write so a WAL left by a killed
// process is recovered first, as the next cecat run would.
std::string IntegrityCheck(const std::filesystem::path& db);

// True if nobody holds the database's lock (the kernel drops a dead holder's flock).
bool LockIsFree(const std::filesystem::path& db);

}  // namespace cecat::testing
