// The command line of ../shared/SPEC.md: one table of commands drives parsing,
// --help and the docs.
#pragma once

namespace cecat::cli {

// Runs `cecat` with the given arguments; returns the process exit code (SPEC.md
// "Exit codes").
int Main(int argc, char** argv);

}  // namespace cecat::cli
