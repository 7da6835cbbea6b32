#include "match/request_matcher.h"

#include <string>

#include <gtest/gtest.h>

namespace waftune {
namespace {

WafRecord SampleRecord() {
  WafRecord r;
  r.request.client_ip = "203.0.113.7";
  r.request.country = "DE";
  r.request.method = "POST";
  r.request.uri = "/admin/cms/articles/42";
  r.request.args = "next=%2Fhome%20page&Tag=x&tag=a+b&next=second";
  r.request.headers = {{"Host", "shop.example.com"},
                       {"content-type", "text/plain"},
                       {"Content-Type", "application/json"},
                       {"Cookie", "theme=dark; session=abc123"},
                       {"cookie", "Session=UPPER"}};
  r.labels = {"awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body",
              "awswaf:clientip:geo:country:DE"};
  return r;
}

MatchOutcome Eval(const Exclusion& e, const WafRecord& r) {
  Result<RequestMatcher> m = RequestMatcher::Build(e);
  EXPECT_TRUE(m.ok()) << m.status().message();
  if (!m.ok())
    return MatchOutcome::kNoMatch;
  MatchScratch scratch;
  return m->Evaluate(r, &scratch);
}

Exclusion When(ConditionField f, std::string name,
               std::vector<std::string> patterns) {
  Exclusion e;
  e.id = "t";
  e.rule = "R";
  e.when.push_back({f, std::move(name), std::move(patterns)});
  return e;
}

MatchOutcome EvalOne(ConditionField f, std::string name,
                     std::vector<std::string> patterns,
                     const WafRecord& r = SampleRecord()) {
  return Eval(When(f, std::move(name), std::move(patterns)), r);
}

constexpr MatchOutcome kMatch = MatchOutcome::kMatch;
constexpr MatchOutcome kNoMatch = MatchOutcome::kNoMatch;
constexpr MatchOutcome kUnknown = MatchOutcome::kUnknown;

TEST(RequestMatcherTest, NoConditionsMatchesEverything) {
  Exclusion e;
  e.id = "all";
  e.rule = "R";
  EXPECT_EQ(Eval(e, SampleRecord()), kMatch);
}

TEST(RequestMatcherTest, PatternsAreUnanchoredUnlessAnchored) {
  EXPECT_EQ(EvalOne(ConditionField::kUri, "", {"cms"}), kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kUri, "", {"^cms"}), kNoMatch);
  EXPECT_EQ(EvalOne(ConditionField::kUri, "", {"^/admin/cms/articles/[0-9]+$"}),
            kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kMethod, "", {"^POS$"}), kNoMatch);
}

TEST(RequestMatcherTest, ListMeansAnyPattern) {
  EXPECT_EQ(EvalOne(ConditionField::kMethod, "", {"^GET$", "^POST$"}), kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kMethod, "", {"^GET$", "^PUT$"}), kNoMatch);
  // Alternation must not leak anchors between list items.
  EXPECT_EQ(EvalOne(ConditionField::kUri, "", {"^/x", "42$"}), kMatch);
}

TEST(RequestMatcherTest, AllConditionsMustHold) {
  Exclusion e = When(ConditionField::kMethod, "", {"^POST$"});
  e.when.push_back({ConditionField::kCountry, "", {"^DE$"}});
  EXPECT_EQ(Eval(e, SampleRecord()), kMatch);
  e.when.push_back({ConditionField::kCountry, "", {"^FR$"}});
  EXPECT_EQ(Eval(e, SampleRecord()), kNoMatch);
}

TEST(RequestMatcherTest, ArgsMatchesRawQueryString) {
  EXPECT_EQ(EvalOne(ConditionField::kArgs, "", {"next=%2Fhome"}), kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kArgs, "", {"next=/home"}), kNoMatch);
}

TEST(RequestMatcherTest, ArgMatchesDecodedFirstOccurrenceCaseSensitively) {
  EXPECT_EQ(EvalOne(ConditionField::kArg, "next", {"^/home page$"}), kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kArg, "next", {"second"}), kNoMatch);
  EXPECT_EQ(EvalOne(ConditionField::kArg, "tag", {"^a b$"}), kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kArg, "Tag", {"^x$"}), kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kArg, "TAG", {".*"}), kNoMatch);
}

TEST(RequestMatcherTest, HeaderNameIsCaseInsensitiveAndAnyHeaderMayMatch) {
  EXPECT_EQ(
      EvalOne(ConditionField::kHeader, "CONTENT-TYPE", {"^application/json$"}),
      kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kHeader, "content-type", {"^text/plain$"}),
            kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kHeader, "content-type", {"xml"}),
            kNoMatch);
  EXPECT_EQ(EvalOne(ConditionField::kHeader, "x-missing", {".*"}), kNoMatch);
}

TEST(RequestMatcherTest, CookieNameIsCaseSensitiveAcrossCookieHeaders) {
  EXPECT_EQ(EvalOne(ConditionField::kCookie, "session", {"^abc123$"}), kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kCookie, "Session", {"^UPPER$"}), kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kCookie, "session", {"UPPER"}), kNoMatch);
  EXPECT_EQ(EvalOne(ConditionField::kCookie, "sess", {".*"}), kNoMatch);
}

