// The typical profile's course page (site.h, PageProfile::kTypical): 30-50 KB, the
// shape of a CE provider's course page as a WordPress LMS theme writes it. Unlike
// the heavy page, whose bulk is prose, its bulk is markup: a long <head> and many
// small elements, so a parser spends more per byte on tags than on text.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>

#include "bench/site/pieces.h"

namespace cecat::bench::site_detail {
namespace {

constexpr std::array<std::string_view, 10> kProfessions = {"Psychologists",
                                                           "Licensed Professional Counselors",
                                                           "Clinical Social Workers",
                                                           "Marriage and Family Therapists",
                                                           "Addiction Counselors",
                                                           "School Psychologists",
                                                           "Licensed Mental Health Counselors",
                                                           "Psychiatric Nurses",
                                                           "Case Managers",
                                                           "Peer Support Specialists"};
constexpr std::array<std::string_view, 8> kBoards = {"APA",
                                                     "NBCC",
                                                     "ASWB ACE",
                                                     "CAMFT",
                                                     "NAADAC",
                                                     "NY State Education Dept.",
                                                     "Florida CE Broker",
                                                     "Texas BHEC"};
constexpr std::array<std::string_view, 6> kLessonKinds = {"video", "video", "reading",
                                                          "quiz",  "video", "handout"};
constexpr std::array<std::string_view, 6> kFaqQuestions = {
    "How do I receive my certificate?",         "Is this course accepted by my state board?",
    "Can I take the course on my phone?",       "What is your refund policy?",
    "How long do I have access to the course?", "Do you offer group discounts?"};

// A short title: 3-6 words, the first capitalised.
std::string Phrase(Rng& rng) {
  std::string s;
  int n = 3 + rng.Below(4);
  for (int i = 0; i < n; ++i) {
    std::string_view w = Word(rng);
    if (i == 0) {
      s += static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      s.append(w.substr(1));
    } else {
      s += ' ';
      s.append(w);
    }
  }
  return s;
}

std::string Stars(int value) {
  std::string s;
  for (int i = 0; i < 5; ++i) s += i < value ? "\u2605" : "\u2606";
  return s;
}

// What the page says about the course, drawn in one fixed order.
struct Facts {
  std::string hours;  // "1.5"
  bool free = false;
  int cents = 0;
  int format = 0;  // 0 on demand, 1 live online, 2 in person
  size_t city = 0;
  std::string date;  // "2027-03-14"
  std::string presenter;
  std::string description;
  std::string rating;  // "4.3"
  int reviews = 0;
};

Facts DrawFacts(Rng& rng, int id) {
  static constexpr std::array<double, 8> kHours = {1, 1.5, 2, 3, 3, 6, 6, 12};
  Facts f;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", kHours[static_cast<size_t>(rng.Below(8))]);
  f.hours = buf;
  f.free = id % 11 == 0;
  int dollars = 19 + rng.Below(230);
  f.cents = f.free ? 0 : dollars * 100 + 99;
  f.format = rng.Below(3);
  f.city = static_cast<size_t>(rng.Below(static_cast<int>(kCities.size())));
  int month = 1 + rng.Below(12);
  int day = 1 + rng.Below(28);
  std::snprintf(buf, sizeof buf, "2027-%02d-%02d", month, day);
  f.date = buf;
  f.presenter = std::string(rng.Pick(kPresenters));
  f.description = Sentence(rng);
  f.description += " " + Sentence(rng);
  int tenths = rng.Below(16);
  std::snprintf(buf, sizeof buf, "%.1f", 3.5 + tenths / 10.0);
  f.rating = buf;
  f.reviews = 3 + rng.Below(400);
  return f;
}

// The head up to </head>: what an SEO plugin, a theme and a tag manager put there.
std::string TypicalHead(const SiteOptions& options, int id, const Facts& f,
                        const Provider& provider) {
  const std::string title = CourseTitle(options, id);
  const std::string path = CoursePath(options, id);
  const size_t topic = static_cast<size_t>(id) % kTopicNames.size();
  const std::string desc = JsonEscape(f.description);
  const std::string slug = path.substr(9, path.size() - 14);  // "/courses/" ... ".html"
  std::string h = "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n<meta charset=\"UTF-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + title +
       " | " + provider.name + "</title>\n<meta name=\"description\" content=\"" + desc +
       "\">\n<meta name=\"robots\" content=\"index, follow, max-image-preview:large, "
       "max-snippet:-1, max-video-preview:-1\">\n<link rel=\"canonical\" href=\"" +
       path + "\">\n";
  h += "<meta property=\"og:locale\" content=\"en_US\">\n<meta property=\"og:type\" "
       "content=\"article\">\n<meta property=\"og:title\" content=\"" +
       title + "\">\n<meta property=\"og:description\" content=\"" + desc +
       "\">\n<meta property=\"og:url\" content=\"" + path +
       "\">\n<meta property=\"og:site_name\" content=\"" + provider.name +
       "\">\n<meta property=\"og:image\" content=\"/wp-content/uploads/2026/10/" + slug +
       "-1200x630.jpg\">\n<meta property=\"og:image:width\" content=\"1200\">\n"
       "<meta property=\"og:image:height\" content=\"630\">\n<meta name=\"twitter:card\" "
       "content=\"summary_large_image\">\n<meta name=\"twitter:label1\" content=\"CE hours\">\n"
       "<meta name=\"twitter:data1\" content=\"" +
       f.hours + "\">\n";
  h += "<link rel=\"preload\" href=\"/wp-content/themes/ce/fonts/inter-var.woff2\" as=\"font\" "
       "type=\"font/woff2\" crossorigin>\n";
  for (std::string_view sheet : {"wp-block-library", "learndash-front", "ce-theme",
                                 "elementor-frontend", "woocommerce-layout", "cookie-consent"}) {
    h += "<link rel=\"stylesheet\" id=\"" + std::string(sheet) + "-css\" href=\"/wp-content/" +
         std::string(sheet) + "/style.min.css?ver=6.4.2\" media=\"all\">\n";
  }
  // Critical CSS inlined by a cache plugin: ~3 KB of rules.
  h += "<style id=\"critical-css\">";
  for (std::string_view cls :
       {"course-hero", "course-meta", "tabs", "accordion", "lesson", "credit-table", "approval",
        "review", "faq", "related", "presenter-card", "btn", "cart-form", "site-header",
        "mega-menu", "site-footer"}) {
    h += "." + std::string(cls) +
         "{display:block;margin:0 0 1rem;padding:.5rem 1rem;border:1px "
         "solid #e3e8ee;border-radius:6px;background:#fff;color:#1f2933}." +
         std::string(cls) + ":hover{border-color:#1d4f73}@media (max-width:720px){." +
         std::string(cls) + "{padding:.25rem .5rem}}";
  }
  h += "</style>\n";
  // One Yoast-style graph: the page, the breadcrumb, the site and the Course.
  h += "<script type=\"application/ld+json\" class=\"yoast-schema-graph\">{\"@context\":\"https:"
       "//schema.org\",\"@graph\":[{\"@type\":\"WebPage\",\"@id\":\"" +
       path + "\",\"url\":\"" + path + "\",\"name\":\"" + JsonEscape(title) + " | " +
       provider.name + "\",\"isPartOf\":{\"@id\":\"/#website\"},\"datePublished\":\"2026-0" +
       std::to_string(1 + id % 9) + "-1" + std::to_string(id % 10) +
       "T09:00:00+00:00\",\"breadcrumb\":{\"@id\":\"" + path +
       "#breadcrumb\"},\"inLanguage\":\"en-US\"},";
  h += "{\"@type\":\"BreadcrumbList\",\"@id\":\"" + path +
       "#breadcrumb\",\"itemListElement\":[{\"@type\":\"ListItem\",\"position\":1,\"name\":"
       "\"Home\",\"item\":\"/\"},{\"@type\":\"ListItem\",\"position\":2,\"name\":\"" +
       std::string(kTopicNames[topic]) + "\",\"item\":\"/topics/" +
       std::string(kTopicSlugs[topic]) + "-" + std::to_string(topic) +
       ".html\"},{\"@type\":\"ListItem\",\"position\":3,\"name\":\"" + JsonEscape(title) + "\"}]},";
  h += "{\"@type\":\"WebSite\",\"@id\":\"/#website\",\"url\":\"/\",\"name\":\"" + provider.name +
       "\",\"inLanguage\":\"en-US\"},";
  h += "{\"@type\":\"Course\",\"@id\":\"" + path + "#course\",\"name\":\"" + JsonEscape(title) +
       "\",\"description\":\"" + desc + "\",\"url\":\"" + path + "\",\"courseCode\":\"CE-" +
       std::to_string(10000 + id) + "\",\"provider\":{\"@type\":\"Organization\",\"name\":\"" +
       provider.name + "\",\"url\":\"/providers/" + provider.slug +
       ".html\"},\"numberOfCredits\":" + f.hours + ",\"educationalCredentialAwarded\":\"" +
       f.hours +
       " CE hours\",\"audience\":{\"@type\":\"EducationalAudience\",\"audienceType\":"
       "\"Psychologists, Counselors, Social Workers, Marriage and Family Therapists\"},"
       "\"keywords\":\"" +
       std::string(kTopicSlugs[topic]) +
       ", continuing education\",\"offers\":{\"@type\":"
       "\"Offer\",\"price\":\"" +
       MoneyString(f.cents) + "\",\"priceCurrency\":\"USD\",\"category\":\"" +
       (f.free ? "Free" : "Paid") + "\",\"url\":\"" + path +
       "\"},\"hasCourseInstance\":{\"@type\":\"CourseInstance\",";
  if (f.format == 0) {
    h += "\"courseMode\":\"online\",\"courseWorkload\":\"PT" + f.hours + "H\"";
  } else if (f.format == 1) {
    h += "\"courseMode\":\"online\",\"startDate\":\"" + f.date +
         "T12:00:00-05:00\",\"location\":{\"@type\":\"VirtualLocation\",\"url\":\"/live\"}";
  } else {
    h += "\"courseMode\":\"onsite\",\"startDate\":\"" + f.date +
         "\",\"location\":{\"@type\":\"Place\",\"name\":\"Training Center\",\"address\":{"
         "\"@type\":\"PostalAddress\",\"addressLocality\":\"" +
         std::string(kCities[f.city]) + "\",\"addressRegion\":\"" + std::string(kStates[f.city]) +
         "\",\"addressCountry\":\"US\"}}";
  }
  h += ",\"instructor\":{\"@type\":\"Person\",\"name\":\"" + f.presenter +
       "\"}},\"aggregateRating\":{\"@type\":\"AggregateRating\",\"ratingValue\":\"" + f.rating +
       "\",\"bestRating\":\"5\",\"ratingCount\":\"" + std::to_string(f.reviews) +
       "\"}}]}</script>\n";
  h += "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),"
       "event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'"
       "?'&l='+l:'';j.async=true;j.src='/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})"
       "(window,document,'script','dataLayer','GTM-BENCH00');</script>\n";
  // The theme's settings blob, as wp_localize_script writes it.
  h += "<script id=\"ce-settings-js-extra\">var ceSettings = {\"ajaxUrl\":\"/wp-admin/admin-ajax"
       ".php\",\"nonce\":\"" +
       std::to_string(100000000 + id * 7919 % 900000000) +
       "\",\"courseId\":" + std::to_string(10000 + id) +
       ",\"currency\":\"USD\",\"cartUrl\":\"/cart/\",\"i18n\":{";
  Rng strings(7);  // the theme's messages: the same on every page
  for (int i = 0; i < 24; ++i) {
    h += std::string(i ? "," : "") + "\"msg" + std::to_string(i) + "\":\"" + Phrase(strings) + "\"";
  }
  h += "}};</script>\n";
  for (std::string_view js : {"jquery/jquery.min.js?ver=3.7.1", "learndash/front.min.js?ver=4.9",
                              "ce-theme/app.min.js?ver=2.3.0"}) {
    h += "<script src=\"/wp-content/" + std::string(js) + "\" defer></script>\n";
  }
  return h + "</head>\n";
}

// What follows the curriculum: credits, approvals, presenter, reviews, FAQ,
// related courses and the footer. Made before the curriculum, so the curriculum
// can be cut to the page's target size.
std::string TypicalTail(const SiteOptions& options, Rng& rng, const Facts& f,
                        const Provider& provider) {
  std::string t =
      "</div></section>\n<section id=\"credits\" class=\"tab-panel\"><h2>CE credit "
      "information</h2>\n<table class=\"credit-table\"><thead><tr><th>Profession</th>"
      "<th>Approved by</th><th>Hours</th><th>Status</th></tr></thead><tbody>\n";
  const int rows = 6 + rng.Below(8);
  for (int i = 0; i < rows; ++i) {
    t += "<tr><td>" + std::string(kProfessions[static_cast<size_t>(i) % kProfessions.size()]) +
         "</td><td>" + std::string(rng.Pick(kBoards)) + "</td><td class=\"hours\">" + f.hours +
         "</td><td><span class=\"badge badge-ok\">Approved</span></td></tr>\n";
  }
  t += "</tbody></table>\n<p>This course offers " + f.hours +
       " contact hours. A passing score of 80% on the post-test is required.</p>\n" +
       ApprovalStatements(provider) + "</section>\n";
  t += "<section id=\"presenter\" class=\"tab-panel\"><h2>Presenter</h2><div class=\"presenter-"
       "card\"><img src=\"/wp-content/uploads/presenters/" +
       Slug(f.presenter) + "-300x300.jpg\" alt=\"" + f.presenter +
       "\" width=\"150\" height=\"150\" loading=\"lazy\"><div><h3>" + f.presenter + "</h3>" +
       Paragraph(rng, 3) + "</div></div></section>\n";
  t += "<section id=\"reviews\" class=\"tab-panel\"><h2>Reviews</h2><p class=\"rating\">" +
       f.rating + " out of 5 (" + std::to_string(f.reviews) + " reviews)</p>\n";
  const int shown = 3 + rng.Below(4);
  for (int i = 0; i < shown; ++i) {
    // One draw a statement: the operands of + are unsequenced and compilers order
    // them differently, which would make the bytes depend on the compiler.
    const int stars = 3 + rng.Below(3);
    std::string text = Sentence(rng);
    text += " " + Sentence(rng);
    const std::string reviewer(rng.Pick(kPresenters));
    t += "<div class=\"review\"><div class=\"stars\" aria-label=\"" + std::to_string(stars) +
         " out of 5\">" + Stars(stars) + "</div><p>" + text + "</p><p class=\"reviewer\">&mdash; " +
         reviewer + "</p></div>\n";
  }
  t += "</section>\n<section id=\"faq\" class=\"tab-panel faq\"><h2>Frequently asked "
       "questions</h2>\n";
  for (std::string_view q : kFaqQuestions) {
    t += "<details><summary>" + std::string(q) + "</summary><p>" + Sentence(rng) +
         "</p></details>\n";
  }
  t += "</section>\n</div>\n<aside class=\"related\"><h2>You may also like</h2><ul>\n";
  for (int i = 0; i < 6; ++i) {
    int other = rng.Below(options.courses);
    t += "<li class=\"related-card\"><a class=\"related-link\" href=\"" +
         CoursePath(options, other) + "\">" + CourseTitle(options, other) + "</a></li>\n";
  }
  t += "</ul></aside>\n</main>\n" + Footer(provider);
  return t;
}

}  // namespace

std::string TypicalCoursePage(const SiteOptions& options, int id) {
  // Its own seed space: the heavy page of the same id draws from 2000003 * seed.
  Rng rng(options.seed * 4000037ULL + static_cast<uint64_t>(id));
  const std::string title = CourseTitle(options, id);
  const std::string path = CoursePath(options, id);
  const size_t topic = static_cast<size_t>(id) % kTopicNames.size();
  const Provider provider = ProviderFor(id % kProviders);
  // The last lesson may pass the target by a few hundred bytes: keep that inside
  // the maximum.
  const int span = std::max(1, options.max_page_bytes - options.min_page_bytes - 1024);
  const size_t target = static_cast<size_t>(options.min_page_bytes + rng.Below(span));
  const Facts f = DrawFacts(rng, id);

  std::string html = TypicalHead(options, id, f, provider);
  html.reserve(target + 4096);
  html += Header();
  html += Breadcrumb(topic, title);
  static constexpr std::array<std::string_view, 3> kFormatText = {"On demand", "Live webinar",
                                                                  "In-person workshop"};
  html +=
      "<main id=\"main\" class=\"course-page\">\n<div class=\"course-hero\"><h1 class=\"course-"
      "title\">" +
      title + "</h1>\n<p class=\"byline\">with <a href=\"/presenters/" + Slug(f.presenter) +
      ".html\">" + f.presenter + "</a> &middot; <a href=\"/providers/" + provider.slug +
      ".html\">" + provider.name + "</a></p>\n<div class=\"stars\" aria-label=\"" + f.rating +
      " out of 5\">" + Stars(f.rating[0] - '0') + " <span>(" + std::to_string(f.reviews) +
      ")</span></div>\n<ul class=\"course-meta\"><li class=\"hours\">" + f.hours +
      " CE hours</li><li class=\"format\">" +
      std::string(kFormatText[static_cast<size_t>(f.format)]) + "</li><li class=\"price\">" +
      (f.free ? std::string("Free") : "$" + MoneyString(f.cents)) + "</li>";
  if (f.format != 0) html += "<li class=\"when\">" + f.date + "</li>";
  if (f.format == 2) {
    html += "<li class=\"where\">" + std::string(kCities[f.city]) + ", " +
            std::string(kStates[f.city]) + "</li>";
  }
  html +=
      "</ul>\n<form class=\"cart-form\" action=\"/cart/\" method=\"post\"><label for=\"lic\">"
      "Your licence</label><select id=\"lic\" name=\"licence\">";
  for (std::string_view p : kProfessions) {
    html += "<option value=\"" + Slug(p) + "\">" + std::string(p) + "</option>";
  }
  html += "</select><input type=\"hidden\" name=\"add-to-cart\" value=\"" +
          std::to_string(10000 + id) +
          "\"><button type=\"submit\" class=\"btn\">Enroll now"
          "</button></form></div>\n";
  html += "<ul class=\"tabs\" role=\"tablist\">";
  for (std::string_view tab :
       {"Overview", "Curriculum", "Credits", "Presenter", "Reviews", "FAQ"}) {
    html += "<li role=\"presentation\"><a role=\"tab\" href=\"#" + Slug(tab) + "\">" +
            std::string(tab) + "</a></li>";
  }
  html +=
      "</ul>\n<div class=\"tab-panels\">\n<section id=\"overview\" class=\"tab-panel\"><h2>"
      "Overview</h2><p class=\"lead\">" +
      f.description + "</p>\n";
  for (int i = 0; i < 2; ++i) {
    const int sentences = 3 + rng.Below(3);
    html += Paragraph(rng, sentences);
  }
  html += "<h3>Learning objectives</h3><ol>\n";
  const int objectives = 4 + rng.Below(3);
  for (int i = 0; i < objectives; ++i) html += "<li>" + Sentence(rng) + "</li>\n";
  html +=
      "</ol></section>\n<section id=\"curriculum\" class=\"tab-panel\"><h2>Curriculum</h2>"
      "<div class=\"accordion\">\n";

  const std::string tail = TypicalTail(options, rng, f, provider);
  // The curriculum: modules of lessons until the page reaches its target. Most
  // lessons are locked (no link) for a visitor; the preview ones link.
  Rng lessons(options.seed * 5000011ULL + static_cast<uint64_t>(id));
  for (int module = 1; html.size() + tail.size() < target; ++module) {
    html +=
        "<div class=\"accordion-item\"><button class=\"accordion-header\" aria-expanded=\""
        "false\" aria-controls=\"m" +
        std::to_string(module) + "\">Module " + std::to_string(module) + ": " + Phrase(lessons) +
        "</button><div class=\"accordion-body\" id=\"m" + std::to_string(module) +
        "\"><ul class=\"lessons\">\n";
    const int count = 3 + lessons.Below(5);
    for (int k = 1; k <= count && html.size() + tail.size() < target; ++k) {
      std::string_view kind = lessons.Pick(kLessonKinds);
      html += "<li class=\"lesson lesson-" + std::string(kind) + "\"><span class=\"icon icon-" +
              std::string(kind) + "\" aria-hidden=\"true\"></span>";
      if (lessons.Below(5) == 0) {
        html += "<a class=\"lesson-link\" href=\"" + path.substr(0, path.size() - 5) + "/lesson-" +
                std::to_string(module) + "-" + std::to_string(k) + ".html\">" + Phrase(lessons) +
                "</a>";
      } else {
        html += "<span class=\"lesson-title\">" + Phrase(lessons) + "</span>";
      }
      html += "<span class=\"duration\">" + std::to_string(5 + lessons.Below(40)) +
              " min</span></li>\n";
    }
    html += "</ul></div></div>\n";
  }
  html += tail;
  return html;
}

}  // namespace cecat::bench::site_detail
