#include "analysis/rule_rows.h"

namespace waftune {
namespace {

bool IsGroupType(std::string_view type) {
  return type == "MANAGED_RULE_GROUP" || type == "GROUP";
}

// The ruleGroupList entry whose terminatingRule ended the request: the last
// one carrying a terminatingRule. Returns -1 when none does.
int TerminatingGroupIndex(const WafRecord& rec) {
  int found = -1;
  for (size_t i = 0; i < rec.rule_groups.size(); ++i) {
    if (rec.rule_groups[i].has_terminating &&
        !rec.rule_groups[i].terminating.rule_id.empty()) {
      found = static_cast<int>(i);
    }
  }
  return found;
}

// Non-terminating matches are COUNT unless logged as CAPTCHA/CHALLENGE.
WafAction MatchAction(WafAction logged) {
  if (logged == WafAction::kCaptcha || logged == WafAction::kChallenge) {
    return logged;
  }
  return WafAction::kCount;
}

void AddGroupCounts(const WafRecord& rec, int terminating_group,
                    RuleRows* out) {
  for (size_t i = 0; i < rec.rule_groups.size(); ++i) {
    const RuleGroupEntry& g = rec.rule_groups[i];
    // Most entries list a group that matched nothing: skip them before
    // parsing the group id.
    if (!g.has_terminating && g.non_terminating.empty() &&
        g.excluded_as_count.empty()) {
      continue;
    }
    std::string_view group = StripGroupVersion(g.group_id);
    // A terminatingRule in a group that did not end the request: the whole
    // group is overridden to Count.
    if (g.has_terminating && static_cast<int>(i) != terminating_group &&
        !g.terminating.rule_id.empty() &&
        g.terminating.action != WafAction::kAllow) {
      out->Add({{}, group, g.terminating.rule_id, WafAction::kCount,
                &g.terminating.details});
    }
    for (const RuleMatch& m : g.non_terminating) {
      if (m.rule_id.empty()) continue;
      out->Add({{}, group, m.rule_id, MatchAction(m.action), &m.details});
    }
    for (std::string_view rule : g.excluded_as_count) {
      out->Add({{}, group, rule, WafAction::kCount});
    }
  }
}

}  // namespace

void RuleRows::Add(const RuleRowKey& key) {
  for (size_t i = 0; i < size; ++i) {
    if (rows[i].SameRow(key)) {
      if (rows[i].details == nullptr) rows[i].details = key.details;
      return;
    }
  }
  if (size == kMaxRows) {
    overflow = true;
    return;
  }
  rows[size++] = key;
}

void ComputeRuleRows(const WafRecord& rec, RuleRows* out) {
  out->size = 0;
  out->overflow = false;
  int terminating_group = -1;
  std::string_view web_acl_rule = rec.terminating_rule_id;
  if (IsGroupType(rec.terminating_rule_type) &&
      rec.action != WafAction::kAllow) {
    terminating_group = TerminatingGroupIndex(rec);
  }
  if (terminating_group >= 0) {
    const RuleGroupEntry& g = rec.rule_groups[terminating_group];
    // Managed groups log details on the inner match; older records only
    // at the top level.
    const std::vector<MatchDetail>* details =
        g.terminating.details.empty() ? &rec.terminating_match_details
                                      : &g.terminating.details;
    out->Add({web_acl_rule, StripGroupVersion(g.group_id),
              g.terminating.rule_id, rec.action, details});
  } else {
    out->Add({web_acl_rule, {}, web_acl_rule, rec.action,
              &rec.terminating_match_details});
  }
  AddGroupCounts(rec, terminating_group, out);
  for (const RuleMatch& m : rec.non_terminating) {
    if (m.rule_id.empty()) continue;
    out->Add({m.rule_id, {}, m.rule_id, MatchAction(m.action), &m.details});
  }
}

}  // namespace waftune
