// What a parser could not use, and why: the one diagnostic type of every producer
// that never fails (STYLE.md "Parsers never fail; they report"): robots.txt and
// sitemaps (crawler/), page extraction with JSON-LD, microdata, rules and approval
// statements (parsers/), and normalisation (normalise/). The producer says what it
// knows; policy (print, log, count, store with a run) lives in the consumer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cecat {

using Json = nlohmann::json;

// Every member has a default, so producers name only what they know with C++20
// designated initializers, `{.severity = ..., .where = ..., .message = ...}`,
// without -Wmissing-field-initializers.
struct Diagnostic {
  enum class Severity {
    kInfo,     // used, but not as written: a misspelt key read anyway, a repaired block
    kWarning,  // a part was not used: a line, an entry, a value, a rule's field
    kError,    // a whole unit could not be used: an XML error, a JSON-LD block that
               // is not JSON, a selector that does not parse
  };

  Severity severity = Severity::kWarning;
  // The producer and the place inside the document: "robots.txt", "sitemap",
  // "jsonld[2]", "rule[0].fields.title", "normalise price".
  std::string where{};
  // The document: the page, sitemap or robots.txt URL (or a file name). Empty when
  // the producer does not know it; its caller may fill it in.
  std::string url{};
  int line = 0;         // 1-based; 0 when unknown
  int64_t offset = -1;  // bytes from the start of the document; -1 when unknown
  std::string message{};

  // The readable form, "url:line: where: message", each part left out when unknown
  // or empty: "robots.txt:3: ...", "https://x/a: jsonld[0]: ...", "line 3: ...".
  std::string ToString() const;
  // {"severity": "info"|"warning"|"error", "where", "message", and "url", "line",
  // "offset" only when known}.
  Json ToJson() const;

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

// "info", "warning", "error".
const char* SeverityName(Diagnostic::Severity severity);

// For nlohmann: Json(diagnostic) and Json(std::vector<Diagnostic>) give ToJson().
void to_json(Json& j, const Diagnostic& d);

// Keeps the first `max_kept` diagnostics and counts the rest. A quirk of a site
// repeats on every page, and a hostile sitemap of 50 MB of "<url></url>" would
// otherwise give four million of them; the first few say what is wrong.
class DiagnosticList {
 public:
  explicit DiagnosticList(std::size_t max_kept = 100) : max_kept_(max_kept) {}

  void Add(Diagnostic d);

  const std::vector<Diagnostic>& kept() const { return kept_; }
  // Added but not kept.
  int64_t dropped() const { return dropped_; }
  // Everything added.
  int64_t total() const { return static_cast<int64_t>(kept_.size()) + dropped_; }
  bool empty() const { return total() == 0; }

  // The kept diagnostics, plus one more when some were dropped: "N more problems;
  // only the first M are listed", with the worst severity among the dropped and the
  // place (where, url, line) of the first of them. Leaves the list empty.
  std::vector<Diagnostic> Take();

 private:
  std::size_t max_kept_;
  std::vector<Diagnostic> kept_;
  int64_t dropped_ = 0;
  Diagnostic first_dropped_;
  Diagnostic::Severity worst_dropped_ = Diagnostic::Severity::kInfo;
};

}  // namespace cecat
