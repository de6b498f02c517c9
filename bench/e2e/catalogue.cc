// End-to-end benchmark catalogue (issue 22): a provider's course catalogue as
// listing pages of JSON-LD courses, read through a `file:` source, and the search
// queries to run on it. bench/e2e/run.sh drives it.
//
//   bench_e2e_catalogue DIR [--pages N] [--per-page M] [--queries Q]
//
// Defaults: 1,000 listing pages of 100 courses (100,000 courses), 200 queries.
// Writes, all deterministic (a counter-based generator, no std:: distributions, so
// the same bytes on every machine):
//   DIR/sources.json             one source, start URL file:site/index.html,
//                                following "nav.listings a" (depth 1)
//   DIR/site/index.html          links every listing page
//   DIR/site/catalog/page-K.html K = 1..N: a listing page as a CE provider's
//                                catalogue plugin writes it: course cards in HTML and
//                                one ItemList JSON-LD block of M Course objects
//                                (own URL, long description with the approval
//                                wording of docs/DOMAIN.md, provider, credits,
//                                credential note, audience, keywords, offer,
//                                course instance, rating)
//   DIR/queries.tsv              Q `cecat search` argument lists, tab-separated,
//                                one per line: Zipf-distributed corpus words and the
//                                filters people use (index_bench's realistic mix)
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

// splitmix64: the same sequence everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  bool Coin(double p) { return Unit() < p; }
  template <typename T, std::size_t N>
  const T& Pick(const std::array<T, N>& a) {
    return a[static_cast<std::size_t>(Below(static_cast<int>(N)))];
  }

 private:
  uint64_t state_;
};

// The head of the vocabulary, most frequent first: the words of real mental-health
// CE titles and descriptions (function words included where real prose has them).
// Ranks past the head are synthetic words, which is all a Zipf tail needs.
constexpr std::array<std::string_view, 170> kHead = {"the",
                                                     "and",
                                                     "of",
                                                     "to",
                                                     "in",
                                                     "for",
                                                     "clinical",
                                                     "with",
                                                     "therapy",
                                                     "practice",
                                                     "counseling",
                                                     "treatment",
                                                     "clients",
                                                     "this",
                                                     "ethics",
                                                     "trauma",
                                                     "assessment",
                                                     "skills",
                                                     "health",
                                                     "mental",
                                                     "behavioral",
                                                     "intervention",
                                                     "anxiety",
                                                     "depression",
                                                     "family",
                                                     "children",
                                                     "adolescents",
                                                     "evidence",
                                                     "based",
                                                     "approaches",
                                                     "supervision",
                                                     "professional",
                                                     "substance",
                                                     "use",
                                                     "disorders",
                                                     "cognitive",
                                                     "couples",
                                                     "grief",
                                                     "suicide",
                                                     "risk",
                                                     "prevention",
                                                     "cultural",
                                                     "diversity",
                                                     "telehealth",
                                                     "mindfulness",
                                                     "dbt",
                                                     "cbt",
                                                     "emdr",
                                                     "recovery",
                                                     "addiction",
                                                     "boundaries",
                                                     "legal",
                                                     "documentation",
                                                     "diagnosis",
                                                     "dsm",
                                                     "attachment",
                                                     "play",
                                                     "group",
                                                     "school",
                                                     "military",
                                                     "veterans",
                                                     "ptsd",
                                                     "eating",
                                                     "sleep",
                                                     "pain",
                                                     "older",
                                                     "adults",
                                                     "aging",
                                                     "dementia",
                                                     "lgbtq",
                                                     "gender",
                                                     "identity",
                                                     "motivational",
                                                     "interviewing",
                                                     "relapse",
                                                     "opioid",
                                                     "alcohol",
                                                     "harm",
                                                     "reduction",
                                                     "domestic",
                                                     "violence",
                                                     "abuse",
                                                     "neglect",
                                                     "bipolar",
                                                     "psychosis",
                                                     "schizophrenia",
                                                     "personality",
                                                     "borderline",
                                                     "ocd",
                                                     "autism",
                                                     "adhd",
                                                     "learning",
                                                     "neuroscience",
                                                     "psychopharmacology",
                                                     "medication",
                                                     "crisis",
                                                     "self",
                                                     "care",
                                                     "burnout",
                                                     "compassion",
                                                     "fatigue",
                                                     "resilience",
                                                     "parenting",
                                                     "divorce",
                                                     "perinatal",
                                                     "postpartum",
                                                     "infertility",
                                                     "loss",
                                                     "bereavement",
                                                     "spirituality",
                                                     "racism",
                                                     "equity",
                                                     "inclusion",
                                                     "humility",
                                                     "competence",
                                                     "law",
                                                     "hipaa",
                                                     "confidentiality",
                                                     "duty",
                                                     "warn",
                                                     "records",
                                                     "billing",
                                                     "telemental",
                                                     "technology",
                                                     "social",
                                                     "media",
                                                     "gambling",
                                                     "gaming",
                                                     "sexual",
                                                     "intimacy",
                                                     "infidelity",
                                                     "emotion",
                                                     "regulation",
                                                     "focused",
                                                     "solution",
                                                     "narrative",
                                                     "systemic",
                                                     "gottman",
                                                     "acceptance",
                                                     "commitment",
                                                     "exposure",
                                                     "response",
                                                     "somatic",
                                                     "polyvagal",
                                                     "ifs",
                                                     "schema",
                                                     "workshop",
                                                     "webinar",
                                                     "course",
                                                     "training",
                                                     "introduction",
                                                     "advanced",
                                                     "participants",
                                                     "will",
                                                     "learn",
                                                     "explore",
                                                     "case",
                                                     "examples",
                                                     "research",
                                                     "strategies",
                                                     "apply",
                                                     "identify",
                                                     "describe",
                                                     "session",
                                                     "framework",
                                                     "model",
                                                     "techniques",
                                                     "tools",
                                                     "current",
                                                     "studies"};
