// FindLineEnd: the next '\n', noting on the way whether a '\\' occurs.
//
// LineReader splits lines with it; the WAF parser then knows whether any
// JSON string on the line can hold an escape. Checking each string for a
// backslash separately (one memchr per string) was a tenth of `summary`'s
// CPU, while this fused scan costs about what a memchr for the newline
// alone costs. Stateless and thread-safe.
#ifndef WAFTUNE_IO_LINE_SCAN_H_
#define WAFTUNE_IO_LINE_SCAN_H_

#include <cstddef>

namespace waftune {

// Returns the offset of the first '\n' in [p, p + n), or n when there is
// none. Sets *backslash to true when a '\\' occurs before that offset (it is
// never set back to false: callers accumulate across calls).
size_t FindLineEnd(const char* p, size_t n, bool* backslash);

}  // namespace waftune

#endif  // WAFTUNE_IO_LINE_SCAN_H_
