// ScanMemo: remembers the signature hits of recently scanned values, keyed by
// (target, request host, raw value) as one byte string.
//
// Flagged requests repeat the same hosts, user agents and headers (one
// 5-minute file: 120k scanned values, 2k distinct), so SignatureSet::ScanValue
// looks values up here before normalising and running RE2. Direct-mapped: a
// fixed array of slots indexed by a word-at-a-time hash, each holding the
// full key (compared exactly) and its hits; a new key replaces whatever held
// its slot. No allocation once the slots' buffers have grown, and no node
// chasing (a std::unordered_map<std::string, ...> with std::hash showed as
// ~7% of replay). Results are a pure function of the key, so eviction never
// changes them. One per SignatureHits (per thread); not thread-safe.
#ifndef WAFTUNE_MATCH_SCAN_MEMO_H_
#define WAFTUNE_MATCH_SCAN_MEMO_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "util/word_hash.h"

namespace waftune {

class ScanMemo {
 public:
  static constexpr size_t kSlots = 32768;

  static uint64_t Hash(std::string_view key) { return WordHash(key); }

  // The remembered hits of `key` (whose Hash is `hash`), or null.
  const std::vector<int>* Find(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return nullptr;
    const Slot& s = slots_[hash & (kSlots - 1)];
    return s.used && s.hash == hash && s.key == key ? &s.hits : nullptr;
  }

  // Forgets everything (the slots' buffers are kept).
  void Clear() {
    for (Slot& s : slots_) s.used = false;
  }

  // Remembers `hits` for `key`; returns the stored copy.
  const std::vector<int>& Store(std::string_view key, uint64_t hash,
                                const std::vector<int>& hits) {
    if (slots_.empty()) slots_.resize(kSlots);
    Slot& s = slots_[hash & (kSlots - 1)];
    s.used = true;
    s.hash = hash;
    s.key.assign(key);
    s.hits.assign(hits.begin(), hits.end());
    return s.hits;
  }

 private:
  struct Slot {
    bool used = false;
    uint64_t hash = 0;
    std::string key;
    std::vector<int> hits;
  };
  std::vector<Slot> slots_;  // kSlots once anything is stored.
};

}  // namespace waftune

#endif  // WAFTUNE_MATCH_SCAN_MEMO_H_
