// `waftune report [--alb P] [--cloudfront P] [-x FILE] WAF_PATH...`: the
// whole analysis (rule stats, legitimacy estimate, optional replay, the
// exclusions `suggest` would offer, layer diagnosis) as one document to
// share: self-contained HTML (default), Markdown, or the contract JSON.
#include <memory>

#include "analysis/baseline_diff.h"
#include "analysis/diagnosis.h"
#include "cli/analysis_pipeline.h"
#include "cli/commands.h"
#include "cli/suggestion_run.h"
#include "report/baseline_writer.h"
#include "report/findings_writer.h"
#include "report/html_report.h"
#include "report/json_writer.h"
#include "report/markdown_report.h"
#include "report/suggestion_writer.h"

namespace waftune {
namespace {

struct ReportCommandOptions {
  CommonOptions common;
  PipelineOptions pipeline;
  std::string from_summary, from_features;  // Engine CSV results (docs/athena.md).
  std::vector<std::string> exclusion_files;
  bool no_redact = false;
  bool no_suggest = false;
  // --baseline: an earlier window to compare with (own --since/--until).
  std::vector<std::string> baseline_paths;
  std::string baseline_since, baseline_until;
};

constexpr const char* kSuggestNeedsAccessLogs =
    "Suggestions need the legitimacy estimate from access logs: run the report with --alb "
    "or --cloudfront to get them (or --no-suggest to leave this section out).";
constexpr const char* kSuggestNeedsRawLogs =
    "Suggestions are not available with --from-summary: every candidate exclusion is "
    "replayed on the raw WAF logs before it is offered, and an engine summary has none. "
    "Run `waftune suggest` or `waftune report` on the logs with --alb or --cloudfront.";

// Adds "key": value_json as the last member of a JSON object document.
std::string AppendJsonMember(const std::string& json, const std::string& key,
                             const std::string& value_json) {
  size_t end = json.find_last_not_of(" \t\r\n");
  if (end == std::string::npos || json[end] != '}') return json;
  std::string out = json.substr(0, end);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  const bool empty_object = !out.empty() && out.back() == '{';
  return out + (empty_object ? "\n  \"" : ",\n  \"") + key + "\": " + value_json + "\n}\n";
}

// JSON: "suggestions" in `waftune suggest --format json`'s shape, or
// "suggestions_unavailable" saying why there are none to show.
std::string AppendSuggestionsJson(const std::string& json, const Findings& f,
                                  const ReportOptions& ro) {
  if (!ro.suggestions) return json;
  JsonWriter w;
  if (!ro.suggestions_unavailable.empty()) {
    w.String(ro.suggestions_unavailable);
    return AppendJsonMember(json, "suggestions_unavailable", w.str());
  }
  WriteSuggestionsJson(f.suggestions, &w);
  return AppendJsonMember(json, "suggestions", w.str());
}

std::string Render(const Findings& f, const CommonOptions& o, ReportOptions ro) {
  if (o.format == "json") {
    std::string json = FindingsToJson(f, {o.top, 100, true});
    if (ro.baseline) json = AppendBaselineToJson(json, *ro.baseline, 1000);
    return AppendSuggestionsJson(json, f, ro);
  }
  ro.top = o.top;
  if (o.format == "md") return FindingsToMarkdownReport(f, ro);
  return FindingsToHtml(f, ro);
}

// The suggest passes over the report's inputs (two more WAF passes when
// there are candidates), from the report's own rule findings.
bool AddSuggestions(const ReportCommandOptions& o, Findings* f, ReportOptions* ro, int* code) {
  ro->suggestions = !o.no_suggest;
  if (o.no_suggest) return true;
  if (o.pipeline.alb_paths.empty() && o.pipeline.cloudfront_paths.empty()) {
    ro->suggestions_unavailable = kSuggestNeedsAccessLogs;
    return true;
  }
  PipelineOptions p = o.pipeline;
  p.matchers = nullptr;  // The -x files are the report's replay, not suggest's.
  SuggestionRun run;
  if (!RunSuggestions(p, *f, &run, code)) return false;
  if (!run.catalog_note.empty()) f->notes.push_back(run.catalog_note);
  f->suggestions = std::move(run.suggestions);
  return true;
}

// The same passes over the baseline window, with the same exclusions and
// access logs; only the WAF paths and the time filter differ.
std::optional<Findings> RunBaseline(const ReportCommandOptions& o, int* code) {
  CommonOptions common = o.common;
  common.since = o.baseline_since;
  common.until = o.baseline_until;
  PipelineOptions p = o.pipeline;
  p.common = &common;
  p.waf_paths = o.baseline_paths;
  auto r = RunPipeline(p, code);
  if (!r) return std::nullopt;
  return std::move(r->findings);
}

// The report from an engine's CSV results instead of raw logs (issue 7).
int RunReportFromEngine(ReportCommandOptions& o) {
  int code = kExitOk;
  auto f = FindingsFromEngine(o.from_summary, o.from_features, o.pipeline, &code);
  if (!f) return code;
  f->command = "report";
  ReportOptions ro;
  ro.suggestions = !o.no_suggest;
  ro.suggestions_unavailable = kSuggestNeedsRawLogs;
  if (!WriteOutput(Render(*f, o.common, ro), o.common)) return kExitRuntimeError;
  return FinalExitCode(*f, o.common);
}

int RunReport(ReportCommandOptions& o) {
  if (!o.from_summary.empty()) return RunReportFromEngine(o);
  if (!o.from_features.empty()) {
    std::fprintf(stderr, "waftune report: --from-features needs --from-summary\n");
    return kExitUsage;
  }
  // 1. Exclusions (optional): any invalid file is a usage error. With a
  // baseline, each gets a rule-wide companion for the attack comparison.
  std::vector<RequestMatcher> matchers;
  if (!o.exclusion_files.empty() && !LoadMatchersOrReport(o.exclusion_files, &matchers)) {
    return kExitUsage;
  }
  const bool with_baseline = !o.baseline_paths.empty();
  if (with_baseline && !AddRuleCompanions(&matchers).ok()) return kExitRuntimeError;
  // 2. All passes: WAF, access logs, legitimacy, replay, diagnosis.
  o.pipeline.common = &o.common;
  o.pipeline.matchers = o.exclusion_files.empty() ? nullptr : &matchers;
  o.pipeline.replay.redact = !o.no_redact;
  int code = kExitOk;
  auto r = RunPipeline(o.pipeline, &code);
  if (!r) return code;
  r->findings.command = "report";
  // RunPipeline fills findings.diagnosis in its access-log pass.
  std::optional<BaselineDiff> diff;
  if (with_baseline) {
    auto before = RunBaseline(o, &code);
    if (!before) return code;
    diff = ComputeBaselineDiff(*before, r->findings);
    StripRuleCompanions(&r->findings);
  }
  // 3. Suggestions (with access logs), 4. output.
  ReportOptions ro;
  ro.baseline = diff ? &*diff : nullptr;
  if (!AddSuggestions(o, &r->findings, &ro, &code)) return code;
  if (!WriteOutput(Render(r->findings, o.common, ro), o.common)) {
    return kExitRuntimeError;
  }
  return FinalExitCode(r->findings, o.common);
}

}  // namespace

CommandRunner RegisterReport(CLI::App* app) {
  auto o = std::make_shared<ReportCommandOptions>();
  o->common.format = "html";
  CLI::App* cmd = app->add_subcommand("report", "Write a shareable HTML/Markdown/JSON report");
  AddCommonOptions(cmd, &o->common, {"html", "md", "json"});
  cmd->add_option("-x,--exclusions", o->exclusion_files, "Exclusions file to replay (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--alb", o->pipeline.alb_paths, "ALB access logs");
  cmd->add_option("--cloudfront", o->pipeline.cloudfront_paths, "CloudFront standard logs");
  cmd->add_option("--rules", o->pipeline.rules_dir, "The rules/ directory");
  cmd->add_option("--baseline", o->baseline_paths,
                  "WAF logs of an earlier window to compare with (rule deltas; predicted vs "
                  "observed release of each -x exclusion)");
  cmd->add_option("--baseline-since", o->baseline_since, "Baseline records at or after this time");
  cmd->add_option("--baseline-until", o->baseline_until, "Baseline records before this time");
  cmd->add_flag("--no-redact", o->no_redact, "Show secret headers and token arguments");
  cmd->add_flag("--no-suggest", o->no_suggest,
                "Leave out the suggested exclusions (saves their two replay passes)");
  cmd->add_option("--from-summary", o->from_summary,
                  "Rule rows from an engine's `waftune sql ... summary` CSV (no raw logs)");
  cmd->add_option("--from-features", o->from_features,
                  "Client features from an engine's `waftune sql ... features` CSV");
  // Required (see crossref); RunCli relaxes it when --from-summary is given.
  cmd->add_option("paths", o->pipeline.waf_paths, "WAF log files or directories")->required();
  return [o] { return RunReport(*o); };
}

}  // namespace waftune
