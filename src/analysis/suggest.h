// Suggest: candidate exclusions for managed rules that mostly block
// legitimate traffic, and the verdict on each once it has been replayed.
//
// Two steps around a replay pass (DESIGN "Suggestions"):
//  1. BuildCandidates() picks the managed group rules whose estimated
//     legitimate share is at least min_legitimate_share (never rule "*",
//     never a likely-attacks verdict) and, for each of the rule's top URIs,
//     turns the path into a template (PathTemplate) and proposes scopes
//     narrowest first: method + path template, then the path template alone.
//  2. JudgeCandidates() takes the replay findings (same order as the
//     candidates) and keeps a scope only when it releases little suspicious
//     and mostly legitimate traffic; per (rule, template) the narrowest
//     passing scope wins, and otherwise the best rejected one stays in the
//     output with its reason.
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

// For rejected query-argument rules: narrower candidates adding an
// arg:NAME condition, "^scheme://host/" taken from the legitimate replay
// examples whose NAME argument holds a URL, when no suspicious example
// shares that prefix. Ids continue from `next_id`.
std::vector<SuggestionFinding> ArgCandidates(const std::vector<SuggestionFinding>& judged,
                                             size_t next_id);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_SUGGEST_H_
