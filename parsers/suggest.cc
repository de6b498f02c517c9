#include "parsers/suggest.h"

#include <algorithm>
#include <memory>
#include <set>
#include <unordered_map>
#include <utility>

#include <re2/re2.h>

#include "parsers/html.h"
#include "parsers/selector.h"
#include "parsers/text.h"

namespace cecat::parsers {
namespace {

// Text longer than this is a description or a whole block, not one field's value.
constexpr std::size_t kMaxValueChars = 200;
// The field kinds, in the order a rule usually lists them.
const std::vector<std::string> kFieldOrder = {"title",      "url",    "ce_hours", "price",
                                              "start_date", "format", "location", "approvals"};

// What a value looks like. Deliberately conservative: a kind needs its unit, a
// currency, a month or a format word, never a bare number, since "6" could be
// hours, a price or a day. (normalise/ reads far more; parsers cannot depend on it,
// and a suggestion only has to find the element, not read its value.)
struct Kinds {
  bool hours = false, price = false, date = false, format = false, location = false,
       approvals = false;
  int Count() const { return hours + price + date + format + location + approvals; }
};

Kinds Classify(std::string_view text) {
  static const RE2 kHours(
      R"((?i)\d+(?:\.\d+)?\s*(?:-\s*)?(?:ce\b|ceus?\b|contact\b|clock\b|credits?\b|hours?\b|hrs?\b|cpd\b|ce hours?))");
  static const RE2 kPrice(
      R"((?i)(?:[$€£]\s*\d|\d(?:[\d,]*)(?:\.\d\d)?\s*(?:usd|eur|gbp|cad)\b|^\s*free\s*$))");
  static const RE2 kDate(
      R"((?i)(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b))");
  static const RE2 kFormat(
      R"((?i)\b(?:online|on[- ]demand|self[- ]paced|in[- ]person|live|webinar|hybrid|virtual|home[- ]study|classroom|on[- ]?site|recorded)\b)");
  static const RE2 kLocation(R"(^[A-Z][A-Za-z .'-]+, [A-Z]{2}\b)");
  static const RE2 kApprovals(R"(\b(?:APA|NBCC|ASWB|NAADAC|CAMFT|IC&RC)\b|(?i:\bapproved\b))");
  Kinds k;
  re2::StringPiece t(text.data(), text.size());
  k.hours = RE2::PartialMatch(t, kHours);
  k.price = RE2::PartialMatch(t, kPrice);
  k.date = RE2::PartialMatch(t, kDate);
  // A format word in a long sentence is prose ("join us live"), not a format value.
  k.format = text.size() <= 40 && RE2::PartialMatch(t, kFormat);
  k.location = text.size() <= 60 && RE2::PartialMatch(t, kLocation);
  k.approvals = RE2::PartialMatch(t, kApprovals);
  return k;
}

bool IsHeading(const std::string& tag) {
  return tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6';
}

// A class that names a title: "title", "course-title", "name", "heading".
bool HasTitleClass(const GumboNode* el) {
  for (const std::string& c : ClassList(el)) {
    std::string lower;
    for (char ch : c) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower.find("title") != std::string::npos || lower.find("name") != std::string::npos ||
        lower.find("heading") != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string Text(const GumboNode* el) { return PlainText(el, 4096); }

std::size_t Chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool HasLetters(std::string_view s) {
  std::size_t letters = 0;
  for (char c : s) letters += std::isalpha(static_cast<unsigned char>(c)) != 0;
  return letters >= 3;
}

// ---------------------------------------------------------------- items

struct Features {
  bool link = false, title = false, hours = false, price = false, date = false, format = false;
  int Count() const { return link + title + hours + price + date + format; }
};

Features ScoreMember(const GumboNode* member) {
  Features f;
  std::string text = Text(member);
  Kinds k = Classify(text);
  f.hours = k.hours;
  f.price = k.price;
  f.date = k.date;
  WalkElements(member, [&](const GumboNode* el) {
    std::string tag = TagName(el);
    if (tag == "a" && Attr(el, "href") != nullptr) f.link = true;
    if ((IsHeading(tag) || (el != member && HasTitleClass(el))) && HasLetters(Text(el))) {
      f.title = true;
    }
    if (!f.format && el != member) {
      std::string t = Text(el);
      f.format = Classify(t).format;
    }
    return true;
  });
  return f;
}

// Tag and classes, the siblings' grouping key.
std::string Signature(const GumboNode* el) {
  std::string out = TagName(el);
  std::vector<std::string> classes = ClassList(el);
  std::sort(classes.begin(), classes.end());
  for (const std::string& c : classes) out += "." + c;
  return out;
}

// CompoundSelector without the id: ids differ between repeated blocks.
std::string TagAndClasses(const GumboNode* el) {
  std::string out = TagName(el);
  if (out.empty() || !IsPlainIdentifier(out)) out = "*";
  for (const std::string& c : ClassList(el)) {
    if (IsPlainIdentifier(c)) out += "." + c;
  }
  return out;
}

std::set<std::string> ChildTags(const GumboNode* el) {
  std::set<std::string> out;
  for (const GumboNode* c : ElementChildren(el)) out.insert(TagName(c));
  return out;
}

// `:has(> T)` for a child tag every record-like member has and every other member
// lacks: it drops a table's header row (th, no td) from `tr`.
std::string HasFilter(const std::vector<const GumboNode*>& members,
                      const std::vector<Features>& features) {
  std::set<std::string> common;
  bool first = true;
  bool any_other = false;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (features[i].Count() < 2) {
      any_other = true;
      continue;
    }
    std::set<std::string> tags = ChildTags(members[i]);
    if (first) {
      common = tags;
      first = false;
    } else {
      std::set<std::string> both;
      std::set_intersection(common.begin(), common.end(), tags.begin(), tags.end(),
                            std::inserter(both, both.end()));
      common = both;
    }
  }
  if (!any_other) return "";
  for (const std::string& tag : common) {
    if (!IsPlainIdentifier(tag)) continue;
    bool none_other = true;
    for (std::size_t i = 0; i < members.size() && none_other; ++i) {
      if (features[i].Count() < 2 && ChildTags(members[i]).count(tag)) none_other = false;
    }
    if (none_other) return ":has(> " + tag + ")";
  }
  return "";
}

// The shortest selector "ancestor > ... > member" that matches exactly `wanted`
// on the page; failing that, the parent's full path.
std::string ItemSelector(const GumboNode* document, const GumboNode* parent,
                         const std::string& compound, const std::vector<const GumboNode*>& wanted) {
  std::string chain;
  const GumboNode* ancestor = parent;
  for (int steps = 0; steps < 6; ++steps) {
    std::string candidate = chain.empty() ? compound : chain + " > " + compound;
    if (Result<Selector> sel = Selector::Parse(candidate); sel.ok()) {
      if (sel->SelectAll(document) == wanted) return candidate;
    }
    if (ancestor == nullptr || !IsElement(ancestor)) break;
    chain = chain.empty() ? CompoundSelector(ancestor) : CompoundSelector(ancestor) + " > " + chain;
    ancestor = ancestor->parent;
  }
  return ElementPath(parent) + " > " + compound;
}

// ---------------------------------------------------------------- fields

std::string Quote(std::string_view label) {
  std::string out = "\"";
  for (char c : label) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A short label: "Hours", "CE credit:", not a sentence.
bool IsLabel(std::string_view text) {
  return !text.empty() && Chars(text) <= 30 && HasLetters(text) &&
         text.find('\n') == std::string_view::npos;
}

const GumboNode* PreviousElement(const GumboNode* el) {
  const GumboNode* parent = el->parent;
  if (parent == nullptr) return nullptr;
  const GumboNode* previous = nullptr;
  for (const GumboNode* c : ElementChildren(parent)) {
    if (c == el) return previous;
    previous = c;
  }
  return nullptr;
}

// Selectors for `el` relative to `item`, most readable first.
std::vector<std::string> RelativeCandidates(const GumboNode* item, const GumboNode* el) {
  std::vector<std::string> out;
  std::string tag = TagName(el);
  if (tag.empty() || !IsPlainIdentifier(tag)) return out;
  // A labelled value: <dt>Hours</dt><dd>6</dd>, <th>Price</th><td>$49</td>.
  if (const GumboNode* prev = PreviousElement(el); prev != nullptr) {
    std::string prev_tag = TagName(prev);
    if ((prev_tag == "dt" && tag == "dd") || (prev_tag == "th" && tag == "td") ||
        (prev_tag == "span" && HasTitleClass(prev) == false && ClassList(prev).size() > 0 &&
         ClassList(prev)[0].find("label") != std::string::npos)) {
      std::string label = Text(prev);
      if (IsLabel(label)) out.push_back(prev_tag + ":contains(" + Quote(label) + ") + " + tag);
    }
  }
  // A value after its label in the same element: <li>Hours: 6</li>.
  std::string text = Text(el);
  if (std::size_t colon = text.find(':'); colon != std::string::npos && colon > 0) {
    std::string label = text.substr(0, colon + 1);
    if (IsLabel(label) && colon + 1 < text.size()) {
      out.push_back(tag + ":contains(" + Quote(label) + ")");
    }
  }
  std::string classes = TagAndClasses(el);
  if (classes != tag) out.push_back(classes);
  out.push_back(tag);
  // Structural: the path of nth-of-type steps from the item down.
  std::vector<std::string> steps;
  for (const GumboNode* e = el; e != nullptr && e != item && IsElement(e); e = e->parent) {
    std::string step = TagName(e);
    if (!IsPlainIdentifier(step)) return out;
    std::size_t same = 0, index = 0;
    for (const GumboNode* sibling : ElementChildren(e->parent)) {
      if (TagName(sibling) != step) continue;
      ++same;
      if (sibling == e) index = same;
    }
    if (same > 1) step += ":nth-of-type(" + std::to_string(index) + ")";
    steps.push_back(step);
  }
  std::string path;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it)
    path += (path.empty() ? "" : " > ") + *it;
  if (!path.empty()) out.push_back(path);
  return out;
}

// The first candidate that finds `el` as the first match inside the first item
// (what a rule field reads) and finds something in at least half of `items`: a
// label taken from one item's text ("Motivational Interviewing:") is not a label.
std::string RelativeSelector(const std::vector<const GumboNode*>& items, const GumboNode* el) {
  const GumboNode* first = items.front();
  for (const std::string& candidate : RelativeCandidates(first, el)) {
    Result<Selector> sel = Selector::Parse(candidate);
    if (!sel.ok() || sel->SelectFirst(first) != el) continue;
    std::size_t found = 0;
    for (const GumboNode* item : items) found += sel->SelectFirst(item) != nullptr;
    if (found * 2 >= items.size()) return candidate;
  }
  return "";
}

struct FieldCandidate {
  std::string field;
  std::string spec;
  int specificity = 0;  // lower is better: how many other kinds its values also look like
  std::size_t order = 0;
  std::size_t length = 0;  // of its text in the first item: the tighter element is better
};

// What a field spec reads in an item: the first match's text or attribute.
std::string ReadSpec(const GumboNode* item, const std::string& spec) {
  Result<FieldSpec> parsed = ParseFieldSpec(spec);
  if (!parsed.ok()) return "";
  const GumboNode* el = item;
  if (!parsed->selector.empty()) {
    Result<Selector> sel = Selector::Parse(parsed->selector);
    if (!sel.ok()) return "";
    el = sel->SelectFirst(item);
  }
  if (el == nullptr) return "";
  if (!parsed->attr.empty()) {
    const char* v = Attr(el, parsed->attr);
    return v == nullptr ? "" : CollapseWhitespace(ValidUtf8(v));
  }
  return Text(el);
}

bool IsKind(const std::string& field, const std::string& value) {
  if (value.empty()) return false;
  if (field == "url") return true;
  if (field == "title") {
    Kinds k = Classify(value);
    return HasLetters(value) && Chars(value) <= kMaxValueChars && !k.hours && !k.price && !k.date;
  }
  Kinds k = Classify(value);
  if (field == "ce_hours") return k.hours;
  if (field == "price") return k.price;
  if (field == "start_date") return k.date;
  if (field == "format") return k.format;
  if (field == "location") return k.location;
  if (field == "approvals") return k.approvals;
  return false;
}

std::vector<FieldSuggestion> SuggestFields(const std::vector<const GumboNode*>& items,
                                           const SuggestOptions& options) {
  std::vector<FieldSuggestion> out;
  if (items.empty()) return out;
  const GumboNode* first = items.front();
  std::vector<const GumboNode*> scored_items(
      items.begin(), items.begin() + std::min(items.size(), options.score_items));
  std::vector<FieldCandidate> candidates;
  std::size_t order = 0;
  // The item itself may be the link (a card that is one <a>).
  if (TagName(first) == "a" && Attr(first, "href") != nullptr) {
    candidates.push_back({"url", "@href", 0, order++, 0});
  }
  WalkElements(first, [&](const GumboNode* el) {
    if (el == first) return true;
    std::string tag = TagName(el);
    std::string text = Text(el);
    if (tag == "a" && Attr(el, "href") != nullptr) {
      std::string sel = RelativeSelector(scored_items, el);
      if (!sel.empty()) candidates.push_back({"url", sel + "@href", 0, order++, 0});
    }
    if (text.empty() || Chars(text) > kMaxValueChars) return true;
    std::string sel = RelativeSelector(scored_items, el);
    if (sel.empty()) return true;
    Kinds k = Classify(text);
    int specificity = k.Count();
    std::size_t length = text.size();
    auto add = [&](const char* field, int spec) {
      candidates.push_back({field, sel, spec, order++, length});
    };
    if (k.hours) add("ce_hours", specificity);
    if (k.price) add("price", specificity);
    if (k.date) add("start_date", specificity);
    if (k.format) add("format", specificity);
    if (k.location) add("location", specificity);
    if (k.approvals) add("approvals", specificity);
    // A title: a heading or an element whose class says so; else a link's text.
    if (IsHeading(tag) || HasTitleClass(el)) {
      add("title", 0);
    } else if (tag == "a" || tag == "strong" || tag == "b") {
      add("title", 1);
    }
    return true;
  });

  std::size_t scored = std::min(items.size(), options.score_items);
  for (const std::string& field : kFieldOrder) {
    const FieldCandidate* best = nullptr;
    std::size_t best_hits = 0;
    for (const FieldCandidate& c : candidates) {
      if (c.field != field) continue;
      std::size_t hits = 0;
      for (std::size_t i = 0; i < scored; ++i) hits += IsKind(field, ReadSpec(items[i], c.spec));
      bool better =
          best == nullptr || hits > best_hits ||
          (hits == best_hits && (c.specificity < best->specificity ||
                                 (c.specificity == best->specificity && c.length < best->length)));
      if (better) {
        best = &c;
        best_hits = hits;
      }
    }
    // At least half the items must agree, else the element is a one-off.
    if (best == nullptr || best_hits * 2 < scored) continue;
    FieldSuggestion f;
    f.field = field;
    f.spec = best->spec;
    f.hits = best_hits;
    f.scored = scored;
    for (std::size_t i = 0; i < std::min(items.size(), options.sample_items); ++i) {
      f.samples.push_back(TruncateUtf8(ReadSpec(items[i], best->spec), 120));
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

std::vector<ItemSuggestion> SuggestItems(std::string_view html, const SuggestOptions& options) {
  HtmlDocument doc(html.substr(0, std::min(html.size(), options.max_html_bytes)));
  const GumboNode* document = doc.document();

  struct Group {
    const GumboNode* parent;
    std::vector<const GumboNode*> members;
  };
  std::vector<Group> groups;
  WalkElements(document, [&](const GumboNode* el) {
    std::string tag = TagName(el);
    // Nothing in the head, scripts or styles is a record.
    if (tag == "head" || tag == "script" || tag == "style" || tag == "template") return false;
    std::unordered_map<std::string, std::size_t> index;
    std::vector<Group> mine;
    for (const GumboNode* child : ElementChildren(el)) {
      std::string sig = Signature(child);
      auto [it, fresh] = index.emplace(sig, mine.size());
      if (fresh) mine.push_back({el, {}});
      mine[it->second].members.push_back(child);
    }
    for (Group& g : mine) {
      if (g.members.size() >= options.min_repeats) groups.push_back(std::move(g));
    }
    return true;
  });

  struct Ranked {
    ItemSuggestion suggestion;
    double mean = 0;
    std::vector<const GumboNode*> items;
  };
  std::vector<Ranked> ranked;
  std::set<std::string> seen;
  for (const Group& g : groups) {
    std::vector<Features> features;
    for (const GumboNode* m : g.members) features.push_back(ScoreMember(m));
    Ranked r;
    double total = 0;
    for (const Features& f : features) {
      total += f.Count();
      r.suggestion.record_like += f.Count() >= 2;
      r.suggestion.features["link"] += f.link;
      r.suggestion.features["title"] += f.title;
      r.suggestion.features["hours"] += f.hours;
      r.suggestion.features["price"] += f.price;
      r.suggestion.features["date"] += f.date;
      r.suggestion.features["format"] += f.format;
    }
    if (r.suggestion.record_like == 0) continue;
    r.mean = total / static_cast<double>(g.members.size());
    std::string compound = TagAndClasses(g.members.front()) + HasFilter(g.members, features);
    std::vector<const GumboNode*> wanted;
    Result<Selector> filter = Selector::Parse(compound);
    for (const GumboNode* m : g.members) {
      if (filter.ok() && filter->Matches(m)) wanted.push_back(m);
    }
    r.suggestion.selector = ItemSelector(document, g.parent, compound, wanted);
    if (!seen.insert(r.suggestion.selector).second) continue;
    if (Result<Selector> sel = Selector::Parse(r.suggestion.selector); sel.ok()) {
      r.items = sel->SelectAll(document);
    }
    r.suggestion.count = r.items.size();
    if (r.items.empty()) continue;
    ranked.push_back(std::move(r));
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.suggestion.record_like != b.suggestion.record_like) {
      return a.suggestion.record_like > b.suggestion.record_like;
    }
    return a.mean > b.mean;
  });
  std::vector<ItemSuggestion> out;
  for (std::size_t i = 0; i < ranked.size() && out.size() < options.max_suggestions; ++i) {
    if (i == 0) ranked[i].suggestion.fields = SuggestFields(ranked[i].items, options);
    out.push_back(std::move(ranked[i].suggestion));
  }
  return out;
}

ExtractRule SuggestedRule(const ItemSuggestion& suggestion, const std::string& type) {
  ExtractRule rule;
  rule.method = "rules";
  rule.item = suggestion.selector;
  rule.type = type;
  for (const FieldSuggestion& f : suggestion.fields) {
    RuleField field;
    field.name = f.field;
    field.spec = f.spec;
    field.written = f.spec;
    rule.fields.push_back(std::move(field));
  }
  return rule;
}

}  // namespace cecat::parsers
