// `waftune merge STATE...`: combines states saved by `summary --save-state`
// (one per shard, machine or day) into the summary of all the data.
#include <cstdio>
#include <memory>
#include <optional>

#include "analysis/rule_stats.h"
#include "analysis/state_io.h"
#include "cli/commands.h"
#include "cli/common_options.h"

namespace waftune {
namespace {

struct MergeOptions {
  CommonOptions common;
  std::vector<std::string> states;
  size_t buckets = 48;
};

struct MergedShards {
  std::optional<RuleStats> stats;
  InputSummary waf;
  uint64_t filtered_out = 0;
  std::vector<std::string> notes;
};

// Reads and merges every state; prints the first error and returns false.
bool MergeStates(const std::vector<std::string>& paths, MergedShards* out) {
  std::vector<std::string> first_actions;
  for (const std::string& path : paths) {
    Result<SavedState> state = ReadStateFile(path);
    Result<RuleStats> stats =
        state.ok() ? RuleStats::Deserialize(state->stats) : Result<RuleStats>(state.status());
    if (!stats.ok()) {
      std::fprintf(stderr, "waftune: merge: %s\n", stats.status().message().c_str());
      return false;
    }
    if (!out->stats) {
      first_actions = state->stats.actions;
      out->stats.emplace(std::move(*stats));
    } else {
      // Shards filtered differently do not add up to one run: say so.
      if (state->stats.actions != first_actions) {
        out->notes.push_back(path + " was saved with a different --action filter.");
      }
      out->stats->Merge(*stats);
    }
    MergeInputSummary(state->waf, &out->waf);
    out->filtered_out += state->filtered_out;
  }
  return true;
}

int RunMerge(const MergeOptions& o) {
  // 1. Read and merge the shards in the order given.
  MergedShards merged;
  if (!MergeStates(o.states, &merged)) return kExitRuntimeError;
  // 2. Findings, as `summary` would have made them over all the data.
  Findings f;
  f.command = "merge";
  merged.stats->Finish({o.common.top, o.buckets}, &f);
  f.inputs["waf"] = merged.waf;
  f.notes = merged.notes;
  if (merged.filtered_out) {
    f.notes.push_back(std::to_string(merged.filtered_out) +
                      " records were outside --since/--until/--web-acl and not counted.");
  }
  // 3. Output and exit code.
  if (!WriteOutput(RenderFindings(f, o.common), o.common)) return kExitRuntimeError;
  return FinalExitCode(f, o.common);
}

}  // namespace

CommandRunner RegisterMerge(CLI::App* app) {
  auto o = std::make_shared<MergeOptions>();
  CLI::App* cmd = app->add_subcommand(
      "merge", "Combine states saved by `summary --save-state` into one summary");
  cmd->add_option("--format", o->common.format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv", "md"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", o->common.output, "Write to FILE instead of stdout");
  cmd->add_option("--top", o->common.top, "Entries per top list")->capture_default_str();
  cmd->add_option("--buckets", o->buckets, "Maximum time-series buckets")
      ->capture_default_str();
  cmd->add_flag("--strict", o->common.strict, "Exit 1 when any shard skipped a record");
  cmd->add_flag("-q,--quiet", o->common.quiet, "No notes on stderr");
  cmd->add_option("states", o->states, "State files written by summary --save-state")
      ->required();
  return [o] { return RunMerge(*o); };
}

}  // namespace waftune
