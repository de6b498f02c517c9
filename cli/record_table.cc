#include "cli/record_table.h"

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "cli/terminal.h"

namespace cecat::cli {
namespace {

struct TableColumn {
  const char* field;  // a record field, or "type"
  std::size_t width;  // characters
};

// Per record type, the fields an admin checks first when writing a rule: what it
// is, how much credit, when, what it costs, who offers it and who approved it.
std::vector<TableColumn> ColumnsFor(const std::string& type) {
  if (type == "course") {
    return {{"type", 11},       {"title", 40}, {"ce_hours", 8},  {"format", 11},
            {"start_date", 10}, {"price", 10}, {"provider", 24}, {"approvals", 24}};
  }
  if (type == "provider") {
    return {{"type", 11}, {"name", 40}, {"url", 36}, {"approvals", 30}, {"rating", 10}};
  }
  if (type == "scholarship") {
    return {{"type", 11},   {"name", 40},     {"sponsor", 24},
            {"amount", 16}, {"deadline", 10}, {"open", 5}};
  }
  if (type == "review") {
    return {{"type", 11}, {"rating", 6}, {"title", 36}, {"author", 20}, {"date", 10}};
  }
  return {{"type", 11}, {"id", 24}, {"url", 60}};
}

// A chosen column's width: names and titles as in the default columns, long
// texts wider, the rest as wide as a provider's name.
std::size_t ChosenWidth(const std::string& field) {
  if (field == "title" || field == "name") return 40;
  if (field == "description" || field == "eligibility" || field == "text" || field == "url" ||
      field == "apply_url") {
    return 60;
  }
  if (field == "audiences" || field == "disciplines" || field == "presenters" ||
      field == "topics" || field == "approvals") {
    return 34;
  }
  if (field == "price") return 12;
  if (field == "ce_hours" || field == "open" || field == "rating") return 8;
  if (field == "format" || field == "start_date" || field == "end_date" || field == "deadline" ||
      field == "date") {
    return 11;
  }
  return 24;
}

std::string Number(const Json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (!v.is_number()) return v.is_string() ? v.get<std::string>() : v.dump();
  std::string s = std::to_string(v.get<double>());  // "6.500000"
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string Text(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return Number(v);
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_array()) {
    std::string out;
    for (const Json& e : v) out += (out.empty() ? "" : ", ") + Text(e);
    return out;
  }
  return v.dump();
}

}  // namespace

const char* TableField(const std::string& type, const std::string& column) {
  if (column == "title" && (type == "provider" || type == "scholarship")) return "name";
  if (column == "name" && (type == "course" || type == "review")) return "title";
  return column.c_str();
}

std::string FieldCell(const Json& record, const std::string& field) {
  if (field == "amount") {
    // A scholarship's amount is a range in two fields.
    std::string lo = record.contains("amount_min") ? Number(record["amount_min"]) : "";
    std::string hi = record.contains("amount_max") ? Number(record["amount_max"]) : "";
    std::string range = lo == hi     ? lo
                        : lo.empty() ? "up to " + hi
                        : hi.empty() ? lo + "+"
                                     : lo + "-" + hi;
    if (range.empty()) return "";
    return record.contains("currency") ? Text(record["currency"]) + " " + range : range;
  }
  if (!record.contains(field)) return "";
  const Json& v = record[field];
  if (field == "price" && v.is_object()) {
    if (v.value("free", false)) return "free";
    if (!v.contains("amount")) return "";
    return (v.contains("currency") ? Text(v["currency"]) + " " : "") + Number(v["amount"]);
  }
  if (field == "approvals" && v.is_array()) {
    std::string out;
    for (const Json& a : v) {
      std::string body =
          a.is_object() ? Text(a.value("body", Json(a.value("statement", "")))) : Text(a);
      if (!body.empty()) out += (out.empty() ? "" : ", ") + body;
    }
    return out;
  }
  if (field == "provider" && v.is_object()) return Text(v.value("name", Json(v.value("id", ""))));
  if (field == "location" && v.is_object()) {
    std::string out;
    for (const char* part : {"city", "state", "country"}) {
      if (v.contains(part)) out += (out.empty() ? "" : ", ") + Text(v[part]);
    }
    return out;
  }
  if (field == "rating" && v.is_object()) {
    if (!v.contains("average")) return "";
    return Number(v["average"]) + (v.contains("count") ? " (" + Number(v["count"]) + ")" : "");
  }
  return Text(v);
}

void PrintRecordTable(std::ostream& out, const Json& records,
                      const std::vector<std::string>& chosen) {
  if (records.empty()) {
    out << "no records\n";
    return;
  }
  // Types in the order they first appear; each type one block under its header.
  std::vector<std::string> types;
  for (const Json& r : records) {
    std::string t = r.value("type", "");
    if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
  }
  bool first = true;
  for (const std::string& type : types) {
    std::vector<TableColumn> columns = ColumnsFor(type);
    if (!chosen.empty()) {
      columns = {{"type", 11}};
      for (const std::string& field : chosen) {
        columns.push_back({TableField(type, field), ChosenWidth(field)});
      }
    }
    if (!first) out << "\n";
    first = false;
    std::string header;
    for (const TableColumn& c : columns) header += Column(c.field, c.width) + "  ";
    header.erase(header.find_last_not_of(' ') + 1);
    out << header << "\n";
    for (const Json& r : records) {
      if (r.value("type", "") != type) continue;
      std::string line;
      for (const TableColumn& c : columns) line += Column(FieldCell(r, c.field), c.width) + "  ";
      line.erase(line.find_last_not_of(' ') + 1);
      out << line << "\n";
    }
  }
}

}  // namespace cecat::cli
