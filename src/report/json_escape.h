// JSON string escaping that always yields valid UTF-8, for every writer that
// puts attacker-controlled log text (URIs, headers, labels) into JSON.
//
// AppendJsonString() writes a quoted JSON string. Choices, for all callers:
// - Control bytes (< 0x20) and DEL become \u00XX (\n, \r, \t, \b, \f keep
//   their short forms); '"' and '\\' are escaped.
// - '<', '>', '&' become \u003c, \u003e, \u0026, and U+2028 / U+2029 become
//   \u2028 / \u2029, so the text is safe inside an HTML <script> block and in
//   JavaScript string literals.
// - Each byte that is not part of a well-formed UTF-8 sequence (stray
//   continuation bytes, truncated sequences, overlong forms, surrogates,
//   code points above U+10FFFF) becomes one \ufffd. We chose U+FFFD over
//   \u00XX because \u00XX would claim the byte was the code point U+00XX
//   (a Latin-1 guess); U+FFFD says plainly "undecodable". Other valid
//   non-ASCII text is copied as UTF-8.
// Thread safety: pure functions.
#ifndef WAFTUNE_REPORT_JSON_ESCAPE_H_
#define WAFTUNE_REPORT_JSON_ESCAPE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace waftune {

// Appends s to *out as a quoted JSON string (see the file comment).
void AppendJsonString(std::string* out, std::string_view s);

// Convenience: the quoted JSON string for s.
std::string JsonString(std::string_view s);

// Decodes one UTF-8 code point of s starting at *pos and advances *pos past
// it. Returns the code point, or -1 for an invalid byte, in which case *pos
// advances by exactly one byte. REQUIRES: *pos < s.size(). Shared with other
// escapers (HCL) so they make the same choices.
int32_t NextUtf8CodePoint(std::string_view s, size_t* pos);

// Appends code point cp (0..0x10FFFF, not a surrogate) as UTF-8.
void AppendUtf8(std::string* out, uint32_t cp);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_JSON_ESCAPE_H_
