#include "report/terraform_emitter.h"

#include <algorithm>
#include <cctype>

#include "report/json_escape.h"

namespace waftune {
namespace {

using Kind = WafStatement::Kind;
using Field = WafStatement::Field;

constexpr size_t kMaxNameLength = 128;

// Indented HCL text, two spaces per level.
class HclWriter {
 public:
  explicit HclWriter(std::string* out, int indent = 0)
      : out_(out), indent_(indent) {}
  void Line(std::string_view text) {
    out_->append(static_cast<size_t>(indent_) * 2, ' ');
    out_->append(text);
    out_->push_back('\n');
  }
  void Open(std::string_view header) {
    Line(std::string(header) + " {");
    ++indent_;
  }
  void Close() {
    --indent_;
    Line("}");
  }
  void Attr(std::string_view key, std::string_view raw) {
    Line(std::string(key) + " = " + std::string(raw));
  }
  void Str(std::string_view key, std::string_view value) {
    Attr(key, HclString(value));
  }
  // `outer {` / `inner {}` / `}`: HCL forbids a nested block inside a
  // single-line block, so `action { block {} }` is a syntax error.
  void Nested(std::string_view outer, std::string_view inner) {
    Open(outer);
    Line(std::string(inner) + " {}");
    Close();
  }
  // A comment line; control characters would end the comment early.
  void Comment(std::string_view text) {
    std::string clean(text);
    for (char& c : clean) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
        c = ' ';
    }
    Line("# " + clean);
  }

 private:
  std::string* out_;
  int indent_;
};

std::string TerraformIpSetName(const WafIpSet& set) {
  const unsigned char first = static_cast<unsigned char>(set.name.front());
  return std::isalpha(first) || first == '_' ? set.name : "ipset_" + set.name;
}

std::string StringList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i)
      out += ", ";
    out += HclString(items[i]);
  }
  return out + "]";
}

void WriteFieldToMatch(HclWriter* w, const WafStatement& s) {
  switch (s.field) {
    case Field::kUriPath:
      w->Nested("field_to_match", "uri_path");
      return;
    case Field::kMethod:
      w->Nested("field_to_match", "method");
      return;
    case Field::kQueryString:
      w->Nested("field_to_match", "query_string");
      return;
    case Field::kNone:
      w->Line("field_to_match {}");
      return;
    default:
      break;
  }
  w->Open("field_to_match");
  if (s.field == Field::kCookie) {
    w->Open("cookies");
    w->Open("match_pattern");
    w->Attr("included_cookies", StringList({s.field_name}));
    w->Close();
    w->Str("match_scope", "VALUE");
    w->Str("oversize_handling", "CONTINUE");
  } else {
    w->Open(s.field == Field::kSingleHeader ? "single_header"
                                            : "single_query_argument");
    w->Str("name", s.field_name);
  }
  w->Close();
  w->Close();
}

void WriteStatement(HclWriter* w, const ExclusionRules& r,
                    const WafStatement& s);

void WriteStatementBody(HclWriter* w, const ExclusionRules& r,
                        const WafStatement& s) {
  switch (s.kind) {
    case Kind::kAnd:
    case Kind::kOr:
      w->Open(s.kind == Kind::kAnd ? "and_statement" : "or_statement");
      for (const WafStatement& child : s.children)
        WriteStatement(w, r, child);
      w->Close();
      return;
    case Kind::kNot:
      w->Open("not_statement");
      WriteStatement(w, r, s.children.front());
      w->Close();
      return;
    case Kind::kLabelMatch:
      w->Open("label_match_statement");
      w->Str("scope", s.label_scope);
      w->Str("key", s.label_key);
      w->Close();
      return;
    case Kind::kGeoMatch:
      w->Open("geo_match_statement");
      w->Attr("country_codes", StringList(s.country_codes));
      w->Close();
      return;
    case Kind::kIpSetReference:
      w->Open("ip_set_reference_statement");
      w->Attr("arn", "aws_wafv2_ip_set." +
                         TerraformIpSetName(r.ip_sets[s.ip_set]) + ".arn");
      w->Close();
      return;
    case Kind::kRegexMatch:
      w->Open("regex_match_statement");
      w->Str("regex_string", s.regex);
      WriteFieldToMatch(w, s);
      w->Open("text_transformation");
      w->Attr("priority", "0");
      w->Str("type", s.transformation);
      w->Close();
      w->Close();
      return;
  }
}

