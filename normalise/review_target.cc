#include "normalise/review_target.h"

#include "normalise/detail/builder.h"
#include "normalise/text.h"

namespace cecat::normalise {
namespace {

// Titles compare as matching reads them: "Trauma-Informed Care" on the reviews
// page and "Trauma Informed Care" on the course page are one title.
std::string TitleKey(const std::string& title) { return Fold(MatchText(title)); }

std::set<std::string> Get(const std::map<std::string, std::set<std::string>>& m,
                          const std::string& key) {
  if (key.empty()) return {};
  auto it = m.find(key);
  return it == m.end() ? std::set<std::string>{} : it->second;
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

void CourseDirectory::Add(const Record& course) {
  if (course.type != RecordType::kCourse || course.id.empty()) return;
  if (!course.url.empty()) {
    std::string c = detail::Canonical(course.url);
    by_url_[c.empty() ? course.url : c].insert(course.id);
  }
  if (auto t = course.fields.find("title"); t != course.fields.end() && t->is_string()) {
    std::string key = TitleKey(t->get<std::string>());
    if (!key.empty()) by_title_[key].insert(course.id);
  }
  by_page_[course.page_url].insert(course.id);
}

std::set<std::string> CourseDirectory::ByUrl(const std::string& canonical_url) const {
  return Get(by_url_, canonical_url);
}

std::set<std::string> CourseDirectory::ByTitle(const std::string& title) const {
  return Get(by_title_, TitleKey(title));
}

std::set<std::string> CourseDirectory::OnPage(const std::string& canonical_page) const {
  return Get(by_page_, canonical_page);
}

TargetResolution ResolveReviewTarget(const TargetRef& ref, const std::string& page_url,
                                     const CourseDirectory* courses,
                                     const ProviderUrlLookup& provider_url) {
  if (!ref.id.empty()) return {ref.id, "id", ""};

  if (ref.provider) {
    // The page a review sits on is not the provider's site when the review names
    // the provider (an aggregator's page): its name decides, with the site the
    // batch knows for that name.
    std::string url = ref.url_is_page && !ref.name.empty() ? "" : ref.url;
    if (url.empty() && !ref.name.empty() && provider_url) url = provider_url(ref.name);
    if (url.empty() && ref.name.empty()) url = page_url;
    if (url.empty() && ref.name.empty()) return {"", "", "missing target"};
    return {detail::ProviderId(ref.name, url), "provider", ""};
  }

  std::string page = detail::Canonical(page_url);
  if (page.empty()) page = page_url;

  // A link to the course (an aggregator's "Read reviews of <a href=...>"): the
  // course with that URL; across pages, the id that URL keys, which is the id of
  // the course on its own page (SPEC, identity).
  if (!ref.url.empty() && !ref.url_is_page) {
    std::string c = detail::Canonical(ref.url);
    if (c.empty()) c = ref.url;
    std::string keyed = MakeRecordId(RecordType::kCourse, c);
    std::set<std::string> found = courses ? courses->ByUrl(c) : std::set<std::string>{};
    if (found.size() == 1) return {*found.begin(), "link", ""};
    if (found.size() > 1 && !found.count(keyed))
      return {"", "", "ambiguous target: " + std::to_string(found.size()) + " courses at " + c};
    return {keyed, "link", ""};
  }

  if (courses != nullptr) {
    std::set<std::string> on_page = courses->OnPage(page);
    if (!ref.name.empty()) {
      std::set<std::string> titled = courses->ByTitle(ref.name);
      if (titled.size() == 1) return {*titled.begin(), "title", ""};
      if (titled.size() > 1) {
        // Two courses of one title (two runs of a workshop): the one on this page
        // if exactly one is, else no guess.
        std::set<std::string> here;
        for (const auto& id : titled) {
          if (on_page.count(id)) here.insert(id);
        }
        if (here.size() == 1) return {*here.begin(), "title", ""};
        return {"", "",
                "ambiguous target: " + std::to_string(titled.size()) + " courses titled " +
                    Quoted(ref.name)};
      }
    }
    if (on_page.size() == 1) return {*on_page.begin(), "page", ""};
    // A course page that also lists related courses: the course whose URL is the
    // page is the page's own, and a review on it is about it.
    if (std::set<std::string> own = courses->ByUrl(page); own.size() == 1)
      return {*own.begin(), "page", ""};
    if (on_page.size() > 1) {
      return {"", "",
              "ambiguous target: " + std::to_string(on_page.size()) + " courses on the page" +
                  (ref.name.empty() ? std::string(" and none named")
                                    : " and none titled " + Quoted(ref.name))};
    }
  }
  // No course known on the page: the review is on its course's page, whose course
  // another source or page yields; the page's URL keys it.
  if (page.empty()) return {"", "", "missing target"};
  return {MakeRecordId(RecordType::kCourse, page), "page", ""};
}

}  // namespace cecat::normalise
