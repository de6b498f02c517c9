// Audiences and topics from the words pages use: licence abbreviations and
// professions ("LPC, LCSW", "Psychologists; MFTs") to the feed's audience slugs,
// keywords and titles to the taxonomy's topic slugs. Both vocabularies are data
// (data/synonyms.json "audiences", data/taxonomy.json).
#pragma once

#include <string>
#include <vector>

#include "common/record.h"
#include "normalise/vocabulary.h"

namespace cecat::normalise {

// Audience slugs in feed order (psychologist, counselor, social_worker, mft,
// addiction), each once; empty when no word is recognised. Licences and
// professions only (scholarship disciplines, approval scopes, per-audience credit).
std::vector<std::string> ParseAudiences(const Json& value, const Vocabulary& vocab);

// A course's audience field: as ParseAudiences, and also the audience groups of
// data/synonyms.json "audience_groups": "all mental health professionals" gives
// every slug (the page addresses every licence), while a degree programme or its
// students ("the PsyD program", "MSW students") gives none: a school page naming
// its programme states no CE audience. Licences beside them still count
// ("LCSWs and social work students" -> social_worker).
std::vector<std::string> ParseCourseAudiences(const Json& value, const Vocabulary& vocab);

// Audiences inferred from a course's approvals (the feed's `approvals` array,
// [{body, number, scope?}]): an approval's own `scope` when it states one, else the
// audiences its body serves (data/synonyms.json "body_audiences": APA ->
// psychologist, NBCC -> counselor, ...). Feed order, each once; the bodies that
// gave a slug are appended to *bodies (each once). Only for a page that names no
// audience: the caller marks the result as inferred in provenance.
std::vector<std::string> InferAudiences(const Json& approvals, const Vocabulary& vocab,
                                        std::vector<std::string>* bodies);

// Provenance of audiences inferred from approvals:
// "inferred:approvals NBCC, APA (<provenance of the approvals>)".
std::string InferredAudienceProvenance(const std::vector<std::string>& bodies,
                                       const std::string& approvals_provenance);

// Topic slugs in taxonomy order, each once. Each list item and the whole text are
// matched, so "Ethics, Telehealth" and "ethics and telehealth" both give two topics.
std::vector<std::string> ParseTopics(const Json& value, const Vocabulary& vocab);

}  // namespace cecat::normalise
