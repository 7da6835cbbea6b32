// CheckAwsRegex: would AWS WAF accept this pattern in a RegexMatchStatement?
//
// AWS WAF uses a PCRE subset (../shared/formats/managed-rules.md section 5):
// no backreferences, no capturing groups, no recursion or subroutines, no
// conditionals, no backtracking verbs, no \C \R \K, no atomic groups or
// possessive quantifiers; lookaround is unconfirmed and RE2 lacks it, so it
// is rejected too. Patterns are limited to kMaxAwsRegexLength characters.
// This is a syntactic scan, run before RE2 compiles the pattern, so that the
// user gets a message naming the WAF restriction and the fix rather than
// RE2's generic error. It does not check that RE2 accepts the pattern.
// Thread safety: stateless.
#ifndef WAFTUNE_MATCH_AWS_REGEX_CHECK_H_
#define WAFTUNE_MATCH_AWS_REGEX_CHECK_H_

#include <cstddef>
#include <string_view>

#include "util/status.h"

namespace waftune {

// The WAF quota (2023 quotas page); the API field allows 512.
inline constexpr size_t kMaxAwsRegexLength = 200;

// Ok, or InvalidArgument with a one-line reason and hint (no file context).
Status CheckAwsRegex(std::string_view pattern);

}  // namespace waftune

#endif  // WAFTUNE_MATCH_AWS_REGEX_CHECK_H_
