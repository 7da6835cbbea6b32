// `waftune replay` on a hand-made log whose expected figures are counted by
// hand below.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "io/byte_source.h"
#include "io/csv_line.h"
#include "io/line_reader.h"
#include "tests/cli/cli_test_util.h"

namespace waftune {
namespace {

using testing::RunWaftune;

std::string Record(int i, const std::string& method, const std::string& uri,
                   const std::string& args, const std::string& action,
                   const std::string& inner, const std::string& ua) {
  std::string terminating =
      action == "BLOCK" ? R"({"ruleId":")" + inner + R"(","action":"BLOCK"})" : "null";
  std::string counted =
      action == "BLOCK" ? "[]" : R"([{"ruleId":")" + inner + R"(","action":"COUNT","overriddenAction":"BLOCK"}])";
  return R"({"timestamp":)" + std::to_string(1763625600000 + i * 1000) + R"(,"action":")" +
         (action == "BLOCK" ? "BLOCK" : "ALLOW") + R"(","terminatingRuleId":")" +
         (action == "BLOCK" ? "AWS-AWSManagedRulesCommonRuleSet" : "Default_Action") +
         R"(","terminatingRuleType":")" + (action == "BLOCK" ? "MANAGED_RULE_GROUP" : "REGULAR") +
         R"(","ruleGroupList":[{"ruleGroupId":"AWS#AWSManagedRulesCommonRuleSet","terminatingRule":)" +
         terminating + R"(,"nonTerminatingMatchingRules":)" + counted +
         R"(}],"httpRequest":{"clientIp":")" + (ua == "attacker" ? std::string("203.0.113.7") : "192.0.2." + std::to_string(i % 3 + 1)) +
         R"(","country":"DE","uri":")" + uri + R"(","args":")" + args + R"(","httpMethod":")" +
         method + R"(","requestId":"r)" + std::to_string(i) +
         R"(","headers":[{"name":"Host","value":"shop.example.com"},{"name":"User-Agent","value":")" +
         ua + R"("}]}})" + "\n";
}

TEST(ReplayCommandTest, FiguresEqualHandCount) {
  std::string dir = ::testing::TempDir();
  std::string log = dir + "/replay_waf.log";
  std::string excl = dir + "/replay_excl.json";
  {
    std::ofstream out(log);
    const std::string ua = "Mozilla/5.0";
    // 4 legitimate OAuth callbacks blocked by GenericRFI.
    for (int i = 0; i < 4; ++i) {
      out << Record(i, "GET", "/oauth/callback", "redirect_uri=https://shop.example.com/cb", "BLOCK",
                    "GenericRFI_QUERYARGUMENTS", ua);
    }
    // 2 RFI attacks on another path: same rule, not in scope.
    for (int i = 4; i < 6; ++i) {
      out << Record(i, "GET", "/index.php", "page=http://203.0.113.9/shell.txt?", "BLOCK",
                    "GenericRFI_QUERYARGUMENTS", "attacker");
    }
    // 1 attack on the in-scope path: released, and suspicious.
    out << Record(6, "GET", "/oauth/callback", "redirect_uri=http://203.0.113.9/x.php?cmd=id", "BLOCK",
                  "GenericRFI_QUERYARGUMENTS", "attacker");
    // 3 COUNT matches of another rule: not matched by the exclusion.
    for (int i = 7; i < 10; ++i) {
      out << Record(i, "POST", "/admin/cms/articles/1", "", "COUNT", "CrossSiteScripting_BODY", ua);
    }
  }
  {
    std::ofstream out(excl);
    out << R"({"exclusions":[{"id":"oauth","rule_group":"AWS#AWSManagedRulesCommonRuleSet",)"
           R"("rule":"GenericRFI_QUERYARGUMENTS","when":{"uri":"^/oauth/callback$","method":"^GET$"}}]})";
  }
  auto r = RunWaftune("replay --format json -x " + excl + " " + log);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS);
  simdjson::dom::element x = doc["replay"].at(0);
  EXPECT_EQ(std::string_view(x["id"]), "oauth");
  EXPECT_EQ(uint64_t(x["matched"]), 7u);
  EXPECT_EQ(uint64_t(x["released"]), 5u);
  EXPECT_EQ(uint64_t(x["released_suspicious"]), 1u);
  EXPECT_EQ(uint64_t(x["released_blocks"]), 5u);
  EXPECT_EQ(uint64_t(x["unknown"]), 0u);
  EXPECT_TRUE(x["released_legitimate"].error() == simdjson::NO_SUCH_FIELD);
}

