#include "report/suggestion_writer.h"

#include <cstdio>

#include "logs/waf_record.h"
#include "match/exclusions_file.h"
#include "report/terraform_emitter.h"
#include "report/text_table.h"
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

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(part) /
                                               static_cast<double>(whole));
  return buf;
}

std::string ScopeText(const Exclusion& x) {
  std::string out;
  for (const Condition& c : x.when) {
    if (!out.empty()) out += " ";
    out += ConditionKey(c) + "=" + (c.patterns.empty() ? "" : c.patterns[0]);
  }
  return out;
}

}  // namespace

void EmitSuggestionArtefacts(const ManagedCatalog* catalog,
                             std::vector<SuggestionFinding>* suggestions) {
  for (SuggestionFinding& s : *suggestions) {
    if (!s.kept) continue;
    const ManagedGroupInfo* g = catalog ? catalog->FindGroup(s.rule_group) : nullptr;
    const ManagedRuleInfo* r = catalog ? catalog->FindRule(s.rule_group, s.rule) : nullptr;
    if (r == nullptr || r->label.empty()) {
      s.kept = false;
      s.reason = "the catalog has no label for this rule; cannot emit the label rule";
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
      s.kept = false;
      s.reason = "cannot emit: " + rules.status().message();
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

std::string SuggestionsToTable(const std::vector<SuggestionFinding>& list) {
  if (list.empty()) return "No candidate exclusions: no managed rule blocks mostly legitimate traffic.\n";
  TextTable t({{"Rule"}, {"Scope", false, true}, {"Released"}, {"Legit", true},
               {"Suspicious", true}, {"Coverage", true}, {"Verdict", false, true}});
  for (const SuggestionFinding& s : list) {
    uint64_t legit = s.replay.released_legitimate.value_or(0);
    t.AddRow({s.rule, ScopeText(s.exclusion), WithThousands(s.replay.released),
              Percent(legit, s.replay.released),
              Percent(s.replay.released_suspicious, s.replay.released),
              Percent(legit, s.rule_legitimate),
              (s.kept ? "keep: " : "reject: ") + s.reason});
  }
  return t.Render(160);
}

std::string EmitKept(const std::vector<SuggestionFinding>& list, const std::string& what) {
  std::string out;
  std::vector<Exclusion> kept;
  for (const SuggestionFinding& s : list) {
    if (!s.kept) continue;
    kept.push_back(s.exclusion);
    if (what == "wafv2") out += s.wafv2_json + "\n";
    if (what == "terraform") out += "# " + s.exclusion.id + ": " + s.rule + "\n" + s.terraform + "\n";
  }
  if (what == "exclusions") return ExclusionsToJson(kept);
  return out;
}

}  // namespace waftune
