// Rating aggregation (docs/index.md "Ratings"): a course's or provider's rating
// combines its published aggregate with the individual reviews the index holds,
// counting the same review seen twice once, and not counting again the reviews the
// published aggregate already includes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/record.h"
#include "common/result.h"
#include "index/detail/sqlite.h"

namespace cecat::index::detail {

// One review the index holds for a target.
struct ReviewVote {
  std::string key;                   // dedup key (ReviewFacts::key, or the record id)
  std::optional<double> rating;      // 0-5
  std::vector<std::string> sources;  // sources that currently list it
};

struct Aggregate {
  std::optional<double> average;
  std::optional<int64_t> count;
};

// Pure: the published aggregate (from `published_source`) covers the reviews that
// source lists; reviews only other sources list are added to it; each dedup key
// counts once. Without a published aggregate, the mean of the distinct reviews.
Aggregate AggregateRating(const Aggregate& published, const std::string& published_source,
                          const std::vector<ReviewVote>& reviews);

// Recomputes the stored aggregate of record `target_id` (no-op if unknown) and
// settles it (unless !settle: the caller settles), so a changed rating bumps the
// cursor.
// A record whose rating is recomputed, as its stored row says.
struct RatedRecord {
  int64_t rid = 0;
  std::string id;
  Aggregate published;           // its own published aggregate (fields.rating)
  std::string published_source;  // the source that wrote fields.rating, or empty
  Aggregate old;                 // the records.rating / rating_count columns
  const Json* fields = nullptr;  // its stored fields, when the caller has them parsed
};

Status RecomputeRating(Db& db, const std::string& target_id, int64_t now, bool settle);
// The same, for a record whose row the caller has just written (an apply): its
// doc and provenance are not read and parsed back.
Status RecomputeRating(Db& db, const RatedRecord& target, int64_t now, bool settle);
// Every record that has a published rating or reviews (migrations).
Status RecomputeAllRatings(Db& db);

}  // namespace cecat::index::detail
