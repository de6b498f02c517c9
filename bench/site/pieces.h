// The pieces the benchmark site's page generators share (bench/site/site.cc for the
// home, listings and heavy course pages, bench/site/typical.cc for the typical
// ones): the deterministic generator, the vocabulary, the providers and the page
// chrome. Private to bench/site; not part of site.h's interface.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bench/site/site.h"

namespace cecat::bench::site_detail {

// splitmix64: a counter-based generator whose output is the same with every
// standard library (std:: distributions are not), so a site is the same bytes
// wherever it is generated.
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

inline constexpr std::array<std::string_view, 24> kTopicNames = {
    "Law and Ethics",
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
inline constexpr std::array<std::string_view, 24> kTopicSlugs = {"law-and-ethics",
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
inline constexpr std::array<std::string_view, 24> kPresenters = {
    "Dana Whitfield, PhD",  "Marcus Ortega, LCSW", "Priya Raman, PsyD",    "Helen Okafor, LMFT",
    "Samuel Brooks, LPC",   "Irene Castillo, PhD", "Tomasz Nowak, LCADC",  "Grace Liu, PsyD",
    "Robert Haines, LICSW", "Amara Mensah, LMHC",  "Daniel Ferreira, PhD", "Yuki Tanaka, LMFT",
    "Olivia Grant, LCSW",   "Ethan Moore, PsyD",   "Fatima Zahra, LPCC",   "Noah Bennett, PhD",
    "Chloe Dubois, LMSW",   "Victor Alvarez, NCC", "Hannah Reid, LCPC",    "Isaac Cohen, PhD",
    "Leah Thompson, LAMFT", "Omar Siddiqui, PsyD", "Ruth Adeyemi, LCSW",   "Paul Jensen, CADC"};
inline constexpr std::array<std::string_view, 12> kCities = {
    "Sacramento", "Austin",  "Albany",  "Tallahassee", "Denver",  "Portland",
    "Chicago",    "Atlanta", "Phoenix", "Boston",      "Seattle", "Minneapolis"};
inline constexpr std::array<std::string_view, 12> kStates = {"CA", "TX", "NY", "FL", "CO", "OR",
                                                             "IL", "GA", "AZ", "MA", "WA", "MN"};

// A made-up provider with the approvals it prints (0 / false: not approved).
struct Provider {
  std::string name;
  std::string slug;
  int aswb = 0;      // ASWB ACE provider number, 0 = not approved
  int nbcc = 0;      // NBCC ACEP No.
  int naadac = 0;    // NAADAC provider number
  int camft = 0;     // CAMFT provider number
  bool apa = false;  // APA issues no number
};

// Course ids map to providers modulo this.
inline constexpr int kProviders = 40;

Provider ProviderFor(int index);
// The statements a provider prints on its course pages (docs/DOMAIN.md patterns).
std::string ApprovalStatements(const Provider& p);

// Prose with Zipf-like word frequencies (compresses like real text, about 3x).
std::string_view Word(Rng& rng);
std::string Sentence(Rng& rng);
std::string Paragraph(Rng& rng, int sentences);  // "<p>...</p>\n"
std::string JsonEscape(std::string_view s);      // quotes and backslashes only
std::string Slug(std::string_view s);
std::string MoneyString(int cents);  // "29.99"

// The page chrome: <head> up to (not including) its end tag, the body's header
// with its mega-menu (~80 links), and the footer through </html>.
std::string Head(const std::string& title, const std::string& description,
                 const std::string& canonical);
std::string Header();
std::string Footer(const Provider& p);
// Home > topic > the course, as a course page's <nav class="breadcrumb">.
std::string Breadcrumb(size_t topic, const std::string& title);

std::string CourseTitle(const SiteOptions& options, int id);

// The typical profile's course page (bench/site/typical.cc).
std::string TypicalCoursePage(const SiteOptions& options, int id);

}  // namespace cecat::bench::site_detail
