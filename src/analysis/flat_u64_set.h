// FlatU64Set: a set of 64-bit hashes in one open-addressing array.
//
// DistinctCounter keeps up to 65,536 client hashes per rule row exactly;
// node-based std::unordered_set cost an allocation per insert and a cache
// miss per probe on every WAF record. Keys are already well-mixed hashes, so
// the slot is taken from their high bits. Any key is allowed (0, the
// empty-slot marker, is kept aside). Not thread-safe; one per counter.
#ifndef WAFTUNE_ANALYSIS_FLAT_U64_SET_H_
#define WAFTUNE_ANALYSIS_FLAT_U64_SET_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace waftune {

class FlatU64Set {
 public:
  // Returns true when `key` was not in the set.
  bool Insert(uint64_t key) {
    if (key == 0) {
      bool added = !has_zero_;
      has_zero_ = true;
      return added;
    }
    if ((used_ + 1) * 2 > slots_.size()) Grow();
    uint64_t& slot = slots_[Find(key)];
    if (slot == key) return false;
    slot = key;
    ++used_;
    return true;
  }
  size_t size() const { return used_ + (has_zero_ ? 1 : 0); }
  // Calls fn(key) for every key, in no particular order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    if (has_zero_) fn(uint64_t{0});
    for (uint64_t k : slots_) {
      if (k != 0) fn(k);
    }
  }
  void Clear() {
    slots_.clear();
    slots_.shrink_to_fit();
    used_ = 0;
    has_zero_ = false;
  }

 private:
  // The slot holding `key`, or the empty slot where it belongs.
  size_t Find(uint64_t key) const {
    size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(key >> 32) & mask;
    while (slots_[i] != 0 && slots_[i] != key) i = (i + 1) & mask;
    return i;
  }
  void Grow() {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, 0);
    for (uint64_t k : old) {
      if (k != 0) slots_[Find(k)] = k;
    }
  }

  std::vector<uint64_t> slots_;  // Power-of-two size, at most half full.
  size_t used_ = 0;              // Non-zero keys stored.
  bool has_zero_ = false;
};

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_FLAT_U64_SET_H_
