// RunCli: the waftune command line. Parses argv with CLI11 and runs one
// subcommand. Exit codes live here and only here: 0 done, 1 runtime error
// (unreadable input, --strict violation), 2 usage error (bad flags, invalid
// exclusions file). CLI11 exceptions never leave this file.
#ifndef WAFTUNE_CLI_CLI_H_
#define WAFTUNE_CLI_CLI_H_

namespace waftune {

int RunCli(int argc, char** argv);

}  // namespace waftune

#endif  // WAFTUNE_CLI_CLI_H_
