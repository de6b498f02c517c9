#include "parsers/approvals.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include <re2/re2.h>

#include "common/text_memo.h"
#include "common/utf8.h"
#include "parsers/text.h"

namespace cecat::parsers {
namespace {

struct BodyPattern {
  const char* body;
  std::unique_ptr<RE2> anchor;
  std::unique_ptr<RE2> number;  // body-specific number; may be null
  // A US state's board, named by its state ("Kansas Behavioral Sciences Regulatory
  // Board", "Board of Social Work of Minnesota"): the body is left to the
  // normaliser, whose data names the boards (state_boards in data/synonyms.json).
  bool state_board = false;
};

// Date as written: 3/9/2024, 2024-03-09, March 9, 2024, Mar. 9 2024.
#define CECAT_DATE \
  R"((\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}))"
// "provider #1234", "Provider number: 12345", "provider no. 123"
#define CECAT_PROVIDER_NO R"((?i)provider\s*(?:#|number|no\.?|id)?\s*:?\s*#?\s*)"

std::unique_ptr<RE2> Re(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  return std::make_unique<RE2>(pattern, options);
}

const std::vector<BodyPattern>& Bodies() {
  static const std::vector<BodyPattern>* kBodies = [] {
    auto* v = new std::vector<BodyPattern>();
    auto add = [&](const char* body, const std::string& anchor, const std::string& number) {
      v->push_back({body, Re("(?i)(" + anchor + ")"), number.empty() ? nullptr : Re(number)});
    };
    // "APA" alone names the body in tables and badges ("APA | n/a | Psychologists",
    // "APA-approved sponsor"); a sentence still needs a verb of approval to count.
    add("APA", R"(American Psychological Association|\bAPA\b)", "");
    add("ASWB-ACE",
        R"(Association of Social Work Boards(?:\s*\(ASWB\))?|\bASWB\b(?:\s+Approved Continuing Education)?)",
        CECAT_PROVIDER_NO R"((\d{3,5})\b)");
    add("NBCC", R"(National Board for Certified Counselors|\bNBCC\b)",
        R"((?i)ACEP\s*(?:No\.?|#|number)?\s*:?\s*#?\s*(\d{4,6})\b)");
    add("NAADAC", R"(\bNAADAC\b)", CECAT_PROVIDER_NO R"((\d{5,6})\b)");
    add("CAMFT", R"(California Association of Marriage and Family Therapists|\bCAMFT\b)",
        CECAT_PROVIDER_NO R"((\d{5,7})\b)");
    add("NY-SW", R"(State Board for Social Work)", R"(#?\s*(SW-\d{3,5})\b)");
    add("NY-MHC", R"(State Board for Mental Health Practitioners)", R"(#?\s*(MHC-\d{3,5})\b)");
    add("NY-PSY", R"(State Board for Psychology)", R"(#?\s*(PSY-\d{3,5})\b)");
    add("FL-CEBROKER", R"(CE\s?Broker|Florida (?:Board|Department of Health))",
        R"(\b(50-\d{3,6})\b)");
    add("CCAPP", R"(California Consortium of Addiction Programs and Professionals|\bCCAPP\b)",
        R"(\b(\d-\d{2}-\d{3}-\d{4})\b)");
    add("IC&RC", R"(International Certification (?:&|and) Reciprocity Consortium|IC&RC)", "");
    // Last, so a named body that contains a state ("Florida Board", "New York
    // State Education Department's State Board for Social Work") wins: BodySet
    // drops this one when the two overlap.
    const std::string states =
        "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|"
        "Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|"
        "Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|"
        "New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|"
        "Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|"
        "Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming";
    add("",
        R"(\b(?:)" + states +
            R"()(?:\s+[A-Za-z&'-]+){0,6}?\s+(?:Board|Council|Commission)\b|\bBoard(?:\s+[A-Za-z&'-]+){1,6}?\s+(?:)" +
            states + R"()\b)",
        "");
    v->back().state_board = true;
    return v;
  }();
  return *kBodies;
}

// Splits a paragraph into sentences at ". ", "! ", "? " before an upper-case
// letter or a digit, except after common abbreviations ("No. 6999", "Inc.").
std::vector<std::string> Sentences(std::string_view para) {
  static const char* const kAbbrev[] = {"No",  "no", "Inc", "Ltd",  "Co",  "Dr",  "St",  "Mr", "Ms",
                                        "Mrs", "Jr", "Sr",  "Corp", "e.g", "i.e", "U.S", "vs"};
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 2 < para.size(); ++i) {
    char c = para[i];
    if ((c != '.' && c != '!' && c != '?') || para[i + 1] != ' ') continue;
    char next = para[i + 2];
    if (!std::isupper(static_cast<unsigned char>(next))) continue;
    if (c == '.') {
      std::size_t w = i;
      while (w > start && !std::isspace(static_cast<unsigned char>(para[w - 1]))) --w;
      std::string_view word = para.substr(w, i - w);
      bool abbrev = false;
      for (const char* a : kAbbrev) abbrev = abbrev || word == a;
      if (abbrev) continue;
    }
    out.emplace_back(para.substr(start, i + 1 - start));
    start = i + 2;
  }
  if (start < para.size()) out.emplace_back(para.substr(start));
  return out;
}

// A verb of approval: a statement's first sentence needs one (LooksLikeApproval),
// so text without any holds no statement (FindApprovals' prefilter).
const RE2& ApprovalVerb() {
  static const RE2 kVerb(R"((?i)approv|accredit|recogni[sz]ed|\bprovider\b|\bsponsor)");
  return kVerb;
}

bool LooksLikeApproval(const std::string& s) { return RE2::PartialMatch(s, ApprovalVerb()); }

// Every body anchor of Bodies() in one pattern: one pass over a text tells
// whether any body is named in it at all.
const RE2& AnyBody() {
  static const RE2* const kAnyBody = [] {
    std::string all;
    for (const BodyPattern& b : Bodies()) {
      all += (all.empty() ? "" : "|") + b.anchor->pattern().substr(4);  // drop "(?i)"
    }
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(false);
    return new RE2(all, options);
  }();
  return *kAnyBody;
}

// A sentence that continues a statement: it carries a number or a period.
bool IsContinuation(const std::string& s) {
  static const RE2 kMore(
      R"((?i)approval period|provider\s*(?:#|number|no\b)|ACEP|#\s*\d|\b(?:SW|MHC|PSY)-\d|maintains? (?:full )?responsibility|valid (?:through|until))");
  return RE2::PartialMatch(s, kMore);
}

// Bit i set when the sentence names Bodies()[i]. A state board whose words overlap
// another body's name is that body ("Florida Board" is FL-CEBROKER), not a second.
unsigned BodySet(const std::string& s) {
  unsigned set = 0;
  std::vector<re2::StringPiece> named(Bodies().size());
  for (std::size_t i = 0; i < Bodies().size(); ++i) {
    if (Bodies()[i].anchor->Match(s, 0, s.size(), RE2::UNANCHORED, &named[i], 1)) set |= 1u << i;
  }
  for (std::size_t i = 0; i < Bodies().size(); ++i) {
    if (!Bodies()[i].state_board || !(set & (1u << i))) continue;
    const char* from = named[i].data();
    const char* to = from + named[i].size();
    for (std::size_t k = 0; k < Bodies().size() && (set & (1u << i)); ++k) {
      if (k == i || !(set & (1u << k))) continue;
      // Every mention of body k, not only its first ("CE Broker for the Florida
      // Board of ...": the second names the state board as FL-CEBROKER's).
      re2::StringPiece m;
      std::size_t at = 0;
      while (at <= s.size() && Bodies()[k].anchor->Match(s, at, s.size(), RE2::UNANCHORED, &m, 1)) {
        if (m.data() < to && from < m.data() + m.size()) {
          set &= ~(1u << i);
          break;
        }
        at = static_cast<std::size_t>(m.data() - s.data()) + std::max<std::size_t>(m.size(), 1);
      }
    }
  }
  return set;
}

// What an Approval holds, for TextMemo's bound.
std::size_t ApprovalBytes(const Approval& a) {
  return sizeof(Approval) + a.statement.size() + a.body_text.size() + a.body.size() +
         a.number.size() + a.valid_from.size() + a.valid_until.size() + a.provider_name.size() +
         a.scope.size();
}

// The statements of one paragraph (FindApprovals), at most `max_approvals`.
std::vector<Approval> ParagraphApprovals(std::string_view paragraph, std::size_t max_approvals) {
  std::vector<Approval> out;
  static const RE2 kPeriod("(?i)approval period\\s*:?\\s*" CECAT_DATE
                           "\\s*(?:-|\xE2\x80\x93|to|through)\\s*" CECAT_DATE);
  static const RE2 kValidUntil("(?i)(?:valid|approved) (?:through|until)\\s*:?\\s*" CECAT_DATE);
  static const RE2 kGenericNumber(CECAT_PROVIDER_NO R"(([A-Z0-9][A-Z0-9-]{2,15})\b)");
  static const RE2 kSubject(
      R"(^(.{2,160}?)(?:,\s*(?:provider|ACEP)|\s+(?:is|has been|are|have been)\s+(?:an?\s+)?(?:approved|recogni[sz]ed|accredited|an approved)))");
  std::vector<std::string> sentences = Sentences(paragraph);
  // Each sentence's bodies, asked once: a sentence is read as a continuation of
  // the one before and then as a statement's first.
  std::vector<std::optional<unsigned>> body_sets(sentences.size());
  auto bodies_of = [&](std::size_t k) {
    if (!body_sets[k]) body_sets[k] = BodySet(sentences[k]);
    return *body_sets[k];
  };
  for (std::size_t i = 0; i < sentences.size() && out.size() < max_approvals; ++i) {
    const std::string& first = sentences[i];
    unsigned bodies_here = bodies_of(i);
    if (bodies_here == 0 || !LooksLikeApproval(first)) continue;
    std::string statement = first;
    // A later sentence of the paragraph (within three) that carries this
    // statement's number or period, and names no other body, joins it with
    // the sentences between ("... ACE program. Regulatory boards are the final
    // authority ... ACE provider approval period: 3/9/2024-3/9/2027.").
    std::size_t last = i;
    for (std::size_t j = i + 1; j < sentences.size() && j <= i + 3; ++j) {
      unsigned named = bodies_of(j);
      if ((named & ~bodies_here) != 0) break;
      if (IsContinuation(sentences[j])) last = j;
    }
    while (i < last && statement.size() < 2000) statement += " " + sentences[++i];
    i = last;
    statement = TruncateUtf8(CollapseWhitespace(statement), 2000);
    // The bodies the statement names: its first sentence's when nothing joined
    // it (BodySet runs a pattern per body; once per statement is enough).
    const unsigned named_here = statement == first ? bodies_here : BodySet(statement);
    int bodies = __builtin_popcount(named_here);
    std::string from, until, subject;
    if (!RE2::PartialMatch(statement, kPeriod, &from, &until)) {
      RE2::PartialMatch(statement, kValidUntil, &until);
    }
    RE2::PartialMatch(statement, kSubject, &subject);
    // "This course is approved by ..." names no provider.
    static const RE2 kNotAProvider(
        R"((?i)^(?:this|these|our|all|the|each)?\s*(?:courses?|programs?|programmes?|webinars?|workshops?|events?|trainings?|activit(?:y|ies)|sessions?|we|it)$)");
    if (RE2::FullMatch(subject, kNotAProvider)) subject.clear();
    for (std::size_t bi = 0; bi < Bodies().size(); ++bi) {
      const BodyPattern& b = Bodies()[bi];
      std::string named;
      if (!(named_here & (1u << bi)) || !RE2::PartialMatch(statement, *b.anchor, &named)) continue;
      Approval a;
      a.statement = statement;
      a.body_text = named;
      a.body = b.body;
      if (b.number) RE2::PartialMatch(statement, *b.number, &a.number);
      if (a.number.empty() && bodies == 1 && std::string_view(b.body) != "APA") {
        RE2::PartialMatch(statement, kGenericNumber, &a.number);
      }
      a.valid_from = from;
      a.valid_until = until;
      a.provider_name = CollapseWhitespace(subject);
      out.push_back(std::move(a));
      if (out.size() >= max_approvals) break;
    }
  }
  return out;
}

}  // namespace

