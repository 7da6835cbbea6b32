// Findings writers: render a Findings object as JSON (DESIGN's contract
// shape), an aligned terminal table, CSV, or Markdown.
//
// Every log-derived string is escaped for its format (report/escape.h,
// report/json_escape.h). Output is deterministic for equal Findings.
// Stateless; thread-safe.
#ifndef WAFTUNE_REPORT_FINDINGS_WRITER_H_
#define WAFTUNE_REPORT_FINDINGS_WRITER_H_

#include <string>
#include <string_view>

#include "analysis/findings.h"
#include "report/json_writer.h"

namespace waftune {

struct WriterOptions {
  size_t top = 10;     // Entries shown per top list.
  size_t width = 100;  // Terminal table width.
  bool series = true;  // Include time series (JSON).
};

std::string FindingsToJson(const Findings& f, const WriterOptions& o);
std::string FindingsToTable(const Findings& f, const WriterOptions& o);
std::string FindingsToCsv(const Findings& f, const WriterOptions& o);
std::string FindingsToMarkdown(const Findings& f, const WriterOptions& o);

// Sections shared with other writers.
void WriteInputsJson(const Findings& f, JsonWriter* w);
void WriteRuleJson(const RuleFinding& r, const Findings& f,
                   const WriterOptions& o, JsonWriter* w);

// Inputs and skipped records as plain text (terminal-safe).
std::string InputsText(const Findings& f);

// "AWS#AWSManagedRulesCommonRuleSet / CrossSiteScripting_BODY" style label
// for a rule row, as shown in tables.
std::string RuleDisplayName(const RuleFinding& r);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_FINDINGS_WRITER_H_
