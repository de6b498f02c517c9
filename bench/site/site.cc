// The benchmark site's pages. Everything is drawn from a small counter-based
// generator (splitmix64) seeded per page, never from std:: distributions, whose
// output differs between standard libraries: the site must be the same bytes
// wherever it is generated, so figures from two machines describe the same work.
#include "bench/site/site.h"

#include "bench/site/pieces.h"

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
using namespace site_detail;  // NOLINT: this file is the pieces' one user

namespace {

namespace fs = std::filesystem;

// Bump when the pages change, so a cached site directory is regenerated.
constexpr int kGeneratorVersion = 3;

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

namespace {

// The heavy profile's course page (site.h). Its bytes must not change.
std::string HeavyCoursePage(const SiteOptions& options, int id) {
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
  html += Breadcrumb(topic, title);
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
            ": " + std::string(Word(rng)) + " and " + std::string(Word(rng)) + "</h3>\n";
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

}  // namespace

std::string_view ProfileName(PageProfile profile) {
  return profile == PageProfile::kTypical ? "typical" : "heavy";
}

bool ParseProfile(std::string_view name, PageProfile* profile) {
  for (PageProfile p : {PageProfile::kHeavy, PageProfile::kTypical}) {
    if (name == ProfileName(p)) {
      *profile = p;
      return true;
    }
  }
  return false;
}

SiteOptions OptionsForProfile(PageProfile profile) {
  SiteOptions options;
  options.profile = profile;
  if (profile == PageProfile::kTypical) options.max_page_bytes = 50 * 1024;
  return options;
}

std::string CoursePage(const SiteOptions& options, int id) {
  return options.profile == PageProfile::kTypical ? TypicalCoursePage(options, id)
                                                  : HeavyCoursePage(options, id);
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
         std::to_string(o.max_page_bytes) +
         // Only a non-default profile is named, so the heavy sites cached before
         // profiles existed are still recognised.
         (o.profile == PageProfile::kHeavy ? ""
                                           : " profile=" + std::string(ProfileName(o.profile))) +
         "\n";
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
