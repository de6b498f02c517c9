// Approval statements and fields ("X has been approved by NBCC as an Approved
// Continuing Education Provider, ACEP No. 6999.", {"body": "ASWB", "number": "1234"},
// "APA") to the body vocabulary of DOMAIN.md: APA, ASWB-ACE, NBCC, NAADAC, CAMFT,
// IC&RC, CCAPP, FL-CEBROKER, NY-SW, NY-MHC, NY-PSY, and other state boards as
// "XX-BOARD". Body names and number patterns come from data/synonyms.json.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/record.h"
#include "normalise/vocabulary.h"

namespace cecat::normalise {

struct Approval {
  std::string body;
  std::optional<std::string> number;  // null when the body issues none (APA) or none is stated
  std::string valid_from;             // ISO dates from "approval period: 3/9/2024-3/9/2027"
  std::string valid_until;
  std::vector<std::string> scope;  // audience slugs the statement names ("for psychologists")
  std::string understood;
  // The text says the body does NOT approve this ("This program is not approved for
  // NBCC credit", "NBCC credit is not available for this workshop"). A course keeps
  // such bodies in `not_approved_by`, so it inherits no provider approval of them;
  // a provider ignores them. "Programs that do not qualify for NBCC credit are
  // clearly identified" (an approved provider's own statement) is not a denial.
  bool denied = false;
};

// Every approval in a statement, a list of statements/objects, or one object
// ({body, number, body_text, valid_until, valid_from, scope}). One approval per
// body, in order of first mention; a later mention adds a number or dates the first
// lacked. Text that names no body gives an empty list. A body that the text names
// only to deny it comes out with `denied` set (callers split the two); a denial
// anywhere in the value wins over a statement of the same body.
std::vector<Approval> ParseApprovals(const Json& value, const Vocabulary& vocab);

// The bodies named in `text`, in order of first mention (for callers that only
// need the body, e.g. a rule field "approved_by").
std::vector<std::string> DetectBodies(const std::string& text, const Vocabulary& vocab);

// Feed JSON. Courses: {body, number, valid_from?, valid_until?}; providers add scope.
Json ApprovalToJson(const Approval& approval, bool with_scope);

}  // namespace cecat::normalise