TEST(ReplayCommandTest, InvalidExclusionsFileIsUsageErrorNamingIdAndKey) {
  std::string excl = ::testing::TempDir() + "/bad_excl.json";
  {
    std::ofstream out(excl);
    out << R"({"exclusions":[{"id":"bad","rule":"X","when":{"uri":"(unclosed"}}]})";
  }
  auto r = RunWaftune("replay -x " + excl + " /dev/null 2>&1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("bad"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("uri"), std::string::npos) << r.out;
}

TEST(ReplayCommandTest, BundledExamplesReleaseOnlyLegitimateOauth) {
  std::string src = WAFTUNE_SOURCE_DIR;
  auto r = RunWaftune("replay --format json -x " + src + "/examples/exclusions.json --alb " + src +
                      "/examples/alb " + src + "/examples/waf");
  ASSERT_EQ(r.exit_code, 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS);
  for (simdjson::dom::element x : doc["replay"].get_array()) {
    std::string_view id = x["id"];
    uint64_t released = x["released"], suspicious = x["released_suspicious"];
    if (id == "too-broad-rfi") {
      EXPECT_GT(suspicious * 2, released) << "a whole-rule exclusion must show the attacks it lets in";
    } else {
      EXPECT_LE(suspicious * 10, released) << id;
      EXPECT_GT(released, 0u) << id;
    }
  }
}

}  // namespace
}  // namespace waftune


namespace waftune {
namespace {

// Expected figures for examples/exclusions.json computed from the
// generator's truth file (method, path and rule rows of every request),
// independently of waftune's reader and matcher.
struct Expected {
  uint64_t rfi = 0, oauth = 0, xss = 0, cms = 0;
};

Expected FromTruth() {
  Expected e;
  std::string path = std::string(WAFTUNE_SOURCE_DIR) + "/examples/truth/requests.csv.gz";
  Diagnostics diag;
  auto source = OpenInput({path, false, 0}, &diag);
  if (!source.ok()) return e;
  LineReader lines(std::move(*source), path, &diag);
  std::string_view line;
  std::vector<std::string> f;
  std::map<std::string, size_t> col;
  // "^/admin/cms/articles/[0-9]+$", checked by hand.
  auto cms_path = [](const std::string& uri) {
    const std::string prefix = "/admin/cms/articles/";
    if (uri.rfind(prefix, 0) != 0 || uri.size() == prefix.size()) return false;
    return uri.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
  };
  while (lines.Next(&line)) {
    if (!SplitCsvLine(line, &f)) continue;
    if (col.empty()) {
      for (size_t i = 0; i < f.size(); ++i) col[f[i]] = i;
      continue;
    }
    if (f[col["source"]] != "waf") continue;
    const std::string& rows = f[col["rule_rows"]];
    const std::string& method = f[col["method"]];
    const std::string& uri = f[col["uri"]];
    if (rows.find("|GenericRFI_QUERYARGUMENTS|") != std::string::npos) {
      ++e.rfi;
      if (method == "GET" && uri == "/oauth/callback") ++e.oauth;
    }
    if (rows.find("|CrossSiteScripting_BODY|") != std::string::npos) {
      ++e.xss;
      if (method == "POST" && cms_path(uri)) ++e.cms;
    }
  }
  return e;
}

TEST(ReplayCommandTest, BundledExamplesEqualTruthCount) {
  Expected e = FromTruth();
  ASSERT_GT(e.rfi, 0u);
  std::string src = WAFTUNE_SOURCE_DIR;
  auto r = RunWaftune("replay --format json -x " + src + "/examples/exclusions.json " + src +
                      "/examples/waf");
  ASSERT_EQ(r.exit_code, 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS);
  std::map<std::string, std::pair<uint64_t, uint64_t>> got;
  for (simdjson::dom::element x : doc["replay"].get_array()) {
    got[std::string(std::string_view(x["id"]))] = {uint64_t(x["matched"]), uint64_t(x["released"])};
  }
  // The OAuth callbacks all return to the shop (examples/README.md), so the
  // redirect_uri condition releases every GET /oauth/callback.
  EXPECT_EQ(got["oauth-callback-redirect-uri"], std::make_pair(e.rfi, e.oauth));
  EXPECT_EQ(got["cms-rich-text"], std::make_pair(e.xss, e.cms));
  EXPECT_EQ(got["too-broad-rfi"], std::make_pair(e.rfi, e.rfi));
}

}  // namespace
}  // namespace waftune
