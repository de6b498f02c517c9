// Definitions of bench/site/pieces.h: vocabulary, prose and page chrome. Every
// byte here ends up in the generated pages, so a change here changes the heavy
// profile's pages, which docs/benchmarks.md's figures describe: bump
// kGeneratorVersion (site.cc) and say so there.
#include "bench/site/pieces.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace cecat::bench::site_detail {
namespace {

constexpr std::array<std::string_view, 16> kSubtitles = {"Foundations for Clinicians",
                                                         "Advanced Case Conceptualization",
                                                         "A Practical Workshop",
                                                         "What Every Therapist Should Know",
                                                         "Evidence and Application",
                                                         "Skills for the First Session",
                                                         "Working with Adolescents",
                                                         "Culturally Responsive Practice",
                                                         "Risk, Documentation and the Law",
                                                         "An Update for Supervisors",
                                                         "Integrating Research into Practice",
                                                         "Case Studies",
                                                         "Treatment Planning",
                                                         "Telehealth Adaptations",
                                                         "Ethical Dilemmas",
                                                         "Measurement-Based Care"};
constexpr std::array<std::string_view, 20> kProviderFirst = {
    "Riverbend",    "Northstar",  "Lakeside",  "Summit",      "Cedar Grove",
    "Harborview",   "Blue Ridge", "Prairie",   "Silverlake",  "Oakhaven",
    "Willow Creek", "Redwood",    "Bayside",   "Highland",    "Meadowbrook",
    "Stonebridge",  "Clearwater", "Pinecrest", "Brightwater", "Maplewood"};
constexpr std::array<std::string_view, 4> kProviderSecond = {
    "Behavioral Health Institute", "Counseling Academy", "Center for Clinical Training",
    "Psychotherapy Institute"};
constexpr std::array<std::string_view, 50> kAllStates = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL",
    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT",
    "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI",
    "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"};

