// Accreditation statements in page text (DOMAIN.md "Accrediting bodies"):
// "X is approved by the American Psychological Association to sponsor ...",
// "X, provider #1234, is approved as an ACE provider ... approval period:
// 3/9/2024-3/9/2027", "ACEP No. 6999", "Provider #100000", "#SW-0123", ...
#pragma once

#include <cstddef>
#include <optional>
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
  std::string scope;          // whom the approval covers, as written ("Counselors, LPCs")
};

// Every approval statement in `text` (plain text; paragraphs separated by '\n'),
// in order, at most `max_approvals`. A sentence counts when it names a body and
// says approved/accredited/recognized/provider/sponsor; the following sentences
// of its paragraph that carry its number or approval period join the statement.
// One statement naming several bodies gives one Approval per body (a number is
// attached only when it is specific to the body, or when there is one body).
std::vector<Approval> FindApprovals(std::string_view text, std::size_t max_approvals = 32);

// One row of an accreditation table or list ("NBCC | ACEP No. 6999 | 03/31/2027 |
// Counselors", "<li>NAADAC - Provider #123456, expires 6/30/2027</li>"), which
// states an approval without a verb. `cells` are the row's cells as plain text (a
// list item is one cell); `headers` the table's column headings, empty when there
// are none. A row counts when exactly one body is named in it and it carries the
// body's number, a date, or sits under headings that speak of approvals (body,
// number, expiry, scope). Columns are read by their headings ("Provider No.",
// "Valid until", "Expires", "Scope", "Professions"), else the number, the
// approval period and the dates are found in the row's text. Returns nullopt
// for any other row (a course listing's "Ethics | 3 h | APA" has no number or date
// and no approval heading).
std::optional<Approval> ApprovalFromRow(const std::vector<std::string>& cells,
                                        const std::vector<std::string>& headers);

// {"statement", "body_text", "body", "number", "valid_from", "valid_until", "scope"} with
// empty members left out (provider_name too, when set).
Json ApprovalToJson(const Approval& approval, bool with_provider_name = false);

}  // namespace cecat::parsers
