#include "crawler/politeness.h"

#include <algorithm>

namespace cecat::crawler {

HostScheduler::HostScheduler(Limits limits) : limits_(limits) {
  limits_.concurrency_per_host = std::max(1, limits_.concurrency_per_host);
  limits_.max_active = std::max(1, limits_.max_active);
  if (limits_.delay < Millis(0)) limits_.delay = Millis(0);
}

HostState& HostScheduler::Host(const std::string& key) {
  auto it = hosts_.find(key);
  if (it != hosts_.end()) return it->second;
  HostState& host = hosts_[key];
  host.key = key;
  host.delay = limits_.delay;
  order_.push_back(key);
  return host;
}

HostState* HostScheduler::FindHost(const std::string& key) {
  auto it = hosts_.find(key);
  return it == hosts_.end() ? nullptr : &it->second;
}

void HostScheduler::Push(const std::string& key, FetchJob job) {
  HostState& host = Host(key);
  // robots.txt goes before anything else queued for its host (RFC 9309 section 2.2:
  // crawlers must fetch the rules before accessing the host's other resources).
  if (job.kind == JobKind::kRobots) {
    host.queue.push_front(std::move(job));
  } else {
    host.queue.push_back(std::move(job));
  }
}

bool HostScheduler::Eligible(const HostState& host, const FetchJob& job, TimePoint now) const {
  if (job.not_before > now) return false;
  if (host.robots_state == RobotsState::kPending && job.kind != JobKind::kRobots) return false;
  return true;
}

std::optional<HostScheduler::Ready> HostScheduler::Next(TimePoint now) {
  if (active_ >= limits_.max_active || order_.empty()) return std::nullopt;
  for (size_t n = 0; n < order_.size(); ++n) {
    size_t index = (cursor_ + n) % order_.size();
    HostState& host = hosts_[order_[index]];
    if (host.queue.empty() || host.active >= limits_.concurrency_per_host) continue;
    if (host.requests > 0 && now < host.next_start) continue;
    // The first eligible job in FIFO order; a job waiting out its backoff does not
    // hold up the ones behind it.
    auto it = std::find_if(host.queue.begin(), host.queue.end(),
                           [&](const FetchJob& job) { return Eligible(host, job, now); });
    if (it == host.queue.end()) continue;
    Ready ready{&host, std::move(*it)};
    host.queue.erase(it);
    ++host.active;
    ++host.requests;
    ++active_;
    host.next_start = now + host.delay;
    cursor_ = (index + 1) % order_.size();
    return ready;
  }
  return std::nullopt;
}

void HostScheduler::Finished(const std::string& key) {
  HostState* host = FindHost(key);
  if (host == nullptr || host->active == 0) return;
  --host->active;
  --active_;
}

void HostScheduler::RaiseDelay(const std::string& key, Millis delay) {
  HostState& host = Host(key);
  if (delay <= host.delay) return;
  // The start already scheduled moves out too, so the new spacing applies at once.
  if (host.requests > 0) host.next_start += delay - host.delay;
  host.delay = delay;
}

std::optional<TimePoint> HostScheduler::NextWakeup() const {
  std::optional<TimePoint> best;
  for (const auto& [key, host] : hosts_) {
    if (host.queue.empty() || host.active >= limits_.concurrency_per_host) continue;
    std::optional<TimePoint> job_time;
    for (const FetchJob& job : host.queue) {
      if (host.robots_state == RobotsState::kPending && job.kind != JobKind::kRobots) continue;
      if (!job_time || job.not_before < *job_time) job_time = job.not_before;
      // A job that never waited is due at once; nothing behind it can be earlier.
      // Without this, a host with thousands of queued URLs costs a full scan of
      // its queue on every turn of the event loop.
      if (*job_time == TimePoint{}) break;
    }
    if (!job_time) continue;
    TimePoint at = host.requests > 0 ? std::max(*job_time, host.next_start) : *job_time;
    if (!best || at < *best) best = at;
  }
  return best;
}

size_t HostScheduler::Queued() const {
  size_t n = 0;
  for (const auto& [key, host] : hosts_) n += host.queue.size();
  return n;
}

std::vector<FetchJob> HostScheduler::DrainAll() {
  std::vector<FetchJob> out;
  for (auto& [key, host] : hosts_) {
    for (auto& job : host.queue) out.push_back(std::move(job));
    host.queue.clear();
  }
  return out;
}

}  // namespace cecat::crawler
