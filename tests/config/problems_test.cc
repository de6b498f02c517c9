// Bad sources files: each produces exactly the problems a user will read.
// Error text is part of the interface (SPEC.md: exit 2, "the message names the
// file, the field and why"), so the tests compare it whole.
#include <catch2/catch.hpp>

#include "config/config.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using cecat::config::LoadConfigWithProblems;
using cecat::config::LoadOutcome;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;

namespace {

// A file with one valid source "acme" plus `extra` keys.
std::string Acme(const std::string& extra) {
  return R"({"sources": [{"id": "acme", "kinds": "courses", "start_urls": "https://acme.example/", )" +
         extra + "}]}";
}

// Loads `contents` as <tmp>/sources.json; returns every problem as the user sees
// it, with the temp folder cut so the file reads "sources.json".
std::vector<std::string> ProblemsOf(const std::string& contents) {
  TempDir dir;
  WriteFile(dir / "sources.json", contents);
  LoadOutcome outcome = LoadConfigWithProblems(dir / "sources.json");
  std::vector<std::string> out;
  std::string prefix = dir.path().string() + "/";
  for (const auto& p : outcome.problems) {
    std::string s = p.ToString();
    if (s.rfind(prefix, 0) == 0) s = s.substr(prefix.size());
    out.push_back(s);
  }
  // The config is given exactly when there is nothing wrong.
  CHECK(outcome.config.has_value() == out.empty());
  return out;
}

struct Case {
  std::string contents;
  std::vector<std::string> want;
};

void Run(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    CAPTURE(c.contents);
    CHECK(ProblemsOf(c.contents) == c.want);
  }
}

const std::string kAcme = "sources.json: source 'acme': ";
// The end of an error about a course rule's field: what a course rule accepts.
const std::string kCourseFields =
    "A course rule accepts title, url, description, provider, presenters, ce_hours, credit_note, "
    "approvals, audiences, format, start_date, end_date, location, city, state, country, price, "
    "currency, free, topics, rating, rating_count or name (docs/extraction.md, \"Fields per "
    "record type\")";

}  // namespace

TEST_CASE("integer keys report their range and what was found") {
  Run({
      {Acme(R"("max_pages": "ten")"),
       {kAcme + R"(key 'max_pages': expected an integer >= 1, got "ten")"}},
      {Acme(R"("max_pages": 0)"), {kAcme + "key 'max_pages': expected an integer >= 1, got 0"}},
      {Acme(R"("health": {"count_drop": 1.5, "min_runz": 2})"),
       {kAcme + "key 'health.count_drop': expected a share greater than 0 and at most 1, got 1.5",
        kAcme + "key 'health.min_runz': unknown key; did you mean 'min_runs'?"}},
      {Acme(R"("health": {"history_runs": 2, "min_runs": 5})"),
       {kAcme + "key 'health.min_runs': min_runs (5) is more than history_runs (2)"}},
      {Acme(R"("health": [0.3])"),
       {kAcme + R"(key 'health': expected an object such as {"count_drop": 0.3}, got [0.3])"}},
      {Acme(R"("max_pages": 2.5)"), {kAcme + "key 'max_pages': expected an integer >= 1, got 2.5"}},
      {Acme(R"("max_pages": 3000000000)"),
       {kAcme + "key 'max_pages': expected an integer >= 1, got 3000000000"}},
      {Acme(R"("max_pages": 5.0)"), {}},
      {Acme(R"("max_depth": -1)"), {kAcme + "key 'max_depth': expected an integer >= 0, got -1"}},
      {Acme(R"("max_depth": null)"),
       {kAcme + "key 'max_depth': expected an integer >= 0, got null"}},
      {Acme(R"("concurrency_per_host": 17)"),
       {kAcme + "key 'concurrency_per_host': expected an integer from 1 to 16, got 17"}},
      {Acme(R"("concurrency_per_host": 0)"),
       {kAcme + "key 'concurrency_per_host': expected an integer from 1 to 16, got 0"}},
      {Acme(R"("retries": 11)"),
       {kAcme + "key 'retries': expected an integer from 0 to 10, got 11"}},
      {Acme(R"("delay_ms": true)"), {kAcme + "key 'delay_ms': expected an integer >= 0, got true"}},
      {Acme(R"("delay_ms": 18446744073709551615)"),
       {kAcme + "key 'delay_ms': expected an integer >= 0, got 18446744073709551615"}},
  });
}

