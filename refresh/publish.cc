#include "refresh/publish.h"

#include "common/time_format.h"
#include "feed/feed.h"

namespace cecat::refresh {

Status WriteFeedSnapshot(index::Index& index, const std::filesystem::path& feed_dir,
                         const std::filesystem::path& schema_file, bool gzip, const Clock& clock) {
  CECAT_ASSIGN_OR_RETURN(int64_t cursor, index.Cursor());
  feed::SnapshotInfo info;
  info.cursor = cursor;
  info.gzip = gzip;
  info.generated_at = FormatRfc3339(clock.NowUnix());
  return feed::WriteSnapshot(feed_dir, schema_file, info,
                             [&index](const std::function<Status(const Json&)>& emit) {
                               return index.ForEachRecord(emit);
                             });
}

}  // namespace cecat::refresh
