// The build's version: CMake's PROJECT_VERSION, for `cecat --version` and the
// default User-Agent.
#pragma once

#include <string_view>

namespace cecat {

// "0.1.0".
std::string_view Version();

}  // namespace cecat
