// Curation: an admin's overrides of what the crawl found (issue 23,
// docs/curation.md). They live in the index (schema version 9), so every refresh
// and reparse re-applies them where the records are written (ApplySource) and
// nothing a crawl finds undoes them. The index checks what it can know (the record
// ids and types); the caller checks the rest before (field names and values
// against the record types, regexes), since the index knows neither the
// normalisers nor RE2.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/record.h"

namespace cecat::index {

// One override in force.
struct Override {
  // "hide", "pin", "merge" or "suppress".
  std::string kind;
  // hide, pin: the record id; merge: the id merged away (now an alias); suppress:
  // the source id.
  std::string target;
  // pin: the field; merge: the id it was merged into; suppress: the URL regex
  // (RE2, matched against the page's canonical URL); hide: "".
  std::string key;
  // pin: the value the field is pinned to; nullopt: pinned absent. Unused otherwise.
  std::optional<Json> value;
  std::string by, reason;
  int64_t at = 0;  // unix seconds
};

// One change asked for: a `cecat curate` command, or one entry of an import.
struct CurationEdit {
  // hide, unhide, pin, unpin, merge, split, suppress, unsuppress.
  std::string action;
  std::string target;  // as in Override (merge, split: the FROM id)
  std::string key;     // as in Override (merge, split: the INTO id)
  std::optional<Json> value;
  std::string by, reason;
  // When the override was made (unix seconds): 0 is now; an import keeps the
  // file's, so export, import, export gives the same file.
  int64_t at = 0;
  // suppress, unsuppress: whether a canonical page URL matches the regex (the
  // caller compiles it; the index knows no regex engine).
  std::function<bool(const std::string& url)> matches;
};

// What one edit did.
struct CurationResult {
  bool changed = false;  // false: the override was already so (nothing logged)
  // Records whose feed content changed at once (their delete or upsert is in the
  // change stream now).
  std::vector<std::string> records;
  std::string effect;  // a line for people: "c-1 leaves the feed"
};

}  // namespace cecat::index