std::vector<Approval> FindApprovals(std::string_view text, std::size_t max_approvals) {
  std::vector<Approval> out;
  // The page's plain text is valid UTF-8 already: repaired in a copy only when not.
  std::string repaired;
  std::string_view clean = text;
  if (ValidUtf8Prefix(text) != text.size()) clean = repaired = ValidUtf8(text);
  // Most pages state no approval: without a verb of approval anywhere no
  // sentence can be a statement's first, and one cheap pass (a small pattern's
  // DFA) says so before the bodies' patterns run.
  if (!RE2::PartialMatch(clean, ApprovalVerb())) return out;
  // A provider's pages repeat their approval paragraphs word for word: each is
  // read once per process (a third of ExtractPage's approval work on typical
  // course pages, issue 25). Long paragraphs, rarely repeated, are read each time.
  static auto* const memo = new TextMemo<std::vector<Approval>>(  // never freed
      2048, 8 << 20, [](const std::vector<Approval>& list) {
        std::size_t n = 0;
        for (const Approval& a : list) n += ApprovalBytes(a);
        return n;
      });
  // One pass of a combined pattern finds the paragraphs that name a body; only
  // those are split into sentences (a page is mostly text that names none).
  const RE2* const kAnyBody = &AnyBody();
  std::size_t para_start = 0;
  while (para_start <= clean.size() && out.size() < max_approvals) {
    re2::StringPiece rest(clean.data() + para_start, clean.size() - para_start);
    re2::StringPiece hit;
    if (!kAnyBody->Match(rest, 0, rest.size(), RE2::UNANCHORED, &hit, 1)) break;
    std::size_t hit_at = static_cast<std::size_t>(hit.data() - clean.data());
    std::size_t before = clean.rfind('\n', hit_at);
    para_start = before == std::string_view::npos || before < para_start ? para_start : before + 1;
    std::size_t para_end = clean.find('\n', hit_at);
    if (para_end == std::string_view::npos) para_end = clean.size();
    std::string_view paragraph = clean.substr(para_start, para_end - para_start);
    para_start = para_end + 1;
    // The paragraph's first `max_approvals` statements, of which the first that
    // still fit are kept: the same as reading it with the room left.
    std::vector<Approval> found =
        paragraph.size() > 4096
            ? ParagraphApprovals(paragraph, max_approvals)
            : memo->Get(std::to_string(max_approvals) + ':' + std::string(paragraph),
                        [&] { return ParagraphApprovals(paragraph, max_approvals); });
    for (Approval& a : found) {
      if (out.size() >= max_approvals) break;
      out.push_back(std::move(a));
    }
  }
  return out;
}

