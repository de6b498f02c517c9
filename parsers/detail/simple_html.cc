// The simple parser: a tokenizer and a tree builder for the plain subset of HTML
// (simple_html.h). The tree builder follows Gumbo 0.10's own tree construction
// step for step where the subset reaches (which elements an end tag closes, when
// a text node is flushed, which pops mark an implicit end tag, Gumbo's quirks
// included: an end tag of an unknown element closes any unknown element, </form>
// leaves pending text to the next node), and declines every path it does not
// model: the adoption agency with a furthest block, foster parenting, reconstructing
// formatting elements, templates, MathML, captions and column groups, ...
#include "parsers/detail/simple_html.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "common/ascii.h"
#include "common/utf8.h"

namespace cecat::parsers::detail {
namespace {

// Thrown to decline the page; caught in ParseSimpleHtml, once per declined page.
struct Decline {};

[[noreturn]] void Fail() { throw Decline{}; }

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }

// Gumbo reads the input through a UTF-8 iterator that replaces invalid sequences
// and reports control characters and noncharacters; the subset has none of them,
// nor NUL (which the tokenizer treats specially) nor a byte order mark.
bool AcceptableBytes(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  if (s.size() >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) return false;
  while (p < end) {
    unsigned c = *p;
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') return false;
      if (c == 0x7F) return false;
      ++p;
      continue;
    }
    unsigned cp = 0;
    int extra = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      cp = c & 0x1F;
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      cp = c & 0x0F;
      extra = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      cp = c & 0x07;
      extra = 3;
    } else {
      return false;
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    // Overlong forms, surrogates, beyond U+10FFFF, C1 controls, noncharacters.
    if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp <= 0x9F) ||
        (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
      return false;
    }
    p += extra + 1;
  }
  return true;
}

// The named character references the subset decodes (written with ';'). Any
// other name followed by ';' declines the page, since it may be one of HTML's
// other 2,000 names.
struct NamedRef {
  std::string_view name;
  unsigned cp;
};
constexpr NamedRef kNamedRefs[] = {
    {"amp", 0x26},      {"lt", 0x3C},       {"gt", 0x3E},       {"quot", 0x22},
    {"apos", 0x27},     {"nbsp", 0xA0},     {"copy", 0xA9},     {"reg", 0xAE},
    {"trade", 0x2122},  {"mdash", 0x2014},  {"ndash", 0x2013},  {"hellip", 0x2026},
    {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"ldquo", 0x201C},  {"rdquo", 0x201D},
    {"sbquo", 0x201A},  {"bdquo", 0x201E},  {"bull", 0x2022},   {"middot", 0xB7},
    {"laquo", 0xAB},    {"raquo", 0xBB},    {"times", 0xD7},    {"divide", 0xF7},
    {"deg", 0xB0},      {"plusmn", 0xB1},   {"para", 0xB6},     {"sect", 0xA7},
    {"cent", 0xA2},     {"pound", 0xA3},    {"euro", 0x20AC},   {"yen", 0xA5},
    {"rarr", 0x2192},   {"larr", 0x2190},   {"uarr", 0x2191},   {"darr", 0x2193},
    {"hearts", 0x2665}, {"starf", 0x2605},  {"star", 0x2606},   {"check", 0x2713},
    {"eacute", 0xE9},   {"Eacute", 0xC9},   {"egrave", 0xE8},   {"aacute", 0xE1},
    {"agrave", 0xE0},   {"iacute", 0xED},   {"oacute", 0xF3},   {"uacute", 0xFA},
    {"ntilde", 0xF1},   {"Ntilde", 0xD1},   {"ouml", 0xF6},     {"uuml", 0xFC},
    {"auml", 0xE4},     {"ccedil", 0xE7},   {"shy", 0xAD},      {"ensp", 0x2002},
    {"emsp", 0x2003},   {"thinsp", 0x2009}, {"zwj", 0x200D},    {"zwnj", 0x200C},
    {"frac12", 0xBD},   {"frac14", 0xBC},   {"frac34", 0xBE},   {"sup2", 0xB2},
    {"iexcl", 0xA1},    {"iquest", 0xBF},   {"prime", 0x2032},  {"Prime", 0x2033},
    {"dagger", 0x2020}, {"Dagger", 0x2021}, {"permil", 0x2030}, {"lsaquo", 0x2039},
    {"rsaquo", 0x203A}, {"minus", 0x2212},
};

// The names HTML also decodes without ';' (the Latin-1 set). A name that starts
// with one of them is decoded differently in text and in attributes, and its
// exact treatment is Gumbo's matcher's: such a reference declines the page unless
// the attribute rule below settles it.
constexpr std::string_view kLegacyRefs[] = {
    "AElig",  "AMP",    "Aacute", "Acirc",  "Agrave", "Aring",  "Atilde", "Auml",   "COPY",
    "Ccedil", "ETH",    "Eacute", "Ecirc",  "Egrave", "Euml",   "GT",     "Iacute", "Icirc",
    "Igrave", "Iuml",   "LT",     "Ntilde", "Oacute", "Ocirc",  "Ograve", "Oslash", "Otilde",
    "Ouml",   "QUOT",   "REG",    "THORN",  "Uacute", "Ucirc",  "Ugrave", "Uuml",   "Yacute",
    "aacute", "acirc",  "acute",  "aelig",  "agrave", "amp",    "aring",  "atilde", "auml",
    "brvbar", "ccedil", "cedil",  "cent",   "copy",   "curren", "deg",    "divide", "eacute",
    "ecirc",  "egrave", "eth",    "euml",   "frac12", "frac14", "frac34", "gt",     "iacute",
    "icirc",  "iexcl",  "igrave", "iquest", "iuml",   "laquo",  "lt",     "macr",   "micro",
    "middot", "nbsp",   "not",    "ntilde", "oacute", "ocirc",  "ograve", "ordf",   "ordm",
    "oslash", "otilde", "ouml",   "para",   "plusmn", "pound",  "quot",   "raquo",  "reg",
    "sect",   "shy",    "sup1",   "sup2",   "sup3",   "szlig",  "thorn",  "times",  "uacute",
    "ucirc",  "ugrave", "uml",    "uuml",   "yacute", "yen",    "yuml",
};

// The longest legacy name that `run` starts with (0 for none).
std::size_t LegacyPrefix(std::string_view run) {
  std::size_t best = 0;
  for (std::string_view name : kLegacyRefs) {
    if (name.size() <= run.size() && run.substr(0, name.size()) == name)
      best = std::max(best, name.size());
  }
  return best;
}

// SVG attribute names HTML gives their camel case (Gumbo's adjust_svg_attributes).
constexpr std::pair<std::string_view, const char*> kSvgAttributes[] = {
    {"attributename", "attributeName"},
    {"attributetype", "attributeType"},
    {"basefrequency", "baseFrequency"},
    {"baseprofile", "baseProfile"},
    {"calcmode", "calcMode"},
    {"clippathunits", "clipPathUnits"},
    {"contentscripttype", "contentScriptType"},
    {"contentstyletype", "contentStyleType"},
    {"diffuseconstant", "diffuseConstant"},
    {"edgemode", "edgeMode"},
    {"externalresourcesrequired", "externalResourcesRequired"},
    {"filterres", "filterRes"},
    {"filterunits", "filterUnits"},
    {"glyphref", "glyphRef"},
    {"gradienttransform", "gradientTransform"},
    {"gradientunits", "gradientUnits"},
    {"kernelmatrix", "kernelMatrix"},
    {"kernelunitlength", "kernelUnitLength"},
    {"keypoints", "keyPoints"},
    {"keysplines", "keySplines"},
    {"keytimes", "keyTimes"},
    {"lengthadjust", "lengthAdjust"},
    {"limitingconeangle", "limitingConeAngle"},
    {"markerheight", "markerHeight"},
    {"markerunits", "markerUnits"},
    {"markerwidth", "markerWidth"},
    {"maskcontentunits", "maskContentUnits"},
    {"maskunits", "maskUnits"},
    {"numoctaves", "numOctaves"},
    {"pathlength", "pathLength"},
    {"patterncontentunits", "patternContentUnits"},
    {"patterntransform", "patternTransform"},
    {"patternunits", "patternUnits"},
    {"pointsatx", "pointsAtX"},
    {"pointsaty", "pointsAtY"},
    {"pointsatz", "pointsAtZ"},
    {"preservealpha", "preserveAlpha"},
    {"preserveaspectratio", "preserveAspectRatio"},
    {"primitiveunits", "primitiveUnits"},
    {"refx", "refX"},
    {"refy", "refY"},
    {"repeatcount", "repeatCount"},
    {"repeatdur", "repeatDur"},
    {"requiredextensions", "requiredExtensions"},
    {"requiredfeatures", "requiredFeatures"},
    {"specularconstant", "specularConstant"},
    {"specularexponent", "specularExponent"},
    {"spreadmethod", "spreadMethod"},
    {"startoffset", "startOffset"},
    {"stddeviation", "stdDeviation"},
    {"stitchtiles", "stitchTiles"},
    {"surfacescale", "surfaceScale"},
    {"systemlanguage", "systemLanguage"},
    {"tablevalues", "tableValues"},
    {"targetx", "targetX"},
    {"targety", "targetY"},
    {"textlength", "textLength"},
    {"viewbox", "viewBox"},
    {"viewtarget", "viewTarget"},
    {"xchannelselector", "xChannelSelector"},
    {"ychannelselector", "yChannelSelector"},
    {"zoomandpan", "zoomAndPan"},
};

