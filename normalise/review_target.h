// A review's target: the course or provider a review is on, when the review sits
// on another page than its course's (an aggregator's reviews page listing reviews
// per course by title and link, a Review whose itemReviewed names the course by
// name or url, a review of the provider). Rules: docs/normalisation.md "Reviews".
//
// Pure: the caller supplies the courses it knows (CourseDirectory) and a lookup
// of provider URLs by name; nothing here reads the index.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>

#include "common/record.h"

namespace cecat::normalise {

// The courses of a batch (Normalise) or a page (the refresh), found by canonical
// URL, folded title and the page they were on.
class CourseDirectory {
 public:
  // A normalised course record; other types are ignored.
  void Add(const Record& course);
  bool empty() const { return by_page_.empty(); }

  // Ids of the courses with this canonical URL, this title (compared as matching
  // reads it: case, punctuation and typography aside), or on this canonical page.
  std::set<std::string> ByUrl(const std::string& canonical_url) const;
  std::set<std::string> ByTitle(const std::string& title) const;
  std::set<std::string> OnPage(const std::string& canonical_page) const;

 private:
  std::map<std::string, std::set<std::string>> by_url_, by_title_, by_page_;
};

// How a review names what it is on, as read from its raw fields.
struct TargetRef {
  std::string id;            // a record id as given ("c-0123456789abcdef")
  std::string url;           // the reviewed item's URL, resolved and canonical
  bool url_is_page = false;  // url is the review's own page (the parsers' default)
  std::string name;          // the reviewed item's name or title
  bool provider = false;     // itemReviewed is an Organization, or target_kind provider
};

struct TargetResolution {
  std::string target;  // record id; empty when error is set
  std::string how;     // "id", "link", "title", "page", "provider"
  std::string error;   // "ambiguous target: ...": never a guess between two courses
};

// Folded provider name -> the provider's URL, or "" when unknown.
using ProviderUrlLookup = std::function<std::string(const std::string& name)>;

// In this order: a record id as given; a provider review -> the provider (by its
// URL, else by its name); a link that is not the review's own page -> the course
// with that canonical URL (its id when the batch knows it, else the id the URL
// keys); a name -> the one course of that title in `courses`; then the one course
// on the review's page, or the course whose URL is that page; with no course known
// on the page, the course the page's URL keys (the review sits on its course's page). Two
// candidates are an error, not a choice. `courses` may be null (nothing known): links and the page
// only.
TargetResolution ResolveReviewTarget(const TargetRef& ref, const std::string& page_url,
                                     const CourseDirectory* courses,
                                     const ProviderUrlLookup& provider_url);

}  // namespace cecat::normalise
