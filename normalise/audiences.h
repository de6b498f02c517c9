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
// addiction), each once; empty when no word is recognised. "All mental health
// professionals" is not an audience: it names no licence.
std::vector<std::string> ParseAudiences(const Json& value, const Vocabulary& vocab);

// Topic slugs in taxonomy order, each once. Each list item and the whole text are
// matched, so "Ethics, Telehealth" and "ethics and telehealth" both give two topics.
std::vector<std::string> ParseTopics(const Json& value, const Vocabulary& vocab);

}  // namespace cecat::normalise