struct ForeignAttribute {
  std::string_view from;
  const char* local;
  GumboAttributeNamespaceEnum ns;
};
constexpr ForeignAttribute kForeignAttributes[] = {
    {"xlink:actuate", "actuate", GUMBO_ATTR_NAMESPACE_XLINK},
    {"xlink:href", "href", GUMBO_ATTR_NAMESPACE_XLINK},
    {"xlink:role", "role", GUMBO_ATTR_NAMESPACE_XLINK},
    {"xlink:show", "show", GUMBO_ATTR_NAMESPACE_XLINK},
    {"xlink:title", "title", GUMBO_ATTR_NAMESPACE_XLINK},
    {"xlink:type", "type", GUMBO_ATTR_NAMESPACE_XLINK},
    {"xml:base", "base", GUMBO_ATTR_NAMESPACE_XML},
    {"xml:lang", "lang", GUMBO_ATTR_NAMESPACE_XML},
    {"xml:space", "space", GUMBO_ATTR_NAMESPACE_XML},
    {"xmlns", "xmlns", GUMBO_ATTR_NAMESPACE_XMLNS},
    {"xmlns:xlink", "xlink", GUMBO_ATTR_NAMESPACE_XMLNS},
};

// Tag sets, indexed by Gumbo's enum.
using TagSet = std::array<bool, GUMBO_TAG_LAST + 1>;
constexpr TagSet MakeSet(std::initializer_list<GumboTag> tags) {
  TagSet s{};
  for (GumboTag t : tags) s[t] = true;
  return s;
}

// Start tags that close an open <p> in button scope (Gumbo's in-body list).
constexpr TagSet kClosesP =
    MakeSet({GUMBO_TAG_MAIN,       GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE,  GUMBO_TAG_ASIDE,
             GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_CENTER,  GUMBO_TAG_DETAILS,  GUMBO_TAG_DIR,
             GUMBO_TAG_DIV,        GUMBO_TAG_DL,      GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION,
             GUMBO_TAG_FIGURE,     GUMBO_TAG_FOOTER,  GUMBO_TAG_HEADER,   GUMBO_TAG_HGROUP,
             GUMBO_TAG_MENU,       GUMBO_TAG_NAV,     GUMBO_TAG_OL,       GUMBO_TAG_P,
             GUMBO_TAG_SECTION,    GUMBO_TAG_SUMMARY, GUMBO_TAG_UL});
// End tags closed with "in scope, implied end tags, pop until" (Gumbo's list).
constexpr TagSet kBlockEnd =
    MakeSet({GUMBO_TAG_MAIN,       GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE,
             GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BUTTON,  GUMBO_TAG_CENTER,  GUMBO_TAG_DETAILS,
             GUMBO_TAG_DIR,        GUMBO_TAG_DIV,     GUMBO_TAG_DL,      GUMBO_TAG_FIELDSET,
             GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,  GUMBO_TAG_FOOTER,  GUMBO_TAG_HEADER,
             GUMBO_TAG_HGROUP,     GUMBO_TAG_LISTING, GUMBO_TAG_MENU,    GUMBO_TAG_NAV,
             GUMBO_TAG_OL,         GUMBO_TAG_PRE,     GUMBO_TAG_SECTION, GUMBO_TAG_SUMMARY,
             GUMBO_TAG_UL});
constexpr TagSet kHeadings =
    MakeSet({GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6});
constexpr TagSet kFormatting = MakeSet(
    {GUMBO_TAG_B, GUMBO_TAG_BIG, GUMBO_TAG_CODE, GUMBO_TAG_EM, GUMBO_TAG_FONT, GUMBO_TAG_I,
     GUMBO_TAG_S, GUMBO_TAG_SMALL, GUMBO_TAG_STRIKE, GUMBO_TAG_STRONG, GUMBO_TAG_TT, GUMBO_TAG_U});
// The elements that bound "has an element in scope" (HTML namespace part; the
// list, button and table scopes add to or replace it).
constexpr TagSet kScopeBoundary =
    MakeSet({GUMBO_TAG_APPLET, GUMBO_TAG_CAPTION, GUMBO_TAG_HTML, GUMBO_TAG_TABLE, GUMBO_TAG_TD,
             GUMBO_TAG_TH, GUMBO_TAG_MARQUEE, GUMBO_TAG_OBJECT});
constexpr TagSet kImpliedEnd =
    MakeSet({GUMBO_TAG_DD, GUMBO_TAG_DT, GUMBO_TAG_LI, GUMBO_TAG_OPTION, GUMBO_TAG_OPTGROUP,
             GUMBO_TAG_P, GUMBO_TAG_RP, GUMBO_TAG_RT});
// Gumbo's "special" category (HTML namespace part; the MathML and SVG members are
// never on the stack of a page the subset accepts, except SVG ones checked apart).
constexpr TagSet kSpecial =
    MakeSet({GUMBO_TAG_ADDRESS,    GUMBO_TAG_APPLET,     GUMBO_TAG_AREA,     GUMBO_TAG_ARTICLE,
             GUMBO_TAG_ASIDE,      GUMBO_TAG_BASE,       GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND,
             GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,       GUMBO_TAG_BR,       GUMBO_TAG_BUTTON,
             GUMBO_TAG_CAPTION,    GUMBO_TAG_CENTER,     GUMBO_TAG_COL,      GUMBO_TAG_COLGROUP,
             GUMBO_TAG_MENUITEM,   GUMBO_TAG_DD,         GUMBO_TAG_DETAILS,  GUMBO_TAG_DIR,
             GUMBO_TAG_DIV,        GUMBO_TAG_DL,         GUMBO_TAG_DT,       GUMBO_TAG_EMBED,
             GUMBO_TAG_FIELDSET,   GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,   GUMBO_TAG_FOOTER,
             GUMBO_TAG_FORM,       GUMBO_TAG_FRAME,      GUMBO_TAG_FRAMESET, GUMBO_TAG_H1,
             GUMBO_TAG_H2,         GUMBO_TAG_H3,         GUMBO_TAG_H4,       GUMBO_TAG_H5,
             GUMBO_TAG_H6,         GUMBO_TAG_HEAD,       GUMBO_TAG_HEADER,   GUMBO_TAG_HGROUP,
             GUMBO_TAG_HR,         GUMBO_TAG_HTML,       GUMBO_TAG_IFRAME,   GUMBO_TAG_IMG,
             GUMBO_TAG_INPUT,      GUMBO_TAG_ISINDEX,    GUMBO_TAG_LI,       GUMBO_TAG_LINK,
             GUMBO_TAG_LISTING,    GUMBO_TAG_MARQUEE,    GUMBO_TAG_MENU,     GUMBO_TAG_META,
             GUMBO_TAG_NAV,        GUMBO_TAG_NOEMBED,    GUMBO_TAG_NOFRAMES, GUMBO_TAG_NOSCRIPT,
             GUMBO_TAG_OBJECT,     GUMBO_TAG_OL,         GUMBO_TAG_P,        GUMBO_TAG_PARAM,
             GUMBO_TAG_PLAINTEXT,  GUMBO_TAG_PRE,        GUMBO_TAG_SCRIPT,   GUMBO_TAG_SECTION,
             GUMBO_TAG_SELECT,     GUMBO_TAG_STYLE,      GUMBO_TAG_SUMMARY,  GUMBO_TAG_TABLE,
             GUMBO_TAG_TBODY,      GUMBO_TAG_TD,         GUMBO_TAG_TEXTAREA, GUMBO_TAG_TFOOT,
             GUMBO_TAG_TH,         GUMBO_TAG_THEAD,      GUMBO_TAG_TITLE,    GUMBO_TAG_TR,
             GUMBO_TAG_UL,         GUMBO_TAG_WBR,        GUMBO_TAG_XMP});
// Start tags that leave foreign content (Gumbo's list; <font> with attributes too).
constexpr TagSet kBreakout = MakeSet(
    {GUMBO_TAG_B,      GUMBO_TAG_BIG,    GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,  GUMBO_TAG_BR,
     GUMBO_TAG_CENTER, GUMBO_TAG_CODE,   GUMBO_TAG_DD,         GUMBO_TAG_DIV,   GUMBO_TAG_DL,
     GUMBO_TAG_DT,     GUMBO_TAG_EM,     GUMBO_TAG_EMBED,      GUMBO_TAG_H1,    GUMBO_TAG_H2,
     GUMBO_TAG_H3,     GUMBO_TAG_H4,     GUMBO_TAG_H5,         GUMBO_TAG_H6,    GUMBO_TAG_HEAD,
     GUMBO_TAG_HR,     GUMBO_TAG_I,      GUMBO_TAG_IMG,        GUMBO_TAG_LI,    GUMBO_TAG_LISTING,
     GUMBO_TAG_MENU,   GUMBO_TAG_META,   GUMBO_TAG_NOBR,       GUMBO_TAG_OL,    GUMBO_TAG_P,
     GUMBO_TAG_PRE,    GUMBO_TAG_RUBY,   GUMBO_TAG_S,          GUMBO_TAG_SMALL, GUMBO_TAG_SPAN,
     GUMBO_TAG_STRONG, GUMBO_TAG_STRIKE, GUMBO_TAG_SUB,        GUMBO_TAG_SUP,   GUMBO_TAG_TABLE,
     GUMBO_TAG_TT,     GUMBO_TAG_U,      GUMBO_TAG_UL,         GUMBO_TAG_VAR,   GUMBO_TAG_FONT});

enum class Mode {
  kBeforeHtml,
  kBeforeHead,
  kInHead,
  kInHeadNoscript,
  kAfterHead,
  kInBody,
  kInTable,
  kInTableBody,
  kInRow,
  kInCell,
  kInSelect,
  kInSelectInTable,
  kAfterBody,
  kAfterAfterBody,
};

enum class Lex { kRcdata, kRawtext, kScript };

constexpr std::size_t kMaxOpen = 1024;    // open elements
constexpr unsigned kMaxAttributes = 256;  // attributes of one tag

// One start or end tag token.
struct TagToken {
  bool end = false;
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  std::string_view name;  // as written
  std::size_t begin = 0;  // offset of '<'
  std::size_t after = 0;  // offset after '>'
  bool self_closing = false;
  GumboVector attrs{nullptr, 0, 0};
};

class Parser {
 public:
  Parser(std::string_view in, GumboArena& arena) : in_(in), arena_(arena) {}

