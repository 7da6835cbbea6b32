// ScanMemo: remembers the signature hits of recently scanned values, keyed by
// (target, request host, raw value).
//
// Flagged requests repeat the same hosts, user agents and headers (one
// 5-minute file: 120k scanned values, 2k distinct), so SignatureSet::ScanValue
// looks values up here before normalising and running RE2. Direct-mapped: a
// fixed array of slots indexed by a word-at-a-time hash, each holding the
// full key (compared exactly) and its hits; a new key replaces whatever held
// its slot. The key is never assembled into one string on lookup: the hash
// combines the parts' hashes and the compare looks at each part, so a hit
// reads the value twice (hash, compare) and copies nothing. No allocation
// once the slots' buffers have grown, and no node chasing (a
// std::unordered_map<std::string, ...> with std::hash showed as ~7% of
// replay). Results are a pure function of the key, so eviction never changes
// them. One per SignatureHits (per thread); not thread-safe.
#ifndef WAFTUNE_MATCH_SCAN_MEMO_H_
#define WAFTUNE_MATCH_SCAN_MEMO_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/word_hash.h"

namespace waftune {

struct ScanKey {
  uint8_t target = 0;
  std::string_view host;  // Empty when the target's result ignores it.
  std::string_view value;
};

class ScanMemo {
 public:
  static constexpr size_t kSlots = 32768;

  static uint64_t Hash(const ScanKey& k) {
    return WordHash(k.value) ^ (WordHash(k.host) * 0x9E3779B97F4A7C15ULL) ^
           (uint64_t{k.target} + 1) * 0xC2B2AE3D27D4EB4FULL;
  }

  // The remembered hits of `key` (whose Hash is `hash`), or null.
  const std::vector<int>* Find(const ScanKey& key, uint64_t hash) const {
    if (slots_.empty()) return nullptr;
    const Slot& s = slots_[hash & (kSlots - 1)];
    return s.used && s.hash == hash && s.target == key.target && s.value == key.value &&
                   s.host == key.host
               ? &s.hits
               : nullptr;
  }

  // Starts loading the slot of `hash` (a hint; no effect on results).
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (kSlots - 1)]);
  }

  // Remembers `hits` for `key`; returns the stored copy.
  const std::vector<int>& Store(const ScanKey& key, uint64_t hash,
                                const std::vector<int>& hits) {
    if (slots_.empty()) slots_.resize(kSlots);
    Slot& s = slots_[hash & (kSlots - 1)];
    s.used = true;
    s.hash = hash;
    s.target = key.target;
    s.host.assign(key.host);
    s.value.assign(key.value);
    s.hits.assign(hits.begin(), hits.end());
    return s.hits;
  }

  // Forgets everything (the slots' buffers are kept).
  void Clear() {
    for (Slot& s : slots_) s.used = false;
  }

 private:
  struct Slot {
    bool used = false;
    uint8_t target = 0;
    uint64_t hash = 0;
    std::string host, value;
    std::vector<int> hits;
  };
  std::vector<Slot> slots_;  // kSlots once anything is stored.
};

}  // namespace waftune

#endif  // WAFTUNE_MATCH_SCAN_MEMO_H_
