#include "crawler/detail/media_type.h"

#include "common/ascii.h"
#include "crawler/detail/curl_api.h"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace cecat::crawler::detail {

std::string MediaType(std::string_view content_type) {
  return Lower(Trim(content_type.substr(0, content_type.find(';'))));
}

std::string MediaTypeForPath(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".html") || ends(".htm") || ends("/")) return "text/html";
  if (ends(".xml")) return "application/xml";
  if (ends(".xml.gz") || ends(".gz")) return "application/gzip";
  if (ends(".json") || ends(".jsonld")) return "application/json";
  if (ends(".txt")) return "text/plain";
  return "application/octet-stream";
}

std::string FileTimeAsHttpDate(CURL* easy) {
  curl_off_t filetime = -1;
  if (Curl().easy_getinfo(easy, CURLINFO_FILETIME_T, &filetime) != CURLE_OK || filetime < 0) {
    return "";
  }
  time_t t = static_cast<time_t>(filetime);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "";
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

}  // namespace cecat::crawler::detail
