// Logging for every command: human-readable lines on stderr and, when the sources
// file names a `log_file`, the same lines in a rotating log file. Secrets that URLs
// may carry (userinfo, token-like query parameters) are redacted from every line
// before any sink sees it, whichever module logged it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <spdlog/common.h>

#include "common/record.h"
#include "common/redact.h"
#include "common/result.h"
#include "config/config.h"

namespace cecat::cli {

// How big the log file grows and how many older files are kept. The defaults keep
// at most 5 files of 10 MB: cecat.log, then cecat.1.log (newest) .. cecat.4.log.
struct LogFileLimits {
  size_t max_bytes = 10 * 1024 * 1024;  // one file's size before it rotates
  size_t rotated_files = 4;             // older files kept beside the current one
};

// Installs the process's default logger: "2026-11-25T02:15:00.123+00:00 info message"
// on stderr, coloured when stderr is a terminal, every line redacted (RedactSecrets)
// and flushed as it is written, so a killed process loses no line. Thread-safe
// sinks throughout: the refresh logs from several threads. Calling it again
// replaces the logger (and drops any log file).
void InstallLogger(spdlog::level::level_enum level);

// Adds the rotating log file `file` to the installed logger: the same lines as
// stderr, without colours. Creates the file's folder if missing. Returns an error
// naming the file when it cannot be opened (the logger is unchanged then); adding
// the file already added is a no-op. Never throws.
Status AddLogFile(const std::filesystem::path& file, const LogFileLimits& limits = {});

// AddLogFile for the sources file's `log_file` (already resolved against the
// file's folder), if it has one. The error names the sources file and the key, as
// config errors do: "FILE: key 'log_file': cannot open log file X: why" (exit 2).
Status AddConfiguredLogFile(const config::Config& config);

}  // namespace cecat::cli
