#include "parsers/extract.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <re2/re2.h>

#include "common/ascii.h"
#include "common/url.h"
#include "parsers/approvals.h"
#include "parsers/detail/page_scan.h"
#include "parsers/detail/rules.h"
#include "parsers/detail/schema_map.h"
#include "parsers/html.h"
#include "parsers/jsonld.h"
#include "parsers/microdata.h"
#include "parsers/selector.h"
#include "parsers/text.h"

namespace cecat::parsers {
namespace {

bool IsFetchableScheme(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0 ||
         url.rfind("file:", 0) == 0;
}

std::string Resolve(const std::string& base, std::string_view ref) {
  Result<std::string> r = ResolveUrlString(base, ref);
  if (!r.ok()) return {};
  std::string url = ValidUtf8(*r);
  return IsFetchableScheme(url) ? url : std::string();
}

// Resolve against a base parsed once for all of a page's links: parsing the base
// again for each of ~130 links was about a third of the links' cost.
std::string ResolveAgainst(const Url& base, std::string_view ref) {
  Result<Url> r = ResolveUrl(base, ref);
  if (!r.ok()) return {};
  std::string url = ValidUtf8(r->Serialize());
  return IsFetchableScheme(url) ? url : std::string();
}

// The <body> element: the <html> element's body child (Gumbo always makes one for
// a document, but a fragment-like tree may lack it).
const GumboNode* FindBody(const GumboNode* root) {
  const GumboNode* body = nullptr;
  const GumboVector* kids = Children(root);
  for (unsigned i = 0; kids != nullptr && i < kids->length; ++i) {
    const auto* kid = static_cast<const GumboNode*>(kids->data[i]);
    if (kid->type == GUMBO_NODE_ELEMENT && kid->v.element.tag == GUMBO_TAG_BODY) body = kid;
  }
  return body;
}

// True when the bytes hold "itemscope" in any case: an element with the
// attribute cannot be in the tree otherwise (Gumbo lower-cases attribute names
// and decodes no references in them), so a page without it has no microdata.
bool MayHoldMicrodata(std::string_view html) {
  constexpr std::string_view kWord = "itemscope";
  for (std::size_t i = 0; i + kWord.size() <= html.size(); ++i) {
    if ((html[i] | 0x20) != 'i') continue;
    std::size_t k = 1;
    while (k < kWord.size() && LowerChar(html[i + k]) == kWord[k]) ++k;
    if (k == kWord.size()) return true;
  }
  return false;
}

// The first <base href> (HTML 4.2.3: only the first one with href counts).
std::string BaseUrl(const GumboNode* document, const std::string& page_url) {
  std::string base = page_url;
  WalkElements(document, [&](const GumboNode* el) {
    if (el->type == GUMBO_NODE_ELEMENT && el->v.element.tag == GUMBO_TAG_BASE) {
      const char* href = Attr(el, "href");
      if (href != nullptr) {
        std::string resolved = Resolve(page_url, href);
        if (!resolved.empty()) base = resolved;
        return false;
      }
    }
    return base == page_url;
  });
  return base;
}

class PageExtractor {
 public:
  PageExtractor(std::string_view html, std::string_view page_url, const ExtractOptions& options,
                PageExtraction& out)
      : html_(html), page_url_(ValidUtf8(page_url)), opt_(options), out_(out) {}

