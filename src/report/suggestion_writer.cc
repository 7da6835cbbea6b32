#include "report/suggestion_writer.h"

#include <map>
#include <utility>

#include "logs/waf_record.h"
#include "match/exclusions_file.h"
#include "report/json_escape.h"
#include "report/terraform_emitter.h"
#include "report/wafv2_emitter.h"

namespace waftune {
namespace {

void WriteWhen(const Exclusion& x, JsonWriter* w) {
  w->BeginObject();
  for (const Condition& c : x.when) {
    w->Key(ConditionKey(c));
    if (c.patterns.size() == 1) {
      w->String(c.patterns[0]);
      continue;
    }
    w->BeginArray();
    for (const std::string& p : c.patterns) w->String(p);
    w->EndArray();
  }
  w->EndObject();
}

void WriteExclusion(const Exclusion& x, JsonWriter* w) {
  w->BeginObject();
  w->Key("id");
  w->String(x.id);
  if (!x.rule_group.empty()) {
    w->Key("rule_group");
    w->String(x.rule_group);
  }
  w->Key("rule");
  w->String(x.rule);
  w->Key("when");
  WriteWhen(x, w);
  if (!x.note.empty()) {
    w->Key("note");
    w->String(x.note);
  }
  w->EndObject();
}

void WriteReplay(const SuggestionFinding& s, JsonWriter* w) {
  w->BeginObject();
  w->Key("matched");
  w->Uint(s.replay.matched);
  w->Key("released");
  w->Uint(s.replay.released);
  w->Key("released_suspicious");
  w->Uint(s.replay.released_suspicious);
  w->Key("released_legitimate");
  if (s.replay.released_legitimate) {
    w->Uint(*s.replay.released_legitimate);
  } else {
    w->Null();
  }
  w->Key("coverage");
  w->Double(s.coverage);
  w->EndObject();
}

// --- Combined set ------------------------------------------------------

// The kept suggestions of one managed rule, merged into one ExclusionRules
// whose scope is Or(scope of each) (a single scope stays as it is).
struct RuleEntry {
  ExclusionRules rules;
  std::vector<std::string> ids;
};

// group rule name -> its rules in first-seen order.
using GroupMap = std::map<std::string, std::vector<RuleEntry>>;

WafStatement AllOf(const std::vector<WafStatement>& scope) {
  if (scope.size() == 1) return scope[0];
  WafStatement s;
  s.kind = WafStatement::Kind::kAnd;
  s.children = scope;
  return s;
}

void AddToGroup(ExclusionRules rules, const std::string& id, std::vector<RuleEntry>* group) {
  for (RuleEntry& e : *group) {
    if (e.rules.rule != rules.rule) continue;
    WafStatement any;
    if (e.ids.size() == 1) {
      any.kind = WafStatement::Kind::kOr;
      any.children.push_back(AllOf(e.rules.scope));
    } else {
      any = e.rules.scope[0];
    }
    any.children.push_back(AllOf(rules.scope));
    e.rules.scope = {std::move(any)};
    e.ids.push_back(id);
    e.rules.label_rule_name = "waftune-" + e.rules.rule + "-except-" +
                              std::to_string(e.ids.size()) + "-scopes";
    return;
  }
  group->push_back({std::move(rules), {id}});
}

void AppendGroupRuleJson(const std::vector<RuleEntry>& entries, int priority, std::string* out) {
  const ExclusionRules& r = entries[0].rules;
  *out += "{\"Name\":";
  AppendJsonString(out, r.group_rule_name);
  *out += ",\"Priority\":" + std::to_string(priority) +
          ",\"Statement\":{\"ManagedRuleGroupStatement\":{\"VendorName\":";
  AppendJsonString(out, r.vendor);
  *out += ",\"Name\":";
  AppendJsonString(out, r.group_name);
  *out += ",\"RuleActionOverrides\":[";
  for (size_t i = 0; i < entries.size(); ++i) {
    *out += i ? ",{\"Name\":" : "{\"Name\":";
    AppendJsonString(out, entries[i].rules.rule);
    *out += ",\"ActionToUse\":{\"Count\":{}}}";
  }
  *out += "]}},\"OverrideAction\":{\"None\":{}},\"VisibilityConfig\":{"
          "\"SampledRequestsEnabled\":true,\"CloudWatchMetricsEnabled\":true,\"MetricName\":";
  AppendJsonString(out, r.group_rule_name);
  *out += "}}";
}

std::string GroupRuleHcl(const std::vector<RuleEntry>& entries, int priority) {
  const ExclusionRules& r = entries[0].rules;
  std::string out = "# Merge into your existing " + r.group_rule_name +
                    " rule: keep its version, configs and other overrides.\n";
  out += "rule {\n  name = " + HclString(r.group_rule_name) + "\n  priority = " +
         std::to_string(priority) +
         "\n  override_action {\n    none {}\n  }\n  statement {\n"
         "    managed_rule_group_statement {\n      name = " + HclString(r.group_name) +
         "\n      vendor_name = " + HclString(r.vendor) + "\n";
  for (const RuleEntry& e : entries) {
    out += "      rule_action_override {\n        name = " + HclString(e.rules.rule) +
           "\n        action_to_use {\n          count {}\n        }\n      }\n";
  }
  out += "    }\n  }\n  visibility_config {\n    cloudwatch_metrics_enabled = true\n"
         "    metric_name = " + HclString(r.group_rule_name) +
         "\n    sampled_requests_enabled = true\n  }\n}\n";
  return out;
}

// The label rule(s) of one entry as HCL: RenderTerraform's output without
// its group rule block (written once per group by GroupRuleHcl).
std::string LabelRulesHcl(const ExclusionRules& rules, int* label_rules) {
  TerraformOutput t = RenderTerraform(rules, {});
  *label_rules = t.label_rules;
  const std::string& body = t.web_acl_body;
  size_t start = body.find("rule {\n");
  size_t end = body.find("\n}\n", start == std::string::npos ? 0 : start);
  if (start == std::string::npos || end == std::string::npos) return body;
  std::string group = body.substr(start, end - start);
  if (group.find("managed_rule_group_statement") == std::string::npos) return body;
  return body.substr(end + 3);
}

std::string HeredocSafe(std::string json) {
  // ${ and %{ start template sequences even in a heredoc.
  for (const char* seq : {"${", "%{"}) {
    for (size_t at = json.find(seq); at != std::string::npos; at = json.find(seq, at + 3)) {
      json.insert(at, 1, seq[0]);
    }
  }
  return json;
}

// Builds every kept suggestion's rules; skipped ones become notes.
GroupMap BuildGroups(const ManagedCatalog* catalog, const std::vector<SuggestionFinding>& list,
                     std::vector<std::string>* order, std::vector<std::string>* notes) {
  GroupMap groups;
  for (const SuggestionFinding& s : list) {
    if (!s.kept) continue;
    const ManagedRuleInfo* r = catalog ? catalog->FindRule(s.rule_group, s.rule) : nullptr;
    const ManagedGroupInfo* g = catalog ? catalog->FindGroup(s.rule_group) : nullptr;
    ExclusionTarget target;
    target.label = r ? r->label : "";
    target.web_acl_rule_name = !s.web_acl_rule.empty() ? s.web_acl_rule
                               : g ? g->web_acl_rule_name : "";
    EmitOptions eo;
    eo.name_prefix = "waftune-";
    auto rules = BuildExclusionRules(s.exclusion, target, eo);
    if (!rules.ok() || !rules->ip_sets.empty()) {
      notes->push_back(s.exclusion.id + " left out: " +
                       (rules.ok() ? std::string("uses IP sets") : rules.status().message()));
      continue;
    }
    if (!groups.count(rules->group_rule_name)) order->push_back(rules->group_rule_name);
    AddToGroup(std::move(*rules), s.exclusion.id, &groups[rules->group_rule_name]);
  }
  return groups;
}

}  // namespace

void EmitSuggestionArtefacts(const ManagedCatalog* catalog,
                             std::vector<SuggestionFinding>* suggestions) {
  for (SuggestionFinding& s : *suggestions) {
    if (!s.kept) continue;
    const ManagedGroupInfo* g = catalog ? catalog->FindGroup(s.rule_group) : nullptr;
    const ManagedRuleInfo* r = catalog ? catalog->FindRule(s.rule_group, s.rule) : nullptr;
    // Not deployable as printed: rejected, whatever the replay said.
    if (r == nullptr || r->label.empty()) {
      s.Decide(SuggestionVerdict::kRejected,
               "the catalog has no label for this rule; cannot emit the label rule");
      continue;
    }
    ExclusionTarget target;
    target.label = r->label;
    target.web_acl_rule_name = !s.web_acl_rule.empty() ? s.web_acl_rule
                               : g ? g->web_acl_rule_name : "";
    if (s.web_acl_rule.empty()) s.web_acl_rule = target.web_acl_rule_name;
    EmitOptions eo;
    eo.name_prefix = "waftune-";
    auto rules = BuildExclusionRules(s.exclusion, target, eo);
    if (!rules.ok()) {
      s.Decide(SuggestionVerdict::kRejected, "cannot emit: " + rules.status().message());
      continue;
    }
    s.wafv2_json = RenderWafv2Json(*rules);
    s.terraform = RenderTerraform(*rules, {}).web_acl_body;
  }
}

void WriteSuggestionsJson(const std::vector<SuggestionFinding>& list, JsonWriter* w) {
  w->BeginArray();
  for (const SuggestionFinding& s : list) {
    w->BeginObject();
    w->Key("rule_group");
    w->String(s.rule_group);
    w->Key("rule");
    w->String(s.rule);
    w->Key("web_acl_rule");
    w->String(s.web_acl_rule);
    w->Key("kept");
    w->Bool(s.kept);
    w->Key("verdict");
    w->String(SuggestionVerdictName(s.verdict));
    w->Key("reason");
    w->String(s.reason);
    w->Key("scope");
    WriteWhen(s.exclusion, w);
    w->Key("exclusion");
    WriteExclusion(s.exclusion, w);
    w->Key("replay");
    WriteReplay(s, w);
    w->Key("wafv2");
    if (s.wafv2_json.empty()) {
      w->Null();
    } else {
      w->Raw(s.wafv2_json);
    }
    w->Key("terraform");
    if (s.terraform.empty()) {
      w->Null();
    } else {
      w->String(s.terraform);
    }
    w->EndObject();
  }
  w->EndArray();
}

CombinedSet CombineKept(const ManagedCatalog* catalog,
                        const std::vector<SuggestionFinding>& list) {
  CombinedSet out;
  std::vector<std::string> order;
  GroupMap groups = BuildGroups(catalog, list, &order, &out.notes);
  std::string rules_json = "[", hcl;
  bool deep = false;
  int priority = 0;
  for (const std::string& name : order) {
    std::vector<RuleEntry>& entries = groups[name];
    if (rules_json.size() > 1) rules_json += ",";
    AppendGroupRuleJson(entries, priority, &rules_json);
    hcl += GroupRuleHcl(entries, priority);
    int next = priority + 1;
    for (RuleEntry& e : entries) {
      e.rules.group_priority = priority;
      e.rules.label_rule_priority = next;
      rules_json += ",";
      // RenderWafv2RulesArray is [group, label]: keep the label rule only.
      std::string pair = RenderWafv2RulesArray(e.rules);
      rules_json += pair.substr(pair.find(",{\"Name\":", pair.find("\"OverrideAction\"")) + 1,
                                std::string::npos);
      rules_json.pop_back();  // The array's closing bracket.
      deep = deep || (e.ids.size() > 1 &&
                      StatementDepth(LabelRuleStatement(e.rules)) > kTerraformMaxStatementDepth);
      int used = 1;
      hcl += "# Label rule for " + e.rules.rule + " (suggestions";
      for (const std::string& id : e.ids) hcl += " " + id;
      hcl += ")\n" + LabelRulesHcl(e.rules, &used);
      next += std::max(used, 1);
    }
    priority = next;
  }
  rules_json += "]";
  out.wafv2_json = "{\"rules\":" + rules_json + "}";
  out.terraform = hcl;
  if (deep) {
    out.terraform =
        "# rule_json: a merged scope is deeper than the provider's 3 statement levels.\n"
        "# rule_json conflicts with rule blocks: move every rule of this web ACL into it.\n"
        "rule_json = <<-WAFTUNE_RULES_JSON\n" + HeredocSafe(rules_json) + "\nWAFTUNE_RULES_JSON\n";
  }
  return out;
}

std::string EmitKept(const ManagedCatalog* catalog, const std::vector<SuggestionFinding>& list,
                     const std::string& what) {
  if (what == "exclusions") {
    std::vector<Exclusion> kept;
    for (const SuggestionFinding& s : list) {
      if (s.kept) kept.push_back(s.exclusion);
    }
    return ExclusionsToJson(kept);
  }
  CombinedSet set = CombineKept(catalog, list);
  std::string notes;
  for (const std::string& n : set.notes) notes += "# " + n + "\n";
  if (what == "wafv2") return set.wafv2_json + "\n";
  return notes + set.terraform;
}

}  // namespace waftune
