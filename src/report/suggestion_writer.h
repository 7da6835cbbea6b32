// SuggestionWriter: the `suggest` artefacts and renderings. Emit() attaches
// the WAFv2 JSON and Terraform of each kept suggestion (via the emitters,
// with the rule's label from the managed catalog); the writers render the
// DESIGN "suggestions" JSON section and the --emit outputs (the table is
// suggestion_table.h).
// Every log-derived string is escaped for its format. Stateless.
#ifndef WAFTUNE_REPORT_SUGGESTION_WRITER_H_
#define WAFTUNE_REPORT_SUGGESTION_WRITER_H_

#include <string>
#include <vector>

#include "analysis/findings.h"
#include "match/managed_catalog.h"
#include "report/json_writer.h"
#include "report/suggestion_table.h"  // SuggestionsToTable

namespace waftune {

// Fills wafv2_json / terraform of kept suggestions. A suggestion the
// emitters refuse (unknown label, invalid name) is un-kept with the reason.
void EmitSuggestionArtefacts(const ManagedCatalog* catalog,
                             std::vector<SuggestionFinding>* suggestions);

// The DESIGN "suggestions" array; each entry also carries "verdict"
// (SuggestionVerdictName) next to the older "kept".
void WriteSuggestionsJson(const std::vector<SuggestionFinding>& s, JsonWriter* w);
// The kept suggestions as ONE ready-to-apply set: per web ACL group rule a
// single ManagedRuleGroupStatement with one RuleActionOverride (Count) per
// distinct rule, then one label rule per rule: "block the label unless the
// request is in scope", where the scopes of several suggestions for the
// same rule are OR-ed (two separate label rules would each block the other's
// scope). Priorities are unique: group P, its label rules P+1... Terraform
// uses rule blocks, or one rule_json attribute when a merged scope is deeper
// than the provider's 3 statement levels.
struct CombinedSet {
  std::string wafv2_json;  // {"rules":[...]}
  std::string terraform;   // Goes inside aws_wafv2_web_acl.
  std::vector<std::string> notes;
};
CombinedSet CombineKept(const ManagedCatalog* catalog,
                        const std::vector<SuggestionFinding>& suggestions);

// --emit exclusions|wafv2|terraform: kept suggestions only; wafv2 and
// terraform print the CombinedSet.
std::string EmitKept(const ManagedCatalog* catalog, const std::vector<SuggestionFinding>& s,
                     const std::string& what);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_SUGGESTION_WRITER_H_