  void Run() {
    if (html_.size() > opt_.max_html_bytes) {
      Diag(Diagnostic::Severity::kWarning, "html",
           "page is " + std::to_string(html_.size()) + " bytes; only the first " +
               std::to_string(opt_.max_html_bytes) + " are read");
      html_ = html_.substr(0, opt_.max_html_bytes);
    }
    if (!ParseUrl(page_url_).ok())
      Diag(Diagnostic::Severity::kWarning, "html", "page URL '" + page_url_ + "' is not absolute");
    doc_ = std::make_unique<HtmlDocument>(html_, opt_.max_html_depth, opt_.simple_parser);
    if (doc_->flattened()) {
      Diag(
          Diagnostic::Severity::kInfo, "html",
          "elements nested deeper than " + std::to_string(opt_.max_html_depth) + " were flattened");
    }
    // One walk gathers what the stages below read from the tree.
    body_ = FindBody(doc_->root());
    detail::PageScanLimits limits;
    limits.max_scripts = opt_.max_jsonld_blocks + 1;
    limits.max_links = opt_.max_links;
    scan_ = detail::ScanPage(doc_->document(), body_ != nullptr ? body_ : doc_->root(), limits);
    // Most pages have no <base href>: their base is the page URL, without a walk.
    out_.base_url = scan_.bases.empty() ? page_url_ : BaseUrl(doc_->document(), page_url_);
    ReadJsonLd();
    ReadMicrodata();
    ReadLinks();
    ApplyRules();
    ReadApprovalStatements();
    SiteProvider();
  }

