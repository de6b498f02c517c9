// Per-host politeness: which queued fetch may start now, and when the next one can.
//
// Pure scheduling logic with the time passed in, so tests drive it with a fake
// clock in milliseconds; the crawler's event loop feeds it steady_clock::now().
// Everything known about a host is one record (HostState), as in wget2's
// src/wget_host.h: its queue, its robots.txt state, its delay, its active count.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crawler/failure.h"

namespace cecat::crawler {

class RobotsMatcher;

using SteadyClock = std::chrono::steady_clock;
using TimePoint = SteadyClock::time_point;
using Millis = std::chrono::milliseconds;

enum class JobKind { kPage, kRobots, kSitemap };

// One fetch waiting for its turn.
struct FetchJob {
  JobKind kind = JobKind::kPage;
  std::string url;            // what this attempt requests (a redirect target on later hops)
  std::string requested_url;  // what the frontier admitted; FetchedPage::url
  int depth = 0;
  int attempt = 0;                     // 0 for the first try; raised by retries
  std::vector<std::string> redirects;  // canonical URLs already requested in this chain
  TimePoint not_before{};              // retry backoff: not before this time
};

enum class RobotsState {
  kUnknown,    // not decided yet: the host was just created
  kNotNeeded,  // file: URLs, or robots.txt not respected
  kPending,    // robots.txt job queued or running; page jobs wait
  kKnown,      // `robots` decides
};

struct HostState {
  std::string key;  // the origin, "scheme://host[:port]"
  Millis delay{0};  // between request starts; robots Crawl-delay may raise it
  int active = 0;   // transfers running
  TimePoint next_start{};
  RobotsState robots_state = RobotsState::kUnknown;
  std::shared_ptr<const RobotsMatcher> robots;  // set when kKnown
  std::deque<FetchJob> queue;
  int requests = 0;  // started, for the summary
  // Connection-level failures in a row (reset by any response); at the crawl's
  // max_host_failures the host is blocked: its URLs fail at once for the rest of
  // the run instead of each waiting out its own timeouts and retries.
  int consecutive_failures = 0;
  // Responses that dripped past timeout_s (the server answered, then sent its body
  // too slowly), in the whole run: not reset by other responses, so a host that
  // drips on every other URL is given up at max_host_failures all the same.
  int dripped = 0;
  bool blocked = false;
  FailureReason blocked_reason = FailureReason::kNetwork;
};

class HostScheduler {
 public:
  struct Limits {
    int concurrency_per_host = 2;
    Millis delay{1000};
    int max_active = 16;  // over all hosts
  };
  explicit HostScheduler(Limits limits);

  // The host's record, created with the default delay on first use.
  HostState& Host(const std::string& key);
  HostState* FindHost(const std::string& key);

  void Push(const std::string& key, FetchJob job);

  struct Ready {
    HostState* host;
    FetchJob job;
  };
  // The next job allowed to start at `now`, if any: its host has fewer than
  // concurrency_per_host transfers, its last start was at least `delay` ago, the
  // job's backoff has passed, and (while robots.txt is pending) it is the robots job.
  // Marks the host active and records `now` as its last start. Hosts take turns.
  std::optional<Ready> Next(TimePoint now);

  // A transfer started by Next() finished (successfully or not).
  void Finished(const std::string& key);
  // Raises (never lowers) a host's delay, e.g. for robots.txt Crawl-delay.
  void RaiseDelay(const std::string& key, Millis delay);

  // The earliest time a queued job could start, ignoring hosts that are at their
  // concurrency limit (a completion wakes the loop for those). nullopt: nothing to wait for.
  std::optional<TimePoint> NextWakeup() const;

  size_t Queued() const;
  int Active() const { return active_; }
  // Removes and returns every queued job (for a deadline or an abort).
  std::vector<FetchJob> DrainAll();

 private:
  bool Eligible(const HostState& host, const FetchJob& job, TimePoint now) const;

  Limits limits_;
  std::map<std::string, HostState> hosts_;
  std::vector<std::string> order_;  // round-robin order of host keys
  size_t cursor_ = 0;
  int active_ = 0;
};

}  // namespace cecat::crawler