// Words nobody searches for alone: the function words and generic CE words at the
// top of the head, and the instructional words at its end ("participants", ...).
constexpr std::size_t kGeneric = 20;
constexpr std::size_t kSearched = 150;
constexpr std::size_t kVocabulary = 4000;

const std::vector<std::string>& Vocabulary() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> w(kHead.begin(), kHead.end());
    const char* syllables[] = {"ka", "lo", "mi", "ne", "su", "ra", "ti", "vo", "de", "pha"};
    for (std::size_t i = w.size(); i < kVocabulary; ++i) {
      std::string word;
      for (std::size_t n = i; n > 0 || word.size() < 4; n /= 10) word += syllables[n % 10];
      w.push_back(word);
    }
    return w;
  }();
  return words;
}

// Zipf's law (s = 1.07, English text) over the vocabulary, by inverse CDF.
const std::string& ZipfWord(Rng& rng) {
  static const std::vector<double> cumulative = [] {
    std::vector<double> c(kVocabulary);
    double sum = 0;
    for (std::size_t r = 0; r < kVocabulary; ++r) c[r] = sum += 1.0 / std::pow(r + 1.0, 1.07);
    for (double& x : c) x /= sum;
    return c;
  }();
  auto it = std::lower_bound(cumulative.begin(), cumulative.end(), rng.Unit());
  if (it == cumulative.end()) --it;
  return Vocabulary()[static_cast<std::size_t>(it - cumulative.begin())];
}

// A word someone types: a topic or method word of the head, Zipf-weighted.
std::string QueryWord(Rng& rng) {
  for (;;) {
    const std::string& w = ZipfWord(rng);
    auto pos = std::find(kHead.begin(), kHead.end(), w);
    const auto rank = static_cast<std::size_t>(pos - kHead.begin());
    if (pos != kHead.end() && rank >= kGeneric && rank < kSearched && w.size() > 2) return w;
  }
}

