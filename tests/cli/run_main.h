// Runs the CLI's Main in the test's own process, for tests of cli/ that need no
// child process (cli_tests links cecat_cli).
#pragma once

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace cecat::testing {

struct MainRun {
  int code = -1;
  std::string out;
  std::string err;
};

// cecat::cli::Main("cecat", args...) with stdout and stderr captured.
inline MainRun RunMain(std::vector<std::string> args) {
  args.insert(args.begin(), "cecat");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  std::streambuf* old_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* old_err = std::cerr.rdbuf(err.rdbuf());
  MainRun run;
  run.code = cecat::cli::Main(static_cast<int>(argv.size()), argv.data());
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

}  // namespace cecat::testing
