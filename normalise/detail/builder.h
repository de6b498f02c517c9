// Private to normalise/: the per-record state the kind builders share.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "common/record.h"
#include "normalise/review_target.h"
#include "normalise/vocabulary.h"

namespace cecat::normalise::detail {

struct Builder {
  const Vocabulary& vocab;
  const RawRecord& raw;
  const std::string& source_id;
  std::vector<Diagnostic>& diagnostics;
  Record rec;
  std::string label;  // "course 'Ethics & Boundaries'", for diagnostics
  // Folded provider name -> URL, from the provider records and provider objects of
  // the whole batch, so a course naming "Acme CE" without a URL links to the Acme CE
  // provider record of the same page (null when unknown).
  const std::map<std::string, std::string>* provider_urls = nullptr;
  // Folded provider names looked up in provider_urls (null: not wanted), so a caller
  // that normalised with a partial map can tell whether the full one changes the
  // record (Normaliser::NormaliseOne).
  std::vector<std::string>* provider_lookups = nullptr;
  // The courses of the batch (or page), for reviews that name their course by
  // title or link (normalise/review_target.h); null: none known.
  const CourseDirectory* courses = nullptr;

  // The first present, non-empty raw field among `keys`; its key in *used.
  const Json* Find(std::initializer_list<const char*> keys, std::string* used = nullptr) const;
  // rec.provenance[out_field] = the raw field's provenance, or "raw:<raw_key>".
  void Provenance(const std::string& out_field, const std::string& raw_key);
  // Sets rec.fields[out_field] = value with provenance.
  void Set(const std::string& out_field, Json value, const std::string& raw_key);
  // A warning at "normalise <field>" on the raw record's page:
  // "<label>: <field> '<value>' did not normalise (<why>)". Every value read and
  // not used says why (issue 20: nothing dropped in silence): which cap, which
  // vocabulary, what was expected.
  void Diagnose(const std::string& field, const Json& value, const std::string& why);
  // The same for a value that was understood but not used: "<label>: <field>
  // '<value>' dropped (<why>)".
  void Dropped(const std::string& field, const Json& value, const std::string& why);

  // Set by a builder that rejects the record: the field whose value decided it.
  std::string reject_field;
};

// Why a value did not normalise, for the parsers that say only yes or no.
inline constexpr const char* kWhyDate =
    "not a date; expected e.g. 03/15/2027, March 15, 2027 or 2027-03-15, a year from 1990 to "
    "2100";
inline constexpr const char* kWhyRating =
    "not a rating; expected e.g. 4.5 out of 5, 9/10, 90%, star glyphs or a number from 0 to 5";
inline constexpr const char* kWhyFormat =
    "no format wording; expected on_demand (self-paced, on demand), live_online (live webinar), "
    "in_person (in person, onsite) or hybrid";
inline constexpr const char* kWhyLocation =
    "names no US state or country; expected e.g. Austin, TX or Toronto, Canada";
inline constexpr const char* kWhyPrice =
    "no amount and no free wording; expected e.g. $29, USD 1,299.00 or Free";
inline constexpr const char* kWhyCurrency = "expected an ISO 4217 code of 3 letters (USD, CAD)";

// The item's URL resolved against the page, or "" when there is none; `invalid`
// is set to the text when it is present but not a URL.
std::string ItemUrl(const RawRecord& raw, const Json* url_field, std::string* invalid);
// Canonical form of an absolute URL, or "" when it does not parse.
std::string Canonical(const std::string& url);
// MakeRecordId key: canonical item URL, else "source|item_id", else
// "source|page_url|fallback".
std::string IdKey(const RawRecord& raw, const std::string& item_url, const std::string& source_id,
                  const std::string& fallback);
// A provider's id: canonical URL when known, else "provider|<folded name>".
std::string ProviderId(const std::string& name, const std::string& url);
// A value for diagnostics: text as written, capped at 80 bytes.
std::string Shown(const Json& value);

// Kind builders: return nullopt and fill *reason when the record is rejected.
// Providers found on a course are appended to `extra`.
std::optional<Record> BuildCourse(Builder& b, std::vector<Record>& extra, std::string* reason);
std::optional<Record> BuildProvider(Builder& b, std::string* reason);
std::optional<Record> BuildApproval(Builder& b, std::string* reason);
std::optional<Record> BuildScholarship(Builder& b, std::string* reason);
std::optional<Record> BuildReview(Builder& b, std::string* reason);

}  // namespace cecat::normalise::detail
