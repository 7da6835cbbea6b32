#include "cli/cli.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "cli/common_options.h"

namespace waftune {

int RunCli(int argc, char** argv) {
  CLI::App app{"waftune: tune AWS WAF rules from their logs before you block"};
  app.set_version_flag("--version", std::string("waftune ") + WAFTUNE_VERSION);
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, CommandRunner>> commands;
  auto add = [&](CommandRunner (*reg)(CLI::App*)) {
    size_t before = app.get_subcommands({}).size();
    CommandRunner run = reg(&app);
    commands.emplace_back(app.get_subcommands({})[before], std::move(run));
  };
  add(RegisterSummary);
  add(RegisterCrossref);
  add(RegisterDiagnose);
  add(RegisterReplay);
  add(RegisterSuggest);
  add(RegisterReport);
  add(RegisterMerge);
  add(RegisterSql);
  // Engine results replace the raw logs: crossref needs no WAF paths then.
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]).rfind("--from-summary", 0) == 0) {
      for (const char* name : {"crossref", "report"}) {
        app.get_subcommand(name)->get_option("paths")->required(false);
      }
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  for (auto& [cmd, run] : commands) {
    if (cmd->parsed()) return run();
  }
  return kExitUsage;
}

}  // namespace waftune
