// InflateEngine: one gzip member decoder (ISA-L igzip or zlib) behind a
// common step interface.
//
// Private to src/io. GzipSource owns the member framing (magic check,
// multi-member, damage reports); an engine only decodes the member it was
// Reset() for and verifies its trailer (CRC-32 and length). Both engines are
// kept so tests can check they agree and bench/gzip can measure them through
// the same code path; OpenInput uses kDefaultDecoder. Not thread-safe.
#ifndef WAFTUNE_IO_INFLATE_ENGINE_H_
#define WAFTUNE_IO_INFLATE_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace waftune {

enum class GzipDecoder { kIsal, kZlib };
// Chosen by measurement: see docs/gzip.md.
inline constexpr GzipDecoder kDefaultDecoder = GzipDecoder::kIsal;
const char* GzipDecoderName(GzipDecoder decoder);

class InflateEngine {
 public:
  enum class Step {
    kOk,         // Needs more input or more output space.
    kMemberEnd,  // The member ended and its trailer checked out.
    kError,      // Corrupt data; the message says what.
  };
  struct Io {
    const uint8_t* in = nullptr;
    size_t in_len = 0;
    uint8_t* out = nullptr;
    size_t out_len = 0;
    size_t consumed = 0;  // Set by Inflate().
    size_t produced = 0;  // Set by Inflate().
    std::string error;    // Set by Inflate() on kError.
  };

  virtual ~InflateEngine() = default;
  // Starts a new member (the next input byte is its first header byte).
  virtual void Reset() = 0;
  // Decodes as much of io.in into io.out as possible. Input bytes after the
  // member's trailer are left unconsumed.
  virtual Step Inflate(Io* io) = 0;
};

std::unique_ptr<InflateEngine> MakeInflateEngine(GzipDecoder decoder);

}  // namespace waftune

#endif  // WAFTUNE_IO_INFLATE_ENGINE_H_
