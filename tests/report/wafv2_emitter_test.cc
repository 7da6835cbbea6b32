#include "report/wafv2_emitter.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../tools/node_validator.h"
#include "match/managed_catalog.h"

namespace waftune {
namespace {

Condition When(ConditionField field, std::vector<std::string> patterns,
               std::string name = "") {
  Condition c;
  c.field = field;
  c.name = std::move(name);
  c.patterns = std::move(patterns);
  return c;
}

Exclusion Crs(std::string id, std::string rule, std::vector<Condition> when) {
  Exclusion e;
  e.id = std::move(id);
  e.rule_group = "AWS#AWSManagedRulesCommonRuleSet";
  e.rule = std::move(rule);
  e.when = std::move(when);
  return e;
}

ExclusionTarget CrsTarget(
    std::string label =
        "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body") {
  ExclusionTarget t;
  t.label = std::move(label);
  t.web_acl_rule_name = "AWS-AWSManagedRulesCommonRuleSet";
  t.group_priority = 10;
  return t;
}

std::string Emit(const Exclusion& e, const ExclusionTarget& t = CrsTarget(),
                 const EmitOptions& o = EmitOptions()) {
  Result<std::string> r = EmitWafv2Json(e, t, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r.value() : "";
}

Status EmitError(const Exclusion& e, const ExclusionTarget& t = CrsTarget(),
                 const EmitOptions& o = EmitOptions()) {
  Result<std::string> r = EmitWafv2Json(e, t, o);
  EXPECT_FALSE(r.ok()) << "unexpectedly emitted: " << (r.ok() ? r.value() : "");
  return r.status();
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The AWS example of managed-rules.md 4.7, byte for byte (compact).
TEST(Wafv2EmitterTest, EmitsTheAwsRecommendedCountPlusLabelRuleForm) {
  const std::string json =
      Emit(Crs("upload", "SizeRestrictions_BODY",
               {When(ConditionField::kUri, {"^/api/upload(?:/|$)"})}));
  EXPECT_EQ(
      json,
      R"({"rules":[{"Name":"AWS-AWSManagedRulesCommonRuleSet","Priority":10,)"
      R"("Statement":{"ManagedRuleGroupStatement":{"VendorName":"AWS",)"
      R"("Name":"AWSManagedRulesCommonRuleSet","RuleActionOverrides":[{"Name":)"
      R"("SizeRestrictions_BODY","ActionToUse":{"Count":{}}}]}},"OverrideAction":)"
      R"({"None":{}},"VisibilityConfig":{"SampledRequestsEnabled":true,)"
      R"("CloudWatchMetricsEnabled":true,"MetricName":"AWS-AWSManagedRulesCommonRuleSet"}},)"
      R"({"Name":"SizeRestrictions_BODY-except-upload","Priority":11,"Statement":)"
      R"({"AndStatement":{"Statements":[{"LabelMatchStatement":{"Scope":"LABEL",)"
      R"("Key":"awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"}},)"
      R"({"NotStatement":{"Statement":{"RegexMatchStatement":{"RegexString":)"
      R"j("^/api/upload(?:/|$)","FieldToMatch":{"UriPath":{}},"TextTransformations":)j"
      R"([{"Priority":0,"Type":"NONE"}]}}}}]}},"Action":{"Block":{}},"VisibilityConfig":)"
      R"({"SampledRequestsEnabled":true,"CloudWatchMetricsEnabled":true,)"
      R"("MetricName":"SizeRestrictions_BODY-except-upload"}}]})");
}

TEST(Wafv2EmitterTest, TakesTheLabelFromTheCatalogNotFromTheRuleName) {
  Result<ManagedCatalog> catalog = LoadManagedCatalog(
      std::string(WAFTUNE_SOURCE_DIR) + "/rules/aws-managed");
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  const ManagedRuleInfo* rule = catalog->FindRule(
      "AWS#AWSManagedRulesCommonRuleSet", "UserAgent_BadBots_HEADER");
  ASSERT_NE(rule, nullptr);
  const std::string json =
      Emit(Crs("api-client", "UserAgent_BadBots_HEADER",
               {When(ConditionField::kHeader, {"^okhttp/"}, "User-Agent")}),
           CrsTarget(rule->label));
  EXPECT_TRUE(Contains(
      json, R"("Key":"awswaf:managed:aws:core-rule-set:BadBots_Header")"));
}

TEST(Wafv2EmitterTest, MapsEachConditionKindToItsFieldToMatch) {
  struct Case {
    Condition c;
    std::string expected;
  };
  const Case cases[] = {
      {When(ConditionField::kMethod, {"^POST$"}),
       R"("RegexString":"^POST$","FieldToMatch":{"Method":{}},"TextTransformations":[{"Priority":0,"Type":"NONE"}])"},
      {When(ConditionField::kArgs, {"^page=[0-9]+$"}),
       R"("FieldToMatch":{"QueryString":{}})"},
      {When(ConditionField::kArg, {"^https://app\\.example\\.com/"}, "next"),
       R"("FieldToMatch":{"SingleQueryArgument":{"Name":"next"}},"TextTransformations":[{"Priority":0,"Type":"URL_DECODE"}])"},
      {When(ConditionField::kHeader, {"^multipart/form-data"}, "Content-Type"),
       R"("FieldToMatch":{"SingleHeader":{"Name":"content-type"}})"},
      {When(ConditionField::kCookie, {"^[a-f0-9]{32}$"}, "session"),
       R"("FieldToMatch":{"Cookies":{"MatchPattern":{"IncludedCookies":["session"]},"MatchScope":"VALUE","OversizeHandling":"CONTINUE"}})"},
      {When(ConditionField::kLabel,
            {"^awswaf:managed:aws:bot-control:bot:verified$"}),
       R"({"LabelMatchStatement":{"Scope":"LABEL","Key":"awswaf:managed:aws:bot-control:bot:verified"}})"},
      {When(ConditionField::kLabel, {"^awswaf:managed:aws:bot-control:"}),
       R"({"LabelMatchStatement":{"Scope":"NAMESPACE","Key":"awswaf:managed:aws:bot-control:"}})"},
      {When(ConditionField::kCountry, {"^(?:US|CA)$", "^DE$"}),
       R"({"GeoMatchStatement":{"CountryCodes":["CA","DE","US"]}})"},
  };
  for (const Case& c : cases) {
    const std::string json = Emit(Crs("x", "SizeRestrictions_BODY", {c.c}));
    EXPECT_TRUE(Contains(json, c.expected)) << ConditionKey(c.c) << "\n"
                                            << json;
  }
}

TEST(Wafv2EmitterTest, ClientIpBecomesIpSetReferencesAndIpSetDefinitions) {
  const std::string json =
      Emit(Crs("office", "SizeRestrictions_BODY",
               {When(ConditionField::kClientIp,
                     {"203.0.113.0/24", "2001:db8::/32", "198.51.100.7"})}));
  EXPECT_TRUE(Contains(
      json,
      R"({"OrStatement":{"Statements":[{"IPSetReferenceStatement":{"ARN":"arn:aws:wafv2:REGION:ACCOUNT_ID:regional/ipset/office-ipv4/IPSET_ID"}},{"IPSetReferenceStatement":{"ARN":"arn:aws:wafv2:REGION:ACCOUNT_ID:regional/ipset/office-ipv6/IPSET_ID"}}]}})"))
      << json;
  EXPECT_TRUE(Contains(
      json,
      R"("ip_sets":[{"Name":"office-ipv4","Scope":"REGIONAL","IPAddressVersion":"IPV4","Addresses":["203.0.113.0/24","198.51.100.7/32"]},{"Name":"office-ipv6","Scope":"REGIONAL","IPAddressVersion":"IPV6","Addresses":["2001:db8::/32"]}])"))
      << json;
}

TEST(Wafv2EmitterTest, ListsBecomeOrAndSeveralConditionsBecomeAndUnderNot) {
  const std::string json =
      Emit(Crs("cms", "CrossSiteScripting_BODY",
               {When(ConditionField::kMethod, {"^POST$", "^PUT$"}),
                When(ConditionField::kUri, {"^/admin/cms/"})}));
  EXPECT_TRUE(Contains(
      json,
      R"({"NotStatement":{"Statement":{"AndStatement":{"Statements":[{"OrStatement":{"Statements":[{"RegexMatchStatement":{"RegexString":"^POST$")"))
      << json;
  EXPECT_TRUE(Contains(json, R"("RegexString":"^PUT$")"));
}

TEST(Wafv2EmitterTest, CloudFrontScopeAndOptionsShapeTheOutput) {
  EmitOptions o;
  o.name_prefix = "waftune-";
  o.label_rule_priority = 50;
  o.ip_set_scope = "CLOUDFRONT";
  o.sampled_requests_enabled = false;
  const std::string json =
      Emit(Crs("ops", "NoUserAgent_HEADER",
               {When(ConditionField::kClientIp, {"192.0.2.0/24"})}),
           CrsTarget(), o);
  EXPECT_TRUE(Contains(
      json, R"("Name":"waftune-NoUserAgent_HEADER-except-ops","Priority":50)"));
  EXPECT_TRUE(Contains(json,
                       "arn:aws:wafv2:us-east-1:ACCOUNT_ID:global/ipset/"
                       "waftune-ops-ipv4/IPSET_ID"));
  EXPECT_TRUE(Contains(json, R"("Scope":"CLOUDFRONT")"));
  EXPECT_TRUE(Contains(json, R"("SampledRequestsEnabled":false)"));
}

TEST(Wafv2EmitterTest, LongAndOddIdsGiveValidBoundedNames) {
  const std::string id = "weird id/with spaces:" + std::string(200, 'x');
  Result<ExclusionRules> r = BuildExclusionRules(
      Crs(id, "SizeRestrictions_BODY",
          {When(ConditionField::kClientIp, {"10.0.0.0/8"})}),
      CrsTarget(), EmitOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(IsValidWafName(r->label_rule_name)) << r->label_rule_name;
  EXPECT_EQ(r->label_rule_name.size(), 128u);
  ASSERT_EQ(r->ip_sets.size(), 1u);
  EXPECT_TRUE(IsValidWafName(r->ip_sets[0].name)) << r->ip_sets[0].name;
  EXPECT_TRUE(r->ip_sets[0].name.ends_with("-ipv4"));
}

TEST(Wafv2EmitterTest, EscapesHostilePatternText) {
  const std::string json =
      Emit(Crs("h", "SizeRestrictions_BODY",
               {When(ConditionField::kUri, {"^/a\"b\\\\c</script>\u00e9$"})}));
  EXPECT_TRUE(Contains(json, R"("RegexString":"^/a\"b\\\\c\u003c/script\u003e)"
                             "\u00e9"
                             R"($")"))
      << json;
}

TEST(Wafv2EmitterTest, RejectsWhatWafCannotExpressNamingIdAndKey) {
  struct Case {
    Condition c;
    std::string why;
  };
  const Case cases[] = {
      {When(ConditionField::kLabel, {"bot:verified"}), "labels exactly"},
      {When(ConditionField::kLabel, {"^awswaf:managed:.*$"}), "labels exactly"},
      {When(ConditionField::kCountry, {"^U.$"}), "country codes"},
      {When(ConditionField::kCountry, {"US"}), "country codes"},
      {When(ConditionField::kUri, {"^/" + std::string(200, 'a')}), "200"},
      {When(ConditionField::kUri, {"^/(api|app)/"}), "capturing"},
      {When(ConditionField::kUri, {"(?i)^/api"}), "inline flags"},
      {When(ConditionField::kUri, {"\\pL+"}), "Unicode"},
      {When(ConditionField::kUri, {"^/a(?=b)"}), "lookaround"},
      {When(ConditionField::kUri, {"^/a["}), "RE2"},
      {When(ConditionField::kUri, {""}), "empty"},
      {When(ConditionField::kUri, {}), "no patterns"},
      {When(ConditionField::kClientIp, {"10.0.0.1/8"}), ""},
      {When(ConditionField::kClientIp, {"not-an-ip"}), ""},
      {When(ConditionField::kArg, {"^x$"}, std::string(31, 'a')), "30"},
      {When(ConditionField::kHeader, {"^x$"}, ""), "header"},
  };
  for (const Case& c : cases) {
    const Status s = EmitError(Crs("bad-one", "SizeRestrictions_BODY", {c.c}));
    EXPECT_TRUE(Contains(s.message(), "bad-one")) << s.message();
    EXPECT_TRUE(Contains(s.message(), ConditionKey(c.c))) << s.message();
    EXPECT_TRUE(Contains(s.message(), c.why)) << s.message();
  }
}

TEST(Wafv2EmitterTest, RejectsTargetsThatWouldNotWork) {
  const std::vector<Condition> uri = {When(ConditionField::kUri, {"^/x"})};
  EXPECT_TRUE(Contains(EmitError(Crs("a", "*", uri)).message(), "\"*\""));
  EXPECT_TRUE(
      Contains(EmitError(Crs("a", "SizeRestrictions_BODY", {})).message(),
               "no conditions"));
  Exclusion no_group = Crs("a", "SizeRestrictions_BODY", uri);
  no_group.rule_group = "";
  EXPECT_TRUE(Contains(EmitError(no_group).message(), "VENDOR#Name"));
  EmitOptions before;
  before.label_rule_priority = 5;  // Group is at 10: labels not visible yet.
  EXPECT_TRUE(Contains(
      EmitError(Crs("a", "SizeRestrictions_BODY", uri), CrsTarget(), before)
          .message(),
      "after the group"));
  EmitOptions bad_prefix;
  bad_prefix.name_prefix = "my prefix";
  EmitError(Crs("a", "SizeRestrictions_BODY", uri), CrsTarget(), bad_prefix);
  ExclusionTarget bad_acl_name = CrsTarget();
  bad_acl_name.web_acl_rule_name = "AWS Managed";
  EmitError(Crs("a", "SizeRestrictions_BODY", uri), bad_acl_name);
  EmitError(Crs("a", "SizeRestrictions_BODY", uri),
            CrsTarget("label with space"));
}

TEST(Wafv2EmitterTest, StripsGroupVersionFromTheManagedGroupName) {
  Exclusion e =
      Crs("v", "SizeRestrictions_BODY", {When(ConditionField::kUri, {"^/x"})});
  e.rule_group = "AWS#AWSManagedRulesCommonRuleSet#Version_1.4";
  EXPECT_TRUE(Contains(
      Emit(e),
      R"("Name":"AWSManagedRulesCommonRuleSet","RuleActionOverrides")"));
}

// --- Validation against the AWS API model (node, aws-sdk v2) --------------

std::vector<std::pair<std::string, Exclusion>> Variants() {
  using F = ConditionField;
  return {
      {"uri", Crs("upload", "SizeRestrictions_BODY",
                  {When(F::kUri, {"^/api/upload(?:/|$)"})})},
      {"method",
       Crs("m", "SizeRestrictions_BODY", {When(F::kMethod, {"^POST$"})})},
      {"args", Crs("a", "SizeRestrictions_QUERYSTRING",
                   {When(F::kArgs, {"^q=[^&]{0,1000}$"})})},
      {"arg", Crs("oauth", "GenericRFI_QUERYARGUMENTS",
                  {When(F::kArg, {"^https://accounts\\.google\\.com/"},
                        "redirect_uri")})},
      {"header",
       Crs("h", "NoUserAgent_HEADER",
           {When(F::kHeader, {"^ELB-HealthChecker/"}, "User-Agent")})},
      {"cookie", Crs("c", "CrossSiteScripting_COOKIE",
                     {When(F::kCookie, {"^[A-Za-z0-9%]+$"}, "prefs")})},
      {"label",
       Crs("l", "SizeRestrictions_BODY",
           {When(F::kLabel, {"^awswaf:managed:aws:bot-control:bot:verified$",
                             "^awswaf:managed:token:"})})},
      {"country",
       Crs("g", "SizeRestrictions_BODY", {When(F::kCountry, {"^(?:US|CA)$"})})},
      {"client_ip",
       Crs("ip", "SizeRestrictions_BODY",
           {When(F::kClientIp, {"203.0.113.0/24", "2001:db8::/32"})})},
      {"list", Crs("list", "CrossSiteScripting_BODY",
                   {When(F::kUri, {"^/a/", "^/b/", "^/c/[0-9]+$"})})},
      {"deep", Crs("deep", "CrossSiteScripting_BODY",
                   {When(F::kMethod, {"^POST$", "^PUT$"}),
                    When(F::kUri, {"^/admin/cms/articles/[0-9]+$"}),
                    When(F::kHeader, {"^text/html"}, "content-type"),
                    When(F::kClientIp, {"10.0.0.0/8"})})},
      {"hostile",
       Crs("evil\"id${x}", "SizeRestrictions_BODY",
           {When(F::kUri,
                 {"^/a\"b\\\\c\\$\\{x\\}%\\{y\\}</script>\u00e9\u2028$"})})},
  };
}

TEST(Wafv2EmitterValidationTest, EveryVariantIsAValidUpdateWebAclRuleList) {
  WAFTUNE_REQUIRE_VALIDATORS();
  for (const auto& [name, exclusion] : Variants()) {
    const std::string json = Emit(exclusion);
    testing::NodeResult r = testing::RunNodeTool("validate_wafv2.js", json);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.output << "\n" << json;
  }
}

TEST(Wafv2EmitterValidationTest, HostileStringsRoundTripThroughJson) {
  WAFTUNE_REQUIRE_VALIDATORS();
  const std::string pattern =
      "^/q\"u\\\\o\\$\\{t\\}%\\{e\\}</x>&\u00e9\u65e5\u2028$";
  const std::string json = Emit(Crs("rt", "SizeRestrictions_BODY",
                                    {When(ConditionField::kUri, {pattern})}));
  testing::NodeResult r =
      testing::RunNodeTool("validate_wafv2.js", json, "", &pattern);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const std::string other = pattern + "x";
  r = testing::RunNodeTool("validate_wafv2.js", json, "", &other);
  EXPECT_NE(r.exit_code, 0)
      << "round-trip check accepted a string that is not there";
}

// The validator must reject broken rules, or the test above proves nothing.
TEST(Wafv2EmitterValidationTest, ValidatorRejectsInvalidRules) {
  WAFTUNE_REQUIRE_VALIDATORS();
  const std::string good =
      Emit(Crs("upload", "SizeRestrictions_BODY",
               {When(ConditionField::kUri, {"^/api/upload"})}));
  ASSERT_EQ(testing::RunNodeTool("validate_wafv2.js", good).exit_code, 0);
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos)
      s.replace(at, from.size(), to);
    return s;
  };
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"missing VisibilityConfig member",
       replaced(R"("SampledRequestsEnabled":true,)", "")},
      {"unknown member",
       replaced(R"("RegexString")", R"("Regex":"x","RegexString")")},
      {"Action on a group rule",
       replaced(R"("OverrideAction":{"None":{}})", R"("Action":{"Block":{}})")},
      {"both actions",
       replaced(R"("Action":{"Block":{}})",
                R"("Action":{"Block":{}},"OverrideAction":{"None":{}})")},
      {"label rule before the group",
       replaced(R"("Priority":11)", R"("Priority":9)")},
      {"bad rule name",
       replaced(R"("Name":"SizeRestrictions_BODY-except-upload")",
                R"("Name":"a b")")},
      {"unknown transformation",
       replaced(R"("Type":"NONE")", R"("Type":"ROT13")")},
      {"And with one statement",
       replaced(
           R"({"LabelMatchStatement":{"Scope":"LABEL","Key":"awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"}},)",
           "")},
      {"regex too long",
       replaced(R"("^/api/upload")", "\"" + std::string(201, 'a') + "\"")},
      {"priority as string",
       replaced(R"("Priority":11)", R"("Priority":"11")")},
      {"not JSON", good.substr(0, good.size() / 2)},
  };
  for (const auto& [why, json] : broken) {
    testing::NodeResult r = testing::RunNodeTool("validate_wafv2.js", json);
    EXPECT_NE(r.exit_code, 0) << "validator accepted: " << why;
  }
}

}  // namespace
}  // namespace waftune
