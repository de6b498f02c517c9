#include "common/rule_fields.h"

#include <algorithm>

namespace cecat {
namespace {

// What the shared normalisers accept, written once for the types that share them.
constexpr std::string_view kUrl =
    "a link, usually `a@href`; resolved against the page; http, https or file. Default: the "
    "page's URL";
constexpr std::string_view kApprovals =
    "approval statements or body names: APA, ASWB-ACE, NBCC, NAADAC, CAMFT, IC&RC, CCAPP, "
    "FL-CEBROKER, NY-SW, NY-MHC, NY-PSY, other state boards as `XX-BOARD`; the provider number "
    "and approval period are read from the text";
constexpr std::string_view kRating =
    "`4.5 out of 5`, `9/10`, `90%`, star glyphs, a number from 0 to 5; kept on a 0-5 scale";
constexpr std::string_view kRatingCount =
    "the number of ratings (`(12 reviews)`, `12`); needs `rating`";
constexpr std::string_view kDate =
    "a date: `03/15/2027` (month first), `March 15, 2027`, `2027-03-15`, with a time and US zone "
    "(`10:00 AM ET`); years 1990-2100";
constexpr std::string_view kCurrencyCode = "an ISO 4217 code of 3 letters: `USD`, `CAD`, `EUR`";

}  // namespace

std::vector<std::string_view> RuleTypeFields::Accepted() const {
  std::vector<std::string_view> out;
  for (const RuleFieldSpec& f : fields) out.push_back(f.name);
  for (const RuleFieldAlias& a : aliases) {
    if (a.accepted) out.push_back(a.name);
  }
  return out;
}

bool RuleTypeFields::Accepts(std::string_view name) const {
  std::vector<std::string_view> accepted = Accepted();
  return std::find(accepted.begin(), accepted.end(), name) != accepted.end();
}

const RuleFieldAlias* RuleTypeFields::Alias(std::string_view name) const {
  for (const RuleFieldAlias& a : aliases) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const std::vector<RuleTypeFields>& RuleFieldTable() {
  // An alias is kept only where it is the same thing under the other common name
  // (schema.org's `name` for a course's title); one that changed meaning or was
  // ambiguous across types is removed, and `sources check` names the field to write.
  static const std::vector<RuleTypeFields> kTable = {
      {"course",
       {
           {"title", "text, at most 300 characters; required (a course without one is rejected)"},
           {"url", kUrl},
           {"description", "text, at most 2000 characters"},
           {"provider", "the provider's name; it becomes a provider record too"},
           {"presenters",
            "names, split at `and`, `;` and `,` (credentials such as `PhD, LCSW` stay with "
            "their name); `all` reads one per element"},
           {"ce_hours",
            "contact hours: `6`, `6 CE hours`, `0.6 CEU` (1 CEU = 10 hours), `90 minutes`, "
            "`PT1H30M`; a range gives its maximum; `6 for psychologists, 5.5 for counselors` "
            "keeps each; more than 0 and at most 500 hours"},
           {"credit_note",
            "text as written; default: the `ce_hours` text when it is more than a number"},
           {"approvals", kApprovals},
           {"audiences",
            "licences or professions (`LCSW`, `counselors`, `psychologists`) to psychologist, "
            "counselor, social_worker, mft, addiction"},
           {"format",
            "wording of on_demand (`self-paced`, `on demand`), live_online (`live webinar`), "
            "in_person (`in person`, `onsite`) or hybrid (`hybrid`, `online or in person`)"},
           {"start_date",
            "a date as below; a range (`March 15-16, 2027`) sets `end_date` too; `Available "
            "until DATE` sets `end_date`; `On demand`, `Self-paced` set the format instead. "
            "A date: `03/15/2027` (month first), `March 15, 2027`, `2027-03-15`, with a time "
            "and US zone (`10:00 AM ET`); years 1990-2100"},
           {"end_date", kDate},
           {"location",
            "`City, ST`, `City, State`, a country; `Online`, `Virtual`, `Zoom` mean no place"},
           {"city", "the city, when the page writes the place in parts; `location` wins"},
           {"state", "a US state's name or code (`Texas`, `TX`); `location` wins"},
           {"country", "a country's name or ISO code (`Canada`, `CA`); `location` wins"},
           {"price",
            "`$29`, `USD 1,299.00`, `Free`; of several prices the lowest public one "
            "(`FREE for members / $29 non-members` is 29, the text kept as its note)"},
           {"currency",
            "the price's currency, an ISO 4217 code of 3 letters (`USD`, `CAD`, `EUR`); it wins "
            "over the one the price text implies (`$` reads as USD); needs `price` or `free`"},
           {"free",
            "`true`, `yes`, `free`: the price is 0 and free; `false`, `no`: nothing; other "
            "text is read as a price (`$0`, `Free for members`). A free value beside a price "
            "above 0 is dropped with a diagnostic"},
           {"topics",
            "words matched to the taxonomy's slugs (data/taxonomy.json); the title is read too"},
           {"rating", kRating},
           {"rating_count", kRatingCount},
       },
       {
           {"name", "title", true,
            "schema.org's name for a course's title; the same thing, so it is read as `title`"},
           {"date", "start_date", false,
            "ambiguous: a start, an end or a list of sessions; write `start_date` or `end_date`"},
           {"author", "presenters", false,
            "on a course page `author` is often the page's author; write `presenters`"},
           {"sponsor", "provider", false,
            "a course's organisation is its `provider`; `sponsor` is a scholarship's field"},
       }},
      {"provider",
       {
           {"name",
            "text, at most 200 characters, approval wording removed; required unless `url` is "
            "given"},
           {"url", "the provider's site; the record is keyed by its host"},
           {"approvals", kApprovals},
           {"rating", kRating},
           {"rating_count", kRatingCount},
       },
       {
           {"title", "name", true, "a provider's title is its name; read as `name`"},
       }},
      {"approval",
       {
           {"provider",
            "the approved provider's name; default: the site the page is on (its origin)"},
           {"text", "the approval statement; the body, number and period are read from it"},
           {"body", "the approving body as written, to the vocabulary of `approvals`"},
           {"number", "the provider number (APA issues none, so an APA number is dropped)"},
           {"valid_until", kDate},
           {"scope", "the professions the approval covers, as a course's `audiences`"},
           {"approvals", kApprovals},
       },
       {
           {"name", "body", false,
            "it was read as the approving body, where most admins mean the provider; write "
            "`body` or `provider`"},
       }},
      {"scholarship",
       {
           {"name", "text, at most 300 characters; required"},
           {"url", kUrl},
           {"sponsor", "the funding organisation; `Funded by the X Foundation` reads X Foundation"},
           {"amount",
            "money: `$5,000`, `$2,500-$10,000` (minimum and maximum), `up to $5,000` (minimum "
            "0), `5k`; bare numbers under 100 are counts, not money"},
           {"amount_min", "an amount, as `amount`, when the page writes the minimum apart"},
           {"amount_max", "an amount, as `amount`, when the page writes the maximum apart"},
           {"currency", kCurrencyCode},
           {"deadline", "a date, as a course's `end_date`; `Rolling`, `open until filled`"},
           {"disciplines", "professions, as a course's `audiences`"},
           {"degree_levels",
            "degree wording (`master's`, `doctoral`, `bachelor's`) to the vocabulary's degree "
            "levels"},
           {"eligibility", "text, at most 4000 characters"},
           {"open",
            "`open`, `accepting applications`, `apply now`, `true` / `closed`, `not accepting`, "
            "`no longer`, `false`"},
           {"apply_url", "a link, resolved against the page"},
       },
       {
           {"title", "name", true, "a scholarship's title is its name; read as `name`"},
           {"description", "eligibility", false,
            "it was read as `eligibility`, which a description is not always; write "
            "`eligibility`"},
           {"provider", "sponsor", false, "a scholarship's funder is its `sponsor`"},
           {"audiences", "disciplines", false, "a scholarship's professions are `disciplines`"},
       }},
      {"review",
       {
           {"target",
            "the reviewed course or provider: its URL, a record id or its title; default: the "
            "course of the page the review is on"},
           {"rating", "as a course's `rating`; a review needs a rating or text"},
           {"title", "text, at most 300 characters"},
           {"text", "text, at most 4000 characters"},
           {"author", "the display name as published"},
           {"date", kDate},
           {"url", "the review's own link"},
       },
       {
           {"name", "title", true, "a review's name is its title; read as `title`"},
           {"description", "text", false, "one name for the review's text: write `text`"},
           {"body", "text", false, "`body` is an approval's field; write `text`"},
       }},
  };
  return kTable;
}

const RuleTypeFields* RuleFieldsOf(std::string_view type) {
  for (const RuleTypeFields& t : RuleFieldTable()) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

std::string RuleFieldsMarkdown() {
  auto cell = [](std::string_view text) {
    std::string out;
    for (char c : text) {
      if (c == '|') out += '\\';
      out += c;
    }
    return out;
  };
  std::string out;
  for (const RuleTypeFields& t : RuleFieldTable()) {
    out += "### " + std::string(t.type) + "\n\n| field | accepts |\n| --- | --- |\n";
    for (const RuleFieldSpec& f : t.fields) {
      out += "| `" + std::string(f.name) + "` | " + cell(f.accepts) + " |\n";
    }
    if (!t.aliases.empty()) {
      out += "\n| alias | field | |\n| --- | --- | --- |\n";
      for (const RuleFieldAlias& a : t.aliases) {
        out += "| `" + std::string(a.name) + "` | `" + std::string(a.field) + "` | " +
               (a.accepted ? "accepted: " : "removed (a config error): ") + cell(a.why) + " |\n";
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace cecat
