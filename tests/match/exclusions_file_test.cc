#include "match/exclusions_file.h"

#include <string>

#include <gtest/gtest.h>

namespace waftune {
namespace {

constexpr std::string_view kFile = "ex.json";

// Parses `json`, expects rejection, returns the message.
std::string ErrorOf(std::string_view json) {
  Result<std::vector<Exclusion>> r = ParseExclusions(json, kFile);
  EXPECT_FALSE(r.ok()) << json;
  if (r.ok())
    return "";
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  return r.status().message();
}

// Wraps one exclusion object in the file envelope.
std::string One(std::string_view body) {
  return R"({"exclusions":[{)" + std::string(body) + "}]}";
}

// The message names the file, the exclusion and the key.
void ExpectNames(const std::string& msg, std::string_view who,
                 std::string_view key) {
  EXPECT_NE(msg.find("ex.json: "), std::string::npos) << msg;
  EXPECT_NE(msg.find(who), std::string::npos) << msg;
  EXPECT_NE(msg.find("key \"" + std::string(key) + "\""), std::string::npos)
      << msg;
}

TEST(ExclusionsFileTest, ParsesTheContractExample) {
  Result<std::vector<Exclusion>> r = ParseExclusions(R"({"exclusions":[{
      "id": "cms-rich-text",
      "rule_group": "AWS#AWSManagedRulesCommonRuleSet#Version_1.2",
      "rule": "CrossSiteScripting_BODY",
      "when": {"method": "^POST$", "uri": "^/admin/cms/articles/[0-9]+$",
               "arg:next": "^/", "header:Content-Type": "json",
               "cookie:session": ".", "label": ["a", "b"], "country": "^DE$",
               "client_ip": ["203.0.113.0/24", "2001:db8::/32"]},
      "note": "Editors save rich HTML"}]})",
                                                     kFile);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 1u);
  const Exclusion& e = (*r)[0];
  EXPECT_EQ(e.id, "cms-rich-text");
  EXPECT_EQ(e.rule_group, "AWS#AWSManagedRulesCommonRuleSet");
  EXPECT_EQ(e.rule, "CrossSiteScripting_BODY");
  EXPECT_EQ(e.note, "Editors save rich HTML");
  ASSERT_EQ(e.when.size(), 8u);
  EXPECT_EQ(ConditionKey(e.when[2]), "arg:next");
  EXPECT_EQ(e.when[3].field, ConditionField::kHeader);
  EXPECT_EQ(e.when[3].name, "Content-Type");
  EXPECT_EQ(e.when[5].patterns.size(), 2u);
  EXPECT_EQ(e.when[7].field, ConditionField::kClientIp);
}

TEST(ExclusionsFileTest, EmptyWhenIsAWholeRuleExclusion) {
  Result<std::vector<Exclusion>> r =
      ParseExclusions(One(R"("id":"x","rule":"R","when":{})"), kFile);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE((*r)[0].when.empty());
  // "when" may also be left out.
  EXPECT_TRUE(ParseExclusions(One(R"("id":"x","rule":"R")"), kFile).ok());
}

TEST(ExclusionsFileTest, RejectsInvalidJson) {
  std::string msg = ErrorOf(R"({"exclusions":[{"id":"x",}]})");
  EXPECT_NE(msg.find("ex.json"), std::string::npos);
  EXPECT_NE(msg.find("invalid JSON"), std::string::npos);
}

TEST(ExclusionsFileTest, RejectsWrongEnvelope) {
  EXPECT_NE(ErrorOf("[]").find("must be an object"), std::string::npos);
  EXPECT_NE(ErrorOf(R"({"exclusions":{}})").find("\"exclusions\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"exclusions":[],"extra":1})").find("key \"extra\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"exclusions":[42]})").find("exclusion #1"),
            std::string::npos);
}

TEST(ExclusionsFileTest, RejectsRe2CompileError) {
  ExpectNames(ErrorOf(One(R"("id":"bad-re","rule":"R","when":{"uri":"[a-"})")),
              "exclusion \"bad-re\"", "uri");
}

TEST(ExclusionsFileTest, RejectsCapturingGroupWithHint) {
  std::string msg =
      ErrorOf(One(R"j("id":"cap","rule":"R","when":{"uri":"^/(a|b)"})j"));
  ExpectNames(msg, "exclusion \"cap\"", "uri");
  EXPECT_NE(msg.find("(?:...)"), std::string::npos) << msg;
}

TEST(ExclusionsFileTest, RejectsPatternsAwsWouldReject) {
  const char* patterns[] = {"a(?=b)", "a++",  "(?>a)",
                            "\\Ka",   "(?R)", "(?:a)\\1"};
  for (const char* p : patterns) {
    std::string body =
        std::string(R"("id":"aws","rule":"R","when":{"header:X-A":)") +
        JsonQuote(p) + "}";
    ExpectNames(ErrorOf(One(body)), "exclusion \"aws\"", "header:X-A");
  }
  std::string long_pattern(201, 'a');
  std::string msg = ErrorOf(
      One(R"("id":"long","rule":"R","when":{"args":")" + long_pattern + "\"}"));
  ExpectNames(msg, "exclusion \"long\"", "args");
  EXPECT_NE(msg.find("200"), std::string::npos);
}

TEST(ExclusionsFileTest, RejectsBadCidrs) {
  std::string msg = ErrorOf(One(
      R"("id":"ip","rule":"R","when":{"client_ip":["10.0.0.0/8","10.0.0.0/33","::1/200","nope"]})"));
  ExpectNames(msg, "exclusion \"ip\"", "client_ip");
  EXPECT_NE(msg.find("(3 errors)"), std::string::npos) << msg;
}

