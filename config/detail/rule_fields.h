// A checked reader for small hand-edited JSON files (the renewal rules,
// renewal_rules.cc): keys against a fixed list, typed values that report what is
// wrong with the file and JSON path, and a parse callback that finds keys given
// twice. Private to the config module.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/detail/checks.h"

namespace cecat::config::detail {

std::vector<std::string_view> Views(const std::vector<std::string>& names);

// "key[i]".
std::string Index(const std::string& key, size_t i);

// JSON leaves a key given twice undefined and nlohmann keeps one silently; in a
// hand-edited file that is a mistake whose effect the admin cannot see. The
// sources file (config.cc) and the renewal rules both parse with it. Records the
// path of every repeated key, e.g. "sources[1].max_pages".
class RepeatedKeys {
 public:
  bool operator()(int /*depth*/, nlohmann::detail::parse_event_t event, OJson& parsed) {
    using Event = nlohmann::detail::parse_event_t;
    if (event == Event::object_start || event == Event::array_start) {
      stack_.push_back(Frame{event == Event::object_start});
    } else if (event == Event::key && !stack_.empty() && parsed.is_string()) {
      stack_.back().key = parsed.get<std::string>();
      if (!stack_.back().keys.insert(stack_.back().key).second) repeated_.push_back(Path());
    } else if (event == Event::object_end || event == Event::array_end || event == Event::value) {
      if (event != Event::value && !stack_.empty()) stack_.pop_back();
      if (!stack_.empty() && !stack_.back().object) ++stack_.back().index;
    }
    return true;
  }
  const std::vector<std::string>& repeated() const { return repeated_; }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys = {};
    std::string key = {};
    size_t index = 0;
  };
  std::string Path() const {
    std::string path;
    for (const Frame& f : stack_) {
      path += f.object ? (path.empty() ? "" : ".") + f.key : "[" + std::to_string(f.index) + "]";
    }
    return path;
  }
  std::vector<Frame> stack_;
  std::vector<std::string> repeated_;
};

// A real calendar date written YYYY-MM-DD (no 2025-02-29).
bool IsRealDate(const std::string& text);
// An absolute http or https URL with a host and no spaces or control characters.
bool IsHttpUrl(const std::string& url);
// A lower-case slug like "law-and-ethics".
bool IsSlug(const std::string& text);

// nullopt when `item` is one of `allowed`, else "unknown <what> "x" (one of: ...)"
// with a suggestion for a near name.
std::optional<std::string> OneOf(const std::string& item, const std::vector<std::string>& allowed,
                                 const char* what);

// Reads one object's keys against a fixed list: unknown keys and missing
// required ones are reported, the rest are handed out by name.
class Fields {
 public:
  // Reports unknown keys (with a suggestion, or the allowed list) and missing
  // required ones, each keyed "<path>.<key>".
  Fields(const OJson& object, const Where& where, std::string path,
         std::vector<std::string> allowed, std::vector<std::string> required);

  const OJson* Get(const std::string& name) const {
    auto it = object_.find(name);
    return it == object_.end() ? nullptr : &*it;
  }
  std::string Key(const std::string& name) const {
    return path_.empty() ? name : path_ + "." + name;
  }
  const Where& where() const { return where_; }

  // A non-empty string without control characters.
  std::optional<std::string> String(const std::string& name) const;
  // A number of hours > 0 in steps of 0.5 ("halves allowed").
  std::optional<double> Hours(const std::string& name) const;
  // An index into the licence's `sources`; `count` is unknown (nullopt) when the
  // sources list itself is wrong, and then only the type is checked.
  std::optional<size_t> SourceIndex(const std::string& name, std::optional<size_t> count) const;
  // An array of objects, each handed to `read` with its path.
  void Objects(const std::string& name,
               const std::function<void(const OJson&, const std::string& path)>& read) const;
  // An array of strings, each passing `check` (nullopt: fine, else why not).
  std::vector<std::string> Strings(
      const std::string& name, bool allow_empty,
      const std::function<std::optional<std::string>(const std::string&)>& check) const;

 private:
  const OJson& object_;
  const Where& where_;
  std::string path_;
};

}  // namespace cecat::config::detail
