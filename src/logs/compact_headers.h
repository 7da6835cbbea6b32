// MatchCompactHeaders: a fast path for the httpRequest.headers array in the
// exact compact form AWS writes:
//   [{"name":"host","value":"shop.example.com"},{"name":"accept",...}]
//
// Every record carries a handful of headers, and walking them object by
// object with On-Demand only to check their types was an eighth of
// `summary`'s CPU. This matcher recognises exactly that text and nothing
// else: whitespace, another key or key order, a non-string value, an escape
// in a string, or the end of the input makes it return false and leaves
// *out as it was, so the caller parses the value normally and unusual
// records get the full checks and messages. Stateless and thread-safe.
#ifndef WAFTUNE_LOGS_COMPACT_HEADERS_H_
#define WAFTUNE_LOGS_COMPACT_HEADERS_H_

#include <vector>

#include "logs/waf_record.h"

namespace waftune {

// `text` starts at the array's '['; `end` bounds the readable input (the
// matcher never reads at or past it). `may_have_escapes`: false when the
// caller knows the input holds no backslash, which spares the per-string
// check. On a match appends the headers (views into `text`) to *out unless
// out is null (a shape check only) and returns the byte after the closing
// ']'; otherwise returns null.
const char* MatchCompactHeaders(const char* text, const char* end, bool may_have_escapes,
                         std::vector<HttpHeader>* out);

}  // namespace waftune

#endif  // WAFTUNE_LOGS_COMPACT_HEADERS_H_
