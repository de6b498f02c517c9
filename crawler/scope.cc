#include "crawler/scope.h"

#include <re2/re2.h>

#include <algorithm>

#include "crawler/crawler.h"

namespace cecat::crawler {

Scope::Scope() = default;
Scope::Scope(Scope&&) noexcept = default;
Scope& Scope::operator=(Scope&&) noexcept = default;
Scope::~Scope() = default;

namespace {

Status Compile(const std::vector<std::string>& patterns, const char* key,
               std::vector<std::unique_ptr<re2::RE2>>& out) {
  RE2::Options options;
  options.set_log_errors(false);
  for (const std::string& pattern : patterns) {
    auto re = std::make_unique<re2::RE2>(pattern, options);
    if (!re->ok()) {
      return Status::InvalidArgument(std::string(key) + " regex \"" + pattern +
                                     "\" does not compile: " + re->error());
    }
    out.push_back(std::move(re));
  }
  return Status::Ok();
}

}  // namespace

Result<Scope> Scope::Make(const CrawlSpec& spec) {
  Scope scope;
  CECAT_RETURN_IF_ERROR(Compile(spec.allow, "allow", scope.allow_));
  CECAT_RETURN_IF_ERROR(Compile(spec.deny, "deny", scope.deny_));
  for (const std::string& start : spec.start_urls) {
    Result<Url> url = ParseUrl(start);
    if (!url.ok()) return Status::InvalidArgument("start URL: " + url.status().message());
    if (url->scheme == "file") {
      scope.file_allowed_ = true;
      Url canonical = *url;
      Result<Url> reparsed = ParseUrl(CanonicalUrl(*url));
      if (reparsed.ok()) canonical = *reparsed;
      std::string folder = canonical.path.substr(0, canonical.path.rfind('/') + 1);
      scope.file_folders_.push_back(folder.empty() ? "/" : folder);
    } else if (url->scheme == "http" || url->scheme == "https") {
      if (std::find(scope.hosts_.begin(), scope.hosts_.end(), url->host) == scope.hosts_.end()) {
        scope.hosts_.push_back(url->host);
      }
    } else {
      return Status::InvalidArgument("start URL " + start + ": scheme " + url->scheme +
                                     " is not crawled (http, https, file)");
    }
  }
  return scope;
}

bool Scope::Denied(const std::string& canonical) const {
  return std::any_of(deny_.begin(), deny_.end(),
                     [&](const auto& re) { return RE2::PartialMatch(canonical, *re); });
}

bool Scope::Allows(const Url& url, const std::string& canonical) const {
  bool is_file = url.scheme == "file";
  if (!is_file && url.scheme != "http" && url.scheme != "https") return false;
  if (is_file && !file_allowed_) return false;
  if (Denied(canonical)) return false;
  if (!allow_.empty()) {
    return std::any_of(allow_.begin(), allow_.end(),
                       [&](const auto& re) { return RE2::PartialMatch(canonical, *re); });
  }
  if (is_file) {
    return std::any_of(file_folders_.begin(), file_folders_.end(),
                       [&](const std::string& f) { return url.path.compare(0, f.size(), f) == 0; });
  }
  return std::find(hosts_.begin(), hosts_.end(), url.host) != hosts_.end();
}

}  // namespace cecat::crawler
