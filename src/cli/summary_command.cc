// `waftune summary`: the per-rule BLOCK/COUNT table of WAF logs.
#include <memory>

#include "analysis/rule_stats.h"
#include "analysis/state_io.h"
#include "analysis/waf_scan.h"
#include "cli/commands.h"
#include "cli/common_options.h"

namespace waftune {
namespace {

struct SummaryOptions {
  CommonOptions common;
  std::vector<std::string> paths;
  size_t buckets = 48;
  std::string save_state;  // Also write the merged accumulators here.
};

class RuleStatsSink : public WafSink {
 public:
  explicit RuleStatsSink(RuleStatsOptions o) : stats(std::move(o)) {}
  void Add(const WafRecord& rec) override { stats.Add(rec); }
  void MergeFrom(WafSink& other) override {
    stats.Merge(static_cast<RuleStatsSink&>(other).stats);
  }
  RuleStats stats;
};

int RunSummary(const SummaryOptions& o) {
  // 1. Options -> scan and analysis settings.
  auto scan = MakeScanOptions(o.common);
  auto actions = ParseActions(o.common.actions);
  if (!scan.ok() || !actions.ok()) {
    std::fprintf(stderr, "waftune: %s\n",
                 (scan.ok() ? actions.status() : scan.status()).message().c_str());
    return kExitUsage;
  }
  RuleStatsOptions stats_options;
  stats_options.actions = *actions;
  stats_options.top_capacity = std::max<size_t>(256, o.common.top * 16);
  // 2. Inputs.
  Diagnostics walk;
  std::vector<InputFile> files;
  if (!ExpandOrReport(o.paths, "WAF", &files, &walk)) return kExitRuntimeError;
  // 3. Scan every file in parallel into per-file rule stats (no analysis
  // here reads headers).
  scan->headers = HeaderPolicy::kNone;
  WafScanResult result = ScanWaf(files, *scan, [&] {
    return std::make_unique<RuleStatsSink>(stats_options);
  });
  // 4. Findings.
  Findings f;
  f.command = "summary";
  static_cast<RuleStatsSink&>(*result.sink).stats.Finish({o.common.top, o.buckets}, &f);
  AddWalkDiagnostics(walk, &result.summary);
  f.inputs["waf"] = result.summary;
  if (result.filtered_out) {
    f.notes.push_back(std::to_string(result.filtered_out) +
                      " records were outside --since/--until/--web-acl and not counted.");
  }
  // 5. Saved state for `waftune merge` (docs/state.md).
  if (!o.save_state.empty()) {
    SavedState state{"summary", WAFTUNE_VERSION,
                     static_cast<RuleStatsSink&>(*result.sink).stats.Serialize(),
                     f.inputs["waf"], result.filtered_out};
    Status s = WriteStateFile(o.save_state, state);
    if (!s.ok()) {
      std::fprintf(stderr, "waftune: --save-state: %s\n", s.message().c_str());
      return kExitRuntimeError;
    }
  }
  // 6. Output and exit code.
  if (!WriteOutput(RenderFindings(f, o.common), o.common)) return kExitRuntimeError;
  return FinalExitCode(f, o.common);
}

}  // namespace

CommandRunner RegisterSummary(CLI::App* app) {
  auto o = std::make_shared<SummaryOptions>();
  CLI::App* cmd = app->add_subcommand("summary", "Per-rule BLOCK/COUNT table of WAF logs");
  AddCommonOptions(cmd, &o->common, {"table", "json", "csv", "md"});
  cmd->add_option("--buckets", o->buckets, "Maximum time-series buckets")->capture_default_str();
  cmd->add_option("--save-state", o->save_state,
                  "Also save the merged accumulators to FILE for `waftune merge`");
  cmd->add_option("paths", o->paths, "WAF log files or directories, or - for stdin")
      ->required();
  return [o] { return RunSummary(*o); };
}

}  // namespace waftune
