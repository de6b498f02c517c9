// Temporary files left by writers that died before renaming them (a crash, a
// kill): named "<prefix><pid>...", each is removed once its process is gone.
#pragma once

#include <filesystem>
#include <string_view>

namespace cecat {

// Removes each file of `dir` named `prefix` then a process id whose process no
// longer exists (kill(pid, 0) answers ESRCH). Files of this process, of live
// processes and of processes that cannot be asked (EPERM) stay. Best effort:
// errors are ignored, the next call tries again.
void RemoveDeadWritersFiles(const std::filesystem::path& dir, std::string_view prefix);

}  // namespace cecat
