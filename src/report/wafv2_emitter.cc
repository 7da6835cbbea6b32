#include "report/wafv2_emitter.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <re2/re2.h>

#include "match/aws_regex_check.h"
#include "match/cidr.h"
#include "report/json_escape.h"

namespace waftune {
namespace {

using Kind = WafStatement::Kind;
using Field = WafStatement::Field;

constexpr size_t kMaxNameLength = 128;
// AWS: "The name can be up to 30 characters long and isn't case sensitive"
// (FieldToMatch.SingleQueryArgument).
constexpr size_t kMaxQueryArgumentName = 30;

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

bool IsLabelChar(char c) {
  return IsNameChar(c) || c == ':';
}

// Our own copy of the contract's `when` key so the emitter does not depend
// on the exclusions parser being linked.
std::string WhenKey(const Condition& c) {
  static constexpr const char* kKeys[] = {"method", "uri",     "args",
                                          "arg:",   "header:", "cookie:",
                                          "label",  "country", "client_ip"};
  return kKeys[static_cast<int>(c.field)] + c.name;
}

Status ConditionError(const Exclusion& e, const Condition& c,
                      const std::string& why) {
  return Status::InvalidArgument("exclusion \"" + e.id + "\": when \"" +
                                 WhenKey(c) + "\": " + why);
}

std::string Sanitize(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (!IsNameChar(c))
      c = '_';
  }
  return out;
}

WafStatement Combine(Kind kind, std::vector<WafStatement> parts) {
  if (parts.size() == 1)
    return std::move(parts.front());
  WafStatement s;
  s.kind = kind;
  s.children = std::move(parts);
  return s;
}

Result<WafStatement> RegexCondition(const Exclusion& e, const Condition& c,
                                    Field field, std::string name,
                                    const char* transformation) {
  std::vector<WafStatement> leaves;
  for (const std::string& p : c.patterns) {
    Status s = CheckWafRegex(p);
    if (!s.ok())
      return ConditionError(e, c, s.message());
    WafStatement leaf;
    leaf.kind = Kind::kRegexMatch;
    leaf.field = field;
    leaf.field_name = name;
    leaf.regex = p;
    leaf.transformation = transformation;
    leaves.push_back(std::move(leaf));
  }
  return Combine(Kind::kOr, std::move(leaves));
}

// "^ns:label$" -> exact LABEL match; "^ns:" -> NAMESPACE match. Anything
// else is a real regex, which WAF's LabelMatchStatement cannot express.
Result<WafStatement> LabelCondition(const Exclusion& e, const Condition& c) {
  std::vector<WafStatement> leaves;
  for (std::string_view p : c.patterns) {
    const bool anchored = p.starts_with('^');
    if (anchored)
      p.remove_prefix(1);
    const bool exact = p.ends_with('$');
    if (exact)
      p.remove_suffix(1);
    const bool plain =
        !p.empty() && std::all_of(p.begin(), p.end(), IsLabelChar);
    if (!anchored || !plain || (!exact && !p.ends_with(':'))) {
      return ConditionError(e, c,
                            "WAF matches labels exactly, not by regex: use "
                            "\"^full:label$\" or a namespace \"^ns:\"");
    }
    WafStatement leaf;
    leaf.kind = Kind::kLabelMatch;
    leaf.label_scope = exact ? "LABEL" : "NAMESPACE";
    leaf.label_key = std::string(p);
    leaves.push_back(std::move(leaf));
  }
  return Combine(Kind::kOr, std::move(leaves));
}

// Accepts "^US$" and "^(?:US|CA)$"; appends the codes.
bool ParseCountryPattern(std::string_view p, std::vector<std::string>* codes) {
  if (!p.starts_with('^') || !p.ends_with('$'))
    return false;
  p = p.substr(1, p.size() - 2);
  if (p.starts_with("(?:") && p.ends_with(')'))
    p = p.substr(3, p.size() - 4);
  while (true) {
    const size_t bar = p.find('|');
    std::string_view code = p.substr(0, bar);
    if (code.size() != 2 ||
        !std::isupper(static_cast<unsigned char>(code[0])) ||
        !std::isupper(static_cast<unsigned char>(code[1]))) {
      return false;
    }
    codes->emplace_back(code);
    if (bar == std::string_view::npos)
      return true;
    p.remove_prefix(bar + 1);
  }
}

Result<WafStatement> CountryCondition(const Exclusion& e, const Condition& c) {
  WafStatement geo;
  geo.kind = Kind::kGeoMatch;
  for (const std::string& p : c.patterns) {
    if (!ParseCountryPattern(p, &geo.country_codes)) {
      return ConditionError(e, c,
                            "GeoMatchStatement needs a plain list of "
                            "country codes such as ^(?:US|CA)$");
    }
  }
  std::sort(geo.country_codes.begin(), geo.country_codes.end());
  geo.country_codes.erase(
      std::unique(geo.country_codes.begin(), geo.country_codes.end()),
      geo.country_codes.end());
  return geo;
}

std::string PlaceholderArn(const std::string& scope, const std::string& name) {
  return scope == "CLOUDFRONT"
             ? "arn:aws:wafv2:us-east-1:ACCOUNT_ID:global/ipset/" + name +
                   "/IPSET_ID"
             : "arn:aws:wafv2:REGION:ACCOUNT_ID:regional/ipset/" + name +
                   "/IPSET_ID";
}

Result<WafStatement> ClientIpCondition(const Exclusion& e, const Condition& c,
                                       const EmitOptions& options,
                                       ExclusionRules* rules) {
  std::vector<std::string> by_version[2];
  for (const std::string& p : c.patterns) {
    Result<Cidr> cidr = Cidr::Parse(p);
    if (!cidr.ok())
      return ConditionError(e, c, cidr.status().message());
    by_version[cidr->v4() ? 0 : 1].push_back(cidr->ToString());
  }
  std::vector<WafStatement> refs;
  for (int v6 = 0; v6 < 2; ++v6) {
    if (by_version[v6].empty())
      continue;
    WafIpSet set;
    const std::string suffix = v6 ? "-ipv6" : "-ipv4";
    set.name = (options.name_prefix + Sanitize(e.id.empty() ? e.rule : e.id))
                   .substr(0, kMaxNameLength - suffix.size()) +
               suffix;
    set.scope = options.ip_set_scope;
    set.ip_address_version = v6 ? "IPV6" : "IPV4";
    set.addresses = by_version[v6];
    set.placeholder_arn = PlaceholderArn(set.scope, set.name);
    WafStatement ref;
    ref.kind = Kind::kIpSetReference;
    ref.ip_set = rules->ip_sets.size();
    rules->notes.push_back("create IP set " + set.name + " and replace " +
                           set.placeholder_arn + " with its ARN");
    rules->ip_sets.push_back(std::move(set));
    refs.push_back(std::move(ref));
  }
  return Combine(Kind::kOr, std::move(refs));
}

Result<WafStatement> ConditionStatement(const Exclusion& e, const Condition& c,
                                        const EmitOptions& options,
                                        ExclusionRules* rules) {
  if (c.patterns.empty())
    return ConditionError(e, c, "no patterns");
  switch (c.field) {
    case ConditionField::kMethod:
      return RegexCondition(e, c, Field::kMethod, "", "NONE");
    case ConditionField::kUri:
      return RegexCondition(e, c, Field::kUriPath, "", "NONE");
    case ConditionField::kArgs:
      return RegexCondition(e, c, Field::kQueryString, "", "NONE");
    case ConditionField::kArg:
      if (c.name.empty() || c.name.size() > kMaxQueryArgumentName) {
        return ConditionError(e, c,
                              "WAF query argument names are 1..30 characters");
      }
      rules->notes.push_back(
          "WAF matches query argument names case-insensitively; \"" +
          WhenKey(c) + "\" may cover more than the replay did");
      // Our arg: conditions see URL-decoded values, so WAF must decode too.
      return RegexCondition(e, c, Field::kSingleQueryArgument, c.name,
                            "URL_DECODE");
    case ConditionField::kHeader: {
      std::string lower = c.name;
      for (char& ch : lower)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower.empty())
        return ConditionError(e, c, "empty header name");
      return RegexCondition(e, c, Field::kSingleHeader, lower, "NONE");
    }
    case ConditionField::kCookie:
      if (c.name.empty())
        return ConditionError(e, c, "empty cookie name");
      return RegexCondition(e, c, Field::kCookie, c.name, "NONE");
    case ConditionField::kLabel:
      return LabelCondition(e, c);
    case ConditionField::kCountry:
      return CountryCondition(e, c);
    case ConditionField::kClientIp:
      return ClientIpCondition(e, c, options, rules);
  }
  return ConditionError(e, c, "unknown condition");
}

