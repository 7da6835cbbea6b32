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

// The last `rest` (< 8) bytes of s as one word, read with fixed-size loads
// (a variable-length memcpy into a word stalls on the reload). The loads
// overlap bytes already hashed; with the length mixed in, every byte still
// counts.
inline uint64_t Tail(std::string_view s, size_t rest) {
  if (rest == 0) return 0;
  const char* p = s.data();
  const size_t n = s.size();
  uint64_t w = 0;
  if (n >= 8) {
    std::memcpy(&w, p + n - 8, 8);
    return w;
  }
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return (uint64_t{hi} << 32) | lo;
  }
  return (uint64_t{static_cast<unsigned char>(p[0])} << 16) |
         (uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
         static_cast<unsigned char>(p[n - 1]);
}

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
  h = (h ^ Tail(s, s.size() - i)) * kMul;
  // Final mix: every output bit depends on every input word.
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  return h;
}

}  // namespace waftune

#endif  // WAFTUNE_UTIL_WORD_HASH_H_
