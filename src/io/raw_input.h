// RawInput: the undecoded bytes of one input (a file descriptor or memory).
//
// Private to src/io. ByteSource implementations read through it so that the
// first bytes can be peeked for format detection even on a pipe (stdin is
// not seekable): peeked bytes are kept and handed out again by Read(). File
// reads are plain read(2) calls of the caller's size, retried on EINTR.
// Owns the descriptor unless it is stdin. One reader per thread.
#ifndef WAFTUNE_IO_RAW_INPUT_H_
#define WAFTUNE_IO_RAW_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace waftune {

class RawInput {
 public:
  // Takes ownership of `fd` when `owns_fd`; `name` appears in errors.
  RawInput(int fd, bool owns_fd, std::string name);
  // Serves `bytes` from memory.
  RawInput(std::string bytes, std::string name);
  ~RawInput();
  RawInput(const RawInput&) = delete;
  RawInput& operator=(const RawInput&) = delete;

  // Returns up to the first `n` bytes without consuming them (fewer only at
  // end of input). REQUIRES: no Read() yet.
  Result<std::string_view> Peek(size_t n);
  // Reads up to n bytes; 0 at end of input.
  Result<size_t> Read(char* buf, size_t n);
  // Bytes handed out by Read() so far.
  uint64_t bytes_read() const { return bytes_read_; }
  const std::string& name() const { return name_; }
  // The descriptor, or -1 for memory input.
  int fd() const { return fd_; }

 private:
  Result<size_t> ReadUnderlying(char* buf, size_t n);

  int fd_ = -1;
  bool owns_fd_ = false;
  std::string name_;
  std::string memory_;  // Memory input.
  size_t memory_pos_ = 0;
  std::string peeked_;  // Bytes read by Peek() and not yet by Read().
  size_t peeked_pos_ = 0;
  uint64_t bytes_read_ = 0;
};

}  // namespace waftune

#endif  // WAFTUNE_IO_RAW_INPUT_H_
