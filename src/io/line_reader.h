// LineReader: splits a ByteSource into lines, in chunks, with bounded memory.
//
// Lines end at '\n'; a trailing '\r' is dropped; a last line without a final
// newline is still returned. Each returned view points into an internal
// chunk buffer and is followed by at least kLinePadding readable bytes, so
// simdjson can parse it in place without a copy. A memory-mapped source
// (ByteSource::mapped()) is split in place, without read(2) or a buffer. A line longer than
// max_line_bytes is reported to `diag` (file:line, "line longer than N
// bytes") and skipped without ever being held whole in memory.
// One reader per thread.
#ifndef WAFTUNE_IO_LINE_READER_H_
#define WAFTUNE_IO_LINE_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/byte_source.h"
#include "io/line_scan.h"
#include "util/diagnostics.h"

namespace waftune {

// simdjson needs SIMDJSON_PADDING (64) readable bytes after the input.
inline constexpr size_t kLinePadding = 64;

struct LineReaderOptions {
  // Longer lines are reported and skipped.
  size_t max_line_bytes = 64u << 20;
  // Bytes read from the source at a time.
  size_t chunk_bytes = 4u << 20;
};

class LineReader {
 public:
  // `diag` must outlive the reader; `file_name` names the input in reports.
  LineReader(std::unique_ptr<ByteSource> source, std::string file_name,
             Diagnostics* diag, LineReaderOptions options = {});
  ~LineReader();

  // Sets *line to the next line. Returns false at the end of input (or after
  // a read error, which is reported). The view is valid until the next call.
  bool Next(std::string_view* line);

  // 1-based number of the line last returned.
  uint64_t line_no() const { return line_no_; }
  // Whether the line last returned holds a '\\' (false: no JSON string in
  // it can carry an escape, so parsers may take strings as they are).
  bool line_has_backslash() const { return line_content_.backslash; }
  // Whether the line last returned is plain printable ASCII without a '\\'
  // (bytes 0x20-0x7f): valid UTF-8 with no control character and no escape.
  // A '\r' cut off the line's end may still count against it.
  bool line_is_plain() const { return !line_content_.backslash && !line_content_.unusual; }
  // Uncompressed bytes consumed so far.
  uint64_t bytes() const { return bytes_; }
  const std::string& file_name() const { return file_name_; }

 private:
  bool NextMapped(std::string_view* line);
  bool Refill();
  bool SkipRestOfLongLine();
  void PrefetchAhead(const char* base, size_t size, size_t pos);
  void ReportLongLine(uint64_t line);

  std::unique_ptr<ByteSource> source_;
  std::string file_name_;
  Diagnostics* diag_;
  LineReaderOptions options_;
  MappedFile* map_ = nullptr;  // Owned by source_; null: read in chunks.
  size_t map_pos_ = 0;         // Next unread byte of map_.
  size_t prefetched_ = 0;      // Bytes of map_ before this were prefetched.
  std::vector<char> buf_;
  size_t begin_ = 0;  // Start of unread data in buf_.
  size_t end_ = 0;    // End of valid data in buf_.
  bool eof_ = false;
  uint64_t line_no_ = 0;
  LineContent line_content_{true, true};  // Of the line last returned.
  uint64_t bytes_ = 0;
};

}  // namespace waftune

#endif  // WAFTUNE_IO_LINE_READER_H_
