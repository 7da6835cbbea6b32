#include "io/line_scan.h"

#include <cstdint>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace waftune {

#if defined(__AVX2__) || defined(__SSE2__)

namespace {

// Bit i of *nl / *bs set where byte i of the 64 at p is '\n' / '\\'.
#if defined(__AVX2__)
uint64_t Mask32(__m256i block, char c) {
  return static_cast<uint32_t>(
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(block, _mm256_set1_epi8(c))));
}

void Masks64(const char* p, uint64_t* nl, uint64_t* bs) {
  __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  *nl = Mask32(lo, '\n') | (Mask32(hi, '\n') << 32);
  *bs = Mask32(lo, '\\') | (Mask32(hi, '\\') << 32);
}
#else
uint64_t Mask16(__m128i block, char c) {
  return static_cast<uint32_t>(
      _mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(c))));
}

void Masks64(const char* p, uint64_t* nl, uint64_t* bs) {
  *nl = *bs = 0;
  for (int k = 0; k < 4; ++k) {
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    *nl |= Mask16(b, '\n') << (16 * k);
    *bs |= Mask16(b, '\\') << (16 * k);
  }
}
#endif

}  // namespace

size_t FindLineEnd(const char* p, size_t n, bool* backslash) {
  size_t i = 0;
  // 64 bytes a step: one branch per cache line in the common case.
  for (; i + 64 <= n; i += 64) {
    uint64_t nl, bs;
    Masks64(p + i, &nl, &bs);
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

#else  // Portable: two library scans.

size_t FindLineEnd(const char* p, size_t n, bool* backslash) {
  const void* nl = std::memchr(p, '\n', n);
  size_t end = nl != nullptr ? static_cast<const char*>(nl) - p : n;
  if (std::memchr(p, '\\', end) != nullptr) *backslash = true;
  return end;
}

#endif

}  // namespace waftune
