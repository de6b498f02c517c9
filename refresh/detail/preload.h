// A source's stored validators and links, read in one scan on a thread of their own
// while its crawl starts (issue 25: one indexed lookup per page was 12% of the
// crawling thread's time in an unchanged re-crawl, which a scan does in a fraction
// of it, on the other core).
#pragma once

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "common/result.h"
#include "index/index.h"

namespace cecat::refresh::detail {

// A read-only connection to `database` for reading stored responses while the
// run's writer grows the file: the crawl's validator lookups and ResponsePreload's
// scan. It reads through a 1 MB page cache, not a memory map: the map was remade
// as the file grew, each lookup page-faulted it in (issue 25), and every page a
// scan touched through it counted in the run's resident memory.
Result<std::unique_ptr<index::Index>> OpenResponseReader(const std::filesystem::path& database);

class ResponsePreload {
 public:
  // Starts reading `source_id`'s stored responses (without bodies) from `database`
  // through a read-only connection of its own. Holds at most about `max_bytes`;
  // past that it stops reading, and the URLs it did not reach are looked up one
  // by one as before, so memory stays bounded whatever the source's size.
  ResponsePreload(std::filesystem::path database, std::string source_id, std::size_t max_bytes);
  ResponsePreload(const ResponsePreload&) = delete;
  ResponsePreload& operator=(const ResponsePreload&) = delete;
  // Stops the scan if it is still running and waits for it.
  ~ResponsePreload();

  // The stored response of `url`, taken out (each URL is fetched once per crawl),
  // if the scan has finished and holds it; nullopt means "ask the database": not
  // read yet, past the cap, or stored by another source. Called from one thread.
  std::optional<index::StoredResponse> Take(const std::string& url);

  // For tests and the log: whether the scan has finished, and how many responses
  // it read.
  bool ready() const { return ready_.load(std::memory_order_acquire); }
  std::size_t loaded() const { return loaded_; }

 private:
  void Scan(const std::filesystem::path& database, const std::string& source_id,
            std::size_t max_bytes);

  std::atomic<bool> stop_{false};
  std::atomic<bool> ready_{false};
  // Written only by the scan until ready_ is set, then only by Take's thread.
  std::unordered_map<std::string, index::StoredResponse> responses_;
  std::size_t loaded_ = 0;
  std::thread thread_;
};

}  // namespace cecat::refresh::detail
