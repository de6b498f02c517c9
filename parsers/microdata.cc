#include "parsers/microdata.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "common/url.h"
#include "parsers/detail/schema_map.h"
#include "parsers/html.h"
#include "parsers/text.h"

namespace cecat::parsers {
namespace {

std::vector<std::string> SplitTokens(const char* value) {
  std::vector<std::string> out;
  if (value == nullptr) return out;
  std::string cur;
  for (const char* p = value; *p != '\0'; ++p) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(*p);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool TagIs(const GumboNode* el, std::initializer_list<GumboTag> tags) {
  return el->type == GUMBO_NODE_ELEMENT &&
         std::find(tags.begin(), tags.end(), el->v.element.tag) != tags.end();
}

class MicrodataReader {
 public:
  MicrodataReader(const GumboNode* document, std::string base, const MicrodataOptions& options,
                  std::vector<std::string>* notes)
      : document_(document), base_(std::move(base)), opt_(options), notes_(notes) {
    WalkElements(document_, [&](const GumboNode* el) {
      const char* id = Attr(el, "id");
      if (id != nullptr && *id != '\0') ids_.emplace(id, el);  // first wins, as getElementById
      return true;
    });
  }

  Json TopLevel() {
    Json items = Json::array();
    WalkElements(document_, [&](const GumboNode* el) {
      if (Attr(el, "itemscope") != nullptr && Attr(el, "itemprop") == nullptr) {
        std::vector<const GumboNode*> memory;
        Json item = Item(el, memory, 0);
        if (!item.is_null()) items.push_back(std::move(item));
      }
      return !LimitHit();
    });
    return items;
  }

 private:
  bool LimitHit() {
    if (items_ >= opt_.max_items || values_ >= opt_.max_values) {
      if (!limit_noted_) {
        notes_->push_back("more than " + std::to_string(opt_.max_items) + " items or " +
                          std::to_string(opt_.max_values) + " values; the rest are skipped");
        limit_noted_ = true;
      }
      return true;
    }
    return false;
  }

  std::string Url(const char* ref) {
    if (ref == nullptr) return {};
    Result<std::string> r = ResolveUrlString(base_, ref);
    return r.ok() ? ValidUtf8(*r) : std::string();
  }

  // The spec's "get the properties of an item": the root's children and the
  // itemref'd elements, crawled without entering nested itemscopes.
  std::vector<const GumboNode*> Properties(const GumboNode* root) {
    std::vector<const GumboNode*> pending = ElementChildren(root);
    for (const std::string& id : SplitTokens(Attr(root, "itemref"))) {
      auto it = ids_.find(id);
      if (it != ids_.end()) pending.push_back(it->second);
    }
    std::vector<const GumboNode*> props;
    std::unordered_set<const GumboNode*> seen{root};
    std::size_t steps = 0;
    while (!pending.empty() && ++steps < 200000) {
      const GumboNode* cur = pending.back();
      pending.pop_back();
      if (!seen.insert(cur).second) continue;
      if (Attr(cur, "itemscope") == nullptr) {
        std::vector<const GumboNode*> kids = ElementChildren(cur);
        pending.insert(pending.end(), kids.begin(), kids.end());
      }
      if (Attr(cur, "itemprop") != nullptr) props.push_back(cur);
    }
    // Tree order (the spec sorts the list); position in a pre-order walk.
    std::unordered_map<const GumboNode*, std::size_t> order;
    if (props.size() > 1) {
      std::unordered_set<const GumboNode*> wanted(props.begin(), props.end());
      std::size_t n = 0;
      WalkElements(document_, [&](const GumboNode* el) {
        if (wanted.count(el)) order[el] = n;
        ++n;
        return order.size() < wanted.size();
      });
      std::sort(props.begin(), props.end(),
                [&](const GumboNode* a, const GumboNode* b) { return order[a] < order[b]; });
    }
    return props;
  }

  Json Value(const GumboNode* el, std::vector<const GumboNode*>& memory, std::size_t depth) {
    if (Attr(el, "itemscope") != nullptr) {
      if (std::find(memory.begin(), memory.end(), el) != memory.end()) return "ERROR";
      return Item(el, memory, depth + 1);
    }
    auto text = [&](const char* v) {
      return TruncateUtf8(ValidUtf8(v == nullptr ? "" : v), opt_.max_text_bytes);
    };
    if (const char* content = Attr(el, "content")) return text(content);
    if (TagIs(el, {GUMBO_TAG_AUDIO, GUMBO_TAG_EMBED, GUMBO_TAG_IFRAME, GUMBO_TAG_IMG,
                   GUMBO_TAG_SOURCE, GUMBO_TAG_TRACK, GUMBO_TAG_VIDEO})) {
      return Url(Attr(el, "src"));
    }
    if (TagIs(el, {GUMBO_TAG_A, GUMBO_TAG_AREA, GUMBO_TAG_LINK})) return Url(Attr(el, "href"));
    if (TagIs(el, {GUMBO_TAG_OBJECT})) return Url(Attr(el, "data"));
    if (TagIs(el, {GUMBO_TAG_DATA, GUMBO_TAG_METER}) || TagName(el) == "data") {
      if (const char* v = Attr(el, "value")) return text(v);
    }
    if (TagIs(el, {GUMBO_TAG_TIME})) {
      if (const char* v = Attr(el, "datetime")) return text(v);
    }
    return PlainText(el, opt_.max_text_bytes);
  }

  Json Item(const GumboNode* el, std::vector<const GumboNode*>& memory, std::size_t depth) {
    if (LimitHit()) return nullptr;
    if (depth > opt_.max_depth) {
      if (!depth_noted_)
        notes_->push_back("items nested deeper than " + std::to_string(opt_.max_depth) +
                          " are skipped");
      depth_noted_ = true;
      return nullptr;
    }
    ++items_;
    Json item = Json::object();
    std::vector<std::string> types = SplitTokens(Attr(el, "itemtype"));
    if (!types.empty()) {
      item["type"] = Json::array();
      for (const std::string& t : types) item["type"].push_back(ValidUtf8(t));
    }
    if (const char* id = Attr(el, "itemid")) {
      std::string url = Url(id);
      item["id"] = url.empty() ? ValidUtf8(id) : url;
    }
    Json props = Json::object();
    memory.push_back(el);
    for (const GumboNode* p : Properties(el)) {
      if (++values_ > opt_.max_values) break;
      Json value = Value(p, memory, depth);
      if (value.is_null()) continue;
      for (const std::string& name : SplitTokens(Attr(p, "itemprop"))) {
        props[ValidUtf8(name)].push_back(value);
      }
    }
    memory.pop_back();
    item["properties"] = std::move(props);
    return item;
  }

  const GumboNode* document_;
  std::string base_;
  const MicrodataOptions& opt_;
  std::vector<std::string>* notes_;
  std::unordered_map<std::string, const GumboNode*> ids_;
  std::size_t items_ = 0, values_ = 0;
  bool limit_noted_ = false, depth_noted_ = false;
};

std::string PropertyName(const std::string& name) {
  // Absolute property URLs ("http://schema.org/name") become their last segment.
  if (name.find("://") == std::string::npos) return name;
  std::size_t cut = name.find_last_of("/#");
  return cut == std::string::npos ? name : name.substr(cut + 1);
}

Json ToJsonLd(const Json& item, int depth) {
  if (!item.is_object() || depth > 32) return item;
  Json out = Json::object();
  if (item.contains("type") && item["type"].is_array()) {
    Json types = Json::array();
    for (const Json& t : item["type"]) {
      if (t.is_string()) types.push_back(detail::StripSchemaPrefix(t.get<std::string>()));
    }
    out["@type"] = types.size() == 1 ? types[0] : types;
  }
  if (item.contains("id")) out["@id"] = item["id"];
  if (item.contains("properties") && item["properties"].is_object()) {
    for (auto it = item["properties"].begin(); it != item["properties"].end(); ++it) {
      Json values = Json::array();
      for (const Json& v : it.value()) values.push_back(ToJsonLd(v, depth + 1));
      out[PropertyName(it.key())] = values.size() == 1 ? values[0] : values;
    }
  }
  return out;
}

}  // namespace

Json ExtractMicrodata(const GumboNode* document, const std::string& base_url,
                      const MicrodataOptions& options, std::vector<std::string>* notes) {
  return MicrodataReader(document, base_url, options, notes).TopLevel();
}

Json MicrodataToJsonLd(const Json& item) { return ToJsonLd(item, 0); }

}  // namespace cecat::parsers