void WriteStatement(HclWriter* w, const ExclusionRules& r,
                    const WafStatement& s) {
  w->Open("statement");
  WriteStatementBody(w, r, s);
  w->Close();
}

void WriteVisibility(HclWriter* w, const ExclusionRules& r,
                     std::string_view metric) {
  w->Open("visibility_config");
  w->Attr("cloudwatch_metrics_enabled",
          r.cloudwatch_metrics_enabled ? "true" : "false");
  w->Str("metric_name", metric);
  w->Attr("sampled_requests_enabled",
          r.sampled_requests_enabled ? "true" : "false");
  w->Close();
}

void WriteGroupRule(HclWriter* w, const ExclusionRules& r) {
  w->Comment("Merge into your existing " + r.group_rule_name +
             " rule: keep its version, configs and other overrides.");
  w->Open("rule");
  w->Str("name", r.group_rule_name);
  w->Attr("priority", std::to_string(r.group_priority));
  w->Nested("override_action", "none");
  w->Open("statement");
  w->Open("managed_rule_group_statement");
  w->Str("name", r.group_name);
  w->Str("vendor_name", r.vendor);
  w->Open("rule_action_override");
  w->Str("name", r.rule);
  w->Nested("action_to_use", "count");
  w->Close();
  w->Close();
  w->Close();
  WriteVisibility(w, r, r.group_rule_name);
  w->Close();
}

void WriteLabelRule(HclWriter* w, const ExclusionRules& r,
                    const std::string& name, int priority,
                    const WafStatement& statement) {
  w->Open("rule");
  w->Str("name", name);
  w->Attr("priority", std::to_string(priority));
  w->Nested("action", "block");
  WriteStatement(w, r, statement);
  WriteVisibility(w, r, name);
  w->Close();
}

// Rule i of the split form: And(Label, C1..Ci-1, Not(each pattern of Ci)).
WafStatement SplitRuleStatement(const ExclusionRules& r, size_t i) {
  WafStatement all;
  all.kind = Kind::kAnd;
  WafStatement label;
  label.kind = Kind::kLabelMatch;
  label.label_scope = "LABEL";
  label.label_key = r.label;
  all.children.push_back(std::move(label));
  for (size_t j = 0; j < i; ++j)
    all.children.push_back(r.scope[j]);
  const WafStatement& ci = r.scope[i];
  const std::vector<WafStatement> single = {ci};
  for (const WafStatement& leaf : ci.IsLeaf() ? single : ci.children) {
    WafStatement negated;
    negated.kind = Kind::kNot;
    negated.children.push_back(leaf);
    all.children.push_back(std::move(negated));
  }
  return all;
}

void WriteSplitRules(HclWriter* w, const ExclusionRules& r,
                     TerraformOutput* out) {
  w->Comment(
      "The scope needs more than the provider's 3 statement levels, so it is");
  w->Comment(
      "split into equivalent rules: block the label unless ALL conditions "
      "hold.");
  const std::vector<WafStatement> split = SplitLabelRuleStatements(r);
  for (size_t i = 0; i < split.size(); ++i) {
    const std::string suffix = "-" + std::to_string(i + 1);
    const std::string name =
        r.label_rule_name.substr(0, kMaxNameLength - suffix.size()) + suffix;
    WriteLabelRule(w, r, name, r.label_rule_priority + static_cast<int>(i),
                   split[i]);
  }
  out->label_rules = static_cast<int>(r.scope.size());
}

// Heredoc templates do not interpret backslash escapes, only ${ and %{.
std::string EscapeTemplateSequences(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '$' || s[i] == '%') && i + 1 < s.size() && s[i + 1] == '{') {
      out.push_back(s[i]);
    }
    out.push_back(s[i]);
  }
  return out;
}