TEST_CASE("number, size, refresh and boolean keys report what they expected") {
  Run({
      {Acme(R"("timeout_s": 0)"), {kAcme + "key 'timeout_s': expected a number > 0, got 0"}},
      {Acme(R"("timeout_s": "30")"),
       {kAcme + R"(key 'timeout_s': expected a number > 0, got "30")"}},
      {Acme(R"("max_bytes": 1000)"),
       {kAcme +
        R"(key 'max_bytes': expected an integer >= 1024 or a size such as "5MB", got 1000)"}},
      {Acme(R"("max_bytes": "5 parsecs")"),
       {kAcme +
        R"(key 'max_bytes': expected an integer >= 1024 or a size such as "5MB", got "5 parsecs")"}},
      {Acme(R"("max_bytes": "MB")"),
       {kAcme +
        R"(key 'max_bytes': expected an integer >= 1024 or a size such as "5MB", got "MB")"}},
      {Acme(R"("max_bytes": "1KB")"), {}},
      {Acme(R"("max_bytes": "0.5KB")"),
       {kAcme +
        R"(key 'max_bytes': expected an integer >= 1024 or a size such as "5MB", got "0.5KB")"}},
      {Acme(R"("refresh": "monthly")"),
       {kAcme +
        R"(key 'refresh': expected "daily", "weekly" or a number of hours > 0, got "monthly")"}},
      {Acme(R"("refresh": 0)"),
       {kAcme + R"(key 'refresh': expected "daily", "weekly" or a number of hours > 0, got 0)"}},
      {Acme(R"("respect_robots": "yes")"),
       {kAcme + R"(key 'respect_robots': expected true or false, got "yes")"}},
      {Acme(R"("enabled": 1)"), {kAcme + "key 'enabled': expected true or false, got 1"}},
      {Acme(R"("name": "")"), {kAcme + R"(key 'name': expected a non-empty string, got "")"}},
  });
}

