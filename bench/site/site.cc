// The benchmark site's pages. Everything is drawn from a small counter-based
// generator (splitmix64) seeded per page, never from std:: distributions, whose
// output differs between standard libraries: the site must be the same bytes
// wherever it is generated, so figures from two machines describe the same work.
#include "bench/site/site.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string_view>
#include <thread>
#include <vector>

namespace cecat::bench {
namespace {

namespace fs = std::filesystem;

// Bump when the pages change, so a cached site directory is regenerated.
constexpr int kGeneratorVersion = 3;

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[static_cast<size_t>(Below(static_cast<int>(N)))];
  }

 private:
  uint64_t state_;
};

constexpr std::array<std::string_view, 24> kTopicNames = {"Law and Ethics",
                                                          "Cultural Humility",
                                                          "Suicide Risk Assessment",
                                                          "Trauma-Informed Care",
                                                          "CBT for Anxiety",
                                                          "DBT Skills Training",
                                                          "Acceptance and Commitment Therapy",
                                                          "Mindfulness in Practice",
                                                          "Treating Depression",
                                                          "Substance Use Disorders",
                                                          "Clinical Supervision",
                                                          "Telehealth Best Practices",
                                                          "Child and Adolescent Therapy",
                                                          "Couples and Family Therapy",
                                                          "Grief and Loss",
                                                          "Eating Disorders",
                                                          "Psychopharmacology Essentials",
                                                          "Psychological Assessment",
                                                          "Domestic Violence",
                                                          "Preventing Medical Errors",
                                                          "Human Trafficking Awareness",
                                                          "Boundaries in Therapy",
                                                          "EMDR Foundations",
                                                          "Motivational Interviewing"};
constexpr std::array<std::string_view, 24> kTopicSlugs = {"law-and-ethics",
                                                          "cultural-competency",
                                                          "suicide-prevention",
                                                          "trauma",
                                                          "cbt",
                                                          "dbt",
                                                          "act",
                                                          "mindfulness",
                                                          "depression",
                                                          "substance-use",
                                                          "supervision",
                                                          "telehealth",
                                                          "child-adolescent",
                                                          "couples-family",
                                                          "grief",
                                                          "eating-disorders",
                                                          "psychopharmacology",
                                                          "assessment",
                                                          "domestic-violence",
                                                          "medical-errors",
                                                          "human-trafficking",
                                                          "boundaries",
                                                          "trauma",
                                                          "substance-use"};
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
constexpr std::array<std::string_view, 24> kPresenters = {
    "Dana Whitfield, PhD",  "Marcus Ortega, LCSW", "Priya Raman, PsyD",    "Helen Okafor, LMFT",
    "Samuel Brooks, LPC",   "Irene Castillo, PhD", "Tomasz Nowak, LCADC",  "Grace Liu, PsyD",
    "Robert Haines, LICSW", "Amara Mensah, LMHC",  "Daniel Ferreira, PhD", "Yuki Tanaka, LMFT",
    "Olivia Grant, LCSW",   "Ethan Moore, PsyD",   "Fatima Zahra, LPCC",   "Noah Bennett, PhD",
    "Chloe Dubois, LMSW",   "Victor Alvarez, NCC", "Hannah Reid, LCPC",    "Isaac Cohen, PhD",
    "Leah Thompson, LAMFT", "Omar Siddiqui, PsyD", "Ruth Adeyemi, LCSW",   "Paul Jensen, CADC"};
constexpr std::array<std::string_view, 12> kCities = {
    "Sacramento", "Austin",  "Albany",  "Tallahassee", "Denver",  "Portland",
    "Chicago",    "Atlanta", "Phoenix", "Boston",      "Seattle", "Minneapolis"};
constexpr std::array<std::string_view, 12> kStates = {"CA", "TX", "NY", "FL", "CO", "OR",
                                                      "IL", "GA", "AZ", "MA", "WA", "MN"};
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

struct Provider {
  std::string name;
  std::string slug;
  int aswb = 0;      // ASWB ACE provider number, 0 = not approved
  int nbcc = 0;      // NBCC ACEP No.
  int naadac = 0;    // NAADAC provider number
  int camft = 0;     // CAMFT provider number
  bool apa = false;  // APA issues no number
};

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

