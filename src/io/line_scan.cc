#include "io/line_scan.h"

#include <cstdint>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace waftune {

#if defined(__AVX2__)

namespace {

// Bit i set where byte i of the 32 in `block` equals c.
uint64_t Mask32(__m256i block, char c) {
  return static_cast<uint32_t>(
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(block, _mm256_set1_epi8(c))));
}

}  // namespace

size_t FindLineEnd(const char* p, size_t n, bool* backslash) {
  size_t i = 0;
  // 64 bytes a step: one branch per cache line in the common case.
  for (; i + 64 <= n; i += 64) {
    __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 32));
    uint64_t nl = Mask32(lo, '\n') | (Mask32(hi, '\n') << 32);
    uint64_t bs = Mask32(lo, '\\') | (Mask32(hi, '\\') << 32);
    if (nl != 0) {
      // Backslashes before the newline only: below its lowest set bit.
      if ((bs & ((nl & -nl) - 1)) != 0) *backslash = true;
      return i + static_cast<size_t>(__builtin_ctzll(nl));
    }
    if (bs != 0) *backslash = true;
  }
  for (; i < n; ++i) {
    if (p[i] == '\n') return i;
    if (p[i] == '\\') *backslash = true;
  }
  return n;
}

#elif defined(__SSE2__)

namespace {

// Bit i set where byte i of the 16 at p equals c.
unsigned Mask16(__m128i block, char c) {
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(c))));
}

}  // namespace

size_t FindLineEnd(const char* p, size_t n, bool* backslash) {
  size_t i = 0;
  // 64 bytes a step: one branch per cache line in the common case.
  for (; i + 64 <= n; i += 64) {
    __m128i b0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i b1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
    __m128i b2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 32));
    __m128i b3 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 48));
    unsigned long long nl =
        Mask16(b0, '\n') | (Mask16(b1, '\n') << 16) |
        (static_cast<unsigned long long>(Mask16(b2, '\n')) << 32) |
        (static_cast<unsigned long long>(Mask16(b3, '\n')) << 48);
    unsigned long long bs =
        Mask16(b0, '\\') | (Mask16(b1, '\\') << 16) |
        (static_cast<unsigned long long>(Mask16(b2, '\\')) << 32) |
        (static_cast<unsigned long long>(Mask16(b3, '\\')) << 48);
    if (nl != 0) {
      // Backslashes before the newline only: lowest set bit minus one.
      if ((bs & ((nl & -nl) - 1)) != 0) *backslash = true;
      return i + static_cast<size_t>(__builtin_ctzll(nl));
    }
    if (bs != 0) *backslash = true;
  }
  for (; i < n; ++i) {
    if (p[i] == '\n') return i;
    if (p[i] == '\\') *backslash = true;
  }
  return n;
}

#else  // Portable: two library scans.

size_t FindLineEnd(const char* p, size_t n, bool* backslash) {
  const void* nl = std::memchr(p, '\n', n);
  size_t end = nl != nullptr ? static_cast<const char*>(nl) - p : n;
  if (std::memchr(p, '\\', end) != nullptr) *backslash = true;
  return end;
}

#endif

}  // namespace waftune
