// Pure functions from a record's JSON fields to what the index stores beside it:
// filter columns, tag rows (facets), full-text columns, review dedup keys, and the
// feed-shaped document with its content hash. No I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/record.h"

namespace cecat::index::detail {

// The columns search filters and sorts on. Missing or ill-typed fields are NULL,
// so a filter on them never matches (a course without a price is not "under $50").
struct FilterColumns {
  std::string title;
  std::optional<double> price;  // price.amount; 0 when free without an amount
  bool free = false;            // price.free, or an amount of 0
  std::optional<double> hours;  // ce_hours
  std::optional<std::string> format;
  std::optional<double> rating;  // the published rating.average
  std::optional<int64_t> rating_count;
  std::optional<std::string> deadline;  // scholarships, as written (YYYY-MM-DD)
  // Courses, as written: what a learning plan filters on (docs/plan.md).
  std::optional<std::string> start_date, end_date;
  std::optional<std::string> currency;  // price.currency
  // Which of the source health fields that have no column of their own the fields
  // hold (kHealth* bits): an unchanged re-crawl counts its records' coverage from
  // the rows instead of parsing every stored doc (issue 25).
  int health_fields = 0;
};
// The bits of FilterColumns::health_fields: the key is there and not null, or
// (approvals, audiences) is a non-empty array.
inline constexpr int kHealthPrice = 1, kHealthStartDate = 2, kHealthApprovals = 4,
                     kHealthProvider = 8, kHealthAudiences = 16;
FilterColumns ExtractColumns(const Json& fields);

// (kind, value) rows for multi-valued filters and facets: "approval" (the body,
// upper case), "audience", "topic", and "state": the location's state and the
// state of every state-board approval ("NY-SW" gives "NY").
std::vector<std::pair<std::string, std::string>> ExtractTags(const Json& fields);

// The five FTS5 columns, in schema order: title, description, presenters, provider,
// topics.
struct FtsText {
  std::string title, description, presenters, provider, topics;
};
FtsText ExtractFtsText(RecordType type, const Json& fields);

// Reviews: the reviewed record's id, the rating (0-5), and a key equal for the same
// review seen twice (on two pages or two sources): author, date, rating and text,
// case- and whitespace-folded, curly quotes and dashes read as ASCII. Empty key
// when the review has neither author nor text to recognise it by.
struct ReviewFacts {
  std::string target;
  std::optional<double> rating;
  std::string key;
};
ReviewFacts ExtractReview(const Json& fields);

// The feed-shaped record without lifecycle times: fields, then id, type, url,
// sources and status over them; `rating` replaced by the aggregate when there is
// one. Its hash decides whether a write is a change (bumps the cursor).
Json FeedCore(const std::string& id, const std::string& type, const std::string& url,
              const Json& sources, const std::string& status, const Json& fields,
              std::optional<double> rating, std::optional<int64_t> rating_count);
std::string ContentHash(const Json& core);

// Serialises without throwing: invalid UTF-8 from a page becomes U+FFFD.
std::string Dump(const Json& j);
// Parses JSON the index wrote itself; null if it does not parse (never throws).
Json ParseStored(const std::string& text);

// Stored provenance to {field: {producer, source, page, time}}. Reads both the
// compact form ({"source","page","time","fields": {field: producer}}) and the
// per-field form that schema version 1 wrote. Always an object.
Json ExpandProvenance(const Json& stored);

}  // namespace cecat::index::detail
