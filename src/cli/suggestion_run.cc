#include "cli/suggestion_run.h"

#include <utility>

#include "analysis/suggest.h"
#include "analysis/suggest_merge.h"
#include "report/suggestion_writer.h"

namespace waftune {
namespace {

// Replays every candidate in one more WAF pass; `replay` is index-aligned
// with the candidates left in `cands` (a template RE2 refuses is dropped).
bool ReplayCandidates(const PipelineOptions& base, std::vector<SuggestionFinding>* cands,
                      Findings* findings, int* code) {
  std::vector<RequestMatcher> matchers;
  std::vector<SuggestionFinding> compiled;
  for (SuggestionFinding& c : *cands) {
    auto m = RequestMatcher::Build(c.exclusion);
    if (!m.ok()) continue;  // A template RE2 refuses is not offered.
    matchers.push_back(std::move(*m));
    compiled.push_back(std::move(c));
  }
  PipelineOptions p = base;
  p.matchers = &matchers;
  // Suggest's own replay options whatever the caller's (report --no-redact):
  // ArgCandidates learns from the (redacted) examples, so equal inputs give
  // equal suggestions in both commands.
  p.replay = ReplayOptions{};
  p.replay.max_examples = 200;
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
bool Refine(const PipelineOptions& base, const SuggestOptions& so,
            std::vector<SuggestionFinding>* cands, int* code) {
  std::vector<SuggestionFinding> refined = ArgCandidates(*cands, 1000, so.catalog);
  if (refined.empty()) return true;
  Findings f3;
  if (!ReplayCandidates(base, &refined, &f3, code)) return false;
  for (size_t i = 0; i < refined.size() && i < f3.replay.size(); ++i) {
    JudgeCandidate(f3.replay[i], so, &refined[i]);
  }
  *cands = MergeRefinements(std::move(*cands), std::move(refined), so);
  return true;
}

}  // namespace

bool RunSuggestions(const PipelineOptions& pipeline, const Findings& first,
                    SuggestionRun* out, int* code) {
  auto catalog = LoadManagedCatalog(FindRulesDir(pipeline.rules_dir) + "/aws-managed");
  if (catalog.ok()) {
    out->catalog = std::move(*catalog);
  } else {
    out->catalog_note = "managed catalog: " + catalog.status().message();
  }
  SuggestOptions so;
  so.catalog = out->catalog_ptr();
  std::vector<SuggestionFinding> cands = BuildCandidates(first, so);
  if (!cands.empty()) {
    Findings replayed;
    if (!ReplayCandidates(pipeline, &cands, &replayed, code)) return false;
    cands = JudgeCandidates(std::move(cands), replayed.replay, so);
    if (!Refine(pipeline, so, &cands, code)) return false;
    out->replayed = std::move(replayed);
  }
  EmitSuggestionArtefacts(so.catalog, &cands);
  EmitAlternatives(so.catalog, &cands);
  out->suggestions = std::move(cands);
  return true;
}

}  // namespace waftune