std::string Sentence(Rng& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) {
    const std::string& w = ZipfWord(rng);
    if (i == 0) {
      s += static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      s.append(w, 1);
    } else {
      s += ' ';
      s += w;
      if (i < words - 2 && rng.Below(14) == 0) s += ',';
    }
  }
  return s + ".";
}

constexpr std::array<std::string_view, 24> kTopicTitles = {
    "Law and Ethics for California Clinicians",
    "Trauma-Informed Cognitive Behavioral Therapy",
    "Suicide Risk Assessment and Safety Planning",
    "Clinical Supervision Essentials",
    "Motivational Interviewing for Substance Use",
    "Dialectical Behavior Therapy Skills",
    "Cultural Humility in Clinical Practice",
    "Grief and Bereavement Counseling",
    "Telehealth Ethics and Best Practices",
    "Treating Anxiety Disorders in Adolescents",
    "Couples Therapy: The Gottman Method",
    "EMDR Fundamentals for Trauma Recovery",
    "Mindfulness-Based Interventions for Depression",
    "Eating Disorders: Assessment and Treatment",
    "Psychopharmacology for Non-Prescribing Clinicians",
    "Domestic Violence: Screening and Intervention",
    "Professional Boundaries and Dual Relationships",
    "Working with Older Adults and Dementia",
    "Autism Spectrum Disorder Across the Lifespan",
    "Acceptance and Commitment Therapy in Practice",
    "Sleep Disorders and CBT-I",
    "Crisis Intervention in Community Settings",
    "Serving Military Veterans with PTSD",
    "Compassion Fatigue and Clinician Self-Care"};
constexpr std::array<std::string_view, 10> kSubtitles = {
    "A Practical Workshop", "Evidence-Based Strategies",
    "Advanced Skills",      "An Introduction",
    "Case Consultation",    "Current Research and Practice",
    "Tools for Clinicians", "Live Webinar",
    "Self-Paced Course",    "2027 Update"};
constexpr std::array<std::string_view, 20> kProviderFirst = {
    "Riverbend",  "Northstar", "Lakeside",  "Summit",    "Cedar Grove", "Bayview",    "Harbor",
    "Pinecrest",  "Meridian",  "Evergreen", "Willow",    "Blue Ridge",  "Silverleaf", "Oakmont",
    "Clearwater", "Highland",  "Redwood",   "Stonegate", "Brightpath",  "Keystone"};
constexpr std::array<std::string_view, 10> kProviderSecond = {"Behavioral Health Institute",
                                                              "Counseling Academy",
                                                              "Center for Clinical Training",
                                                              "Psychotherapy Institute",
                                                              "CE Institute",
                                                              "Trauma Training Center",
                                                              "School of Social Work CE",
                                                              "Family Therapy Institute",
                                                              "Addiction Studies Institute",
                                                              "Mental Health Education"};
constexpr std::array<std::string_view, 16> kPresenters = {
    "Maria Lopez, PhD",   "James Carter, LCSW",  "Aisha Rahman, PsyD", "David Kim, LMFT",
    "Sarah O'Neill, LPC", "Robert Chen, MD",     "Emily Nguyen, PhD",  "Michael Brown, LCSW",
    "Laura Martin, LMFT", "Daniel Green, PsyD",  "Priya Patel, PhD",   "Thomas Walker, LPCC",
    "Grace Ho, LCSW",     "Kevin Murphy, LCADC", "Nina Rossi, PhD",    "Omar Haddad, LMHC"};
constexpr std::array<std::string_view, 12> kCities = {
    "Sacramento", "Austin", "Chicago", "Tampa",    "Albany",  "Seattle",
    "Denver",     "Boston", "Phoenix", "Portland", "Atlanta", "Columbus"};
constexpr std::array<std::string_view, 12> kStates = {"CA", "TX", "IL", "FL", "NY", "WA",
                                                      "CO", "MA", "AZ", "OR", "GA", "OH"};
