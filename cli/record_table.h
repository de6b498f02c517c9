// `cecat extract --table`: normalised records as a text table, one line per
// record, the record type's main fields as columns.
#pragma once

#include <iosfwd>

#include <string>
#include <vector>

#include "common/record.h"

namespace cecat::cli {

// Prints `records` (record objects as `cecat extract` prints them: "type" and the
// record's fields) grouped by type in first-seen order, each group under a header
// line naming its columns. Every value goes through cli/terminal.h (control
// characters escaped, long values cut with "…"). Prints "no records" for none.
// `columns`, when not empty, replaces every type's columns (after "type"): the
// fields a rule under test reads that the default columns leave out
// (`--columns title,audiences,description`).
void PrintRecordTable(std::ostream& out, const Json& records,
                      const std::vector<std::string>& columns = {});

// The record field a chosen column shows for a record type: `title` is a
// provider's or scholarship's `name`, `name` a course's or review's `title` (the
// aliases rules accept, docs/extraction.md "Fields per record type").
const char* TableField(const std::string& type, const std::string& column);

// One cell's text for a record field as the table shows it: a course price as
// "free" or "USD 49", approvals as their bodies, a provider by name, a location
// as "City, ST", numbers without trailing zeros; "" when absent. Exposed for tests.
std::string FieldCell(const Json& record, const std::string& field);

}  // namespace cecat::cli
