// TerraformEmitter: the same exclusion as Wafv2Emitter, as `rule { ... }`
// blocks for an `aws_wafv2_web_acl` resource (hashicorp/aws provider).
//
// The provider supports only 3 levels of nested `statement` blocks. The
// label rule And(Label, Not(scope)) fits only when the scope is a single
// leaf (one condition, one pattern). Deeper scopes are handled by
// TerraformOptions::deep_scope:
// - kSplitRules (default): AWS's own workaround (managed-rules.md 4.7).
//   Not(C1 and ... and Cn) = Not(C1) or (C1 and Not(C2)) or ..., so we emit
//   n Block rules, rule i = And(Label, C1..Ci-1, Not(leaf) for each pattern
//   of Ci). Each stays within 3 levels, keeps drift detection, and sits next
//   to the user's existing `rule` blocks. Priorities P..P+n-1 are used.
// - kRuleJson: `rule_json = <<-EOT ... EOT` holding both rules as the WAFv2
//   JSON. It conflicts with `rule` blocks (the whole web ACL must then use
//   rule_json) and the provider has no drift detection for it, so it is
//   opt-in only.
// Every string goes through HclString(): quotes, backslashes, control
// characters and the template sequences ${ and %{ are escaped, invalid
// UTF-8 becomes U+FFFD. IP sets come back separately as
// `aws_wafv2_ip_set` resources, referenced by `.arn`.
// Thread safety: pure functions over values.
#ifndef WAFTUNE_REPORT_TERRAFORM_EMITTER_H_
#define WAFTUNE_REPORT_TERRAFORM_EMITTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "match/exclusion.h"
#include "report/wafv2_emitter.h"
#include "util/status.h"

namespace waftune {

// How many nested statement levels the provider's schema supports.
inline constexpr int kTerraformMaxStatementDepth = 3;

struct TerraformOptions {
  enum class DeepScope { kSplitRules, kRuleJson };
  DeepScope deep_scope = DeepScope::kSplitRules;
};

struct TerraformOutput {
  // Goes inside `resource "aws_wafv2_web_acl" ... { }`: rule blocks, or a
  // rule_json attribute when uses_rule_json.
  std::string web_acl_body;
  // Top-level `resource "aws_wafv2_ip_set"` blocks; empty when none.
  std::string resources;
  bool uses_rule_json = false;
  int label_rules = 0;  // Label rules emitted (more than 1 when split).
};

// A quoted HCL string literal for s (see the file comment).
std::string HclString(std::string_view s);

// Nesting depth of a statement as Terraform counts it (a leaf is 1).
int StatementDepth(const WafStatement& s);

// The split form of the label rule: n statements, one per scope condition,
// each within kTerraformMaxStatementDepth; a request is blocked by the split
// rules exactly when LabelRuleStatement(rules) holds.
std::vector<WafStatement> SplitLabelRuleStatements(const ExclusionRules& rules);

TerraformOutput RenderTerraform(const ExclusionRules& rules,
                                const TerraformOptions& options);

// BuildExclusionRules + RenderTerraform.
Result<TerraformOutput> EmitTerraform(const Exclusion& exclusion,
                                      const ExclusionTarget& target,
                                      const EmitOptions& options,
                                      const TerraformOptions& tf_options);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_TERRAFORM_EMITTER_H_
