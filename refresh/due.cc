#include "refresh/due.h"

namespace cecat::refresh {

bool IsDue(const std::optional<index::SourceState>& state, double refresh_hours, int64_t now) {
  if (!state.has_value() || state->last_success <= 0) return true;
  return static_cast<double>(now - state->last_success) >= refresh_hours * 3600.0;
}

Result<Selection> SelectSources(const config::Config& config,
                                const std::vector<const config::SourceConfig*>& named, bool force,
                                index::Index& index, int64_t now) {
  Selection selection;
  if (!named.empty()) {
    selection.run = named;
    return selection;
  }
  for (const config::SourceConfig& s : config.sources) {
    if (!s.enabled) continue;
    if (!force) {
      CECAT_ASSIGN_OR_RETURN(std::optional<index::SourceState> state, index.GetSourceState(s.id));
      if (!IsDue(state, s.refresh_hours, now)) {
        selection.not_due.push_back(&s);
        continue;
      }
    }
    selection.run.push_back(&s);
  }
  return selection;
}

}  // namespace cecat::refresh