constexpr int kProviders = 40;

// The statements a provider prints on its course pages (docs/DOMAIN.md patterns).
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

}  // namespace

int ListingCount(const SiteOptions& options) {
  return (options.courses + options.per_list - 1) / options.per_list;
}

int CrawlablePages(const SiteOptions& options) {
  return 1 + ListingCount(options) + options.courses;
}

std::string CoursePath(const SiteOptions& options, int id) {
  return "/courses/" + Slug(CourseTitle(options, id)) + ".html";
}

std::string ListingPath(int page) { return "/catalog/page-" + std::to_string(page) + ".html"; }

std::string CoursePage(const SiteOptions& options, int id) {
  Rng rng(options.seed * 2000003ULL + static_cast<uint64_t>(id));
  const size_t topic = static_cast<size_t>(id) % kTopicNames.size();
  const Provider provider = ProviderFor(id % kProviders);
  const std::string title = CourseTitle(options, id);
  const std::string path = CoursePath(options, id);
  const int span = std::max(1, options.max_page_bytes - options.min_page_bytes);
  const size_t target = static_cast<size_t>(options.min_page_bytes + rng.Below(span));

  // Credits, price, format: spread so that every normaliser branch has work.
  static constexpr std::array<double, 8> kHours = {1, 1.5, 2, 3, 3, 6, 6, 12};
  const double hours = kHours[static_cast<size_t>(rng.Below(8))];
  char hours_text[16];
  std::snprintf(hours_text, sizeof hours_text, "%g", hours);
  const bool free = id % 11 == 0;
  const int cents = free ? 0 : (1900 + rng.Below(230) * 100 - (rng.Below(2) ? 1 : 0) * 100 + 99);
  const int format = rng.Below(3);  // 0 on demand, 1 live online, 2 in person
  const size_t city = static_cast<size_t>(rng.Below(static_cast<int>(kCities.size())));
  const int month = 1 + rng.Below(12), day = 1 + rng.Below(28);
  char date[16];
  std::snprintf(date, sizeof date, "2027-%02d-%02d", month, day);
  const std::string presenter(rng.Pick(kPresenters));
  const std::string description = Sentence(rng) + " " + Sentence(rng);
  const double rating = 3.5 + rng.Below(16) / 10.0;
  const int reviews = 3 + rng.Below(400);

  std::string html = Head(title + " | " + provider.name, JsonEscape(description), path);
  html.reserve(target + 8192);
  // The Course block (schema.org), as a catalogue's SEO plugin writes it.
  html += "<script type=\"application/ld+json\">\n{\"@context\":\"https://schema.org\",";
  html += "\"@type\":\"Course\",\"@id\":\"" + path + "#course\",\"name\":\"" + JsonEscape(title) +
          "\",\"description\":\"" + JsonEscape(description) + "\",\"url\":\"" + path +
          "\",\"courseCode\":\"CE-" + std::to_string(10000 + id) + "\",";
  html += "\"provider\":{\"@type\":\"Organization\",\"name\":\"" + provider.name +
          "\",\"url\":\"/providers/" + provider.slug + ".html\"},";
  html += "\"numberOfCredits\":" + std::string(hours_text) +
          ",\"educationalCredentialAwarded\":\"" + hours_text +
          " CE hours for psychologists, counselors, social workers and MFTs\",";
  html +=
      "\"audience\":{\"@type\":\"EducationalAudience\",\"audienceType\":\"Psychologists, "
      "Counselors, Social Workers, Marriage and Family Therapists\"},";
  html += "\"keywords\":\"" + std::string(kTopicSlugs[topic]) + ", continuing education\",";
  html += "\"offers\":{\"@type\":\"Offer\",\"price\":\"" + MoneyString(cents) +
          "\",\"priceCurrency\":\"USD\",\"category\":\"" + (free ? "Free" : "Paid") +
          "\",\"availability\":\"https://schema.org/InStock\",\"url\":\"" + path + "\"},";
  html += "\"hasCourseInstance\":{\"@type\":\"CourseInstance\",";
  if (format == 0) {
    html += "\"courseMode\":\"online\",\"courseWorkload\":\"PT" + std::string(hours_text) + "H\"";
  } else if (format == 1) {
    html += "\"courseMode\":\"online\",\"startDate\":\"" + std::string(date) +
            "T17:00:00-05:00\",\"location\":{\"@type\":\"VirtualLocation\",\"url\":\"/live\"}";
  } else {
    html += "\"courseMode\":\"onsite\",\"startDate\":\"" + std::string(date) +
            "\",\"location\":{\"@type\":\"Place\",\"name\":\"Conference Center\",\"address\":{"
            "\"@type\":\"PostalAddress\",\"addressLocality\":\"" +
            std::string(kCities[city]) + "\",\"addressRegion\":\"" + std::string(kStates[city]) +
            "\",\"addressCountry\":\"US\"}}";
  }
  html += ",\"instructor\":{\"@type\":\"Person\",\"name\":\"" + presenter + "\"}},";
  char rating_text[16];
  std::snprintf(rating_text, sizeof rating_text, "%.1f", rating);
  html += "\"aggregateRating\":{\"@type\":\"AggregateRating\",\"ratingValue\":\"" +
          std::string(rating_text) + "\",\"bestRating\":\"5\",\"ratingCount\":\"" +
          std::to_string(reviews) + "\"}}\n</script>\n";
  html +=
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
      "\"BreadcrumbList\",\"itemListElement\":[{\"@type\":\"ListItem\",\"position\":1,"
      "\"name\":\"Home\",\"item\":\"/\"},{\"@type\":\"ListItem\",\"position\":2,\"name\":\"" +
      std::string(kTopicNames[topic]) + "\",\"item\":\"/topics/" + std::string(kTopicSlugs[topic]) +
      "-" + std::to_string(topic) + ".html\"}]}</script>\n</head>\n";
  html += Header();
  html +=
      "<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\"><ol><li><a href=\"/\">Home</a>"
      "</li><li><a href=\"/topics/" +
      std::string(kTopicSlugs[topic]) + "-" + std::to_string(topic) + ".html\">" +
      std::string(kTopicNames[topic]) + "</a></li><li aria-current=\"page\">" + title +
      "</li></ol></nav>\n";
  html += "<main id=\"main\">\n<article class=\"course\">\n<h1 class=\"course-title\">" + title +
          "</h1>\n<p class=\"byline\">Presented by <a href=\"/presenters/" + Slug(presenter) +
          ".html\">" + presenter + "</a> for <a href=\"/providers/" + provider.slug + ".html\">" +
          provider.name + "</a></p>\n";
  static constexpr std::array<std::string_view, 3> kFormatText = {
      "On demand (self-paced, available anytime)", "Live webinar (interactive)",
      "In-person workshop"};
  html += "<ul class=\"course-meta\">\n<li class=\"hours\">" + std::string(hours_text) +
          " CE hours</li>\n<li class=\"format\">" +
          std::string(kFormatText[static_cast<size_t>(format)]) + "</li>\n<li class=\"price\">" +
          (free ? std::string("Free") : "$" + MoneyString(cents)) + "</li>\n";
  if (format != 0) html += "<li class=\"when\">" + std::string(date) + "</li>\n";
  if (format == 2) {
    html += "<li class=\"where\">" + std::string(kCities[city]) + ", " +
            std::string(kStates[city]) + "</li>\n";
  }
  html += "<li class=\"rating\">" + std::string(rating_text) + " out of 5 (" +
          std::to_string(reviews) + " reviews)</li>\n</ul>\n";
  html += "<p><a class=\"btn\" href=\"/cart/add?course=" + std::to_string(10000 + id) +
          "\">Register</a></p>\n<section class=\"description\">\n<h2>About this course</h2>\n";
  html += "<p class=\"lead\">" + description + "</p>\n";
  for (int i = 0; i < 3; ++i) html += Paragraph(rng, 4 + rng.Below(5));
  html +=
      "</section>\n<section class=\"objectives\"><h2>Learning objectives</h2><p>"
      "Participants will be able to:</p><ol>\n";
  for (int i = 0; i < 4; ++i) html += "<li>" + Sentence(rng) + "</li>\n";
  html +=
      "</ol></section>\n<section class=\"ce-info\" id=\"ce\">\n<h2>CE information</h2>\n"
      "<p>This course offers " +
      std::string(hours_text) +
      " contact hours. Full attendance and a passing score of 80% on the post-test are "
      "required.</p>\n" +
      ApprovalStatements(provider) + "</section>\n";
  html += "<aside class=\"related\"><h2>Related courses</h2><ul>\n";
  for (int i = 0; i < 6; ++i) {
    int other = rng.Below(options.courses);
    html += "<li><a class=\"related-link\" href=\"" + CoursePath(options, other) + "\">" +
            CourseTitle(options, other) + "</a></li>\n";
  }
  html += "</ul></aside>\n<section class=\"outline\"><h2>Course outline</h2>\n";
  // The bulk of the page: module transcripts, until the page reaches its size.
  const std::string footer = Footer(provider);
  const size_t tail = 600 + footer.size();
  for (int module = 1; html.size() + tail < target; ++module) {
    html += "<h3 id=\"module-" + std::to_string(module) + "\">Module " + std::to_string(module) +
            ": " + std::string(Words().Word(rng)) + " and " + std::string(Words().Word(rng)) +
            "</h3>\n";
    for (int i = 0; i < 3 && html.size() + tail < target; ++i) {
      html += Paragraph(rng, 3 + rng.Below(6));
    }
    if (module % 3 == 0) {
      html += "<ul class=\"key-points\">\n";
      for (int i = 0; i < 4; ++i) html += "<li>" + Sentence(rng) + "</li>\n";
      html += "</ul>\n";
    }
    if (module % 5 == 0) {
      html += "<blockquote class=\"review\"><p>&ldquo;" + Sentence(rng) +
              "&rdquo;</p><footer>&mdash; " + std::string(rng.Pick(kPresenters)) +
              "</footer></blockquote>\n";
    }
  }
  html += "</section>\n<section class=\"presenter\"><h2>About the presenter</h2><p>" + presenter +
          " has practiced for " + std::to_string(5 + rng.Below(30)) +
          " years and trains clinicians nationwide.</p></section>\n</article>\n</main>\n";
  html += footer;
  return html;
}

