#include "refresh/detail/preload.h"

#include <algorithm>
#include <utility>

#include <spdlog/spdlog.h>

#include "common/thread_heap.h"

namespace cecat::refresh::detail {

namespace {

// The reader's page cache. Each lookup reads a leaf no other lookup needs; what a
// read snapshot keeps beyond the b-trees' upper levels only grows the run's memory
// (the 10k typical crawl peaked 3 MB higher with the readers' default).
constexpr int64_t kReaderCacheBytes = int64_t{1} << 20;

// The heap the scan grows in one step (ReserveThreadHeap): under
// M_TRIM_THRESHOLD (refresh::TuneMalloc), so the free top is kept for the map.
constexpr std::size_t kReserveBytes = std::size_t{3600} << 10;

// What one held response costs, roughly: its strings and the map's node.
std::size_t Footprint(const index::StoredResponse& r) {
  std::size_t n = 2 * r.url.size() + r.source_id.size() + r.final_url.size() +
                  r.content_type.size() + r.charset.size() + r.etag.size() +
                  r.last_modified.size() + sizeof(index::StoredResponse) + 64;
  for (const std::string& link : r.links) n += link.size() + sizeof(std::string);
  return n;
}

}  // namespace

Result<std::unique_ptr<index::Index>> OpenResponseReader(const std::filesystem::path& database) {
  CECAT_ASSIGN_OR_RETURN(std::unique_ptr<index::Index> reader,
                         index::Index::Open(database, /*read_only=*/true));
  if (Status st = reader->DisableMmap(); !st.ok())
    spdlog::debug("response reader keeps its memory map: {}", st.message());
  if (Status st = reader->SetCacheBytes(kReaderCacheBytes); !st.ok())
    spdlog::debug("response reader's page cache: {}", st.message());
  return reader;
}

ResponsePreload::ResponsePreload(std::filesystem::path database, std::string source_id,
                                 std::size_t max_bytes) {
  thread_ = std::thread([this, database = std::move(database), source_id = std::move(source_id),
                         max_bytes] { Scan(database, source_id, max_bytes); });
}

ResponsePreload::~ResponsePreload() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

void ResponsePreload::Scan(const std::filesystem::path& database, const std::string& source_id,
                           std::size_t max_bytes) {
  auto opened = OpenResponseReader(database);
  if (!opened.ok()) {
    // The lookups one by one still work (or report their own error).
    spdlog::debug("preloading validators of {}: {}", source_id, opened.status().message());
    ready_.store(true, std::memory_order_release);
    return;
  }
  // The map of a typical 2,500-page source takes about 4 MB of small objects.
  ReserveThreadHeap(std::min<std::size_t>(max_bytes, kReserveBytes));
  std::size_t bytes = 0;
  Status st = (*opened)->ForEachResponseMeta(source_id, [&](index::StoredResponse&& r) {
    if (stop_.load(std::memory_order_relaxed)) return false;
    bytes += Footprint(r);
    if (bytes > max_bytes) return false;
    std::string url = r.url;
    responses_.emplace(std::move(url), std::move(r));
    return true;
  });
  if (!st.ok()) spdlog::debug("preloading validators of {}: {}", source_id, st.message());
  loaded_ = responses_.size();
  ready_.store(true, std::memory_order_release);
}

std::optional<index::StoredResponse> ResponsePreload::Take(const std::string& url) {
  if (!ready_.load(std::memory_order_acquire)) return std::nullopt;
  auto it = responses_.find(url);
  if (it == responses_.end()) return std::nullopt;
  index::StoredResponse r = std::move(it->second);
  responses_.erase(it);
  return r;
}

}  // namespace cecat::refresh::detail