  // A provider's own site names itself as the provider of few of its course pages
  // (a title, hours and a price, the organisation only in the logo): the course is
  // the site's. An aggregator's course is never the aggregator's, so this is only
  // for sources that are a provider's site (ExtractOptions::site_is_provider).
  void SiteProvider() {
    if (!opt_.site_is_provider) return;
    auto page = ParseUrl(page_url_);
    if (!page.ok() || page->host.empty()) return;
    const std::string site = page->Origin() + "/";
    // The site's name, when the page says it once: a provider record of this
    // site (or of no URL), or the subject of an approval statement ("Prairie
    // Counselors Association is approved by ..."). SPEC: a course's provider is
    // an id and a name. Two different names: none is guessed.
    std::string name;
    bool ambiguous = false;
    std::vector<std::string> candidates = statement_subjects_;
    // Raw fields are as the page wrote them: a "name" may be an object or a list.
    auto text = [](const Json& fields, const char* key) {
      auto it = fields.find(key);
      return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    for (const RawRecord& r : out_.records) {
      std::string candidate;
      if (r.kind == "provider") {
        std::string url = r.item_url.empty() ? text(r.fields, "url") : r.item_url;
        auto u = url.empty() ? Result<Url>(Status::NotFound("")) : ParseUrl(url);
        if (!url.empty() && (!u.ok() || u->Origin() + "/" != site)) continue;
        candidate = text(r.fields, "name");
      } else if (r.kind == "approval") {
        candidate = text(r.fields, "provider_name");
      }
      if (candidate.empty()) continue;
      candidates.push_back(std::move(candidate));
    }
    for (std::string& candidate : candidates) {
      if (name.empty()) {
        name = candidate;
      } else if (name != candidate) {
        ambiguous = true;
      }
    }
    if (ambiguous) name.clear();
    // A course that names its provider decides who the statements' subject is
    // (matched by name when normalised); otherwise the site is.
    bool course_names_provider = false;
    for (const RawRecord& r : out_.records) {
      auto it = r.fields.find("provider");
      course_names_provider =
          course_names_provider || (r.kind == "course" && it != r.fields.end() && !it->is_null() &&
                                    *it != "" && !it->empty());
    }
    // The organisation a provider's own site describes without a URL (an
    // Organization without `url`, "X is approved by ...") is the site's: keyed
    // by its host like every other mention of it (docs/normalisation.md
    // "Providers"), not by its name.
    for (RawRecord& r : out_.records) {
      if (r.kind == "provider" && r.item_url.empty() && text(r.fields, "url").empty() &&
          !text(r.fields, "name").empty() && (name.empty() || text(r.fields, "name") == name)) {
        r.fields["url"] = site;
        r.provenance["url"] = "site:" + site;
      } else if (r.kind == "approval" && !text(r.fields, "provider_name").empty() &&
                 !r.fields.contains("provider") && !ambiguous && !course_names_provider) {
        r.fields["provider"] = Json{{"name", text(r.fields, "provider_name")}, {"url", site}};
        r.provenance["provider"] = "site:" + site;
      }
    }
    for (RawRecord& r : out_.records) {
      if (r.kind != "course") continue;
      bool named = false;
      for (const char* k : {"provider", "organizer", "publisher", "provider_name", "sponsor"}) {
        auto it = r.fields.find(k);
        named = named || (it != r.fields.end() && !it->is_null() && *it != "" && !it->empty());
      }
      if (named) continue;
      r.fields["provider"] = Json{{"url", site}};
      if (!name.empty()) r.fields["provider"]["name"] = name;
      r.provenance["provider"] = "site:" + site;
    }
  }

 private:
  // ExtractPage fills in the URL and makes every message valid UTF-8.
  void Diag(Diagnostic::Severity severity, std::string where, std::string message) {
    out_.diagnostics.push_back(
        {.severity = severity, .where = std::move(where), .message = std::move(message)});
  }

  void ReadJsonLd() {
    std::vector<GumboSourcePosition> starts;
    std::vector<std::string> blocks;
    for (const GumboNode* script : scan_.jsonld_scripts) {
      blocks.push_back(detail::ScriptText(script));
      starts.push_back(script->v.element.start_pos);
    }
    if (blocks.size() > opt_.max_jsonld_blocks) {
      Diag(Diagnostic::Severity::kWarning, "jsonld",
           "more than " + std::to_string(opt_.max_jsonld_blocks) +
               " JSON-LD blocks; the rest are skipped");
      blocks.resize(opt_.max_jsonld_blocks);
    }
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      std::string where = "jsonld[" + std::to_string(i) + "]";
      // A block's diagnostics point at its <script> tag, unless flattening deep
      // nesting removed tags and moved the page's bytes.
      auto block_diag = [&](Diagnostic::Severity severity, std::string message) {
        Diag(severity, where, std::move(message));
        if (!doc_->flattened() && starts[i].line > 0) {
          out_.diagnostics.back().line = static_cast<int>(starts[i].line);
          out_.diagnostics.back().offset = starts[i].offset;
        }
      };
      if (blocks[i].size() > opt_.max_jsonld_block_bytes) {
        block_diag(Diagnostic::Severity::kWarning,
                   "block is " + std::to_string(blocks[i].size()) + " bytes (limit " +
                       std::to_string(opt_.max_jsonld_block_bytes) + "); skipped");
        continue;
      }
      std::vector<std::string> repairs;
      Result<Json> parsed = ParseJsonLd(blocks[i], &repairs, opt_.max_json_depth);
      if (!parsed.ok()) {
        block_diag(Diagnostic::Severity::kError,
                   "skipped, not JSON even after repair: " + parsed.status().message());
        continue;
      }
      if (!repairs.empty()) {
        std::string list;
        for (const std::string& r : repairs) list += (list.empty() ? "" : ", ") + r;
        block_diag(Diagnostic::Severity::kInfo, "repaired: " + list);
      }
      if (!parsed->is_array()) {
        Json one = std::move(*parsed);
        *parsed = Json::array();
        parsed->push_back(std::move(one));
      }
      for (Json& e : *parsed) {
        // `null`, `{}` and `[]` (a block a template left empty, a CMS's "null"
        // placeholder) say nothing: no object in `jsonld`, no diagnostic.
        if (e.is_null() || (e.is_structured() && e.empty())) continue;
        if (e.is_primitive()) {
          block_diag(Diagnostic::Severity::kWarning,
                     "a " + std::string(e.type_name()) + " is not a JSON-LD object; skipped");
          continue;
        }
        if (out_.jsonld.size() >= opt_.max_jsonld_items) {
          block_diag(Diagnostic::Severity::kWarning,
                     "more than " + std::to_string(opt_.max_jsonld_items) +
                         " JSON-LD objects on the page; the rest are skipped");
          return;
        }
        out_.jsonld.push_back(std::move(e));
      }
    }
  }

