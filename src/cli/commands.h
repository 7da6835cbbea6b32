// One registration function per subcommand (one file each in src/cli/).
// Each adds its flags to the app and returns the function that runs it
// after parsing; that function returns the exit code.
#ifndef WAFTUNE_CLI_COMMANDS_H_
#define WAFTUNE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <functional>

namespace waftune {

using CommandRunner = std::function<int()>;

CommandRunner RegisterSummary(CLI::App* app);
CommandRunner RegisterCrossref(CLI::App* app);
CommandRunner RegisterDiagnose(CLI::App* app);
CommandRunner RegisterReplay(CLI::App* app);
CommandRunner RegisterSuggest(CLI::App* app);
CommandRunner RegisterReport(CLI::App* app);
CommandRunner RegisterMerge(CLI::App* app);
CommandRunner RegisterSql(CLI::App* app);

}  // namespace waftune

#endif  // WAFTUNE_CLI_COMMANDS_H_