std::string ListingPage(const SiteOptions& options, int page) {
  Rng rng(options.seed * 3000017ULL + static_cast<uint64_t>(page));
  const int pages = ListingCount(options);
  const Provider site_owner = ProviderFor(0);
  std::string html = Head("All courses, page " + std::to_string(page) + " | CE Catalogue",
                          "Browse continuing education courses for mental-health professionals",
                          ListingPath(page));
  html += "</head>\n" + Header();
  html += "<main id=\"main\">\n<h1>All courses</h1>\n<p class=\"count\">Showing " +
          std::to_string((page - 1) * options.per_list + 1) + "&ndash;" +
          std::to_string(std::min(options.courses, page * options.per_list)) + " of " +
          std::to_string(options.courses) + " courses</p>\n<ul class=\"course-list\">\n";
  for (int id = (page - 1) * options.per_list;
       id < std::min(options.courses, page * options.per_list); ++id) {
    const Provider p = ProviderFor(id % kProviders);
    html += "<li class=\"course-card\"><a class=\"course-link\" href=\"" + CoursePath(options, id) +
            "\">" + CourseTitle(options, id) + "</a><span class=\"provider\">" + p.name +
            "</span><p class=\"teaser\">" + Sentence(rng) + "</p></li>\n";
  }
  html += "</ul>\n<nav class=\"pagination\" aria-label=\"Pages\">";
  auto link = [&](int k, const std::string& text) {
    if (k >= 1 && k <= pages && k != page) {
      html += "<a href=\"" + ListingPath(k) + "\">" + text + "</a> ";
    }
  };
  link(1, "First");
  link(page - 1, "Previous");
  for (int k = page - 3; k <= page + 3; ++k) link(k, std::to_string(k));
  link(page + 1, "Next");
  link(pages, "Last");
  html += "</nav>\n</main>\n" + Footer(site_owner);
  return html;
}

