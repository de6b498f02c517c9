// robots.txt parser and matcher: any bytes parse, and matching any URL against the
// rules terminates (patterns with many '*' must not backtrack exponentially).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "crawler/robots.h"

using namespace cecat::crawler;

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
  (void)RobotsForFetchOutcome(200, body, "cecat");
  for (const RobotsGroup& group : robots.groups) {
    for (const RobotsRule& r : group.rules) (void)RobotsPatternMatches(r.pattern, url);
  }
  return 0;
}