void WriteRuleJson(HclWriter* w, const ExclusionRules& r,
                   TerraformOutput* out) {
  std::string json = EscapeTemplateSequences(RenderWafv2RulesArray(r));
  for (const WafIpSet& set : r.ip_sets) {
    const std::string ref =
        "${aws_wafv2_ip_set." + TerraformIpSetName(set) + ".arn}";
    for (size_t at = json.find(set.placeholder_arn); at != std::string::npos;
         at = json.find(set.placeholder_arn, at + ref.size())) {
      json.replace(at, set.placeholder_arn.size(), ref);
    }
  }
  w->Comment(
      "rule_json: the scope is deeper than the provider's 3 statement levels.");
  w->Comment(
      "rule_json conflicts with rule blocks: move every rule of this web ACL");
  w->Comment("into it. The provider does not detect drift for rule_json.");
  w->Line("rule_json = <<-WAFTUNE_RULES_JSON");
  w->Line(json);
  w->Line("WAFTUNE_RULES_JSON");
  out->uses_rule_json = true;
  out->label_rules = 1;
}

void WriteIpSets(const ExclusionRules& r, std::string* out) {
  HclWriter w(out);
  for (const WafIpSet& set : r.ip_sets) {
    w.Open("resource \"aws_wafv2_ip_set\" " +
           HclString(TerraformIpSetName(set)));
    w.Str("name", set.name);
    w.Str("scope", set.scope);
    w.Str("ip_address_version", set.ip_address_version);
    w.Attr("addresses", StringList(set.addresses));
    w.Close();
  }
}

}  // namespace

std::string HclString(std::string_view s) {
  std::string out = "\"";
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t start = pos;
    const int32_t cp = NextUtf8CodePoint(s, &pos);
    const bool before_brace = pos < s.size() && s[pos] == '{';
    switch (cp) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '$':
        out += before_brace ? "$$" : "$";
        continue;
      case '%':
        out += before_brace ? "%%" : "%";
        continue;
      default:
        break;
    }
    if (cp < 0) {
      out += "\\uFFFD";
    } else if (cp < 0x20 || cp == 0x7F) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += "\\u00";
      out.push_back(kHex[cp >> 4]);
      out.push_back(kHex[cp & 0xF]);
    } else {
      out.append(s.substr(start, pos - start));
    }
  }
  return out + "\"";
}

std::vector<WafStatement> SplitLabelRuleStatements(
    const ExclusionRules& rules) {
  std::vector<WafStatement> out;
  for (size_t i = 0; i < rules.scope.size(); ++i) {
    out.push_back(SplitRuleStatement(rules, i));
  }
  return out;
}

int StatementDepth(const WafStatement& s) {
  int deepest = 0;
  for (const WafStatement& child : s.children) {
    deepest = std::max(deepest, StatementDepth(child));
  }
  return 1 + deepest;
}

TerraformOutput RenderTerraform(const ExclusionRules& rules,
                                const TerraformOptions& options) {
  TerraformOutput out;
  HclWriter w(&out.web_acl_body);
  const WafStatement statement = LabelRuleStatement(rules);
  const bool fits = StatementDepth(statement) <= kTerraformMaxStatementDepth;
  if (!fits && options.deep_scope == TerraformOptions::DeepScope::kRuleJson) {
    WriteRuleJson(&w, rules, &out);
  } else {
    WriteGroupRule(&w, rules);
    if (fits) {
      WriteLabelRule(&w, rules, rules.label_rule_name,
                     rules.label_rule_priority, statement);
      out.label_rules = 1;
    } else {
      WriteSplitRules(&w, rules, &out);
    }
  }
  WriteIpSets(rules, &out.resources);
  return out;
}

Result<TerraformOutput> EmitTerraform(const Exclusion& exclusion,
                                      const ExclusionTarget& target,
                                      const EmitOptions& options,
                                      const TerraformOptions& tf_options) {
  Result<ExclusionRules> rules =
      BuildExclusionRules(exclusion, target, options);
  if (!rules.ok())
    return rules.status();
  return RenderTerraform(rules.value(), tf_options);
}

}  // namespace waftune
