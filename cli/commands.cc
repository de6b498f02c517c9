#include "cli/commands.h"

namespace cecat::cli {

int Main(int, char**) { return 0; }

}  // namespace cecat::cli
