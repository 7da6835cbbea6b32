// SuggestCookies: the Cookie header reduced to what `suggest` may learn a
// cookie value shape from, under the redaction rule (issue 4): the value of
// every cookie whose name looks secret (session, token, auth, key, ... the
// same name test RedactQuery applies to query arguments) is replaced by
// "REDACTED" whatever --no-redact says, so session identifiers never reach
// a shape, a note or a pattern. Non-secret cookies (role=editor, lang=de)
// keep their value. Cookies whose name is not a plain token are dropped.
// Thread safety: pure functions over values.
#ifndef WAFTUNE_ANALYSIS_SUGGEST_COOKIES_H_
#define WAFTUNE_ANALYSIS_SUGGEST_COOKIES_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace waftune {

// "a=1; session=REDACTED" from "a=1; session=9f3c...": at most 16 cookies;
// a non-secret value over 128 bytes leaves its cookie out (never cut). Empty for an empty or unusable header.
std::string MaskCookieHeader(std::string_view header);

// (name, value) pairs of a MaskCookieHeader() result, first occurrence of
// each name only (as the matcher's first match would read them).
std::vector<std::pair<std::string, std::string>> MaskedCookies(std::string_view masked);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_SUGGEST_COOKIES_H_