// Prose: common English words and the field's vocabulary, drawn with Zipf-like
// frequencies so the text compresses like real text (about 3x), not like a
// 15-word loop (100x).
constexpr std::array<std::string_view, 264> kWords = {"the",
                                                      "of",
                                                      "and",
                                                      "to",
                                                      "in",
                                                      "a",
                                                      "is",
                                                      "that",
                                                      "for",
                                                      "with",
                                                      "as",
                                                      "on",
                                                      "are",
                                                      "this",
                                                      "be",
                                                      "by",
                                                      "or",
                                                      "it",
                                                      "from",
                                                      "their",
                                                      "how",
                                                      "can",
                                                      "will",
                                                      "clients",
                                                      "an",
                                                      "these",
                                                      "which",
                                                      "have",
                                                      "not",
                                                      "more",
                                                      "when",
                                                      "they",
                                                      "about",
                                                      "we",
                                                      "into",
                                                      "what",
                                                      "between",
                                                      "practice",
                                                      "treatment",
                                                      "clinical",
                                                      "therapy",
                                                      "session",
                                                      "therapists",
                                                      "participants",
                                                      "evidence",
                                                      "research",
                                                      "skills",
                                                      "assessment",
                                                      "outcomes",
                                                      "risk",
                                                      "trauma",
                                                      "care",
                                                      "approach",
                                                      "learn",
                                                      "use",
                                                      "interventions",
                                                      "client",
                                                      "also",
                                                      "each",
                                                      "both",
                                                      "after",
                                                      "other",
                                                      "those",
                                                      "through",
                                                      "may",
                                                      "during",
                                                      "should",
                                                      "must",
                                                      "while",
                                                      "within",
                                                      "across",
                                                      "family",
                                                      "adolescents",
                                                      "children",
                                                      "couples",
                                                      "supervision",
                                                      "ethics",
                                                      "ethical",
                                                      "licensure",
                                                      "documentation",
                                                      "relationship",
                                                      "therapeutic",
                                                      "alliance",
                                                      "cognitive",
                                                      "behavioral",
                                                      "emotional",
                                                      "regulation",
                                                      "mindfulness",
                                                      "acceptance",
                                                      "commitment",
                                                      "exposure",
                                                      "avoidance",
                                                      "anxiety",
                                                      "depression",
                                                      "grief",
                                                      "loss",
                                                      "attachment",
                                                      "safety",
                                                      "planning",
                                                      "suicidal",
                                                      "ideation",
                                                      "screening",
                                                      "measures",
                                                      "diagnosis",
                                                      "symptoms",
                                                      "disorder",
                                                      "substance",
                                                      "recovery",
                                                      "relapse",
                                                      "prevention",
                                                      "motivation",
                                                      "change",
                                                      "stages",
                                                      "readiness",
                                                      "ambivalence",
                                                      "reflective",
                                                      "listening",
                                                      "validation",
                                                      "strengths",
                                                      "culture",
                                                      "cultural",
                                                      "identity",
                                                      "bias",
                                                      "humility",
                                                      "equity",
                                                      "access",
                                                      "telehealth",
                                                      "privacy",
                                                      "consent",
                                                      "confidentiality",
                                                      "boundaries",
                                                      "dual",
                                                      "roles",
                                                      "records",
                                                      "law",
                                                      "mandated",
                                                      "reporting",
                                                      "duty",
                                                      "warn",
                                                      "protect",
                                                      "court",
                                                      "board",
                                                      "rules",
                                                      "standards",
                                                      "code",
                                                      "conduct",
                                                      "case",
                                                      "example",
                                                      "vignette",
                                                      "discussion",
                                                      "role-play",
                                                      "demonstration",
                                                      "worksheet",
                                                      "homework",
                                                      "goals",
                                                      "objectives",
                                                      "measurable",
                                                      "progress",
                                                      "feedback",
                                                      "fidelity",
                                                      "protocol",
                                                      "manual",
                                                      "adaptation",
                                                      "population",
                                                      "settings",
                                                      "community",
                                                      "school",
                                                      "hospital",
                                                      "outpatient",
                                                      "inpatient",
                                                      "private",
                                                      "agency",
                                                      "team",
                                                      "colleagues",
                                                      "referral",
                                                      "coordination",
                                                      "medication",
                                                      "prescriber",
                                                      "side",
                                                      "effects",
                                                      "adherence",
                                                      "sleep",
                                                      "nutrition",
                                                      "exercise",
                                                      "body",
                                                      "image",
                                                      "eating",
                                                      "restriction",
                                                      "binge",
                                                      "purging",
                                                      "weight",
                                                      "stigma",
                                                      "shame",
                                                      "guilt",
                                                      "anger",
                                                      "conflict",
                                                      "communication",
                                                      "parenting",
                                                      "development",
                                                      "adolescent",
                                                      "peer",
                                                      "pressure",
                                                      "bullying",
                                                      "digital",
                                                      "media",
                                                      "technology",
                                                      "platform",
                                                      "video",
                                                      "audio",
                                                      "secure",
                                                      "encryption",
                                                      "billing",
                                                      "insurance",
                                                      "codes",
                                                      "reimbursement",
                                                      "policy",
                                                      "state",
                                                      "federal",
                                                      "jurisdiction",
                                                      "interstate",
                                                      "compact",
                                                      "license",
                                                      "renewal",
                                                      "hours",
                                                      "credit",
                                                      "approved",
                                                      "provider",
                                                      "presenter",
                                                      "module",
                                                      "lesson",
                                                      "quiz",
                                                      "certificate",
                                                      "completion",
                                                      "evaluation",
                                                      "survey",
                                                      "accessible",
                                                      "accommodation",
                                                      "request",
                                                      "refund",
                                                      "cancellation",
                                                      "registration",
                                                      "webinar",
                                                      "recording",
                                                      "slides",
                                                      "handouts",
                                                      "references",
                                                      "reading",
                                                      "current",
                                                      "recent",
                                                      "studies",
                                                      "meta-analysis",
                                                      "randomized",
                                                      "trial",
                                                      "effect",
                                                      "size",
                                                      "sample",
                                                      "limitations",
                                                      "implications",
                                                      "practical",
                                                      "strategies",
                                                      "tools",
                                                      "techniques",
                                                      "framework",
                                                      "model"};

class Zipf {
 public:
  Zipf() {
    double sum = 0;
    for (size_t i = 0; i < kWords.size(); ++i) {
      sum += 1.0 / std::pow(static_cast<double>(i) + 2.0, 0.9);
      cumulative_[i] = sum;
    }
    for (double& c : cumulative_) c /= sum;
  }
  std::string_view Word(Rng& rng) const {
    double u = rng.Unit();
    auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), u);
    if (it == cumulative_.end()) --it;
    return kWords[static_cast<size_t>(it - cumulative_.begin())];
  }

 private:
  std::array<double, kWords.size()> cumulative_{};
};

const Zipf& Words() {
  static const Zipf zipf;
  return zipf;
}

}  // namespace

std::string_view Word(Rng& rng) { return Words().Word(rng); }

std::string Sentence(Rng& rng) {
  int n = 8 + rng.Below(18);
  std::string s;
  for (int i = 0; i < n; ++i) {
    std::string_view w = Words().Word(rng);
    if (i == 0) {
      s += static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      s.append(w.substr(1));
    } else {
      s += ' ';
      s.append(w);
      if (i < n - 2 && rng.Below(14) == 0) s += ',';
    }
  }
  s += rng.Below(12) == 0 ? "?" : ".";
  return s;
}

