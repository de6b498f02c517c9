// The checked reader of rule_fields.h.
#include "config/detail/rule_fields.h"

#include <algorithm>
#include <cmath>

namespace cecat::config::detail {

std::vector<std::string_view> Views(const std::vector<std::string>& names) {
  return {names.begin(), names.end()};
}

std::string Index(const std::string& key, size_t i) { return key + "[" + std::to_string(i) + "]"; }

bool IsRealDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  int year = std::stoi(text.substr(0, 4));
  int month = std::stoi(text.substr(5, 2));
  int day = std::stoi(text.substr(8, 2));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool IsHttpUrl(const std::string& url) {
  size_t scheme = url.rfind("https://", 0) == 0 ? 8 : url.rfind("http://", 0) == 0 ? 7 : 0;
  if (scheme == 0 || url.size() == scheme) return false;
  if (url[scheme] == '/' || url[scheme] == '?' || url[scheme] == '#') return false;
  return std::none_of(url.begin(), url.end(),
                      [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

bool IsSlug(const std::string& text) {
  if (text.empty() || text.front() == '-' || text.back() == '-') return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

Fields::Fields(const OJson& object, const Where& where, std::string path,
               std::vector<std::string> allowed, std::vector<std::string> required)
    : object_(object), where_(where), path_(std::move(path)) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
      std::string message = UnknownKeyMessage(it.key(), Views(allowed));
      if (message.find("did you mean") == std::string::npos) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        message += " (allowed: " + list + ")";
      }
      where.Report(Key(it.key()), message);
    }
  }
  for (const auto& name : required) {
    if (!object.contains(name)) where.Report(Key(name), "missing");
  }
}

// A non-empty string without control characters.
std::optional<std::string> Fields::String(const std::string& name) const {
  const OJson* value = Get(name);
  if (!value) return std::nullopt;
  return CheckString(*value, where_, Key(name), "a non-empty string",
                     {.non_empty = true, .no_control = true});
}

// A number of hours > 0 in steps of 0.5 ("halves allowed").
std::optional<double> Fields::Hours(const std::string& name) const {
  const OJson* value = Get(name);
  if (!value) return std::nullopt;
  if (!value->is_number()) {
    where_.Report(Key(name), Expected("a number of hours > 0", *value));
    return std::nullopt;
  }
  double hours = value->get<double>();
  if (!std::isfinite(hours) || hours <= 0 || hours > 1000) {
    where_.Report(Key(name), Expected("a number of hours > 0", *value));
    return std::nullopt;
  }
  if (std::fmod(hours * 2, 1.0) != 0) {
    where_.Report(Key(name), "expected whole or half hours, got " + Describe(*value));
    return std::nullopt;
  }
  return hours;
}

// An index into the licence's `sources`; `count` is unknown (nullopt) when the
// sources list itself is wrong, and then only the type is checked.
std::optional<size_t> Fields::SourceIndex(const std::string& name,
                                          std::optional<size_t> count) const {
  const OJson* value = Get(name);
  if (!value) return std::nullopt;
  std::optional<int64_t> index = AsInteger(*value);
  if (!index || *index < 0) {
    where_.Report(Key(name), Expected("an index into sources (0, 1, ...)", *value));
    return std::nullopt;
  }
  if (count && static_cast<size_t>(*index) >= *count) {
    where_.Report(Key(name), "source " + std::to_string(*index) + " does not exist: sources has " +
                                 std::to_string(*count) + (*count == 1 ? " entry" : " entries"));
    return std::nullopt;
  }
  return static_cast<size_t>(*index);
}

// An array of objects, each handed to `read` with its path.
void Fields::Objects(const std::string& name,
                     const std::function<void(const OJson&, const std::string& path)>& read) const {
  const OJson* value = Get(name);
  if (!value) return;
  if (!value->is_array()) {
    where_.Report(Key(name), Expected("an array of objects", *value));
    return;
  }
  for (size_t i = 0; i < value->size(); ++i) {
    std::string path = Index(Key(name), i);
    if (!(*value)[i].is_object()) {
      where_.Report(path, Expected("an object", (*value)[i]));
      continue;
    }
    read((*value)[i], path);
  }
}

// An array of strings, each passing `check` (nullopt: fine, else why not).
std::vector<std::string> Fields::Strings(
    const std::string& name, bool allow_empty,
    const std::function<std::optional<std::string>(const std::string&)>& check) const {
  std::vector<std::string> out;
  const OJson* value = Get(name);
  if (!value) return out;
  if (!value->is_array()) {
    where_.Report(Key(name), Expected("an array of strings", *value));
    return out;
  }
  if (value->empty() && !allow_empty) where_.Report(Key(name), "expected at least one entry");
  for (size_t i = 0; i < value->size(); ++i) {
    std::string path = Index(Key(name), i);
    auto text = CheckString((*value)[i], where_, path, "a non-empty string",
                            {.non_empty = true, .no_control = true});
    if (!text) continue;
    if (check) {
      if (auto error = check(*text)) {
        where_.Report(path, *error);
        continue;
      }
    }
    if (std::find(out.begin(), out.end(), *text) != out.end()) {
      where_.Report(path, "\"" + *text + "\" is listed twice");
      continue;
    }
    out.push_back(*text);
  }
  return out;
}

std::optional<std::string> OneOf(const std::string& item, const std::vector<std::string>& allowed,
                                 const char* what) {
  if (std::find(allowed.begin(), allowed.end(), item) != allowed.end()) return std::nullopt;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  std::string message = "unknown " + std::string(what) + " \"" + item + "\" (one of: " + list + ")";
  if (std::string near = Suggest(item, Views(allowed)); !near.empty()) {
    message += "; did you mean '" + near + "'?";
  }
  return message;
}

}  // namespace cecat::config::detail
