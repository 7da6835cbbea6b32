// BaselineDiff: compares two analysis windows of the same web ACL, a
// baseline ("before", e.g. the week before an exclusion was deployed) and
// the current window ("after"), for `waftune report --baseline`.
//
// Two parts:
//  - per rule row (DESIGN "Rule identity"): requests and clients before vs
//    after, with signed deltas;
//  - per exclusion replayed in both windows: the release the replay over
//    the baseline predicted (in-scope requests the rule blocked) against
//    what the current window shows (in-scope requests the rule still
//    blocks), and whether the rule's attack traffic outside the scope is
//    still matched (suspicious requests of the rule, before vs after).
// The rule-wide figures come from a "companion" matcher per exclusion: the
// same rule with no `when` conditions (AddRuleCompanions), replayed in the
// same pass; ComputeBaselineDiff reads them and StripRuleCompanions removes
// them from the findings before they are written.
// Thread safety: pure functions over values.
#ifndef WAFTUNE_ANALYSIS_BASELINE_DIFF_H_
#define WAFTUNE_ANALYSIS_BASELINE_DIFF_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/findings.h"
#include "match/request_matcher.h"

namespace waftune {

// Suffix of companion matcher ids ("<exclusion id>~rule").
inline constexpr const char* kRuleCompanionSuffix = "~rule";

struct RuleDelta {
  std::optional<std::string> web_acl_rule, rule_group;
  std::string rule, action;
  uint64_t requests_before = 0, requests_after = 0;
  uint64_t clients_before = 0, clients_after = 0;
  int64_t requests_delta = 0, clients_delta = 0;  // after - before
};

// One exclusion's figures in one window.
struct ExclusionWindow {
  uint64_t rule_requests = 0;    // Requests with any row of the rule.
  uint64_t rule_blocks = 0;      // ... where the rule blocked/challenged.
  uint64_t rule_suspicious = 0;  // ... that are suspicious (attack evidence).
  uint64_t in_scope = 0;             // Requests of the rule in the scope.
  uint64_t in_scope_blocks = 0;      // ... that the rule blocked.
  uint64_t in_scope_suspicious = 0;
  uint64_t out_of_scope_suspicious = 0;  // rule_suspicious - in_scope_suspicious.
};

struct ExclusionDelta {
  std::string id, rule_group, rule;
  ExclusionWindow before, after;
  // The replay over the baseline: blocks the exclusion would lift.
  uint64_t predicted_release = 0;
  // before.in_scope_blocks - after.in_scope_blocks (negative = more blocks).
  int64_t observed_release = 0;
  // "released as predicted", "partly released", "not released",
  // "nothing to release" (judged on per-hour rates: windows differ).
  std::string release_verdict;
  // "attacks still matched", "no attacks in either window",
  // "attack matches vanished" (check the label rule blocks them).
  std::string attack_verdict;
};

struct BaselineDiff {
  int64_t before_start_ms = 0, before_end_ms = 0;
  int64_t after_start_ms = 0, after_end_ms = 0;
  uint64_t requests_before = 0, requests_after = 0;
  std::vector<RuleDelta> rules;  // Sorted by |requests_delta|, largest first.
  std::vector<ExclusionDelta> exclusions;  // In exclusions-file order.
};

// Appends one companion matcher (same rule, no conditions) per matcher.
Status AddRuleCompanions(std::vector<RequestMatcher>* matchers);

// `before` and `after` must come from runs with the same matchers.
BaselineDiff ComputeBaselineDiff(const Findings& before, const Findings& after);

// Removes companion entries from f.replay.
void StripRuleCompanions(Findings* f);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_BASELINE_DIFF_H_
