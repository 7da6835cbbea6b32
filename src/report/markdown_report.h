// The `waftune report` document as Markdown (same sections as the HTML
// report, tables only, no charts), plus the section helpers both report
// formats share: promotion readiness of a COUNT row, the method notes and
// the suggestion texts.
//
// Every log-derived string goes through MarkdownCell, or, in code blocks,
// TerminalSafe inside a fence longer than any backtick run of the text (so
// no text can close it). Deterministic for
// equal Findings. Stateless; thread-safe.
#ifndef WAFTUNE_REPORT_MARKDOWN_REPORT_H_
#define WAFTUNE_REPORT_MARKDOWN_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/findings.h"

namespace waftune {

struct BaselineDiff;

struct ReportOptions {
  size_t top = 10;          // Rows in top lists and charts.
  size_t max_errors = 10;   // Skipped-record examples shown per input kind.
  // With --baseline: the comparison section (not owned; may be null).
  const BaselineDiff* baseline = nullptr;
  size_t max_baseline_rules = 50;  // Rule rows shown in that section.
  // "Suggested exclusions" section from f.suggestions; omitted when false
  // (--no-suggest).
  bool suggestions = false;
  // When set, the section says this instead of listing f.suggestions (no
  // access logs, or --from-summary: nothing could be replayed).
  std::string suggestions_unavailable;
};

// For COUNT rows: "ready to block", "needs exclusion", "insufficient
// evidence", "review", or "no access logs" without an estimate. Empty for
// rows that are not COUNT.
std::string PromotionReadiness(const RuleFinding& r);

// What the legitimacy estimate can and cannot know (plain sentences).
const std::vector<std::string>& ReportMethodNotes();

// "2026-01-01T00:00:00Z – 2026-01-02T00:00:00Z", or "no records".
std::string ReportWindowText(const Findings& f);

// "12 (8–15)" style legitimate estimate text; empty without an estimate.
std::string LegitimateText(const RuleFinding& r);

// "12.5%", or "-" when whole is 0.
std::string SharePercent(uint64_t part, uint64_t whole);

// A suggestion's scope as "key=pattern" conditions ("key=a | b" for a
// list) joined by two spaces; "-" when empty. Raw: escape for the format.
std::string SuggestionScopeText(const Exclusion& x);

// The suggestions section's intro and the text for an empty list.
const std::string& SuggestionsIntro();
const std::string& NoSuggestionsText();

// Escapes each line of `text` with `escape` (which would turn the newline
// itself into \x0a), keeping the line breaks.
std::string EscapeLines(std::string_view text, std::string (*escape)(std::string_view));

std::string FindingsToMarkdownReport(const Findings& f, const ReportOptions& o);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_MARKDOWN_REPORT_H_
