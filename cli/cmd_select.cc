// select: what a CSS selector (or a rule field "SELECTOR@attr") matches in a
// page, for trying selectors before writing them into a source (issue 20).
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>

#include "cli/context.h"
#include "cli/handlers.h"
#include "cli/terminal.h"
#include "common/extract_rule.h"
#include "common/redact.h"
#include "common/url.h"
#include "parsers/extract.h"
#include "parsers/html.h"
#include "parsers/selector.h"
#include "parsers/text.h"

namespace cecat::cli {
namespace {

constexpr std::size_t kTextColumns = 160;     // a match's text on the terminal
constexpr std::size_t kJsonTextBytes = 4096;  // and in --json

// The argument as a selector and, for "SELECTOR@attr", the attribute. Errors are
// the config check's own messages (parsers::CheckSelector / CheckFieldSelector),
// so `select` and `sources check` name the same column.
Result<parsers::FieldSpec> ParseArgument(const std::string& arg) {
  if (FieldAttributeSeparator(arg) == std::string::npos) {
    CECAT_RETURN_IF_ERROR(parsers::Selector::Parse(arg).status());
    return parsers::FieldSpec{arg, ""};
  }
  CECAT_ASSIGN_OR_RETURN(parsers::FieldSpec spec, parsers::ParseFieldSpec(arg));
  if (spec.selector.empty()) {
    return Status::InvalidArgument("field '" + arg +
                                   "': an empty selector means the rule's item; give a selector "
                                   "before '@'");
  }
  return spec;
}

struct Match {
  std::string path;
  std::string text;
  std::vector<std::pair<std::string, std::string>> attributes;  // in document order
  std::optional<std::string> value;  // the @attr's value (absent: the element has none)
  std::optional<std::string> url;    // the value resolved against --url (href, src, ...)
};

Match Describe(const GumboNode* el, const parsers::FieldSpec& spec, const std::string& base) {
  Match m;
  m.path = parsers::ElementPath(el);
  m.text = parsers::PlainText(el, kJsonTextBytes);
  const GumboVector& attrs = el->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    m.attributes.emplace_back(parsers::ValidUtf8(a->name),
                              parsers::TruncateUtf8(parsers::ValidUtf8(a->value), kJsonTextBytes));
  }
  if (!spec.attr.empty()) {
    if (const char* v = parsers::Attr(el, spec.attr)) {
      m.value = parsers::TruncateUtf8(parsers::ValidUtf8(v), kJsonTextBytes);
      // The attributes a rule resolves as URLs (an item's `url`, a link's href).
      bool is_link = spec.attr == "href" || spec.attr == "src" || spec.attr == "action";
      if (is_link && !base.empty()) {
        auto resolved = ResolveUrlString(base, *m.value);
        if (resolved.ok()) m.url = *resolved;
      }
    }
  }
  return m;
}

}  // namespace

int RunSelect(Context& ctx) {
  if (!ctx.args.Has("--html")) {
    *ctx.err << "cecat select: --html FILE is required\n";
    return kExitUsage;
  }
  const std::string& arg = ctx.args.positional[0];
  auto spec = ParseArgument(arg);
  if (!spec.ok()) {
    *ctx.err << "cecat select: " << Printable(spec.status().message()) << "\n";
    return kExitUsage;
  }
  std::string base;
  if (ctx.args.Has("--url")) {
    base = ctx.args.Get("--url");
    if (auto u = ParseUrl(base); !u.ok()) {
      *ctx.err << "cecat select: --url: " << RedactSecrets(u.status().message()) << "\n";
      return kExitUsage;
    }
  }
  std::size_t limit = 20;
  if (ctx.args.Has("--limit")) {
    auto n = ParseIntOption("--limit", ctx.args.Get("--limit"), 1, 1000000);
    if (!n.ok()) {
      *ctx.err << "cecat select: " << n.status().message() << "\n";
      return kExitUsage;
    }
    limit = static_cast<std::size_t>(*n);
  }
  std::ifstream in(ctx.args.Get("--html"), std::ios::binary);
  if (!in) {
    *ctx.err << "cecat select: cannot read --html file '" << ctx.args.Get("--html") << "'\n";
    return kExitUsage;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string html = ss.str();
  // Read as extract reads a page: the same size cap and nesting limit.
  const parsers::ExtractOptions limits;
  if (html.size() > limits.max_html_bytes) html.resize(limits.max_html_bytes);
  parsers::HtmlDocument doc(html, limits.max_html_depth);
  auto selector = parsers::Selector::Parse(spec->selector);  // parsed above: cannot fail
  if (!selector.ok()) return kExitUsage;
  std::vector<const GumboNode*> found = selector->SelectAll(doc.document());

  if (ctx.args.Has("--json")) {
    Json matches = Json::array();
    for (std::size_t i = 0; i < found.size() && i < limit; ++i) {
      Match m = Describe(found[i], *spec, base);
      Json attributes = Json::object();
      for (const auto& [name, value] : m.attributes) {
        if (!attributes.contains(name)) attributes[name] = value;
      }
      Json j = {{"path", m.path}, {"text", m.text}, {"attributes", attributes}};
      if (!spec->attr.empty()) j["value"] = m.value ? Json(*m.value) : Json(nullptr);
      if (m.url) j["url"] = *m.url;
      matches.push_back(std::move(j));
    }
    Json out = {{"selector", spec->selector}, {"count", found.size()}, {"matches", matches}};
    if (!spec->attr.empty()) out["attr"] = spec->attr;
    RedactJsonStrings(out);  // like every output: no URL's secrets
    *ctx.out << PrintableJson(out) << "\n";
    return kExitOk;
  }

  std::ostream& out = *ctx.out;
  out << found.size() << (found.size() == 1 ? " match" : " matches") << " for "
      << Printable(spec->selector) << "\n";
  for (std::size_t i = 0; i < found.size() && i < limit; ++i) {
    Match m = Describe(found[i], *spec, base);
    out << "\n" << i + 1 << ". " << Printable(m.path) << "\n";
    out << "   text: " << (m.text.empty() ? "(none)" : Truncate(m.text, kTextColumns)) << "\n";
    if (!m.attributes.empty()) {
      std::string attrs;
      for (const auto& [name, value] : m.attributes) {
        attrs += (attrs.empty() ? "" : " ") + name + "=\"" + RedactValue(value) + "\"";
      }
      out << "   attributes: " << Truncate(attrs, kTextColumns) << "\n";
    }
    if (!spec->attr.empty()) {
      out << "   @" << spec->attr << ": "
          << (m.value ? Truncate(RedactValue(*m.value), kTextColumns) : "(no such attribute)")
          << "\n";
      if (m.url) out << "   url: " << Truncate(RedactUrl(*m.url), kTextColumns) << "\n";
    }
  }
  if (found.size() > limit) {
    out << "\n(" << found.size() - limit << " more; --limit N shows more)\n";
  }
  return kExitOk;
}

}  // namespace cecat::cli
