// The `waftune report` document as one self-contained HTML file: inline CSS
// and inline SVG charts only, no scripts, no external resources, and a
// Content-Security-Policy meta tag that forbids both, so a report opened
// from a mail attachment or a ticket cannot fetch or run anything.
//
// Sections: scope, per-rule table with promotion readiness, charts, replay,
// baseline comparison, suggested exclusions (with the WAFv2 JSON and
// Terraform of each suggestion in <pre>), layer diagnosis, skipped input,
// method notes. Every log-derived string
// goes through HtmlEscape. Deterministic for equal Findings.
// Stateless; thread-safe.
#ifndef WAFTUNE_REPORT_HTML_REPORT_H_
#define WAFTUNE_REPORT_HTML_REPORT_H_

#include <string>

#include "analysis/findings.h"
#include "report/markdown_report.h"

namespace waftune {

inline constexpr const char* kReportCsp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

std::string FindingsToHtml(const Findings& f, const ReportOptions& o);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_HTML_REPORT_H_