constexpr std::array<std::string_view, 6> kAudienceTypes = {
    "Psychologists, Counselors, Social Workers, Marriage and Family Therapists",
    "Licensed Clinical Social Workers",
    "Licensed Professional Counselors and LMHCs",
    "Psychologists",
    "Addiction Counselors (CADC, LCADC)",
    "MFTs, LCSWs, LPCCs and LEPs"};
constexpr std::array<std::string_view, 6> kCredentialNotes = {
    "%s CE hours for psychologists, counselors, social workers and MFTs",
    "%s contact hours",
    "%s CE credits (NBCC clock hours)",
    "Earn %s continuing education hours",
    "%s CEs",
    "%s hours of CE credit; certificate on completion"};
constexpr std::array<std::string_view, 5> kFormatsFilter = {"on_demand", "live_online", "in_person",
                                                            "on_demand", "live_online"};
constexpr std::array<std::string_view, 7> kBodiesFilter = {"APA",   "NBCC", "ASWB-ACE", "NAADAC",
                                                           "CAMFT", "APA",  "NBCC"};
constexpr std::array<std::string_view, 5> kAudiencesFilter = {"psychologist", "counselor",
                                                              "social_worker", "mft", "addiction"};
constexpr std::array<std::string_view, 10> kTopicsFilter = {
    "ethics",      "trauma",     "law-and-ethics", "suicide-prevention", "cbt", "anxiety",
    "supervision", "telehealth", "grief",          "substance-use"};

constexpr int kProviders = 200;

struct Provider {
  std::string name;
  std::string host;
  int aswb = 0, nbcc = 0, naadac = 0, camft = 0;
  bool apa = false;
};

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
  p.name =
      std::string(kProviderFirst[static_cast<std::size_t>(index) % kProviderFirst.size()]) + " " +
      std::string(kProviderSecond[static_cast<std::size_t>(index / 20) % kProviderSecond.size()]);
  if (index >= 200) p.name += " " + std::to_string(index / 200 + 1);
  p.host = "www." + Slug(p.name) + ".example";
  Rng rng(static_cast<uint64_t>(index) + 7001);
  p.apa = index % 3 != 2;
  if (index % 2 == 0) p.aswb = 1000 + rng.Below(9000);
  if (index % 4 != 3) p.nbcc = 4000 + rng.Below(5000);
  if (index % 5 == 1) p.naadac = 10000 + rng.Below(89999);
  if (index % 6 == 0) p.camft = 100000 + rng.Below(899999);
  return p;
}

// The approval wording a provider appends to a course's description (docs/DOMAIN.md
// patterns, as real catalogues print them).
std::string ApprovalWording(const Provider& p) {
  std::string s;
  if (p.apa) {
    s += " " + p.name +
         " is approved by the American Psychological Association to sponsor continuing "
         "education for psychologists. " +
         p.name + " maintains responsibility for this program and its content.";
  }
  if (p.aswb) {
    s += " " + p.name + ", provider #" + std::to_string(p.aswb) +
         ", is approved as an ACE provider to offer social work continuing education by the "
         "Association of Social Work Boards (ASWB) Approved Continuing Education (ACE) program. "
         "Regulatory boards are the final authority on courses accepted for continuing "
         "education credit. ACE provider approval period: 3/9/2024-3/9/2027.";
  }
  if (p.nbcc) {
    s += " " + p.name +
         " has been approved by NBCC as an Approved Continuing Education Provider, ACEP No. " +
         std::to_string(p.nbcc) +
         ". Programs that do not qualify for NBCC credit are clearly "
         "identified.";
  }
  if (p.naadac) {
    s += " " + p.name +
         " is approved by NAADAC, the Association for Addiction Professionals, as an Approved "
         "Education Provider, NAADAC Provider #" +
         std::to_string(p.naadac) + ".";
  }
  if (p.camft) {
    s += " " + p.name +
         " is approved by the California Association of Marriage and Family Therapists to "
         "sponsor continuing education for LMFTs, LCSWs, LPCCs and LEPs. Provider #" +
         std::to_string(p.camft) + ".";
  }
  return s;
}

