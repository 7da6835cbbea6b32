// SuggestionTable: the terminal rendering of `suggest` candidates.
//
// One row per candidate with its id, its verdict in words a reviewer reads
// correctly ("keep" = the suggestion, "alternative" = passes every
// guardrail but another candidate was chosen, "reject" = fails a guardrail
// or cannot be deployed) and its replay figures; below each row, indented,
// the full scope and the full reason, wrapped at word boundaries instead of
// cut, so the ids a reason refers to ("narrows sg-18") stay readable.
// Every log-derived string goes through TerminalSafe. Stateless.
#ifndef WAFTUNE_REPORT_SUGGESTION_TABLE_H_
#define WAFTUNE_REPORT_SUGGESTION_TABLE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/findings.h"

namespace waftune {

// "keep" | "alternative" | "reject".
const char* VerdictWord(SuggestionVerdict v);

// `width` bounds the rows and the wrapped detail lines (a single word or
// condition longer than the line is never cut).
std::string SuggestionsToTable(const std::vector<SuggestionFinding>& s, size_t width = 120);

// Word-wraps already escaped `text` after `label`; continuation lines are
// indented to the text's start. Breaks only at spaces.
std::string WrapDetail(std::string_view label, std::string_view text, size_t width);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_SUGGESTION_TABLE_H_
