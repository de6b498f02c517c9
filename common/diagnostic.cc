#include "common/diagnostic.h"

#include <utility>

namespace cecat {

const char* SeverityName(Diagnostic::Severity severity) {
  switch (severity) {
    case Diagnostic::Severity::kInfo:
      return "info";
    case Diagnostic::Severity::kWarning:
      return "warning";
    case Diagnostic::Severity::kError:
      return "error";
  }
  return "warning";
}

std::string Diagnostic::ToString() const {
  // Compiler style ("file:line: message"), as ninja's parser errors.
  std::string out = url;
  if (line > 0) out += (out.empty() ? "line " : ":") + std::to_string(line);
  if (!out.empty()) out += ": ";
  if (!where.empty()) out += where + ": ";
  out += message;
  return out;
}

Json Diagnostic::ToJson() const {
  Json j = {{"severity", SeverityName(severity)}, {"where", where}, {"message", message}};
  if (!url.empty()) j["url"] = url;
  if (line > 0) j["line"] = line;
  if (offset >= 0) j["offset"] = offset;
  return j;
}

void to_json(Json& j, const Diagnostic& d) { j = d.ToJson(); }

void DiagnosticList::Add(Diagnostic d) {
  if (kept_.size() < max_kept_) {
    kept_.push_back(std::move(d));
    return;
  }
  if (dropped_ == 0) {
    first_dropped_ = d;
    worst_dropped_ = d.severity;
  } else if (d.severity > worst_dropped_) {
    worst_dropped_ = d.severity;
  }
  ++dropped_;
}

std::vector<Diagnostic> DiagnosticList::Take() {
  std::vector<Diagnostic> out = std::move(kept_);
  if (dropped_ > 0) {
    Diagnostic more = std::move(first_dropped_);
    more.severity = worst_dropped_;
    more.offset = -1;
    more.message = std::to_string(dropped_) + " more problems; only the first " +
                   std::to_string(max_kept_) + " are listed";
    out.push_back(std::move(more));
  }
  kept_.clear();
  dropped_ = 0;
  first_dropped_ = Diagnostic();
  worst_dropped_ = Diagnostic::Severity::kInfo;
  return out;
}

}  // namespace cecat
