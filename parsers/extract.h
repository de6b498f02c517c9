// Page extraction: bytes of one HTML page in, raw records out (SPEC.md
// "cecat extract"; issue 4). Knows nothing of HTTP, SQLite or the config file.
//
// ExtractPage never throws and never fails: whatever the bytes, it returns what
// could be extracted plus diagnostics. Input is UTF-8 (the crawler converts other
// charsets first); invalid sequences become U+FFFD, so every string in the output
// is valid UTF-8 and nlohmann::json::dump() cannot throw on it.
//
// ---------------------------------------------------------------------------
// RAW FIELD VOCABULARY (what normalise/ reads in RawRecord::fields)
// ---------------------------------------------------------------------------
// Values are as written: strings keep their units ("0.6 CEU", "$29"), numbers
// stay numbers, schema.org objects stay objects. Text fields (title, name,
// description, text, eligibility, statement) are plain text: markup and comments
// dropped, entities decoded, whitespace collapsed, at most max_text_bytes.
// Absent fields are absent (never null or "").
//
// kind "course" (schema.org Course, CourseInstance, EducationEvent, Event; rules
// with type "course"):
//   title        string   name / headline
//   description  string   description (plain text)
//   url          string   url (or an absolute @id), resolved against the page base
//   provider     object   {"name": string, "url": string} from provider/organizer
//                         (rules: a string, the provider's name)
//   presenters   array    of strings: instructor/performer names (course and instances)
//   ce_hours     any      numberOfCredits as written (number, "6", {"value":6}->6), else
//                         educationalCredentialAwarded when it holds a digit ("6 CE hours");
//                         rules: the text, e.g. "0.6 CEU"
//   credit_note  string   educationalCredentialAwarded as written ("6 CE for psychologists,
//                         5.5 for counselors")
//   duration     string   timeRequired / courseWorkload / duration ("PT6H", "6 hours")
//   approvals    array    of objects {"statement", "body_text", "body", "number",
//                         "valid_from", "valid_until"} (only "statement" is always there);
//                         from approval statements in the page text (source "text:"),
//                         or a rule field (its text is scanned; unrecognised text gives
//                         {"statement": text})
//                         body: best guess in the SPEC vocabulary: "APA", "ASWB-ACE",
//                         "NBCC", "NAADAC", "CAMFT", "NY-SW", "NY-MHC", "NY-PSY",
//                         "FL-CEBROKER", "CCAPP", "IC&RC"
//   audiences    array    of strings: audience.audienceType / educationalRole / name
//   format       string or array of strings: courseMode ("online", "onsite", "blended",
//                         "https://schema.org/..."), else eventAttendanceMode; rules: text
//   start_date   string   startDate (course, first instance, or event) as written
//   end_date     string   endDate as written
//   location     any      location as written: a string, or a Place/VirtualLocation
//                         object {"name", "address": {"addressLocality", "addressRegion",
//                         "addressCountry", ...}}
//   instances    array    when a Course has several hasCourseInstance: each
//                         {"format", "start_date", "end_date", "location", "url"}
//   price        object   the first Offer as written ({"price": "29.00", "priceCurrency":
//                         "USD", "category": "Paid", ...}; AggregateOffer with lowPrice/
//                         highPrice), or {"isAccessibleForFree": true}; rules: the text "$29"
//   topics       string or array: keywords as written ("ethics, telehealth" or [...]),
//                         else the names of `about`
//   rating       object   {"value", "best", "worst", "count"} as written from
//                         aggregateRating (ratingValue, bestRating, worstRating,
//                         ratingCount/reviewCount); from text ("4.5 out of 5", "★★★★☆",
//                         "90%"): {"value": number, "best": number, "text": as written}
//   language     string   inLanguage
// kind "provider" (Organization, EducationalOrganization, ...; rules "provider"):
//   name, url, description, approvals (as above; from hasCredential as
//   {"statement": name, "body_text": recognizedBy name}), location (address as
//   written), rating
// kind "approval" (an approval statement on a page that is not a single course
// page): provider_name (the statement's subject, "X is approved by ..."), and the
//   approval keys above: statement, body_text, body, number, valid_from, valid_until
// kind "scholarship" (MonetaryGrant, Grant; rules "scholarship"):
//   name, sponsor (funder/sponsor name, string), amount (as written: number, string or a
//   MonetaryAmount object {"value"|"minValue"/"maxValue", "currency"}), currency,
//   deadline (applicationDeadline/validThrough/endDate as written), description,
//   eligibility, audiences, url; rules may add any other field (degree_levels,
//   disciplines, open, ...), kept as text
// kind "review" (Review, a course's/provider's nested review; rules "review"):
//   rating ({"value", "best", "worst"} as written, or recognised from text as above),
//   title, text, author (display name), date, target_url (the reviewed item's URL,
//   else the page URL), target_name, target_kind ("course", "provider")
//
// Provenance values: "jsonld:[0].@graph[1].name" (index in PageExtraction::jsonld,
// then the JSON path), "microdata:[0].offers.price" (index in
// PageExtraction::microdata, then property names), "rule:<field spec>" (e.g.
// "rule:h1.course-title"), "text:approval statement".
// ---------------------------------------------------------------------------
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "common/extract_rule.h"
#include "common/record.h"
#include "common/result.h"

