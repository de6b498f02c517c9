// The overrides as the write paths need them (ApplySource, Settle), read once per
// transaction. Runs inside the caller's transaction.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/record.h"
#include "common/result.h"
#include "index/detail/sqlite.h"

namespace cecat::index::detail {

struct CurationMap {
  std::set<std::string> hidden;  // record ids
  // record id -> field -> pinned value (nullopt: pinned absent)
  std::map<std::string, std::map<std::string, std::optional<Json>>> pins;
  std::map<std::string, std::string> alias_of;                // merged id -> the id it is in
  std::map<std::string, std::vector<std::string>> merged_in;  // id -> ids merged into it
  bool empty() const { return hidden.empty() && pins.empty() && alias_of.empty(); }
};
Result<CurationMap> LoadCuration(Db& db);

// Whether the record is out of the feed by curation: hidden, or merged into
// another (its id is an alias). Settle publishes such a record as removed.
Result<bool> CuratedOut(Db& db, const std::string& id);

// Pins `pins` onto `rec` (its fields and provenance: "curated"), and returns what
// the extraction had for each pinned field, kept in the stored provenance so that
// an unpin restores it and `curate list --orphaned` can tell a field that is no
// longer extracted: {field: {"extracted": value, "producer": p}}, or {field: {}}
// when the extraction did not give the field.
Json ApplyPins(Record& rec, const std::map<std::string, std::optional<Json>>& pins);

// Rewrites a record's fields and provenance outside a crawl (curation): filter
// columns, doc, tags, rating, then Settle, so the change stream carries it when
// its feed content changed. Returns whether it did.
// `force`: Settle's (an upsert even when the feed content is the same).
Result<bool> RewriteRecord(Db& db, int64_t rid, const Json& fields, const Json& provenance,
                           int64_t now, bool force = false);

}  // namespace cecat::index::detail
