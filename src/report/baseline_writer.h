// BaselineWriter: renders a BaselineDiff (waftune report --baseline) as the
// "baseline" JSON section, a Markdown section and an HTML section. The
// Markdown and HTML share one table model, so both show the same columns.
// Every log-derived string (rule names, exclusion ids) is escaped for its
// format. Deterministic for equal input. Stateless; thread-safe.
#ifndef WAFTUNE_REPORT_BASELINE_WRITER_H_
#define WAFTUNE_REPORT_BASELINE_WRITER_H_

#include <string>

#include "analysis/baseline_diff.h"
#include "report/json_writer.h"

namespace waftune {

// The value of the "baseline" key: {"before": {...}, "after": {...},
// "rules": [...], "exclusions": [...]}.
void WriteBaselineJson(const BaselineDiff& d, size_t max_rules, JsonWriter* w);

// Inserts "baseline": {...} as the last member of a FindingsToJson object.
// Returns the text unchanged when it does not end with an object.
std::string AppendBaselineToJson(const std::string& findings_json, const BaselineDiff& d,
                                 size_t max_rules);

std::string BaselineToMarkdown(const BaselineDiff& d, size_t max_rules);
std::string BaselineToHtml(const BaselineDiff& d, size_t max_rules);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_BASELINE_WRITER_H_
