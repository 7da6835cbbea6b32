// FindLineEnd: the next '\n', noting on the way what kind of bytes the line
// holds; ScanLineContent: the same notes for a line already split.
//
// LineReader splits lines with them; the WAF parser then knows whether any
// JSON string on the line can hold an escape, and whether the line is plain
// printable ASCII, which its whole-record fast path requires (such text
// needs no UTF-8 or control-character check). Checking each string for a
// backslash separately (one memchr per string) was a tenth of `summary`'s
// CPU, while this fused scan costs about what a memchr for the newline
// alone costs. Stateless and thread-safe.
#ifndef WAFTUNE_IO_LINE_SCAN_H_
#define WAFTUNE_IO_LINE_SCAN_H_

#include <cstddef>

namespace waftune {

// What a line's bytes hold. Flags only ever go from false to true: callers
// accumulate across calls.
struct LineContent {
  bool backslash = false;  // A '\\'.
  bool unusual = false;    // A byte below 0x20 or above 0x7f (control, non-ASCII).
};

// Returns the offset of the first '\n' in [p, p + n), or n when there is
// none, and notes the bytes before that offset in *seen.
size_t FindLineEnd(const char* p, size_t n, LineContent* seen);

// Notes the bytes of [p, p + n) in *seen.
void ScanLineContent(const char* p, size_t n, LineContent* seen);

}  // namespace waftune

#endif  // WAFTUNE_IO_LINE_SCAN_H_