namespace {

std::optional<Approval> ReadApprovalRow(const std::vector<std::string>& cells,
                                        const std::vector<std::string>& headers) {
  std::string row;
  for (const std::string& c : cells) {
    std::string t = CollapseWhitespace(ValidUtf8(c));
    if (t.empty()) continue;
    row += (row.empty() ? "" : "; ") + t;
  }
  if (row.empty() || row.size() > 600) return std::nullopt;  // a paragraph, not a row
  // Most rows (navigation, course lists) name no body: one pass of the combined
  // anchors says so before each body's own pattern runs.
  unsigned named = RE2::PartialMatch(row, AnyBody()) ? BodySet(row) : 0;
  // A state board beside a named body is not a second body of the row here (the
  // row is read as the named body's, as before state boards were anchors).
  for (std::size_t i = 0; i < Bodies().size(); ++i) {
    if (Bodies()[i].state_board && (named & ~(1u << i)) != 0) named &= ~(1u << i);
  }
  if (__builtin_popcount(named) > 1) return std::nullopt;
  const BodyPattern* body = nullptr;
  for (std::size_t i = 0; i < Bodies().size(); ++i) {
    // A state board (the body left to the normaliser) counts as an unknown one.
    if ((named & (1u << i)) && !Bodies()[i].state_board) body = &Bodies()[i];
  }
  // A body this parser does not know (most state boards: "Texas Behavioral Health
  // Executive Council") counts only under approval headings; its first cell goes
  // to the normaliser, whose data names the boards.
  static const RE2 kOrganisation(
      R"((?i)\b(?:board|council|commission|department|association|consortium|division)\b)");
  static const BodyPattern kUnknown{"", nullptr, nullptr};
  if (body == nullptr) {
    if (headers.empty() || cells.empty() || !RE2::PartialMatch(cells[0], kOrganisation))
      return std::nullopt;
    body = &kUnknown;
  }
  static const RE2 kDate(CECAT_DATE);
  static const RE2 kNumberHeading(R"((?i)\b(?:number|no\b|num\b|id\b|#)|#)");
  static const RE2 kDateHeading(
      R"((?i)valid|expir|until|through|period|renew|approved (?:to|thru))");
  static const RE2 kScopeHeading(
      R"((?i)scope|audience|profession|licen[cs]e|discipline|credit for|who)");
  static const RE2 kApprovalHeading(
      R"((?i)approv|accredit|\bbody\b|board|organi[sz]ation|provider)");
  static const RE2 kGenericNumber(CECAT_PROVIDER_NO R"(([A-Z0-9][A-Z0-9-]{2,15})\b)");
  Approval a;
  if (body->anchor) {
    RE2::PartialMatch(row, *body->anchor, &a.body_text);
  } else {
    a.body_text = CollapseWhitespace(ValidUtf8(cells[0]));
  }
  a.body = body->body;
  a.statement = TruncateUtf8(row, 2000);
  bool approval_headings = false;
  for (std::size_t i = 0; i < cells.size() && i < headers.size(); ++i) {
    const std::string& h = headers[i];
    std::string cell = CollapseWhitespace(ValidUtf8(cells[i]));
    if (cell.empty()) continue;
    if (RE2::PartialMatch(h, kDateHeading)) {
      approval_headings = true;
      std::string from, until;
      re2::StringPiece in(cell);
      std::string d;
      std::vector<std::string> dates;
      while (RE2::FindAndConsume(&in, kDate, &d)) dates.push_back(d);
      if (dates.size() >= 2) {
        a.valid_from = dates[0];
        a.valid_until = dates[1];
      } else if (dates.size() == 1) {
        a.valid_until = dates[0];
      }
    } else if (RE2::PartialMatch(h, kScopeHeading)) {
      approval_headings = true;
      a.scope = cell;
    } else if (RE2::PartialMatch(h, kNumberHeading) && BodySet(cell) == 0) {
      approval_headings = true;
      // "ACEP No. 6999" or "6999": the body's own pattern first, else the cell.
      if (!body->number || !RE2::PartialMatch(cell, *body->number, &a.number)) {
        static const RE2 kBare(R"(^#?\s*([A-Za-z0-9][A-Za-z0-9-]{1,19})$)");
        RE2::FullMatch(cell, kBare, &a.number);
      }
    } else if (RE2::PartialMatch(h, kApprovalHeading)) {
      approval_headings = true;
    }
  }
  if (a.number.empty() && body->body != std::string_view("APA")) {
    if (!body->number || !RE2::PartialMatch(row, *body->number, &a.number)) {
      RE2::PartialMatch(row, kGenericNumber, &a.number);
    }
  }
  if (a.body == "APA") a.number.clear();  // APA issues no provider number
  if (a.valid_until.empty()) {
    static const RE2 kPeriod("(?i)" CECAT_DATE "\\s*(?:-|\xE2\x80\x93|to|through)\\s*" CECAT_DATE);
    if (!RE2::PartialMatch(row, kPeriod, &a.valid_from, &a.valid_until)) {
      a.valid_from.clear();
      RE2::PartialMatch(row, kDate, &a.valid_until);
    }
  }
  bool has_number = !a.number.empty();
  bool has_date = !a.valid_until.empty();
  if (!has_number && !has_date && !approval_headings) return std::nullopt;
  if (body == &kUnknown && !approval_headings) return std::nullopt;
  return a;
}

}  // namespace

