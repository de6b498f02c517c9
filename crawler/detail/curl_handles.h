// Owners for libcurl's C handles. Every CURL*, CURLM* and curl_slist* in the crawler
// lives in one of these; nothing calls the cleanup functions by hand.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

#include "crawler/detail/curl_api.h"

namespace cecat::crawler::detail {

struct CurlEasyDeleter {
  // curl_easy_cleanup also detaches the handle from a multi handle it is still in,
  // but MultiSession removes handles explicitly before they get here.
  void operator()(CURL* handle) const { Curl().easy_cleanup(handle); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlMultiDeleter {
  void operator()(CURLM* handle) const { Curl().multi_cleanup(handle); }
};
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;

struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { Curl().slist_free_all(list); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// Appends `line` to `list`. curl_slist_append returns NULL on allocation failure and
// leaves the old list alone, so the owner keeps it either way. Returns false then.
inline bool AppendHeader(CurlSlist& list, const std::string& line) {
  curl_slist* grown = Curl().slist_append(list.get(), line.c_str());
  if (grown == nullptr) return false;
  list.release();
  list.reset(grown);
  return true;
}

}  // namespace cecat::crawler::detail
