// TopK: the most frequent values of a stream, in bounded memory, mergeable.
//
// Keeps at most `capacity` distinct values with their counts. When full, the
// less frequent half is pruned (ties broken by value, so the outcome is
// deterministic) and the largest pruned count becomes the error bound of
// values admitted later: a reported count is exact when `error` is 0, else
// the true count lies in [count, count + error]. With capacity far above the
// number of values shown (default 64x), the top entries of skewed streams
// are exact. Merge() sums counts and prunes the same way.
//
// RuleStats calls Add() several times per WAF record and most calls hit a
// value already kept, so the values live in one open-addressing table of
// flat slots (hash, counts, key offset) with the key bytes in a per-object
// arena: a hit costs one hash, a probe and a byte compare, never an
// allocation. Prune() rebuilds the table and compacts the arena. The TopK
// owns all its storage; copies are deep. Not thread-safe; one per
// accumulator.
#ifndef WAFTUNE_ANALYSIS_TOP_K_H_
#define WAFTUNE_ANALYSIS_TOP_K_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace waftune {

struct TopEntry {
  std::string value;
  uint64_t count = 0;
  uint64_t error = 0;  // Upper bound of undercounting.
};

// Transparent hashing so lookups by string_view do not allocate (used by
// callers' std::unordered_map keyed by std::string).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>{}(s);
  }
};

class TopK {
 public:
  explicit TopK(size_t capacity = 1024);

  void Add(std::string_view value, uint64_t count = 1);
  void Merge(const TopK& other);
  // The n most frequent values, by count desc then value asc.
  std::vector<TopEntry> Top(size_t n) const;
  size_t size() const { return size_; }

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
  // One table slot; the value's bytes are arena_[offset, offset + length).
  struct Slot {
    uint64_t hash = kEmpty;  // Stored hashes have the top bit set.
    uint64_t count = 0;
    uint64_t error = 0;
    size_t offset = 0;
    size_t length = 0;
  };
  static constexpr uint64_t kEmpty = 0;

  static uint64_t HashOf(std::string_view value);
  std::string_view Key(const Slot& slot) const {
    return std::string_view(arena_.data() + slot.offset, slot.length);
  }
  // The slot holding `value`, or the empty slot where it would go.
  size_t Probe(std::string_view value, uint64_t hash) const;
  // Adds a value known to be absent; may grow the table.
  Slot& Insert(std::string_view value, uint64_t hash, uint64_t count,
               uint64_t error);
  void Grow();
  // Occupied slots, in table order.
  std::vector<const Slot*> Occupied() const;
  // (count desc, value asc): the total order of Top() and Prune().
  bool Before(const Slot* a, const Slot* b) const;
  void Prune();
  // Replaces the contents by copies of `keep` (which may point into slots_).
  void Rebuild(const std::vector<const Slot*>& keep);

  size_t capacity_;
  uint64_t floor_ = 0;  // Largest count ever pruned.
  size_t size_ = 0;     // Occupied slots.
  std::vector<Slot> slots_;  // Power-of-two size, at most 3/4 occupied.
  std::string arena_;        // The kept values' bytes, back to back.
};

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_TOP_K_H_