  void ReadMicrodata() {
    // Without the attribute there is no item and nothing to note (a zero item
    // limit is noted even then, so that case still walks).
    if (opt_.max_microdata_items > 0 && !MayHoldMicrodata(html_)) return;
    MicrodataOptions mo;
    mo.max_items = opt_.max_microdata_items;
    mo.max_text_bytes = opt_.max_text_bytes;
    out_.microdata = ExtractMicrodata(doc_->document(), out_.base_url, mo, &microdata_notes_);
    for (const std::string& note : microdata_notes_)
      Diag(Diagnostic::Severity::kWarning, "microdata", note);
  }

  // The follow selectors, parsed; a selector that does not parse is reported.
  std::vector<Selector> FollowSelectors() {
    std::vector<Selector> selectors;
    for (std::size_t i = 0; i < opt_.follow.size(); ++i) {
      Result<Selector> sel = Selector::Parse(opt_.follow[i]);
      if (!sel.ok()) {
        Diag(Diagnostic::Severity::kError, "follow[" + std::to_string(i) + "]",
             sel.status().message());
        continue;
      }
      selectors.push_back(std::move(*sel));
    }
    return selectors;
  }

  // The <a> elements the follow selectors reach: each selector's matches (at
  // most max_links) that are links, and the links inside the others, until
  // max_links are found. Walks the tree once per selector.
  std::unordered_set<const GumboNode*> FollowedByWalk(const std::vector<Selector>& selectors) {
    std::unordered_set<const GumboNode*> followed;
    for (const Selector& sel : selectors) {
      for (const GumboNode* el : sel.SelectAll(doc_->document(), opt_.max_links)) {
        if (el->type == GUMBO_NODE_ELEMENT && el->v.element.tag == GUMBO_TAG_A) {
          followed.insert(el);
          continue;
        }
        WalkElements(el, [&](const GumboNode* a) {
          if (a->type == GUMBO_NODE_ELEMENT && a->v.element.tag == GUMBO_TAG_A) followed.insert(a);
          return followed.size() < opt_.max_links;
        });
      }
    }
    return followed;
  }

  // FollowedByWalk's answer for one link, from the link and its ancestors: a
  // selector matches the link, or an ancestor that is not itself a link (the
  // links inside a matched link are not looked for). The same answer when the
  // page has fewer elements than max_links, so that neither of that walk's
  // limits is reached.
  // `reached` remembers, per element, whether a selector matches it or one of its
  // ancestors that are not links: a page's ~150 links share most of their
  // ancestors (menus, lists), which are then matched once each, not once per
  // link below them (issue 25).
  static bool FollowedByAncestry(const GumboNode* link, const std::vector<Selector>& selectors,
                                 std::unordered_map<const GumboNode*, bool>& reached) {
    auto any_matches = [&](const GumboNode* el) {
      for (const Selector& sel : selectors) {
        if (sel.Matches(el)) return true;
      }
      return false;
    };
    if (any_matches(link)) return true;
    // The ancestors up to the first one already known (or the root), nearest first.
    std::vector<const GumboNode*> chain;
    bool known = false;
    for (const GumboNode* a = link->parent; a != nullptr && IsElement(a); a = a->parent) {
      if (auto it = reached.find(a); it != reached.end()) {
        known = it->second;
        break;
      }
      chain.push_back(a);
    }
    // From the farthest down: an element is reached when its parent is, or when
    // it is not a link and a selector matches it.
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const GumboNode* a = *it;
      bool is_link = a->type == GUMBO_NODE_ELEMENT && a->v.element.tag == GUMBO_TAG_A;
      known = known || (!is_link && any_matches(a));
      reached.emplace(a, known);
    }
    return known;
  }

