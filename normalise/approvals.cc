#include "normalise/approvals.h"

#include <algorithm>
#include <cctype>

#include <re2/re2.h>

#include "common/text_memo.h"
#include "normalise/audiences.h"
#include "normalise/dates.h"
#include "normalise/location.h"
#include "normalise/text.h"

namespace cecat::normalise {
namespace {

// Folded text with, for each folded byte, the offset of the plain-text byte it came
// from, so a body found in folded text can be located in the statement.
struct Folded {
  std::string text;
  std::vector<std::size_t> origin;
};

Folded FoldMapped(const std::string& plain) {
  Folded f;
  bool space = false;
  auto put = [&](char c, std::size_t at) {
    if (space && !f.text.empty()) {
      f.text += ' ';
      f.origin.push_back(at);
    }
    space = false;
    f.text += c;
    f.origin.push_back(at);
  };
  for (std::size_t i = 0; i < plain.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(plain[i]);
    if (std::isalnum(c) || c >= 0x80) {
      put(LowerChar(static_cast<char>(c)), i);
    } else if (c == '&') {
      space = true;
      put('a', i);
      f.text += "nd";
      f.origin.push_back(i);
      f.origin.push_back(i);
      space = true;
    } else {
      space = true;
    }
  }
  return f;
}

struct Mention {
  std::size_t pos = 0;  // in plain text
  std::size_t end = 0;
  std::string body;
  const BodyRule* rule = nullptr;  // null for generic state boards
};

std::vector<Mention> FindMentions(const std::string& plain, const Vocabulary& vocab) {
  Folded f = FoldMapped(plain);
  std::string work = f.text;
  std::vector<Mention> out;
  auto claim = [&](std::size_t pos, std::size_t len, std::string body, const BodyRule* rule) {
    Mention m;
    m.pos = f.origin[pos];
    m.end = f.origin[pos + len - 1] + 1;
    m.body = std::move(body);
    m.rule = rule;
    out.push_back(m);
    std::fill(work.begin() + pos, work.begin() + pos + len, ' ');
  };
  // Named bodies, longest name first, so "state board for social work" claims its
  // words before the generic state-board rule sees "board".
  std::vector<std::pair<const std::string*, const BodyRule*>> names;
  for (const auto& rule : vocab.bodies) {
    for (const auto& n : rule.names) names.emplace_back(&n, &rule);
  }
  std::stable_sort(names.begin(), names.end(),
                   [](const auto& a, const auto& b) { return a.first->size() > b.first->size(); });
  for (const auto& [name, rule] : names) {
    std::size_t pos = 0;
    while ((pos = FindPhrase(work, *name, pos)) != std::string::npos) {
      claim(pos, name->size(), rule->body, rule);
      pos += name->size();
    }
  }
  // Board names from data ("Board of Behavioral Sciences" -> CA-BOARD).
  std::vector<std::pair<const std::string*, std::string>> boards;
  for (const auto& sb : vocab.state_boards) {
    for (const auto& n : sb.phrases) boards.emplace_back(&n, sb.slug);
  }
  std::stable_sort(boards.begin(), boards.end(),
                   [](const auto& a, const auto& b) { return a.first->size() > b.first->size(); });
  for (const auto& [name, code] : boards) {
    std::size_t pos = 0;
    while ((pos = FindPhrase(work, *name, pos)) != std::string::npos) {
      claim(pos, name->size(), code + "-BOARD", nullptr);
      pos += name->size();
    }
  }
  // Any other state board: "<State> ... Board" or "Board ... <State>" within a few
  // words ("Texas State Board of Examiners of Marriage and Family Therapists").
  static const RE2 kStateBoard(
      R"(\b(alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming)\b((?: [a-z0-9]+){0,6}? board)\b)");
  static const RE2 kBoardOfState(
      R"(\b(board(?: [a-z]+){1,8}?) (alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming)\b)");
  // Most statements name no state board: skip the two large alternations then.
  bool has_board = work.find("board") != std::string::npos;
  for (const RE2* re : {&kStateBoard, &kBoardOfState}) {
    if (!has_board) break;
    re2::StringPiece groups[3];
    std::size_t start = 0;
    while (start < work.size() && re->Match(work, start, work.size(), RE2::UNANCHORED, groups, 3)) {
      std::size_t pos = groups[0].data() - work.data();
      std::string state(re == &kStateBoard ? groups[1] : groups[2]);
      auto code = UsStateCode(state);
      if (code) claim(pos, groups[0].size(), *code + "-BOARD", nullptr);
      start = pos + groups[0].size();
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Mention& a, const Mention& b) { return a.pos < b.pos; });
  return out;
}

// Start of the sentence that contains `pos`: after the last ". " + capital, or
// after a newline. "No. 6999" is not a sentence end (a digit follows).
std::size_t SentenceStart(const std::string& text, std::size_t pos) {
  for (std::size_t i = pos; i > 0; --i) {
    char c = text[i - 1];
    if (c == '\n') return i;
    if ((c == '.' || c == '!' || c == '?' || c == ';') && i < text.size() && text[i] == ' ' &&
        i + 1 < text.size() && std::isupper(static_cast<unsigned char>(text[i + 1]))) {
      return i + 1;
    }
  }
  return 0;
}

void ApprovalPeriod(const std::string& chunk, Approval& a) {
  static const RE2 kPeriod(
      R"((?i)(?:approval|approved|provider|accreditation|renewal)\s+period\s*:?\s*([0-9/.-]+|[A-Za-z]+\.? \d{1,2},? \d{4})\s*(?:-|to|through|thru)\s*([0-9/.-]+\d|[A-Za-z]+\.? \d{1,2},? \d{4}))");
  static const RE2 kUntil(
      R"((?i)(?:valid|approved|approval|expires?|expiration(?: date)?|through|thru|until|renewal date)\s*(?:through|until|thru|on|date)?\s*:?\s*([0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}|\d{4}-\d{2}-\d{2}|[A-Za-z]+\.? \d{1,2},? \d{4}))");
  std::string from, until;
  if (RE2::PartialMatch(chunk, kPeriod, &from, &until)) {
    auto f = ParseDate(Json(from));
    auto u = ParseDate(Json(until));
    if (f && !f->rolling) a.valid_from = f->start.substr(0, 10);
    if (u && !u->rolling) a.valid_until = u->start.substr(0, 10);
    return;
  }
  if (RE2::PartialMatch(chunk, kUntil, &until)) {
    auto u = ParseDate(Json(until));
    if (u && !u->rolling) a.valid_until = u->start.substr(0, 10);
  }
}

std::optional<std::string> FindNumber(const BodyRule* rule, const std::string& chunk) {
  if (!rule) {
    // State boards: "provider #1234", "license no. CE-123".
    static const RE2 kGeneric(
        R"((?i)(?:provider|approval|license|licence|sponsor)\s*(?:#|no\.?|number|num\.?)\s*:?\s*#?\s*([A-Z0-9][A-Z0-9-]{2,14}))");
    std::string n;
    if (RE2::PartialMatch(chunk, kGeneric, &n)) return n;
    return std::nullopt;
  }
  for (const auto& re : rule->number_patterns) {
    std::string n;
    if (RE2::PartialMatch(chunk, *re, &n)) {
      // "SW0123" and "sw-0123" are written "SW-0123" by the board.
      n = Upper(n);
      static const RE2 kLetterDigits(R"(^([A-Z]+)(\d+)$)");
      std::string letters, digits;
      if (RE2::FullMatch(n, kLetterDigits, &letters, &digits)) n = letters + "-" + digits;
      return n;
    }
  }
  return std::nullopt;
}

// A denial of the body named in `clause` (the words of its sentence nearest to the
// mention): "not approved for NBCC credit", "NBCC credit is not available",
// "does not offer ASWB ACE credit", "no CAMFT credit". A provider's notice that such
// programs "are clearly identified" says nothing about this one.
bool Denies(const std::string& clause) {
  static const RE2 kDenial(
      R"((?i)\b(?:not|never|no longer)\s+(?:been\s+|be\s+)?(?:approved|eligible|accepted|offered|available|valid|qualif(?:y|ied|ies)|provided|awarded|granted)\b|\b(?:(?:does|do|did|will|can)\s*(?:not|n't)|cannot)\s+(?:offer|provide|carry|qualify|award|grant|count|meet)\b|\bno\s+(?:[A-Za-z&-]+\s+){0,3}(?:ce\s+|continuing education\s+)?credits?\b|\bineligible\b|\bexcluded\b|\bnot\s+for\s+[A-Za-z&-]+\s+credit)");
  static const RE2 kNotice(
      R"((?i)(?:clearly|are|will be|is)\s+(?:identified|noted|marked|indicated))");
  return RE2::PartialMatch(clause, kDenial) && !RE2::PartialMatch(clause, kNotice);
}

// End of the sentence that contains `pos` (exclusive).
std::size_t SentenceEnd(const std::string& text, std::size_t pos) {
  for (std::size_t i = pos; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') return i;
    if ((c == '.' || c == '!' || c == '?' || c == ';') && i + 1 < text.size() &&
        text[i + 1] == ' ' && i + 2 < text.size() &&
        std::isupper(static_cast<unsigned char>(text[i + 2]))) {
      return i + 1;
    }
  }
  return text.size();
}

void MergeInto(std::vector<Approval>& list, Approval a) {
  for (Approval& existing : list) {
    if (existing.body != a.body) continue;
    if (a.denied && !existing.denied) {
      existing.denied = true;
      existing.number.reset();
    }
    if (existing.denied) return;
    if (!existing.number && a.number) existing.number = a.number;
    if (existing.valid_from.empty()) existing.valid_from = a.valid_from;
    if (existing.valid_until.empty()) existing.valid_until = a.valid_until;
    for (auto& s : a.scope) {
      if (std::find(existing.scope.begin(), existing.scope.end(), s) == existing.scope.end())
        existing.scope.push_back(s);
    }
    return;
  }
  list.push_back(std::move(a));
}

std::vector<Approval> FromStatement(const std::string& raw, const Vocabulary& vocab) {
  std::string plain = AsciiPunctuation(DecodeEntities(StripTags(raw)));
  // Keep newlines as sentence breaks, collapse the rest.
  std::vector<Mention> mentions = FindMentions(plain, vocab);
  std::vector<Approval> out;
  // A body's chunk runs from the start of the sentence of its first mention to the
  // start of the sentence where the next different body is first named, so a
  // number in the following sentence ("... by NAADAC. Provider number 12345.")
  // stays with its body, and "provider #1234, is approved ... by ASWB" too.
  std::vector<std::pair<std::size_t, const Mention*>> firsts;
  for (const Mention& m : mentions) {
    if (!firsts.empty() && firsts.back().second->body == m.body) continue;
    std::size_t start = SentenceStart(plain, m.pos);
    // A second body in the same sentence starts its own chunk at its name: in
    // "approved by CCAPP, provider number 4-20-347-1126, and accepted by IC&RC" the
    // number is CCAPP's.
    if (!firsts.empty() && start <= firsts.back().second->pos) start = m.pos;
    firsts.emplace_back(start, &m);
  }
  for (std::size_t i = 0; i < firsts.size(); ++i) {
    std::size_t from = firsts[i].first;
    std::size_t to = i + 1 < firsts.size() ? firsts[i + 1].first : plain.size();
    if (to <= from) to = i + 1 < firsts.size() ? firsts[i + 1].second->pos : plain.size();
    if (to < from) to = plain.size();
    std::string chunk = plain.substr(from, to - from);
    const Mention& m = *firsts[i].second;
    Approval a;
    a.body = m.body;
    a.understood = "statement";
    // APA issues no provider number (DOMAIN.md); never take another body's.
    if (a.body != "APA") a.number = FindNumber(m.rule, chunk);
    ApprovalPeriod(chunk, a);
    a.scope = ParseAudiences(Json(chunk), vocab);
    MergeInto(out, std::move(a));
  }
  // Denials, per mention: the clause from the sentence's start (or the previous
  // body's name) to its end (or the next body's name), so in "approved by APA but
  // not by NBCC" only NBCC is denied.
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const Mention& m = mentions[i];
    std::size_t from = SentenceStart(plain, m.pos);
    if (i > 0 && mentions[i - 1].end > from && mentions[i - 1].body != m.body)
      from = mentions[i - 1].end;
    std::size_t to = SentenceEnd(plain, m.end);
    if (i + 1 < mentions.size() && mentions[i + 1].pos < to && mentions[i + 1].body != m.body)
      to = mentions[i + 1].pos;
    // A clause also ends at a semicolon or "but": "approved by the APA; not
    // approved by NBCC".
    for (std::size_t k = m.pos; k > from; --k) {
      if (plain[k - 1] == ';' || plain.compare(k - 1, 5, " but ") == 0) {
        from = k;
        break;
      }
    }
    for (std::size_t k = m.end; k < to; ++k) {
      if (plain[k] == ';' || plain.compare(k, 5, " but ") == 0) {
        to = k;
        break;
      }
    }
    if (from >= to || !Denies(plain.substr(from, to - from))) continue;
    Approval d;
    d.body = m.body;
    d.denied = true;
    d.understood = "denial";
    MergeInto(out, std::move(d));
  }
  return out;
}

// FromStatement, remembered by vocabulary and statement: a provider's course pages
// repeat the same approval statements (one per body, boilerplate), and parsing them
// was 7.5% of the refresh's CPU on typical course pages (issue 25). A vocabulary
// built by hand (id 0) and long texts, rarely repeated, are parsed every time.
std::vector<Approval> ParseStatement(const std::string& raw, const Vocabulary& vocab) {
  static auto* const memo = new TextMemo<std::vector<Approval>>(  // never freed
      4096, 8 << 20, [](const std::vector<Approval>& list) {
        std::size_t n = 0;
        for (const Approval& a : list) {
          n += sizeof(Approval) + a.body.size() + (a.number ? a.number->size() : 0) +
               a.valid_from.size() + a.valid_until.size() + a.understood.size();
          for (const std::string& s : a.scope) n += sizeof(std::string) + s.size();
        }
        return n;
      });
  if (vocab.id == 0 || raw.size() > 4096) return FromStatement(raw, vocab);
  return memo->Get(std::to_string(vocab.id) + ':' + raw, [&] { return FromStatement(raw, vocab); });
}

void FromValue(const Json& value, const Vocabulary& vocab, std::vector<Approval>& out) {
  if (value.is_array()) {
    for (const auto& v : value) FromValue(v, vocab, out);
    return;
  }
  if (value.is_string()) {
    for (auto& a : ParseStatement(value.get<std::string>(), vocab)) MergeInto(out, std::move(a));
    return;
  }
  if (!value.is_object()) return;
  // {"body": "NBCC", "number": "6999", "body_text": "...", "valid_until": "..."}
  std::string body_field;
  for (const char* k : {"body", "name", "accreditor", "approved_by", "organization"}) {
    if (auto it = value.find(k); it != value.end() && !it->is_null()) {
      body_field = ValueText(*it);
      break;
    }
  }
  // body_text (the body as written) and statement (the sentence) together: the
  // number may be in either.
  std::string text;
  for (const char* k : {"body_text", "statement", "text", "description"}) {
    if (auto it = value.find(k); it != value.end() && !it->is_null()) {
      if (!text.empty()) text += "\n";
      text += ValueText(*it);
    }
  }
  std::vector<Approval> found;
  // A body already in the vocabulary's state-board form ("TX-BOARD") is kept.
  static const RE2 kStateBoardValue(R"(^\s*([A-Za-z]{2})-BOARD\s*$)");
  std::string state;
  if (RE2::FullMatch(body_field, kStateBoardValue, &state) && UsStateCode(state)) {
    Approval a;
    a.body = *UsStateCode(state) + "-BOARD";
    found.push_back(a);
  } else if (!body_field.empty()) {
    found = ParseStatement(body_field, vocab);
  }
  std::vector<Approval> from_text =
      text.empty() ? std::vector<Approval>{} : ParseStatement(text, vocab);
  if (found.empty()) {
    found = from_text;
  } else {
    // The body field decides the body; the statement may still carry its number.
    for (const Approval& t : from_text) {
      if (t.body == found[0].body) MergeInto(found, t);
    }
  }
  if (found.empty()) return;
  Approval& a = found[0];
  if (auto it = value.find("number");
      it != value.end() && !it->is_null() && a.body != "APA" && !a.denied) {
    std::string n = MatchText(ValueText(*it));
    if (!n.empty()) a.number = n;
  }
  for (const char* k : {"valid_until", "validUntil", "expires", "expiration"}) {
    if (auto it = value.find(k); it != value.end()) {
      if (auto d = ParseDate(*it); d && !d->rolling) a.valid_until = d->start.substr(0, 10);
    }
  }
  for (const char* k : {"valid_from", "validFrom"}) {
    if (auto it = value.find(k); it != value.end()) {
      if (auto d = ParseDate(*it); d && !d->rolling) a.valid_from = d->start.substr(0, 10);
    }
  }
  if (auto it = value.find("scope"); it != value.end()) {
    auto s = ParseAudiences(*it, vocab);
    if (!s.empty()) a.scope = s;
  }
  a.understood = "object";
  for (auto& f : found) MergeInto(out, std::move(f));
}

}  // namespace

std::vector<Approval> ParseApprovals(const Json& value, const Vocabulary& vocab) {
  std::vector<Approval> out;
  FromValue(value, vocab, out);
  return out;
}

std::vector<std::string> DetectBodies(const std::string& text, const Vocabulary& vocab) {
  std::vector<std::string> out;
  for (const Mention& m : FindMentions(AsciiPunctuation(DecodeEntities(StripTags(text))), vocab)) {
    if (std::find(out.begin(), out.end(), m.body) == out.end()) out.push_back(m.body);
  }
  return out;
}

Json ApprovalToJson(const Approval& a, bool with_scope) {
  Json j = {{"body", a.body}, {"number", a.number ? Json(*a.number) : Json(nullptr)}};
  if (!a.valid_from.empty()) j["valid_from"] = a.valid_from;
  if (!a.valid_until.empty()) j["valid_until"] = a.valid_until;
  if (with_scope && !a.scope.empty()) j["scope"] = a.scope;
  return j;
}

}  // namespace cecat::normalise
