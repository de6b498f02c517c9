#include "parsers/detail/rules.h"

#include <map>
#include <optional>

#include "common/url.h"
#include "parsers/approvals.h"
#include "parsers/html.h"
#include "parsers/rating.h"
#include "parsers/selector.h"
#include "parsers/text.h"

namespace cecat::parsers::detail {
namespace {

bool IsUrlAttribute(const std::string& attr) {
  return attr == "href" || attr == "src" || attr == "action" || attr == "data" ||
         attr == "poster" || attr == "cite" || attr == "itemid";
}

struct CompiledField {
  const RuleField* rule = nullptr;
  std::string name;
  std::string spec;  // as written, for diagnostics and provenance
  FieldSpec field;
  std::optional<Selector> selector;  // nullopt: the scope element itself
  std::optional<Selector> ancestor;  // from "ancestor:SELECTOR"
  std::size_t misses = 0;
  std::size_t defaulted = 0;
};

// The element a field is read from: the item, the page, or the item's nearest
// ancestor matching the rule's selector (nullptr when none does). Not for
// kFollowing, whose scope is a run of siblings (FollowingMatches).
const GumboNode* FieldScope(const CompiledField& f, const GumboNode* item,
                            const GumboNode* document) {
  switch (f.rule->from) {
    case RuleField::From::kPage:
      return document;
    case RuleField::From::kAncestor:
      for (const GumboNode* a = item->parent; a != nullptr; a = a->parent) {
        if (IsElement(a) && f.ancestor->Matches(a)) return a;
      }
      return nullptr;
    case RuleField::From::kItem:
    case RuleField::From::kFollowing:
      break;
  }
  return item;
}

// 1-6 for h1-h6, 0 for any other element.
int HeadingLevel(const GumboNode* el) {
  if (!IsElement(el)) return 0;
  GumboTag tag = el->v.element.tag;
  if (tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6) return 1 + (tag - GUMBO_TAG_H1);
  return 0;
}

// Matches among the item's following sibling elements, up to (not including) the
// next one the item selector matches or, when the item is a heading, the next
// heading of the same or a higher rank (an h2 "Contact" ends the last h3
// course's run, as it ends its section of the outline): each sibling itself,
// then what is inside it, in document order. Without a selector, the siblings
// themselves. At most `limit` (1 unless `all` or `join`).
std::vector<const GumboNode*> FollowingMatches(const CompiledField& f, const GumboNode* item,
                                               const Selector* item_selector, std::size_t limit) {
  std::vector<const GumboNode*> out;
  const GumboNode* parent = item->parent;
  if (parent == nullptr || limit == 0) return out;
  const GumboVector* siblings = parent->type == GUMBO_NODE_DOCUMENT ? &parent->v.document.children
                                                                    : &parent->v.element.children;
  const int item_level = HeadingLevel(item);
  for (unsigned i = item->index_within_parent + 1; i < siblings->length; ++i) {
    const auto* sibling = static_cast<const GumboNode*>(siblings->data[i]);
    if (!IsElement(sibling)) continue;
    if (item_selector != nullptr && item_selector->Matches(sibling)) break;
    int level = HeadingLevel(sibling);
    if (item_level > 0 && level > 0 && level <= item_level) break;
    if (!f.selector || f.selector->Matches(sibling)) out.push_back(sibling);
    if (f.selector && out.size() < limit) {
      for (const GumboNode* inner : f.selector->SelectAll(sibling, limit - out.size())) {
        out.push_back(inner);
      }
    }
    if (out.size() >= limit) break;
  }
  if (out.size() > limit) out.resize(limit);
  return out;
}

// A constant's or default's raw value: text goes through RuleFieldValue like a
// page's text ("NBCC ACEP No. 1234" becomes an approval); numbers and booleans
// stay as they are (the normalisers read them as JSON-LD's).
Json ConstantValue(const std::string& name, const Json& v) {
  if (v.is_string()) return RuleFieldValue(name, v.get<std::string>());
  if (v.is_array()) {
    Json out = Json::array();
    for (const Json& e : v) {
      Json one = ConstantValue(name, e);
      if (one.is_array()) {
        for (Json& x : one) out.push_back(std::move(x));
      } else {
        out.push_back(std::move(one));
      }
    }
    return out;
  }
  return v;
}

}  // namespace

Json RuleFieldValue(const std::string& name, const std::string& value) {
  if (name == "approvals") {
    Json list = Json::array();
    for (const Approval& a : FindApprovals(value)) list.push_back(ApprovalToJson(a));
    if (list.empty()) list.push_back(Json{{"statement", value}});
    return list;
  }
  if (name == "rating") {
    if (std::optional<Json> r = RatingFromText(value)) return *r;
    return Json{{"text", value}};
  }
  return value;
}

void ApplyRule(const ExtractRule& rule, std::size_t index, RuleContext& ctx) {
  const std::string where = "rule[" + std::to_string(index) + "]";
  const ExtractOptions& opt = *ctx.options;
  std::optional<Selector> item_selector;
  if (!rule.item.empty()) {
    Result<Selector> parsed = Selector::Parse(rule.item);
    if (!parsed.ok()) {
      ctx.diagnostics->push_back({.severity = Diagnostic::Severity::kError,
                                  .where = where + ".item",
                                  .message = parsed.status().message()});
      return;
    }
    item_selector = std::move(parsed.value());
  }
  std::vector<CompiledField> fields;
  for (const RuleField& rf : rule.fields) {
    CompiledField f;
    f.rule = &rf;
    f.name = rf.name;
    f.spec = rf.written.empty() ? rf.spec : rf.written;
    if (!rf.value) {
      Result<FieldSpec> parsed = ParseFieldSpec(rf.spec);
      Result<Selector> ancestor = Selector::Parse(rf.ancestor);
      if (!parsed.ok() || (rf.from == RuleField::From::kAncestor && !ancestor.ok())) {
        ctx.diagnostics->push_back(
            {.severity = Diagnostic::Severity::kError,
             .where = where + ".fields." + rf.name,
             .message = !parsed.ok() ? parsed.status().message() : ancestor.status().message()});
        continue;
      }
      f.field = *parsed;
      if (!parsed->selector.empty()) f.selector = Selector::Parse(parsed->selector).value();
      if (rf.from == RuleField::From::kAncestor) f.ancestor = std::move(ancestor.value());
    }
    fields.push_back(std::move(f));
  }
  if (fields.empty()) {
    ctx.diagnostics->push_back({.severity = Diagnostic::Severity::kError,
                                .where = where + ".fields",
                                .message = "no usable fields"});
    return;
  }
  std::size_t room =
      opt.max_records > ctx.records->size() ? opt.max_records - ctx.records->size() : 0;
  std::vector<const GumboNode*> items;
  if (item_selector) {
    items = item_selector->SelectAll(ctx.document, room + 1);
    if (items.empty()) {
      ctx.diagnostics->push_back({.severity = Diagnostic::Severity::kWarning,
                                  .where = where + ".item",
                                  .message = "'" + rule.item + "' matched nothing"});
      return;
    }
  } else {
    items.push_back(ctx.document);
  }
  if (items.size() > room) {
    ctx.diagnostics->push_back({.severity = Diagnostic::Severity::kWarning,
                                .where = where + ".item",
                                .message = "more than " + std::to_string(opt.max_records) +
                                           " records on the page; the rest are skipped"});
    items.resize(room);
  }
  std::size_t emitted = 0;
  std::size_t item_number = 0;
  for (const GumboNode* item : items) {
    RawRecord rec;
    rec.kind = rule.type.empty() ? "course" : rule.type;
    rec.page_url = ctx.page_url;
    // 1-based, as an admin counts the rows of a table.
    rec.origin = where + " item " + std::to_string(++item_number);
    for (CompiledField& f : fields) {
      const RuleField& rf = *f.rule;
      if (rf.value) {
        rec.fields[f.name] = ConstantValue(f.name, *rf.value);
        rec.provenance[f.name] = "rule:" + f.spec;
        continue;
      }
      // The texts (or attribute values) of the matches: the first, or with
      // `all`/`join` every one, in document order.
      std::vector<std::string> values;
      const GumboNode* scope = FieldScope(f, item, ctx.document);
      std::vector<const GumboNode*> matches;
      if (rf.from == RuleField::From::kFollowing) {
        matches = FollowingMatches(f, item, item_selector ? &*item_selector : nullptr,
                                   rf.all || rf.join ? opt.max_field_matches : 1);
      } else if (scope != nullptr) {
        if (!f.selector) {
          matches.push_back(scope);
        } else if (rf.all || rf.join) {
          matches = f.selector->SelectAll(scope, opt.max_field_matches);
        } else if (const GumboNode* first = f.selector->SelectFirst(scope)) {
          matches.push_back(first);
        }
      }
      for (const GumboNode* el : matches) {
        std::string value;
        if (f.field.attr.empty()) {
          value = PlainText(el, opt.max_text_bytes);
        } else if (IsElement(el)) {
          const char* attr = Attr(el, f.field.attr);
          if (attr != nullptr) {
            value = TruncateUtf8(CollapseWhitespace(ValidUtf8(attr)), opt.max_text_bytes);
            if (IsUrlAttribute(f.field.attr) && !value.empty()) {
              Result<std::string> resolved = ResolveUrlString(ctx.base_url, value);
              value = resolved.ok() ? ValidUtf8(*resolved) : std::string();
            }
          }
        }
        if (!value.empty() && (f.name == "url" || f.name == "target_url")) {
          Result<std::string> resolved = ResolveUrlString(ctx.base_url, value);
          value = resolved.ok() ? ValidUtf8(*resolved) : std::string();
        }
        if (!value.empty()) values.push_back(std::move(value));
      }
      if (values.empty()) {
        if (rf.fallback) {
          ++f.defaulted;
          rec.fields[f.name] = ConstantValue(f.name, *rf.fallback);
          rec.provenance[f.name] = "rule:" + f.spec + " (default)";
        } else {
          ++f.misses;
        }
        continue;
      }
      if (f.name == "url") rec.item_url = values.front();
      if (f.name == "id") rec.item_id = values.front();
      if (rf.join) {
        std::string joined;
        for (const std::string& v : values) joined += (joined.empty() ? "" : *rf.join) + v;
        rec.fields[f.name] = RuleFieldValue(f.name, TruncateUtf8(joined, opt.max_text_bytes));
      } else if (rf.all) {
        rec.fields[f.name] = ConstantValue(f.name, Json(values));
      } else {
        rec.fields[f.name] = RuleFieldValue(f.name, values.front());
      }
      rec.provenance[f.name] = "rule:" + f.spec;
    }
    if (rec.fields.empty()) continue;
    if (rec.kind == "review" && !rec.fields.contains("target_url")) {
      // A review on a course's page reviews that page's course.
      rec.fields["target_url"] = ctx.page_url;
      rec.provenance["target_url"] = "rule:page";
    }
    ctx.records->push_back(std::move(rec));
    ++emitted;
  }
  for (const CompiledField& f : fields) {
    if (f.misses > 0) {
      ctx.diagnostics->push_back({.severity = Diagnostic::Severity::kWarning,
                                  .where = where + ".fields." + f.name,
                                  .message = "'" + f.spec + "' matched nothing in " +
                                             std::to_string(f.misses) + " of " +
                                             std::to_string(items.size()) + " items"});
    }
  }
}

}  // namespace cecat::parsers::detail
