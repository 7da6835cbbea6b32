// Rule rows: which (web_acl_rule, rule_group, rule, action) rows a WAF record
// belongs to, exactly as DESIGN's "Rule identity (contract)" defines them.
//
// Every analysis that groups by rule (summary, replay, cross-reference,
// suggestions) goes through ForEachRuleRow so that they all agree. Stateless;
// the views point into the record.
#ifndef WAFTUNE_ANALYSIS_RULE_ROWS_H_
#define WAFTUNE_ANALYSIS_RULE_ROWS_H_

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "logs/waf_record.h"

namespace waftune {

struct RuleRowKey {
  std::string_view web_acl_rule;  // Empty = null (COUNT inside a group).
  std::string_view rule_group;    // Empty = null (not a group rule). No version.
  std::string_view rule;
  WafAction action = WafAction::kUnknown;
  // Match details logged for this match (may be null); not part of the key.
  const std::vector<MatchDetail>* details = nullptr;
  bool SameRow(const RuleRowKey& o) const {
    return web_acl_rule == o.web_acl_rule && rule_group == o.rule_group &&
           rule == o.rule && action == o.action;
  }
};

// The rows of one record, deduplicated (a request counts once per row).
// Holds at most kMaxRows; further rows are dropped and `overflow` is set.
struct RuleRows {
  static constexpr size_t kMaxRows = 64;
  std::array<RuleRowKey, kMaxRows> rows;
  size_t size = 0;
  bool overflow = false;
  const RuleRowKey* begin() const { return rows.data(); }
  const RuleRowKey* end() const { return rows.data() + size; }
  void Add(const RuleRowKey& key);
};

// Computes the rows of `rec` into *out (cleared first).
void ComputeRuleRows(const WafRecord& rec, RuleRows* out);

// True when the row is a match by a rule (BLOCK, COUNT, CAPTCHA, CHALLENGE),
// not an ALLOW row.
inline bool IsRuleMatch(WafAction a) {
  return a == WafAction::kBlock || a == WafAction::kCount ||
         a == WafAction::kCaptcha || a == WafAction::kChallenge;
}

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_RULE_ROWS_H_
