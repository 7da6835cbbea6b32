// Suggest: candidate exclusions for managed rules that mostly block
// legitimate traffic, and the verdict on each once it has been replayed.
//
// Two steps around a replay pass (DESIGN "Suggestions"):
//  1. BuildCandidates() picks the managed group rules whose estimated
//     legitimate share is at least min_legitimate_share (never rule "*",
//     never a likely-attacks verdict) and, for each of the rule's top URIs,
//     turns the path into a template (PathTemplate) and proposes scopes
//     narrowest first: method + path template, then the path template alone.
//     Fields named by the WAF match details go into the candidate's note
//     for step 3.
//  2. JudgeCandidates() takes the replay findings (same order as the
//     candidates) and keeps a scope only when it releases little suspicious
//     and mostly legitimate traffic; per (rule, template) the narrowest
//     passing scope wins, and otherwise the best rejected one stays in the
//     output with its reason. Single-field scopes are judged apart.
//  3. ArgCandidates() narrows every scope that released requests with one
//     field condition and a value shape (FieldOnlyCandidates in
//     suggest_fields.h drops the path when the evidence spans several);
//     they are replayed, judged one by one (JudgeCandidate) and merged
//     next to their parent scope by MergeRefinements (suggest_merge.h).
// Thread safety: pure functions over values.
#ifndef WAFTUNE_ANALYSIS_SUGGEST_H_
#define WAFTUNE_ANALYSIS_SUGGEST_H_

#include <cstddef>
#include <vector>

#include "analysis/findings.h"
#include "match/managed_catalog.h"

namespace waftune {

struct SuggestOptions {
  double min_legitimate_share = 0.20;  // Of the rule's requests.
  double max_suspicious_share = 0.02;  // Of the released requests.
  double min_legitimate_released = 0.50;  // Of the released requests.
  size_t max_templates_per_rule = 3;
  // Rules whose catalog component is the client address (IP reputation,
  // anonymous IP lists) get address-range candidates, not paths: excluding
  // a path from an IP list would let every listed address reach it. May be
  // null (then no rule is treated as address-based).
  const ManagedCatalog* catalog = nullptr;
  // A network is a candidate when it carries this share of the rule.
  double min_network_share = 0.10;
};

// Candidates to replay; exclusion ids are unique ("sg-<n>").
std::vector<SuggestionFinding> BuildCandidates(const Findings& f,
                                               const SuggestOptions& o);

// Fills replay, coverage, kept and reason from `replay` (index-aligned with
// `candidates`) and returns one suggestion per (rule, template).
std::vector<SuggestionFinding> JudgeCandidates(
    std::vector<SuggestionFinding> candidates,
    const std::vector<ReplayFinding>& replay, const SuggestOptions& o);

// Fills replay, coverage, kept and reason of one candidate from its replay.
void JudgeCandidate(const ReplayFinding& replay, const SuggestOptions& o, SuggestionFinding* s);

// True when `replay` passes the guardrails (releases something, little
// suspicious, mostly legitimate).
bool PassesReplay(const ReplayFinding& replay, const SuggestOptions& o);

// For scopes that released requests, of rules that inspect query
// arguments, a header, cookies or (size rules) the body's Content-Length
// (catalog component, or the rule name suffix when `catalog` is null):
// narrower candidates adding one arg:NAME / header:NAME condition with a
// value shape learned from the replay examples (suggest_fields.h,
// value_shape.h), narrowest first, then the field-only candidates
// (FieldOnlyCandidates). Ids continue from `next_id`.
std::vector<SuggestionFinding> ArgCandidates(const std::vector<SuggestionFinding>& judged,
                                             size_t next_id,
                                             const ManagedCatalog* catalog = nullptr);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_SUGGEST_H_
