// Suggestions judged against the generator's ground truth: for every rule
// whose blocked/counted traffic is mostly legitimate, the kept exclusions
// must release >= 90% of its legitimate requests and <= 2% of its attacks
// (issue 5). Requests are matched by the library's own matcher over the
// raw WAF records and joined to truth/requests.csv.gz by request id.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "analysis/rule_rows.h"
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
  Diagnostics diag;
  auto files = ExpandPaths({dir + "/waf"}, &diag);
  ASSERT_TRUE(files.ok());
  MatchScratch scratch;
  RuleRows rows;
  for (const InputFile& file : *files) {
    LineReader lines(std::move(*OpenInput(file, &diag)), file.path, &diag);
    WafReader reader(&diag);
    reader.ReadAll(&lines, [&](const WafRecord& rec) {
      auto t = truth.find(std::string(rec.request.request_id));
      if (t == truth.end()) return;
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
        (t->second ? x.legit : x.attack) += 1;
        if (released) (t->second ? x.legit_released : x.attack_released) += 1;
      }
    });
  }
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

}  // namespace
}  // namespace waftune
