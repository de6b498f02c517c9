// Index's private state, shared by the .cc files that implement its parts
// (index.cc, apply.cc, search.cc, export.cc).
#pragma once

#include <memory>
#include <string>
#include <unordered_set>

#include "index/detail/facets.h"
#include "index/detail/sqlite.h"
#include "index/index.h"

namespace cecat::index {

class Index::Impl {
 public:
  explicit Impl(std::unique_ptr<detail::Db> db) : db_(std::move(db)) {}
  detail::Db& db() { return *db_; }

  // The facet columns (facets.h) as of `facet_generation`, loaded by the first
  // search that finds them current and kept while the stored generation holds.
  std::shared_ptr<const detail::FacetColumns> facets;
  int64_t facet_generation = -1;
  bool scan_registered = false;  // cecat_scan (match_scan.h) on this connection
  // Sources this connection stored responses of with a pending run (WriteResponses),
  // not yet applied: only their apply has pending responses to clear.
  std::unordered_set<std::string> pending_sources;

 private:
  std::unique_ptr<detail::Db> db_;
};

}  // namespace cecat::index