std::optional<Approval> ApprovalFromRow(const std::vector<std::string>& cells,
                                        const std::vector<std::string>& headers) {
  // Rows repeat across a provider's pages (its accreditation table, its credit
  // table's boards): each distinct row is read once per process (issue 25).
  static auto* const memo = new TextMemo<std::optional<Approval>>(  // never freed
      4096, 8 << 20, [](const std::optional<Approval>& a) { return a ? ApprovalBytes(*a) : 0; });
  std::string key;
  for (const std::string& c : cells) key.append(c).push_back('\x1f');
  key.push_back('\x1e');
  for (const std::string& h : headers) key.append(h).push_back('\x1f');
  if (key.size() > 2048) return ReadApprovalRow(cells, headers);
  return memo->Get(key, [&] { return ReadApprovalRow(cells, headers); });
}

Json ApprovalToJson(const Approval& a, bool with_provider_name) {
  Json out = Json::object();
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) out[key] = v;
  };
  put("statement", a.statement);
  put("body_text", a.body_text);
  put("body", a.body);
  put("number", a.number);
  put("valid_from", a.valid_from);
  put("valid_until", a.valid_until);
  put("scope", a.scope);
  if (with_provider_name) put("provider_name", a.provider_name);
  return out;
}

}  // namespace cecat::parsers
