#include "io/raw_input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <utility>

namespace waftune {

RawInput::RawInput(int fd, bool owns_fd, std::string name)
    : fd_(fd), owns_fd_(owns_fd), name_(std::move(name)) {}

RawInput::RawInput(std::string bytes, std::string name)
    : name_(std::move(name)), memory_(std::move(bytes)) {}

RawInput::~RawInput() {
  if (owns_fd_ && fd_ >= 0)
    close(fd_);
}

Result<size_t> RawInput::ReadUnderlying(char* buf, size_t n) {
  if (fd_ < 0) {
    size_t k = std::min(n, memory_.size() - memory_pos_);
    std::memcpy(buf, memory_.data() + memory_pos_, k);
    memory_pos_ += k;
    return k;
  }
  // Cap one call well below SSIZE_MAX; Linux returns at most ~2 GiB anyway.
  n = std::min<size_t>(n, size_t{1} << 30);
  for (;;) {
    ssize_t got = read(fd_, buf, n);
    if (got >= 0)
      return static_cast<size_t>(got);
    if (errno != EINTR)
      return Status::IOError(name_, std::strerror(errno));
  }
}

Result<std::string_view> RawInput::Peek(size_t n) {
  // A pipe may deliver fewer bytes than asked: keep reading until n or EOF.
  while (peeked_.size() < n) {
    size_t have = peeked_.size();
    peeked_.resize(n);
    Result<size_t> got = ReadUnderlying(peeked_.data() + have, n - have);
    if (!got.ok()) {
      peeked_.resize(have);
      return got.status();
    }
    peeked_.resize(have + *got);
    if (*got == 0)
      break;
  }
  return std::string_view(peeked_).substr(0, n);
}

Result<size_t> RawInput::Read(char* buf, size_t n) {
  if (n == 0)
    return size_t{0};
  if (peeked_pos_ < peeked_.size()) {
    size_t k = std::min(n, peeked_.size() - peeked_pos_);
    std::memcpy(buf, peeked_.data() + peeked_pos_, k);
    peeked_pos_ += k;
    if (peeked_pos_ == peeked_.size()) {
      peeked_.clear();
      peeked_.shrink_to_fit();
      peeked_pos_ = 0;
    }
    bytes_read_ += k;
    return k;
  }
  Result<size_t> got = ReadUnderlying(buf, n);
  if (got.ok())
    bytes_read_ += *got;
  return got;
}

}  // namespace waftune
