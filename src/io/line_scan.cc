#include "io/line_scan.h"

#include <cstdint>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace waftune {
namespace {

// Whether a byte is "unusual": signed, bytes above 0x7f are negative, so one
// compare finds them and the control characters.
bool Unusual(char c) { return static_cast<signed char>(c) < 0x20; }

void NoteByte(char c, LineContent* seen) {
  if (c == '\\') seen->backslash = true;
  if (Unusual(c)) seen->unusual = true;
}

}  // namespace

#if defined(__AVX2__) || defined(__SSE2__)

namespace {

struct Masks {
  uint64_t newline, backslash, unusual;  // Bit i: byte i of 64.
};

#if defined(__AVX2__)
uint64_t Bits32(__m256i eq) { return static_cast<uint32_t>(_mm256_movemask_epi8(eq)); }

Masks Masks64(const char* p) {
  Masks m{};
  const __m256i space = _mm256_set1_epi8(0x20);
  for (int half = 0; half < 2; ++half) {
    __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
    int shift = 32 * half;
    m.newline |= Bits32(_mm256_cmpeq_epi8(b, _mm256_set1_epi8('\n'))) << shift;
    m.backslash |= Bits32(_mm256_cmpeq_epi8(b, _mm256_set1_epi8('\\'))) << shift;
    m.unusual |= Bits32(_mm256_cmpgt_epi8(space, b)) << shift;
  }
  return m;
}
#else
uint64_t Bits16(__m128i eq) { return static_cast<uint32_t>(_mm_movemask_epi8(eq)); }

Masks Masks64(const char* p) {
  Masks m{};
  const __m128i space = _mm_set1_epi8(0x20);
  for (int k = 0; k < 4; ++k) {
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    int shift = 16 * k;
    m.newline |= Bits16(_mm_cmpeq_epi8(b, _mm_set1_epi8('\n'))) << shift;
    m.backslash |= Bits16(_mm_cmpeq_epi8(b, _mm_set1_epi8('\\'))) << shift;
    m.unusual |= Bits16(_mm_cmpgt_epi8(space, b)) << shift;
  }
  return m;
}
#endif

void Note(const Masks& m, uint64_t keep, LineContent* seen) {
  if ((m.backslash & keep) != 0) seen->backslash = true;
  if ((m.unusual & keep) != 0) seen->unusual = true;
}

}  // namespace

size_t FindLineEnd(const char* p, size_t n, LineContent* seen) {
  size_t i = 0;
  // 64 bytes a step: one branch per cache line in the common case.
  for (; i + 64 <= n; i += 64) {
    Masks m = Masks64(p + i);
    if (m.newline != 0) {
      // Bytes before the newline only: below its lowest set bit.
      Note(m, (m.newline & -m.newline) - 1, seen);
      return i + static_cast<size_t>(__builtin_ctzll(m.newline));
    }
    Note(m, ~uint64_t{0}, seen);
  }
  for (; i < n; ++i) {
    if (p[i] == '\n') return i;
    NoteByte(p[i], seen);
  }
  return n;
}

void ScanLineContent(const char* p, size_t n, LineContent* seen) {
  size_t i = 0;
  for (; i + 64 <= n; i += 64) Note(Masks64(p + i), ~uint64_t{0}, seen);
  for (; i < n; ++i) NoteByte(p[i], seen);
}

#else  // Portable: byte by byte.

size_t FindLineEnd(const char* p, size_t n, LineContent* seen) {
  const void* nl = std::memchr(p, '\n', n);
  size_t end = nl != nullptr ? static_cast<const char*>(nl) - p : n;
  ScanLineContent(p, end, seen);
  return end;
}

void ScanLineContent(const char* p, size_t n, LineContent* seen) {
  for (size_t i = 0; i < n; ++i) NoteByte(p[i], seen);
}

#endif

}  // namespace waftune