std::string Paragraph(Rng& rng, int sentences) {
  std::string p = "<p>";
  for (int i = 0; i < sentences; ++i) {
    if (i) p += ' ';
    p += Sentence(rng);
  }
  return p + "</p>\n";
}

std::string JsonEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string Slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

Provider ProviderFor(int index) {
  Provider p;
  p.name = std::string(kProviderFirst[static_cast<size_t>(index) % kProviderFirst.size()]) + " " +
           std::string(kProviderSecond[static_cast<size_t>(index / 5) % kProviderSecond.size()]);
  p.slug = Slug(p.name);
  Rng rng(static_cast<uint64_t>(index) + 7001);
  p.apa = index % 3 != 2;
  if (index % 2 == 0) p.aswb = 1000 + rng.Below(9000);
  if (index % 4 != 3) p.nbcc = 4000 + rng.Below(5000);
  if (index % 5 == 1) p.naadac = 10000 + rng.Below(89999);
  if (index % 6 == 0) p.camft = 100000 + rng.Below(899999);
  return p;
}

std::string ApprovalStatements(const Provider& p) {
  std::string s;
  if (p.apa) {
    s += "<p class=\"approval\">" + p.name +
         " is approved by the American Psychological Association to sponsor continuing "
         "education for psychologists. " +
         p.name + " maintains responsibility for this program and its content.</p>\n";
  }
  if (p.aswb) {
    s += "<p class=\"approval\">" + p.name + ", provider #" + std::to_string(p.aswb) +
         ", is approved as an ACE provider to offer social work continuing education by the "
         "Association of Social Work Boards (ASWB) Approved Continuing Education (ACE) program. "
         "Regulatory boards are the final authority on courses accepted for continuing "
         "education credit. ACE provider approval period: 3/9/2024-3/9/2027. Social workers "
         "completing this course receive continuing education credits.</p>\n";
  }
  if (p.nbcc) {
    s += "<p class=\"approval\">" + p.name +
         " has been approved by NBCC as an Approved Continuing Education Provider, ACEP No. " +
         std::to_string(p.nbcc) +
         ". Programs that do not qualify for NBCC credit are clearly identified. " + p.name +
         " is solely responsible for all aspects of the programs.</p>\n";
  }
  if (p.naadac) {
    s += "<p class=\"approval\">This course has been approved by " + p.name +
         ", as a NAADAC Approved Education Provider, for educational credits. NAADAC Provider "
         "#" +
         std::to_string(p.naadac) + ". " + p.name +
         " is responsible for all aspects of its programming.</p>\n";
  }
  if (p.camft) {
    s += "<p class=\"approval\">" + p.name +
         " is approved by the California Association of Marriage and Family Therapists to "
         "sponsor continuing education for LMFTs, LCSWs, LPCCs and LEPs. Provider #" +
         std::to_string(p.camft) + ".</p>\n";
  }
  return s;
}

std::string Head(const std::string& title, const std::string& description,
                 const std::string& canonical) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      title + "</title>\n<meta name=\"description\" content=\"" + description +
      "\">\n<link rel=\"canonical\" href=\"" + canonical +
      "\">\n<link rel=\"preconnect\" href=\"/\">\n"
      "<link rel=\"stylesheet\" href=\"/assets/css/site.min.css?v=20261101\">\n"
      "<link rel=\"icon\" href=\"/assets/img/favicon.svg\" type=\"image/svg+xml\">\n"
      "<style>:root{--brand:#1d4f73;--accent:#e0a526;--text:#222;--muted:#667}"
      "body{margin:0;font:16px/1.55 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;"
      "color:var(--text)}.site-header{background:var(--brand);color:#fff}.site-header a{color:"
      "#fff;text-decoration:none}.mega-menu{display:none;position:absolute;left:0;right:0;"
      "background:#fff;box-shadow:0 8px 24px rgba(0,0,0,.15)}.mega-menu.open{display:grid;"
      "grid-template-columns:repeat(4,1fr);gap:1rem;padding:1.5rem}.course-meta{display:flex;"
      "flex-wrap:wrap;gap:.75rem;list-style:none;padding:0}.course-meta li{background:#f3f6f9;"
      "border-radius:4px;padding:.25rem .6rem}.btn{display:inline-block;padding:.6rem 1.2rem;"
      "border-radius:4px;background:var(--accent);color:#000;font-weight:600}.breadcrumb ol{"
      "list-style:none;display:flex;gap:.5rem;padding:0}.breadcrumb li+li:before{content:'/';"
      "margin-right:.5rem;color:var(--muted)}footer{background:#0f2a3d;color:#cfd8e3;padding:2rem"
      "}footer a{color:#cfd8e3}@media (max-width:720px){.mega-menu.open{grid-template-columns:1fr"
      "}}</style>\n"
      "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
      "gtag('js',new Date());gtag('config','G-BENCH0000',{anonymize_ip:true});"
      "(function(w,d){var s=d.createElement('script');s.async=true;s.src='/assets/js/consent.js'"
      ";d.head.appendChild(s);w.siteConfig={cart:'/cart',search:'/search',currency:'USD'};})"
      "(window,document);</script>\n";
  return h;
}

