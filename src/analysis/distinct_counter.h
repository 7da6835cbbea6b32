// DistinctCounter: counts distinct values (clients) with bounded memory.
//
// Exact (a set of 64-bit hashes) up to kExactLimit values, then a
// HyperLogLog sketch with 2^14 registers (standard error about 0.8%). Both
// forms merge, and the result does not depend on insertion or merge order:
// the counter is exact exactly when the union of everything added holds at
// most kExactLimit values. estimated() says which form answered.
// Not thread-safe; one per accumulator.
#ifndef WAFTUNE_ANALYSIS_DISTINCT_COUNTER_H_
#define WAFTUNE_ANALYSIS_DISTINCT_COUNTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/flat_u64_set.h"
#include "util/status.h"

namespace waftune {

// 64-bit hash of a byte string (stable across runs and machines).
uint64_t HashBytes(std::string_view s);

class DistinctCounter {
 public:
  static constexpr size_t kExactLimit = 1u << 16;
  static constexpr int kPrecision = 14;

  void Add(std::string_view value) { AddHash(HashBytes(value)); }
  void AddHash(uint64_t hash);
  void Merge(const DistinctCounter& other);
  uint64_t Count() const;
  bool estimated() const { return !registers_.empty(); }

  // The full state, for saving partial results (docs/state.md): the exact
  // hashes (sorted) or the HyperLogLog registers (then `exact` is empty).
  struct State {
    std::vector<uint64_t> exact;
    std::vector<uint8_t> registers;
  };
  State Serialize() const;
  // Rebuilds a counter; InvalidArgument when registers are neither empty
  // nor 2^kPrecision long, or hold an impossible rank.
  static Result<DistinctCounter> Deserialize(const State& state);

 private:
  void SwitchToSketch();
  void AddToSketch(uint64_t hash);
  FlatU64Set exact_;
  std::vector<uint8_t> registers_;  // Empty while exact.
};

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_DISTINCT_COUNTER_H_