  void ReadLinks() {
    std::vector<Selector> selectors = FollowSelectors();
    // The per-link answer costs a few selector matches per link instead of a walk
    // of the page per selector; the walk stays for pages past the limits.
    const bool by_ancestry = scan_.elements < opt_.max_links;
    std::unordered_set<const GumboNode*> followed;
    if (!by_ancestry && !selectors.empty()) followed = FollowedByWalk(selectors);
    std::unordered_map<const GumboNode*, bool> ancestors_reached;
    Result<Url> base = ParseUrl(out_.base_url);
    out_.links.reserve(scan_.links.size());
    const bool only_followed = opt_.followed_links_only && !selectors.empty();
    for (const GumboNode* el : scan_.links) {
      bool reached = selectors.empty() ? false
                     : by_ancestry     ? FollowedByAncestry(el, selectors, ancestors_reached)
                                       : followed.count(el) > 0;
      if (only_followed && !reached) continue;
      const char* href = Attr(el, "href");
      Link link;
      link.href = TruncateUtf8(ValidUtf8(href), 8192);
      if (base.ok()) link.url = ResolveAgainst(*base, link.href);
      link.follow = !link.url.empty() && reached;
      out_.links.push_back(std::move(link));
    }
    if (scan_.links_capped) {
      Diag(Diagnostic::Severity::kWarning, "links",
           "more than " + std::to_string(opt_.max_links) + " links; the rest are skipped");
    }
  }

  // JSON-LD records, else microdata records (SPEC: "auto" = JSON-LD, then
  // microdata, then rules). Computed once even if several auto entries apply.
  bool StructuredRecords() {
    if (structured_done_) return structured_found_;
    structured_done_ = true;
    std::size_t before = out_.records.size();
    detail::MapContext ctx;
    ctx.base_url = out_.base_url;
    ctx.page_url = page_url_;
    ctx.max_records = opt_.max_records;
    ctx.max_text_bytes = opt_.max_text_bytes;
    ctx.records = &out_.records;
    ctx.diagnostics = &out_.diagnostics;
    ctx.source = "jsonld";
    for (std::size_t i = 0; i < out_.jsonld.size(); ++i) {
      detail::MapStructuredData(out_.jsonld[i], "[" + std::to_string(i) + "]", ctx);
    }
    if (out_.records.size() == before) {
      ctx.source = "microdata";
      for (std::size_t i = 0; i < out_.microdata.size(); ++i) {
        detail::MapStructuredData(MicrodataToJsonLd(out_.microdata[i]),
                                  "[" + std::to_string(i) + "]", ctx);
      }
    }
    structured_found_ = out_.records.size() > before;
    return structured_found_;
  }

  void ApplyRules() {
    detail::RuleContext rc;
    rc.document = doc_->document();
    rc.base_url = out_.base_url;
    rc.page_url = page_url_;
    rc.options = &opt_;
    rc.records = &out_.records;
    rc.diagnostics = &out_.diagnostics;
    std::size_t applied = 0;
    std::string regexes;  // "rule[0] 'x', rule[1] 'y'": the entries that did not match
    for (std::size_t i = 0; i < opt_.rules.size(); ++i) {
      const ExtractRule& rule = opt_.rules[i];
      std::string where = "rule[" + std::to_string(i) + "]";
      if (!rule.url.empty()) {
        RE2::Options ro;
        ro.set_log_errors(false);
        RE2 re(rule.url, ro);
        if (!re.ok()) {
          Diag(Diagnostic::Severity::kError, where + ".url",
               "invalid regex '" + rule.url + "': " + re.error());
          continue;
        }
        if (!RE2::PartialMatch(page_url_, re)) {
          regexes += (regexes.empty() ? "" : ", ") + where + " '" + rule.url + "'";
          continue;
        }
      }
      ++applied;
      bool has_rules = !rule.fields.empty();
      if (rule.method == "auto" || rule.method.empty()) {
        if (StructuredRecords() || !has_rules) continue;
        detail::ApplyRule(rule, i, rc);
      } else if (rule.method == "rules") {
        detail::ApplyRule(rule, i, rc);
      } else {
        Diag(Diagnostic::Severity::kError, where + ".method",
             "unknown method '" + rule.method + "'");
      }
    }
    if (applied == 0 && !regexes.empty()) {
      // Without this a page of the source gives no record and no word of why
      // (issue 20): say which regexes were tried.
      out_.no_entry_matched = true;
      Diag(Diagnostic::Severity::kWarning, "extract",
           "no extract entry matched this URL (tried " + regexes + "); no records extracted");
    }
  }

