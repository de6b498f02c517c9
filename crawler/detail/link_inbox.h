// Where PageTickets put the links of handed-off pages for the event loop to pick
// up (crawler.h, "pipelined hand-off"). Shared by the crawl and its tickets, so a
// ticket that outlives its crawl finds a closed inbox instead of a dead loop.
#pragma once

#include <curl/curl.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "crawler/crawler.h"

namespace cecat::crawler::detail {

class LinkInbox final : public LinkSink {
 public:
  using Entry = std::pair<int, std::vector<std::string>>;  // (depth, links)

  // Any thread: queues the links and wakes the event loop (unless it is the
  // event loop's own thread, which drains the inbox after each handoff).
  void Put(int depth, std::vector<std::string> links) override;
  // The event loop: everything queued so far.
  std::vector<Entry> Take();
  // The event loop: `multi` is woken on every Put until Close().
  void Open(CURLM* multi);
  // Another event loop's thread: its own handoffs wake nobody either (it drains
  // the inbox after each).
  void AddLoopThread();
  void Close();

 private:
  std::mutex mu_;
  std::vector<Entry> done_;
  CURLM* multi_ = nullptr;
  // The event loop's thread. A 304 is answered on it, synchronously: a wakeup
  // per page was a syscall and an extra turn of the loop each (issue 25).
  std::vector<std::thread::id> loop_threads_;
};

}  // namespace cecat::crawler::detail
