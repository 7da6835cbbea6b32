// AnalysisPipeline: the passes shared by crossref, suggest and report:
// one WAF pass (rule stats + flagged requests), one access-log pass
// (client profiles + layer diagnosis), then the legitimacy estimate
// attached to the rule findings.
#ifndef WAFTUNE_CLI_ANALYSIS_PIPELINE_H_
#define WAFTUNE_CLI_ANALYSIS_PIPELINE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/crossref.h"
#include "analysis/diagnosis.h"
#include "analysis/findings.h"
#include "analysis/legitimacy.h"
#include "analysis/replay.h"
#include "analysis/rule_stats.h"
#include "cli/common_options.h"
#include "match/signatures.h"

namespace waftune {

struct PipelineOptions {
  CommonOptions* common = nullptr;
  std::vector<std::string> waf_paths, alb_paths, cloudfront_paths;
  std::string rules_dir;  // Empty: found next to the binary.
  LegitimacyWeights weights;
  size_t buckets = 48;
  // Candidate exclusions to replay in the same WAF pass (may be null).
  const std::vector<RequestMatcher>* matchers = nullptr;
  ReplayOptions replay;
};

struct PipelineResult {
  Findings findings;
  std::unique_ptr<SignatureSet> signatures;
  std::unique_ptr<FlaggedCollector> flagged;
  std::unique_ptr<AccessProfiler> access;
  std::optional<DiagnosisResult> diagnosis;
  bool has_access_logs = false;
  std::vector<InputFile> waf_files;
};

// Runs the passes. Returns an exit code through *exit_code when the run
// cannot go on (usage or missing inputs); nullopt result then.
std::optional<PipelineResult> RunPipeline(const PipelineOptions& o, int* exit_code);

// Findings from an engine's CSV results (`waftune sql` run by Athena, Trino
// or DuckDB): rule rows from `summary_csv`, legitimacy estimates from
// `features_csv` (may be empty). Prints the error and returns nullopt (exit
// code in *exit_code) when a file cannot be used. docs/athena.md.
std::optional<Findings> FindingsFromEngine(const std::string& summary_csv,
                                           const std::string& features_csv,
                                           const PipelineOptions& o, int* exit_code);

// The rules/ directory: --rules, $WAFTUNE_RULES, next to the binary
// (../rules, ../share/waftune/rules), or the source tree it was built from.
std::string FindRulesDir(const std::string& requested);

// Loads and compiles exclusions files; prints every error and returns false
// (the command exits 2: nothing is replayed from a file with an error).
bool LoadMatchersOrReport(const std::vector<std::string>& files,
                          std::vector<RequestMatcher>* matchers);

// Loads rules/signatures; prints the error and returns null on failure.
std::unique_ptr<SignatureSet> LoadSignaturesOrReport(const std::string& rules_dir);

}  // namespace waftune

#endif  // WAFTUNE_CLI_ANALYSIS_PIPELINE_H_
