// MatchEmptyRuleGroups: a fast path for the ruleGroupList of records that
// no rule group matched.
//
// Most WAF records list every rule group of the web ACL with nothing in it,
// in the exact compact form AWS writes:
//   [{"ruleGroupId":"AWS#...","terminatingRule":null,
//     "nonTerminatingMatchingRules":[],"excludedRules":null,
//     "customerConfig":null}, ...]
// Walking those objects field by field with On-Demand was a fifth of
// `summary`'s CPU. This matcher recognises exactly that text (customerConfig
// optional, as in older logs) and nothing else: any other byte, a rule, an
// escape in an id, whitespace, a missing key or the end of the input makes
// it return false and leaves *out as it was, and the caller parses the value
// normally, so damaged or unusual records get the full checks and messages.
// Stateless and thread-safe.
#ifndef WAFTUNE_LOGS_EMPTY_RULE_GROUPS_H_
#define WAFTUNE_LOGS_EMPTY_RULE_GROUPS_H_

#include <string_view>
#include <vector>

#include "logs/waf_record.h"

namespace waftune {

// `text` starts at the array's '['; `end` bounds the readable input (the
// matcher never reads at or past it). On a match appends one entry per group
// (group_id only, viewing `text`) and returns true.
bool MatchEmptyRuleGroups(const char* text, const char* end,
                          std::vector<RuleGroupEntry>* out);

// The same for one entry: `text` starts at its '{'. On a match sets *group_id
// (viewing `text`) and returns true.
bool MatchEmptyRuleGroup(const char* text, const char* end,
                         std::string_view* group_id);

}  // namespace waftune

#endif  // WAFTUNE_LOGS_EMPTY_RULE_GROUPS_H_