TEST(RequestMatcherTest, LabelHoldsWhenAnyLabelMatches) {
  EXPECT_EQ(EvalOne(ConditionField::kLabel, "", {"geo:country:DE$"}), kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kLabel, "", {"bot-control"}), kNoMatch);
  WafRecord r = SampleRecord();
  r.labels.clear();
  EXPECT_EQ(EvalOne(ConditionField::kLabel, "", {".*"}, r), kNoMatch);
}

TEST(RequestMatcherTest, ClientIpMatchesIpv4AndIpv6Cidrs) {
  EXPECT_EQ(EvalOne(ConditionField::kClientIp, "", {"203.0.113.0/24"}), kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kClientIp, "", {"198.51.100.0/24"}),
            kNoMatch);
  WafRecord r = SampleRecord();
  r.request.client_ip = "2001:db8:1::abcd";
  EXPECT_EQ(EvalOne(ConditionField::kClientIp, "",
                    {"10.0.0.0/8", "2001:db8::/32"}, r),
            kMatch);
  EXPECT_EQ(EvalOne(ConditionField::kClientIp, "", {"2001:db9::/32"}, r),
            kNoMatch);
}

TEST(RequestMatcherTest, RedactedFieldIsUnknown) {
  WafRecord r = SampleRecord();
  r.request.uri = "REDACTED";
  r.request.args = "REDACTED";
  EXPECT_EQ(EvalOne(ConditionField::kUri, "", {"^/admin"}, r), kUnknown);
  EXPECT_EQ(EvalOne(ConditionField::kArgs, "", {"x"}, r), kUnknown);
  EXPECT_EQ(EvalOne(ConditionField::kArg, "next", {"x"}, r), kUnknown);
  // Even a pattern that would match the literal text does not hold.
  EXPECT_EQ(EvalOne(ConditionField::kUri, "", {"REDACTED"}, r), kUnknown);
}

TEST(RequestMatcherTest, RedactedHeaderIsUnknownUnlessAnotherHeaderMatches) {
  WafRecord r = SampleRecord();
  r.request.headers = {{"authorization", "REDACTED"},
                       {"X-Token", "REDACTED"},
                       {"x-token", "good"}};
  EXPECT_EQ(EvalOne(ConditionField::kHeader, "Authorization", {"^Bearer"}, r),
            kUnknown);
  EXPECT_EQ(EvalOne(ConditionField::kHeader, "x-token", {"^good$"}, r), kMatch);
  r.request.headers = {{"Cookie", "REDACTED"}};
  EXPECT_EQ(EvalOne(ConditionField::kCookie, "session", {"."}, r), kUnknown);
}

TEST(RequestMatcherTest, DefiniteFailureBeatsUnknown) {
  WafRecord r = SampleRecord();
  r.request.uri = "REDACTED";
  Exclusion e = When(ConditionField::kUri, "", {"^/admin"});
  e.when.push_back({ConditionField::kMethod, "", {"^GET$"}});
  EXPECT_EQ(Eval(e, r), kNoMatch);
  e.when.back().patterns = {"^POST$"};
  EXPECT_EQ(Eval(e, r), kUnknown);
}

TEST(RequestMatcherTest, BuildRejectsBadPatternNamingIdAndKey) {
  Exclusion e = When(ConditionField::kHeader, "X-A", {"[a-"});
  Result<RequestMatcher> m = RequestMatcher::Build(e);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("\"t\""), std::string::npos);
  EXPECT_NE(m.status().message().find("header:X-A"), std::string::npos);
  EXPECT_FALSE(
      RequestMatcher::Build(When(ConditionField::kClientIp, "", {"1.2.3"}))
          .ok());
}

TEST(RequestMatcherTest, ScratchIsReusedAcrossRecords) {
  Result<RequestMatcher> m =
      RequestMatcher::Build(When(ConditionField::kArg, "next", {"^/"}));
  ASSERT_TRUE(m.ok());
  MatchScratch scratch;
  WafRecord r = SampleRecord();
  EXPECT_EQ(m->Evaluate(r, &scratch), kMatch);
  r.request.args = "next=https%3A%2F%2Fevil.example";
  EXPECT_EQ(m->Evaluate(r, &scratch), kNoMatch);
  r.request.args = "next=%2F";
  EXPECT_EQ(m->Evaluate(r, &scratch), kMatch);
}

TEST(RuleSelectedTest, GroupAndStarSemantics) {
  Exclusion e;
  e.rule_group = "AWS#AWSManagedRulesCommonRuleSet";
  e.rule = "*";
  EXPECT_TRUE(RuleSelected(e, "AWS#AWSManagedRulesCommonRuleSet#Version_1.2",
                           "NoUserAgent_HEADER"));
  EXPECT_FALSE(
      RuleSelected(e, "AWS#AWSManagedRulesSQLiRuleSet", "NoUserAgent_HEADER"));
  EXPECT_FALSE(RuleSelected(e, "", "NoUserAgent_HEADER"));
  e.rule = "SizeRestrictions_BODY";
  EXPECT_TRUE(RuleSelected(e, "AWS#AWSManagedRulesCommonRuleSet",
                           "SizeRestrictions_BODY"));
  EXPECT_FALSE(RuleSelected(e, "AWS#AWSManagedRulesCommonRuleSet",
                            "sizerestrictions_body"));
  e.rule_group.clear();
  EXPECT_TRUE(RuleSelected(e, "Any#Group", "SizeRestrictions_BODY"));
  EXPECT_TRUE(RuleSelected(e, "", "SizeRestrictions_BODY"));
}

}  // namespace
}  // namespace waftune