Status CheckTarget(const Exclusion& e, const ExclusionTarget& t,
                   const EmitOptions& o) {
  const std::string who = "exclusion \"" + e.id + "\": ";
  if (e.rule.empty() || e.rule == "*" || !IsValidWafName(e.rule)) {
    return Status::InvalidArgument(
        who + "needs one named rule (\"*\" cannot be overridden by label)");
  }
  if (e.when.empty()) {
    return Status::InvalidArgument(
        who + "no conditions: it would disable the rule for all traffic");
  }
  if (!IsValidWafName(t.web_acl_rule_name) || t.web_acl_rule_name == "All" ||
      t.web_acl_rule_name == "Default_Action") {
    return Status::InvalidArgument(who + "invalid web ACL rule name \"" +
                                   t.web_acl_rule_name + "\"");
  }
  if (t.label.empty() ||
      !std::all_of(t.label.begin(), t.label.end(), IsLabelChar)) {
    return Status::InvalidArgument(who + "invalid label \"" + t.label + "\"");
  }
  if (!o.name_prefix.empty() && !IsValidWafName(o.name_prefix)) {
    return Status::InvalidArgument(who + "name prefix must be [A-Za-z0-9_-]");
  }
  if (o.ip_set_scope != "REGIONAL" && o.ip_set_scope != "CLOUDFRONT") {
    return Status::InvalidArgument(
        who + "IP set scope must be REGIONAL or CLOUDFRONT");
  }
  if (t.group_priority < 0 || (o.label_rule_priority >= 0 &&
                               o.label_rule_priority <= t.group_priority)) {
    return Status::InvalidArgument(
        who + "the label rule must come after the group (higher priority)");
  }
  return Status::Ok();
}

