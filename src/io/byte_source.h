// ByteSource: a stream of uncompressed bytes from one input.
//
// OpenInput() opens a file or stdin and looks at the first bytes: gzip magic
// (1f 8b) selects the streaming gzip decoder (multi-member, as S3 and
// Firehose write it), anything else is read as plain text. Damage inside a
// gzip stream (a truncated member, garbage after a member, a bad CRC) is
// reported to the Diagnostics given at open as a warning naming the file and
// the compressed offset; the bytes decoded before the damage are still
// returned and the stream then ends. One source per thread.
#ifndef WAFTUNE_IO_BYTE_SOURCE_H_
#define WAFTUNE_IO_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/input_file.h"
#include "io/mapped_file.h"
#include "util/diagnostics.h"
#include "util/status.h"

namespace waftune {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes into buf. Returns the count, 0 at end of input.
  // A read error (EIO) is a non-ok Status; the caller reports it and stops.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // Bytes consumed from the underlying file so far (compressed for gzip).
  virtual uint64_t raw_bytes() const = 0;
  // A plain regular file is memory-mapped: the whole content, for readers
  // that split it in place (LineReader) and report progress through
  // MappedFile::Consumed() instead of calling Read(). Null for other sources.
  virtual MappedFile* mapped() { return nullptr; }
};

// `diag` must outlive the returned source.
Result<std::unique_ptr<ByteSource>> OpenInput(const InputFile& file,
                                              Diagnostics* diag);

// Wraps bytes in memory (tests, fuzzing); detects gzip like OpenInput.
std::unique_ptr<ByteSource> OpenMemory(std::string bytes, std::string name,
                                       Diagnostics* diag);

}  // namespace waftune

#endif  // WAFTUNE_IO_BYTE_SOURCE_H_
