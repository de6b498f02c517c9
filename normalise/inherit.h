// A course's approvals inherited from its provider (docs/normalisation.md
// "Approvals", inheritance). Bodies such as APA, NBCC (ACEP), ASWB ACE, NAADAC and
// CAMFT (CEPA) approve a provider, not a course: every course the provider offers
// carries the approval unless its page says otherwise. Which bodies do so is data
// (data/synonyms.json `bodies[].level`, Vocabulary::ProviderLevelBodies).
#pragma once

#include <string>
#include <vector>

#include "common/record.h"

namespace cecat::normalise {

// The member of an inherited approval naming the provider it came from:
// {"body": "NBCC", "number": "6999", "inherited_from": "p-..."}.
inline constexpr const char* kInheritedFrom = "inherited_from";
// The producer of an `approvals` field that holds inherited approvals:
// "inherited:p-..." alone, or the course's own producer followed by " + inherited:p-...".
inline constexpr const char* kInheritedProducer = "inherited:";

// Recomputes the inherited part of `course`'s approvals from `provider` (the record
// its `provider.id` names; nullptr when unknown): the approvals the course states
// itself stay as they are; each provider approval of a body in `provider_level`
// that the course neither states nor denies (`not_approved_by`) is added with the
// provider's number and dates and `inherited_from`. Inherited entries from an
// earlier provider state are dropped first, so a provider that lost an approval
// takes it from its courses. The `approvals` provenance says "inherited:<id>".
// Returns whether the course changed. Pure; idempotent.
bool InheritApprovals(Record& course, const Record* provider,
                      const std::vector<std::string>& provider_level);

// The provider id a course names (`provider.id`), or "".
std::string CourseProviderId(const Record& course);

}  // namespace cecat::normalise
