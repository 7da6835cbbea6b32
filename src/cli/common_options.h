// CommonOptions: the flags every analysing command shares, and the steps
// every command takes with them (expand inputs, build scan options, write
// the output, decide the exit code).
#ifndef WAFTUNE_CLI_COMMON_OPTIONS_H_
#define WAFTUNE_CLI_COMMON_OPTIONS_H_

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "analysis/findings.h"
#include "analysis/rule_stats.h"
#include "analysis/waf_scan.h"
#include "io/input_file.h"
#include "report/findings_writer.h"
#include "util/status.h"

namespace waftune {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntimeError = 1;
inline constexpr int kExitUsage = 2;

struct CommonOptions {
  std::string format = "table";
  std::string output;  // Empty = stdout.
  std::string since, until;
  std::string web_acl;
  std::vector<std::string> actions;
  size_t top = 10;
  int threads = 0;  // 0 = all cores.
  bool strict = false;
  bool quiet = false;
  size_t max_record_bytes = 64u << 20;
};

// Adds the shared flags to `cmd`. `formats` lists the accepted --format values.
void AddCommonOptions(CLI::App* cmd, CommonOptions* o,
                      const std::vector<std::string>& formats);

// Turns --since/--until/--web-acl/--threads into scan options. Usage errors
// (bad times) come back as InvalidArgument.
Result<WafScanOptions> MakeScanOptions(const CommonOptions& o);

// Parses --action values (BLOCK, COUNT, ...; comma lists allowed).
Result<std::vector<WafAction>> ParseActions(const std::vector<std::string>& actions);

// Expands paths; prints the error and returns false when one is missing.
bool ExpandOrReport(const std::vector<std::string>& paths, const char* kind,
                    std::vector<InputFile>* files, Diagnostics* diag);

// Adds path-walking warnings (symlink loops, unreadable entries) to the
// input summary shown to the user.
void AddWalkDiagnostics(const Diagnostics& walk, InputSummary* s);

// Renders findings in o.format (table/json/csv/md).
std::string RenderFindings(const Findings& f, const CommonOptions& o);

// Writes text to o.output or stdout. Returns false (after printing why) on
// failure.
bool WriteOutput(const std::string& text, const CommonOptions& o);

// Exit code after a run: 1 for unreadable inputs, or for skipped records
// under --strict; prints the reason on stderr.
int FinalExitCode(const Findings& f, const CommonOptions& o);

}  // namespace waftune

#endif  // WAFTUNE_CLI_COMMON_OPTIONS_H_
