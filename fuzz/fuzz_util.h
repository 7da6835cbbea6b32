// Helpers shared by the libFuzzer targets in fuzz/.
//
// Touch() reads every byte of a view so that ASan catches a view that points
// into freed or out-of-bounds memory even when the code under test never
// reads it; the sum is returned so the compiler cannot drop the loads.
// PaddedCopy owns a copy of the fuzz input followed by kLinePadding bytes,
// the contract WafReader::ParseLine relies on. Not thread-safe (one fuzz
// input at a time).
#ifndef WAFTUNE_FUZZ_FUZZ_UTIL_H_
#define WAFTUNE_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "io/line_reader.h"

namespace waftune::fuzz {

inline volatile uint64_t g_sink = 0;

inline void Touch(std::string_view v) {
  uint64_t sum = 0;
  for (char c : v)
    sum += static_cast<unsigned char>(c);
  g_sink = g_sink + sum;
}

class PaddedCopy {
 public:
  PaddedCopy(const uint8_t* data, size_t size)
      : buf_(size + kLinePadding, '\0') {
    for (size_t i = 0; i < size; ++i)
      buf_[i] = static_cast<char>(data[i]);
    size_ = size;
  }
  std::string_view view() const { return {buf_.data(), size_}; }

 private:
  std::vector<char> buf_;
  size_t size_ = 0;
};

}  // namespace waftune::fuzz

#endif  // WAFTUNE_FUZZ_FUZZ_UTIL_H_