std::string JsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

struct Course {
  std::string json;  // the Course object
  std::string card;  // its HTML card
  int provider = 0;  // ProviderFor's index
};

Course MakeCourse(int id) {
  Rng rng(0xCEC47ULL * 1000003ULL + static_cast<uint64_t>(id));
  // A provider lists runs of its courses: 100 providers' worth of courses per page.
  const int provider = (id / 5) % kProviders;
  const Provider p = ProviderFor(provider);
  const std::size_t topic = static_cast<std::size_t>(rng.Below(kTopicTitles.size()));
  const std::string title = std::string(kTopicTitles[topic]) + ": " +
                            std::string(rng.Pick(kSubtitles)) + " (CE-" +
                            std::to_string(100000 + id) + ")";
  const std::string url = "https://" + p.host + "/courses/" + Slug(title) + ".html";
  static constexpr std::array<double, 10> kHours = {1, 1.5, 2, 3, 3, 4, 6, 6, 7.5, 12};
  const double hours = kHours[static_cast<std::size_t>(rng.Below(kHours.size()))];
  char hours_text[16];
  std::snprintf(hours_text, sizeof hours_text, "%g", hours);
  char note[160];
  std::snprintf(note, sizeof note, std::string(rng.Pick(kCredentialNotes)).c_str(), hours_text);
  const bool free = rng.Below(10) == 0;
  const int dollars = free ? 0 : 15 + rng.Below(38) * 5;
  const int format = rng.Below(10);  // 0-5 on demand, 6-8 live online, 9 in person
  const std::size_t city = static_cast<std::size_t>(rng.Below(kCities.size()));
  char date[32];
  std::snprintf(date, sizeof date, "2027-%02d-%02d", 1 + rng.Below(12), 1 + rng.Below(28));
  const std::string presenter(rng.Pick(kPresenters));
  // 80-200 words of course description, then the provider's approval wording.
  std::string description;
  const int sentences = 5 + rng.Below(8);
  for (int i = 0; i < sentences; ++i)
    description += (i ? " " : "") + Sentence(rng, 12 + rng.Below(10));
  const std::string lead = description.substr(0, std::min<std::size_t>(description.size(), 160));
  if (rng.Below(4) != 0) description += ApprovalWording(p);

  std::string j;
  j.reserve(description.size() + 1500);
  j += "{\"@type\":\"Course\",\"@id\":\"" + url + "#course\",\"name\":\"" + JsonEscape(title) +
       "\",\"url\":\"" + url + "\",\"courseCode\":\"CE-" + std::to_string(100000 + id) +
       "\",\"description\":\"" + JsonEscape(description) + "\",";
  j += "\"provider\":{\"@type\":\"Organization\",\"name\":\"" + p.name + "\",\"url\":\"https://" +
       p.host + "/\"},";
  j += "\"numberOfCredits\":" + std::string(hours_text) + ",\"educationalCredentialAwarded\":\"" +
       note + "\",";
  j += "\"audience\":{\"@type\":\"EducationalAudience\",\"audienceType\":\"" +
       std::string(rng.Pick(kAudienceTypes)) + "\"},";
  j += "\"keywords\":\"" + Slug(kTopicTitles[topic]).substr(0, 24) + ", continuing education\",";
  j += "\"offers\":{\"@type\":\"Offer\",\"price\":\"" + std::to_string(dollars) +
       ".00\",\"priceCurrency\":\"USD\",\"category\":\"" + (free ? "Free" : "Paid") +
       "\",\"availability\":\"https://schema.org/InStock\"},";
  j += "\"hasCourseInstance\":{\"@type\":\"CourseInstance\",";
  if (format <= 5) {
    j += "\"courseMode\":\"online\",\"courseWorkload\":\"PT" + std::string(hours_text) + "H\"";
  } else if (format <= 8) {
    j += "\"courseMode\":\"online\",\"startDate\":\"" + std::string(date) +
         "T17:00:00-05:00\",\"location\":{\"@type\":\"VirtualLocation\",\"url\":\"https://" +
         p.host + "/live\"}";
  } else {
    j += "\"courseMode\":\"onsite\",\"startDate\":\"" + std::string(date) +
         "\",\"location\":{\"@type\":\"Place\",\"name\":\"Conference Center\",\"address\":{"
         "\"@type\":\"PostalAddress\",\"addressLocality\":\"" +
         std::string(kCities[city]) + "\",\"addressRegion\":\"" + std::string(kStates[city]) +
         "\",\"addressCountry\":\"US\"}}";
  }
  j += ",\"instructor\":{\"@type\":\"Person\",\"name\":\"" + presenter + "\"}}";
  if (rng.Below(3) != 0) {
    char rating[16];
    std::snprintf(rating, sizeof rating, "%.1f", 3.5 + rng.Below(16) / 10.0);
    j += ",\"aggregateRating\":{\"@type\":\"AggregateRating\",\"ratingValue\":\"" +
         std::string(rating) + "\",\"bestRating\":\"5\",\"ratingCount\":\"" +
         std::to_string(3 + rng.Below(400)) + "\"}";
  }
  j += "}";

  std::string card = "<article class=\"course-card\"><h3><a class=\"course-link\" href=\"" + url +
                     "\">" + HtmlEscape(title) + "</a></h3><p class=\"meta\">" + hours_text +
                     " CE hours &middot; " +
                     (free ? std::string("Free") : "$" + std::to_string(dollars)) + " &middot; " +
                     HtmlEscape(presenter) + "</p><p class=\"lead\">" + HtmlEscape(lead) +
                     "&hellip;</p></article>\n";
  return {std::move(j), std::move(card), provider};
}

