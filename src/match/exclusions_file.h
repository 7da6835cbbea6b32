// ExclusionsFile: reads, validates and writes candidate-exclusion files.
//
// The format is DESIGN's exclusions contract:
//   {"exclusions": [{"id", "rule_group"?, "rule", "when": {KEY: PATTERN or
//   [PATTERN, ...]}, "note"?}]}
// with KEY one of method, uri, args, arg:NAME, header:NAME, cookie:NAME,
// label, country, client_ip (CIDRs). Validation is strict and collects every
// problem in the file before failing: the whole file is rejected with one
// InvalidArgument whose message has one line per problem, each naming the
// file, the exclusion (id, or #index when the id is missing) and the key.
// Patterns must compile with RE2 and pass CheckAwsRegex (so that whatever
// replays here can be deployed to AWS WAF). An empty "when" is allowed and
// means the whole rule is excluded. "rule": "*" requires a rule_group.
// Thread safety: stateless functions.
#ifndef WAFTUNE_MATCH_EXCLUSIONS_FILE_H_
#define WAFTUNE_MATCH_EXCLUSIONS_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "match/exclusion.h"
#include "util/status.h"

namespace waftune {

// Reads and validates `path`. IOError when unreadable.
Result<std::vector<Exclusion>> LoadExclusionsFile(const std::string& path);

// Validates `json`; `file_name` only labels the error messages.
Result<std::vector<Exclusion>> ParseExclusions(std::string_view json,
                                               std::string_view file_name);

// Writes the same format (2-space indented, a trailing newline). A condition
// with one pattern is written as a string, with more as a list; empty
// rule_group and note are omitted. ParseExclusions(ExclusionsToJson(x))
// gives back x for any valid x.
std::string ExclusionsToJson(const std::vector<Exclusion>& exclusions);

// `s` as a JSON string literal, quotes included (control bytes as \u00XX).
std::string JsonQuote(std::string_view s);

}  // namespace waftune

#endif  // WAFTUNE_MATCH_EXCLUSIONS_FILE_H_
