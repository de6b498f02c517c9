#include "refresh/publish.h"

#include <map>

#include "common/time_format.h"

namespace cecat::refresh {

std::vector<feed::FeedSource> FeedSources(const std::vector<config::SourceConfig>& sources,
                                          const std::vector<index::SourceState>& states) {
  std::map<std::string, int64_t> last_success;
  for (const index::SourceState& s : states) last_success[s.id] = s.last_success;
  std::vector<feed::FeedSource> out;
  out.reserve(sources.size());
  for (const config::SourceConfig& s : sources) {
    feed::FeedSource& entry = out.emplace_back();
    entry.id = s.id;
    entry.name = s.name;
    auto it = last_success.find(s.id);
    if (it != last_success.end()) entry.last_success = it->second;
  }
  return out;
}

Status WriteFeedSnapshot(index::Index& index, const std::vector<config::SourceConfig>& sources,
                         const std::filesystem::path& feed_dir,
                         const std::filesystem::path& schema_file, bool gzip, const Clock& clock) {
  CECAT_ASSIGN_OR_RETURN(int64_t cursor, index.Cursor());
  CECAT_ASSIGN_OR_RETURN(std::vector<index::SourceState> states, index.SourceStates());
  feed::SnapshotInfo info;
  info.cursor = cursor;
  info.gzip = gzip;
  info.generated_at = FormatRfc3339(clock.NowUnix());
  info.sources = FeedSources(sources, states);
  return feed::WriteSnapshot(feed_dir, schema_file, info,
                             [&index](const std::function<Status(const Json&)>& emit) {
                               return index.ForEachRecord(emit);
                             });
}

}  // namespace cecat::refresh