  GumboOutput* Run() {
    has_cr_ = in_.find('\r') != std::string_view::npos;
    out_ = New<GumboOutput>();
    document_ = New<GumboNode>();
    document_->type = GUMBO_NODE_DOCUMENT;
    document_->parse_flags = GUMBO_INSERTION_BY_PARSER;
    document_->index_within_parent = static_cast<std::size_t>(-1);
    GumboDocument& doc = document_->v.document;
    doc.has_doctype = true;
    doc.name = Copy("html");
    doc.public_identifier = Copy("");
    doc.system_identifier = Copy("");
    doc.doc_type_quirks_mode = GUMBO_DOCTYPE_NO_QUIRKS;
    out_->document = document_;
    out_->root = nullptr;
    out_->errors = GumboVector{nullptr, 0, 0};

    Prologue();
    while (pos_ < in_.size()) Step();
    EndOfInput();
    // finish_parsing: pending text, then every open element is popped with the
    // EOF as the current token.
    end_tag_ = GUMBO_TAG_LAST;
    Flush();
    while (!open_.empty()) PopAny();
    return out_;
  }

 private:
  // ---- allocation -------------------------------------------------------
  template <typename T>
  T* New() {
    void* p = GumboArena::Allocate(&arena_, sizeof(T));
    std::memset(p, 0, sizeof(T));
    return static_cast<T*>(p);
  }
  char* Copy(std::string_view s) {
    char* p = static_cast<char*>(GumboArena::Allocate(&arena_, s.size() + 1));
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
  }
  void Push(GumboVector& v, void* item) {
    if (v.length == v.capacity) {
      unsigned cap = v.capacity == 0 ? 4 : v.capacity * 2;
      void** data = static_cast<void**>(GumboArena::Allocate(&arena_, cap * sizeof(void*)));
      if (v.length > 0) std::memcpy(data, v.data, v.length * sizeof(void*));
      v.data = data;
      v.capacity = cap;
    }
    v.data[v.length++] = item;
  }

  // ---- positions ----------------------------------------------------------
  // Gumbo's line of a byte offset: one more than the line breaks before it
  // (CR LF counts once). Offsets only grow, so the count is incremental.
  GumboSourcePosition Position(std::size_t offset) {
    while (line_pos_ < offset) {
      char c = in_[line_pos_];
      if (c == '\n' || (c == '\r' && (line_pos_ + 1 >= in_.size() || in_[line_pos_ + 1] != '\n')))
        ++line_;
      ++line_pos_;
    }
    GumboSourcePosition p;
    p.line = line_;
    p.column = 0;
    p.offset = static_cast<unsigned>(offset);
    return p;
  }

