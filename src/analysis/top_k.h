// TopK: the most frequent values of a stream, in bounded memory, mergeable.
//
// Keeps at most `capacity` distinct values with their counts. When full, the
// less frequent half is pruned (ties broken by value, so the outcome is
// deterministic) and the largest pruned count becomes the error bound of
// values admitted later: a reported count is exact when `error` is 0, else
// the true count lies in [count, count + error]. With capacity far above the
// number of values shown (default 64x), the top entries of skewed streams
// are exact. Merge() sums counts and prunes the same way.
// Not thread-safe; one per accumulator.
#ifndef WAFTUNE_ANALYSIS_TOP_K_H_
#define WAFTUNE_ANALYSIS_TOP_K_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace waftune {

struct TopEntry {
  std::string value;
  uint64_t count = 0;
  uint64_t error = 0;  // Upper bound of undercounting.
};

// Transparent hashing so lookups by string_view do not allocate.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>{}(s);
  }
};

class TopK {
 public:
  explicit TopK(size_t capacity = 1024) : capacity_(capacity) {}

  void Add(std::string_view value, uint64_t count = 1);
  void Merge(const TopK& other);
  // The n most frequent values, by count desc then value asc.
  std::vector<TopEntry> Top(size_t n) const;
  size_t size() const { return counts_.size(); }

  // The full state, for saving partial results (docs/state.md): capacity,
  // error floor and every kept value with its count and error, sorted by
  // value so equal accumulators serialise identically.
  struct State {
    size_t capacity = 0;
    uint64_t floor = 0;
    std::vector<TopEntry> entries;
  };
  State Serialize() const;
  // Rebuilds a TopK from a State (any content is accepted: repeated values
  // are summed, a zero capacity becomes 1, extra entries are pruned as
  // Merge() would prune them).
  static TopK Deserialize(const State& state);

 private:
  struct Slot {
    uint64_t count = 0;
    uint64_t error = 0;
  };
  void Prune();
  size_t capacity_;
  uint64_t floor_ = 0;  // Largest count ever pruned.
  std::unordered_map<std::string, Slot, StringHash, std::equal_to<>> counts_;
};

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_TOP_K_H_
