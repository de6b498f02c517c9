#include "refresh/publish.h"

#include <map>
#include <optional>
#include <utility>

#include <spdlog/spdlog.h>

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

namespace {

// RecordsPart as Index::FeedNotes keeps it; the hash and format are stored as
// their bits.
std::map<std::string, int64_t> ToNotes(const feed::RecordsPart& part) {
  return {{"cursor", part.cursor},
          {"hash", static_cast<int64_t>(part.hash)},
          {"bytes", part.bytes},
          {"format", static_cast<int64_t>(part.format)},
          {"courses", part.courses},
          {"providers", part.providers},
          {"scholarships", part.scholarships},
          {"reviews", part.reviews}};
}

std::optional<feed::RecordsPart> FromNotes(const std::map<std::string, int64_t>& notes) {
  feed::RecordsPart part;
  const std::pair<const char*, int64_t*> fields[] = {{"cursor", &part.cursor},
                                                     {"bytes", &part.bytes},
                                                     {"courses", &part.courses},
                                                     {"providers", &part.providers},
                                                     {"scholarships", &part.scholarships},
                                                     {"reviews", &part.reviews}};
  for (const auto& [name, out] : fields) {
    auto it = notes.find(name);
    if (it == notes.end()) return std::nullopt;
    *out = it->second;
  }
  auto hash = notes.find("hash");
  auto format = notes.find("format");
  if (hash == notes.end() || format == notes.end()) return std::nullopt;
  part.hash = static_cast<uint64_t>(hash->second);
  part.format = static_cast<uint64_t>(format->second);
  return part;
}

}  // namespace

Status WriteFeedSnapshot(index::Index& index, const std::vector<config::SourceConfig>& sources,
                         const std::filesystem::path& feed_dir,
                         const std::filesystem::path& schema_file, bool gzip, const Clock& clock,
                         bool reuse_unchanged) {
  CECAT_ASSIGN_OR_RETURN(int64_t cursor, index.Cursor());
  CECAT_ASSIGN_OR_RETURN(std::vector<index::SourceState> states, index.SourceStates());
  feed::SnapshotInfo info;
  info.cursor = cursor;
  info.gzip = gzip;
  info.generated_at = FormatRfc3339(clock.NowUnix());
  info.sources = FeedSources(sources, states);
  if (reuse_unchanged) {
    // Unreadable notes only mean the records are produced again.
    if (auto notes = index.FeedNotes(); notes.ok()) info.previous = FromNotes(*notes);
  }
  feed::SnapshotStats stats;
  CECAT_RETURN_IF_ERROR(feed::WriteSnapshot(
      feed_dir, schema_file, info,
      [&index](const std::function<Status(const Json&)>& emit) {
        return index.ForEachRecord(emit);
      },
      &stats));
  if (reuse_unchanged) {
    if (stats.reused) {
      spdlog::debug("feed: no record changed (cursor {}); records copied from the previous feed",
                    cursor);
    }
    if (Status st = index.SetFeedNotes(ToNotes(stats.records)); !st.ok()) {
      spdlog::warn("feed written, but its notes for the next run were not kept: {}", st.message());
    }
  }
  return Status::Ok();
}

}  // namespace cecat::refresh
