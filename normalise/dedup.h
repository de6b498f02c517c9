// Deduplication across sources and URLs: the same course seen on the provider's
// site and on an aggregator, or under two URLs, becomes one record. The index calls
// these when it stores a record: first the canonical URL (equal ids), then the
// blocking key MatchKey, then IsSameCourse on the candidates.
#pragma once

#include <string>

#include "common/record.h"

namespace cecat::normalise {

// Blocking key of a course "provider|title": the provider's ProviderNameKey and
// the folded title with roman numerals as digits and stop words removed. Empty
// when the record has no title or no provider name. A provider's key is
// "provider|<ProviderNameKey>"; other types have none. Hours are not
// part of the key (one source may omit them); IsSameCourse compares them.
std::string MatchKey(const Record& record);

// 0..1: how alike two courses are, from title tokens (Dice coefficient over folded
// words), provider, hours, start date and format. 1 for equal canonical URLs.
double Similarity(const Record& a, const Record& b);

// True when a and b describe the same course: same canonical URL, or the same
// provider and a title similarity >= kSameCourseThreshold with no conflict. A
// conflict keeps near misses apart: different numbers in the titles ("Part 1" vs
// "Part 2", "Level I" vs "Level II"), different hours, start dates or formats.
bool IsSameCourse(const Record& a, const Record& b);
inline constexpr double kSameCourseThreshold = 0.85;

// One record from two: `existing` keeps its id, url and every field it has;
// `incoming` adds the fields existing lacks (with their provenance, prefixed
// "<source>:" when it came from another source), list fields (approvals, topics,
// audiences, presenters) are unioned (texts that read the same to matching,
// "O’Brien" and "O'Brien", once; approvals one per body, and when incoming added
// one or a detail of one, its producer joins the field's provenance after " + "),
// ce_hours_by_audience merged, and sources
// unioned in order.
Record MergeRecords(const Record& existing, const Record& incoming);

}  // namespace cecat::normalise