TEST_CASE("regexes are compiled with RE2 and its error text is reported") {
  Run({
      {Acme(R"("allow": "(")"), {kAcme + R"(key 'allow': invalid regex "(": missing ): ()"}},
      {Acme(R"("deny": ["ok", "a**"])"),
       {kAcme + R"(key 'deny[1]': invalid regex "a**": bad repetition operator: **)"}},
      {Acme(R"("allow": 5)"), {kAcme + "key 'allow': expected a regex or an array of them, got 5"}},
      {Acme(R"("allow": [5, "[z-a]"])"),
       {kAcme + "key 'allow[0]': expected a regex, got 5",
        kAcme + R"(key 'allow[1]': invalid regex "[z-a]": invalid character class range: z-a)"}},
      {Acme(R"("allow": [], "deny": [])"), {}},
  });
}

TEST_CASE("URL lists accept http, https and file URLs only") {
  Run({
      {Acme(R"("sitemaps": "robot")"),
       {kAcme +
        R"(key 'sitemaps': expected "robots" or an absolute http, https or file URL, got "robot")"}},
      {Acme(R"("sitemaps": ["robots", "https://acme.example/sitemap.xml"])"), {}},
      {R"({"sources": [{"id": "acme", "kinds": "courses", "start_urls": "ftp://acme.example/"}]})",
       {kAcme +
        R"(key 'start_urls': expected an absolute http, https or file URL, got "ftp://acme.example/")"}},
      {R"({"sources": [{"id": "acme", "kinds": "courses", "start_urls": ["https://a.example/", "/x"]}]})",
       {kAcme + R"(key 'start_urls[1]': expected an absolute http, https or file URL, got "/x" )"
                R"((not an absolute URL (no scheme): '/x'))"}},
      {R"({"sources": [{"id": "acme", "kinds": "courses", "start_urls": "http://"}]})",
       {kAcme + R"(key 'start_urls': expected an absolute http, https or file URL, got "http://" )"
                R"((bad URL 'http://': empty host))"}},
      {R"({"sources": [{"id": "acme", "kinds": "courses", "start_urls": []}]})",
       {kAcme +
        "key 'start_urls': expected at least one absolute http, https or file URL, got []"}},
      {R"({"sources": [{"id": "acme", "kinds": "courses", "start_urls": "file:///srv/c/index.html"}]})",
       {}},
  });
}

TEST_CASE("allow_addresses takes IPv4 and IPv6 CIDR ranges") {
  const std::string kWhat =
      R"(key 'allow_addresses': expected a CIDR range such as "127.0.0.0/8" or "::1/128", got )";
  Run({
      {Acme(
           R"("allow_addresses": ["127.0.0.0/8", "::1/128", "10.1.2.3/32", "fe80::/10", "0.0.0.0/0"])"),
       {}},
      {Acme(R"("allow_addresses": "127.0.0.1")"),
       {kAcme + kWhat + R"("127.0.0.1": missing '/PREFIX' (one address is ADDRESS/32 or /128))"}},
      {Acme(R"("allow_addresses": "10.0.0.0/33")"),
       {kAcme + kWhat + R"("10.0.0.0/33": prefix length must be a number from 0 to 32)"}},
      {Acme(R"("allow_addresses": "::1/129")"),
       {kAcme + kWhat + R"("::1/129": prefix length must be a number from 0 to 128)"}},
      {Acme(R"("allow_addresses": "10.0.0.0/")"),
       {kAcme + kWhat + R"("10.0.0.0/": prefix length must be a number from 0 to 32)"}},
      {Acme(R"("allow_addresses": "10.0.0.0/+8")"),
       {kAcme + kWhat + R"("10.0.0.0/+8": prefix length must be a number from 0 to 32)"}},
      {Acme(R"("allow_addresses": "localhost/8")"),
       {kAcme + kWhat + R"("localhost/8": "localhost" is not an IPv4 or IPv6 address)"}},
      {Acme(R"("allow_addresses": "256.0.0.0/8")"),
       {kAcme + kWhat + R"("256.0.0.0/8": "256.0.0.0" is not an IPv4 or IPv6 address)"}},
  });
}

TEST_CASE("ids are unique slugs and a source without one is named by position") {
  const std::string kSlug =
      "expected a slug (lower-case letters, digits, '-' and '_', starting with a letter or digit)";
  Run({
      {R"({"sources": [{"id": "Acme Inc", "kinds": "courses", "start_urls": "https://a.example/"}]})",
       {"sources.json: source 'Acme Inc': key 'id': " + kSlug + R"(, got "Acme Inc")"}},
      {R"({"sources": [{"id": "-acme", "kinds": "courses", "start_urls": "https://a.example/"}]})",
       {"sources.json: source '-acme': key 'id': " + kSlug + R"(, got "-acme")"}},
      {R"({"sources": [{"id": "a_b-9", "kinds": "courses", "start_urls": "https://a.example/"}]})",
       {}},
      {R"({"sources": [{"kinds": "courses", "start_urls": "https://a.example/", "max_pages": 0}]})",
       {"sources.json: key 'sources[0].max_pages': expected an integer >= 1, got 0",
        "sources.json: key 'sources[0].id': missing; expected a slug ([a-z0-9][a-z0-9-_]*)"}},
      {R"({"sources": [{"id": 7, "kinds": "courses", "start_urls": "https://a.example/"}]})",
       {"sources.json: key 'sources[0].id': " + kSlug + ", got 7"}},
      {R"({"sources": [)"
       R"({"id": "acme", "kinds": "courses", "start_urls": "https://a.example/"},)"
       R"({"id": "other", "kinds": "courses", "start_urls": "https://b.example/"},)"
       R"({"id": "acme", "kinds": "courses", "start_urls": "https://c.example/"}]})",
       {kAcme + "key 'id': duplicate id; sources[0] has it too"}},
  });
}

TEST_CASE("kinds, start_urls and id are required, from the source or from defaults") {
  Run({
      {R"({"sources": [{"id": "acme"}]})",
       {kAcme + "key 'kinds': missing; expected one or more of courses, providers, accreditations, "
                "scholarships, reviews",
        kAcme +
            "key 'start_urls': missing; expected absolute http, https or file URLs (a string or "
            "an array)"}},
      {R"({"defaults": {"kinds": "courses", "start_urls": "https://a.example/"},
           "sources": [{"id": "acme"}]})",
       {}},
      {R"({"sources": [{"id": "acme", "kinds": [], "start_urls": "https://a.example/"}]})",
       {kAcme + "key 'kinds': expected at least one of courses, providers, accreditations, "
                "scholarships, reviews, got []"}},
      {R"({"sources": [{"id": "acme", "kinds": ["courses", "course"], "start_urls": "https://a.example/"}]})",
       {kAcme + "key 'kinds[1]': expected one of courses, providers, accreditations, scholarships, "
                R"(reviews, got "course")"}},
  });
}

TEST_CASE("unknown keys are problems, with a suggestion for likely typos") {
  Run({
      {Acme(R"("max_page": 5)"),
       {kAcme + "key 'max_page': unknown key; did you mean 'max_pages'?"}},
      {Acme(R"("dealy_ms": 5)"), {kAcme + "key 'dealy_ms': unknown key; did you mean 'delay_ms'?"}},
      {Acme(R"("colour": "red")"), {kAcme + "key 'colour': unknown key"}},
      {R"({"databse": "x.db", "sources": []})",
       {"sources.json: key 'databse': unknown key; did you mean 'database'?"}},
      {R"({"defaults": {"max_dept": 1}, "sources": []})",
       {"sources.json: key 'defaults.max_dept': unknown key; did you mean 'max_depth'?"}},
  });
}

TEST_CASE("top-level keys are type-checked") {
  Run({
      {R"({"user_agent": "", "sources": []})",
       {R"(sources.json: key 'user_agent': expected a non-empty string without control characters, got "")"}},
      {R"({"user_agent": "bot\r\nX-Evil: 1", "sources": []})",
       {R"(sources.json: key 'user_agent': expected a non-empty string without control characters, got "bot\r\nX-Evil: 1")"}},
      {R"({"contact_url": "", "sources": []})",
       {R"(sources.json: key 'contact_url': expected an absolute http or https URL without spaces or parentheses, got "")"}},
      {R"({"contact_url": "ftp://ce.example/", "sources": []})",
       {R"(sources.json: key 'contact_url': expected an absolute http or https URL without spaces or parentheses, got "ftp://ce.example/")"}},
      {R"({"contact_url": "/about", "sources": []})",
       {R"(sources.json: key 'contact_url': expected an absolute http or https URL without spaces or parentheses, got "/about")"}},
      {R"x({"contact_url": "https://ce.example/(bot)", "sources": []})x",
       {R"x(sources.json: key 'contact_url': expected an absolute http or https URL without spaces or parentheses, got "https://ce.example/(bot)")x"}},
      {R"({"contact_url": "https://ce.example/a b", "sources": []})",
       {R"(sources.json: key 'contact_url': expected an absolute http or https URL without spaces or parentheses, got "https://ce.example/a b")"}},
      {R"({"contact_url": "https://ce.example/\r\nX-Evil: 1", "sources": []})",
       {R"(sources.json: key 'contact_url': expected an absolute http or https URL without spaces or parentheses, got "https://ce.example/\r\nX-Evil: 1")"}},
      {R"({"contact_url": "https://ce.example/crawler", "sources": []})", {}},
      {R"({"database": 5, "sources": []})",
       {"sources.json: key 'database': expected a non-empty path without control characters, got "
        "5"}},
      {R"({"feed_dir": "", "log_file": ["x"], "sources": []})",
       {R"(sources.json: key 'feed_dir': expected a non-empty path without control characters, got "")",
        R"(sources.json: key 'log_file': expected a non-empty path without control characters, got ["x"])"}},
      {R"({"database": "x.db"})",
       {"sources.json: key 'sources': missing; expected an array of source objects"}},
      {R"({"sources": {}})",
       {"sources.json: key 'sources': expected an array of source objects, got {}"}},
      {R"({"sources": [5, "acme"]})",
       {"sources.json: key 'sources[0]': expected an object, got 5",
        R"(sources.json: key 'sources[1]': expected an object, got "acme")"}},
      {"[]", {R"(sources.json: expected a JSON object with "sources", got [])"}},
      {"null", {R"(sources.json: expected a JSON object with "sources", got null)"}},
      {R"({"sources": []})", {}},
  });
}

TEST_CASE("defaults are checked once, and may not set an id") {
  Run({
      {R"({"defaults": 5, "sources": []})",
       {"sources.json: key 'defaults': expected an object of source keys, got 5"}},
      {R"({"defaults": {"id": "x", "max_pages": 0}, "sources": [)"
       R"({"id": "a", "kinds": "courses", "start_urls": "https://a.example/"},)"
       R"({"id": "b", "kinds": "courses", "start_urls": "https://b.example/"}]})",
       {"sources.json: key 'defaults.id': not allowed in defaults: every source needs its own id",
        "sources.json: key 'defaults.max_pages': expected an integer >= 1, got 0"}},
  });
}

TEST_CASE("extract entries are auto or rules with known fields and non-empty selectors") {
  Run({
      {Acme(R"("extract": "auto")"),
       {kAcme +
        R"(key 'extract': expected {"method": "auto"}, a rule, or a non-empty array of them, got "auto")"}},
      {Acme(R"("extract": [])"),
       {kAcme +
        R"(key 'extract': expected {"method": "auto"}, a rule, or a non-empty array of them, got [])"}},
      {Acme(R"("extract": {"method": "magic"})"),
       {kAcme + R"(key 'extract.method': expected "auto" or "rules", got "magic")"}},
      {Acme(R"("extract": {})"),
       {kAcme +
        R"(key 'extract': expected {"method": "auto"} or a rule with "item" and "fields", got {})"}},
      {Acme(R"("extract": [{"method": "auto"}, 5])"),
       {kAcme + "key 'extract[1]': expected an object, got 5"}},
      // An auto entry may carry a fallback rule; the rule must then be whole.
      {Acme(R"("extract": {"method": "auto", "item": ".c"})"),
       {kAcme +
        "key 'extract.fields': missing; expected an object mapping record fields to selectors"}},
      {Acme(R"("extract": {"method": "auto", "item": ".c", "fields": {"title": "h2"}})"), {}},
      {Acme(R"("extract": [{"method": "auto"}, {"item": ".c", "fields": {"titel": "h2"}}])"),
       {kAcme +
        R"(key 'extract[1].fields.titel': unknown record field "titel"; did you mean 'title'? )" +
        kCourseFields}},
      {Acme(R"("extract": {"item": ".c", "fields": {"colour": "h2"}})"),
       {kAcme + R"(key 'extract.fields.colour': unknown record field "colour". )" + kCourseFields}},
      // A field the rule's type does not read would vanish from every record
      // (issue 20): an error naming the fields the type accepts.
      {Acme(
           R"("extract": {"item": "tr", "type": "scholarship", "fields": {"name": "td", "ce_hours": ".hours"}})"),
       {kAcme +
        R"(key 'extract.fields.ce_hours': record field "ce_hours" is not used by a scholarship rule. A scholarship rule accepts name, url, sponsor, amount, amount_min, amount_max, currency, deadline, disciplines, degree_levels, eligibility, open, apply_url or title (docs/extraction.md, "Fields per record type"))"}},
      // A rule without "type" is a course rule.
      {Acme(R"("extract": {"item": "tr", "fields": {"title": "td", "deadline": ".due"}})"),
       {kAcme +
        R"(key 'extract.fields.deadline': record field "deadline" is not used by a course rule. )" +
        kCourseFields}},
      {Acme(
           R"("extract": {"item": "tr", "fields": {"title": "td", "free": ".free", "currency": ".cur"}})"),
       {}},
      // A removed alias names the field to write instead.
      {Acme(R"("extract": {"item": "tr", "fields": {"title": "td", "date": ".when"}})"),
       {kAcme +
        "key 'extract.fields.date': 'date' is no longer read in a course rule; write 'start_date': "
        "ambiguous: a start, an end or a list of sessions; write `start_date` or `end_date`"}},
      {Acme(
           R"("extract": {"item": "li", "type": "scholarship", "fields": {"name": "h3", "description": "p"}})"),
       {kAcme +
        "key 'extract.fields.description': 'description' is no longer read in a scholarship rule; "
        "write 'eligibility': it was read as `eligibility`, which a description is not always; "
        "write `eligibility`"}},
      // An accepted alias is read as its field.
      {Acme(R"("extract": {"item": "tr", "fields": {"name": "td"}})"), {}},
      // "@attr" alone reads the item element's own attribute (parsers/extract.h).
      {Acme(R"("extract": {"item": "a.course", "fields": {"url": "@href"}})"), {}},
      {Acme(R"("extract": {"item": ".c", "fields": {"title": ""}})"),
       {kAcme +
        R"(key 'extract.fields.title': expected "SELECTOR" or "SELECTOR@attr", got "": the selector is empty)"}},
      {Acme(R"("extract": {"item": ".c", "fields": {"title": "  "}})"),
       {kAcme +
        R"(key 'extract.fields.title': expected "SELECTOR" or "SELECTOR@attr", got "  ": the selector is empty)"}},
      {Acme(R"("extract": {"item": ".c", "fields": {"url": "a@"}})"),
       {kAcme +
        R"(key 'extract.fields.url': expected "SELECTOR" or "SELECTOR@attr", got "a@": "" after '@' is not an attribute name)"}},
      {Acme(R"("extract": {"item": ".c", "fields": {"title": 5}})"),
       {kAcme +
        R"(key 'extract.fields.title': expected "SELECTOR", "SELECTOR@attr", an object {"selector", "attr", "from", "all", "join", "default"} or {"value": V}, got 5)"}},
      // Field objects (SPEC.md "Sources file"), validated like every key.
      {Acme(R"("extract": {"item": ".c", "fields": {"free": {"value": true},
          "provider": {"selector": "header .brand", "from": "page"},
          "format": {"selector": "h2", "from": "ancestor:section", "default": "in_person"},
          "audiences": {"selector": "li", "all": true},
          "description": {"selector": "p", "join": " "},
          "url": {"selector": "a", "attr": "href"}}})"),
       {}},
      {Acme(
           R"("extract": {"item": ".c", "fields": {"title": {"selector": "h2", "form": "page"}}})"),
       {kAcme + "key 'extract.fields.title.form': unknown key; did you mean 'from'?"}},
      {Acme(R"("extract": {"item": ".c", "fields": {"free": {"value": true, "selector": "b"}}})"),
       {kAcme + R"(key 'extract.fields.free.selector': a constant ("value") takes no other keys)"}},
      {Acme(R"("extract": {"item": ".c", "fields": {"free": {"value": {"a": 1}}}})"),
       {kAcme +
        R"(key 'extract.fields.free.value': expected a string, number, boolean or a list of them, got {"a": 1})"}},
      {Acme(
           R"("extract": {"item": ".c", "fields": {"title": {"selector": ":scope", "from": "page"}}})"),
       {kAcme +
        R"(key 'extract.fields.title.selector': a field read from the page needs a selector)"}},
      {Acme(
           R"("extract": {"item": ".c", "fields": {"description": {"attr": "title", "from": "following"}}})"),
       {kAcme +
        R"(key 'extract.fields.description.selector': a field read from the following siblings needs a selector ("p" takes the first following paragraph))"}},
      {Acme(R"("extract": {"item": ".c", "fields": {"title": {"from": "page"}}})"),
       {kAcme +
        R"(key 'extract.fields.title': missing "selector" (or "attr", or a constant "value"))"}},
      {Acme(
           R"("extract": {"item": ".c", "fields": {"title": {"selector": "h2", "from": "above"}}})"),
       {kAcme +
        R"(key 'extract.fields.title.from': expected "item", "page", "following" or "ancestor:SELECTOR", got "above")"}},
      {Acme(
           R"("extract": {"item": ".c", "fields": {"title": {"selector": "h2", "from": "ancestor: "}}})"),
       {kAcme +
        R"(key 'extract.fields.title.from': expected "item", "page", "following" or "ancestor:SELECTOR", got "ancestor: ": the ancestor's selector is empty)"}},
      {Acme(
           R"("extract": {"item": ".c", "fields": {"audiences": {"selector": "li", "all": "yes"}}})"),
       {kAcme + R"(key 'extract.fields.audiences.all': expected true or false, got "yes")"}},
      {Acme(
           R"("extract": {"item": ".c", "fields": {"description": {"selector": "p", "join": 1}}})"),
       {kAcme + R"(key 'extract.fields.description.join': expected a separator string, got 1)"}},
      {Acme(
           R"("extract": {"item": ".c", "fields": {"format": {"selector": "b", "default": ["x"]}}})"),
       {kAcme +
        R"(key 'extract.fields.format.default': expected a non-empty string, a number or a boolean, got ["x"])"}},
      {Acme(
           R"("extract": {"item": ".c", "fields": {"url": {"selector": "a@href", "attr": "href"}}})"),
       {kAcme +
        R"(key 'extract.fields.url.attr': the selector already names an attribute after '@')"}},
      {Acme(R"("extract": {"item": ".c", "fields": {"url": {"selector": "a", "attr": "1x"}}})"),
       {kAcme + R"(key 'extract.fields.url.attr': expected an attribute name, got "1x")"}},
      {Acme(R"("extract": {"item": ".c", "fields": {}})"),
       {kAcme +
        "key 'extract.fields': expected an object mapping record fields to selectors, got {}"}},
      {Acme(R"("extract": {"fields": {"title": "h2"}})"),
       {kAcme + "key 'extract.item': missing; expected a CSS selector"}},
      {Acme(R"("extract": {"item": ".c"})"),
       {kAcme +
        "key 'extract.fields': missing; expected an object mapping record fields to selectors"}},
      {Acme(R"("extract": {"item": "", "fields": {"title": "h2"}})"),
       {kAcme + R"(key 'extract.item': expected a CSS selector, got "")"}},
      {Acme(R"("extract": {"item": ".c", "type": "event", "fields": {"title": "h2"}})"),
       {kAcme +
        R"(key 'extract.type': expected one of course, provider, scholarship, review, approval, got "event")"}},
      {Acme(R"("extract": {"url": "(", "method": "auto"})"),
       {kAcme + R"(key 'extract.url': invalid regex "(": missing ): ()"}},
      {Acme(R"("extract": {"method": "auto", "selector": "x"})"),
       {kAcme + "key 'extract.selector': unknown key"}},
      {Acme(
           R"("extract": {"item": ".c", "type": "scholarship", "fields": {"url": "a[href*='@']", "apply_url": "a[title='x@y']@href"}})"),
       {}},
  });
}

TEST_CASE("every problem in the file is reported, in file order") {
  Run({
      {R"({"databse": 1, "sources": [)"
       R"({"id": "a", "kinds": "courses", "start_urls": "https://a.example/", "max_pages": 0, "retries": -1},)"
       R"({"id": "b", "kinds": "nope", "start_urls": "https://b.example/", "extract": {"item": "x", "fields": {"title": ""}}}]})",
       {"sources.json: key 'databse': unknown key; did you mean 'database'?",
        "sources.json: source 'a': key 'max_pages': expected an integer >= 1, got 0",
        "sources.json: source 'a': key 'retries': expected an integer from 0 to 10, got -1",
        "sources.json: source 'b': key 'kinds': expected one of courses, providers, "
        "accreditations, "
        R"(scholarships, reviews, got "nope")",
        R"(sources.json: source 'b': key 'extract.fields.title': expected "SELECTOR" or "SELECTOR@attr", got "": the selector is empty)"}},
  });
}

TEST_CASE("long or nested values are cut in messages") {
  Run({
      {Acme(R"("max_pages": ")" + std::string(100, 'x') + R"(")"),
       {kAcme + R"(key 'max_pages': expected an integer >= 1, got ")" + std::string(56, 'x') +
        "..."}},
      {Acme(R"("max_pages": {"a": [1, [2, [3, [4]]]]})"),
       {kAcme + R"(key 'max_pages': expected an integer >= 1, got {"a": [1, [...]]})"}},
  });
}

TEST_CASE("injected selector checks report under the exact key, defaults once") {
  using cecat::Status;
  using cecat::config::SelectorCheckers;
  // A stand-in for parsers::CheckSelector: refuses selectors containing "!!".
  std::vector<std::string> seen;
  SelectorCheckers checkers;
  checkers.selector = [&](std::string_view s) {
    seen.push_back("selector " + std::string(s));
    if (s.find("!!") != std::string_view::npos) {
      return Status::InvalidArgument("selector '" + std::string(s) + "': bad");
    }
    return Status::Ok();
  };
  checkers.field = [&](std::string_view s) {
    seen.push_back("field " + std::string(s));
    if (s.find("!!") != std::string_view::npos) {
      return Status::InvalidArgument("field '" + std::string(s) + "': bad");
    }
    return Status::Ok();
  };
  TempDir dir;
  WriteFile(dir / "sources.json", R"({
    "defaults": {"follow": ["a.next", "!!x"]},
    "sources": [
      {"id": "a", "kinds": "courses", "start_urls": "https://a.example/"},
      {"id": "b", "kinds": "courses", "start_urls": "https://b.example/", "follow": "!!y",
       "extract": [{"method": "auto"}, {"item": "li!!", "fields": {"title": "h2", "url": "a!!@href"}}]}
    ]})");
  LoadOutcome outcome = LoadConfigWithProblems(dir / "sources.json", checkers);
  std::vector<std::string> got;
  for (const auto& p : outcome.problems)
    got.push_back(p.ToString().substr(dir.path().string().size() + 1));
  CHECK(got == std::vector<std::string>{
                   "sources.json: key 'defaults.follow[1]': selector '!!x': bad",
                   "sources.json: source 'b': key 'follow': selector '!!y': bad",
                   "sources.json: source 'b': key 'extract[1].item': selector 'li!!': bad",
                   "sources.json: source 'b': key 'extract[1].fields.url': field 'a!!@href': bad",
               });
  // Each selector is checked once, where it is written: defaults are not re-checked per source.
  CHECK(seen == std::vector<std::string>{"selector a.next", "selector !!x", "selector !!y",
                                         "selector li!!", "field h2", "field a!!@href"});
}

TEST_CASE("a throwing selector check becomes a problem, not an exception") {
  cecat::config::SelectorCheckers checkers;
  checkers.selector = [](std::string_view) -> cecat::Status { throw std::runtime_error("boom"); };
  TempDir dir;
  WriteFile(dir / "sources.json", Acme(R"("follow": "a")"));
  LoadOutcome outcome = LoadConfigWithProblems(dir / "sources.json", checkers);
  REQUIRE(outcome.problems.size() == 1);
  CHECK(outcome.problems[0].key == "follow");
  CHECK(outcome.problems[0].message == "selector check failed: boom");
}

TEST_CASE("keys with control characters are reported on one printable line") {
  Run({
      {"{\"sources\": [], \"a\\nb\": 1}", {"sources.json: key 'a\\x0ab': unknown key"}},
  });
}

TEST_CASE("a key set twice in one object is a problem, named by its path") {
  Run({
      {Acme(R"("max_pages": 5, "max_pages": 6)"),
       {kAcme + "key 'max_pages': duplicate key; remove all but one"}},
      {R"({"sources": [], "database": "a.db", "database": "b.db"})",
       {"sources.json: key 'database': duplicate key; remove all but one"}},
      {R"({"sources": [{"kinds": "courses", "start_urls": "https://a.example/", "kinds": "reviews", "id": "x"},
                       {"id": 5, "id": 6}]})",
       {"sources.json: source 'x': key 'kinds': duplicate key; remove all but one",
        "sources.json: key 'sources[1].id': duplicate key; remove all but one",
        "sources.json: key 'sources[1].id': expected a slug (lower-case letters, digits, '-' and "
        "'_', "
        "starting with a letter or digit), got 6",
        "sources.json: key 'sources[1].kinds': missing; expected one or more of courses, "
        "providers, "
        "accreditations, scholarships, reviews",
        "sources.json: key 'sources[1].start_urls': missing; expected absolute http, https or file "
        "URLs (a string or an array)"}},
      {Acme(
           R"("extract": [{"method": "auto"}, {"item": "x", "fields": {"title": "h1", "title": "h2"}}])"),
       {kAcme + "key 'extract[1].fields.title': duplicate key; remove all but one"}},
      // The same key in different objects is fine.
      {R"({"defaults": {"max_pages": 5}, "sources": [{"id": "a", "kinds": "courses",
           "start_urls": "https://a.example/", "max_pages": 6, "extract": [{"method": "auto"}, {"method": "auto"}]}]})",
       {}},
  });
}

TEST_CASE("hostile files do not crash the loader") {
  // Deep nesting where a scalar belongs, and as the whole document.
  std::string deep = std::string(20000, '[') + std::string(20000, ']');
  CHECK(
      ProblemsOf(Acme(R"("max_pages": )" + deep)) ==
      std::vector<std::string>{kAcme + "key 'max_pages': expected an integer >= 1, got [[[...]]]"});
  CHECK(ProblemsOf(deep) ==
        std::vector<std::string>{
            R"(sources.json: expected a JSON object with "sources", got [[[...]]])"});
  // Many sources, each wrong: all reported.
  std::string many = R"({"sources": [)";
  for (int i = 0; i < 2000; ++i)
    many += std::string(i ? "," : "") + R"({"id": "s)" + std::to_string(i) + R"("})";
  many += "]}";
  CHECK(ProblemsOf(many).size() == 4000);
}
