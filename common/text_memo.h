// A bounded, thread-safe memo of a pure function of a text: what a provider's
// pages repeat word for word (approval statements, credit-table rows) is parsed
// once per process instead of once per page (issue 25). Bounded by entries and by
// bytes (each entry's key plus what `value_bytes` says its value holds, so that
// hostile pages whose texts each give many long values cannot grow it); when
// either fills, it is emptied and starts again (the repeated texts come back at
// once; an LRU would cost a list per entry).
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace cecat {

template <typename Value>
class TextMemo {
 public:
  TextMemo(std::size_t max_entries, std::size_t max_bytes,
           std::function<std::size_t(const Value&)> value_bytes = nullptr)
      : max_entries_(max_entries), max_bytes_(max_bytes), value_bytes_(std::move(value_bytes)) {}

  // fn() computed once per key while the key stays in the memo. fn runs outside
  // the lock, so two threads may compute the same key; both get equal values.
  template <typename Fn>
  Value Get(const std::string& key, Fn&& fn) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (auto it = entries_.find(key); it != entries_.end()) return it->second;
    }
    Value value = fn();
    const std::size_t bytes = key.size() + (value_bytes_ ? value_bytes_(value) : 0);
    if (bytes > max_bytes_) return value;  // would empty the memo for one entry
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= max_entries_ || bytes_ + bytes > max_bytes_) {
      entries_.clear();
      bytes_ = 0;
    }
    if (entries_.emplace(key, value).second) bytes_ += bytes;
    return value;
  }

  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return entries_.size();
  }

 private:
  const std::size_t max_entries_;
  const std::size_t max_bytes_;
  const std::function<std::size_t(const Value&)> value_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Value> entries_;
  std::size_t bytes_ = 0;
};

}  // namespace cecat
