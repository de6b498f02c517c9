// libcurl, loaded by the crawler when the first crawl starts rather than by the
// dynamic loader when cecat starts. Linked normally, libcurl brings about thirty
// libraries (TLS, Kerberos, LDAP, SSH, ...) that every `cecat` process mapped and
// relocated: 14 ms of CPU before main() on the team's machine, half the budget of a
// `cecat search` call that never fetches anything (docs/benchmarks.md, issue 22).
// Each member is libcurl's own function, found with dlsym: calls through it are
// calls into libcurl, with its own signatures (variadic ones included).
#pragma once

#include <curl/curl.h>

#include <type_traits>

#include "common/result.h"

namespace cecat::crawler::detail {

struct CurlApi {
  decltype(&curl_global_init) global_init;
  decltype(&curl_easy_init) easy_init;
  decltype(&curl_easy_cleanup) easy_cleanup;
  decltype(&curl_easy_setopt) easy_setopt;
  decltype(&curl_easy_getinfo) easy_getinfo;
  decltype(&curl_easy_strerror) easy_strerror;
  decltype(&curl_multi_init) multi_init;
  decltype(&curl_multi_cleanup) multi_cleanup;
  decltype(&curl_multi_add_handle) multi_add_handle;
  decltype(&curl_multi_remove_handle) multi_remove_handle;
  decltype(&curl_multi_perform) multi_perform;
  decltype(&curl_multi_info_read) multi_info_read;
  decltype(&curl_multi_poll) multi_poll;
  decltype(&curl_multi_wakeup) multi_wakeup;
  decltype(&curl_multi_strerror) multi_strerror;
  decltype(&curl_slist_append) slist_append;
  decltype(&curl_slist_free_all) slist_free_all;
  decltype(&curl_getdate) getdate;
};

// Loads libcurl (its soname, libcurl.so.4) once per process and resolves every
// function above; thread-safe. The error names the library or the missing function
// and dlerror's reason. CrawlSource calls it before anything else.
Result<const CurlApi*> LoadCurl();

// The loaded library. Call only after LoadCurl succeeded: every handle the crawler
// owns was made after it did. Otherwise it reports the reason and aborts, a
// programming error rather than bad input.
const CurlApi& Curl();

// False for every option type, but only once SetOpt is instantiated with it: a
// static_assert(false) in the discarded branch would fire at once (before C++23),
// and `kind != kind` trips GCC's -Wtautological-compare.
template <int>
inline constexpr bool kUnknownOptionType = false;

// curl_easy_setopt through the loaded table, with the argument's type checked at
// compile time against the option's, as curl.h's typecheck macros do for direct
// calls (calls through a function pointer bypass them): a long for CURLOPTTYPE_LONG
// options (an int is read as a long by the variadic call: undefined), a pointer
// for object options, a function pointer for callbacks, a curl_off_t for _LARGE ones.
template <CURLoption Opt, typename T>
CURLcode SetOpt(CURL* easy, T value) {
  constexpr int kind = static_cast<int>(Opt) / 10000;  // CURLOPTTYPE_* / 10000
  if constexpr (kind == CURLOPTTYPE_LONG / 10000) {
    static_assert(std::is_same_v<T, long>, "this option takes a long");
  } else if constexpr (kind == CURLOPTTYPE_OBJECTPOINT / 10000) {
    static_assert(std::is_pointer_v<T> && !std::is_function_v<std::remove_pointer_t<T>>,
                  "this option takes a pointer to data");
  } else if constexpr (kind == CURLOPTTYPE_FUNCTIONPOINT / 10000) {
    static_assert(std::is_pointer_v<T> && std::is_function_v<std::remove_pointer_t<T>>,
                  "this option takes a function pointer");
  } else if constexpr (kind == CURLOPTTYPE_OFF_T / 10000) {
    static_assert(std::is_same_v<T, curl_off_t>, "this option takes a curl_off_t");
  } else {
    static_assert(kUnknownOptionType<kind>, "an option type SetOpt does not know");
  }
  return Curl().easy_setopt(easy, Opt, value);
}

}  // namespace cecat::crawler::detail
