// Where a refresh keeps one source's normalised records between its pages' parse
// and the source's apply (cli/pipeline.cc): a private temporary SQLite database,
// deleted when the stage is closed, so a crawl of any size holds its records on
// disk rather than in memory (issue 9: memory flat however large the crawl).
//
// Records are kept by (page, origin, seq): origin is the raw record's position on
// its page, seq the record's position in that raw record's output. ForEachGroup
// hands them back grouped by record id, each group in (page, origin, seq) order,
// which is the order a whole-source normalisation merges records of one id in.
//
// Not thread-safe: one thread at a time (the pipeline holds the source's mutex).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/record.h"
#include "common/result.h"
#include "index/index.h"

namespace cecat::index {

// What one raw record of a page became.
struct StagedOutput {
  int origin = 0;
  std::vector<Record> records;
  std::vector<Rejected> rejects;
  // Set when the records depend on provider names resolved with a partial map
  // (normalise::Normaliser::NormaliseOne): the raw record and, per folded name,
  // the URL it was resolved to ("" = none), so the apply can normalise it again if
  // the source's final map says otherwise.
  bool pending = false;
  RawRecord raw;
  std::vector<std::pair<std::string, std::string>> lookups;
};

struct StagedPage {
  std::string page;  // the page's canonical URL: orders the source's records
  std::vector<StagedOutput> outputs;
};

// A pending raw record as staged.
struct PendingRaw {
  std::string page;
  int origin = 0;
  RawRecord raw;
  std::vector<std::pair<std::string, std::string>> lookups;
};

class RecordStage {
 public:
  static Result<std::unique_ptr<RecordStage>> Open();
  ~RecordStage();
  RecordStage(const RecordStage&) = delete;
  RecordStage& operator=(const RecordStage&) = delete;

  // One page's outputs, in one transaction. A page staged again replaces the
  // outputs of the same origins.
  Status Add(const StagedPage& page);
  // Every pending raw record, in (page, origin) order. fn may call Add.
  Status ForEachPending(const std::function<Status(PendingRaw&&)>& fn);
  // Records grouped by id, providers' ids first and then the others, each in byte
  // order, each group in (page, origin, seq) order: the next group into *group,
  // false at the end. Providers first so that a source's courses, applied after
  // them, inherit from the provider as this crawl found it: on a first load every
  // course was otherwise written again by the inheritance pass (issue 25). The first call starts
  // the scan; Add must not be called while one is under way.
  Result<bool> NextGroup(std::vector<Record>* group);
  // The same, handing the next group's records to `each` one at a time as they are
  // read, so a caller that folds them never holds a group whole: a provider named
  // on every course page is a group of 40,000 records at 10,000 pages (issue 25).
  Result<bool> NextGroup(const std::function<void(Record&&)>& each);
  // Rejects in (page, origin, seq) order, one per call, the same way.
  Result<bool> NextReject(Rejected* reject);
  // Counts, for reports and tests.
  Result<int64_t> RecordCount();

  class Impl;

 private:
  explicit RecordStage(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cecat::index
