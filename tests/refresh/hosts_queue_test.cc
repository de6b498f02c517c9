// The refresh pipeline's parts that need no network: source grouping by host and
// the bounded queue between stages.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "refresh/detail/work_queue.h"
#include "refresh/hosts.h"
#include "refresh/report.h"

namespace cecat::refresh {
namespace {

config::SourceConfig Source(std::string id, std::vector<std::string> starts,
                            std::vector<std::string> sitemaps = {}) {
  config::SourceConfig s;
  s.id = std::move(id);
  s.start_urls = std::move(starts);
  s.sitemaps = std::move(sitemaps);
  return s;
}

std::vector<std::vector<std::string>> Ids(
    const std::vector<std::vector<const config::SourceConfig*>>& groups) {
  std::vector<std::vector<std::string>> out;
  for (const auto& g : groups) {
    out.emplace_back();
    for (const auto* s : g) out.back().push_back(s->id);
  }
  return out;
}

TEST_CASE("sources sharing a host are grouped, in config order") {
  auto a = Source("a", {"https://one.example/courses"});
  auto b = Source("b", {"https://two.example/"});
  auto c = Source("c", {"https://ONE.example:443/other"});  // same origin as a
  auto d = Source("d", {"https://three.example/"}, {"https://two.example/sitemap.xml"});
  auto e = Source("e", {"file:site/index.html"});
  auto f = Source("f", {"file:other/index.html"});
  auto g = Source("g", {"http://one.example/"});  // another scheme: another origin
  auto groups = GroupByHost({&a, &b, &c, &d, &e, &f, &g});
  CHECK(Ids(groups) ==
        std::vector<std::vector<std::string>>{{"a", "c"}, {"b", "d"}, {"e"}, {"f"}, {"g"}});
}

TEST_CASE("a chain of shared hosts joins three sources into one group") {
  auto a = Source("a", {"https://one.example/", "https://two.example/"});
  auto b = Source("b", {"https://three.example/"});
  auto c = Source("c", {"https://three.example/x"}, {"https://two.example/s.xml", "robots"});
  auto groups = GroupByHost({&a, &b, &c});
  CHECK(Ids(groups) == std::vector<std::vector<std::string>>{{"a", "b", "c"}});
}

TEST_CASE("a stored run report keeps the first diagnostics and counts them all") {
  SourceReport report;
  report.source_id = "s";
  for (int i = 0; i < 500; ++i) {
    report.diagnostics.push_back({.where = "test", .message = "page " + std::to_string(i)});
  }
  report.diagnostics_dropped = 42;
  report.failures.push_back(
      {"https://bob:hunter2@h.example/x?token=s3cret", crawler::FailureReason::kHttpStatus, 404});
  Json j = report.ToJson();
  CHECK(j["diagnostics"].size() == 200);
  CHECK(j["diagnostics"][0] ==
        Json{{"severity", "warning"}, {"where", "test"}, {"message", "page 0"}});
  CHECK(j["diagnostics_total"] == 542);
  CHECK(j.dump().find("hunter2") == std::string::npos);
  CHECK(j.dump().find("s3cret") == std::string::npos);
}

TEST_CASE("the bounded queue blocks producers at capacity and drains after close") {
  detail::BoundedQueue<int> q(2);
  CHECK(q.Push(1));
  CHECK(q.Push(2));
  std::atomic<bool> third_in{false};
  std::thread producer([&] {
    q.Push(3);
    third_in = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(third_in.load());  // full: the producer waits
  CHECK(q.Pop() == 1);
  producer.join();
  CHECK(third_in.load());
  auto some = q.PopSome(10, std::chrono::milliseconds(0));
  CHECK(some == std::vector<int>{2, 3});
  q.Push(4);
  q.Close();
  CHECK_FALSE(q.Push(5));
  CHECK(q.Pop() == 4);
  CHECK_FALSE(q.Pop().has_value());
}

TEST_CASE("closing the queue releases a producer waiting for room") {
  detail::BoundedQueue<int> q(1);
  q.Push(1);
  std::atomic<int> result{-1};
  std::thread producer([&] { result = q.Push(2) ? 1 : 0; });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  q.Close();
  producer.join();
  CHECK(result.load() == 0);
}

}  // namespace
}  // namespace cecat::refresh
