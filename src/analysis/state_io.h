// Saved state: the merged accumulators of a partial run, written by
// `summary --save-state FILE` and combined by `waftune merge STATE...`.
//
// The format is versioned JSON ({"waftune_state": 1, ...}, docs/state.md):
// it holds everything RuleStats keeps (rows with their exact client hashes
// or HyperLogLog registers, every top-K value with its count and error
// floor, the 5-minute series, window, by-action and web ACL counts) plus the
// WAF input summary, so merging shards gives the same rules, requests,
// clients and top lists as one run over all the data. Values that are not
// valid UTF-8 are written as {"hex": "..."} so every byte survives.
// Plain functions; thread-safe (no shared state).
#ifndef WAFTUNE_ANALYSIS_STATE_IO_H_
#define WAFTUNE_ANALYSIS_STATE_IO_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/findings.h"
#include "analysis/rule_stats.h"
#include "util/status.h"

namespace waftune {

inline constexpr int kStateFormatVersion = 1;

struct SavedState {
  std::string command;   // The command that wrote it ("summary").
  std::string version;   // The waftune version that wrote it.
  RuleStats::State stats;
  InputSummary waf;       // Files, records, skipped... of the shard.
  uint64_t filtered_out = 0;  // Records outside --since/--until/--web-acl.
};

// The JSON text of a state (one line per rule row; deterministic).
std::string EncodeState(const SavedState& state);

// Parses a state. ParseError for malformed JSON or missing members,
// InvalidArgument for a newer format version or impossible contents.
Result<SavedState> DecodeState(std::string_view text);

// File helpers: IOError names the path; decode errors are prefixed by it.
Status WriteStateFile(const std::string& path, const SavedState& state);
Result<SavedState> ReadStateFile(const std::string& path);

// Adds `from` to *into: counters summed, error examples merged, sorted and
// trimmed to Diagnostics::kMaxExamples as one run would keep them.
void MergeInputSummary(const InputSummary& from, InputSummary* into);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_STATE_IO_H_