TEST(ExclusionsFileTest, RejectsUnknownKeys) {
  ExpectNames(ErrorOf(One(R"("id":"u","rule":"R","when":{"path":"x"})")),
              "exclusion \"u\"", "path");
  ExpectNames(ErrorOf(One(R"("id":"u","rule":"R","when":{"arg:":"x"})")),
              "exclusion \"u\"", "arg:");
  ExpectNames(ErrorOf(One(R"("id":"u","rule":"R","action":"COUNT")")),
              "exclusion \"u\"", "action");
}

TEST(ExclusionsFileTest, RejectsMissingIdByIndex) {
  std::string msg =
      ErrorOf(R"({"exclusions":[{"id":"ok","rule":"R"},{"rule":"R"}]})");
  ExpectNames(msg, "exclusion #2 (no id)", "id");
}

TEST(ExclusionsFileTest, RejectsDuplicateIds) {
  std::string msg = ErrorOf(
      R"({"exclusions":[{"id":"d","rule":"R"},{"id":"d","rule":"S"}]})");
  ExpectNames(msg, "exclusion \"d\"", "id");
  EXPECT_NE(msg.find("duplicate id"), std::string::npos);
}

TEST(ExclusionsFileTest, RejectsMissingRuleAndUngroupedStar) {
  ExpectNames(ErrorOf(One(R"("id":"r")")), "exclusion \"r\"", "rule");
  std::string msg = ErrorOf(One(R"("id":"s","rule":"*")"));
  ExpectNames(msg, "exclusion \"s\"", "rule");
  EXPECT_NE(msg.find("rule_group"), std::string::npos);
  EXPECT_TRUE(
      ParseExclusions(One(R"("id":"s","rule":"*","rule_group":"G")"), kFile)
          .ok());
}

TEST(ExclusionsFileTest, RejectsWrongJsonTypes) {
  ExpectNames(ErrorOf(One(R"("id":"t","rule":7)")), "exclusion \"t\"", "rule");
  ExpectNames(ErrorOf(One(R"("id":"t","rule":"R","when":[])")),
              "exclusion \"t\"", "when");
  ExpectNames(ErrorOf(One(R"("id":"t","rule":"R","when":{"uri":5})")),
              "exclusion \"t\"", "uri");
  ExpectNames(ErrorOf(One(R"("id":"t","rule":"R","when":{"uri":["a",1]})")),
              "exclusion \"t\"", "uri");
  ExpectNames(ErrorOf(One(R"("id":"t","rule":"R","when":{"uri":[]})")),
              "exclusion \"t\"", "uri");
  ExpectNames(ErrorOf(One(R"("id":"t","rule":"R","note":null)")),
              "exclusion \"t\"", "note");
  ExpectNames(ErrorOf(One(R"("id":["t"],"rule":"R")")), "exclusion #1 (no id)",
              "id");
}

TEST(ExclusionsFileTest, RejectsDuplicateKeys) {
  ExpectNames(
      ErrorOf(One(R"("id":"k","rule":"R","when":{"uri":"a","uri":"b"})")),
      "exclusion \"k\"", "uri");
}

TEST(ExclusionsFileTest, ReportsEveryErrorInTheFile) {
  std::string msg = ErrorOf(R"j({"exclusions":[
      {"id":"a","rule":"R","when":{"uri":"(x)"}},
      {"id":"b","rule":"R","when":{"client_ip":"1.2.3"}},
      {"rule":"R"}]})j");
  EXPECT_NE(msg.find("(3 errors)"), std::string::npos) << msg;
  ExpectNames(msg, "exclusion \"a\"", "uri");
  ExpectNames(msg, "exclusion \"b\"", "client_ip");
  ExpectNames(msg, "exclusion #3 (no id)", "id");
}

TEST(ExclusionsFileTest, RoundTripsThroughJson) {
  Exclusion e;
  e.id = "quote\"d\\id";
  e.rule_group = "AWS#AWSManagedRulesSQLiRuleSet";
  e.rule = "SQLi_QUERYARGUMENTS";
  e.when.push_back({ConditionField::kUri, "", {"^/search$"}});
  e.when.push_back({ConditionField::kArg, "q", {"^[a-z ]+$", "\\d+"}});
  e.when.push_back({ConditionField::kClientIp, "", {"2001:db8::/32"}});
  e.note = "tab\there\nnewline \x01";
  Exclusion bare;
  bare.id = "bare";
  bare.rule = "R";
  std::string json = ExclusionsToJson({e, bare});
  Result<std::vector<Exclusion>> r = ParseExclusions(json, kFile);
  ASSERT_TRUE(r.ok()) << r.status().message() << "\n" << json;
  ASSERT_EQ(r->size(), 2u);
  const Exclusion& g = (*r)[0];
  EXPECT_EQ(g.id, e.id);
  EXPECT_EQ(g.rule_group, e.rule_group);
  EXPECT_EQ(g.note, e.note);
  ASSERT_EQ(g.when.size(), 3u);
  EXPECT_EQ(g.when[1].name, "q");
  EXPECT_EQ(g.when[1].patterns, e.when[1].patterns);
  EXPECT_EQ(ExclusionsToJson(*r), json);
  EXPECT_TRUE((*r)[1].when.empty());
}

TEST(ExclusionsFileTest, LoadReportsMissingFileAsIoError) {
  Result<std::vector<Exclusion>> r = LoadExclusionsFile("/nonexistent/ex.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kIOError);
}

TEST(ExclusionsFileTest, LoadsTheSampleFile) {
  Result<std::vector<Exclusion>> r =
      LoadExclusionsFile(WAFTUNE_TEST_DATA "/match/exclusions-valid.json");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->size(), 3u);
}

}  // namespace
}  // namespace waftune
