// Replay: what each candidate exclusion would release, replayed against the
// captured WAF records.
//
// A request is *matched* by an exclusion when one of its BLOCK / COUNT /
// CAPTCHA / CHALLENGE rows is the exclusion's rule (DESIGN "Exclusions");
// it is *released* when every condition holds, *unknown* when a condition
// depends on a REDACTED field. Released requests are kept as counts per
// (client, request facts), so whether they are suspicious (attack
// signature, tool user agent, reputation, scanner client) or legitimate
// (the cross-reference estimate) is decided at Finish(), once every client
// profile is known. Matchers are shared read-only; one Replay per worker.
#ifndef WAFTUNE_ANALYSIS_REPLAY_H_
#define WAFTUNE_ANALYSIS_REPLAY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/crossref.h"
#include "analysis/legitimacy.h"
#include "match/request_matcher.h"
#include "match/signatures.h"

namespace waftune {

struct ReplayOptions {
  size_t max_examples = 5;
  bool redact = true;
};

class Replay {
 public:
  // `matchers` and `signatures` (may be null) must outlive this.
  Replay(const std::vector<RequestMatcher>* matchers, const SignatureSet* signatures,
         ReplayOptions options);
  void Add(const WafRecord& rec);
  // Same, with ComputeRuleRows(rec) done by the caller. `hits`, when not
  // null, are the signature hits of `rec` already scanned by the caller
  // (the WAF pass scans each flagged request once for every analysis).
  void Add(const WafRecord& rec, const RuleRows& rows,
           const SignatureHits* hits = nullptr);
  void Merge(const Replay& other);
  // Decides suspicious / legitimate with the client profiles; `access` may
  // be null (no access logs).
  std::vector<ReplayFinding> Finish(const FlaggedCollector& flagged,
                                    const AccessProfiler* access,
                                    const LegitimacyWeights& weights) const;

 private:
  // A rule row identity (group, rule, action) met in the records, with the
  // exclusions that select it: computed once per identity instead of
  // comparing every row with every exclusion of every record.
  struct RowSelection {
    std::string rule_group, rule;
    WafAction action = WafAction::kUnknown;
    std::string label;                 // "rule|ACTION", the by-rule key.
    std::vector<uint32_t> exclusions;  // Indexes into *matchers_.
  };
  struct PerExclusion {
    uint64_t matched = 0, released = 0, unknown = 0, released_blocks = 0,
             released_counts = 0;
    // Requests per RowSelection id (the row that selected them).
    std::vector<uint64_t> matched_by_row, released_by_row;
    // Released requests per client, [0] without and [1] with an attack
    // signature in the request itself.
    std::unordered_map<uint64_t, uint64_t> released_groups[2];
    std::vector<ReplayExample> examples;  // Earliest first, capped.
  };
  uint32_t SelectionId(std::string_view rule_group, std::string_view rule, WafAction action);
  uint32_t AddSelection(std::string_view rule_group, std::string_view rule, WafAction action);
  void Release(const WafRecord& rec, const RuleRowKey& row, uint32_t selection,
               const SignatureHits* hits, PerExclusion* e);
  std::map<std::string, uint64_t> ByLabel(const std::vector<uint64_t>& by_row) const;
  ReplayExample MakeExample(const WafRecord& rec, const RuleRowKey& row) const;

  static constexpr uint32_t kNoRow = ~uint32_t{0};
  const std::vector<RequestMatcher>* matchers_;
  const SignatureSet* signatures_;
  ReplayOptions options_;
  std::vector<PerExclusion> per_;
  std::vector<RowSelection> selections_;
  std::unordered_map<uint64_t, uint32_t> selection_ids_;  // Identity hash -> id.
  // Per exclusion, the first selecting row of the current record (index
  // into the rows, kNoRow when none) and its selection id.
  std::vector<uint32_t> first_row_, first_selection_;
  std::vector<uint32_t> touched_;  // Exclusions selected by the current record.
  RuleRows rows_;  // For Add(rec).
  MatchScratch scratch_;
  SignatureHits hits_;
};

// Masks secrets in request evidence: values of secret-bearing headers and
// of query arguments named like tokens or passwords become "REDACTED".
std::string RedactQuery(std::string_view args);
bool IsSecretHeader(std::string_view name);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_REPLAY_H_
