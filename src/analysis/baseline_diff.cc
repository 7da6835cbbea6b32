#include "analysis/baseline_diff.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace waftune {
namespace {

using RowKey = std::tuple<std::string, std::string, std::string, std::string>;

RowKey KeyOf(const RuleFinding& r) {
  // "\x01" stands for null so a null and an empty name stay distinct.
  return {r.web_acl_rule.value_or("\x01"), r.rule_group.value_or("\x01"), r.rule, r.action};
}

bool IsCompanion(const std::string& id) {
  const std::string suffix = kRuleCompanionSuffix;
  return id.size() > suffix.size() &&
         id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int64_t Delta(uint64_t before, uint64_t after) {
  return static_cast<int64_t>(after) - static_cast<int64_t>(before);
}

std::vector<RuleDelta> RuleDeltas(const Findings& before, const Findings& after) {
  std::map<RowKey, RuleDelta> rows;
  auto add = [&rows](const RuleFinding& r, bool is_after) {
    RuleDelta& d = rows[KeyOf(r)];
    d.web_acl_rule = r.web_acl_rule;
    d.rule_group = r.rule_group;
    d.rule = r.rule;
    d.action = r.action;
    (is_after ? d.requests_after : d.requests_before) += r.requests;
    (is_after ? d.clients_after : d.clients_before) += r.clients;
  };
  for (const RuleFinding& r : before.rules) add(r, false);
  for (const RuleFinding& r : after.rules) add(r, true);
  std::vector<RuleDelta> out;
  for (auto& [key, d] : rows) {
    d.requests_delta = Delta(d.requests_before, d.requests_after);
    d.clients_delta = Delta(d.clients_before, d.clients_after);
    out.push_back(std::move(d));
  }
  // Biggest changes first; ties keep the key order (deterministic).
  std::stable_sort(out.begin(), out.end(), [](const RuleDelta& a, const RuleDelta& b) {
    return std::llabs(a.requests_delta) > std::llabs(b.requests_delta);
  });
  return out;
}

const ReplayFinding* FindReplay(const Findings& f, const std::string& id) {
  for (const ReplayFinding& r : f.replay) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

ExclusionWindow WindowFigures(const Findings& f, const std::string& id) {
  ExclusionWindow w;
  if (const ReplayFinding* s = FindReplay(f, id)) {
    w.in_scope = s->released;
    w.in_scope_blocks = s->released_blocks;
    w.in_scope_suspicious = s->released_suspicious;
  }
  if (const ReplayFinding* c = FindReplay(f, id + kRuleCompanionSuffix)) {
    w.rule_requests = c->matched;
    w.rule_blocks = c->released_blocks;
    w.rule_suspicious = c->released_suspicious;
  }
  w.out_of_scope_suspicious =
      w.rule_suspicious > w.in_scope_suspicious ? w.rule_suspicious - w.in_scope_suspicious : 0;
  return w;
}

double Hours(int64_t start_ms, int64_t end_ms) {
  // At least a minute, so a one-record window does not divide by zero.
  return std::max<int64_t>(end_ms - start_ms, 60000) / 3600000.0;
}

std::string ReleaseVerdict(const ExclusionDelta& d, double hours_before, double hours_after) {
  if (d.before.in_scope_blocks == 0) return "nothing to release";
  double rate_before = d.before.in_scope_blocks / hours_before;
  double rate_after = d.after.in_scope_blocks / hours_after;
  // A deployed exclusion lifts every in-scope block; a tenth of the old
  // rate is left for requests the scope misses at the edges.
  if (rate_after <= 0.1 * rate_before) return "released as predicted";
  if (rate_after < rate_before) return "partly released";
  return "not released";
}

std::string AttackVerdict(const ExclusionDelta& d) {
  if (d.after.out_of_scope_suspicious > 0) return "attacks still matched";
  if (d.before.out_of_scope_suspicious == 0) return "no attacks in either window";
  return "attack matches vanished";
}

}  // namespace

Status AddRuleCompanions(std::vector<RequestMatcher>* matchers) {
  const size_t n = matchers->size();
  for (size_t i = 0; i < n; ++i) {
    Exclusion x = (*matchers)[i].exclusion();
    x.id += kRuleCompanionSuffix;
    x.when.clear();
    x.note = "every request of the rule (baseline comparison)";
    auto m = RequestMatcher::Build(x);
    if (!m.ok()) return m.status();
    matchers->push_back(std::move(*m));
  }
  return Status::Ok();
}

BaselineDiff ComputeBaselineDiff(const Findings& before, const Findings& after) {
  BaselineDiff d;
  d.before_start_ms = before.window_start_ms;
  d.before_end_ms = before.window_end_ms;
  d.after_start_ms = after.window_start_ms;
  d.after_end_ms = after.window_end_ms;
  d.requests_before = before.waf_requests;
  d.requests_after = after.waf_requests;
  d.rules = RuleDeltas(before, after);
  const double hours_before = Hours(d.before_start_ms, d.before_end_ms);
  const double hours_after = Hours(d.after_start_ms, d.after_end_ms);
  for (const ReplayFinding& r : before.replay) {
    if (IsCompanion(r.id)) continue;
    ExclusionDelta x;
    x.id = r.id;
    x.rule_group = r.rule_group;
    x.rule = r.rule;
    x.before = WindowFigures(before, r.id);
    x.after = WindowFigures(after, r.id);
    x.predicted_release = x.before.in_scope_blocks;
    x.observed_release = -Delta(x.before.in_scope_blocks, x.after.in_scope_blocks);
    x.release_verdict = ReleaseVerdict(x, hours_before, hours_after);
    x.attack_verdict = AttackVerdict(x);
    d.exclusions.push_back(std::move(x));
  }
  return d;
}

void StripRuleCompanions(Findings* f) {
  std::erase_if(f->replay, [](const ReplayFinding& r) { return IsCompanion(r.id); });
}

}  // namespace waftune
