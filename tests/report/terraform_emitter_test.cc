#include "report/terraform_emitter.h"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../tools/node_validator.h"

namespace waftune {
namespace {

using F = ConditionField;

Condition When(F field, std::vector<std::string> patterns,
               std::string name = "") {
  Condition c;
  c.field = field;
  c.name = std::move(name);
  c.patterns = std::move(patterns);
  return c;
}

Exclusion Crs(std::string id, std::vector<Condition> when) {
  Exclusion e;
  e.id = std::move(id);
  e.rule_group = "AWS#AWSManagedRulesCommonRuleSet";
  e.rule = "SizeRestrictions_BODY";
  e.when = std::move(when);
  return e;
}

ExclusionTarget Target() {
  ExclusionTarget t;
  t.label = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body";
  t.web_acl_rule_name = "AWS-AWSManagedRulesCommonRuleSet";
  t.group_priority = 10;
  return t;
}

TerraformOutput Emit(const Exclusion& e,
                     TerraformOptions::DeepScope deep =
                         TerraformOptions::DeepScope::kSplitRules) {
  TerraformOptions o;
  o.deep_scope = deep;
  Result<TerraformOutput> r = EmitTerraform(e, Target(), EmitOptions(), o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r.value() : TerraformOutput();
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(HclStringTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(HclString("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(HclString("l1\nl2\r\t"), R"("l1\nl2\r\t")");
  EXPECT_EQ(HclString(std::string("\0\x1b\x7f", 3)), R"("\u0000\u001B\u007F")");
}

TEST(HclStringTest, EscapesTemplateSequencesOnlyBeforeABrace) {
  EXPECT_EQ(HclString("${jndi:x}"), R"("$${jndi:x}")");
  EXPECT_EQ(HclString("%{if x}"), R"("%%{if x}")");
  EXPECT_EQ(HclString("$${already}"), R"("$$${already}")");
  EXPECT_EQ(HclString("100% $5 {x}"), R"("100% $5 {x}")");
  EXPECT_EQ(HclString("end$"), R"("end$")");
}

TEST(HclStringTest, KeepsUnicodeAndReplacesInvalidUtf8) {
  EXPECT_EQ(HclString("caf\u00e9 \u2028"), "\"caf\u00e9 \u2028\"");
  EXPECT_EQ(HclString("a\xff\xc0\xafz"), R"("a\uFFFD\uFFFD\uFFFDz")");
}

TEST(TerraformEmitterTest, SingleConditionFitsInThreeLevels) {
  const TerraformOutput out =
      Emit(Crs("upload", {When(F::kUri, {"^/api/upload(?:/|$)"})}));
  const std::string& hcl = out.web_acl_body;
  EXPECT_FALSE(out.uses_rule_json);
  EXPECT_EQ(out.label_rules, 1);
  EXPECT_EQ(Count(hcl, "\nrule {"), 2u) << hcl;
  EXPECT_TRUE(Contains(hcl, "  override_action {\n    none {}\n  }\n")) << hcl;
  EXPECT_TRUE(Contains(
      hcl,
      "      rule_action_override {\n        name = \"SizeRestrictions_BODY\"\n"
      "        action_to_use {\n          count {}\n        }\n"));
  EXPECT_TRUE(Contains(
      hcl,
      "  name = \"SizeRestrictions_BODY-except-upload\"\n  priority = 11\n"
      "  action {\n    block {}\n  }\n"));
  EXPECT_TRUE(Contains(
      hcl,
      "            regex_match_statement {\n"
      "              regex_string = \"^/api/upload(?:/|$)\"\n"
      "              field_to_match {\n                uri_path {}\n"));
  EXPECT_TRUE(out.resources.empty());
}

TEST(TerraformEmitterTest, MapsFieldsToProviderBlocks) {
  const TerraformOutput out =
      Emit(Crs("f", {When(F::kCookie, {"^v1$"}, "prefs")}));
  EXPECT_TRUE(Contains(out.web_acl_body, "cookies {\n"));
  EXPECT_TRUE(Contains(out.web_acl_body, "included_cookies = [\"prefs\"]"));
  EXPECT_TRUE(Contains(out.web_acl_body, "match_scope = \"VALUE\""));
  EXPECT_TRUE(Contains(out.web_acl_body, "oversize_handling = \"CONTINUE\""));
  const TerraformOutput arg = Emit(Crs("a", {When(F::kArg, {"^x$"}, "next")}));
  EXPECT_TRUE(Contains(arg.web_acl_body, "single_query_argument {\n"));
  EXPECT_TRUE(Contains(arg.web_acl_body, "type = \"URL_DECODE\""));
  const TerraformOutput geo =
      Emit(Crs("g", {When(F::kCountry, {"^(?:US|CA)$"})}));
  EXPECT_TRUE(Contains(geo.web_acl_body, "country_codes = [\"CA\", \"US\"]"));
}

TEST(TerraformEmitterTest, DeepScopeIsSplitIntoRulesOfAtMostThreeLevels) {
  const TerraformOutput out =
      Emit(Crs("cms", {When(F::kMethod, {"^POST$", "^PUT$"}),
                       When(F::kUri, {"^/admin/"}),
                       When(F::kHeader, {"^text/"}, "Content-Type")}));
  EXPECT_EQ(out.label_rules, 3);
  EXPECT_TRUE(Contains(
      out.web_acl_body,
      "name = \"SizeRestrictions_BODY-except-cms-1\"\n  priority = 11\n"));
  EXPECT_TRUE(Contains(
      out.web_acl_body,
      "name = \"SizeRestrictions_BODY-except-cms-3\"\n  priority = 13\n"));
  EXPECT_TRUE(Contains(out.web_acl_body, "# The scope needs more than"));
}

// Evaluates a statement with each regex leaf's truth taken from `truth`.
bool Eval(const WafStatement& s, const std::map<std::string, bool>& truth) {
  using K = WafStatement::Kind;
  switch (s.kind) {
    case K::kAnd:
      for (const auto& c : s.children)
        if (!Eval(c, truth))
          return false;
      return true;
    case K::kOr:
      for (const auto& c : s.children)
        if (Eval(c, truth))
          return true;
      return false;
    case K::kNot:
      return !Eval(s.children.front(), truth);
    case K::kLabelMatch:
      return true;  // The request carries the label.
    default:
      return truth.at(s.regex);
  }
}

TEST(TerraformEmitterTest, SplitRulesBlockExactlyWhatTheSingleRuleBlocks) {
  Result<ExclusionRules> rules = BuildExclusionRules(
      Crs("eq", {When(F::kMethod, {"^A$", "^B$"}), When(F::kUri, {"^C$"}),
                 When(F::kArgs, {"^D$", "^E$"})}),
      Target(), EmitOptions());
  ASSERT_TRUE(rules.ok());
  const WafStatement single = LabelRuleStatement(rules.value());
  EXPECT_GT(StatementDepth(single), kTerraformMaxStatementDepth);
  const std::vector<WafStatement> split =
      SplitLabelRuleStatements(rules.value());
  ASSERT_EQ(split.size(), 3u);
  for (const WafStatement& s : split)
    EXPECT_LE(StatementDepth(s), kTerraformMaxStatementDepth);
  const char* leaves[] = {"^A$", "^B$", "^C$", "^D$", "^E$"};
  int blocked = 0;
  for (int bits = 0; bits < 32; ++bits) {
    std::map<std::string, bool> truth;
    for (int i = 0; i < 5; ++i)
      truth[leaves[i]] = (bits >> i) & 1;
    bool any = false;
    for (const WafStatement& s : split)
      any = any || Eval(s, truth);
    EXPECT_EQ(any, Eval(single, truth)) << "assignment " << bits;
    blocked += any;
  }
  EXPECT_EQ(blocked, 32 - 3 * 1 * 3);  // Released: (A|B) & C & (D|E).
}

TEST(TerraformEmitterTest, RuleJsonOptionEmitsOneHeredocWithIpSetReferences) {
  const TerraformOutput out = Emit(
      Crs("ops",
          {When(F::kUri, {"^/ops/"}), When(F::kClientIp, {"192.0.2.0/24"})}),
      TerraformOptions::DeepScope::kRuleJson);
  EXPECT_TRUE(out.uses_rule_json);
  EXPECT_FALSE(Contains(out.web_acl_body, "rule {"));
  EXPECT_TRUE(Contains(out.web_acl_body,
                       "rule_json = <<-WAFTUNE_RULES_JSON\n[{\"Name\":"));
  EXPECT_TRUE(Contains(out.web_acl_body,
                       R"("ARN":"${aws_wafv2_ip_set.ops-ipv4.arn}")"));
  EXPECT_FALSE(Contains(out.web_acl_body, "ACCOUNT_ID"));
  EXPECT_TRUE(Contains(out.resources,
                       "resource \"aws_wafv2_ip_set\" \"ops-ipv4\" {\n"));
  EXPECT_TRUE(Contains(out.resources, "addresses = [\"192.0.2.0/24\"]"));
}

TEST(TerraformEmitterTest, IpSetOnlyScopeUsesAReference) {
  const TerraformOutput out =
      Emit(Crs("9lives", {When(F::kClientIp, {"2001:db8::/48"})}));
  EXPECT_TRUE(Contains(out.web_acl_body,
                       "arn = aws_wafv2_ip_set.ipset_9lives-ipv6.arn"));
  EXPECT_TRUE(Contains(out.resources, "ip_address_version = \"IPV6\""));
}

// --- Real HCL parser (@cdktf/hcl2json) ------------------------------------

std::vector<std::pair<std::string, Exclusion>> Variants() {
  return {
      {"uri", Crs("upload", {When(F::kUri, {"^/api/upload(?:/|$)"})})},
      {"method", Crs("m", {When(F::kMethod, {"^POST$"})})},
      {"args", Crs("a", {When(F::kArgs, {"^q=[a-z]+$"})})},
      {"arg", Crs("oauth", {When(F::kArg, {"^https://accounts\\.google\\.com/"},
                                 "redirect_uri")})},
      {"header",
       Crs("h", {When(F::kHeader, {"^ELB-HealthChecker/"}, "User-Agent")})},
      {"cookie", Crs("c", {When(F::kCookie, {"^[A-Za-z0-9%]+$"}, "prefs")})},
      {"label",
       Crs("l", {When(F::kLabel,
                      {"^awswaf:managed:aws:bot-control:bot:verified$"})})},
      {"labels",
       Crs("ls", {When(F::kLabel, {"^awswaf:managed:token:accepted$",
                                   "^awswaf:managed:aws:bot-control:"})})},
      {"country", Crs("g", {When(F::kCountry, {"^(?:US|CA)$"})})},
      {"client_ip",
       Crs("ip", {When(F::kClientIp, {"203.0.113.0/24", "2001:db8::/32"})})},
      {"list", Crs("list", {When(F::kUri, {"^/a/", "^/b/", "^/c/[0-9]+$"})})},
      {"deep", Crs("deep", {When(F::kMethod, {"^POST$", "^PUT$"}),
                            When(F::kUri, {"^/admin/"}),
                            When(F::kHeader, {"^text/html"}, "content-type"),
                            When(F::kClientIp, {"10.0.0.0/8"})})},
      {"hostile",
       Crs("evil\"id${x}",
           {When(F::kUri, {"^/a\"b\\\\c${x}%{y}$${z}</s>\u00e9\u2028\\t$"})})},
  };
}

TEST(TerraformEmitterValidationTest,
     EveryVariantParsesAndStaysWithinProviderLimits) {
  WAFTUNE_REQUIRE_VALIDATORS();
  std::vector<std::string> docs;
  std::vector<std::string> names;
  for (const auto& deep : {TerraformOptions::DeepScope::kSplitRules,
                           TerraformOptions::DeepScope::kRuleJson}) {
    for (const auto& [name, exclusion] : Variants()) {
      const TerraformOutput out = Emit(exclusion, deep);
      docs.push_back(out.web_acl_body);
      names.push_back(name);
      if (!out.resources.empty()) {
        docs.push_back("#raw\n" + out.resources);
        names.push_back(name + " resources");
      }
    }
  }
  const std::vector<std::string> results = testing::RunHclMulti(docs);
  for (size_t i = 0; i < docs.size(); ++i) {
    EXPECT_EQ(results[i], "ok") << names[i] << "\n" << docs[i];
  }
}

TEST(TerraformEmitterValidationTest, HostileStringsRoundTripThroughHcl) {
  WAFTUNE_REQUIRE_VALIDATORS();
  const std::string pattern =
      "^/q\"u\\\\o${t}%{e}$${f}</x>&\u00e9\u65e5\u2028\\n$";
  std::vector<std::string> docs;
  for (const auto& deep : {TerraformOptions::DeepScope::kSplitRules,
                           TerraformOptions::DeepScope::kRuleJson}) {
    // Two conditions so kRuleJson really emits rule_json.
    docs.push_back(
        Emit(Crs("rt", {When(F::kUri, {pattern}), When(F::kMethod, {"^GET$"})}),
             deep)
            .web_acl_body);
  }
  for (const std::string& result : testing::RunHclMulti(docs, &pattern)) {
    EXPECT_EQ(result, "ok");
  }
  const std::string other = pattern + "x";
  for (const std::string& result : testing::RunHclMulti(docs, &other)) {
    EXPECT_NE(result, "ok")
        << "round-trip check accepted a string that is not there";
  }
}

// The parser checks must reject broken HCL, or the tests above prove nothing.
TEST(TerraformEmitterValidationTest, ParserRejectsInvalidTerraform) {
  WAFTUNE_REQUIRE_VALIDATORS();
  const std::string good =
      Emit(Crs("upload", {When(F::kUri, {"^/api/upload"})})).web_acl_body;
  ASSERT_EQ(testing::RunNodeTool("parse_hcl.js", good).exit_code, 0);
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos)
      s.replace(at, from.size(), to);
    return s;
  };
  Result<ExclusionRules> deep = BuildExclusionRules(
      Crs("d", {When(F::kUri, {"^/a"}), When(F::kMethod, {"^GET$"})}), Target(),
      EmitOptions());
  ASSERT_TRUE(deep.ok());
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"single-line nested block",
       replaced("action {\n    block {}\n  }", "action { block {} }")},
      {"unescaped interpolation", replaced("^/api/upload", "^/api/${upload}")},
      {"template directive",
       replaced("^/api/upload", "^/api/%{ if true }x%{ endif }")},
      {"unterminated string", replaced("\"^/api/upload\"", "\"^/api/upload")},
      {"two actions", replaced("action {\n    block {}\n  }",
                               "action {\n    block {}\n  }\n  override_action "
                               "{\n    none {}\n  }")},
      {"missing visibility_config",
       replaced("visibility_config", "visibility_configx")},
      {"four statement levels",
       [&] {
         // The unsplit label rule And(Label, Not(And(...))) as rule blocks.
         std::string s = good;
         const std::string extra = R"(
rule {
  name = "too-deep"
  priority = 99
  action {
    block {}
  }
  statement {
    not_statement {
      statement {
        not_statement {
          statement {
            not_statement {
              statement {
                label_match_statement {
                  scope = "LABEL"
                  key   = "a:b"
                }
              }
            }
          }
        }
      }
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "too-deep"
    sampled_requests_enabled   = true
  }
}
)";
         return s + extra;
       }()},
      {"rule_json next to rule blocks", good + "rule_json = \"[]\"\n"},
      {"rule_json with an invalid rule",
       "rule_json = <<-EOT\n[{\"Name\":\"x\"}]\nEOT\n"},
  };
  std::vector<std::string> docs;
  for (const auto& item : broken)
    docs.push_back(item.second);
  const std::vector<std::string> results = testing::RunHclMulti(docs);
  for (size_t i = 0; i < broken.size(); ++i) {
    EXPECT_TRUE(results[i].starts_with("FAIL"))
        << "parser accepted: " << broken[i].first << "\n"
        << broken[i].second;
  }
}

}  // namespace
}  // namespace waftune