// The header with its mega-menu: ~80 links, as on real catalogue sites.
std::string Header() {
  std::string h =
      "<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site-header"
      "\">\n<div class=\"wrap\"><a class=\"logo\" href=\"/\"><svg width=\"32\" height=\"32\" "
      "viewBox=\"0 0 32 32\" aria-hidden=\"true\"><circle cx=\"16\" cy=\"16\" r=\"14\" "
      "fill=\"#e0a526\"/><path d=\"M9 17l5 5 9-12\" stroke=\"#fff\" stroke-width=\"3\" "
      "fill=\"none\"/></svg> CE Catalogue</a>\n<form class=\"search\" action=\"/search\" "
      "method=\"get\"><input type=\"search\" name=\"q\" placeholder=\"Search courses\" "
      "aria-label=\"Search courses\"><button type=\"submit\">Search</button></form>\n"
      "<nav class=\"main-nav\" aria-label=\"Main\"><ul>\n";
  h += "<li class=\"has-menu\"><a href=\"/topics/\">Topics</a><div class=\"mega-menu\"><ul>\n";
  for (size_t i = 0; i < kTopicNames.size(); ++i) {
    h += "<li><a href=\"/topics/" + std::string(kTopicSlugs[i]) + "-" + std::to_string(i) +
         ".html\">" + std::string(kTopicNames[i]) + "</a></li>\n";
  }
  h += "</ul></div></li>\n<li class=\"has-menu\"><a href=\"/states/\">By state</a><div "
       "class=\"mega-menu\"><ul>\n";
  for (std::string_view st : kAllStates) {
    h += "<li><a href=\"/states/" + std::string(st) + ".html\">" + std::string(st) +
         " requirements</a></li>\n";
  }
  h += "</ul></div></li>\n";
  for (std::string_view item :
       {"On demand", "Live webinars", "In person", "Bundles", "Scholarships", "About", "Contact"}) {
    h += "<li><a href=\"/" + Slug(item) + ".html\">" + std::string(item) + "</a></li>\n";
  }
  h += "</ul></nav>\n<a class=\"cart\" href=\"/cart\">Cart (0)</a> <a href=\"/account/login\">"
       "Sign in</a></div>\n</header>\n";
  return h;
}

std::string Footer(const Provider& p) {
  std::string f = "<footer class=\"site-footer\">\n<div class=\"cols\">\n";
  for (std::string_view col : {"Courses", "Licences", "Company", "Help"}) {
    f += "<div><h4>" + std::string(col) + "</h4><ul>\n";
    for (int i = 0; i < 8; ++i) {
      f += "<li><a href=\"/" + Slug(col) + "/" + std::to_string(i) + ".html\">" + std::string(col) +
           " link " + std::to_string(i + 1) + "</a></li>\n";
    }
    f += "</ul></div>\n";
  }
  f += "</div>\n<form class=\"newsletter\" action=\"/newsletter\" method=\"post\"><label>Get new "
       "courses by email <input type=\"email\" name=\"email\"></label><button>Subscribe</button>"
       "</form>\n<p class=\"legal\">&copy; 2026 " +
       p.name +
       ". All rights reserved. <a href=\"/privacy.html\">Privacy</a> &middot; <a "
       "href=\"/terms.html\">Terms</a> &middot; <a href=\"/accessibility.html\">Accessibility</a>"
       "</p>\n</footer>\n<script src=\"/assets/js/site.min.js?v=20261101\" defer></script>\n"
       "</body>\n</html>\n";
  return f;
}

std::string Breadcrumb(size_t topic, const std::string& title) {
  return "<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\"><ol><li><a href=\"/\">Home</a>"
         "</li><li><a href=\"/topics/" +
         std::string(kTopicSlugs[topic]) + "-" + std::to_string(topic) + ".html\">" +
         std::string(kTopicNames[topic]) + "</a></li><li aria-current=\"page\">" + title +
         "</li></ol></nav>\n";
}

std::string CourseTitle(const SiteOptions& options, int id) {
  Rng rng(options.seed * 1000003ULL + static_cast<uint64_t>(id));
  size_t topic = static_cast<size_t>(id) % kTopicNames.size();
  return std::string(kTopicNames[topic]) + ": " + std::string(rng.Pick(kSubtitles)) + " (CE-" +
         std::to_string(10000 + id) + ")";
}

std::string MoneyString(int cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d.%02d", cents / 100, cents % 100);
  return buf;
}

}  // namespace cecat::bench::site_detail
