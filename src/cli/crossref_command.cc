// `waftune crossref`: the summary table plus, per rule row, the estimated
// legitimate traffic from the access logs, with --explain for the evidence.
#include <memory>

#include "cli/analysis_pipeline.h"
#include "cli/commands.h"
#include "report/escape.h"

namespace waftune {
namespace {

struct CrossrefOptions {
  CommonOptions common;
  PipelineOptions pipeline;
  std::string from_summary, from_features;  // Engine CSV results (docs/athena.md).
  std::vector<std::string> explain;  // Rule ids; "model" alone prints weights.
  bool explain_flag = false;
};

// Escapes each line of explanation text (it quotes IPs and user agents).
std::string SafeLines(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out += TerminalSafe(std::string_view(text).substr(start, nl - start)) + "\n";
    start = nl + 1;
  }
  return out;
}

// Findings from the CSV results of `waftune sql` run by an engine: no raw
// logs needed (issue 7).
int RunFromEngine(CrossrefOptions& o) {
  int code = kExitOk;
  auto f = FindingsFromEngine(o.from_summary, o.from_features, o.pipeline, &code);
  if (!f) return code;
  f->command = "crossref";
  if (!WriteOutput(RenderFindings(*f, o.common), o.common)) return kExitRuntimeError;
  return FinalExitCode(*f, o.common);
}

int RunCrossref(CrossrefOptions& o) {
  o.pipeline.common = &o.common;
  int code = kExitOk;
  auto r = RunPipeline(o.pipeline, &code);
  if (!r) return code;
  r->findings.command = "crossref";
  std::string text = RenderFindings(r->findings, o.common);
  if (o.explain_flag || !o.explain.empty()) {
    std::string explain = DescribeWeights(o.pipeline.weights);
    for (const std::string& rule : o.explain) {
      explain += "\n" + ExplainRow(*r->flagged, *r->access, o.pipeline.weights, rule, 8);
    }
    // Explanations go to stderr for machine formats so the JSON stays valid.
    if (o.common.format == "table") {
      text += "\n" + SafeLines(explain);
    } else {
      std::fputs(SafeLines(explain).c_str(), stderr);
    }
  }
  if (!WriteOutput(text, o.common)) return kExitRuntimeError;
  return FinalExitCode(r->findings, o.common);
}

}  // namespace

CommandRunner RegisterCrossref(CLI::App* app) {
  auto o = std::make_shared<CrossrefOptions>();
  CLI::App* cmd = app->add_subcommand(
      "crossref", "Estimate the legitimate traffic each rule blocks, from access logs");
  AddCommonOptions(cmd, &o->common, {"table", "json", "csv", "md"});
  cmd->add_option("--alb", o->pipeline.alb_paths, "ALB access logs (files or directories)");
  cmd->add_option("--cloudfront", o->pipeline.cloudfront_paths, "CloudFront standard logs");
  cmd->add_option("--rules", o->pipeline.rules_dir, "The rules/ directory");
  cmd->add_flag("--explain", o->explain_flag, "Print the model's weights and thresholds");
  // One rule per occurrence (repeat the option): a greedy list would swallow
  // the WAF paths that follow.
  cmd->add_option("--explain-rule", o->explain,
                  "Also print the per-client evidence behind this rule's estimate "
                  "(rule id as in the table; repeatable)")
      ->allow_extra_args(false);

  cmd->add_option("--from-summary", o->from_summary,
                  "Rule rows from an engine's `waftune sql ... summary` CSV (no raw logs)");
  cmd->add_option("--from-features", o->from_features,
                  "Client features from an engine's `waftune sql ... features` CSV");
  // Required, so that repeatable path options (--alb A B) stop before the
  // WAF paths; RunCli relaxes it when --from-summary is given.
  cmd->add_option("paths", o->pipeline.waf_paths, "WAF log files or directories")->required();
  return [o] {
    if (!o->from_summary.empty()) return RunFromEngine(*o);
    if (!o->from_features.empty()) {
      std::fprintf(stderr, "waftune crossref: --from-features needs --from-summary\n");
      return kExitUsage;
    }
    if (o->pipeline.waf_paths.empty()) {
      std::fprintf(stderr, "waftune crossref: give WAF log paths (or --from-summary)\n");
      return kExitUsage;
    }
    if (o->pipeline.alb_paths.empty() && o->pipeline.cloudfront_paths.empty()) {
      std::fprintf(stderr, "waftune crossref: give --alb and/or --cloudfront access logs\n");
      return kExitUsage;
    }
    return RunCrossref(*o);
  };
}

}  // namespace waftune
