// ValueShape: infers, from the legitimate values of one request field (a
// query argument, a header, a cookie), anchored RE2 patterns that cover
// every legitimate value and none of the attack values, for `suggest` to
// narrow an exclusion to "this field looks like it does for real users".
//
// Shapes, narrowest first (InferShapes):
//  - integer bound: every value is a decimal integer (no sign, no leading
//    zero); the pattern accepts exactly the integers 0..N where N is the
//    largest legitimate value (never a rounded-up N): a size bound such as
//    header:content-length for size rules;
//  - prefix + class: a common prefix (cut at a '/', '=' or ':' boundary,
//    and past the host for URLs) followed by a character class and length
//    range covering every remainder: ^https://shop\.example\.com/[a-z/]{3,9}$;
//  - character class with a length range: ^[A-Za-z0-9_.-]{8,64}$;
//  - prefix alone: ^https://shop\.example\.com/.
// A shape is returned only if no attack value matches it, the pattern
// compiles in RE2, passes CheckAwsRegex and fits the 200-character AWS
// limit. Values with bytes outside printable ASCII (control bytes, NUL,
// non-ASCII) never widen a class: a class shape is refused, a prefix stops
// before them. Values are attacker-controlled; nothing here trusts them.
// Thread safety: pure functions over values.
#ifndef WAFTUNE_ANALYSIS_VALUE_SHAPE_H_
#define WAFTUNE_ANALYSIS_VALUE_SHAPE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace waftune {

enum class ShapeKind { kIntegerBound, kPrefixClass, kCharClass, kPrefix };

struct ValueShape {
  ShapeKind kind = ShapeKind::kCharClass;
  std::string pattern;      // Anchored RE2, within the AWS regex subset.
  std::string description;  // For notes: "integer <= 63170", "prefix ...".
};

struct ShapeOptions {
  size_t min_prefix = 4;       // Shorter common prefixes say nothing.
  size_t max_punctuation = 12;  // More distinct punctuation = too broad.
  size_t max_length = 1000;    // RE2's repetition limit.
  size_t max_pattern = 200;    // AWS WAF regex length limit.
};

// The name of a shape kind, for notes and JSON ("integer-bound", ...).
const char* ShapeKindName(ShapeKind kind);

// Escapes RE2/PCRE metacharacters; empty optional when `s` holds a byte
// outside printable ASCII (the caller must not build a pattern from it).
std::optional<std::string> EscapeLiteral(std::string_view s);

// ^(?:0|[1-9]...)$ accepting exactly the decimal integers 0..n, written
// without leading zeros. Empty when it would exceed max_pattern.
std::string IntegerAtMostPattern(uint64_t n, size_t max_pattern = 200);

// The common prefix of `values`, cut back to a boundary (after the last
// '/', '=', ':', '?' or '&'; for a URL, never inside the scheme or host).
// Stops before the first byte outside printable ASCII. May be empty.
std::string CommonPrefix(const std::vector<std::string_view>& values);

// ^[classes]{min,max}$ over the values (after skipping `skip` bytes of each
// one). Empty when a value holds a hostile byte, there are too many
// distinct punctuation characters, or the length exceeds max_length.
std::string CharClassPattern(const std::vector<std::string_view>& values, size_t skip,
                             const ShapeOptions& o);

// Every shape that covers all of `legit` and no value of `attacks`,
// narrowest first. Empty when `legit` is empty.
std::vector<ValueShape> InferShapes(const std::vector<std::string_view>& legit,
                                    const std::vector<std::string_view>& attacks,
                                    const ShapeOptions& o = {});

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_VALUE_SHAPE_H_
