// Suggestions judged against the generator's ground truth: for every rule
// whose blocked/counted traffic is mostly legitimate, the kept exclusions
// must release >= 90% of its legitimate requests and <= 2% of its attacks
// (issue 5). Requests are matched by the library's own matcher over the
// raw WAF records and joined to truth/requests.csv.gz by request id.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <map>
#include <set>
#include <string>

#include "analysis/rule_rows.h"
#include "analysis/value_shape.h"
#include "io/byte_source.h"
#include "io/csv_line.h"
#include "io/line_reader.h"
#include "io/path_walker.h"
#include "logs/waf_reader.h"
#include "match/exclusions_file.h"
#include "match/request_matcher.h"
#include "tests/cli/cli_test_util.h"

namespace waftune {
namespace {

using testing::RunWaftune;

std::map<std::string, bool> TruthById(const std::string& path) {
  std::map<std::string, bool> legit;
  Diagnostics diag;
  auto source = OpenInput({path, false, 0}, &diag);
  if (!source.ok()) return legit;
  LineReader lines(std::move(*source), path, &diag);
  std::string_view line;
  std::vector<std::string> f;
  std::map<std::string, size_t> col;
  while (lines.Next(&line)) {
    if (!SplitCsvLine(line, &f)) continue;
    if (col.empty()) {
      for (size_t i = 0; i < f.size(); ++i) col[f[i]] = i;
      continue;
    }
    legit[f[col["request_id"]]] = f[col["truth"]] == "legitimate";
  }
  return legit;
}

struct Tally {
  uint64_t legit = 0, attack = 0, legit_released = 0, attack_released = 0;
};

// Calls `f(record, legitimate)` for every WAF record of `dir` that has a
// truth row.
template <typename F>
void ForTruthRecords(const std::string& dir, const std::map<std::string, bool>& truth, F f) {
  Diagnostics diag;
  auto files = ExpandPaths({dir + "/waf"}, &diag);
  ASSERT_TRUE(files.ok());
  for (const InputFile& file : *files) {
    LineReader lines(std::move(*OpenInput(file, &diag)), file.path, &diag);
    WafReader reader(&diag);
    reader.ReadAll(&lines, [&](const WafRecord& rec) {
      auto t = truth.find(std::string(rec.request.request_id));
      if (t != truth.end()) f(rec, t->second);
    });
  }
}

void CheckSet(const std::string& dir) {
  std::string src = WAFTUNE_SOURCE_DIR;
  auto s = RunWaftune("suggest --emit exclusions --alb " + dir + "/alb -- " + dir + "/waf");
  ASSERT_EQ(s.exit_code, 0) << s.out;
  auto exclusions = ParseExclusions(s.out, "suggest");
  ASSERT_TRUE(exclusions.ok()) << exclusions.status().message();
  std::vector<RequestMatcher> matchers;
  for (const Exclusion& x : *exclusions) matchers.push_back(std::move(*RequestMatcher::Build(x)));
  std::map<std::string, bool> truth = TruthById(dir + "/truth/requests.csv.gz");
  ASSERT_FALSE(truth.empty());
  // Per (group, rule): truth counts of the requests it matched, and of those
  // a kept exclusion of that rule releases.
  std::map<std::string, Tally> tally;
  MatchScratch scratch;
  RuleRows rows;
  ForTruthRecords(dir, truth, [&](const WafRecord& rec, bool legit) {
    ComputeRuleRows(rec, &rows);
    for (const RuleRowKey& row : rows) {
      if (!IsRuleMatch(row.action) || row.rule_group.empty()) continue;
      std::string key = std::string(row.rule_group) + "/" + std::string(row.rule);
      Tally& x = tally[key];
      bool released = false;
      for (const RequestMatcher& m : matchers) {
        if (RuleSelected(m.exclusion(), row.rule_group, row.rule) &&
            m.Evaluate(rec, &scratch) == MatchOutcome::kMatch) {
          released = true;
        }
      }
      (legit ? x.legit : x.attack) += 1;
      if (released) (legit ? x.legit_released : x.attack_released) += 1;
    }
  });
  size_t false_positive_rules = 0;
  for (const auto& [rule, x] : tally) {
    uint64_t total = x.legit + x.attack;
    if (total == 0) continue;
    // Every rule: attacks released stay under 2% of its attacks.
    if (x.attack > 0) {
      EXPECT_LE(x.attack_released * 50, x.attack) << rule << ": releases " << x.attack_released
                                                  << " of " << x.attack << " attacks";
    }
    if (x.legit * 2 < total) continue;  // Mostly attacks: nothing to fix.
    if (x.legit * 10 >= total * 7) {
      // A false-positive rule in waftune's own terms (the likely-false-
      // positives verdict threshold, 70% legitimate): fixed.
      ++false_positive_rules;
      EXPECT_GE(x.legit_released * 10, x.legit * 9)
          << rule << ": releases " << x.legit_released << " of " << x.legit << " legitimate";
    } else {
      // A mixed rule (50-70% legitimate). On the examples this is
      // GenericRFI_QUERYARGUMENTS: OAuth callbacks (released) and a
      // partner's webhooks whose callback URL names the partner's host, an
      // RFI signature hit that DESIGN calls suspicious, so no guarded
      // exclusion may release them (docs/suggest.md).
      EXPECT_GE(x.legit_released * 4, x.legit * 3)
          << rule << ": releases " << x.legit_released << " of " << x.legit << " legitimate";
    }
  }
  EXPECT_GE(false_positive_rules, 4u);
}

TEST(SuggestTruthTest, ExamplesFalsePositiveRulesAreFixedWithoutReleasingAttacks) {
  CheckSet(std::string(WAFTUNE_SOURCE_DIR) + "/examples");
}

TEST(SuggestTruthTest, GeneratedFalsePositiveRulesAreFixedWithoutReleasingAttacks) {
  CheckSet(std::string(WAFTUNE_SOURCE_DIR) + "/tests/data/generated");
}

// Calls `f(record, legitimate)` for every WAF record of `dir` with a truth row
// where the rule `rule` matched.
template <typename F>
void ForRuleRequests(const std::string& dir, const std::map<std::string, bool>& truth,
                     const std::string& rule, F f) {
  RuleRows rows;
  ForTruthRecords(dir, truth, [&](const WafRecord& rec, bool legit) {
    ComputeRuleRows(rec, &rows);
    for (const RuleRowKey& row : rows) {
      if (IsRuleMatch(row.action) && row.rule == rule) {
        f(rec, legit);
        return;
      }
    }
  });
}

// The size rule's kept path scope, narrowed by the value shape of the
// Content-Length its released requests carried (legitimate values only, as
// the truth says): an exact "integer <= N" bound that still releases every
// legitimate request the path scope released and no attack.
TEST(SuggestTruthTest, GeneratedSizeRuleNarrowsToALegitimateContentLengthBound) {
  const std::string dir = std::string(WAFTUNE_SOURCE_DIR) + "/tests/data/generated";
  auto s = RunWaftune("suggest --emit exclusions --alb " + dir + "/alb -- " + dir + "/waf");
  ASSERT_EQ(s.exit_code, 0) << s.out;
  auto exclusions = ParseExclusions(s.out, "suggest");
  ASSERT_TRUE(exclusions.ok()) << exclusions.status().message();
  const Exclusion* path_scope = nullptr;
  for (const Exclusion& x : *exclusions) {
    if (x.rule == "SizeRestrictions_BODY") path_scope = &x;
  }
  ASSERT_NE(path_scope, nullptr) << s.out;
  auto matcher = RequestMatcher::Build(*path_scope);
  ASSERT_TRUE(matcher.ok());
  std::map<std::string, bool> truth = TruthById(dir + "/truth/requests.csv.gz");
  std::vector<std::string> legit, attack;
  MatchScratch scratch;
  ForRuleRequests(dir, truth, "SizeRestrictions_BODY", [&](const WafRecord& rec, bool ok) {
    if (matcher->Evaluate(rec, &scratch) != MatchOutcome::kMatch) return;
    (ok ? legit : attack).emplace_back(rec.request.Header("content-length"));
  });
  ASSERT_GE(legit.size(), 10u);
  std::vector<std::string_view> lv(legit.begin(), legit.end()), av(attack.begin(), attack.end());
  std::vector<ValueShape> shapes = InferShapes(lv, av);
  ASSERT_FALSE(shapes.empty());
  EXPECT_EQ(shapes[0].kind, ShapeKind::kIntegerBound) << shapes[0].pattern;
  Exclusion narrowed = *path_scope;
  narrowed.when.push_back({ConditionField::kHeader, "content-length", {shapes[0].pattern}});
  auto narrow = RequestMatcher::Build(narrowed);
  ASSERT_TRUE(narrow.ok()) << narrow.status().message();
  uint64_t legit_released = 0, attack_released = 0, legit_total = 0;
  ForRuleRequests(dir, truth, "SizeRestrictions_BODY", [&](const WafRecord& rec, bool ok) {
    legit_total += ok ? 1 : 0;
    if (narrow->Evaluate(rec, &scratch) == MatchOutcome::kMatch) {
      (ok ? legit_released : attack_released) += 1;
    }
  });
  EXPECT_EQ(legit_released, legit.size());
  EXPECT_GE(legit_released * 10, legit_total * 9);
  EXPECT_EQ(attack_released, 0u);
}

// The content-length bound the CLI itself prints (not one rebuilt here),
// judged against the truth: it releases at least its parent scope's share
// of the rule's legitimate requests minus 2 points, and at most 2% of the
// rule's attacks.
TEST(SuggestTruthTest, GeneratedCliContentLengthBoundHoldsAgainstTheTruth) {
  const std::string dir = std::string(WAFTUNE_SOURCE_DIR) + "/tests/data/generated";
  auto s = RunWaftune("suggest --format json --alb " + dir + "/alb -- " + dir + "/waf");
  ASSERT_EQ(s.exit_code, 0) << s.out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(s.out).get(doc), simdjson::SUCCESS);
  std::map<std::string, std::string> exclusion_by_id;  // id -> minified JSON
  std::string bound_id, parent_id;
  for (simdjson::dom::element x : doc["suggestions"].get_array()) {
    std::string id{std::string_view(x["exclusion"]["id"])};
    exclusion_by_id[id] = simdjson::minify(x["exclusion"]);
    simdjson::dom::element cl;
    std::string reason{std::string_view(x["reason"])};
    size_t at = reason.find("narrows sg-");
    if (bound_id.empty() && std::string_view(x["rule"]) == "SizeRestrictions_BODY" &&
        x["scope"]["header:content-length"].get(cl) == simdjson::SUCCESS &&
        at != std::string::npos) {
      bound_id = id;
      parent_id = reason.substr(at + 8, reason.find_first_of(":; ", at + 8) - at - 8);
    }
  }
  ASSERT_FALSE(bound_id.empty()) << s.out;
  ASSERT_TRUE(exclusion_by_id.count(parent_id)) << parent_id;
  auto load = [&](const std::string& id) {
    auto parsed = ParseExclusions("{\"exclusions\":[" + exclusion_by_id[id] + "]}", "suggest");
    EXPECT_TRUE(parsed.ok()) << parsed.status().message();
    return std::move(*RequestMatcher::Build(parsed->at(0)));
  };
  RequestMatcher bound = load(bound_id), parent = load(parent_id);
  std::map<std::string, bool> truth = TruthById(dir + "/truth/requests.csv.gz");
  uint64_t legit = 0, attacks = 0, parent_legit = 0, bound_legit = 0, bound_attacks = 0;
  MatchScratch scratch;
  ForRuleRequests(dir, truth, "SizeRestrictions_BODY", [&](const WafRecord& rec, bool ok) {
    (ok ? legit : attacks) += 1;
    if (ok && parent.Evaluate(rec, &scratch) == MatchOutcome::kMatch) ++parent_legit;
    if (bound.Evaluate(rec, &scratch) == MatchOutcome::kMatch) {
      (ok ? bound_legit : bound_attacks) += 1;
    }
  });
  ASSERT_GT(legit, 0u);
  EXPECT_GE(bound_legit * 100 + 2 * legit, parent_legit * 100)
      << bound_id << " releases " << bound_legit << ", parent " << parent_id << " "
      << parent_legit << " of " << legit;
  EXPECT_GT(bound_legit, 0u);
  EXPECT_LE(bound_attacks * 50, attacks) << bound_attacks << " of " << attacks << " attacks";
}

}  // namespace
}  // namespace waftune
