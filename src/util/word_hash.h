// WordHash: a fast 64-bit hash of a byte string, 8 bytes per step.
//
// For in-memory tables only (crossref keys, the signature scan memo): it is
// never persisted, so it may change between versions. Persisted hashes
// (distinct-client counters in --save-state) use HashBytes instead.
#ifndef WAFTUNE_UTIL_WORD_HASH_H_
#define WAFTUNE_UTIL_WORD_HASH_H_

#include <cstdint>
#include <cstring>
#include <string_view>

namespace waftune {

inline uint64_t WordHash(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  uint64_t h = s.size() * kMul;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
  h = (h ^ tail) * kMul;
  // Final mix: every output bit depends on every input word.
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  return h;
}

}  // namespace waftune

#endif  // WAFTUNE_UTIL_WORD_HASH_H_