std::string HomePage(const SiteOptions& options) {
  const int pages = ListingCount(options);
  std::string html = Head("CE Catalogue: continuing education for mental-health professionals",
                          "Courses for psychologists, counselors, social workers and MFTs", "/");
  html += "</head>\n" + Header();
  html +=
      "<main id=\"main\">\n<h1>Continuing education for mental-health professionals</h1>\n"
      "<section class=\"featured\"><h2>Featured</h2><ul>\n";
  for (int i = 0; i < std::min(8, options.courses); ++i) {
    html += "<li><a class=\"featured-link\" href=\"" + CoursePath(options, i) + "\">" +
            CourseTitle(options, i) + "</a></li>\n";
  }
  html +=
      "</ul></section>\n<h2>Browse the catalogue</h2>\n<nav class=\"pagination\" "
      "aria-label=\"All pages\">\n";
  for (int k = 1; k <= pages; ++k) {
    html += "<a href=\"" + ListingPath(k) + "\">" + std::to_string(k) + "</a>\n";
  }
  html += "</nav>\n</main>\n" + Footer(ProviderFor(0));
  return html;
}

namespace {

Status WriteFile(const fs::path& file, std::string_view data) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) return Status::IoError("cannot write " + file.string());
  return Status::Ok();
}

std::string Gzip(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip wrapper, as Content-Encoding: gzip wants.
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string StampText(const SiteOptions& o) {
  return "cecat bench site v" + std::to_string(kGeneratorVersion) +
         " courses=" + std::to_string(o.courses) + " per_list=" + std::to_string(o.per_list) +
         " seed=" + std::to_string(o.seed) + " sizes=" + std::to_string(o.min_page_bytes) + "-" +
         std::to_string(o.max_page_bytes) + "\n";
}

}  // namespace

