// Moving the write-ahead log's committed pages into the database file while the
// run does something else (issue 25: the close of an unchanged re-crawl's index
// spent 6-7 ms copying them, after everything else had finished).
#pragma once

#include <filesystem>
#include <thread>

#include "common/result.h"

namespace cecat::index {

class BackgroundCheckpoint {
 public:
  // Starts a passive checkpoint of `database` (PRAGMA wal_checkpoint(PASSIVE))
  // over a connection of its own, on a thread of its own. A passive checkpoint
  // waits for no reader or writer: what it cannot copy yet, because a
  // connection still reads it, is left to a later checkpoint (the last
  // connection's close copies the rest). A failure loses nothing: the pages are
  // in the log either way.
  explicit BackgroundCheckpoint(std::filesystem::path database);
  BackgroundCheckpoint(const BackgroundCheckpoint&) = delete;
  BackgroundCheckpoint& operator=(const BackgroundCheckpoint&) = delete;
  // Waits for the checkpoint: its connection must close before the index's last
  // one does, or the index would not be the last to close and would leave the
  // log file behind.
  ~BackgroundCheckpoint();

  // Waits for the checkpoint and says how it went.
  Status Wait();

 private:
  std::thread thread_;
  Status status_;
};

}  // namespace cecat::index
