// PathTemplate: turns one request path into an anchored RE2 pattern that
// covers its siblings: /admin/cms/articles/813 -> ^/admin/cms/articles/[0-9]+$.
//
// Segments that look like identifiers (decimal numbers, UUIDs, hex hashes,
// long base64-ish tokens) become character-class patterns; every other
// segment is kept literally, regex-escaped. The output stays within the AWS
// WAF regex subset (no capturing groups, at most 200 characters) so the
// suggester can deploy it. Thread safety: pure functions.
#ifndef WAFTUNE_ANALYSIS_PATH_TEMPLATE_H_
#define WAFTUNE_ANALYSIS_PATH_TEMPLATE_H_

#include <string>
#include <string_view>

namespace waftune {

// What one path segment was recognised as.
enum class SegmentKind { kLiteral, kNumber, kUuid, kHex, kToken };

SegmentKind ClassifySegment(std::string_view segment);

// Escapes every RE2 metacharacter of s.
std::string RegexEscape(std::string_view s);

// The anchored pattern for `path` (a query string, if any, is dropped).
// Empty when the path is empty, does not start with '/', or the pattern
// would exceed 200 characters.
std::string PathTemplate(std::string_view path);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_PATH_TEMPLATE_H_
