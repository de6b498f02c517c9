// Curation on the refresh's side (docs/curation.md): what the engine needs of the
// overrides before records reach the index (aliases of merged ids, suppressed
// URL patterns), and the checks a `cecat curate` edit passes before the index
// takes it (a pinned field and value, a suppression regex). The index stores and
// applies the overrides (index/curation.h); RE2 and the normalisers live here.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "common/record.h"
#include "common/result.h"
#include "index/index.h"
#include "normalise/normalise.h"

namespace cecat::refresh {

// A suppression pattern compiled, or InvalidArgument naming it and RE2's
// complaint: "invalid URL regex '(': missing ): (". Matched like a source's
// `deny`: anywhere in the page's canonical URL (RE2::PartialMatch).
Result<std::shared_ptr<const RE2>> CompileUrlPattern(const std::string& pattern);

// The overrides the engine reads once per run. Immutable once loaded, so the
// workers share it without a lock.
class CurationRules {
 public:
  static Result<CurationRules> Load(index::Index& index);
  // Whether the source's page (its canonical or final URL) is suppressed: never
  // parsed, so nothing on it enters the index.
  bool Suppressed(const std::string& source_id, const std::string& url) const;
  // The record id that `id` was merged into, or `id` itself.
  const std::string& Resolve(const std::string& id) const;
  // Every record id among `records` that is an alias becomes the record it was
  // merged into, before records of one id are merged (the stage groups by id).
  void Redirect(std::vector<Record>& records) const;
  bool empty() const { return alias_of_.empty() && suppressed_.empty(); }

 private:
  std::map<std::string, std::string> alias_of_;
  std::map<std::string, std::vector<std::shared_ptr<const RE2>>> suppressed_;
};

// The value a pin may set `field` of a record of `type` to, checked and normalised
// as an extracted one would be:
// - the field must be one the feed schema (schema/feed.schema.json, the record
//   types' one definition) gives the type, else InvalidArgument listing them;
// - a text, number or list of texts goes through the type's normalisers (a raw
//   record with a neutral title or name and this one field): "1.5 hours" becomes 1.5, "Live
//   webinar" becomes "live_online"; a value they drop is an error giving their
//   reason;
// - any value, normalised or not, must then validate against the field's schema
//   (type, enum, minimum, nested properties and items).
// `record_fields`: the record's current fields (a review's target and rating).
// `normaliser` null: the schema check alone (an import's values are as an export
// wrote them, normalised already).
Result<Json> CheckPinnedValue(const Json& feed_schema, const normalise::Normaliser* normaliser,
                              RecordType type, const std::string& field, const Json& value,
                              const Json& record_fields);

// Ok when the feed schema gives records of `type` the field, else InvalidArgument
// naming the fields it gives.
Status CheckPinnableField(const Json& feed_schema, RecordType type, const std::string& field);

// The fields the feed schema gives a record type, for error messages and `curate
// pin --help`.
std::vector<std::string> PinnableFields(const Json& feed_schema, RecordType type);

}  // namespace cecat::refresh
