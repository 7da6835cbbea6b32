// FlatU64Map: a read-mostly open-addressing map from 64-bit hashes to 64-bit
// values, for the crossref lookups done once per access-log line (flagged
// client? flagged request id?). Node-based std::unordered_map cost a cache
// miss per probe there; this keeps keys and values in one flat array with
// linear probing.
//
// Keys are already well-mixed hashes, so the slot is the key's low bits. Any
// key is allowed (0, the empty-slot marker, is kept aside). Put overwrites,
// so inserting in record order keeps "the last one wins". The map owns its
// storage; concurrent Find calls are safe once no Put runs.
#ifndef WAFTUNE_ANALYSIS_FLAT_U64_MAP_H_
#define WAFTUNE_ANALYSIS_FLAT_U64_MAP_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace waftune {

class FlatU64Map {
 public:
  FlatU64Map() : slots_(16) {}

  void Put(uint64_t key, uint64_t value) {
    if (key == kEmpty) {
      size_ += has_empty_key_ ? 0 : 1;
      has_empty_key_ = true;
      empty_key_value_ = value;
      return;
    }
    if ((used_ + 1) * 4 > slots_.size() * 3) Grow();
    Slot& s = slots_[Probe(slots_, key)];
    if (s.key == kEmpty) {
      ++used_;
      ++size_;
    }
    s = {key, value};
  }
  // The value of `key`, or null.
  const uint64_t* Find(uint64_t key) const {
    if (key == kEmpty) return has_empty_key_ ? &empty_key_value_ : nullptr;
    const Slot& s = slots_[Probe(slots_, key)];
    return s.key == kEmpty ? nullptr : &s.value;
  }
  bool Contains(uint64_t key) const { return Find(key) != nullptr; }
  size_t size() const { return size_; }

 private:
  // 16-byte slots, at most 3/4 full: 300k request ids take 8 MB. The first
  // probe's load is still a cache miss per access-log line (about 4% of a
  // crossref run); asking for huge pages (madvise) did not measurably help.
  static constexpr uint64_t kEmpty = 0;
  struct Slot {
    uint64_t key = kEmpty, value = 0;
  };
  // The slot holding `key`, or the empty slot where it would go.
  static size_t Probe(const std::vector<Slot>& slots, uint64_t key) {
    size_t mask = slots.size() - 1;
    size_t i = (key ^ (key >> 32)) & mask;
    while (slots[i].key != kEmpty && slots[i].key != key) i = (i + 1) & mask;
    return i;
  }
  void Grow() {
    std::vector<Slot> bigger(slots_.size() * 2);
    for (const Slot& s : slots_) {
      if (s.key != kEmpty) bigger[Probe(bigger, s.key)] = s;
    }
    slots_.swap(bigger);
  }

  std::vector<Slot> slots_;
  size_t used_ = 0;  // Non-empty slots.
  size_t size_ = 0;  // Keys, the empty-slot key included.
  bool has_empty_key_ = false;  // Key 0 lives outside the slots.
  uint64_t empty_key_value_ = 0;
};

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_FLAT_U64_MAP_H_