void AppendVisibility(std::string* out, const ExclusionRules& r,
                      const std::string& metric) {
  *out += "\"VisibilityConfig\":{\"SampledRequestsEnabled\":";
  *out += r.sampled_requests_enabled ? "true" : "false";
  *out += ",\"CloudWatchMetricsEnabled\":";
  *out += r.cloudwatch_metrics_enabled ? "true" : "false";
  *out += ",\"MetricName\":";
  AppendJsonString(out, metric);
  *out += "}";
}

void AppendFieldToMatch(std::string* out, const WafStatement& s) {
  switch (s.field) {
    case Field::kUriPath:
      *out += "{\"UriPath\":{}}";
      return;
    case Field::kMethod:
      *out += "{\"Method\":{}}";
      return;
    case Field::kQueryString:
      *out += "{\"QueryString\":{}}";
      return;
    case Field::kSingleQueryArgument:
      *out += "{\"SingleQueryArgument\":{\"Name\":";
      break;
    case Field::kSingleHeader:
      *out += "{\"SingleHeader\":{\"Name\":";
      break;
    case Field::kCookie:
      *out += "{\"Cookies\":{\"MatchPattern\":{\"IncludedCookies\":[";
      AppendJsonString(out, s.field_name);
      *out += "]},\"MatchScope\":\"VALUE\",\"OversizeHandling\":\"CONTINUE\"}}";
      return;
    case Field::kNone:
      *out += "{}";
      return;
  }
  AppendJsonString(out, s.field_name);
  *out += "}}";
}

