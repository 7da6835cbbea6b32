#include "logs/compact_headers.h"

#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace waftune {
namespace {

// Consumes `lit` at *p if the input holds it there. A template so that the
// compare has a constant size and compiles to a few loads: called per
// header, a library call each time cost as much as the On-Demand walk.
template <size_t N>
bool Eat(const char** p, const char* end, const char (&lit)[N]) {
  constexpr size_t kSize = N - 1;
  if (static_cast<size_t>(end - *p) < kSize || std::memcmp(*p, lit, kSize) != 0) {
    return false;
  }
  *p += kSize;
  return true;
}

// The first '"' in [p, end), or end.
const char* FindQuote(const char* p, const char* end) {
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

// A string's content up to its closing quote, which is consumed. Escaped
// strings are left to the full parser: without escapes the next quote is
// the closing one.
bool EatString(const char** p, const char* end, bool may_have_escapes,
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

bool EatHeader(const char** p, const char* end, bool may_have_escapes, HttpHeader* h) {
  return Eat(p, end, R"({"name":")") && EatString(p, end, may_have_escapes, &h->name) &&
         Eat(p, end, R"(,"value":")") && EatString(p, end, may_have_escapes, &h->value) &&
         Eat(p, end, "}");
}

}  // namespace

bool MatchCompactHeaders(const char* text, const char* end, bool may_have_escapes,
                         std::vector<HttpHeader>* out) {
  const char* p = text;
  if (!Eat(&p, end, "[")) return false;
  if (Eat(&p, end, "]")) return true;
  const size_t before = out != nullptr ? out->size() : 0;
  HttpHeader scratch;
  do {
    HttpHeader* h = out != nullptr ? &out->emplace_back() : &scratch;
    if (!EatHeader(&p, end, may_have_escapes, h)) {
      if (out != nullptr) out->resize(before);
      return false;
    }
  } while (Eat(&p, end, ","));
  if (Eat(&p, end, "]")) return true;
  if (out != nullptr) out->resize(before);
  return false;
}

}  // namespace waftune
