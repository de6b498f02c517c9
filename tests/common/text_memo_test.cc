// TextMemo: computed once per key, bounded by entries and by key bytes.
#include "common/text_memo.h"

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

namespace cecat {
namespace {

TEST_CASE("TextMemo computes a key once and empties itself when full") {
  TextMemo<int> memo(3, 1000);
  int calls = 0;
  auto get = [&](const std::string& key) {
    return memo.Get(key, [&] {
      ++calls;
      return static_cast<int>(key.size());
    });
  };
  CHECK(get("a") == 1);
  CHECK(get("a") == 1);
  CHECK(calls == 1);
  CHECK(get("bb") == 2);
  CHECK(get("ccc") == 3);
  CHECK(memo.size() == 3);
  CHECK(calls == 3);
  CHECK(get("dddd") == 4);  // a fourth key: emptied first, then kept
  CHECK(memo.size() == 1);
  CHECK(get("a") == 1);
  CHECK(calls == 5);

  // The keys' bytes bound it too.
  TextMemo<int> small(100, 10);
  small.Get("12345678", [] { return 1; });
  small.Get("abcdef", [] { return 2; });  // 8 + 6 > 10: emptied first
  CHECK(small.size() == 1);
  CHECK(small.Get("abcdef", [] { return 3; }) == 2);

  // And what the values hold, as value_bytes counts it: a value that alone passes
  // the bound is computed every time rather than emptying the memo for itself.
  TextMemo<std::string> values(100, 100, [](const std::string& v) { return v.size(); });
  int made = 0;
  auto make = [&](const std::string& key, std::size_t size) {
    return values.Get(key, [&] {
      ++made;
      return std::string(size, 'v');
    });
  };
  make("a", 40);
  make("b", 40);
  CHECK(values.size() == 2);
  make("c", 40);  // 41 + 41 + 41 > 100: emptied first
  CHECK(values.size() == 1);
  make("huge", 500);
  make("huge", 500);
  CHECK(made == 5);
  CHECK(values.size() == 1);  // "c" is still there
  make("c", 40);
  CHECK(made == 5);
}

TEST_CASE("TextMemo gives every thread the same answers") {
  TextMemo<std::string> memo(64, 1 << 20);
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        std::string key = "statement " + std::to_string(i % 100);
        if (memo.Get(key, [&] { return key + "!"; }) != key + "!") ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong == std::vector<int>(4, 0));
  CHECK(memo.size() <= 64);
}

}  // namespace
}  // namespace cecat
