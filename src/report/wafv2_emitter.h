// Wafv2Emitter: turns one Exclusion into the AWS-recommended WAFv2 rules.
//
// The form (DESIGN "Suggestions", managed-rules.md section 3): the managed
// rule is overridden to Count inside its group (RuleActionOverrides, the
// group keeps OverrideAction None), and a later custom rule blocks requests
// that carry the rule's label unless they are in the exclusion's scope:
//   And(LabelMatch(label), Not(scope)) -> Block
// A counted rule still adds its label, and only rules with a higher Priority
// can match labels, so the label rule must come after the group.
//
// BuildExclusionRules() checks everything AWS would reject (names,
// priorities, regex subset and length, label / country conditions that have
// no WAF statement) and returns a Status naming the exclusion id and the
// `when` key. The result is a plain model that RenderWafv2Json() prints and
// the Terraform emitter re-renders, so both outputs say the same thing.
// Thread safety: pure functions over values.
#ifndef WAFTUNE_REPORT_WAFV2_EMITTER_H_
#define WAFTUNE_REPORT_WAFV2_EMITTER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "match/exclusion.h"
#include "util/status.h"

namespace waftune {

// Where the exclusion lands in the web ACL.
struct ExclusionTarget {
  std::string label;              // Full label of the managed rule (catalog).
  std::string web_acl_rule_name;  // The group's rule,
                                  // "AWS-AWSManagedRulesCommonRuleSet".
  int group_priority = 0;         // That rule's Priority in the web ACL.
};

struct EmitOptions {
  // Prepended to generated rule and IP set names. [A-Za-z0-9_-] only.
  std::string name_prefix;
  // Priority of the new label rule; -1 = group_priority + 1. Must be
  // greater than group_priority (labels are visible to later rules only).
  int label_rule_priority = -1;
  // Scope of emitted IP sets: "REGIONAL" or "CLOUDFRONT".
  std::string ip_set_scope = "REGIONAL";
  bool cloudwatch_metrics_enabled = true;
  bool sampled_requests_enabled = true;
};

// The subset of WAFv2 statements the emitters produce.
struct WafStatement {
  enum class Kind {
    kAnd,
    kOr,
    kNot,
    kLabelMatch,
    kRegexMatch,
    kGeoMatch,
    kIpSetReference
  };
  enum class Field {
    kNone,
    kUriPath,
    kMethod,
    kQueryString,
    kSingleQueryArgument,
    kSingleHeader,
    kCookie
  };
  Kind kind = Kind::kRegexMatch;
  std::vector<WafStatement> children;  // kAnd / kOr: 2 or more; kNot: 1.
  // kRegexMatch.
  Field field = Field::kNone;
  std::string field_name;  // Argument, header (lower case) or cookie name.
  std::string regex;
  std::string transformation;  // "NONE" or "URL_DECODE".
  // kLabelMatch: scope "LABEL" or "NAMESPACE" and key.
  std::string label_scope;
  std::string label_key;
  std::vector<std::string> country_codes;  // kGeoMatch.
  size_t ip_set = 0;                       // kIpSetReference: index in ip_sets.

  bool IsLeaf() const { return children.empty(); }
};

// An IP set the user must create (CreateIPSet input) before the rules work.
struct WafIpSet {
  std::string name;
  std::string scope;               // REGIONAL / CLOUDFRONT.
  std::string ip_address_version;  // IPV4 / IPV6.
  std::vector<std::string> addresses;
  std::string placeholder_arn;  // Stands in the statement until created.
};

struct ExclusionRules {
  // Rule 1: the managed group with the single rule overridden to Count.
  std::string group_rule_name;
  int group_priority = 0;
  std::string vendor;      // "AWS"
  std::string group_name;  // "AWSManagedRulesCommonRuleSet"
  std::string rule;        // "SizeRestrictions_BODY"
  // Rule 2: block the label unless the request is in scope.
  std::string label_rule_name;
  int label_rule_priority = 0;
  std::string label;
  // One statement per `when` condition, all must hold. Each is a leaf or an
  // Or of leaves (a condition with several patterns).
  std::vector<WafStatement> scope;
  std::vector<WafIpSet> ip_sets;
  std::vector<std::string> notes;  // Things a reviewer must know.
  bool cloudwatch_metrics_enabled = true;
  bool sampled_requests_enabled = true;
};

// OK when pattern is in the RE2 ∩ AWS WAF subset: CheckAwsRegex() accepts
// it (1..200 characters, no capturing groups, backreferences, lookaround,
// ...), RE2 compiles it, and it has no inline flags or Unicode property
// classes (WAF support unconfirmed).
Status CheckWafRegex(std::string_view pattern);

// True for 1..128 characters of [A-Za-z0-9_-] (rule and IP set names).
bool IsValidWafName(std::string_view name);

Result<ExclusionRules> BuildExclusionRules(const Exclusion& exclusion,
                                           const ExclusionTarget& target,
                                           const EmitOptions& options);

// The label rule's top-level statement: And(Label, Not(scope)).
WafStatement LabelRuleStatement(const ExclusionRules& rules);

// {"rules":[group rule, label rule]} plus "ip_sets":[...] when any.
std::string RenderWafv2Json(const ExclusionRules& rules);
// The two Rule objects as a JSON array (for Terraform's rule_json).
std::string RenderWafv2RulesArray(const ExclusionRules& rules);
void AppendStatementJson(std::string* out, const ExclusionRules& rules,
                         const WafStatement& s);

// BuildExclusionRules + RenderWafv2Json.
Result<std::string> EmitWafv2Json(const Exclusion& exclusion,
                                  const ExclusionTarget& target,
                                  const EmitOptions& options);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_WAFV2_EMITTER_H_
