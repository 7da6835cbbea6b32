// `waftune suggest --alb ALB_PATH WAF_PATH...`: candidate exclusions for
// managed rules that mostly block legitimate traffic, replayed before they
// are offered, with the WAFv2 and Terraform to deploy them.
#include <memory>

#include "analysis/suggest.h"
#include "analysis/suggest_merge.h"
#include "cli/analysis_pipeline.h"
#include "cli/commands.h"
#include "match/managed_catalog.h"
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

// Replays every candidate in one more WAF pass; `replay` is index-aligned
// with the candidates left in `cands` (a template RE2 refuses is dropped).
bool ReplayCandidates(SuggestCommandOptions& o, std::vector<SuggestionFinding>* cands,
                      Findings* findings, int* code) {
  std::vector<RequestMatcher> matchers;
  std::vector<SuggestionFinding> compiled;
  for (SuggestionFinding& c : *cands) {
    auto m = RequestMatcher::Build(c.exclusion);
    if (!m.ok()) continue;  // A template RE2 refuses is not offered.
    matchers.push_back(std::move(*m));
    compiled.push_back(std::move(c));
  }
  PipelineOptions p = o.pipeline;
  p.matchers = &matchers;
  p.replay.max_examples = 200;  // ArgCandidates learns from the examples.
  auto r = RunPipeline(p, code);
  if (!r) return false;
  *findings = std::move(r->findings);
  *cands = std::move(compiled);
  return true;
}

// Alternatives (pass, not chosen) still carry their WAFv2 and Terraform,
// so a reviewer can deploy one as printed. One that cannot be emitted is
// not deployable, so it becomes a rejection with the emitter's reason.
void EmitAlternatives(const ManagedCatalog* catalog, std::vector<SuggestionFinding>* list) {
  std::vector<SuggestionFinding> alt;
  std::vector<size_t> where;
  for (size_t i = 0; i < list->size(); ++i) {
    const SuggestionFinding& s = (*list)[i];
    if (s.verdict != SuggestionVerdict::kAlternative) continue;
    alt.push_back(s);
    alt.back().kept = true;  // EmitSuggestionArtefacts emits kept ones only.
    where.push_back(i);
  }
  EmitSuggestionArtefacts(catalog, &alt);
  for (size_t i = 0; i < alt.size(); ++i) {
    SuggestionFinding& s = (*list)[where[i]];
    if (alt[i].verdict == SuggestionVerdict::kRejected) {
      s.Decide(SuggestionVerdict::kRejected, alt[i].reason + " (" + s.reason + ")");
      continue;
    }
    s.wafv2_json = std::move(alt[i].wafv2_json);
    s.terraform = std::move(alt[i].terraform);
  }
}

// Steps 3-4: single-field / value-shape refinements of the judged scopes,
// replayed in one more pass and merged next to their parents.
bool Refine(SuggestCommandOptions& o, const SuggestOptions& so,
            std::vector<SuggestionFinding>* cands, int* code) {
  std::vector<SuggestionFinding> refined = ArgCandidates(*cands, 1000, so.catalog);
  if (refined.empty()) return true;
  Findings f3;
  if (!ReplayCandidates(o, &refined, &f3, code)) return false;
  for (size_t i = 0; i < refined.size() && i < f3.replay.size(); ++i) {
    JudgeCandidate(f3.replay[i], so, &refined[i]);
  }
  *cands = MergeRefinements(std::move(*cands), std::move(refined), so);
  return true;
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
  auto catalog = LoadManagedCatalog(FindRulesDir(o.pipeline.rules_dir) + "/aws-managed");
  SuggestOptions suggest_options;
  suggest_options.catalog = catalog.ok() ? &*catalog : nullptr;
  std::vector<SuggestionFinding> cands = BuildCandidates(first->findings, suggest_options);
  Findings f = std::move(first->findings);
  if (!cands.empty()) {
    if (!ReplayCandidates(o, &cands, &f, &code)) return code;
    cands = JudgeCandidates(std::move(cands), f.replay, suggest_options);
    if (!Refine(o, suggest_options, &cands, &code)) return code;
  }
  if (!catalog.ok()) f.notes.push_back("managed catalog: " + catalog.status().message());
  EmitSuggestionArtefacts(suggest_options.catalog, &cands);
  EmitAlternatives(suggest_options.catalog, &cands);
  f.command = "suggest";
  f.has_replay = false;
  f.replay.clear();
  f.suggestions = std::move(cands);
  if (!WriteOutput(Render(f, o, catalog.ok() ? &*catalog : nullptr), o.common)) return kExitRuntimeError;
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