  // The approvals of table rows and list items (ApprovalFromRow), in document
  // order: a table's rows under its heading row (th cells), each <li> as one cell.
  // The lists and tables are the page scan's (detail::PageScan::approval_rows).
  std::vector<Approval> ApprovalRows() {
    std::vector<Approval> out;
    auto cells_of = [&](const GumboNode* tr, bool* all_th) {
      std::vector<std::string> cells;
      *all_th = true;
      for (const GumboNode* c : ElementChildren(tr)) {
        std::string tag = TagName(c);
        if (tag != "td" && tag != "th") continue;
        *all_th = *all_th && tag == "th";
        cells.push_back(PlainText(c, 2000));
      }
      return cells;
    };
    for (const GumboNode* el : scan_.approval_rows) {
      if (out.size() >= 32) break;
      if (el->v.element.tag == GUMBO_TAG_LI) {
        if (auto a = ApprovalFromRow({PlainText(el, 2000)}, {})) out.push_back(std::move(*a));
        continue;
      }
      std::vector<std::string> headers;
      WalkElements(el, [&](const GumboNode* row) {
        std::string t = TagName(row);
        if (t == "table" && row != el) return false;  // a nested table reads its own rows
        if (t != "tr") return true;
        bool all_th = false;
        std::vector<std::string> cells = cells_of(row, &all_th);
        if (all_th && headers.empty()) {
          headers = std::move(cells);
        } else if (auto a = ApprovalFromRow(cells, headers)) {
          out.push_back(std::move(*a));
        }
        return false;
      });
    }
    return out;
  }

  // Approval statements in the body text: attached to the course on a single
  // course page, else "approval" records for the page's provider.
  void ReadApprovalStatements() {
    const GumboNode* body = body_;
    std::string text = PlainText(body != nullptr ? body : doc_->root(), opt_.max_html_bytes,
                                 /*keep_newlines=*/true);
    std::vector<Approval> found = FindApprovals(text);
    // Accreditation pages list approvals in tables and lists without a verb
    // ("NBCC | ACEP No. 6999 | 03/31/2027"); a row already stated in a sentence
    // (same body and number) is not listed twice.
    for (Approval& row : ApprovalRows()) {
      bool stated = std::any_of(found.begin(), found.end(), [&](const Approval& a) {
        // Two boards the parser leaves unnamed (body "") are the same only when
        // written the same.
        return a.body == row.body && (!a.body.empty() || a.body_text == row.body_text) &&
               (a.number == row.number || row.number.empty());
      });
      if (!stated) found.push_back(std::move(row));
    }
    if (found.empty()) return;
    for (const Approval& a : found) {
      if (!a.provider_name.empty()) statement_subjects_.push_back(a.provider_name);
    }
    std::vector<RawRecord*> courses, providers;
    for (RawRecord& r : out_.records) {
      if (r.kind == "course") courses.push_back(&r);
      if (r.kind == "provider") providers.push_back(&r);
    }
    // A provider's own page (one provider, no course) keeps its statements too.
    const RawRecord* providers_only = nullptr;
    if (courses.empty() && providers.size() == 1) {
      courses = providers;
      providers_only = providers[0];
    }
    if (courses.size() == 1) {
      RawRecord& course = *courses[0];
      Json list = course.fields.value("approvals", Json::array());
      if (!list.is_array()) list = Json::array();
      for (const Approval& a : found) {
        Json j = ApprovalToJson(a);
        // A rule field may already hold the same statement.
        if (std::find(list.begin(), list.end(), j) == list.end()) list.push_back(std::move(j));
      }
      course.fields["approvals"] = list;
      if (!course.provenance.count("approvals"))
        course.provenance["approvals"] = "text:approval statement";
      // A statement whose subject is an organisation ("Harborlight Institute has
      // been approved by NBCC as an ACEP") is also that provider's approval: it
      // becomes its record's (and so every course of it inherits it), below.
      std::erase_if(found, [&](const Approval& a) { return a.provider_name.empty(); });
      if (&course == providers_only) return;
    }
    for (const Approval& a : found) {
      if (out_.records.size() >= opt_.max_records) {
        Diag(Diagnostic::Severity::kWarning, "text",
             "record limit reached; approval statements skipped");
        break;
      }
      RawRecord rec;
      rec.kind = "approval";
      rec.page_url = page_url_;
      rec.fields = ApprovalToJson(a, /*with_provider_name=*/true);
      for (auto it = rec.fields.begin(); it != rec.fields.end(); ++it) {
        rec.provenance[it.key()] = "text:approval statement";
      }
      out_.records.push_back(std::move(rec));
    }
  }

