#include "io/mapped_file.h"

#include <sys/mman.h>
#include <unistd.h>

namespace waftune {
namespace {

size_t PageSize() {
  long page = sysconf(_SC_PAGESIZE);
  return page > 0 ? static_cast<size_t>(page) : 4096;
}

}  // namespace

std::unique_ptr<MappedFile> MappedFile::Map(int fd, size_t size) {
  if (size == 0)
    return nullptr;  // mmap rejects empty mappings; read(2) handles them.
  void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED)
    return nullptr;
  // Front to back once: read ahead aggressively.
  madvise(p, size, MADV_SEQUENTIAL);
  size_t page = PageSize();
  size_t readable = (size + page - 1) / page * page;
  return std::unique_ptr<MappedFile>(
      new MappedFile(static_cast<const char*>(p), size, readable));
}

MappedFile::~MappedFile() {
  munmap(const_cast<char*>(data_), size_);
}

void MappedFile::Consumed(size_t offset) {
  consumed_ = offset;
  if (offset < dropped_ + kDropStep)
    return;
  size_t page = PageSize();
  size_t end = offset / page * page;
  // Read-only private pages were never written: dropping only unmaps them
  // from this process; their content comes back from the file if touched.
  madvise(const_cast<char*>(data_) + dropped_, end - dropped_, MADV_DONTNEED);
  dropped_ = end;
}

}  // namespace waftune
