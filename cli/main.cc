// The cecat command: a thin shell over cli/commands.h.
#include "cli/commands.h"

int main(int argc, char** argv) { return cecat::cli::Main(argc, argv); }
