// SuggestMerge: puts the replayed single-field / value-shape refinements
// of `suggest` next to the scopes they narrow, and decides which one is the
// suggestion.
//
// A refinement's parent is the judged scope whose conditions it repeats
// (same rule, same conditions in the same order) plus one field condition
// (Refines). Every refinement is listed, with its replay figures, directly
// before its parent (narrowest first); its reason names the parent. The
// suggestion (kept) for a parent's slot is:
//  - when the parent passes: the refinement that passes, releases at most
//    `max_coverage_loss` less of the rule's legitimate requests and fewer
//    requests in all (fewest releases wins), else the parent;
//  - when the parent is rejected: the passing refinement releasing the most
//    legitimate requests (then the fewest in all).
// Passing candidates that are not the suggestion get the verdict
// kAlternative (not kept); their reason says "passes" and why another one
// was preferred. Failing ones are kRejected. Field-only
// candidates (no parent) follow the last scope of their rule; one is kept
// only when no scope of that rule is kept.
// Thread safety: pure functions over values.
#ifndef WAFTUNE_ANALYSIS_SUGGEST_MERGE_H_
#define WAFTUNE_ANALYSIS_SUGGEST_MERGE_H_

#include <vector>

#include "analysis/findings.h"
#include "analysis/suggest.h"

namespace waftune {

struct MergeOptions {
  double max_coverage_loss = 0.02;  // Of the rule's legitimate requests.
};

// True when `child` is `parent` plus exactly one trailing condition.
bool Refines(const SuggestionFinding& child, const SuggestionFinding& parent);

// `parents` as JudgeCandidates returned them; `refined` each judged with
// JudgeCandidate. Returns all of them in output order.
std::vector<SuggestionFinding> MergeRefinements(std::vector<SuggestionFinding> parents,
                                                std::vector<SuggestionFinding> refined,
                                                const SuggestOptions& judge,
                                                const MergeOptions& o = {});

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_SUGGEST_MERGE_H_
