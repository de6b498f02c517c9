// The records every module speaks: raw (as extracted from a page) and normalised
// (as stored in the index and published in the feed, ../shared/SPEC.md "Records").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cecat {

using Json = nlohmann::json;

enum class RecordType { kCourse, kProvider, kScholarship, kReview };

// "course", "provider", "scholarship", "review".
const char* RecordTypeName(RecordType type);
std::optional<RecordType> ParseRecordType(std::string_view name);
// The feed's array for the type: "courses", "providers", ...
const char* RecordTypePlural(RecordType type);

// What a parser found on a page, before normalisation. Field values are as written
// (strings, numbers, nested objects); the normaliser turns them into SPEC fields.
struct RawRecord {
  // "course", "provider", "approval", "scholarship" or "review".
  std::string kind;
  // The page the record was found on (final URL after redirects).
  std::string page_url;
  // The item's own URL (schema.org `url`/`@id`, or a rule's field), if any.
  std::string item_url;
  // The item's own identifier when it has no URL (schema.org `@id`, `identifier`).
  std::string item_id;
  // The page's only record of its kind (its main entity): without a URL of its
  // own, its id comes from the page's URL, so a new title is an update, not a new
  // record (SPEC, Records: identity). Set by parsers::ExtractPage.
  bool main_entity = false;
  // Which item of the page this is, for diagnostics and rejects: "rule[1] item 3"
  // (the entry's index in the source's extract list, then the 1-based index among
  // the elements its `item` matched). Empty when the producer does not say; the
  // normaliser then names the item by its fields' provenance ("jsonld:[0].@graph[1]").
  std::string origin;
  Json fields = Json::object();
  // field name -> what produced it, e.g. "jsonld:@graph[1].name", "rule:h1.title".
  std::map<std::string, std::string> provenance;
};

// A normalised record. Lifecycle fields (first_seen, last_seen, updated_at, status)
// belong to the index and are added when it stores or exports the record.
struct Record {
  RecordType type = RecordType::kCourse;
  // Stable across runs and machines: see MakeRecordId.
  std::string id;
  std::string url;
  // The canonical URL of the page the record was extracted from (a listing page can
  // carry several records). A page that answers 304 keeps its records alive.
  std::string page_url;
  std::vector<std::string> sources;
  // The type-specific fields of SPEC, normalised (title, ce_hours, price, ...).
  Json fields = Json::object();
  std::map<std::string, std::string> provenance;
};

// A stable record id: the type's one-letter prefix ('c', 'p', 's', 'r'), a dash, and
// 16 hex digits of XXH3-64 over `key`. The key is the canonical URL when the record
// has one, else "source-id|item-id". Pure function: the same key gives the same id
// on every machine and every run.
std::string MakeRecordId(RecordType type, std::string_view key);

// 64-bit and 128-bit content hashes (XXH3), as lower-case hex.
uint64_t Hash64(std::string_view data);
std::string Hash64Hex(std::string_view data);
std::string Hash128Hex(std::string_view data);

}  // namespace cecat