void AppendLeafJson(std::string* out, const ExclusionRules& rules,
                    const WafStatement& s) {
  switch (s.kind) {
    case Kind::kLabelMatch:
      *out += "{\"LabelMatchStatement\":{\"Scope\":";
      AppendJsonString(out, s.label_scope);
      *out += ",\"Key\":";
      AppendJsonString(out, s.label_key);
      *out += "}}";
      return;
    case Kind::kGeoMatch:
      *out += "{\"GeoMatchStatement\":{\"CountryCodes\":[";
      for (size_t i = 0; i < s.country_codes.size(); ++i) {
        if (i)
          *out += ",";
        AppendJsonString(out, s.country_codes[i]);
      }
      *out += "]}}";
      return;
    case Kind::kIpSetReference:
      *out += "{\"IPSetReferenceStatement\":{\"ARN\":";
      AppendJsonString(out, rules.ip_sets[s.ip_set].placeholder_arn);
      *out += "}}";
      return;
    default:
      *out += "{\"RegexMatchStatement\":{\"RegexString\":";
      AppendJsonString(out, s.regex);
      *out += ",\"FieldToMatch\":";
      AppendFieldToMatch(out, s);
      *out += ",\"TextTransformations\":[{\"Priority\":0,\"Type\":";
      AppendJsonString(out, s.transformation);
      *out += "}]}}";
  }
}

void AppendGroupRuleJson(std::string* out, const ExclusionRules& r) {
  *out += "{\"Name\":";
  AppendJsonString(out, r.group_rule_name);
  *out += ",\"Priority\":" + std::to_string(r.group_priority);
  *out += ",\"Statement\":{\"ManagedRuleGroupStatement\":{\"VendorName\":";
  AppendJsonString(out, r.vendor);
  *out += ",\"Name\":";
  AppendJsonString(out, r.group_name);
  *out += ",\"RuleActionOverrides\":[{\"Name\":";
  AppendJsonString(out, r.rule);
  *out +=
      ",\"ActionToUse\":{\"Count\":{}}}]}},\"OverrideAction\":{\"None\":{}},";
  AppendVisibility(out, r, r.group_rule_name);
  *out += "}";
}

void AppendLabelRuleJson(std::string* out, const ExclusionRules& r) {
  *out += "{\"Name\":";
  AppendJsonString(out, r.label_rule_name);
  *out += ",\"Priority\":" + std::to_string(r.label_rule_priority);
  *out += ",\"Statement\":";
  AppendStatementJson(out, r, LabelRuleStatement(r));
  *out += ",\"Action\":{\"Block\":{}},";
  AppendVisibility(out, r, r.label_rule_name);
  *out += "}";
}

}  // namespace

bool IsValidWafName(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameLength &&
         std::all_of(name.begin(), name.end(), IsNameChar);
}

Status CheckWafRegex(std::string_view pattern) {
  Status s = CheckAwsRegex(pattern);
  if (!s.ok())
    return s;
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re(pattern, opts);
  if (!re.ok())
    return Status::InvalidArgument("RE2 rejects the pattern: " + re.error());
  if (re.NumberOfCapturingGroups() > 0) {
    return Status::InvalidArgument(
        "AWS WAF rejects capturing groups: use (?:...)");
  }
  // CheckAwsRegex allows these; WAF support is unconfirmed (managed-rules.md
  // section 5), and an emitted rule the API rejects is worse than no rule.
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    const char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
    if (c == '\\') {
      if (next == 'p' || next == 'P') {
        return Status::InvalidArgument(
            "Unicode property classes are not in the WAF subset");
      }
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
      if (next == '^')
        ++i;
      if (i + 1 < pattern.size() && pattern[i + 1] == ']')
        ++i;
    } else if (c == '(' && next == '?' && i + 2 < pattern.size() &&
               pattern[i + 2] != ':') {
      return Status::InvalidArgument(
          "inline flags are not in the WAF subset (use a LOWERCASE text "
          "transformation instead of (?i))");
    }
  }
  return Status::Ok();
}

