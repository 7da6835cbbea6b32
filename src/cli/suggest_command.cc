// `waftune suggest --alb ALB_PATH WAF_PATH...`: candidate exclusions for
// managed rules that mostly block legitimate traffic, replayed before they
// are offered, with the WAFv2 and Terraform to deploy them.
#include <memory>

#include "cli/analysis_pipeline.h"
#include "cli/commands.h"
#include "cli/suggestion_run.h"
#include "report/findings_writer.h"
#include "report/suggestion_writer.h"

namespace waftune {
namespace {

struct SuggestCommandOptions {
  CommonOptions common;
  PipelineOptions pipeline;
  std::string emit;
};

std::string Render(const Findings& f, const SuggestCommandOptions& o,
                   const ManagedCatalog* catalog) {
  if (!o.emit.empty()) return EmitKept(catalog, f.suggestions, o.emit);
  if (o.common.format == "json") return FindingsToJson(f, {o.common.top, 100, false});
  std::string out = SuggestionsToTable(f.suggestions) + "\n" + InputsText(f);
  for (const std::string& n : f.notes) out += "Note: " + n + "\n";
  return out;
}

int RunSuggest(SuggestCommandOptions& o) {
  if (o.pipeline.alb_paths.empty() && o.pipeline.cloudfront_paths.empty()) {
    std::fprintf(stderr,
                 "waftune suggest: --alb or --cloudfront is required (suggestions "
                 "need the legitimacy estimate from access logs)\n");
    return kExitUsage;
  }
  o.pipeline.common = &o.common;
  int code = kExitOk;
  auto first = RunPipeline(o.pipeline, &code);
  if (!first) return code;
  SuggestionRun run;
  if (!RunSuggestions(o.pipeline, first->findings, &run, &code)) return code;
  // The output's inputs and notes are the first replay pass's, as before.
  Findings f = run.replayed ? std::move(*run.replayed) : std::move(first->findings);
  if (!run.catalog_note.empty()) f.notes.push_back(run.catalog_note);
  f.command = "suggest";
  f.has_replay = false;
  f.replay.clear();
  f.suggestions = std::move(run.suggestions);
  if (!WriteOutput(Render(f, o, run.catalog_ptr()), o.common)) return kExitRuntimeError;
  return FinalExitCode(f, o.common);
}

}  // namespace

CommandRunner RegisterSuggest(CLI::App* app) {
  auto o = std::make_shared<SuggestCommandOptions>();
  CLI::App* cmd = app->add_subcommand(
      "suggest", "Suggest replayed exclusions for rules that block legitimate traffic");
  AddCommonOptions(cmd, &o->common, {"table", "json"});
  cmd->add_option("--alb", o->pipeline.alb_paths, "ALB access logs (this or --cloudfront required)");
  cmd->add_option("--cloudfront", o->pipeline.cloudfront_paths, "CloudFront standard logs");
  cmd->add_option("--rules", o->pipeline.rules_dir, "The rules/ directory");
  cmd->add_option("--emit", o->emit, "Print only these artefacts of kept suggestions")
      ->check(CLI::IsMember({"exclusions", "wafv2", "terraform"}));
  cmd->add_option("paths", o->pipeline.waf_paths, "WAF log files or directories")->required();
  return [o] { return RunSuggest(*o); };
}

}  // namespace waftune
