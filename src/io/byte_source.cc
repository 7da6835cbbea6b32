#include "io/byte_source.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

#include "io/gzip_source.h"
#include "io/raw_input.h"

namespace waftune {
namespace {

class PlainSource : public ByteSource {
 public:
  explicit PlainSource(std::unique_ptr<RawInput> raw) : raw_(std::move(raw)) {}
  // Straight into the caller's buffer: no copy for plain text.
  Result<size_t> Read(char* buf, size_t n) override {
    return raw_->Read(buf, n);
  }
  uint64_t raw_bytes() const override { return raw_->bytes_read(); }

 private:
  std::unique_ptr<RawInput> raw_;
};

// By content, not by name: S3 exports and Firehose deliveries are often
// gzip without a .gz suffix, and a renamed .gz may be plain.
Result<std::unique_ptr<ByteSource>> Detect(std::unique_ptr<RawInput> raw,
                                           Diagnostics* diag,
                                           GzipDecoder decoder) {
  Result<std::string_view> head = raw->Peek(2);
  if (!head.ok())
    return head.status();
  if (head->size() == 2 && static_cast<unsigned char>((*head)[0]) == 0x1f &&
      static_cast<unsigned char>((*head)[1]) == 0x8b) {
    return MakeGzipSource(std::move(raw), diag, decoder);
  }
  return std::unique_ptr<ByteSource>(
      std::make_unique<PlainSource>(std::move(raw)));
}

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenInputWith(const InputFile& file,
                                                  Diagnostics* diag,
                                                  GzipDecoder decoder) {
  if (file.is_stdin) {
    return Detect(std::make_unique<RawInput>(STDIN_FILENO, false, file.path),
                  diag, decoder);
  }
  int fd = open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Status::IOError(file.path, std::strerror(errno));
  // Logs are read once front to back: let the kernel read ahead further.
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return Detect(std::make_unique<RawInput>(fd, true, file.path), diag, decoder);
}

std::unique_ptr<ByteSource> OpenMemoryWith(std::string bytes, std::string name,
                                           Diagnostics* diag,
                                           GzipDecoder decoder) {
  auto raw = std::make_unique<RawInput>(std::move(bytes), std::move(name));
  // Peeking memory cannot fail.
  return std::move(Detect(std::move(raw), diag, decoder).value());
}

Result<std::unique_ptr<ByteSource>> OpenInput(const InputFile& file,
                                              Diagnostics* diag) {
  return OpenInputWith(file, diag, kDefaultDecoder);
}

std::unique_ptr<ByteSource> OpenMemory(std::string bytes, std::string name,
                                       Diagnostics* diag) {
  return OpenMemoryWith(std::move(bytes), std::move(name), diag,
                        kDefaultDecoder);
}

}  // namespace waftune
