#include "crawler/scope.h"

#include <filesystem>
#include <string_view>

#include "common/ascii.h"

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

namespace {

// A file: URL's path as the file system sees it: libcurl percent-decodes it
// after our checks, so "..%2F" and "%2E%2E/" must be judged decoded.
std::string DecodePath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && HexValue(path[i + 1]) >= 0 &&
        HexValue(path[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(path[i + 1]) * 16 + HexValue(path[i + 2]));
      i += 2;
    } else {
      out += path[i];
    }
  }
  return out;
}

// True if the file at `path` (a file: URL's path, as written) is inside `folder`
// (a start file's folder, ending in '/') whatever its spelling: decoded, with no
// dot segment left (the canonical form removed the literal ones, so any left were
// encoded), no NUL, and its real path (symlinks resolved) under the folder's.
bool InsideFolder(const std::string& path, const std::string& folder) {
  std::string decoded = DecodePath(path);
  std::string base = DecodePath(folder);
  if (decoded.find('\0') != std::string::npos) return false;
  if (decoded.compare(0, base.size(), base) != 0) return false;
  for (size_t start = 0; start <= decoded.size();) {
    size_t end = decoded.find('/', start);
    if (end == std::string::npos) end = decoded.size();
    std::string_view segment(decoded.data() + start, end - start);
    if (segment == "." || segment == "..") return false;
    start = end + 1;
  }
  std::error_code ec1, ec2;
  std::string real = std::filesystem::weakly_canonical(decoded, ec1).string();
  std::string real_base = std::filesystem::weakly_canonical(base, ec2).string();
  if (ec1 || ec2) return false;
  if (real_base.empty() || real_base.back() != '/') real_base += '/';
  return real.compare(0, real_base.size(), real_base) == 0;
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
  return Refusal(url, canonical) == nullptr;
}

const char* Scope::Refusal(const Url& url, const std::string& canonical) const {
  bool is_file = url.scheme == "file";
  if (!is_file && url.scheme != "http" && url.scheme != "https") return "not http(s)";
  if (is_file && !file_allowed_) return "a file: URL, and no start URL is one";
  // A file: source never reads outside its start folders, whatever allow says.
  if (is_file && std::none_of(file_folders_.begin(), file_folders_.end(),
                              [&](const auto& f) { return InsideFolder(url.path, f); })) {
    return "outside the file: start URLs' folders";
  }
  if (Denied(canonical)) return "matches a deny regex";
  if (!allow_.empty()) {
    bool allowed = std::any_of(allow_.begin(), allow_.end(),
                               [&](const auto& re) { return RE2::PartialMatch(canonical, *re); });
    return allowed ? nullptr : "matches no allow regex";
  }
  if (is_file) return nullptr;  // inside a start folder, checked above
  bool on_host = std::find(hosts_.begin(), hosts_.end(), url.host) != hosts_.end();
  return on_host ? nullptr : "not on a start URL's host";
}

LinkDecision Scope::Judge(std::string_view url, int depth, int max_depth) const {
  LinkDecision d;
  Result<Url> input = ParseUrl(url);
  if (!input.ok()) {
    d.verdict = LinkVerdict::kNoCanonicalForm;
    d.reason = "no canonical form: " + input.status().message();
    return d;
  }
  d.canonical = CanonicalUrl(*input);
  // Most links are already in canonical form: the canonical string then parses
  // back to the input's URL (the URL Standard's serialiser and parser
  // round-trip), so it is not parsed again.
  Result<Url> parsed =
      d.canonical == input->Serialize() ? *std::move(input) : ParseUrl(d.canonical);
  const char* refusal = parsed.ok() ? Refusal(*parsed, d.canonical) : "does not parse";
  if (refusal != nullptr) {
    d.verdict = LinkVerdict::kOutOfScope;
    d.reason = std::string("out of scope: ") + refusal;
    return d;
  }
  if (depth > max_depth) {
    d.verdict = LinkVerdict::kTooDeep;
    d.reason = "depth " + std::to_string(depth) + " > max_depth " + std::to_string(max_depth);
  }
  d.parsed = *std::move(parsed);
  return d;
}

}  // namespace cecat::crawler
