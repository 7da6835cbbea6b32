// MappedFile: a read-only memory mapping of one whole regular file.
//
// Plain (uncompressed) log files are mapped instead of read(2) into a
// buffer: the kernel's copy from the page cache was a tenth of `summary`'s
// CPU. LineReader splits the mapping in place. Readable bytes run to the end
// of the last page (zero-filled past the file end); simdjson reads up to 64
// bytes past a document, so a line whose padding would cross that end is
// copied out by the reader (see LineReader). As the reader moves on,
// DropBefore() hands consumed pages back to the page cache so the resident
// set stays bounded on a many-GB file. A file truncated by another process
// while mapped would fault (SIGBUS); logs are read after delivery, and
// `--stdin` streams do not map. Not thread-safe; one reader.
#ifndef WAFTUNE_IO_MAPPED_FILE_H_
#define WAFTUNE_IO_MAPPED_FILE_H_

#include <cstddef>
#include <memory>

namespace waftune {

class MappedFile {
 public:
  // Maps `size` bytes of `fd` (not owned, may be closed after). Returns null
  // when the file cannot be mapped; the caller falls back to read(2).
  static std::unique_ptr<MappedFile> Map(int fd, size_t size);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return data_; }
  // File bytes.
  size_t size() const { return size_; }
  // Bytes that may be read: size() rounded up to the page size.
  size_t readable() const { return readable_; }
  // Records that the bytes before `offset` are consumed, and releases their
  // pages from this process (they stay in the page cache and fault back in
  // if touched again). Cheap to call per line: it acts once per kDropStep.
  void Consumed(size_t offset);
  size_t consumed() const { return consumed_; }

 private:
  MappedFile(const char* data, size_t size, size_t readable)
      : data_(data), size_(size), readable_(readable) {}

  static constexpr size_t kDropStep = size_t{16} << 20;
  const char* data_;
  size_t size_;
  size_t readable_;
  size_t consumed_ = 0;
  size_t dropped_ = 0;  // Pages before this offset were released.
};

}  // namespace waftune

#endif  // WAFTUNE_IO_MAPPED_FILE_H_
