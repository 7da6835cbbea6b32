// Fuzzes CloudFrontReader::Read over a LineReader of the input (headers,
// #Fields remapping midway, bad numbers, percent-encoding).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "io/byte_source.h"
#include "io/line_reader.h"
#include "logs/cloudfront_reader.h"
#include "util/diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace waftune;
  using fuzz::Touch;
  Diagnostics diag;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  // A small chunk: the default 4 MiB buffer would cost more per run than
  // the parsing, and small chunks also exercise refills.
  LineReaderOptions options;
  options.chunk_bytes = 4096;
  LineReader lines(OpenMemory(bytes, "cf.log", &diag), "cf.log", &diag,
                   options);
  CloudFrontReader reader(&diag);
  uint64_t delivered = 0;
  reader.Read(lines, [&](const CfEntry& e) {
    ++delivered;
    Touch(e.edge_location);
    Touch(e.client_ip);
    Touch(e.method);
    Touch(e.distribution_host);
    Touch(e.uri_stem);
  });
  if (delivered != reader.records())
    __builtin_trap();
  std::string buf;
  Touch(PercentDecodeOnce(bytes, &buf));
  return 0;
}
