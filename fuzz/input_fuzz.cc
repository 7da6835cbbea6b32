// Fuzzes the input layer: OpenMemory (gzip detected by magic bytes, plain
// otherwise) and a LineReader reading every line. The first input byte
// picks small chunk and line limits so that refills, long-line skipping and
// lines straddling chunks are all reached with small inputs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "io/byte_source.h"
#include "io/line_reader.h"
#include "util/diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace waftune;
  LineReaderOptions options;
  if (size > 0) {
    uint8_t knob = data[0];
    options.chunk_bytes = 1 + (knob & 0x0f) * 7;
    options.max_line_bytes = 1 + ((knob >> 4) & 0x0f) * 13;
    if (knob == 0xff)
      options = LineReaderOptions{};  // Production sizes.
    ++data;
    --size;
  }
  Diagnostics diag;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  LineReader lines(OpenMemory(std::move(bytes), "in.gz", &diag), "in.gz", &diag,
                   options);
  std::string_view line;
  uint64_t count = 0;
  while (lines.Next(&line)) {
    // The padding contract: kLinePadding readable bytes after every line.
    fuzz::Touch(std::string_view(line.data(), line.size() + kLinePadding));
    if (line.size() > options.max_line_bytes)
      __builtin_trap();
    if (lines.line_no() <= count)
      __builtin_trap();  // Line numbers grow.
    count = lines.line_no();
  }
  return 0;
}
