// Delivery format as written ("Live Webinar", "Self-paced home study",
// "https://schema.org/OnlineEventAttendanceMode", courseMode "onsite") to the feed's
// on_demand | live_online | in_person | hybrid, using the format words of
// data/synonyms.json.
#pragma once

#include <optional>
#include <string>

#include "common/record.h"
#include "normalise/vocabulary.h"

namespace cecat::normalise {

struct FormatValue {
  std::string format;
  std::string understood;  // the phrase that decided, e.g. "strong: live webinar"
};

// Rules, in order (docs/normalisation.md "Formats"):
// 1. a hybrid phrase ("hybrid", "blended", "in person or online") -> hybrid, and
//    so are alternatives listed side by side ("Online / In-Person");
// 2. strong phrases: in-person together with an online format -> hybrid, else the
//    format of the longest strong phrase ("recorded webinar" beats "webinar");
// 3. weak phrases only: live_online, then on_demand, then in_person
//    ("online workshop" is not in person).
// Returns nullopt when no phrase matches.
std::optional<FormatValue> ParseFormat(const Json& value, const Vocabulary& vocab);

}  // namespace cecat::normalise