Result<SiteStats> WriteSite(const SiteOptions& options, const fs::path& dir, int threads) {
  if (options.courses <= 0 || options.per_list <= 0) {
    return Status::InvalidArgument("the site needs at least one course and one per listing");
  }
  const fs::path stamp = dir / ".site-stamp";
  const std::string want = StampText(options);
  SiteStats stats;
  {
    std::ifstream in(stamp);
    std::stringstream have;
    have << in.rdbuf();
    if (in && have.str().rfind(want, 0) == 0) {
      // The stamp's second line holds the sizes counted when it was written.
      std::string line;
      std::getline(have, line);
      have >> stats.pages >> stats.html_bytes >> stats.gzip_bytes;
      stats.reused = true;
      return stats;
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir / "courses", ec);
  fs::create_directories(dir / "catalog", ec);
  if (ec) return Status::IoError("cannot create " + dir.string() + ": " + ec.message());

  // Work items: -1 home, -2 robots/sitemap, 1..L listings (as -2 - k), ids >= 0 courses.
  const int listings = ListingCount(options);
  std::atomic<int> next{-2 - listings};
  std::atomic<int64_t> html_bytes{0}, gzip_bytes{0};
  std::atomic<bool> failed{false};
  std::string error;
  std::mutex error_mutex;
  auto worker = [&] {
    for (int item = next++; item < options.courses && !failed; item = next++) {
      std::string path, html;
      if (item >= 0) {
        path = CoursePath(options, item);
        html = CoursePage(options, item);
      } else if (item == -1) {
        path = "/index.html";
        html = HomePage(options);
      } else if (item == -2) {
        path = "/robots.txt";
        html = "User-agent: *\nDisallow: /cart\nDisallow: /account/\n";
      } else {
        int k = -2 - item;
        path = ListingPath(k);
        html = ListingPage(options, k);
      }
      std::string gz = Gzip(html);
      Status s = WriteFile(dir / path.substr(1), html);
      if (s.ok()) s = WriteFile(dir / (path.substr(1) + ".gz"), gz);
      if (!s.ok()) {
        std::lock_guard lock(error_mutex);
        error = s.message();
        failed = true;
        return;
      }
      html_bytes += static_cast<int64_t>(html.size());
      gzip_bytes += static_cast<int64_t>(gz.size());
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < std::max(1, threads); ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  if (failed) return Status::IoError(error);
  stats.pages = CrawlablePages(options);
  stats.html_bytes = html_bytes;
  stats.gzip_bytes = gzip_bytes;
  Status s =
      WriteFile(stamp, want + std::to_string(stats.pages) + " " + std::to_string(stats.html_bytes) +
                           " " + std::to_string(stats.gzip_bytes) + "\n");
  if (!s.ok()) return s;
  return stats;
}

}  // namespace cecat::bench
