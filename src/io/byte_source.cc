#include "io/byte_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
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

// A plain regular file, mapped whole. Read() still works (copying from the
// mapping) for callers that do not split lines in place.
class MappedSource : public ByteSource {
 public:
  MappedSource(std::unique_ptr<RawInput> raw, std::unique_ptr<MappedFile> map)
      : raw_(std::move(raw)), map_(std::move(map)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, map_->size() - read_);
    std::memcpy(buf, map_->data() + read_, k);
    read_ += k;
    return k;
  }
  uint64_t raw_bytes() const override {
    return std::max<uint64_t>(read_, map_->consumed());
  }
  MappedFile* mapped() override { return map_.get(); }

 private:
  std::unique_ptr<RawInput> raw_;  // Keeps the descriptor for the mapping.
  std::unique_ptr<MappedFile> map_;
  size_t read_ = 0;
};

// Maps a regular file; null for pipes, stdin, memory or when mmap fails
// (then read(2) serves it as before).
std::unique_ptr<MappedFile> TryMap(const RawInput& raw) {
  struct stat st;
  if (raw.fd() < 0 || fstat(raw.fd(), &st) != 0 || !S_ISREG(st.st_mode))
    return nullptr;
  return MappedFile::Map(raw.fd(), static_cast<size_t>(st.st_size));
}

// By content, not by name: S3 exports and Firehose deliveries are often
// gzip without a .gz suffix, and a renamed .gz may be plain.
Result<std::unique_ptr<ByteSource>> Detect(std::unique_ptr<RawInput> raw,
                                           Diagnostics* diag,
                                           GzipDecoder decoder,
                                           bool may_map) {
  Result<std::string_view> head = raw->Peek(2);
  if (!head.ok())
    return head.status();
  if (head->size() == 2 && static_cast<unsigned char>((*head)[0]) == 0x1f &&
      static_cast<unsigned char>((*head)[1]) == 0x8b) {
    return MakeGzipSource(std::move(raw), diag, decoder);
  }
  if (std::unique_ptr<MappedFile> map = may_map ? TryMap(*raw) : nullptr) {
    return std::unique_ptr<ByteSource>(
        std::make_unique<MappedSource>(std::move(raw), std::move(map)));
  }
  return std::unique_ptr<ByteSource>(
      std::make_unique<PlainSource>(std::move(raw)));
}

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenInputWith(const InputFile& file,
                                                  Diagnostics* diag,
                                                  GzipDecoder decoder) {
  if (file.is_stdin) {
    // Never mapped: a redirected stdin may start past offset 0.
    return Detect(std::make_unique<RawInput>(STDIN_FILENO, false, file.path),
                  diag, decoder, false);
  }
  int fd = open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Status::IOError(file.path, std::strerror(errno));
  // Logs are read once front to back: let the kernel read ahead further.
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return Detect(std::make_unique<RawInput>(fd, true, file.path), diag, decoder,
                true);
}

std::unique_ptr<ByteSource> OpenMemoryWith(std::string bytes, std::string name,
                                           Diagnostics* diag,
                                           GzipDecoder decoder) {
  auto raw = std::make_unique<RawInput>(std::move(bytes), std::move(name));
  // Peeking memory cannot fail.
  return std::move(Detect(std::move(raw), diag, decoder, false).value());
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
