#include "crawler/detail/curl_api.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace cecat::crawler::detail {

namespace {

// The soname both of Debian's libcurl builds (OpenSSL and GnuTLS) carry; the
// headers compiled against describe its ABI.
constexpr const char* kLibcurl = "libcurl.so.4";

struct Loaded {
  CurlApi api{};
  Status status = Status::Ok();
};

template <typename Fn>
bool Resolve(void* lib, const char* name, Fn& out, Status& status) {
  void* sym = dlsym(lib, name);
  if (sym == nullptr) {
    status = Status::Internal(std::string("cannot use ") + kLibcurl + ": it has no " + name);
    return false;
  }
  out = reinterpret_cast<Fn>(sym);
  return true;
}

Loaded Load() {
  Loaded l;
  // Never closed: handles and libcurl's global state live as long as the process.
  // Lazy binding: libcurl and its thirty-odd libraries (TLS, Kerberos, LDAP, SSH,
  // ...) bind a function on its first call, so a crawl binds only what it uses;
  // binding all of them made the load ~1 ms longer, and an unchanged re-crawl
  // waits for it (issue 25). The functions cecat calls are resolved below.
  void* lib = dlopen(kLibcurl, RTLD_LAZY | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = dlerror();
    l.status = Status::Internal(std::string("cannot load ") + kLibcurl +
                                " (install libcurl4 to crawl): " + (why != nullptr ? why : "?"));
    return l;
  }
  CurlApi& a = l.api;
  Status& s = l.status;
  bool ok = Resolve(lib, "curl_global_init", a.global_init, s) &&
            Resolve(lib, "curl_easy_init", a.easy_init, s) &&
            Resolve(lib, "curl_easy_cleanup", a.easy_cleanup, s) &&
            Resolve(lib, "curl_easy_setopt", a.easy_setopt, s) &&
            Resolve(lib, "curl_easy_getinfo", a.easy_getinfo, s) &&
            Resolve(lib, "curl_easy_strerror", a.easy_strerror, s) &&
            Resolve(lib, "curl_multi_init", a.multi_init, s) &&
            Resolve(lib, "curl_multi_cleanup", a.multi_cleanup, s) &&
            Resolve(lib, "curl_multi_add_handle", a.multi_add_handle, s) &&
            Resolve(lib, "curl_multi_remove_handle", a.multi_remove_handle, s) &&
            Resolve(lib, "curl_multi_perform", a.multi_perform, s) &&
            Resolve(lib, "curl_multi_info_read", a.multi_info_read, s) &&
            Resolve(lib, "curl_multi_poll", a.multi_poll, s) &&
            Resolve(lib, "curl_multi_wakeup", a.multi_wakeup, s) &&
            Resolve(lib, "curl_multi_strerror", a.multi_strerror, s) &&
            Resolve(lib, "curl_slist_append", a.slist_append, s) &&
            Resolve(lib, "curl_slist_free_all", a.slist_free_all, s) &&
            Resolve(lib, "curl_getdate", a.getdate, s);
  if (ok && a.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    s = Status::Internal(std::string(kLibcurl) + ": curl_global_init failed");
  }
  return l;
}

const Loaded& Once() {
  static const Loaded loaded = Load();  // initialised once, thread-safe (C++11)
  return loaded;
}

}  // namespace

Result<const CurlApi*> LoadCurl() {
  const Loaded& l = Once();
  if (!l.status.ok()) return l.status;
  return &l.api;
}

const CurlApi& Curl() {
  const Loaded& l = Once();
  if (!l.status.ok()) {
    std::fprintf(stderr, "cecat: libcurl used before it was loaded: %s\n",
                 l.status.ToString().c_str());
    std::abort();
  }
  return l.api;
}

}  // namespace cecat::crawler::detail
