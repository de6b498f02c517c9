// Index's private state, shared by the .cc files that implement its parts
// (index.cc, apply.cc, search.cc, export.cc).
#pragma once

#include <memory>

#include "index/detail/sqlite.h"
#include "index/index.h"

namespace cecat::index {

class Index::Impl {
 public:
  explicit Impl(std::unique_ptr<detail::Db> db) : db_(std::move(db)) {}
  detail::Db& db() { return *db_; }

 private:
  std::unique_ptr<detail::Db> db_;
};

}  // namespace cecat::index