Result<ExclusionRules> BuildExclusionRules(const Exclusion& exclusion,
                                           const ExclusionTarget& target,
                                           const EmitOptions& options) {
  Status s = CheckTarget(exclusion, target, options);
  if (!s.ok())
    return s;
  ExclusionRules r;
  const std::string_view group = exclusion.rule_group;
  const size_t hash = group.find('#');
  if (hash == std::string_view::npos || hash == 0 || hash + 1 == group.size()) {
    return Status::InvalidArgument("exclusion \"" + exclusion.id +
                                   "\": rule_group must be VENDOR#Name");
  }
  r.vendor = std::string(group.substr(0, hash));
  r.group_name =
      std::string(group.substr(hash + 1, group.find('#', hash + 1) - hash - 1));
  r.rule = exclusion.rule;
  r.group_rule_name = target.web_acl_rule_name;
  r.group_priority = target.group_priority;
  r.label = target.label;
  r.label_rule_priority = options.label_rule_priority >= 0
                              ? options.label_rule_priority
                              : target.group_priority + 1;
  r.label_rule_name =
      (options.name_prefix + exclusion.rule + "-except" +
       (exclusion.id.empty() ? "" : "-" + Sanitize(exclusion.id)))
          .substr(0, kMaxNameLength);
  r.cloudwatch_metrics_enabled = options.cloudwatch_metrics_enabled;
  r.sampled_requests_enabled = options.sampled_requests_enabled;
  for (const Condition& c : exclusion.when) {
    Result<WafStatement> st = ConditionStatement(exclusion, c, options, &r);
    if (!st.ok())
      return st.status();
    r.scope.push_back(std::move(st.value()));
  }
  r.notes.push_back("merge the RuleActionOverrides entry into your existing " +
                    r.group_rule_name +
                    " rule (keep its version, configs and other overrides)");
  r.notes.push_back(
      "regex conditions use RegexMatchStatement, not a regex pattern set "
      "(sets are limited to 10 patterns and 10 sets per account and Region)");
  return r;
}

WafStatement LabelRuleStatement(const ExclusionRules& rules) {
  WafStatement label;
  label.kind = Kind::kLabelMatch;
  label.label_scope = "LABEL";
  label.label_key = rules.label;
  WafStatement negated;
  negated.kind = Kind::kNot;
  negated.children.push_back(Combine(Kind::kAnd, rules.scope));
  std::vector<WafStatement> both;
  both.push_back(std::move(label));
  both.push_back(std::move(negated));
  return Combine(Kind::kAnd, std::move(both));
}

void AppendStatementJson(std::string* out, const ExclusionRules& rules,
                         const WafStatement& s) {
  if (s.kind == Kind::kNot) {
    *out += "{\"NotStatement\":{\"Statement\":";
    AppendStatementJson(out, rules, s.children.front());
    *out += "}}";
    return;
  }
  if (s.kind != Kind::kAnd && s.kind != Kind::kOr) {
    AppendLeafJson(out, rules, s);
    return;
  }
  *out += s.kind == Kind::kAnd ? "{\"AndStatement\":{\"Statements\":["
                               : "{\"OrStatement\":{\"Statements\":[";
  for (size_t i = 0; i < s.children.size(); ++i) {
    if (i)
      *out += ",";
    AppendStatementJson(out, rules, s.children[i]);
  }
  *out += "]}}";
}

std::string RenderWafv2RulesArray(const ExclusionRules& rules) {
  std::string out = "[";
  AppendGroupRuleJson(&out, rules);
  out += ",";
  AppendLabelRuleJson(&out, rules);
  out += "]";
  return out;
}

std::string RenderWafv2Json(const ExclusionRules& rules) {
  std::string out = "{\"rules\":" + RenderWafv2RulesArray(rules);
  if (!rules.ip_sets.empty()) {
    out += ",\"ip_sets\":[";
    for (size_t i = 0; i < rules.ip_sets.size(); ++i) {
      const WafIpSet& set = rules.ip_sets[i];
      out += i ? ",{\"Name\":" : "{\"Name\":";
      AppendJsonString(&out, set.name);
      out += ",\"Scope\":";
      AppendJsonString(&out, set.scope);
      out += ",\"IPAddressVersion\":";
      AppendJsonString(&out, set.ip_address_version);
      out += ",\"Addresses\":[";
      for (size_t a = 0; a < set.addresses.size(); ++a) {
        if (a)
          out += ",";
        AppendJsonString(&out, set.addresses[a]);
      }
      out += "]}";
    }
    out += "]";
  }
  out += "}";
  return out;
}

Result<std::string> EmitWafv2Json(const Exclusion& exclusion,
                                  const ExclusionTarget& target,
                                  const EmitOptions& options) {
  Result<ExclusionRules> rules =
      BuildExclusionRules(exclusion, target, options);
  if (!rules.ok())
    return rules.status();
  return RenderWafv2Json(rules.value());
}

}  // namespace waftune
