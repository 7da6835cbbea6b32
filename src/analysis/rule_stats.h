// RuleStats: the summary accumulator: per rule row, requests, distinct
// clients, top-K lists and a time series.
//
// Add() takes one WAF record (already filtered by the caller); Merge()
// combines accumulators built from other files or threads; Finish() turns
// the state into RuleFindings. Memory grows with distinct rule rows and the
// bounded top-K capacities, never with input size. Merging accumulators in
// a fixed (file) order gives the same result for any thread count.
// Not thread-safe: one per worker.
#ifndef WAFTUNE_ANALYSIS_RULE_STATS_H_
#define WAFTUNE_ANALYSIS_RULE_STATS_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/distinct_counter.h"
#include "analysis/findings.h"
#include "analysis/rule_rows.h"
#include "analysis/top_k.h"
#include "logs/waf_record.h"

namespace waftune {

struct RuleStatsOptions {
  // Which row actions to keep (empty = all).
  std::vector<WafAction> actions;
  // Values kept per top-K list while counting (shown: FinishOptions::top).
  size_t top_capacity = 256;
};

struct FinishOptions {
  size_t top = 10;          // Entries per top list.
  size_t max_buckets = 48;  // Time-series buckets over the window.
};

class RuleStats {
 public:
  explicit RuleStats(RuleStatsOptions options = {});
  ~RuleStats();
  RuleStats(RuleStats&&) noexcept;
  RuleStats& operator=(RuleStats&&) noexcept;

  void Add(const WafRecord& rec);
  // The same with the record's rule rows already computed (ComputeRuleRows),
  // for passes that feed several accumulators from one record.
  void Add(const WafRecord& rec, const RuleRows& rows);
  void Merge(const RuleStats& other);
  // Fills rules, window, bucket width and request counts of *out.
  void Finish(const FinishOptions& options, Findings* out) const;

  uint64_t requests() const { return requests_; }
  int64_t min_ms() const { return min_ms_; }
  int64_t max_ms() const { return max_ms_; }

  // The full state, for saving partial results and merging them elsewhere
  // (analysis/state_io.h, docs/state.md). Rows are sorted by key and series
  // by bucket, so equal accumulators serialise identically.
  struct RowState {
    std::string web_acl_rule, rule_group, rule, action;
    uint64_t requests = 0;
    DistinctCounter::State clients;
    TopK::State uris, clients_top, countries, labels, matched;
    std::vector<std::pair<int64_t, uint64_t>> series;  // 5-minute bucket -> n.
  };
  struct State {
    size_t top_capacity = 0;
    std::vector<std::string> actions;  // RuleStatsOptions::actions by name.
    uint64_t requests = 0;
    std::map<std::string, uint64_t> by_action;
    std::map<std::string, uint64_t> web_acls;
    int64_t min_ms = 0;
    int64_t max_ms = 0;
    std::vector<RowState> rows;
  };
  State Serialize() const;
  // Rebuilds an accumulator equal to the one serialised. InvalidArgument
  // for states no accumulator can have (unknown action, empty rule, bad
  // counter registers).
  static Result<RuleStats> Deserialize(const State& state);

 private:
  struct Row;
  Row* FindOrAddRow(const RuleRowKey& key);
  Row* FindOrAddRowSlow(const RuleRowKey& key);
  bool Wanted(WafAction a) const;

  RuleStatsOptions options_;
  std::unordered_map<std::string, std::unique_ptr<Row>, StringHash,
                     std::equal_to<>> rows_;
  std::string key_scratch_;
  // The row each recently seen key resolved to (by a cheap hash of the key,
  // verified on use): most records hit the same few rows, and building the
  // map key and hashing it was a visible share of summary's CPU. Rows are
  // never removed, so the pointers stay valid.
  struct RowCache {
    std::array<Row*, 64> slots{};
    RowCache() = default;
    // A moved-from RuleStats has no rows: its cache must not point at the
    // rows it handed over.
    RowCache(RowCache&& o) noexcept : slots(o.slots) { o.slots.fill(nullptr); }
    RowCache& operator=(RowCache&& o) noexcept {
      slots = o.slots;
      o.slots.fill(nullptr);
      return *this;
    }
  };
  RowCache row_cache_;
  RuleRows rows_scratch_;
  uint64_t requests_ = 0;
  // Per-action and per-web-ACL counts. Add() counts into the pending fields
  // (no string building or map lookup per record); FlushPending() moves them
  // into the maps before anything reads them, hence `mutable`.
  void FlushPending() const;
  void FlushAcl() const;
  mutable std::map<std::string, uint64_t> by_action_;
  mutable std::map<std::string, uint64_t> web_acls_;
  mutable std::array<uint64_t, 6> pending_actions_{};
  mutable std::string pending_acl_;
  mutable uint64_t pending_acl_count_ = 0;
  int64_t min_ms_ = 0;
  int64_t max_ms_ = 0;
};

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_RULE_STATS_H_