std::string ListingPage(int page, int pages, int per_page) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Course "
      "catalogue, page " +
      std::to_string(page) +
      " | CE Catalogue</title>\n<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<link rel=\"stylesheet\" href=\"../assets/site.css\">\n";
  std::string cards;
  std::vector<int> providers;
  html +=
      "<script type=\"application/ld+json\">\n{\"@context\":\"https://schema.org\","
      "\"@type\":\"ItemList\",\"name\":\"Course catalogue, page " +
      std::to_string(page) + "\",\"numberOfItems\":" + std::to_string(per_page) +
      ",\"itemListElement\":[";
  for (int i = 0; i < per_page; ++i) {
    Course c = MakeCourse((page - 1) * per_page + i);
    if (i) html += ",\n";
    html += "{\"@type\":\"ListItem\",\"position\":" + std::to_string(i + 1) +
            ",\"item\":" + c.json + "}";
    cards += c.card;
    if (std::find(providers.begin(), providers.end(), c.provider) == providers.end())
      providers.push_back(c.provider);
  }
  html +=
      "]}\n</script>\n</head>\n<body>\n<header class=\"site-header\"><a href=\"../index.html\">"
      "CE Catalogue</a></header>\n<main>\n<h1>Continuing education courses</h1>\n";
  html += cards;
  // The providers' approval statements, as a catalogue's "CE information" section
  // prints them; the normaliser gives them to the providers, whose courses inherit
  // them (docs/normalisation.md).
  html += "<section class=\"ce-info\"><h2>CE information</h2>\n";
  for (int p : providers)
    html += "<p class=\"approval\">" + ApprovalWording(ProviderFor(p)) + "</p>\n";
  html += "</section>\n</main>\n<nav class=\"pagination\">";
  if (page > 1) html += "<a href=\"page-" + std::to_string(page - 1) + ".html\">Previous</a>";
  if (page < pages) html += "<a href=\"page-" + std::to_string(page + 1) + ".html\">Next</a>";
  html += "</nav>\n</body>\n</html>\n";
  return html;
}

