// The `waftune report` document as Markdown (same sections as the HTML
// report, tables only, no charts), plus the section helpers both report
// formats share: promotion readiness of a COUNT row and the method notes.
//
// Every log-derived string goes through MarkdownCell. Deterministic for
// equal Findings. Stateless; thread-safe.
#ifndef WAFTUNE_REPORT_MARKDOWN_REPORT_H_
#define WAFTUNE_REPORT_MARKDOWN_REPORT_H_

#include <string>
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

std::string FindingsToMarkdownReport(const Findings& f, const ReportOptions& o);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_MARKDOWN_REPORT_H_
