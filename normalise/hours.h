// Credit hours as written ("0.6 CEU", "90-minute", "6 CE hours", "PT1H30M",
// "6 CE for psychologists, 5.5 for counselors") to contact hours (DOMAIN.md
// "Credit units": 1 CE/contact/clock hour = 60 minutes, 1 CEU = 10 contact hours).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/record.h"
#include "normalise/vocabulary.h"

namespace cecat::normalise {

struct ContactHours {
  double hours = 0;  // contact hours; the largest value stated when per-audience
  // audience slug -> contact hours, only when the text states per-profession credit.
  std::map<std::string, double> by_audience;
  // How the value was read, e.g. "CEU x 10", "minutes / 60", "hours".
  std::string understood;
};

// Accepts a number (hours), an ISO 8601 duration, a schema.org QuantitativeValue
// ({"value": 6, "unitText": "CEU"}), or text. `vocab` (may be null) supplies the
// audience words for per-profession credit. Returns nullopt when no single positive
// amount of at most 500 hours (kMaxContactHours) is stated; then `why` (may be null)
// says what was wrong: "620 hours is over the 500-hour cap", "no amount of hours".
std::optional<ContactHours> ParseContactHours(const Json& value, const Vocabulary* vocab = nullptr,
                                              std::string* why = nullptr);

// The most contact hours one course may carry: a larger figure is a programme's
// total or a typo, not a course's credit.
inline constexpr double kMaxContactHours = 500;

}  // namespace cecat::normalise
