// Scanning helpers shared by the raw fast paths of the WAF record parser
// (compact_headers.cc, compact_request.cc, empty_rule_groups.cc): each
// consumes a piece of JSON text at *p and never reads at or past `end`.
// They accept only the compact text AWS writes; anything else returns false
// and the caller falls back to the full parser. Inline because they run per
// JSON token: a library call each time cost as much as the On-Demand walk
// they replace. Stateless and thread-safe.
#ifndef WAFTUNE_LOGS_COMPACT_TEXT_H_
#define WAFTUNE_LOGS_COMPACT_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace waftune::compact {

// Consumes the literal `lit` at *p if the input holds it there. A template
// so that the compare has a constant size and compiles to a few loads.
template <size_t N>
inline bool Eat(const char** p, const char* end, const char (&lit)[N]) {
  constexpr size_t kSize = N - 1;
  if (static_cast<size_t>(end - *p) < kSize || std::memcmp(*p, lit, kSize) != 0) {
    return false;
  }
  *p += kSize;
  return true;
}

// The first '"' in [p, end), or end.
inline const char* FindQuote(const char* p, const char* end) {
#if defined(__AVX2__)
  const __m256i quote = _mm256_set1_epi8('"');
  for (; end - p >= 32; p += 32) {
    __m256i block = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    uint32_t mask = static_cast<uint32_t>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(block, quote)));
    if (mask != 0) return p + __builtin_ctz(mask);
  }
#elif defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  for (; end - p >= 16; p += 16) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    uint32_t mask = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, quote)));
    if (mask != 0) return p + __builtin_ctz(mask);
  }
#endif
  while (p < end && *p != '"') ++p;
  return p;
}

// A string's content after its opening quote, up to the closing quote,
// which is consumed. Strings with escapes are left to the full parser:
// without them the next quote is the closing one. `may_have_escapes`:
// false when the caller knows the text holds no backslash at all.
inline bool EatStringBody(const char** p, const char* end, bool may_have_escapes,
                          std::string_view* s) {
  const char* start = *p;
  const char* q = FindQuote(start, end);
  if (q == end) return false;
  size_t n = static_cast<size_t>(q - start);
  if (may_have_escapes && std::memchr(start, '\\', n) != nullptr) return false;
  *s = std::string_view(start, n);
  *p = q + 1;
  return true;
}

}  // namespace waftune::compact

#endif  // WAFTUNE_LOGS_COMPACT_TEXT_H_
