// expat, resolved at run time.
//
// cecat_crawler's CMake target does not link libexpat yet (the module owner may not
// edit CMake files), so the sitemap parser reaches expat through this table, filled
// by dlopen("libexpat.so.1") once per process. When the build links expat, Expat()
// can return the real functions instead and nothing else changes.
#pragma once

#include <expat.h>

namespace cecat::crawler::detail {

struct ExpatApi {
  decltype(&::XML_ParserCreate) ParserCreate;
  decltype(&::XML_ParserFree) ParserFree;
  decltype(&::XML_SetUserData) SetUserData;
  decltype(&::XML_SetElementHandler) SetElementHandler;
  decltype(&::XML_SetCharacterDataHandler) SetCharacterDataHandler;
  decltype(&::XML_Parse) Parse;
  decltype(&::XML_GetErrorCode) GetErrorCode;
  decltype(&::XML_ErrorString) ErrorString;
  decltype(&::XML_GetCurrentLineNumber) GetCurrentLineNumber;
};

// The functions, or nullptr when libexpat cannot be loaded (then sitemaps are
// reported as unparseable, and nothing else is affected).
const ExpatApi* Expat();

}  // namespace cecat::crawler::detail
