// GzipSource: the streaming, multi-member gzip ByteSource behind OpenInput.
//
// Private to src/io (tests and bench/gzip use it to pick a decoder). Memory
// is bounded: one input buffer of kGzipInputBytes plus the decoder state;
// output is decoded straight into the caller's buffer. Damage ends the
// stream after a Diagnostics warning; see byte_source.h. One per thread.
#ifndef WAFTUNE_IO_GZIP_SOURCE_H_
#define WAFTUNE_IO_GZIP_SOURCE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "io/byte_source.h"
#include "io/inflate_engine.h"
#include "io/raw_input.h"
#include "util/diagnostics.h"

namespace waftune {

// Compressed bytes read from the input per read(2).
inline constexpr size_t kGzipInputBytes = 1u << 20;

// REQUIRES: `raw` starts with the gzip magic. `diag` must outlive the source.
std::unique_ptr<ByteSource> MakeGzipSource(std::unique_ptr<RawInput> raw,
                                           Diagnostics* diag,
                                           GzipDecoder decoder);

// OpenInput / OpenMemory with an explicit gzip decoder.
Result<std::unique_ptr<ByteSource>> OpenInputWith(const InputFile& file,
                                                  Diagnostics* diag,
                                                  GzipDecoder decoder);
std::unique_ptr<ByteSource> OpenMemoryWith(std::string bytes, std::string name,
                                           Diagnostics* diag,
                                           GzipDecoder decoder);

}  // namespace waftune

#endif  // WAFTUNE_IO_GZIP_SOURCE_H_
