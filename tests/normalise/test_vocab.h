// The repository's data files, loaded once for the normalise tests.
#pragma once

#include <catch2/catch.hpp>

#include "normalise/normalise.h"
#include "normalise/vocabulary.h"

namespace cecat::normalise::testing {

inline const Vocabulary& RepoVocabulary() {
  static const Vocabulary* vocab = [] {
    auto v = Vocabulary::Load(std::filesystem::path(CECAT_SOURCE_DIR) / "data");
    if (!v.ok()) FAIL("data files do not load: " << v.status().ToString());
    return new Vocabulary(std::move(v).value());
  }();
  return *vocab;
}

inline const Normaliser& RepoNormaliser() {
  static const Normaliser* n = new Normaliser(RepoVocabulary());
  return *n;
}

}  // namespace cecat::normalise::testing
