// `waftune replay -x EXCLUSIONS.json WAF_PATH...`: what each candidate
// exclusion would release, and which released requests still look like
// attacks.
#include <memory>

#include "cli/analysis_pipeline.h"
#include "cli/commands.h"
#include "report/findings_writer.h"
#include "report/replay_writer.h"

namespace waftune {
namespace {

struct ReplayCommandOptions {
  CommonOptions common;
  PipelineOptions pipeline;
  std::vector<std::string> exclusion_files;
  bool no_redact = false;
};

std::string Render(const Findings& f, const CommonOptions& o) {
  if (o.format == "json") return FindingsToJson(f, {o.top, 100, false});
  if (o.format == "csv") return ReplayToCsv(f.replay);
  if (o.format == "md") return "# waftune replay\n\n" + ReplayToMarkdown(f.replay);
  std::string out = ReplayToTable(f.replay, 100) + "\n" + InputsText(f);
  for (const std::string& n : f.notes) out += "Note: " + n + "\n";
  return out;
}

int RunReplay(ReplayCommandOptions& o) {
  // 1. Exclusions: any invalid file is a usage error, nothing is replayed.
  std::vector<RequestMatcher> matchers;
  if (!LoadMatchersOrReport(o.exclusion_files, &matchers)) return kExitUsage;
  // 2. The WAF pass with the replay (and access logs when given).
  o.pipeline.common = &o.common;
  o.pipeline.matchers = &matchers;
  o.pipeline.replay.redact = !o.no_redact;
  int code = kExitOk;
  auto r = RunPipeline(o.pipeline, &code);
  if (!r) return code;
  r->findings.command = "replay";
  // 3. Output.
  if (!WriteOutput(Render(r->findings, o.common), o.common)) return kExitRuntimeError;
  return FinalExitCode(r->findings, o.common);
}

}  // namespace

CommandRunner RegisterReplay(CLI::App* app) {
  auto o = std::make_shared<ReplayCommandOptions>();
  CLI::App* cmd = app->add_subcommand("replay", "Replay candidate exclusions against WAF logs");
  AddCommonOptions(cmd, &o->common, {"table", "json", "csv", "md"});
  cmd->add_option("-x,--exclusions", o->exclusion_files, "Exclusions file (repeatable)")
      ->required()
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--alb", o->pipeline.alb_paths, "ALB access logs, for released_legitimate");
  cmd->add_option("--cloudfront", o->pipeline.cloudfront_paths, "CloudFront standard logs");
  cmd->add_option("--rules", o->pipeline.rules_dir, "The rules/ directory");
  cmd->add_flag("--no-redact", o->no_redact, "Show secret headers and token arguments");
  cmd->add_option("paths", o->pipeline.waf_paths, "WAF log files or directories")->required();
  return [o] { return RunReplay(*o); };
}

}  // namespace waftune
