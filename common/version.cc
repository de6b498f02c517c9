#include "common/version.h"

namespace cecat {

// CECAT_VERSION is defined for this file only (common/CMakeLists.txt), so a new
// version recompiles one file.
std::string_view Version() { return CECAT_VERSION; }

}  // namespace cecat
