// The normaliser: raw records as the parsers found them (common/record.h RawRecord)
// to the records of SPEC.md "Records", with stable ids, provenance per field, provider
// records for course providers, and a rejects list for records missing what makes
// them useful. Rules: docs/normalisation.md.
//
// Pure: the same raw records, source id and data files give the same output, with
// no clock, file or network access after Load.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "common/record.h"
#include "common/result.h"
#include "normalise/dedup.h"
#include "normalise/review_target.h"
#include "normalise/vocabulary.h"

namespace cecat::normalise {

// A raw record that did not become a record. `reason` names the missing or
// invalid field ("missing title", "invalid url 'htp:/x'").
struct Reject {
  std::string kind;
  std::string url;
  std::string reason;
  Json raw;  // the raw fields as received
  // Which item of the page (RawRecord::origin, or where its fields came from:
  // "rule[1] item 3", "jsonld:[0].@graph[1]") and the field that decided ("title");
  // either may be empty when unknown. A listing page's rejects share its URL, so
  // the item is what tells them apart (issue 20).
  std::string item;
  std::string field;

  // "rule[1] item 3: missing title (field 'title')": the reason with the item and field.
  std::string Describe() const;
  // A warning at "reject <item>" on `url`: "course rejected: <Describe()>".
  Diagnostic ToDiagnostic() const;
};

struct NormaliseResult {
  std::vector<Record> records;
  std::vector<Reject> rejects;
  // What could not be used and why: warnings at "normalise <field>" (where), on the
  // raw record's page (url), saying "course 'X': price '$abc' did not normalise".
  std::vector<Diagnostic> diagnostics;
};

class Normaliser {
 public:
  // Loads data_dir/taxonomy.json and data_dir/synonyms.json (data/ in the repo).
  // The error names the file, the place in it and what is wrong.
  static Result<Normaliser> Load(const std::filesystem::path& data_dir);
  // For tests and embedders that build the vocabulary themselves.
  explicit Normaliser(Vocabulary vocab);

  // Record ids: MakeRecordId over the canonical item URL (resolved against the page),
  // else "source_id|item_id", else "source_id|page_url|title". Providers without a
  // URL are keyed by their folded name ("provider|<name>") so every source agrees.
  // sources = {source_id}; provenance per output field is the raw field's
  // provenance (or "raw:<field>"). Course providers become provider records too.
  // Records with the same id within one call are merged (MergeRecords).
  NormaliseResult Normalise(const std::vector<RawRecord>& raw, const std::string& source_id) const;

  // Folded provider name -> URL, from the provider records and the provider objects
  // of courses in `raw`; the first one in list order wins. Normalise uses the map
  // of the whole batch to give a course that names its provider without a URL the
  // URL found elsewhere in the batch.
  using ProviderUrlMap = std::map<std::string, std::string>;
  static ProviderUrlMap ProviderUrls(const std::vector<RawRecord>& raw);

  // One raw record, for a caller that normalises a batch piece by piece as it
  // arrives (cli/pipeline.cc, page by page on its workers) and cannot hold it
  // whole: the output is what Normalise(batch) gives for this record before
  // records of equal ids are merged across the batch, with `provider_urls` standing
  // in for the batch's map. Returns the record and the records it implies (its
  // provider, ...) in Normalise's order, or a reject. The folded provider names the
  // record looked up are appended to *lookups: if the batch's final map gives any
  // of them another URL than `provider_urls` did, normalise the record again with
  // the final map.
  //
  // `courses` (may be null) are the courses a review can name by title or by the
  // page it is on (normalise/review_target.h); Normalise uses the batch's.
  NormaliseResult NormaliseOne(const RawRecord& raw, const std::string& source_id,
                               const ProviderUrlMap& provider_urls,
                               std::vector<std::string>* lookups,
                               const CourseDirectory* courses = nullptr) const;

  // The courses of `raw` as Normalise makes them (empty when `raw` holds no review:
  // only reviews look courses up), for NormaliseOne's `courses`.
  CourseDirectory Courses(const std::vector<RawRecord>& raw, const std::string& source_id) const;

  const Vocabulary& vocabulary() const { return *vocab_; }

 private:
  std::shared_ptr<const Vocabulary> vocab_;
};

}  // namespace cecat::normalise
