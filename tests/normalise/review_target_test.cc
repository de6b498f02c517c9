// A review's target across records (issue 19): an aggregator's reviews page names
// each course by title and link, a Review's itemReviewed names the course by name
// or url, a review is on the provider. Never a guess between two courses.
#include <catch2/catch.hpp>

#include "normalise/normalise.h"
#include "normalise/review_target.h"
#include "tests/normalise/test_vocab.h"

namespace cecat::normalise {
namespace {

using testing::RepoNormaliser;

constexpr char kReviewsPage[] = "https://hub.example/reviews?page=2";

RawRecord ReviewRaw(std::string kind, Json fields, std::string page = kReviewsPage) {
  RawRecord r;
  r.kind = std::move(kind);
  r.page_url = std::move(page);
  r.fields = std::move(fields);
  return r;
}

// A course as the aggregator lists it on the reviews page: title, link, provider.
RawRecord Listed(const std::string& title, const std::string& url,
                 const std::string& provider = "Ridgeline CE") {
  return ReviewRaw("course", {{"title", title}, {"url", url}, {"provider", provider}});
}

std::string CourseId(const std::string& url) { return MakeRecordId(RecordType::kCourse, url); }

const Record* Review(const NormaliseResult& res, const std::string& author) {
  for (const Record& r : res.records) {
    if (r.type == RecordType::kReview && r.fields.value("author", "") == author) return &r;
  }
  return nullptr;
}

TEST_CASE("review target: the course a reviews page names by title or link") {
  const std::string kGrief = "https://hub.example/course/grief-and-loss-101";
  const std::string kTrauma = "https://hub.example/course/trauma-informed-care";
  struct Case {
    const char* what;
    Json fields;
    std::string want;
    std::string provenance;  // "" : not checked
  };
  const Case cases[] = {
      {"a link to the course (the parsers' target_url)",
       {{"target_url", kTrauma}, {"target_name", "Trauma-Informed Care"}},
       CourseId(kTrauma),
       ""},
      {"itemReviewed names the course by url",
       {{"itemReviewed", {{"@type", "Course"}, {"url", kGrief}}}},
       CourseId(kGrief),
       ""},
      {"a link to a course on another page, unknown to the batch: the id its URL keys",
       {{"target_url", "https://hub.example/course/ethics-in-supervision?utm_source=mail"}},
       CourseId("https://hub.example/course/ethics-in-supervision"),
       ""},
      {"itemReviewed names the course by name only, on the reviews page",
       {{"itemReviewed", {{"@type", "Course"}, {"name", "Grief & Loss 101"}}}},
       CourseId(kGrief),
       "resolved:title (raw:itemReviewed)"},
      {"the parsers' shape: target_url is the page, target_name the title",
       {{"target_url", kReviewsPage}, {"target_name", "trauma informed care"}},
       CourseId(kTrauma),
       "resolved:title (raw:target_name)"},
      {"a title written as the target itself, not a relative URL",
       {{"target", "Trauma–Informed Care"}},
       CourseId(kTrauma),
       ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    Json fields = c.fields;
    fields["rating"] = 5;
    fields["author"] = "Pat";
    auto res = RepoNormaliser().Normalise(
        {Listed("Grief and Loss 101", kGrief), Listed("Trauma-Informed Care", kTrauma),
         ReviewRaw("review", fields)},
        "hub");
    INFO(Json(res.diagnostics).dump());
    const Record* r = Review(res, "Pat");
    REQUIRE(r != nullptr);
    CHECK(r->fields["target"] == c.want);
    if (!c.provenance.empty()) CHECK(r->provenance.at("target") == c.provenance);
  }
}

TEST_CASE("review target: a review of the provider reaches the provider record") {
  const std::string kRidgeline = MakeRecordId(RecordType::kProvider, "https://ridgeline.example/");
  struct Case {
    const char* what;
    Json fields;
  };
  const Case cases[] = {
      {"Organization with the provider's site, any page of it",
       {{"itemReviewed",
         {{"@type", "Organization"}, {"url", "https://www.ridgeline.example/about-us"}}}}},
      {"Organization named on an aggregator's page, its site known from the batch",
       {{"itemReviewed", {{"@type", "Organization"}, {"name", "Ridgeline CE, LLC"}}}}},
      {"the parsers' shape: target_kind provider, target_url the page",
       {{"target_url", kReviewsPage},
        {"target_kind", "provider"},
        {"target_name", "Ridgeline CE"}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    Json fields = c.fields;
    fields["rating"] = 4;
    fields["author"] = "Sam";
    auto res = RepoNormaliser().Normalise(
        {ReviewRaw("course", {{"title", "Grief and Loss 101"},
                              {"url", "https://hub.example/course/grief"},
                              {"provider",
                               {{"name", "Ridgeline CE"}, {"url", "https://ridgeline.example/"}}}}),
         ReviewRaw("review", fields)},
        "hub");
    const Record* r = Review(res, "Sam");
    REQUIRE(r != nullptr);
    CHECK(r->fields["target"] == kRidgeline);
  }
}

TEST_CASE("review target: never a guess between two courses") {
  // Two runs of one workshop on the page, the review naming the title only.
  auto two = RepoNormaliser().Normalise(
      {Listed("Motivational Interviewing Basics", "https://hub.example/course/mi-march"),
       Listed("Motivational Interviewing Basics", "https://hub.example/course/mi-june"),
       ReviewRaw("review", {{"target_name", "Motivational Interviewing Basics"},
                            {"target_url", kReviewsPage},
                            {"rating", 3},
                            {"author", "Lee"}})},
      "hub");
  CHECK(Review(two, "Lee") == nullptr);
  REQUIRE(two.rejects.size() == 1);
  CHECK(two.rejects[0].reason ==
        "ambiguous target: 2 courses titled 'Motivational Interviewing Basics'");

  // A listing of several courses, the review naming none of them.
  auto none = RepoNormaliser().Normalise(
      {Listed("Grief and Loss 101", "https://hub.example/course/grief"),
       Listed("Trauma-Informed Care", "https://hub.example/course/trauma"),
       ReviewRaw("review", {{"rating", 3}, {"author", "Lee"}, {"text", "Useful."}})},
      "hub");
  REQUIRE(none.rejects.size() == 1);
  CHECK(none.rejects[0].reason == "ambiguous target: 2 courses on the page and none named");

  // A course page listing related courses: the course at the page's URL is its own.
  auto related = RepoNormaliser().Normalise(
      {Listed("Grief and Loss 101", "https://hub.example/course/grief"),
       Listed("Trauma-Informed Care", "https://hub.example/course/trauma"),
       ReviewRaw("review", {{"rating", 4}, {"author", "Kim"}, {"text", "Useful."}},
                 "https://hub.example/course/grief")},
      "hub");
  REQUIRE(Review(related, "Kim") != nullptr);
  CHECK(Review(related, "Kim")->fields["target"] == CourseId("https://hub.example/course/grief"));

  // The page's only course is the target, whatever its id is keyed by.
  RawRecord only = Listed("Grief and Loss 101", "");
  only.fields.erase("url");
  only.item_id = "course-77";
  auto one = RepoNormaliser().Normalise(
      {only, ReviewRaw("review", {{"rating", 5}, {"author", "Lee"}, {"text", "Useful."}})}, "hub");
  const Record* r = Review(one, "Lee");
  REQUIRE(r != nullptr);
  CHECK(r->fields["target"] == MakeRecordId(RecordType::kCourse, "hub|course-77"));
  CHECK(r->provenance.at("target") == "resolved:page (raw:page_url)");
}

TEST_CASE("review target resolution is a pure function of what the review names") {
  CourseDirectory courses;
  Record c;
  c.type = RecordType::kCourse;
  c.id = "c-00000000000000aa";
  c.url = "https://hub.example/course/a";
  c.page_url = "https://hub.example/list";
  c.fields["title"] = "Ethics & Boundaries";
  courses.Add(c);
  auto none = [](const std::string&) { return std::string(); };

  TargetRef by_id{.id = "c-0123456789abcdef"};
  CHECK(ResolveReviewTarget(by_id, "https://hub.example/list", &courses, none).target ==
        "c-0123456789abcdef");
  TargetRef by_title{
      .url = "https://hub.example/list", .url_is_page = true, .name = "ethics and boundaries"};
  auto t = ResolveReviewTarget(by_title, "https://hub.example/list", &courses, none);
  CHECK(t.target == c.id);
  CHECK(t.how == "title");
  // Without a directory (nothing known): the page's URL keys the course, as before.
  auto bare = ResolveReviewTarget(by_title, "https://hub.example/list", nullptr, none);
  CHECK(bare.target == MakeRecordId(RecordType::kCourse, "https://hub.example/list"));
}

}  // namespace
}  // namespace cecat::normalise
