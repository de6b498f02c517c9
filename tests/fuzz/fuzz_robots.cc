// robots.txt parser and matcher: any bytes parse, and matching any URL against the
// rules terminates (patterns with many '*' must not backtrack exponentially).
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/robots.h"

using namespace cecat::crawler;

namespace {
// The position-set matcher RobotsPatternMatches used before it became greedy:
// slow (O(pattern * path)) but obviously right, so it is the oracle here.
bool ReferenceMatches(std::string_view pattern, std::string_view path) {
  std::vector<size_t> positions = {0};
  for (size_t i = 0; i < pattern.size(); ++i) {
    char p = pattern[i];
    if (p == '$' && i + 1 == pattern.size()) {
      return std::find(positions.begin(), positions.end(), path.size()) != positions.end();
    }
    if (p == '*') {
      size_t from = positions.front();
      positions.clear();
      for (size_t k = from; k <= path.size(); ++k) positions.push_back(k);
      continue;
    }
    std::vector<size_t> next;
    for (size_t at : positions) {
      if (at < path.size() && path[at] == p) next.push_back(at + 1);
    }
    if (next.empty()) return false;
    positions = std::move(next);
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  std::string agent = fdp.ConsumeRandomLengthString(64);
  std::string url = fdp.ConsumeRandomLengthString(512);
  std::string body = fdp.ConsumeRemainingBytesAsString();

  RobotsTxt robots = ParseRobotsTxt(body);
  RobotsMatcher matcher(robots, agent.empty() ? "cecat/0.1" : agent);
  bool allowed = matcher.Allowed(url);
  const RobotsRule* rule = matcher.Decisive(url);
  // The decisive rule and the answer agree (RFC 9309: Allow wins ties).
  if (rule != nullptr && !matcher.disallow_all() && rule->allow != allowed) __builtin_trap();
  (void)matcher.Allowed("https://example.org" + url);
  (void)NormaliseRobotsPath(url);
  (void)RobotsProductToken(agent);
  (void)RobotsForFetchOutcome(RobotsFetch::Response(200), body, "cecat");
  for (const RobotsGroup& group : robots.groups) {
    for (const RobotsRule& r : group.rules) {
      if (RobotsPatternMatches(r.pattern, url) != ReferenceMatches(r.pattern, url))
        __builtin_trap();
    }
  }
  return 0;
}
