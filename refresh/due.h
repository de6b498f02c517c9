// Due-ness: which sources a refresh crawls when none is named.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "config/config.h"
#include "index/index.h"

namespace cecat::refresh {

// True if a source last successful at `state->last_success` (unix seconds; 0 or no
// state = never) is due at `now` under its `refresh` setting (hours). A failed or
// interrupted crawl leaves last_success alone, so such a source stays due; a
// reparse does not count as a crawl (SPEC, lifecycle).
bool IsDue(const std::optional<index::SourceState>& state, double refresh_hours, int64_t now);

// The sources a run takes, in config order: the named ones (even when disabled),
// else every enabled source that is due at `now` (or every enabled one, `force`).
// `not_due` receives the enabled sources skipped because they are not due.
struct Selection {
  std::vector<const config::SourceConfig*> run;
  std::vector<const config::SourceConfig*> not_due;
};
Result<Selection> SelectSources(const config::Config& config,
                                const std::vector<const config::SourceConfig*>& named, bool force,
                                index::Index& index, int64_t now);

}  // namespace cecat::refresh