std::string Queries(int count) {
  Rng rng(2222);
  std::string out;
  for (int i = 0; i < count; ++i) {
    std::vector<std::string> a;
    switch (i % 10) {
      case 0:
      case 1:
        a = {QueryWord(rng)};
        break;
      case 2:
        a = {QueryWord(rng) + " " + QueryWord(rng)};
        break;
      case 3:
        a = {QueryWord(rng).substr(0, 4) + "*"};
        break;
      case 4:
        a = {"\"" + QueryWord(rng) + " " + QueryWord(rng) + "\""};
        break;
      case 5:
        a = {QueryWord(rng), "--format", std::string(rng.Pick(kFormatsFilter)), "--max-price",
             "100"};
        break;
      case 6:
        a = {QueryWord(rng), "--approved-by", std::string(rng.Pick(kBodiesFilter))};
        break;
      case 7:
        a = {QueryWord(rng), "--audience", std::string(rng.Pick(kAudiencesFilter)), "--min-hours",
             "3"};
        break;
      case 8:
        a = {"--topic",       std::string(rng.Pick(kTopicsFilter)),
             "--approved-by", std::string(rng.Pick(kBodiesFilter)),
             "--max-price",   "50"};
        break;
      default:
        a = {"--free", "--format", std::string(rng.Pick(kFormatsFilter))};
        break;
    }
    for (std::size_t k = 0; k < a.size(); ++k) out += (k ? "\t" : "") + a[k];
    out += '\n';
  }
  return out;
}

bool WriteFile(const fs::path& file, std::string_view data) {
  std::ofstream out(file, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) std::fprintf(stderr, "cannot write %s\n", file.c_str());
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [--pages N] [--per-page M] [--queries Q]\n", argv[0]);
    return 2;
  }
  const fs::path dir = argv[1];
  int pages = 1000, per_page = 100, queries = 200;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--pages") {
      pages = value;
    } else if (flag == "--per-page") {
      per_page = value;
    } else if (flag == "--queries") {
      queries = value;
    } else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  std::error_code ec;
  fs::create_directories(dir / "site" / "catalog", ec);
  if (ec) {
    std::fprintf(stderr, "%s: %s\n", dir.c_str(), ec.message().c_str());
    return 1;
  }
  int64_t bytes = 0;
  std::string index =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>CE "
      "Catalogue</title></head>\n<body>\n<h1>Course catalogue</h1>\n<nav class=\"listings\">\n";
  for (int page = 1; page <= pages; ++page) {
    std::string html = ListingPage(page, pages, per_page);
    bytes += static_cast<int64_t>(html.size());
    if (!WriteFile(dir / "site" / "catalog" / ("page-" + std::to_string(page) + ".html"), html))
      return 1;
    index += "<a href=\"catalog/page-" + std::to_string(page) + ".html\">Page " +
             std::to_string(page) + "</a>\n";
  }
  index += "</nav>\n</body>\n</html>\n";
  const std::string sources =
      "{\n  \"user_agent\": \"cecat-bench/1.0\",\n  \"database\": \"cecat.db\",\n"
      "  \"feed_dir\": \"feed\",\n  \"sources\": [\n    {\n      \"id\": \"catalogue\",\n"
      "      \"name\": \"E2E benchmark catalogue\",\n      \"kinds\": [\"courses\", "
      "\"providers\"],\n      \"start_urls\": [\"file:site/index.html\"],\n"
      "      \"follow\": [\"nav.listings a\"],\n      \"max_depth\": 1,\n"
      "      \"max_pages\": " +
      std::to_string(pages + 10) +
      ",\n      \"delay_ms\": 0,\n      \"extract\": { \"method\": \"auto\" }\n    }\n  ]\n}\n";
  if (!WriteFile(dir / "site" / "index.html", index) || !WriteFile(dir / "sources.json", sources) ||
      !WriteFile(dir / "queries.tsv", Queries(queries)))
    return 1;
  std::printf(
      "wrote %d listing pages of %d courses (%d courses, %.1f MB of HTML) and %d queries "
      "under %s\n",
      pages, per_page, pages * per_page, bytes / 1e6, queries, dir.c_str());
  return 0;
}
