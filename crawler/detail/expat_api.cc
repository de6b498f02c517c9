#include "crawler/detail/expat_api.h"

#include <dlfcn.h>

namespace cecat::crawler::detail {

namespace {

template <typename F>
bool Resolve(void* library, const char* name, F& out) {
  out = reinterpret_cast<F>(dlsym(library, name));
  return out != nullptr;
}

}  // namespace

const ExpatApi* Expat() {
  static const ExpatApi* api = []() -> const ExpatApi* {
    // The library stays loaded for the life of the process: the table points into it.
    void* library = dlopen("libexpat.so.1", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) return nullptr;
    static ExpatApi table;
    bool ok = Resolve(library, "XML_ParserCreate", table.ParserCreate) &&
              Resolve(library, "XML_ParserFree", table.ParserFree) &&
              Resolve(library, "XML_SetUserData", table.SetUserData) &&
              Resolve(library, "XML_SetElementHandler", table.SetElementHandler) &&
              Resolve(library, "XML_SetCharacterDataHandler", table.SetCharacterDataHandler) &&
              Resolve(library, "XML_Parse", table.Parse) &&
              Resolve(library, "XML_GetErrorCode", table.GetErrorCode) &&
              Resolve(library, "XML_ErrorString", table.ErrorString) &&
              Resolve(library, "XML_GetCurrentLineNumber", table.GetCurrentLineNumber);
    if (!ok) {
      dlclose(library);
      return nullptr;
    }
    return &table;
  }();
  return api;
}

}  // namespace cecat::crawler::detail
