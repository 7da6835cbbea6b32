// URL decoding and the light normalisation that matching and signatures use.
//
// Log values are attacker-controlled: every function here accepts any bytes,
// never fails, and keeps malformed escapes ("%zz", a trailing "%") literally,
// as web servers usually do. "%00" decodes to a NUL byte (kept, so a
// signature can see it). Output goes into a caller-owned std::string that is
// cleared first and reused, so steady-state decoding allocates nothing.
// Thread safety: stateless functions.
#ifndef WAFTUNE_MATCH_URL_DECODE_H_
#define WAFTUNE_MATCH_URL_DECODE_H_

#include <string>
#include <string_view>

namespace waftune {

// Decodes %XX escapes (hex digits of either case). With plus_as_space, '+'
// becomes ' ' (query strings and form values). Replaces *out.
void UrlDecode(std::string_view in, bool plus_as_space, std::string* out);

// True when `in` holds at least one well-formed %XX escape.
bool HasPercentEscape(std::string_view in);

// Finds the first query argument named `name` in a raw query string
// ("a=1&b=2", no '?'). Names are compared after URL decoding, case-
// sensitively. On success sets *raw_value to the still-encoded value (empty
// for "a" or "a=") and returns true. `scratch` holds decoded names.
bool FindQueryArg(std::string_view query, std::string_view name,
                  std::string_view* raw_value, std::string* scratch);

// The form signatures are matched against: URL-decoded with '+' as space,
// decoded up to two more times while escapes remain (double encoding),
// lowercased (ASCII), and, with collapse_slashes (paths only: in a query a
// "//" is part of a URL), runs of '/' collapsed to one. Uses *tmp as a
// second buffer. Replaces *out.
void NormalizeForSignatures(std::string_view in, bool collapse_slashes,
                            std::string* out, std::string* tmp);

}  // namespace waftune

#endif  // WAFTUNE_MATCH_URL_DECODE_H_