  std::string_view html_;
  std::string page_url_;
  const ExtractOptions& opt_;
  PageExtraction& out_;
  std::unique_ptr<HtmlDocument> doc_;
  const GumboNode* body_ = nullptr;
  detail::PageScan scan_;
  std::vector<std::string> microdata_notes_;
  bool structured_done_ = false;
  bool structured_found_ = false;
  // Who the page's approval statements say is approved ("X is an NBCC ..."),
  // also when they were attached to its one course: the site's name.
  std::vector<std::string> statement_subjects_;
};

}  // namespace

PageExtraction ExtractPage(std::string_view html, std::string_view page_url,
                           const ExtractOptions& options) {
  PageExtraction out;
  out.base_url = ValidUtf8(page_url);
  try {
    PageExtractor(html, page_url, options, out).Run();
  } catch (const std::exception& e) {
    // Nothing below is meant to throw; if a library does (bad_alloc, json), the
    // page still yields what was extracted so far.
    out.diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                               .where = "internal",
                               .message = std::string("extraction stopped: ") + e.what()});
  }
  // A page's only record of a kind is its main entity (SPEC, identity).
  std::map<std::string, int> per_kind;
  for (const RawRecord& r : out.records) ++per_kind[r.kind];
  for (RawRecord& r : out.records) r.main_entity = per_kind[r.kind] == 1;
  // Messages quote page bytes (a selector, a library's error text); ToJson must be
  // able to serialise every one of them.
  for (Diagnostic& d : out.diagnostics) {
    if (d.url.empty()) d.url = ValidUtf8(page_url);
    d.message = ValidUtf8(d.message);
  }
  return out;
}

Json ToJson(const RawRecord& record) {
  Json provenance = Json::object();
  for (const auto& [field, source] : record.provenance) provenance[field] = source;
  return Json{{"kind", record.kind},         {"page_url", record.page_url},
              {"item_url", record.item_url}, {"item_id", record.item_id},
              {"fields", record.fields},     {"provenance", provenance}};
}

Json ToJson(const PageExtraction& px) {
  Json links = Json::array();
  for (const Link& l : px.links) {
    links.push_back(Json{{"href", l.href}, {"url", l.url}, {"follow", l.follow}});
  }
  Json records = Json::array();
  for (const RawRecord& r : px.records) records.push_back(ToJson(r));
  Json diagnostics = Json::array();
  for (const Diagnostic& d : px.diagnostics) diagnostics.push_back(d.ToJson());
  return Json{{"base_url", px.base_url}, {"jsonld", px.jsonld}, {"microdata", px.microdata},
              {"links", links},          {"records", records},  {"diagnostics", diagnostics}};
}

Status CheckSelector(std::string_view selector) {
  Result<Selector> parsed = Selector::Parse(selector);
  return parsed.ok() ? Status::Ok() : parsed.status();
}

Status CheckFieldSelector(std::string_view field) {
  Result<FieldSpec> parsed = ParseFieldSpec(field);
  return parsed.ok() ? Status::Ok() : parsed.status();
}

}  // namespace cecat::parsers
