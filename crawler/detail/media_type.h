// Media types of responses: from a Content-Type header, or for local files (which
// have none) from the extension; and a local file's Last-Modified.
#pragma once

#include <curl/curl.h>

#include <string>
#include <string_view>

namespace cecat::crawler::detail {

// "text/html; charset=utf-8" -> "text/html" (lower case, no parameters).
std::string MediaType(std::string_view content_type);

// Local files have no Content-Type; a guess from the extension.
std::string MediaTypeForPath(std::string_view path);

// A file: transfer's mtime as an HTTP date, its Last-Modified for the next run's
// conditional fetch; empty when unknown.
std::string FileTimeAsHttpDate(CURL* easy);

}  // namespace cecat::crawler::detail
