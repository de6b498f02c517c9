// The normaliser: raw records as the parsers found them (common/record.h RawRecord)
// to the records of SPEC.md "Records", with stable ids, provenance per field, provider
// records for course providers, and a rejects list for records missing what makes
// them useful. Rules: docs/normalisation.md.
//
// Pure: the same raw records, source id and data files give the same output, with
// no clock, file or network access after Load.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/record.h"
#include "common/result.h"
#include "normalise/dedup.h"
#include "normalise/vocabulary.h"

namespace cecat::normalise {

// A raw record that did not become a record. `reason` names the missing or
// invalid field ("missing title", "invalid url 'htp:/x'").
struct Reject {
  std::string kind;
  std::string url;
  std::string reason;
  Json raw;  // the raw fields as received
};

struct NormaliseResult {
  std::vector<Record> records;
  std::vector<Reject> rejects;
  // What could not be used and why: "course 'X': price '$abc' did not normalise".
  std::vector<std::string> diagnostics;
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

  const Vocabulary& vocabulary() const { return *vocab_; }

 private:
  std::shared_ptr<const Vocabulary> vocab_;
};

}  // namespace cecat::normalise
