// Accreditation statements in page text (DOMAIN.md "Accrediting bodies"):
// "X is approved by the American Psychological Association to sponsor ...",
// "X, provider #1234, is approved as an ACE provider ... approval period:
// 3/9/2024-3/9/2027", "ACEP No. 6999", "Provider #100000", "#SW-0123", ...
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/record.h"

namespace cecat::parsers {

struct Approval {
  std::string statement;      // the statement's sentences, as written (plain text)
  std::string body_text;      // the body as the statement names it
  std::string body;           // vocabulary guess: APA, ASWB-ACE, NBCC, NAADAC, CAMFT,
                              // NY-SW, NY-MHC, NY-PSY, FL-CEBROKER, CCAPP, IC&RC
  std::string number;         // provider/approval number as written ("1234", "SW-0123")
  std::string valid_from;     // approval period start as written ("3/9/2024")
  std::string valid_until;    // approval period end as written
  std::string provider_name;  // the statement's subject ("X is approved ...")
};

// Every approval statement in `text` (plain text; paragraphs separated by '\n'),
// in order, at most `max_approvals`. A sentence counts when it names a body and
// says approved/accredited/recognized/provider/sponsor; the following sentences
// of its paragraph that carry its number or approval period join the statement.
// One statement naming several bodies gives one Approval per body (a number is
// attached only when it is specific to the body, or when there is one body).
std::vector<Approval> FindApprovals(std::string_view text, std::size_t max_approvals = 32);

// {"statement", "body_text", "body", "number", "valid_from", "valid_until"} with
// empty members left out (provider_name too, when set).
Json ApprovalToJson(const Approval& approval, bool with_provider_name = false);

}  // namespace cecat::parsers