  // Appends input bytes to `out` as Gumbo's input stream gives them: CR LF and
  // a lone CR become LF.
  void AppendInput(std::string& out, std::string_view s) const {
    if (!has_cr_) {
      out.append(s);
      return;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\r') {
        out += s[i];
      } else {
        out += '\n';
        // A CR LF split by the end of `s` cannot happen: callers cut at '<', '&'
        // or a quote.
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      }
    }
  }

  // ---- the tree -------------------------------------------------------------
  GumboNode* Current() const { return open_.empty() ? nullptr : open_.back(); }
  static bool Is(const GumboNode* n, GumboTag tag) {
    return n != nullptr && n->type == GUMBO_NODE_ELEMENT &&
           n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML && n->v.element.tag == tag;
  }
  static bool IsOneOf(GumboTag tag, std::initializer_list<GumboTag> tags) {
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
  }
  static bool IsHtml(const GumboNode* n) {
    return n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
  }

  void Append(GumboNode* parent, GumboNode* node) {
    GumboVector& kids = parent->type == GUMBO_NODE_DOCUMENT ? parent->v.document.children
                                                            : parent->v.element.children;
    node->parent = parent;
    node->index_within_parent = kids.length;
    Push(kids, node);
  }

  // maybe_flush_text_node_buffer: pending characters become one text node of
  // the current node.
  void Flush() {
    if (text_.empty()) return;
    GumboNode* t = New<GumboNode>();
    t->type = text_is_text_ ? GUMBO_NODE_TEXT : GUMBO_NODE_WHITESPACE;
    t->v.text.text = Copy(text_);
    t->v.text.original_text = GumboStringPiece{in_.data() + text_begin_, 0};
    t->v.text.start_pos = Position(text_begin_);
    Append(out_->root != nullptr ? Current() : document_, t);
    text_.clear();
    text_is_text_ = false;
  }

  void AddText(std::string_view decoded, bool is_text, std::size_t begin) {
    if (decoded.empty()) return;
    if (text_.empty()) text_begin_ = begin;
    text_ += decoded;
    text_is_text_ = text_is_text_ || is_text;
  }

  GumboNode* NewElement(const TagToken& t, GumboNamespaceEnum ns) {
    GumboNode* node = New<GumboNode>();
    node->type = GUMBO_NODE_ELEMENT;
    node->index_within_parent = static_cast<std::size_t>(-1);
    GumboElement& e = node->v.element;
    e.tag = t.tag;
    e.tag_namespace = ns;
    e.original_tag = GumboStringPiece{in_.data() + t.begin, t.after - t.begin};
    e.start_pos = Position(t.begin);
    e.attributes = t.attrs;
    return node;
  }

  // insert_element_of_tag_type: a parser-made element (an implied <tbody>).
  GumboNode* InsertImplied(GumboTag tag, std::size_t at,
                           GumboParseFlags reason = GUMBO_INSERTION_IMPLIED) {
    if (open_.size() >= kMaxOpen) Fail();
    Flush();
    GumboNode* node = New<GumboNode>();
    node->type = GUMBO_NODE_ELEMENT;
    node->parse_flags = static_cast<GumboParseFlags>(GUMBO_INSERTION_BY_PARSER | reason);
    GumboElement& e = node->v.element;
    e.tag = tag;
    e.tag_namespace = GUMBO_NAMESPACE_HTML;
    e.start_pos = Position(at);
    Append(out_->root != nullptr ? Current() : document_, node);
    open_.push_back(node);
    return node;
  }

  GumboNode* Insert(const TagToken& t, GumboNamespaceEnum ns = GUMBO_NAMESPACE_HTML) {
    // The scope checks walk the stack of open elements: bounded, they stay
    // linear in the page. HtmlDocument's LimitNesting keeps pages far below this.
    if (open_.size() >= kMaxOpen) Fail();
    Flush();
    GumboNode* node = NewElement(t, ns);
    Append(out_->root != nullptr ? Current() : document_, node);
    open_.push_back(node);
    return node;
  }

  bool InFormattingList(const GumboNode* n) const {
    return std::find(afe_.begin(), afe_.end(), n) != afe_.end();
  }

  // pop_current_node, with Gumbo's implicit-end-tag flag. `end_tag_` is the
  // current token's tag when it is an end tag, else GUMBO_TAG_LAST.
  GumboNode* PopAny() {
    Flush();
    GumboNode* node = open_.back();
    open_.pop_back();
    bool closed =
        (Is(node, GUMBO_TAG_BODY) && closed_body_) || (Is(node, GUMBO_TAG_HTML) && closed_html_);
    if ((end_tag_ == GUMBO_TAG_LAST || node->v.element.tag != end_tag_) && !closed) {
      node->parse_flags =
          static_cast<GumboParseFlags>(node->parse_flags | GUMBO_INSERTION_IMPLICIT_END_TAG);
    }
    return node;
  }

  // A pop that leaves the list of active formatting elements as it was: an
  // element still in the list would be reconstructed later, which the subset
  // does not model.
  GumboNode* Pop() {
    if (InFormattingList(open_.back())) Fail();
    return PopAny();
  }

  // has_an_element_in_specific_scope for one HTML tag. The scope lists' MathML
  // and SVG members never reach the stack (those pages are declined).
  enum class Scope { kDefault, kList, kButton, kTable, kSelect };
  bool InScope(GumboTag tag, Scope scope) const {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      const GumboNode* n = *it;
      if (Is(n, tag)) return true;
      if (!IsHtml(n)) continue;
      GumboTag t = n->v.element.tag;
      if (scope == Scope::kSelect) {
        if (t != GUMBO_TAG_OPTGROUP && t != GUMBO_TAG_OPTION) return false;
        continue;
      }
      if (scope == Scope::kTable) {
        if (t == GUMBO_TAG_HTML || t == GUMBO_TAG_TABLE) return false;
        continue;
      }
      if (kScopeBoundary[t]) return false;
      if (scope == Scope::kList && (t == GUMBO_TAG_OL || t == GUMBO_TAG_UL)) return false;
      if (scope == Scope::kButton && t == GUMBO_TAG_BUTTON) return false;
    }
    return false;
  }

  void GenerateImpliedEndTags(GumboTag except = GUMBO_TAG_LAST) {
    while (Current() != nullptr && IsHtml(Current()) && kImpliedEnd[Current()->v.element.tag] &&
           !Is(Current(), except)) {
      Pop();
    }
  }

  // implicitly_close_tags: implied end tags, then pop until `tag` is popped.
  void ImplicitlyClose(GumboTag tag) {
    GenerateImpliedEndTags(tag);
    while (!Is(Current(), tag)) Pop();
    Pop();
  }

  void MaybeCloseP() {
    if (InScope(GUMBO_TAG_P, Scope::kButton)) ImplicitlyClose(GUMBO_TAG_P);
  }

  // maybe_implicitly_close_list_tag
  void CloseListItem(bool li) {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      const GumboNode* n = *it;
      bool list_tag = li ? Is(n, GUMBO_TAG_LI) : (Is(n, GUMBO_TAG_DD) || Is(n, GUMBO_TAG_DT));
      if (list_tag) {
        ImplicitlyClose(n->v.element.tag);
        return;
      }
      if (IsSpecial(n) && !Is(n, GUMBO_TAG_ADDRESS) && !Is(n, GUMBO_TAG_DIV) && !Is(n, GUMBO_TAG_P))
        return;
    }
  }

  static bool IsSpecial(const GumboNode* n) {
    if (IsHtml(n)) return kSpecial[n->v.element.tag];
    return n->v.element.tag_namespace == GUMBO_NAMESPACE_SVG &&
           (n->v.element.tag == GUMBO_TAG_FOREIGNOBJECT || n->v.element.tag == GUMBO_TAG_DESC);
  }

  // A formatting element goes on the list; Noah's Ark (a fourth identical one
  // removes the earliest) is not modelled.
  void AddFormatting(GumboNode* node) {
    int same = 0;
    for (auto it = afe_.rbegin(); it != afe_.rend() && *it != nullptr; ++it) {
      if ((*it)->v.element.tag == node->v.element.tag) ++same;
    }
    if (same >= 3) Fail();
    afe_.push_back(node);
  }

  void ClearFormattingToMarker() {
    while (!afe_.empty()) {
      GumboNode* n = afe_.back();
      afe_.pop_back();
      if (n == nullptr) break;
    }
  }

  void ResetInsertionMode() {
    for (std::size_t i = open_.size(); i-- > 0;) {
      const GumboNode* n = open_[i];
      bool last = i == 0;
      if (!IsHtml(n)) {
        if (last) mode_ = Mode::kInBody;
        if (last) return;
        continue;
      }
      switch (n->v.element.tag) {
        case GUMBO_TAG_SELECT:
          Fail();  // a select inside a select's reset: not in the subset
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
          mode_ = last ? Mode::kInBody : Mode::kInCell;
          return;
        case GUMBO_TAG_TR:
          mode_ = Mode::kInRow;
          return;
        case GUMBO_TAG_TBODY:
        case GUMBO_TAG_THEAD:
        case GUMBO_TAG_TFOOT:
          mode_ = Mode::kInTableBody;
          return;
        case GUMBO_TAG_CAPTION:
        case GUMBO_TAG_COLGROUP:
        case GUMBO_TAG_FRAMESET:
        case GUMBO_TAG_HTML:
          Fail();
        case GUMBO_TAG_TABLE:
          mode_ = Mode::kInTable;
          return;
        case GUMBO_TAG_HEAD:
        case GUMBO_TAG_BODY:
          mode_ = Mode::kInBody;
          return;
        default:
          if (last) {
            mode_ = Mode::kInBody;
            return;
          }
      }
    }
  }

  // ---- tokenizer ------------------------------------------------------------
  bool At(std::string_view s) const { return in_.compare(pos_, s.size(), s) == 0; }
  bool AtCaseless(std::size_t at, std::string_view s) const {
    if (at + s.size() > in_.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (LowerChar(in_[at + i]) != s[i]) return false;
    }
    return true;
  }
  void SkipSpace() {
    while (pos_ < in_.size() && IsAsciiSpace(in_[pos_])) ++pos_;
  }

  // The initial insertion mode: whitespace and comments, then "<!DOCTYPE html>"
  // (no quirks) or no doctype at all (quirks mode, where a <table> leaves an
  // open <p> open). Other doctypes are declined.
  void Prologue() {
    while (true) {
      SkipSpace();
      if (At("<!--")) {
        ReadComment(document_);
        continue;
      }
      break;
    }
    GumboDocument& doc = document_->v.document;
    if (!AtCaseless(pos_, "<!doctype")) {
      doc.has_doctype = false;
      doc.name = Copy("");
      doc.doc_type_quirks_mode = GUMBO_DOCTYPE_QUIRKS;
      quirks_ = true;
      mode_ = Mode::kBeforeHtml;
      return;
    }
    pos_ += 9;
    if (pos_ >= in_.size() || !IsAsciiSpace(in_[pos_])) Fail();
    SkipSpace();
    if (!AtCaseless(pos_, "html")) Fail();
    pos_ += 4;
    std::string public_id, system_id;
    if (pos_ < in_.size() && IsAsciiSpace(in_[pos_])) {
      SkipSpace();
      if (AtCaseless(pos_, "public")) {
        pos_ += 6;
        public_id = QuotedId(/*after_space=*/true);
        bool spaced = pos_ < in_.size() && IsAsciiSpace(in_[pos_]);
        SkipSpace();
        if (At("\"") || At("'")) {
          if (!spaced) Fail();  // identifiers without space between: a parse error
          system_id = QuotedId(/*after_space=*/false);
        }
      } else if (AtCaseless(pos_, "system")) {
        pos_ += 6;
        system_id = QuotedId(/*after_space=*/true);
      }
    }
    SkipSpace();
    if (!At(">")) Fail();
    ++pos_;
    // Gumbo 0.10 compares the public identifier with its quirks lists for
    // equality rather than as prefixes, so each of these common identifiers
    // (and none) gives no quirks; anything else is declined.
    static constexpr std::string_view kNoQuirks[] = {
        "",
        "-//W3C//DTD XHTML 1.0 Strict//EN",
        "-//W3C//DTD XHTML 1.0 Transitional//EN",
        "-//W3C//DTD XHTML 1.0 Frameset//EN",
        "-//W3C//DTD XHTML 1.1//EN",
        "-//W3C//DTD HTML 4.01//EN",
        "-//W3C//DTD HTML 4.01 Transitional//EN",
        "-//W3C//DTD HTML 4.01 Frameset//EN",
    };
    if (std::find(std::begin(kNoQuirks), std::end(kNoQuirks), public_id) == std::end(kNoQuirks) ||
        system_id == "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd")
      Fail();
    doc.public_identifier = Copy(public_id);
    doc.system_identifier = Copy(system_id);
    mode_ = Mode::kBeforeHtml;
  }

  // A doctype's quoted identifier: after its keyword and whitespace
  // (`after_space`), or at pos_.
  std::string QuotedId(bool after_space) {
    if (after_space) {
      if (pos_ >= in_.size() || !IsAsciiSpace(in_[pos_])) Fail();
      SkipSpace();
    }
    if (pos_ >= in_.size() || (in_[pos_] != '"' && in_[pos_] != '\'')) Fail();
    char q = in_[pos_];
    std::size_t close = in_.find(q, pos_ + 1);
    if (close == std::string_view::npos) Fail();
    std::string_view id = in_.substr(pos_ + 1, close - pos_ - 1);
    if (id.find_first_of(">\r\n") != std::string_view::npos) Fail();
    pos_ = close + 1;
    return std::string(id);
  }

  // The first non-whitespace byte at or after `offset` (a character token's
  // position when leading whitespace went elsewhere).
  std::size_t FirstNonSpace(std::size_t offset) const {
    while (offset < in_.size() && IsAsciiSpace(in_[offset])) ++offset;
    return offset;
  }

  // The elements Gumbo implies before the body, at the position of the token
  // that implied them.
  void ImplyHtml(std::size_t at) {
    out_->root = InsertImplied(GUMBO_TAG_HTML, at);
    mode_ = Mode::kBeforeHead;
  }
  void ImplyHead(std::size_t at) {
    InsertImplied(GUMBO_TAG_HEAD, at);
    mode_ = Mode::kInHead;
  }
  void ImplyBody(std::size_t at) {
    InsertImplied(GUMBO_TAG_BODY, at);
    mode_ = Mode::kInBody;
  }
  void LeaveHead() {
    PopAny();
    mode_ = Mode::kAfterHead;
  }

  // The end of the input in the modes before the body: Gumbo implies what is
  // missing, up to an empty body.
  void EndOfInput() {
    const std::size_t at = in_.size();
    while (true) {
      switch (mode_) {
        case Mode::kBeforeHtml:
          ImplyHtml(at);
          continue;
        case Mode::kBeforeHead:
          ImplyHead(at);
          continue;
        case Mode::kInHead:
          LeaveHead();
          continue;
        case Mode::kInHeadNoscript:
          Fail();
        case Mode::kAfterHead:
          ImplyBody(at);
          continue;
        default:
          return;
      }
    }
  }

  // A comment at pos_ ("<!--"), appended to `parent`.
  void ReadComment(GumboNode* parent) {
    std::size_t begin = pos_;
    std::size_t body = pos_ + 4;
    std::size_t close = in_.find("-->", body);
    if (close == std::string_view::npos) Fail();
    std::string_view text = in_.substr(body, close - body);
    // "<!-->", "<!--->" and "--!>" are the comment states' odd exits.
    if (text.starts_with(">") || text.starts_with("->") ||
        text.find("--!") != std::string_view::npos || text.ends_with("--!"))
      Fail();
    pos_ = close + 3;
    Flush();
    GumboNode* c = New<GumboNode>();
    c->type = GUMBO_NODE_COMMENT;
    std::string decoded;
    AppendInput(decoded, text);
    c->v.text.text = Copy(decoded);
    c->v.text.original_text = GumboStringPiece{in_.data() + begin, pos_ - begin};
    c->v.text.start_pos = Position(begin);
    Append(parent, c);
  }

  // A character reference at pos_ ('&'). Appends the decoded text (or '&' when
  // it is not a reference) and advances. In an attribute value, `in_attribute`.
  void ReadCharRef(std::string& out, bool in_attribute) {
    std::size_t amp = pos_;
    std::size_t p = amp + 1;
    if (p < in_.size() && in_[p] == '#') {
      ++p;
      bool hex = p < in_.size() && (in_[p] == 'x' || in_[p] == 'X');
      if (hex) ++p;
      std::size_t digits = p;
      unsigned long cp = 0;
      while (p < in_.size() && p - digits < 8) {
        char c = in_[p];
        int v = IsDigit(c)                    ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (v < 0) break;
        cp = cp * (hex ? 16 : 10) + static_cast<unsigned>(v);
        ++p;
      }
      if (p == digits || p >= in_.size() || in_[p] != ';') Fail();
      // Values Gumbo replaces or reports: NUL, C0 and C1 controls (CR too, which
      // a reference does not turn into LF), surrogates, noncharacters, too big.
      bool space = cp == '\t' || cp == '\n' || cp == '\f' || cp == ' ';
      if (space || (cp < 0x20) || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) ||
          cp > 0x10FFFF || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        Fail();
      AppendUtf8(out, cp);
      pos_ = p + 1;
      return;
    }
    while (p < in_.size() && IsAlnum(in_[p])) ++p;
    std::string_view run = in_.substr(amp + 1, p - amp - 1);
    if (run.empty()) {  // "& ", "&=", "&&": not a reference
      out += '&';
      ++pos_;
      return;
    }
    if (p < in_.size() && in_[p] == ';') {
      for (const NamedRef& r : kNamedRefs) {
        if (r.name == run) {
          AppendUtf8(out, r.cp);
          pos_ = p + 1;
          return;
        }
      }
      Fail();
    }
    std::size_t legacy = LegacyPrefix(run);
    if (legacy == 0) {
      // No reference starts here: the '&' and the name are text.
      out += '&';
      ++pos_;
      return;
    }
    // In an attribute a legacy name followed by an alphanumeric or '=' is text
    // (HTML's rule for query strings such as "?a=1&region=x").
    if (in_attribute && (legacy < run.size() || (p < in_.size() && in_[p] == '='))) {
      out += '&';
      ++pos_;
      return;
    }
    Fail();
  }

  // A tag at pos_ ("<x" or "</x"). Attribute names are lower-cased, values
  // decoded; a repeated attribute declines the page.
  TagToken ReadTag() {
    TagToken t;
    t.begin = pos_;
    ++pos_;
    if (in_[pos_] == '/') {
      t.end = true;
      ++pos_;
    }
    std::size_t name_begin = pos_;
    while (pos_ < in_.size() && !IsAsciiSpace(in_[pos_]) && in_[pos_] != '/' && in_[pos_] != '>')
      ++pos_;
    if (pos_ >= in_.size()) Fail();
    t.name = in_.substr(name_begin, pos_ - name_begin);
    char lower[32];
    if (t.name.size() <= sizeof lower) {
      for (std::size_t i = 0; i < t.name.size(); ++i) lower[i] = LowerChar(t.name[i]);
      t.tag = gumbo_tagn_enum(lower, static_cast<unsigned>(t.name.size()));
    }
    while (true) {
      SkipSpace();
      if (pos_ >= in_.size()) Fail();
      char c = in_[pos_];
      if (c == '>') {
        ++pos_;
        break;
      }
      if (c == '/') {
        if (pos_ + 1 < in_.size() && in_[pos_ + 1] == '>') {
          t.self_closing = true;
          pos_ += 2;
          break;
        }
        Fail();
      }
      if (t.end) Fail();  // attributes on an end tag
      ReadAttribute(t);
    }
    t.after = pos_;
    return t;
  }

  void ReadAttribute(TagToken& t) {
    std::size_t name_begin = pos_;
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (IsAsciiSpace(c) || c == '/' || c == '>' || c == '=') break;
      if (c == '"' || c == '\'' || c == '<') Fail();
      ++pos_;
    }
    if (pos_ == name_begin || pos_ >= in_.size()) Fail();  // "=x" as a name
    std::string_view raw_name = in_.substr(name_begin, pos_ - name_begin);
    std::string name = Lower(raw_name);
    std::size_t after_name = pos_;
    SkipSpace();
    std::string value;
    std::size_t value_begin = pos_, value_end = pos_;
    if (pos_ < in_.size() && in_[pos_] == '=') {
      ++pos_;
      SkipSpace();
      if (pos_ >= in_.size()) Fail();
      char q = in_[pos_];
      if (q == '"' || q == '\'') {
        value_begin = pos_;
        ++pos_;
        while (true) {
          std::size_t stop = pos_;
          while (stop < in_.size() && in_[stop] != q && in_[stop] != '&') ++stop;
          if (stop >= in_.size()) Fail();
          AppendInput(value, in_.substr(pos_, stop - pos_));
          pos_ = stop;
          if (in_[pos_] == q) break;
          ReadCharRef(value, true);
        }
        ++pos_;
        value_end = pos_;
        if (pos_ < in_.size() && !IsAsciiSpace(in_[pos_]) && in_[pos_] != '/' && in_[pos_] != '>')
          Fail();
      } else if (q == '>') {
        Fail();  // "a=>": a missing value
      } else {
        value_begin = pos_;
        while (true) {
          std::size_t stop = pos_;
          while (stop < in_.size() && !IsAsciiSpace(in_[stop]) && in_[stop] != '>' &&
                 in_[stop] != '&') {
            char c = in_[stop];
            if (c == '"' || c == '\'' || c == '<' || c == '=' || c == '`') Fail();
            ++stop;
          }
          if (stop >= in_.size()) Fail();
          AppendInput(value, in_.substr(pos_, stop - pos_));
          pos_ = stop;
          if (in_[pos_] != '&') break;
          ReadCharRef(value, true);
        }
        value_end = pos_;
      }
    } else {
      pos_ = after_name;  // no value: the spaces are read by the caller
      // Gumbo's original value of a valueless attribute is its name.
      value_begin = name_begin;
      value_end = after_name;
    }
    // The duplicate check is quadratic in a tag's attributes, as Gumbo's is.
    if (t.attrs.length >= kMaxAttributes) Fail();
    // A repeated attribute is dropped by Gumbo's tokenizer, but not cleanly:
    // with cecat's arena allocator the dropped name is prefixed to the next
    // attribute's ("for licensed" after an earlier "for" gives "forlicensed").
    // Not modelled.
    for (unsigned i = 0; i < t.attrs.length; ++i) {
      if (name == static_cast<GumboAttribute*>(t.attrs.data[i])->name) Fail();
    }
    auto* a = New<GumboAttribute>();
    a->attr_namespace = GUMBO_ATTR_NAMESPACE_NONE;
    a->name = Copy(name);
    a->original_name = GumboStringPiece{raw_name.data(), raw_name.size()};
    a->value = Copy(value);
    a->original_value = GumboStringPiece{in_.data() + value_begin, value_end - value_begin};
    Push(t.attrs, a);
  }

  // Raw text after a script/style/title/... start tag, up to its end tag, which
  // becomes the current token that pops the element.
  void ReadRawText(Lex lex, const TagToken& start) {
    std::size_t begin = pos_;
    std::size_t close = begin;
    const std::string name = Lower(start.name);
    while (true) {
      close = in_.find("</", close);
      if (close == std::string_view::npos) Fail();
      if (AtCaseless(close + 2, name)) {
        std::size_t after = close + 2 + start.name.size();
        if (after < in_.size() &&
            (IsAsciiSpace(in_[after]) || in_[after] == '/' || in_[after] == '>'))
          break;
      }
      close += 2;
    }
    std::string_view raw = in_.substr(begin, close - begin);
    // Script data's escape states begin at "<!--" (an old way to hide a script
    // from browsers without them). They end the script at the same "</script"
    // unless a "<script" follows the "<!--", which starts the double-escaped
    // state; only that is declined.
    if (lex == Lex::kScript) {
      std::size_t open = raw.find("<!--");
      if (open != std::string_view::npos) {
        for (std::size_t i = open; (i = raw.find('<', i)) != std::string_view::npos; ++i) {
          if (AtCaseless(begin + i + 1, "script")) Fail();
        }
      }
    }
    std::string text;
    if (lex == Lex::kRcdata) {
      while (pos_ < close) {
        std::size_t stop = pos_;
        while (stop < close && in_[stop] != '&') ++stop;
        AppendInput(text, in_.substr(pos_, stop - pos_));
        pos_ = stop;
        if (pos_ < close) ReadCharRef(text, false);
        if (pos_ > close) Fail();
      }
    } else {
      AppendInput(text, raw);
    }
    std::string_view body = text;
    if (ignore_lf_ && body.starts_with("\n")) body.remove_prefix(1);
    ignore_lf_ = false;
    bool is_text = false;
    for (char c : body) is_text = is_text || !IsAsciiSpace(c);
    AddText(body, is_text, begin);
    pos_ = close;
    TagToken end = ReadTag();
    if (!end.end) Fail();
    end_tag_ = end.tag;
    PopAny();
    end_tag_ = GUMBO_TAG_LAST;
  }

  // ---- tokens -----------------------------------------------------------------
  void Step() {
    char c = in_[pos_];
    if (c == '<' && pos_ + 1 < in_.size()) {
      char next = in_[pos_ + 1];
      if (IsAlpha(next) || (next == '/' && pos_ + 2 < in_.size() && IsAlpha(in_[pos_ + 2]))) {
        TagToken t = ReadTag();
        ignore_lf_ = false;  // "if the next token is a line feed": it is not
        if (t.end) {
          if (t.tag == GUMBO_TAG_BODY) closed_body_ = true;
          if (t.tag == GUMBO_TAG_HTML) closed_html_ = true;
          end_tag_ = t.tag;
        } else {
          end_tag_ = GUMBO_TAG_LAST;
        }
        Dispatch(t);
        end_tag_ = GUMBO_TAG_LAST;
        return;
      }
      if (next == '!') {
        if (!At("<!--")) Fail();
        ignore_lf_ = false;
        Comment();
        return;
      }
      if (next == '/' || next == '?') Fail();
    }
    Text();
  }

  // A run of characters up to the next tag or comment.
  void Text() {
    std::size_t begin = pos_;
    std::string text;
    bool is_text = false;
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (c == '&') {
        std::size_t before = text.size();
        ReadCharRef(text, false);
        for (std::size_t i = before; i < text.size(); ++i)
          is_text = is_text || !IsAsciiSpace(text[i]);
        continue;
      }
      if (c == '<' && pos_ + 1 < in_.size()) {
        char next = in_[pos_ + 1];
        if (IsAlpha(next) || next == '/' || next == '!' || next == '?') break;
      }
      // A plain run: up to the next '<' or '&'.
      std::size_t stop = pos_ + 1;
      while (stop < in_.size() && in_[stop] != '<' && in_[stop] != '&') ++stop;
      for (std::size_t i = pos_; i < stop && !is_text; ++i) is_text = !IsAsciiSpace(in_[i]);
      AppendInput(text, in_.substr(pos_, stop - pos_));
      pos_ = stop;
    }
    std::string_view body = text;
    if (ignore_lf_ && body.starts_with("\n")) body.remove_prefix(1);
    ignore_lf_ = false;
    if (body.empty()) return;
    Characters(body, is_text, begin);  // a dropped line feed was whitespace
  }

  void Characters(std::string_view text, bool is_text, std::size_t begin) {
    // Leading whitespace, and where the first other character is in the input.
    auto split = [&](std::string_view* rest) {
      std::size_t n = 0;
      while (n < rest->size() && IsAsciiSpace((*rest)[n])) ++n;
      std::string_view ws = rest->substr(0, n);
      rest->remove_prefix(n);
      return ws;
    };
    while (!text.empty()) {
      switch (mode_) {
        case Mode::kBeforeHtml:
        case Mode::kBeforeHead: {
          split(&text);  // ignored
          if (text.empty()) return;
          std::size_t at = FirstNonSpace(begin);
          if (mode_ == Mode::kBeforeHtml) {
            ImplyHtml(at);
          } else {
            ImplyHead(at);
          }
          begin = at;
          continue;
        }
        case Mode::kInHead:
        case Mode::kAfterHead: {
          std::string_view ws = split(&text);
          AddText(ws, false, begin);
          if (text.empty()) return;
          std::size_t at = FirstNonSpace(begin);
          if (mode_ == Mode::kInHead) {
            LeaveHead();
          } else {
            ImplyBody(at);
          }
          begin = at;
          continue;
        }
        case Mode::kInHeadNoscript:
        case Mode::kAfterBody:
        case Mode::kAfterAfterBody:
        case Mode::kInTable:
        case Mode::kInTableBody:
        case Mode::kInRow:
          // Whitespace is inserted; text would leave the noscript, reopen the
          // body or be foster-parented.
          if (is_text) Fail();
          AddText(text, false, begin);
          return;
        default:
          AddText(text, is_text, begin);
          return;
      }
    }
  }

  void Comment() {
    GumboNode* parent = Current();
    if (mode_ == Mode::kBeforeHtml) parent = document_;
    if (mode_ == Mode::kAfterBody) parent = out_->root;
    if (mode_ == Mode::kAfterAfterBody) parent = document_;
    ReadComment(parent);
  }

  void Dispatch(TagToken& t) {
    // Characters in a table's modes wait in the "in table text" mode, which
    // any other token ends with a flush, even one that is then ignored.
    if (mode_ == Mode::kInTable || mode_ == Mode::kInTableBody || mode_ == Mode::kInRow) Flush();
    GumboNode* current = Current();
    if (current != nullptr && !IsHtml(current)) {
      Foreign(t);
      return;
    }
    Html(t);
  }

  void Html(TagToken& t) {
    switch (mode_) {
      case Mode::kBeforeHtml:
        if (!t.end && t.tag == GUMBO_TAG_HTML) {
          out_->root = Insert(t);
          mode_ = Mode::kBeforeHead;
          return;
        }
        if (t.end &&
            !IsOneOf(t.tag, {GUMBO_TAG_HEAD, GUMBO_TAG_BODY, GUMBO_TAG_HTML, GUMBO_TAG_BR}))
          return;  // ignored
        ImplyHtml(t.begin);
        Html(t);
        return;
      case Mode::kBeforeHead:
        if (!t.end && t.tag == GUMBO_TAG_HEAD) {
          Insert(t);
          mode_ = Mode::kInHead;
          return;
        }
        if (!t.end && t.tag == GUMBO_TAG_HTML) Fail();  // merged attributes
        if (t.end &&
            !IsOneOf(t.tag, {GUMBO_TAG_HEAD, GUMBO_TAG_BODY, GUMBO_TAG_HTML, GUMBO_TAG_BR}))
          return;  // ignored
        ImplyHead(t.begin);
        Html(t);
        return;
      case Mode::kInHead:
        InHead(t);
        return;
      case Mode::kInHeadNoscript:
        if (t.end && t.tag == GUMBO_TAG_NOSCRIPT) {
          PopAny();
          mode_ = Mode::kInHead;
          return;
        }
        if (!t.end && IsOneOf(t.tag, {GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND, GUMBO_TAG_LINK,
                                      GUMBO_TAG_META, GUMBO_TAG_NOFRAMES, GUMBO_TAG_STYLE})) {
          HeadElement(t);
          return;
        }
        Fail();
      case Mode::kAfterHead:
        if (!t.end && t.tag == GUMBO_TAG_BODY) {
          Insert(t);
          mode_ = Mode::kInBody;
          return;
        }
        if (!t.end && t.tag == GUMBO_TAG_HEAD) return;  // ignored
        if (t.end && !IsOneOf(t.tag, {GUMBO_TAG_BODY, GUMBO_TAG_HTML, GUMBO_TAG_BR})) return;
        // <html>, <frameset> and the head's elements after </head> are not modelled.
        if (!t.end && (t.tag == GUMBO_TAG_HTML || t.tag == GUMBO_TAG_FRAMESET ||
                       IsOneOf(t.tag, {GUMBO_TAG_BASE, GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND,
                                       GUMBO_TAG_LINK, GUMBO_TAG_META, GUMBO_TAG_NOFRAMES,
                                       GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_TITLE})))
          Fail();
        ImplyBody(t.begin);
        Html(t);
        return;
      case Mode::kInBody:
        InBody(t);
        return;
      case Mode::kInTable:
        InTable(t);
        return;
      case Mode::kInTableBody:
        InTableBody(t);
        return;
      case Mode::kInRow:
        InRow(t);
        return;
      case Mode::kInCell:
        InCell(t);
        return;
      case Mode::kInSelect:
      case Mode::kInSelectInTable:
        InSelect(t);
        return;
      case Mode::kAfterBody:
        if (t.end && t.tag == GUMBO_TAG_HTML) {
          mode_ = Mode::kAfterAfterBody;
          return;
        }
        Fail();
      case Mode::kAfterAfterBody:
        Fail();
    }
  }

  // The elements of <head> (handle_in_head), also reached from the body and tables.
  // Returns false when `t` is not one of them.
  bool HeadElement(TagToken& t) {
    if (t.end) return false;
    switch (t.tag) {
      case GUMBO_TAG_BASE:
      case GUMBO_TAG_BASEFONT:
      case GUMBO_TAG_BGSOUND:
      case GUMBO_TAG_MENUITEM:
      case GUMBO_TAG_LINK:
      case GUMBO_TAG_META:
        Insert(t);
        PopAny();
        return true;
      case GUMBO_TAG_TITLE:
        Insert(t);
        ReadRawText(Lex::kRcdata, t);
        return true;
      case GUMBO_TAG_NOFRAMES:
      case GUMBO_TAG_STYLE:
        Insert(t);
        ReadRawText(Lex::kRawtext, t);
        return true;
      case GUMBO_TAG_SCRIPT:
        Insert(t);
        ReadRawText(Lex::kScript, t);
        return true;
      default:
        return false;
    }
  }

  void InHead(TagToken& t) {
    if (HeadElement(t)) return;
    if (!t.end && t.tag == GUMBO_TAG_NOSCRIPT) {
      Insert(t);
      mode_ = Mode::kInHeadNoscript;
      return;
    }
    if (t.end && t.tag == GUMBO_TAG_HEAD) {
      PopAny();
      mode_ = Mode::kAfterHead;
      return;
    }
    if (!t.end && t.tag == GUMBO_TAG_HEAD) return;  // ignored
    if (t.end && !IsOneOf(t.tag, {GUMBO_TAG_BODY, GUMBO_TAG_HTML, GUMBO_TAG_BR})) return;
    if (!t.end && (t.tag == GUMBO_TAG_HTML || t.tag == GUMBO_TAG_TEMPLATE)) Fail();
    LeaveHead();
    Html(t);
  }

  void InBody(TagToken& t) {
    if (t.end) {
      InBodyEnd(t);
      return;
    }
    const GumboTag tag = t.tag;
    if (tag == GUMBO_TAG_NOFRAMES || tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE ||
        tag == GUMBO_TAG_TITLE || tag == GUMBO_TAG_BASE || tag == GUMBO_TAG_BASEFONT ||
        tag == GUMBO_TAG_BGSOUND || tag == GUMBO_TAG_MENUITEM || tag == GUMBO_TAG_LINK ||
        tag == GUMBO_TAG_META) {
      HeadElement(t);
      return;
    }
    if (kClosesP[tag]) {
      MaybeCloseP();
      Insert(t);
      return;
    }
    if (kHeadings[tag]) {
      MaybeCloseP();
      if (IsHtml(Current()) && kHeadings[Current()->v.element.tag]) Fail();
      Insert(t);
      return;
    }
    if (kFormatting[tag]) {
      AddFormatting(Insert(t));
      return;
    }
    switch (tag) {
      case GUMBO_TAG_PRE:
      case GUMBO_TAG_LISTING:
        MaybeCloseP();
        Insert(t);
        ignore_lf_ = true;
        return;
      case GUMBO_TAG_FORM:
        if (form_ != nullptr) return;  // a nested form is ignored
        MaybeCloseP();
        form_ = Insert(t);
        return;
      case GUMBO_TAG_LI:
        CloseListItem(true);
        MaybeCloseP();
        Insert(t);
        return;
      case GUMBO_TAG_DD:
      case GUMBO_TAG_DT:
        CloseListItem(false);
        MaybeCloseP();
        Insert(t);
        return;
      case GUMBO_TAG_BUTTON:
        if (InScope(GUMBO_TAG_BUTTON, Scope::kDefault)) Fail();
        Insert(t);
        return;
      case GUMBO_TAG_A:
        for (auto it = afe_.rbegin(); it != afe_.rend() && *it != nullptr; ++it) {
          if (Is(*it, GUMBO_TAG_A)) Fail();  // the adoption agency
        }
        AddFormatting(Insert(t));
        return;
      case GUMBO_TAG_TABLE:
        if (!quirks_) MaybeCloseP();
        Insert(t);
        mode_ = Mode::kInTable;
        return;
      case GUMBO_TAG_AREA:
      case GUMBO_TAG_BR:
      case GUMBO_TAG_EMBED:
      case GUMBO_TAG_IMG:
      case GUMBO_TAG_KEYGEN:
      case GUMBO_TAG_WBR:
      case GUMBO_TAG_INPUT:
      case GUMBO_TAG_PARAM:
      case GUMBO_TAG_SOURCE:
      case GUMBO_TAG_TRACK:
        Insert(t);
        PopAny();
        return;
      case GUMBO_TAG_HR:
        MaybeCloseP();
        Insert(t);
        PopAny();
        return;
      case GUMBO_TAG_TEXTAREA:
        Insert(t);
        ignore_lf_ = true;
        ReadRawText(Lex::kRcdata, t);
        return;
      case GUMBO_TAG_XMP:
        MaybeCloseP();
        Insert(t);
        ReadRawText(Lex::kRawtext, t);
        return;
      case GUMBO_TAG_IFRAME:
      case GUMBO_TAG_NOEMBED:
        Insert(t);
        ReadRawText(Lex::kRawtext, t);
        return;
      case GUMBO_TAG_SELECT: {
        Mode before = mode_;
        Insert(t);
        mode_ = before == Mode::kInCell ? Mode::kInSelectInTable : Mode::kInSelect;
        return;
      }
      case GUMBO_TAG_OPTION:
      case GUMBO_TAG_OPTGROUP:
        if (Is(Current(), GUMBO_TAG_OPTION)) PopAny();
        Insert(t);
        return;
      case GUMBO_TAG_SVG:
        AdjustSvgAttributes(t);
        AdjustForeignAttributes(t);
        Insert(t, GUMBO_NAMESPACE_SVG);
        if (t.self_closing) PopAny();
        return;
      // Gumbo treats these in ways the subset does not model (or drops them).
      case GUMBO_TAG_HTML:
      case GUMBO_TAG_BODY:
      case GUMBO_TAG_FRAMESET:
      case GUMBO_TAG_PLAINTEXT:
      case GUMBO_TAG_NOBR:
      case GUMBO_TAG_APPLET:
      case GUMBO_TAG_MARQUEE:
      case GUMBO_TAG_OBJECT:
      case GUMBO_TAG_IMAGE:
      case GUMBO_TAG_ISINDEX:
      case GUMBO_TAG_RP:
      case GUMBO_TAG_RT:
      case GUMBO_TAG_MATH:
      case GUMBO_TAG_CAPTION:
      case GUMBO_TAG_COL:
      case GUMBO_TAG_COLGROUP:
      case GUMBO_TAG_FRAME:
      case GUMBO_TAG_HEAD:
      case GUMBO_TAG_TBODY:
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TFOOT:
      case GUMBO_TAG_TH:
      case GUMBO_TAG_THEAD:
      case GUMBO_TAG_TR:
      case GUMBO_TAG_TEMPLATE:
        Fail();
      default:
        Insert(t);
        return;
    }
  }

  void InBodyEnd(TagToken& t) {
    const GumboTag tag = t.tag;
    if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML) {
      if (!InScope(GUMBO_TAG_BODY, Scope::kDefault)) Fail();
      mode_ = Mode::kAfterBody;
      if (tag == GUMBO_TAG_HTML) mode_ = Mode::kAfterAfterBody;
      return;
    }
    if (kBlockEnd[tag]) {
      if (!InScope(tag, Scope::kDefault)) return;  // ignored
      ImplicitlyClose(tag);
      return;
    }
    if (kHeadings[tag]) {
      bool any = false;
      for (GumboTag h :
           {GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6})
        any = any || InScope(h, Scope::kDefault);
      if (!any) return;
      GenerateImpliedEndTags();
      while (true) {
        GumboNode* n = Pop();
        if (IsHtml(n) && kHeadings[n->v.element.tag]) break;
      }
      return;
    }
    switch (tag) {
      case GUMBO_TAG_FORM: {
        GumboNode* node = form_;
        form_ = nullptr;
        if (node == nullptr || !NodeInScope(node)) return;
        GenerateImpliedEndTags();
        // Gumbo removes the form from the stack without a pop: no flag, and
        // pending text stays for the next node.
        if (Current() != node) Fail();
        open_.pop_back();
        return;
      }
      case GUMBO_TAG_P:
        if (!InScope(GUMBO_TAG_P, Scope::kButton)) {
          // A </p> without a <p> gives an empty one.
          InsertImplied(GUMBO_TAG_P, t.begin, GUMBO_INSERTION_CONVERTED_FROM_END_TAG);
        }
        ImplicitlyClose(GUMBO_TAG_P);
        return;
      case GUMBO_TAG_LI:
        if (!InScope(GUMBO_TAG_LI, Scope::kList)) return;
        ImplicitlyClose(GUMBO_TAG_LI);
        return;
      case GUMBO_TAG_DD:
      case GUMBO_TAG_DT:
        if (!InScope(tag, Scope::kDefault)) return;
        ImplicitlyClose(tag);
        return;
      case GUMBO_TAG_A:
      case GUMBO_TAG_B:
      case GUMBO_TAG_BIG:
      case GUMBO_TAG_CODE:
      case GUMBO_TAG_EM:
      case GUMBO_TAG_FONT:
      case GUMBO_TAG_I:
      case GUMBO_TAG_NOBR:
      case GUMBO_TAG_S:
      case GUMBO_TAG_SMALL:
      case GUMBO_TAG_STRIKE:
      case GUMBO_TAG_STRONG:
      case GUMBO_TAG_TT:
      case GUMBO_TAG_U:
        Adoption(tag);
        return;
      case GUMBO_TAG_APPLET:
      case GUMBO_TAG_MARQUEE:
      case GUMBO_TAG_OBJECT:
      case GUMBO_TAG_BR:
        Fail();
      default:
        break;
    }
    // Any other end tag: the nearest open element of that tag (unknown tags
    // match any unknown element, as Gumbo compares enums), unless a special
    // element comes first.
    for (std::size_t i = open_.size(); i-- > 0;) {
      GumboNode* n = open_[i];
      if (Is(n, tag)) {
        GenerateImpliedEndTags(tag);
        while (true) {
          GumboNode* popped = Pop();
          if (popped == n) break;
        }
        return;
      }
      if (IsSpecial(n)) return;  // ignored
    }
  }

  bool NodeInScope(const GumboNode* node) const {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      const GumboNode* n = *it;
      if (n == node) return true;
      if (!IsHtml(n)) continue;
      GumboTag t = n->v.element.tag;
      if (kScopeBoundary[t]) return false;
    }
    return false;
  }

  // The adoption agency algorithm where it has no furthest block: the
  // formatting element and what is above it are popped.
  void Adoption(GumboTag tag) {
    GumboNode* formatting = nullptr;
    for (auto it = afe_.rbegin(); it != afe_.rend(); ++it) {
      if (*it == nullptr) return;  // a marker first: ignored
      if ((*it)->v.element.tag == tag) {
        formatting = *it;
        break;
      }
    }
    if (formatting == nullptr) return;  // ignored
    auto on_stack = std::find(open_.begin(), open_.end(), formatting);
    if (on_stack == open_.end()) Fail();
    if (!NodeInScope(formatting)) return;  // ignored (parse error)
    for (auto it = on_stack; it != open_.end(); ++it) {
      if (IsSpecial(*it)) Fail();  // a furthest block
    }
    while (Current() != formatting) Pop();
    afe_.erase(std::find(afe_.begin(), afe_.end(), formatting));
    PopAny();
  }

  // ---- tables -------------------------------------------------------------------
  void ClearTo(std::initializer_list<GumboTag> stops) {
    while (true) {
      GumboNode* n = Current();
      bool stop = false;
      for (GumboTag s : stops) stop = stop || Is(n, s);
      if (stop || Is(n, GUMBO_TAG_HTML)) return;
      Pop();
    }
  }

  void InTable(TagToken& t) {
    const GumboTag tag = t.tag;
    if (!t.end) {
      switch (tag) {
        case GUMBO_TAG_TBODY:
        case GUMBO_TAG_TFOOT:
        case GUMBO_TAG_THEAD:
          ClearTo({GUMBO_TAG_TABLE});
          mode_ = Mode::kInTableBody;
          Insert(t);
          return;
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
        case GUMBO_TAG_TR:
          ClearTo({GUMBO_TAG_TABLE});
          mode_ = Mode::kInTableBody;
          InsertImplied(GUMBO_TAG_TBODY, t.begin);
          InTableBody(t);
          return;
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_SCRIPT:
          HeadElement(t);
          return;
        default:
          Fail();  // caption, colgroup, a nested table, hidden inputs, forms, foster parenting
      }
    }
    switch (tag) {
      case GUMBO_TAG_TABLE:
        if (!InScope(GUMBO_TAG_TABLE, Scope::kTable)) return;
        while (!Is(Pop(), GUMBO_TAG_TABLE)) {
        }
        ResetInsertionMode();
        return;
      case GUMBO_TAG_BODY:
      case GUMBO_TAG_CAPTION:
      case GUMBO_TAG_COL:
      case GUMBO_TAG_COLGROUP:
      case GUMBO_TAG_HTML:
      case GUMBO_TAG_TBODY:
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TFOOT:
      case GUMBO_TAG_TH:
      case GUMBO_TAG_THEAD:
      case GUMBO_TAG_TR:
        return;  // ignored
      default:
        Fail();
    }
  }

  void InTableBody(TagToken& t) {
    const GumboTag tag = t.tag;
    if (!t.end && tag == GUMBO_TAG_TR) {
      ClearTo({GUMBO_TAG_TBODY, GUMBO_TAG_TFOOT, GUMBO_TAG_THEAD});
      Insert(t);
      mode_ = Mode::kInRow;
      return;
    }
    if (!t.end && (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH)) {
      ClearTo({GUMBO_TAG_TBODY, GUMBO_TAG_TFOOT, GUMBO_TAG_THEAD});
      InsertImplied(GUMBO_TAG_TR, t.begin);
      mode_ = Mode::kInRow;
      InRow(t);
      return;
    }
    if (t.end && (tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TFOOT || tag == GUMBO_TAG_THEAD)) {
      if (!InScope(tag, Scope::kTable)) return;
      ClearTo({GUMBO_TAG_TBODY, GUMBO_TAG_TFOOT, GUMBO_TAG_THEAD});
      Pop();
      mode_ = Mode::kInTable;
      return;
    }
    if ((!t.end && (tag == GUMBO_TAG_CAPTION || tag == GUMBO_TAG_COL || tag == GUMBO_TAG_COLGROUP ||
                    tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TFOOT || tag == GUMBO_TAG_THEAD)) ||
        (t.end && tag == GUMBO_TAG_TABLE)) {
      if (!InScope(GUMBO_TAG_TBODY, Scope::kTable) && !InScope(GUMBO_TAG_THEAD, Scope::kTable) &&
          !InScope(GUMBO_TAG_TFOOT, Scope::kTable))
        return;
      ClearTo({GUMBO_TAG_TBODY, GUMBO_TAG_TFOOT, GUMBO_TAG_THEAD});
      Pop();
      mode_ = Mode::kInTable;
      InTable(t);
      return;
    }
    if (t.end && (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_CAPTION || tag == GUMBO_TAG_COL ||
                  tag == GUMBO_TAG_TR || tag == GUMBO_TAG_COLGROUP || tag == GUMBO_TAG_HTML ||
                  tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH))
      return;  // ignored
    InTable(t);
  }

  void InRow(TagToken& t) {
    const GumboTag tag = t.tag;
    if (!t.end && (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH)) {
      ClearTo({GUMBO_TAG_TR});
      Insert(t);
      mode_ = Mode::kInCell;
      afe_.push_back(nullptr);
      return;
    }
    bool closes_row =
        (!t.end &&
         (tag == GUMBO_TAG_CAPTION || tag == GUMBO_TAG_COLGROUP || tag == GUMBO_TAG_TBODY ||
          tag == GUMBO_TAG_TFOOT || tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TR)) ||
        (t.end && (tag == GUMBO_TAG_TR || tag == GUMBO_TAG_TABLE || tag == GUMBO_TAG_TBODY ||
                   tag == GUMBO_TAG_TFOOT || tag == GUMBO_TAG_THEAD));
    if (closes_row) {
      GumboTag desired =
          (t.end && (tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TFOOT || tag == GUMBO_TAG_THEAD))
              ? tag
              : GUMBO_TAG_TR;
      if (!InScope(desired, Scope::kTable)) return;
      ClearTo({GUMBO_TAG_TR});
      Pop();
      mode_ = Mode::kInTableBody;
      if (!(t.end && tag == GUMBO_TAG_TR)) InTableBody(t);
      return;
    }
    if (t.end && (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_CAPTION || tag == GUMBO_TAG_COL ||
                  tag == GUMBO_TAG_COLGROUP || tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_TD ||
                  tag == GUMBO_TAG_TH))
      return;  // ignored
    InTable(t);
  }

  // close_table_cell: what the cell holds is closed; its formatting elements go
  // from the list with the marker.
  void CloseCell(GumboTag cell) {
    GenerateImpliedEndTags();
    while (!Is(Current(), cell)) PopAny();
    PopAny();
    ClearFormattingToMarker();
    mode_ = Mode::kInRow;
  }

  void InCell(TagToken& t) {
    const GumboTag tag = t.tag;
    if (t.end && (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH)) {
      if (!InScope(tag, Scope::kTable)) return;
      CloseCell(tag);
      return;
    }
    bool cell_start =
        !t.end && (tag == GUMBO_TAG_CAPTION || tag == GUMBO_TAG_COL || tag == GUMBO_TAG_COLGROUP ||
                   tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TFOOT ||
                   tag == GUMBO_TAG_TH || tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TR);
    bool table_end =
        t.end && (tag == GUMBO_TAG_TABLE || tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TFOOT ||
                  tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TR);
    if (cell_start || table_end) {
      if (cell_start
              ? (!InScope(GUMBO_TAG_TD, Scope::kTable) && !InScope(GUMBO_TAG_TH, Scope::kTable))
              : !InScope(tag, Scope::kTable))
        return;
      CloseCell(InScope(GUMBO_TAG_TD, Scope::kTable) ? GUMBO_TAG_TD : GUMBO_TAG_TH);
      InRow(t);
      return;
    }
    if (t.end && (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_CAPTION || tag == GUMBO_TAG_COL ||
                  tag == GUMBO_TAG_COLGROUP || tag == GUMBO_TAG_HTML))
      return;  // ignored
    InBody(t);
  }

  void InSelect(TagToken& t) {
    const GumboTag tag = t.tag;
    if (mode_ == Mode::kInSelectInTable &&
        (tag == GUMBO_TAG_CAPTION || tag == GUMBO_TAG_TABLE || tag == GUMBO_TAG_TBODY ||
         tag == GUMBO_TAG_TFOOT || tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TR ||
         tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH))
      Fail();
    if (!t.end) {
      switch (tag) {
        case GUMBO_TAG_OPTION:
          if (Is(Current(), GUMBO_TAG_OPTION)) PopAny();
          Insert(t);
          return;
        case GUMBO_TAG_OPTGROUP:
          if (Is(Current(), GUMBO_TAG_OPTION)) PopAny();
          if (Is(Current(), GUMBO_TAG_OPTGROUP)) PopAny();
          Insert(t);
          return;
        case GUMBO_TAG_SCRIPT:
          HeadElement(t);
          return;
        default:
          // Gumbo ignores most other tags in a select, but its 0.10 release
          // builds a <template> there; only options are modelled.
          Fail();
      }
    }
    switch (tag) {
      case GUMBO_TAG_OPTGROUP:
        if (Is(Current(), GUMBO_TAG_OPTION) && open_.size() >= 2 &&
            Is(open_[open_.size() - 2], GUMBO_TAG_OPTGROUP))
          PopAny();
        if (Is(Current(), GUMBO_TAG_OPTGROUP)) PopAny();
        return;
      case GUMBO_TAG_OPTION:
        if (Is(Current(), GUMBO_TAG_OPTION)) PopAny();
        return;
      case GUMBO_TAG_SELECT:
        if (!InScope(GUMBO_TAG_SELECT, Scope::kSelect)) return;
        while (!Is(PopAny(), GUMBO_TAG_SELECT)) {
        }
        ResetInsertionMode();
        return;
      default:
        Fail();
    }
  }

  // ---- SVG ------------------------------------------------------------------------
  void AdjustSvgAttributes(TagToken& t) {
    for (const auto& [from, to] : kSvgAttributes) {
      for (unsigned i = 0; i < t.attrs.length; ++i) {
        auto* a = static_cast<GumboAttribute*>(t.attrs.data[i]);
        if (from == a->name) {
          a->name = to;
          break;
        }
      }
    }
  }

  void AdjustForeignAttributes(TagToken& t) {
    for (const ForeignAttribute& f : kForeignAttributes) {
      for (unsigned i = 0; i < t.attrs.length; ++i) {
        auto* a = static_cast<GumboAttribute*>(t.attrs.data[i]);
        if (f.from == a->name) {
          a->attr_namespace = f.ns;
          a->name = f.local;
          break;
        }
      }
    }
  }

  static std::string_view OriginalName(const GumboNode* n) {
    GumboStringPiece p = n->v.element.original_tag;
    std::string_view s(p.data, p.length);
    s.remove_prefix(s.starts_with("</") ? 2 : 1);
    std::size_t end = 0;
    while (end < s.size() && !IsAsciiSpace(s[end]) && s[end] != '/' && s[end] != '>') ++end;
    return s.substr(0, end);
  }

  // handle_in_foreign_content, for SVG without integration points.
  void Foreign(TagToken& t) {
    if (!t.end) {
      bool font_attrs = false;
      if (t.tag == GUMBO_TAG_FONT) {
        for (unsigned i = 0; i < t.attrs.length; ++i) {
          std::string_view n = static_cast<GumboAttribute*>(t.attrs.data[i])->name;
          font_attrs = font_attrs || n == "color" || n == "face" || n == "size";
        }
      }
      if ((t.tag != GUMBO_TAG_FONT && kBreakout[t.tag]) || font_attrs) Fail();
      // HTML integration points, and elements whose content Gumbo's tokenizer
      // would read differently from HTML's.
      if (t.tag == GUMBO_TAG_FOREIGNOBJECT || t.tag == GUMBO_TAG_DESC || t.tag == GUMBO_TAG_TITLE ||
          t.tag == GUMBO_TAG_SCRIPT || t.tag == GUMBO_TAG_STYLE || t.tag == GUMBO_TAG_MATH)
        Fail();
      AdjustSvgAttributes(t);
      AdjustForeignAttributes(t);
      Insert(t, GUMBO_NAMESPACE_SVG);
      if (t.self_closing) PopAny();
      return;
    }
    for (std::size_t i = open_.size(); i-- > 1;) {
      GumboNode* n = open_[i];
      if (IsHtml(n)) Fail();  // the end tag would be processed as HTML
      if (EqualsIgnoreCase(OriginalName(n), t.name)) {
        // Gumbo 0.10 marks every element this pops as implicitly ended, the
        // matching one too.
        end_tag_ = GUMBO_TAG_LAST;
        while (PopAny() != n) {
        }
        return;
      }
    }
    Fail();
  }

  std::string_view in_;
  GumboArena& arena_;
  std::size_t pos_ = 0;
  bool has_cr_ = false;
  bool quirks_ = false;
  GumboOutput* out_ = nullptr;
  GumboNode* document_ = nullptr;
  std::vector<GumboNode*> open_;
  std::vector<GumboNode*> afe_;  // the list of active formatting elements; nullptr: a marker
  GumboNode* form_ = nullptr;
  Mode mode_ = Mode::kBeforeHead;
  GumboTag end_tag_ = GUMBO_TAG_LAST;
  bool closed_body_ = false;
  bool closed_html_ = false;
  bool ignore_lf_ = false;
  std::string text_;
  bool text_is_text_ = false;
  std::size_t text_begin_ = 0;
  std::size_t line_pos_ = 0;
  unsigned line_ = 1;
};

}  // namespace

GumboOutput* ParseSimpleHtml(std::string_view html, GumboArena& arena) {
  if (!AcceptableBytes(html)) return nullptr;
  try {
    return Parser(html, arena).Run();
  } catch (const Decline&) {
    return nullptr;
  }
}

}  // namespace cecat::parsers::detail
