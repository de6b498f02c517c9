// Reading and atomically replacing a small file, with POSIX calls so every
// failure says which call and why (errno). Private to the config module.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "common/result.h"
#include "common/unique_fd.h"

namespace cecat::config::detail {

// The whole file, or IoError ("cannot read: No such file or directory") for a
// missing, unreadable or non-regular file, or LimitExceeded past `max_bytes`.
Result<std::string> ReadSmallFile(const std::filesystem::path& file, size_t max_bytes);

// Replaces `file` with `contents` so that readers see the old or the new bytes,
// never a mix: a temp file in the same folder, written, fsync'd, given the old
// file's permissions, renamed over the file, then the folder fsync'd. If `file`
// is a symlink, its target is replaced. On failure the temp file is removed and
// `file` is untouched.
Status WriteFileAtomically(const std::filesystem::path& file, const std::string& contents);

}  // namespace cecat::config::detail
