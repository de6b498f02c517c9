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
  std::string name;
  std::string spec;
  FieldSpec field;
  std::optional<Selector> selector;  // nullopt: the item itself
  std::size_t misses = 0;
};

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
  for (const auto& [name, spec] : rule.fields) {
    Result<FieldSpec> parsed = ParseFieldSpec(spec);
    if (!parsed.ok()) {
      ctx.diagnostics->push_back({.severity = Diagnostic::Severity::kError,
                                  .where = where + ".fields." + name,
                                  .message = parsed.status().message()});
      continue;
    }
    CompiledField f{name, spec, *parsed, std::nullopt, 0};
    if (!parsed->selector.empty()) f.selector = Selector::Parse(parsed->selector).value();
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
  for (const GumboNode* item : items) {
    RawRecord rec;
    rec.kind = rule.type.empty() ? "course" : rule.type;
    rec.page_url = ctx.page_url;
    for (CompiledField& f : fields) {
      const GumboNode* el = f.selector ? f.selector->SelectFirst(item) : item;
      std::string value;
      if (el != nullptr && f.field.attr.empty()) {
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
      if (value.empty()) {
        ++f.misses;
        continue;
      }
      if (f.name == "url" || f.name == "target_url") {
        Result<std::string> resolved = ResolveUrlString(ctx.base_url, value);
        if (!resolved.ok()) {
          ++f.misses;
          continue;
        }
        value = ValidUtf8(*resolved);
        if (f.name == "url") rec.item_url = value;
      }
      if (f.name == "id") rec.item_id = value;
      rec.fields[f.name] = RuleFieldValue(f.name, value);
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