namespace cecat::parsers {

// What could not be used and why, as common/diagnostic.h Diagnostic. `where`
// locates it on the page: "jsonld[2]" (the block's index among the page's JSON-LD
// scripts), "microdata", "rule[0].item", "rule[0].fields.title", "follow[1]",
// "html", "text"; `url` is the page URL as given; `line` and `offset` point into
// the HTML when known (a JSON-LD block's <script> tag). Severity: kError for a
// unit that could not be used at all (a block that is not JSON, a selector that
// does not parse), kWarning for what was skipped or matched nothing, kInfo for
// what was used after a repair.

struct Link {
  std::string href;  // as written (invalid UTF-8 replaced, at most 8 KiB)
  // Resolved against the base (common/url.h, WHATWG leniencies); empty when it
  // does not resolve or its scheme is not http, https or file (mailto:, tel:,
  // javascript: links are listed, never followed).
  std::string url;
  bool follow = false;  // matched a follow selector (never for an empty url)
};

struct ExtractOptions {
  // The source's `extract` entries (common/extract_rule.h); default {"method":"auto"}.
  // An empty list extracts no records (structured data and links are still read).
  // An "auto" entry with item/fields uses them only when the page has no JSON-LD
  // or microdata records.
  std::vector<ExtractRule> rules = {ExtractRule{}};
  // CSS selectors: an <a href> matched directly, or any <a href> inside a matched
  // element, is followed.
  std::vector<std::string> follow;
  // The source is a provider's own site (its `kinds` include providers or
  // accreditations): a course whose page names no provider is the site's, and
  // gets {"provider": {"url": "<page origin>/"}} (provenance "site:<origin>/").
  // Off for aggregators and listings, whose courses are never their own.
  bool site_is_provider = false;
  // List only the links a follow selector reaches (when there are follow
  // selectors): the refresh follows nothing else, and listing the ~147 other
  // links of a typical course page cost 18% of ExtractPage's time (issue 25). Off for
  // `cecat extract`, which shows every link and why it is not followed.
  bool followed_links_only = false;
  // Parse pages in the plain subset of HTML with the simple parser
  // (detail/simple_html.h), which builds Gumbo's tree in a fraction of Gumbo's
  // time. Off: always Gumbo, for the tests that prove both give the same output.
  bool simple_parser = true;

  // Bounds, so that no page takes unbounded time or memory.
  // The rest of the page is ignored. Gumbo parses about 3 MB/s, so 4 MiB is
  // about 1.5 s of parsing on this project's 2-core machine.
  std::size_t max_html_bytes = 4 * 1024 * 1024;
  std::size_t max_html_depth = 256;  // deeper elements are flattened (html.h LimitNesting)
  std::size_t max_jsonld_blocks = 64;
  std::size_t max_jsonld_block_bytes = 2 * 1024 * 1024;
  // Top-level JSON-LD objects kept per page (an array block contributes each element):
  // a 2 MiB block of "[{},{},...]" would otherwise hold 700,000 objects in memory.
  std::size_t max_jsonld_items = 10000;
  std::size_t max_json_depth = 64;
  std::size_t max_records = 2000;          // records per page
  std::size_t max_links = 20000;           // links per page
  std::size_t max_text_bytes = 64 * 1024;  // one text value
  std::size_t max_field_matches = 200;     // matches a rule field with `all`/`join` reads
  std::size_t max_microdata_items = 2000;
};

struct PageExtraction {
  // The page URL, or the <base href> resolved against it.
  std::string base_url;
  // Top-level objects of every JSON-LD block, in document order (an array block
  // contributes its elements; @graph is kept as written).
  Json jsonld = Json::array();
  // Top-level items in W3C Microdata JSON form:
  // {"type": [...], "id": ..., "properties": {"name": [values...]}}.
  Json microdata = Json::array();
  // Every <a href>, in document order (ExtractOptions::followed_links_only: only
  // those followed).
  std::vector<Link> links;
  std::vector<RawRecord> records;
  std::vector<Diagnostic> diagnostics;
  // Every extract entry has a `url` regex and none matched the page URL (a
  // diagnostic at "extract" says so), so no records were looked for. A crawl
  // passes through such pages for their links; the refresh counts them rather
  // than repeating the diagnostic for each.
  bool no_entry_matched = false;
};

// Extracts everything from one page. `page_url` is the final URL after
// redirects (absolute). Rule entries apply when their `url` regex (RE2) finds a
// match in the page URL; "auto" entries give JSON-LD records, else microdata
// records, else their own item/fields rules; "rules" entries give their rules'
// records. Approval statements in the page text are attached to the course when
// the page yields exactly one course, else emitted as "approval" records.
PageExtraction ExtractPage(std::string_view html, std::string_view page_url,
                           const ExtractOptions& options);

// The raw extraction as JSON, for debugging output and fixture tests:
// {"base_url", "jsonld", "microdata", "links": [{"href", "url", "follow"}],
//  "records": [{"kind", "page_url", "item_url", "item_id", "fields", "provenance"}],
//  "diagnostics": [Diagnostic::ToJson(): {"severity", "where", "message", "url",
//  "line" when known}]}.
Json ToJson(const PageExtraction& extraction);
Json ToJson(const RawRecord& record);

// Validates a CSS selector (SPEC.md "Selectors") for `sources check`. The error
// message includes the 1-based column: "selector 'div[': column 5: expected
// attribute name".
Status CheckSelector(std::string_view selector);

// Validates a rule field: "SELECTOR" or "SELECTOR@attr" (an empty selector,
// "@href", means the item element itself).
Status CheckFieldSelector(std::string_view field);

}  // namespace cecat::parsers
